"""The console, real widgets over SQLite and PostgreSQL with SQL forbidden on the GUI thread:
voiding the label of a parcel loaded at the dock asks first (the parcel is on the cage), says
to take it off, and the Hand-off tab lists it in red for its carrier."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.dock import handoff_service
from app.domain.handoff import LoadOutcome
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.handoff import Actor
from app.services.reprints import ReprintDesk
from app.settings import Settings
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-void-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def test_voiding_a_loaded_label_asks_first_and_the_handoff_tab_lists_it(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker, tmp_path: Path
) -> None:
    station = make_station(engine, datetime.now(UTC), "PACK-01")
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-2"]).id
    station.packing.record_scan(packer, order_id, "u-1", world.product_codes["NOTE-A5"])
    tracking = station.packing.complete_order(packer, order_id, "PACK-01 file").tracking_number
    handoff = handoff_service(Settings(data_dir=tmp_path), engine, folder=tmp_path)
    dock = Actor(packer.user_id, packer.user_name, packer.role, packer.station_id)
    assert handoff.dock_scan(dock, None, tracking).outcome is LoadOutcome.LOADED
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    supervisor = station.sign_in("BDG9001")
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), SystemClock())
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(
        floor, supervisor, worker, refresh_ms=600_000, desk=desk, handoff=handoff
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = window.labels
    QTest.keyClicks(panel.search, tracking)
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.parcel_model.rowCount() == 1)
    asked: list[str] = []

    def answer_reason() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("damaged")
        dialog.accept()
        QTimer.singleShot(100, confirm)

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(100, confirm)
            return
        asked.append(box.text())
        yes = box.button(QMessageBox.StandardButton.Yes)
        asked.append(yes.text())  # the button the text asks for: void it again
        yes.click()

    QTimer.singleShot(100, answer_reason)
    QTest.keyClick(panel.parcel_view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "off the DHL cage" in window.message.text(), timeout=10_000)
    assert asked and f"Parcel {tracking} is LOADED on the DHL cage" in asked[0]
    assert "void it again to confirm" in asked[0] and asked[1] == "Void it again"
    assert f"Take parcel {tracking} off the DHL cage" in window.message.text()
    # The long status line wraps: the window's minimum stays within a small screen, also for
    # a far longer message with a long code in it (cut in the middle, whole as the tooltip).
    assert window.minimumSizeHint().width() <= 1366
    long_code = "1Z999AA10123456784X" * 16
    window.message.setText(f"{long_code}: {window.message.text()} " * 4)
    assert window.minimumSizeHint().width() <= 1366
    assert long_code in window.message.toolTip() and long_code not in window.message.text()
    voided: list[object] = []

    def read() -> None:
        with engine.connect() as conn:
            voided.extend(
                conn.execute(
                    select(t.parcels.c.voided_at).where(t.parcels.c.tracking_number == tracking)
                ).scalars()
            )

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert voided[0] is not None

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    manifests = window.manifests
    assert manifests is not None
    qtbot.waitUntil(lambda: manifests.carrier_model.rowCount() == 1, timeout=10_000)
    model = manifests.carrier_model
    assert model.data(model.index(0, 0)) == "DHL" and model.data(model.index(0, 6)) == "1"
    assert model.red == [True]
    parcels = manifests.parcel_model
    qtbot.waitUntil(lambda: parcels.rowCount() == 1)
    assert parcels.data(parcels.index(0, 1)) == tracking
    assert parcels.data(parcels.index(0, 3)) == "VOIDED but loaded"
    window.close()
