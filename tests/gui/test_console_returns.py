"""A return label on demand from the console's Labels tab (F10), on the real widgets over a
real database, SQL forbidden on the GUI thread: the parcel found by its tracking number, the
reason asked, the return label queued at the printer of the parcel's label with a number of
its own."""

from __future__ import annotations

import gc
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.tables_outbox import return_labels
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.labels import Address
from app.domain.returns import ReturnSetup
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.reprints import ReprintDesk
from app.services.returns import ReturnLabels
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-returns-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def test_f10_queues_the_chosen_parcels_return_label(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker
) -> None:
    world: World = seed(engine, now, orders=[("SHOP-2", [("NOTE-A5", 1)])])
    with engine.begin() as conn:
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="DHL-RETURN",
                service_indicator="RR",
                country="DE",
                next_serial=70_000_000,
                last_serial=70_000_999,
            )
        )
    station = make_station(engine, datetime.now(UTC))
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-2"]).id
    station.packing.record_scan(packer, order_id, uuid.uuid4().hex, world.product_codes["NOTE-A5"])
    done = station.packing.complete_order(packer, order_id, "PACK-01 file")
    supervisor = station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    factory = SqlUnitOfWork.factory(engine)
    setup = ReturnSetup(frozenset({"DHL"}), Address("Returns desk", "Lagerstrasse 9"))
    window = ConsoleWindow(
        FloorService(factory, SystemClock()),
        supervisor,
        worker,
        refresh_ms=600_000,
        desk=ReprintDesk(factory, SystemClock()),
        returns=ReturnLabels(factory, SystemClock(), setup),
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = window.labels
    QTest.keyClicks(panel.search, done.tracking_number)
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.parcel_model.rowCount() == 1)

    asked: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.windowTitle())
        dialog.setTextValue("customer asked")
        dialog.accept()

    QTimer.singleShot(100, answer)
    QTest.keyClick(panel.parcel_view, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: "return label queued" in window.message.text(), timeout=5000)
    assert asked == [f"Return label for {done.tracking_number}"]

    found: list[tuple[object, ...]] = []

    def read() -> None:
        with engine.connect() as conn:
            found.extend(tuple(r) for r in conn.execute(select(return_labels.c.tracking_number)))
            found.extend(
                tuple(r)
                for r in conn.execute(
                    select(
                        t.print_jobs.c.kind, t.print_jobs.c.printer, t.print_jobs.c.reason
                    ).order_by(t.print_jobs.c.id)
                )
            )

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert found == [
        ("RR700000000DE",),
        ("label", "PACK-01 file", None),
        ("return_label", "PACK-01 file", "customer asked"),
    ]
    window.close()
