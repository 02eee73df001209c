"""The dock as ``packbench dock`` builds it (``app.dock.build_dock``), on both databases: it
sends the station heartbeat, so the console's board shows it online with who is signed in
(not "OFFLINE (nobody)"), and the idle screen reads its cage's counts again on the worker
(a label voided elsewhere drops out of "loaded X of Y" with no scan)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.dock import build_dock
from app.domain.handoff import LoadOutcome
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.settings import Settings
from app.ui.runner import Worker
from tests.gui.test_dock_screen import scan
from tests.support.factories import seed
from tests.support.station import make_station

T = TypeVar("T")


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("dock-station-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


ORDERS = [("SHOP-1", [("NOTE-A5", 1)]), ("SHOP-2", [("NOTE-A5", 1)])]


def test_the_dock_beats_and_refreshes_its_counts(
    qtbot: QtBot, engine: Engine, worker: Worker, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    world = seed(engine, now, orders=ORDERS)
    station = make_station(engine, now, "PACK-01")
    packer = station.sign_in("BDG1001")
    numbers = []
    for reference, _ in ORDERS:
        order = station.packing.open_order(packer, world.slips[reference])
        station.packing.record_scan(packer, order.id, reference, world.product_codes["NOTE-A5"])
        numbers.append(station.packing.complete_order(packer, order.id, "file").tracking_number)
    boss = station.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())

    def dock_tile() -> tuple[bool, str | None]:
        (tile,) = [x for x in floor.board(boss) if x.row.name == "DOCK-1"]
        return tile.online, tile.row.user_name

    screen, heartbeat = build_dock(Settings(data_dir=tmp_path, station="DOCK-1"), engine, worker)
    screen.refresh_timer.setInterval(200)
    forbid_sql_on_thread(engine, threading.main_thread())
    qtbot.addWidget(screen)
    screen.show()
    try:
        qtbot.waitUntil(lambda: heartbeat.beats >= 1)  # its first beat, at the start
        assert run_elsewhere(dock_tile) == (True, None)
        screen.on_scan("BDG1001")
        qtbot.waitUntil(lambda: screen.actor is not None)
        beats = heartbeat.beats
        heartbeat.beat()  # as its timer does every HEARTBEAT_S
        qtbot.waitUntil(lambda: heartbeat.beats > beats)
        assert run_elsewhere(dock_tile) == (True, "Alex Packer")

        assert scan(qtbot, screen, numbers[0]).outcome is LoadOutcome.LOADED
        assert screen.count.text() == "1 / 2"

        def void() -> None:  # a supervisor voids the other label at the console
            with engine.begin() as conn:
                conn.execute(
                    update(t.parcels)
                    .where(t.parcels.c.tracking_number == numbers[1])
                    .values(voided_at=datetime.now(UTC))
                )

        run_elsewhere(void)
        qtbot.waitUntil(lambda: screen.count.text() == "1 / 1", timeout=5000)
    finally:
        heartbeat.stop()
        screen.refresh_timer.stop()
        worker.shutdown()  # before the widgets go: no callback reaches a deleted screen
        screen.close()


def run_elsewhere(call: Callable[[], T]) -> T:
    """``call`` on a thread of its own (SQL is forbidden on the GUI thread)."""
    got: list[T] = []
    thread = threading.Thread(target=lambda: got.append(call()))
    thread.start()
    thread.join()
    return got[0]
