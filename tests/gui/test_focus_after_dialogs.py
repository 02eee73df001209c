"""The keyboard comes back to the station after every dialog, with no window manager to give
it back: a keyboard-wedge scan typed to whatever has the keyboard, and an F-key, reach the
station after the test scan, the printer dialog, the PIN pad, the hold question and the Print
again window close. Nothing here activates the window for the station (``back_to`` in
test_keyboard_only stands in for a window manager; these tests do without)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from app.ui.focus import FocusKeeper
from app.ui.views.printer_settings_dialog import PrinterSettingsDialog
from app.ui.views.test_scan_dialog import TestScanDialog
from tests.gui.conftest import Rig
from tests.gui.test_keyboard_only import top_dialog
from tests.gui.test_pack_screen import WAIT_MS
from tests.gui.test_station_shift import give_pin

Key = Qt.Key
Mod = Qt.KeyboardModifier


def keyboard() -> QWidget | None:
    """Where a key pressed now goes: the focus widget, else the active window."""
    return QApplication.focusWidget() or QApplication.activeWindow()


def wedge_scan(code: str) -> None:
    """A keyboard-wedge scanner: the code's keys and Return, fast, to wherever the keyboard
    is (nowhere: the scan is lost, as on the station the reviewer tried)."""
    target = keyboard()
    assert target is not None, "the keyboard is nowhere: the scan is lost"
    QTest.keyClicks(target, code)
    QTest.keyClick(target, Key.Key_Return)


def press(key: Key, modifier: Mod = Mod.NoModifier) -> None:
    target = keyboard()
    assert target is not None, "the keyboard is nowhere: the key is lost"
    QTest.keyClick(target, key, modifier)


def lose_the_keyboard(window: QWidget) -> None:
    """What closing a dialog leaves without a window manager: no active window, no focus."""
    focus = QApplication.focusWidget()
    if focus is not None:
        focus.clearFocus()
    window.clearFocus()


def keyboard_back(qtbot: QtBot, rig: Rig) -> None:
    window, entry = rig.ui.window, rig.ui.pack_screen.entry
    qtbot.waitUntil(
        lambda: QApplication.activeWindow() is window and QApplication.focusWidget() is entry,
        timeout=WAIT_MS,
    )


def idle(rig: Rig) -> Callable[[], bool]:
    return lambda: not rig.ui.pack_screen.busy


def test_scans_and_keys_reach_the_station_after_every_dialog(qtbot: QtBot, rig: Rig) -> None:
    ui, screen, window = rig.ui, rig.ui.pack_screen, rig.ui.window
    ui.printer_setup = (
        rig.station.printer_choice(),
        rig.station.try_printer,
        rig.station.save_printer,
    )
    give_pin(rig, "Sam Packer", "4321")
    window.activateWindow()  # the window shown: the one time a window manager would act
    keyboard_back(qtbot, rig)

    # The test scan [Ctrl+T], closed with Esc: a scan then signs in, F5 opens the next order.
    press(Key.Key_T, Mod.ControlModifier)
    qtbot.waitUntil(lambda: top_dialog(TestScanDialog)() is not None, timeout=WAIT_MS)
    dialog = top_dialog(TestScanDialog)()
    assert dialog is not None
    dialog.close()
    lose_the_keyboard(window)
    keyboard_back(qtbot, rig)
    wedge_scan("BDG1001")
    qtbot.waitUntil(lambda: screen.session is not None and not screen.busy, timeout=WAIT_MS)
    press(Key.Key_F5)
    qtbot.waitUntil(lambda: screen.order is not None and not screen.busy, timeout=WAIT_MS)

    # The hold question [F9] (a modal dialog), cancelled with Esc.
    def cancel_question() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, QInputDialog):
            QTimer.singleShot(20, cancel_question)
            return
        modal.reject()
        lose_the_keyboard(window)

    QTimer.singleShot(20, cancel_question)
    press(Key.Key_F9)
    keyboard_back(qtbot, rig)
    assert screen.order is not None  # not held
    QTimer.singleShot(20, cancel_question)
    press(Key.Key_F9)  # F-keys work: the question again (cancelled again)
    keyboard_back(qtbot, rig)

    # The printer dialog [Ctrl+Shift+P], closed.
    press(Key.Key_P, Mod.ControlModifier | Mod.ShiftModifier)
    qtbot.waitUntil(lambda: top_dialog(PrinterSettingsDialog)() is not None, timeout=WAIT_MS)
    printer = top_dialog(PrinterSettingsDialog)()
    assert printer is not None
    printer.close()
    lose_the_keyboard(window)
    keyboard_back(qtbot, rig)
    wedge_scan(rig.world.product_codes["MUG-BLUE"])
    qtbot.waitUntil(
        lambda: screen.order is not None and screen.order.units_verified == 1, timeout=WAIT_MS
    )

    # Print again [F10]: the parcel window, closed.
    press(Key.Key_F10)
    qtbot.waitUntil(lambda: screen.print_banner.dialog is not None, timeout=WAIT_MS)
    parcel = screen.print_banner.dialog
    assert parcel is not None
    qtbot.waitUntil(parcel.isVisible, timeout=WAIT_MS)
    parcel.reject()
    lose_the_keyboard(window)
    keyboard_back(qtbot, rig)
    press(Key.Key_F8)  # undo the mug
    qtbot.waitUntil(
        lambda: screen.order is not None and screen.order.units_verified == 0, timeout=WAIT_MS
    )

    # The PIN pad: Sam's badge switches packer and asks the PIN; Esc closes the pad.
    wedge_scan("BDG1002")
    pad = screen.sign_in_flow.pad
    qtbot.waitUntil(pad.isVisible, timeout=WAIT_MS)
    assert QApplication.focusWidget() is pad.field
    press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not pad.isVisible(), timeout=WAIT_MS)
    keyboard_back(qtbot, rig)
    wedge_scan(rig.world.product_codes["MUG-BLUE"])
    qtbot.waitUntil(
        lambda: screen.order is not None and screen.order.units_verified == 1, timeout=WAIT_MS
    )
    assert screen.session is not None and screen.session.user_name == "Alex Packer"


def test_the_watchdog_gives_the_keyboard_back_when_it_is_nowhere(qtbot: QtBot, rig: Rig) -> None:
    window = rig.ui.window
    window.activateWindow()
    keyboard_back(qtbot, rig)
    lose_the_keyboard(window)
    assert QApplication.focusWidget() is None
    keyboard_back(qtbot, rig)  # within the watchdog's round
    wedge_scan("BDG1001")
    qtbot.waitUntil(lambda: rig.ui.pack_screen.session is not None, timeout=WAIT_MS)


def test_the_keeper_leaves_another_open_window_alone(qtbot: QtBot, rig: Rig) -> None:
    window = rig.ui.window
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other, timeout=WAIT_MS)
    keeper = rig.ui.focus
    assert isinstance(keeper, FocusKeeper)
    keeper.check()
    assert QApplication.activeWindow() is other  # the console, a dialog: not taken away
    other.close()
    keyboard_back(qtbot, rig)
    assert window.isActiveWindow()
