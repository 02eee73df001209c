"""F7 in the console's queue on both databases, SQL forbidden on the GUI thread: a ready
order assigned to a station by key is what that station claims next, and the queue says so."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.ui.console.board import COLUMNS
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-assign-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def answer_with(qtbot: QtBot, choice: str) -> list[list[str]]:
    """Answer the next station chooser with ``choice``; what it offered goes in the list."""
    offered: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer)  # the stations are still being read
            return
        offered.append(dialog.comboBoxItems())
        dialog.setTextValue(choice)
        dialog.accept()

    QTimer.singleShot(20, answer)
    return offered


def test_an_order_assigned_by_key_is_what_that_station_claims_next(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    one = make_station(engine, datetime.now(UTC), "PACK-01")
    two = make_station(engine, datetime.now(UTC), "PACK-02")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    floor.register_console("OFFICE-1")  # a console is no station to assign to
    supervisor = one.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F2)
    model = window.queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assigned_column = model.columnCount() - 1
    assert model.headerData(assigned_column, Qt.Orientation.Horizontal) == "Assigned to"

    window.queue.table.selectRow(2)  # SHOP-3, last in the queue
    offered = answer_with(qtbot, "PACK-02 (online)")
    QTest.keyClick(window.queue.table, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: model.data(model.index(2, assigned_column)) == "PACK-02", timeout=5000)
    assert offered == [["PACK-01 (online)", "PACK-02 (online)"]]
    assert window.message.text() == "SHOP-3 goes to PACK-02 next."
    # The board says it too, on PACK-02's row.
    QTest.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: board_assigned(window) == {"PACK-01": "", "PACK-02": "1, next SHOP-3"})

    # The stations claim off the GUI thread (SQL is forbidden on it).
    claimed: dict[str, str | None] = {}

    def claim() -> None:
        first = two.packing.claim_next_order(two.sign_in("BDG1002"))
        claimed["PACK-02"] = None if first is None else first.reference

    thread = threading.Thread(target=claim)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive())
    assert claimed == {"PACK-02": "SHOP-3"}
    window.close()


def test_f7_asks_for_a_ready_order_and_takes_an_assignment_back(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    one = make_station(engine, datetime.now(UTC), "PACK-01")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    supervisor = one.sign_in("BDG9001")
    floor.assign(supervisor, world.orders["SHOP-2"], one.record.id)
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # The console offers F7 itself; enabling it again keeps one F7 (or Qt would find it
    # ambiguous).
    assert not window.queue.assign_button.isHidden()
    window.queue.enable_assign(
        window._floor, window._session, window._run, window.message.setText, window.refresh
    )
    QTest.keyClick(window, Qt.Key.Key_F2)
    model = window.queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assigned_column = model.columnCount() - 1
    assert model.data(model.index(1, assigned_column)) == "PACK-01"
    assert board_assigned(window) == {"PACK-01": "1, next SHOP-2"}

    QTest.keyClick(window.queue.table, Qt.Key.Key_F7)  # nothing selected
    assert window.message.text() == "Select a ready order to assign it to a station."

    window.queue.table.selectRow(1)
    offered = answer_with(qtbot, "(no station: back to the whole queue)")
    window.queue.assign_button.click()
    qtbot.waitUntil(lambda: window.message.text() == "SHOP-2 is back in the whole queue.")
    assert offered == [["PACK-01 (online)", "(no station: back to the whole queue)"]]
    qtbot.waitUntil(lambda: model.data(model.index(1, assigned_column)) == "")
    qtbot.waitUntil(lambda: board_assigned(window) == {"PACK-01": ""})
    window.close()


def test_assigning_to_an_offline_station_says_so(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    one = make_station(engine, datetime.now(UTC), "PACK-01")
    make_station(engine, datetime.now(UTC) - timedelta(hours=1), "PACK-07")  # silent an hour
    with engine.begin() as conn:
        conn.execute(
            t.stations.update()
            .where(t.stations.c.name == "PACK-07")
            .values(last_seen_at=datetime.now(UTC) - timedelta(hours=1))
        )
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    supervisor = one.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    QTest.keyClick(window, Qt.Key.Key_F2)
    model = window.queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    window.queue.table.selectRow(0)
    offline = "PACK-07 (OFFLINE: packs it only when back)"
    offered = answer_with(qtbot, offline)
    window.queue.assign_button.click()
    qtbot.waitUntil(lambda: "goes to PACK-07 next" in window.message.text(), timeout=5000)
    assert offered == [["PACK-01 (online)", offline]]
    assert "PACK-07 is OFFLINE: it packs the order only when it is back online." in (
        window.message.text()
    )
    window.close()


def board_assigned(window: ConsoleWindow) -> dict[str, str]:
    """The board's Assigned cell per station."""
    board = window.board
    column = COLUMNS.index("Assigned")
    return {
        board.data(board.index(n, 0)): board.data(board.index(n, column))
        for n in range(board.rowCount())
    }
