"""Everything without a mouse: every button at the station shows its key, and every dialog
reachable from the station opens, works and closes by keys alone."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QInputDialog, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui.station.pin_pad import PinPad
from app.ui.views.printer_settings_dialog import PrinterSettingsDialog
from app.ui.views.test_scan_dialog import TestScanDialog
from tests.gui.conftest import Rig
from tests.gui.test_pack_screen import WAIT_MS, scan_and_wait

Key = Qt.Key
HAND_TYPING_MS = 120  # between keys typed by hand (scanners: under 80 ms)
Mod = Qt.KeyboardModifier


def shows_its_key(button: QPushButton) -> bool:
    text = button.text()
    return "[" in text and text.rstrip().endswith("]")


def buttons_without_keys(widget: QWidget) -> list[str]:
    """Visible buttons that do not show a key (the PIN pad's own keys are their key)."""
    return [
        button.text()
        for button in widget.findChildren(QPushButton)
        if button.isVisible()
        and not isinstance(button.parentWidget(), PinPad)
        and not shows_its_key(button)
    ]


def back_to(qtbot: QtBot, window: QWidget) -> None:
    """What the window manager does when a window is shown or a dialog closed: the keyboard
    goes to ``window`` (the offscreen platform has no window manager to do it)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)


def press(key: Key, modifier: Mod = Mod.NoModifier) -> None:
    """A key as the packer presses it: to whatever has the keyboard focus."""
    target = QApplication.focusWidget() or QApplication.activeWindow()
    assert target is not None
    QTest.keyClick(target, key, modifier)


def top_dialog(kind: type[QDialog]) -> Callable[[], QDialog | None]:
    def find() -> QDialog | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, kind) and widget.isVisible():
                return widget
        return None

    return find


def answer_modal(seen: list[list[str]], typed: str | None, key: Key, choose: bool = False) -> None:
    """When the modal question is up: note its buttons, type ``typed``, press ``key``."""

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen.append([b.text() for b in dialog.findChildren(QPushButton) if b.isVisible()])
        target = dialog.focusWidget() or dialog  # its field: where the keyboard goes
        if typed:  # by hand: slower than a scanner, or the station takes it for a scan
            QTest.keyClicks(target, typed, Mod.NoModifier, HAND_TYPING_MS)
        QTest.keyClick(target, key)

    QTimer.singleShot(20, answer)


def test_every_button_and_dialog_works_by_key(qtbot: QtBot, rig: Rig) -> None:
    ui, screen, window = rig.ui, rig.ui.pack_screen, rig.ui.window
    ui.printer_setup = (
        rig.station.printer_choice(),
        rig.station.try_printer,
        rig.station.save_printer,
    )
    back_to(qtbot, window)
    assert buttons_without_keys(window) == []

    # Test scan [Ctrl+T]; Esc closes it.
    press(Key.Key_T, Mod.ControlModifier)
    qtbot.waitUntil(lambda: top_dialog(TestScanDialog)() is not None, timeout=WAIT_MS)
    test_scan = top_dialog(TestScanDialog)()
    assert test_scan is not None and buttons_without_keys(test_scan) == []
    qtbot.waitUntil(lambda: QApplication.activeWindow() is test_scan, timeout=WAIT_MS)
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not test_scan.isVisible(), timeout=WAIT_MS)
    back_to(qtbot, window)

    # Printer... [Ctrl+Shift+P]: a test label with Alt+P, Esc closes.
    press(Key.Key_P, Mod.ControlModifier | Mod.ShiftModifier)
    qtbot.waitUntil(lambda: top_dialog(PrinterSettingsDialog)() is not None, timeout=WAIT_MS)
    printer = top_dialog(PrinterSettingsDialog)()
    assert isinstance(printer, PrinterSettingsDialog)
    assert buttons_without_keys(printer) == []
    qtbot.waitUntil(lambda: QApplication.activeWindow() is printer, timeout=WAIT_MS)
    press(Key.Key_P, Mod.AltModifier)
    qtbot.waitUntil(lambda: "Test label sent" in printer.outcome_label.text(), timeout=WAIT_MS)
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not printer.isVisible(), timeout=WAIT_MS)
    back_to(qtbot, window)

    # Test printer [Ctrl+P]: no dialog, the banner says what happened.
    with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS):
        press(Key.Key_P, Mod.ControlModifier)
    assert "Testing printer" in screen.banner.text()

    # A packer: Next order [F5], Hold [F9] with its reason typed, Enter.
    scan_and_wait(qtbot, rig, "BDG1001")
    assert buttons_without_keys(window) == []
    press(Key.Key_F5)
    qtbot.waitUntil(lambda: screen.order is not None and not screen.busy, timeout=WAIT_MS)
    assert screen.order is not None
    held = screen.order.reference
    questions: list[list[str]] = []
    answer_modal(questions, "dent", Key.Key_Return)
    press(Key.Key_F9)
    qtbot.waitUntil(lambda: screen.order is None and not screen.busy, timeout=WAIT_MS)
    assert f"Order {held} is on hold" in screen.banner.text()
    back_to(qtbot, window)

    # Print again [F10]: the parcel window, closed with Esc.
    press(Key.Key_F10)
    qtbot.waitUntil(lambda: screen.print_banner.dialog is not None, timeout=WAIT_MS)
    parcel = screen.print_banner.dialog
    assert parcel is not None
    qtbot.waitUntil(parcel.isVisible, timeout=WAIT_MS)
    assert buttons_without_keys(parcel) == []
    back_to(qtbot, parcel)  # shown: the window manager makes it the active window
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not parcel.isVisible(), timeout=WAIT_MS)
    back_to(qtbot, window)

    # Sign out [F2]; a supervisor's buttons show their keys too.
    press(Key.Key_F2)
    qtbot.waitUntil(lambda: screen.session is None and not screen.busy, timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, "BDG9001")
    assert screen.release_button.isVisible()
    assert buttons_without_keys(window) == []
    # Release [F11] and again to cancel; Move waiting labels [F6] cancelled with Esc.
    press(Key.Key_F11)
    assert "scan the slip or tote" in screen.banner.text()
    press(Key.Key_F11)
    assert "Release cancelled" in screen.banner.text()
    answer_modal(questions, None, Key.Key_Escape)
    press(Key.Key_F6)
    qtbot.waitUntil(lambda: len(questions) == 2, timeout=WAIT_MS)
    back_to(qtbot, window)
    # Void a label [Shift+F10]: the parcel window again, Esc closes it.
    press(Key.Key_F10, Mod.ShiftModifier)
    qtbot.waitUntil(parcel.isVisible, timeout=WAIT_MS)
    assert parcel.windowTitle() == "Void a label"
    back_to(qtbot, parcel)
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not parcel.isVisible(), timeout=WAIT_MS)

    for buttons in questions:  # the hold reason, the printer to move labels from
        assert buttons == ["OK  [Enter]", "Cancel  [Esc]"]
