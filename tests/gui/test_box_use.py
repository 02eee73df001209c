"""Box use beside the figures (real widgets, real databases, SQL forbidden on the GUI thread):
parcels closed per box type per day, voided labels left out; a packer sees a refusal."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.services.boxes import import_boxes
from app.services.clock import SystemClock
from app.services.figures import FiguresService
from app.ui.console.figures import FiguresPanel
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("box-use-test")
    yield worker
    worker.shutdown()


@pytest.fixture
def world(engine: Engine) -> World:
    return seed(engine, datetime.now(UTC))


def pack_in_boxes(engine: Engine, world: World) -> None:
    data = (SAMPLES / "boxes.csv").read_bytes()
    import_boxes(SqlUnitOfWork.factory(engine), SystemClock(), "boxes.csv", data)
    station = make_station(engine, datetime.now(UTC), "PACK-01")
    packer = station.sign_in("BDG1001")
    codes = world.product_codes
    for reference, box, units in (
        ("SHOP-1", "BOXM2", [codes["MUG-BLUE"], codes["MUG-BLUE"], codes["CABLE-C1"]]),
        ("SHOP-2", "BOXM2", [codes["NOTE-A5"]]),
        ("SHOP-3", "BOXS1", [world.case_codes["PEN-BLK"]] * 2),
    ):
        order = station.packing.open_order(packer, world.slips[reference]).id
        for code in units:
            station.packing.record_scan(packer, order, uuid.uuid4().hex, code)
        station.packing.boxes.choose(packer, order, box)
        station.packing.complete_order(packer, order, "file")
    with engine.begin() as conn:  # SHOP-2's label was voided: its box was not used
        conn.execute(
            update(t.parcels)
            .where(t.parcels.c.order_id == world.orders["SHOP-2"])
            .values(voided_at=datetime.now(UTC), void_reason="test")
        )


def test_the_figures_show_box_use_per_day(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    pack_in_boxes(engine, world)
    supervisor = make_station(engine, datetime.now(UTC), "PACK-02").sign_in("BDG9001")
    packer = make_station(engine, datetime.now(UTC), "PACK-03").sign_in("BDG1001")
    forbid_sql_on_thread(engine, threading.main_thread())
    panel = FiguresPanel(FiguresService(SqlUnitOfWork.factory(engine)), supervisor, worker.run)
    qtbot.addWidget(panel)
    panel.show()
    m = panel.box_use.model
    qtbot.waitUntil(lambda: m.rowCount() == 2, timeout=5000)
    today = datetime.now().astimezone().date().isoformat()
    rows = [tuple(m.data(m.index(r, c)) for c in range(3)) for r in range(m.rowCount())]
    assert rows == [(today, "M2", "1"), (today, "S1", "1")]
    assert panel.box_use.title.text() == "Box use: 2 parcel(s) closed in a scanned box"

    refused = FiguresPanel(FiguresService(SqlUnitOfWork.factory(engine)), packer, worker.run)
    qtbot.addWidget(refused)
    refused.show()
    qtbot.waitUntil(lambda: "Only a supervisor" in refused.box_use.title.text(), timeout=5000)
