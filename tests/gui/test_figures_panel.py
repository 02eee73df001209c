"""The figures panel's real widgets over a real database (SQLite and PostgreSQL), SQL forbidden
on the GUI thread: it reads when first shown, regroups and changes range by key, draws its
charts, exports CSV with a formula-like name escaped, and shows a packer's refusal in words."""

from __future__ import annotations

import csv
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.services.figures import FiguresService
from app.ui.console.figures import FiguresPanel
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("figures-test")
    yield worker
    worker.shutdown()


@pytest.fixture
def world(engine: Engine) -> World:
    return seed(engine, datetime.now(UTC))


def _pack(engine: Engine, world: World) -> None:
    station = make_station(engine, datetime.now(UTC), "PACK-01")
    packer = station.sign_in("BDG1001")
    order = station.packing.open_order(packer, world.slips["SHOP-1"]).id
    codes = world.product_codes
    for code in (codes["MUG-BLUE"], codes["NOTE-A5"], codes["MUG-BLUE"], codes["CABLE-C1"]):
        station.packing.record_scan(packer, order, uuid.uuid4().hex, code)
    station.packing.complete_order(packer, order, "file")
    with engine.begin() as conn:
        conn.execute(update(t.users).where(t.users.c.name == "Alex Packer").values(name="=SUM(1)"))


def _focus(qtbot: QtBot, panel: FiguresPanel) -> None:
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)


def test_the_panel_reads_regroups_charts_and_exports_by_key(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker, tmp_path: Path
) -> None:
    _pack(engine, world)
    supervisor = make_station(engine, datetime.now(UTC), "PACK-02").sign_in("BDG9001")
    service = FiguresService(SqlUnitOfWork.factory(engine))
    forbid_sql_on_thread(engine, threading.main_thread())
    panel = FiguresPanel(service, supervisor, worker.run)
    qtbot.addWidget(panel)
    _focus(qtbot, panel)
    qtbot.waitUntil(lambda: panel.report is not None)  # read on first show: today per packer
    QTest.keyClick(panel, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert panel.range.hasFocus()
    QTest.keyClick(panel.range, Qt.Key.Key_Down)
    QTest.keyClick(panel.range, Qt.Key.Key_Down)  # the last 7 days
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.rows != [])
    assert panel.range.currentText() == "Last 7 days"
    assert panel.model.rowCount() == 1
    assert panel.model.data(panel.model.index(0, 0)) == "=SUM(1)"
    assert panel.model.data(panel.model.index(0, 1)) == "1"
    assert panel.model.data(panel.model.index(0, 8)) == "25.00"  # 1 wrong item in 4 scans
    rates = panel.rate_chart.chart().series()[0]
    assert isinstance(rates, QBarSeries)
    assert [s.label() for s in rates.barSets()] == ["orders", "work units"]
    assert rates.barSets()[0].at(0) == pytest.approx(4.0)  # one order in a quarter-hour
    errors = panel.error_chart.chart().series()[0]
    assert isinstance(errors, QBarSeries)
    assert [s.label() for s in errors.barSets()] == ["wrong item"]

    QTest.keyClick(panel, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(panel.grouping, Qt.Key.Key_Down)  # per station
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.grouping.value == "station")
    assert panel.model.data(panel.model.index(0, 0)) == "PACK-01"

    out = tmp_path / "figures.csv"
    QTest.keyClick(panel.grouping, Qt.Key.Key_Up)  # per packer again
    qtbot.waitUntil(lambda: panel.report is not None and panel.report.grouping.value == "packer")
    panel.export(out)
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][0] == "packer" and rows[1][0] == "'=SUM(1)"  # a formula stays text
    assert "1 row(s) written" in panel.message.text()
    panel.export(tmp_path / "missing" / "figures.csv")
    assert "cannot be written" in panel.message.text()


def test_a_packer_sees_the_refusal_in_words(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    packer = make_station(engine, datetime.now(UTC), "PACK-01").sign_in("BDG1001")
    service = FiguresService(SqlUnitOfWork.factory(engine))
    forbid_sql_on_thread(engine, threading.main_thread())
    panel = FiguresPanel(service, packer, worker.run)
    qtbot.addWidget(panel)
    _focus(qtbot, panel)
    QTest.keyClick(panel, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Only a supervisor can see the figures" in panel.message.text())
    QTest.keyClick(panel, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert "nothing to export" in panel.message.text()
