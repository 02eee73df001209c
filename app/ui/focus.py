"""The keyboard always comes back to the station.

Without a window manager (a station started by itself on X, a kiosk) nothing gives the keyboard
back to the main window when a dialog closes: the F-keys and the keyboard-wedge scanner would
type into nothing. ``FocusKeeper`` does it: when any other window of the application (the test
scan, the printer dialog, a question, Print again) hides, the main window is activated and the
scan field gets the focus; a watchdog does the same whenever the keyboard is nowhere (or on a
hidden widget) while no other window of the station is open. A field in the main window that
has the focus (the PIN pad's) keeps it.

The other way round, a window manager may leave the keyboard on the main window when a dialog
opens (openbox's focus-stealing prevention): a reason typed for Accept weight went to the scan
field and was taken as a scan. So every dialog that opens is raised, activated and its input
given the focus (``take_keyboard``), and while a modal dialog is open the watchdog gives the
keyboard to it, never to the scan field.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QWidget
from shiboken6 import isValid

#: How often the watchdog looks where the keyboard is.
WATCH_MS = 500

_NOT_DIALOGS = (Qt.WindowType.ToolTip, Qt.WindowType.Popup)


def take_keyboard(window: QWidget) -> None:
    """Raise and activate ``window`` (a dialog that just opened) and give its input the focus:
    the field it would focus itself, else its first widget that takes the keyboard."""
    if not isValid(window) or not window.isVisible():
        return
    window.raise_()
    window.activateWindow()
    target: QWidget | None = window.focusWidget()
    if target is None or not target.isVisible():
        target = next(
            (
                child
                for child in window.findChildren(QWidget)
                if child.isVisible()
                and child.isEnabled()
                and child.focusPolicy() & Qt.FocusPolicy.TabFocus
            ),
            None,
        )
    (target or window).setFocus(Qt.FocusReason.ActiveWindowFocusReason)


def _keyboard_in(window: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return QApplication.activeWindow() is window and (focus is None or focus.window() is window)


class FocusKeeper(QObject):
    def __init__(self, window: QWidget, entry: QLineEdit, watch_ms: int = WATCH_MS) -> None:
        super().__init__(window)
        self._window = window
        self._entry = entry
        self._app: QApplication | None = None
        self._watchdog = QTimer(self)
        self._watchdog.setInterval(watch_ms)
        self._watchdog.timeout.connect(self.check)

    def install(self, app: QApplication) -> None:
        self._app = app
        app.installEventFilter(self)
        self._watchdog.start()

    def uninstall(self) -> None:
        if isValid(self._watchdog):
            self._watchdog.stop()
        if self._app is not None:
            self._app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in (QEvent.Type.Hide, QEvent.Type.Show)
            and isinstance(watched, QWidget)
            and watched is not self._window
            and watched.isWindow()
            and watched.windowType() not in _NOT_DIALOGS
        ):
            if kind is QEvent.Type.Show:
                if isinstance(watched, QDialog):  # once it is on screen
                    QTimer.singleShot(0, watched, lambda: take_keyboard(watched))
            else:
                QTimer.singleShot(0, self, self.check)  # once it is gone (a modal's loop ended)
        return False

    def others_open(self) -> bool:
        """Another window of the station is open (a dialog, the supervisor console)."""
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible():
                continue
            if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                continue
            return True
        return False

    def check(self) -> None:
        """Give the keyboard back to the scan field if it is lost."""
        window = self._window
        if not isValid(window) or not isValid(self._entry):  # the station window is gone
            self.uninstall()
            return
        modal = QApplication.activeModalWidget()
        if modal is not None:  # the keyboard belongs to the question, never to the scan field
            if modal.isVisible() and not _keyboard_in(modal):
                take_keyboard(modal)
            return
        if not window.isVisible() or window.isMinimized() or self.others_open():
            return
        if QApplication.activeWindow() is not window:
            window.raise_()
            window.activateWindow()
        focus = QApplication.focusWidget()
        lost = focus is None or not focus.isVisible() or focus.window() is not window
        if lost and self._entry.isEnabled():
            self._entry.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
