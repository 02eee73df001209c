"""The queue's filters in the console (issue 10, item 3: carrier, service, cut-off, priority,
channel, status), on both databases, SQL forbidden on the GUI thread: each one chosen in the
Queue tab narrows the orders shown, as the service reads them. The board's Release action for
an order held by an offline station (item 2), and the order story's time range (item 6)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.floor import Devices
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.story import StoryService
from app.ui.console.queue import CUT_OFFS
from app.ui.console.story import WHEN
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.support.factories import seed
from tests.support.station import StepClock, make_station


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-queue-filters")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def test_each_filter_of_the_queue_narrows_what_it_shows(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker
) -> None:
    soon = datetime.now(UTC) + timedelta(minutes=30)  # the filter counts from the real clock
    orders = [(f"Q-{n}", [("MUG-BLUE", 1)]) for n in range(1, 5)]
    world = seed(
        engine,
        now,
        orders=orders,
        priorities={"Q-2": 5, "Q-3": 20},
        cut_off={"Q-1": soon, "Q-2": soon + timedelta(hours=5)},
    )
    with engine.begin() as conn:  # one order for another service
        conn.execute(
            update(t.orders).where(t.orders.c.id == world.orders["Q-4"]).values(service="Express")
        )
    supervisor = make_station(engine, now).sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F2)
    queue = window.queue
    model = queue.model

    def shown() -> list[str]:
        return [model.data(model.index(row, 0)) for row in range(model.rowCount())]

    def expect(references: list[str]) -> None:
        qtbot.waitUntil(lambda: shown() == references, timeout=10_000)

    expect(["Q-3", "Q-2", "Q-1", "Q-4"])  # priority, cut-off, age
    queue.service.setText("Express")  # typed, then Enter
    QTest.keyClick(queue.service, Qt.Key.Key_Return)
    expect(["Q-4"])
    queue.service.clear()
    queue.min_priority.setValue(5)
    QTest.keyClick(queue.go, Qt.Key.Key_Space)
    expect(["Q-3", "Q-2"])
    queue.min_priority.setValue(0)
    assert queue.min_priority.text() == "any priority"
    queue.cut_off.setCurrentIndex([hours for _text, hours in CUT_OFFS].index(1))
    expect(["Q-1"])  # the only cut-off within the hour
    queue.cut_off.setCurrentIndex([hours for _text, hours in CUT_OFFS].index(8))
    expect(["Q-2", "Q-1"])
    queue.cut_off.setCurrentIndex(0)
    expect(["Q-3", "Q-2", "Q-1", "Q-4"])

    # The keyboard: F5/F6 with nothing selected say so; Down from the search goes into the
    # table; a search that finds nothing says so; the carrier filter ignores case.
    queue.table.clearSelection()
    queue.search.setFocus()
    QTest.keyClick(queue.search, Qt.Key.Key_F5)
    assert "Select an order first" in queue.hint.text()
    QTest.keyClick(queue.search, Qt.Key.Key_F6)
    assert "Select an order first" in queue.hint.text()
    QTest.keyClick(queue.search, Qt.Key.Key_Down)
    assert queue.table.hasFocus() and queue.selected() is not None
    assert queue.selected().reference == "Q-3"  # type: ignore[union-attr]
    QTest.keyClick(queue.table, Qt.Key.Key_F6)  # Q-3 is ready: no station holds it
    assert "Q-3 is ready: no station holds it" in queue.hint.text()
    QTest.keyClicks(queue.search, "NOPE-")
    QTest.keyClick(queue.search, Qt.Key.Key_Return)
    expect([])
    assert queue.hint.text() == "No orders match these filters."
    queue.search.clear()
    QTest.keyClicks(queue.carrier, "dhl")
    QTest.keyClick(queue.carrier, Qt.Key.Key_Return)
    expect(["Q-3", "Q-2", "Q-1", "Q-4"])
    assert queue.hint.text() == ""
    window.close()


def answer_release(window: ConsoleWindow, reasons: list[str]) -> list[str]:
    """Answer the next release dialog with each reason in turn (a refused one stays open):
    its title and prompt, then each refusal shown in it, go in the list."""
    asked: list[str] = []

    def answer() -> None:
        dialog = window.release_dialog
        if dialog is None or not dialog.isVisible():
            if not asked:  # not open yet
                QTimer.singleShot(20, answer)
            return  # closed: released
        problem = dialog.problem.text()
        if problem == "Sending...":
            QTimer.singleShot(20, answer)
            return
        if not asked:
            asked.append(f"{dialog.windowTitle()}: {dialog.findChildren(QLabel)[0].text()}")
        elif problem:
            asked.append(problem)  # refused: the dialog is still open
        if reasons:
            dialog.text.setText(reasons.pop(0))
            dialog.accept()
            QTimer.singleShot(20, answer)

    QTimer.singleShot(20, answer)
    return asked


def test_an_order_held_by_an_offline_station_is_released_from_the_board(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Item 2: the board marks an order held by an offline station, with a Release action."""
    world = seed(engine, now)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    station = make_station(engine, long_ago, "PACK-01")  # its last heartbeat: 5 minutes ago
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-1"]).id
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    FloorService(SqlUnitOfWork.factory(engine), StepClock(long_ago)).heartbeat(
        station.record.id, packer.user_id, Devices("ready", "keyboard", "none"), order_id
    )
    supervisor = make_station(engine, datetime.now(UTC), "PACK-09").sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, packing=station.packing)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    board = window.board
    qtbot.waitUntil(lambda: board.rowCount() == 2, timeout=10_000)
    assert board.data(board.index(0, 1)) == "OFFLINE: holds an order"
    assert board.data(board.index(0, 3)) == "SHOP-1"
    asked = answer_release(window, ["", "station dead, packer moved to PACK-09"])
    QTest.keyClick(window.board_view, Qt.Key.Key_F6)  # none selected: the offline one
    qtbot.waitUntil(lambda: len(asked) == 2, timeout=10_000)
    # An empty reason is refused in the dialog, which stays open with the refusal.
    assert asked[0] == "Release SHOP-1: Why release it from PACK-01?"
    assert "reason" in asked[1].lower(), asked
    qtbot.waitUntil(lambda: "Released" in window.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: board.data(board.index(0, 3)) == "", timeout=10_000)
    window.close()

    def stored() -> tuple[str, str]:  # read off the GUI thread, as the console does
        with engine.connect() as conn:
            status = conn.execute(select(t.orders.c.status).where(t.orders.c.id == order_id))
            detail = conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "release_claim")
            )
            return status.scalar_one(), detail.scalar_one()

    with ThreadPoolExecutor(1) as reader:
        status, detail = reader.submit(stored).result()
    assert status == "ready"
    assert detail == "from PACK-01: station dead, packer moved to PACK-09"  # on the order


def test_releasing_a_live_stations_order_asks_first_and_the_packer_is_told(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = seed(engine, now)
    station = make_station(engine, datetime.now(UTC), "PACK-02")
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-1"]).id
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    devices = Devices("ready", "keyboard", "none")
    floor.heartbeat(station.record.id, packer.user_id, devices, order_id)  # online, packing
    supervisor = make_station(engine, datetime.now(UTC), "PACK-09").sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, packing=station.packing)
    qtbot.addWidget(window)
    window.show()
    board = window.board
    qtbot.waitUntil(lambda: board.rowCount() == 2, timeout=10_000)
    window.board_view.selectRow(0)
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(parent: object, title: str, text: str, *_: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr("app.ui.console.window.QMessageBox.question", question)
    answer_release(window, ["customer called"])
    QTest.keyClick(window.board_view, Qt.Key.Key_F6)
    assert asked == [
        "PACK-02 is online and packing SHOP-1. Release it anyway? The packer there is told "
        "that a supervisor took it off the station and to set it aside."
    ]
    qtbot.wait(200)
    assert "Released" not in window.message.text()  # No: nothing released
    QTest.keyClick(window.board_view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "Released" in window.message.text(), timeout=10_000)
    window.close()
    told = ThreadPoolExecutor(1).submit(
        lambda: floor.heartbeat(station.record.id, packer.user_id, devices, order_id)
    )
    assert told.result() == (
        "Order SHOP-1 was taken off this station by a supervisor: set it aside."
    )


def test_the_order_story_searches_a_time_range(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker
) -> None:
    """Item 6: an order's story is searched by time range too (the order's last change)."""
    world = seed(engine, now)  # three orders, last changed at the test's ``now``, days ago
    station = make_station(engine, datetime.now(UTC))
    packer = station.sign_in("BDG1001")
    station.packing.hold_order(  # SHOP-2 changes now
        packer, station.packing.open_order(packer, world.slips["SHOP-2"]).id, "damaged unit"
    )
    supervisor = station.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    story = StoryService(SqlUnitOfWork.factory(engine))
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, story=story)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F4)
    panel = window.story
    model = panel.found_model

    def found() -> list[str]:
        return sorted(model.data(model.index(row, 0)) for row in range(model.rowCount()))

    for choice, expected in (  # each result differs from the one before: no stale pass
        ("any time", ["SHOP-1", "SHOP-2", "SHOP-3"]),
        ("last hour", ["SHOP-2"]),
        ("yesterday", []),
        ("today", ["SHOP-2"]),
    ):
        panel.when.setCurrentIndex([name for name, _days in WHEN].index(choice))
        QTest.keyClick(panel.text, Qt.Key.Key_Return)
        wanted: list[str] = expected
        qtbot.waitUntil(lambda: found() == wanted, timeout=10_000)  # noqa: B023
    window.close()
