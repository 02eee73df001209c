"""A return label on demand from the console's Labels tab (F10), on the real widgets over a
real database, SQL forbidden on the GUI thread: the parcel found by its tracking number, the
reason asked, the return label queued with a number of its own at the printer of the station
the console runs at, or (a console at no station) at the printer the supervisor chooses: never
simply the printer of the parcel's label."""

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


@pytest.mark.parametrize("station_printer", ["DESK-9 network 10.0.4.99:9100", None])
def test_f10_queues_the_chosen_parcels_return_label(
    qtbot: QtBot, engine: Engine, now: datetime, worker: Worker, station_printer: str | None
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
    with engine.begin() as conn:  # another printer the queue knows (the supervisor's choice)
        conn.execute(
            insert(t.print_jobs).values(
                job_uid="other-printer",
                parcel_id=select(t.parcels.c.id).scalar_subquery(),
                kind="label",
                printer="PACK-02 file",
                state="sent",
                created_at=now,
                updated_at=now,
            )
        )
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
        printer=station_printer,
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
    offered: list[list[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        asked.append(dialog.windowTitle())
        dialog.setTextValue("customer asked")
        dialog.accept()
        if station_printer is None:
            QTimer.singleShot(100, choose)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(100, choose)
            return
        offered.append(dialog.comboBoxItems())
        dialog.setTextValue("PACK-02 file")
        dialog.accept()

    QTimer.singleShot(100, answer)
    QTest.keyClick(panel.parcel_view, Qt.Key.Key_F10)
    qtbot.waitUntil(lambda: "return label queued" in window.message.text(), timeout=5000)
    assert asked[0] == f"Return label for {done.tracking_number}"
    chosen = station_printer or "PACK-02 file"
    assert window.message.text().endswith(f"return label queued at {chosen}.")
    if station_printer is None:  # asked, among the printers the queue knows
        assert offered == [["PACK-01 file", "PACK-02 file"]]
    else:
        assert offered == []

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
        ("label", "PACK-02 file", None),
        ("return_label", chosen, "customer asked"),
    ]
    window.close()
