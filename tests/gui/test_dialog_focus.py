"""A dialog takes the keyboard when it opens, even where the window manager leaves it on the
main window (openbox's focus-stealing prevention): a supervisor's reason for accepting a
refused weight is typed into the question, not into the scan field, and is not a scan."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.adapters.db import tables as t
from app.adapters.devices.scales.simulated import SimulatedScale
from app.ui.station.weighing import PackOut
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_out_station import stable
from tests.gui.test_pack_screen import WAIT_MS, acknowledge, off_gui, scan_and_wait

REASON = "gift box added by the shop"


class KeepsTheOldWindow(QObject):
    """What the window manager does: a dialog that opens is shown, but the keyboard goes back
    to the main window and its scan field (after the dialog's own activation)."""

    def __init__(self, window: QWidget, entry: QLineEdit) -> None:
        super().__init__()
        self.window, self.entry = window, entry
        self.dialogs: list[QWidget] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.Show and isinstance(watched, QInputDialog):
            self.dialogs.append(watched)
            QTimer.singleShot(0, self.steal)
        return False

    def steal(self) -> None:
        self.window.activateWindow()
        self.entry.setFocus(Qt.FocusReason.ActiveWindowFocusReason)


@pytest.fixture
def wm(qapp: QApplication) -> Iterator[list[KeepsTheOldWindow]]:
    made: list[KeepsTheOldWindow] = []
    yield made
    for keeper in made:
        qapp.removeEventFilter(keeper)


def refused_weight(qtbot: QtBot, rig: Rig, scale: SimulatedScale) -> PackOut:
    screen = rig.ui.pack_screen
    pack_out = screen.pack_out
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["ONE-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    qtbot.waitUntil(lambda: stable(pack_out, 100), timeout=WAIT_MS)
    scale.set_expected(900)
    qtbot.waitUntil(lambda: stable(pack_out, 900), timeout=WAIT_MS)
    QTest.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: pack_out.refused is not None and not screen.busy, timeout=WAIT_MS)
    acknowledge(qtbot, rig, by_key=True)
    scan_and_wait(qtbot, rig, "BDG9001")  # a supervisor takes over
    return pack_out


def test_the_accept_weight_reason_goes_into_its_dialog_not_the_scan_field(
    qtbot: QtBot, make_rig: MakeRig, wm: list[KeepsTheOldWindow]
) -> None:
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(orders=[("ONE-1", [("MUG-BLUE", 1)])], scale=scale)
    window, screen = rig.ui.window, rig.ui.pack_screen
    refused_weight(qtbot, rig, scale)
    keeper = KeepsTheOldWindow(window, screen.entry)
    QApplication.instance().installEventFilter(keeper)  # type: ignore[union-attr]
    wm.append(keeper)

    typed: list[tuple[str, bool]] = []  # the dialog's text, and "Saving…" while it was open

    def type_the_reason() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, type_the_reason)
            return
        qtbot.wait(700)  # the keeper steals, the dialog takes it back (the watchdog too)
        target = QApplication.focusWidget() or QApplication.activeWindow()
        assert target is not None
        QTest.keyClicks(target, REASON)
        typed.append((dialog.textValue(), screen.saving_label.isVisible()))
        QTest.keyClick(target, Qt.Key.Key_Return)
        if dialog.isVisible():  # the keys went elsewhere: do not hang the test
            dialog.reject()

    QTimer.singleShot(20, type_the_reason)
    QTest.keyClick(screen, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)  # Accept weight
    qtbot.waitUntil(lambda: bool(typed), timeout=WAIT_MS)
    assert keeper.dialogs, "no dialog opened"
    assert typed == [(REASON, False)]  # in the dialog; no "Saving…" while it was open
    qtbot.waitUntil(lambda: screen.order is None and not screen.busy, timeout=WAIT_MS)
    assert screen.entry.text() == ""

    def stored() -> tuple[int, list[str]]:
        with rig.engine.connect() as conn:
            keyed = conn.execute(
                select(func.count())
                .select_from(t.scan_events)
                .where(t.scan_events.c.raw_code.contains("gift"))
            ).scalar_one()
            audit = conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "weight_override")
            ).all()
        return int(keyed), [str(row.detail) for row in audit]

    keyed, overrides = off_gui(stored)
    assert keyed == 0  # nothing typed was taken as a scan
    assert len(overrides) == 1 and REASON in overrides[0]
