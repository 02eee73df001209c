"""Keyboard-wedge scanner capture: one application-wide event filter.

A keyboard-wedge scanner types its code much faster than a person and ends it with Enter. The
filter holds printable key presses while they come faster than ``max_gap_ms`` apart; if the
burst ends with the terminator and is at least ``min_length`` long it is a scan, delivered once
through ``scanned`` whatever widget has focus (a dialog included). Otherwise the held keys are
replayed, in order, to the widget that has focus, so ordinary typing still works.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

GS = "\x1d"
_TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# A scanner presses Shift (or AltGr) for capitals and some symbols: part of the scan.
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
}


@dataclass
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: float


class ScanCapture(QObject):
    """Signals:
    scanned(str): a complete scan, without its terminator.
    """

    scanned = Signal(str)

    def __init__(
        self,
        max_gap_ms: int = 80,
        min_length: int = 3,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.max_gap = max_gap_ms / 1000
        self.min_length = min_length
        self._clock = clock
        self._held: list[_HeldKey] = []
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.enabled = True

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        now = self._clock()
        if self._held and now - self._held[-1].at > self.max_gap:
            self._replay()
        if key in _TERMINATORS:
            if len(self._held) >= self.min_length:
                code = "".join(held.text for held in self._held)
                self._held.clear()
                self._timer.stop()
                self.scanned.emit(code)
                return True
            self._replay()
            return False
        text = event.text()
        if text and (text.isprintable() or text == GS):
            self._held.append(_HeldKey(key, event.modifiers(), text, now))
            self._timer.start(max(1, int(self.max_gap * 1000) + 1))
            return True
        self._replay()
        return False

    def _on_timer_timeout(self) -> None:
        if self._held and self._clock() - self._held[-1].at >= self.max_gap:
            self._replay()
        elif self._held:
            self._timer.start(max(1, int(self.max_gap * 1000)))

    def _replay(self) -> None:
        """Give held keys to the focused widget: they were typed by a person, not scanned."""
        self._timer.stop()
        held, self._held = self._held, []
        target = QApplication.focusWidget()
        if target is None or not held:
            return
        self._replaying = True
        try:
            for key in held:
                press = QKeyEvent(QEvent.Type.KeyPress, key.key, key.modifiers, key.text)
                QCoreApplication.sendEvent(target, press)
        finally:
            self._replaying = False
