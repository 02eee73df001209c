"""The console's dialogs with real widgets (pytest-qt) over a real database: signing in with a
PIN (badge + Enter asks for it, the badge kept), and a refused hold resolution that keeps its
dialog open with what was typed."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.packing import PackingService
from app.ui.console.holds import TextDialog
from app.ui.console.sign_in import ConsoleSignIn
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.gui.test_console import floor, packing_station, worker, world
from tests.support.factories import World
from tests.support.station import StationUnderTest

__all__ = ["floor", "packing_station", "worker", "world"]  # the fixtures, shared


def test_console_sign_in_with_a_pin_keeps_the_badge_and_asks_for_the_pin(
    qtbot: QtBot, engine: Engine, world: World, floor: FloorService, worker: Worker
) -> None:
    """The review's path: badge + Enter, "PIN required", the PIN + Enter signs in (it used to
    clear the badge, so the PIN was taken for a badge: "That is not a badge")."""
    with engine.begin() as conn:
        conn.execute(
            t.users.update()
            .where(t.users.c.name == "Robin Supervisor")
            .values(pin_hash=Argon2CredentialHasher().hash_pin("2468"))
        )
    packing = PackingService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    record = floor.register_console("console test-pc")
    dialog = ConsoleSignIn(lambda badge, pin: packing.sign_in(record, badge, pin).session, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.badge.setFocus()
    QTest.keyClick(dialog.badge, Qt.Key.Key_Return)  # nothing scanned yet: stay on the badge
    assert "Scan your badge first" in dialog.message.text()
    assert dialog.focusWidget() is dialog.badge
    QTest.keyClicks(dialog.badge, "BDG9001")
    QTest.keyClick(dialog.badge, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "PIN required" in dialog.message.text())
    assert dialog.badge.text() == "BDG9001"
    qtbot.waitUntil(lambda: dialog.focusWidget() is dialog.pin)
    before = dialog.message.text()
    QTest.keyClicks(dialog.pin, "1111")  # a wrong PIN: asked again, the badge kept
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() not in ("Signing in...", before))
    assert dialog.session is None and dialog.badge.text() == "BDG9001"
    assert dialog.focusWidget() is dialog.pin and dialog.pin.text() == ""
    QTest.keyClicks(dialog.pin, "2468")
    QTest.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.session is not None)
    assert dialog.session is not None and dialog.session.user_name == "Robin Supervisor"


def test_a_refused_resolution_keeps_its_dialog_open_with_what_was_typed(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
) -> None:
    packer = packing_station.sign_in("BDG1001")
    order_id = packing_station.packing.open_order(packer, world.slips["SHOP-2"]).id
    packing_station.packing.hold_order(packer, order_id, "box crushed")
    supervisor = packing_station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: window.holds.model.rowCount() == 1)
    seen: list[str] = []

    def answer() -> None:
        dialog = window.holds.dialog
        if not isinstance(dialog, TextDialog):
            QTimer.singleShot(20, answer)
            return
        dialog.text.setText("   ")  # no reason: refused by the service
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.problem.text() not in ("", "Sending..."), timeout=5000)
        seen.append(dialog.problem.text())
        assert dialog.isVisible()  # still open: nothing lost
        dialog.text.setText("customer cancelled by phone")
        dialog.accept()

    QTimer.singleShot(20, answer)
    QTest.keyClick(window.holds.table, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.holds.model.rowCount() == 0, timeout=5000)
    assert len(seen) == 1 and "reason" in seen[0].lower(), seen
    assert window.holds.dialog is None
    window.close()
