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
from itertools import pairwise

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QInputDialog, QWidget

GS = "\x1d"
TERMINATOR_KEYS = {
    "enter": (Qt.Key.Key_Return, Qt.Key.Key_Enter),
    "tab": (Qt.Key.Key_Tab,),
    "enter_or_tab": (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab),
}
# A scanner presses Shift (or AltGr) for capitals and some symbols: part of the scan.
_MODIFIER_KEYS = {
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
    Qt.Key.Key_CapsLock,
}


@dataclass(frozen=True)
class Burst:
    """One run of keys the capture saw: what was typed, the gaps between the keys, and
    whether it counted as a scan (for the test-scan dialog)."""

    text: str
    gaps_ms: tuple[float, ...]
    was_scan: bool
    terminator: str

    @property
    def max_gap_ms(self) -> float:
        return max(self.gaps_ms, default=0.0)

    @property
    def mean_gap_ms(self) -> float:
        return sum(self.gaps_ms) / len(self.gaps_ms) if self.gaps_ms else 0.0


@dataclass
class _HeldKey:
    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    at: float  # when the key was pressed (the event's own time where it has one)
    seen: float  # when this filter processed it


class ScanCapture(QObject):
    """Signals:
    scanned(str): a complete scan, without its terminator.
    burst(object): every run of keys ended by a terminator, as a ``Burst`` (scan or not).
    """

    scanned = Signal(str)
    burst = Signal(object)

    def __init__(
        self,
        max_gap_ms: int = 80,
        min_length: int = 3,
        clock: Callable[[], float] | None = None,
        parent: QObject | None = None,
        *,
        prefix: str = "",
        suffix: str = "",
        terminator: str = "enter",
    ) -> None:
        super().__init__(parent)
        self.max_gap = max_gap_ms / 1000
        self.min_length = min_length
        self.prefix = prefix
        self.suffix = suffix
        if terminator not in TERMINATOR_KEYS:
            raise ValueError(f"scanner terminator {terminator!r}: use {', '.join(TERMINATOR_KEYS)}")
        self._terminators = TERMINATOR_KEYS[terminator]
        self._clock = clock
        self._held: list[_HeldKey] = []
        # Every printable key since the last terminator, scan or typing: for measuring.
        self._run: list[tuple[str, float]] = []
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.enabled = True

    def install(self, app: QCoreApplication) -> None:
        app.installEventFilter(self)
        self._app: QCoreApplication | None = app

    def uninstall(self) -> None:
        """Stop watching the application's keys (the station is shutting down; its windows
        may outlive it a little, the filter must not)."""
        self.enabled = False
        app = getattr(self, "_app", None)
        if app is not None:
            app.removeEventFilter(self)
            self._app = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.enabled or self._replaying or event.type() != QEvent.Type.KeyPress:
            return False
        if isinstance(watched, QWidget) and isinstance(watched.window(), QInputDialog):
            return False  # a question's answer (a reason) is typed there, never a scan
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _MODIFIER_KEYS:
            return False
        now = self._key_time(event)
        if self._held and now - self._held[-1].at > self.max_gap:
            self._replay()
        if key in self._terminators:
            code = self._as_scan("".join(held.text for held in self._held))
            if self._run:
                self.burst.emit(
                    Burst(
                        "".join(char for char, _ in self._run),
                        self._gaps(now),
                        code is not None,
                        Qt.Key(key).name,
                    )
                )
                self._run.clear()
            if code is not None:
                self._held.clear()
                self._timer.stop()
                self.scanned.emit(code)
                return True
            self._replay()
            return False
        text = event.text()
        if text and (text.isprintable() or text == GS):
            self._held.append(_HeldKey(key, event.modifiers(), text, now, self._now()))
            self._run.append((text, now))
            self._timer.start(max(1, int(self.max_gap * 1000) + 1))
            return True
        self._replay()
        return False

    def _now(self) -> float:
        return self._clock() if self._clock is not None else time.monotonic()

    def _key_time(self, event: QKeyEvent) -> float:
        """When the key was pressed: the window system's timestamp where there is one, so keys
        queued while the GUI thread was busy keep their real gaps and still form one scan."""
        if self._clock is not None:
            return self._clock()
        stamp = event.timestamp()
        return stamp / 1000 if stamp else time.monotonic()

    def _gaps(self, now: float) -> tuple[float, ...]:
        times = [at for _, at in self._run] + [now]
        return tuple(round((b - a) * 1000, 2) for a, b in pairwise(times))

    def _as_scan(self, burst: str) -> str | None:
        """The scan in a fast burst, without the scanner's prefix and suffix; None if the
        burst is not a scan (too short, or the configured prefix or suffix is missing)."""
        if len(burst) < self.min_length + len(self.prefix) + len(self.suffix):
            return None
        if self.prefix:
            if not burst.startswith(self.prefix):
                return None
            burst = burst[len(self.prefix) :]
        if self.suffix:
            if not burst.endswith(self.suffix):
                return None
            burst = burst[: -len(self.suffix)]
        return burst

    def _on_timer_timeout(self) -> None:
        if self._held and self._now() - self._held[-1].seen >= self.max_gap:
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


class ScanRouter(QObject):
    """Delivers each scan to exactly one consumer: the newest one pushed (a dialog that
    wants scans, such as the test scan), else the pack screen."""

    def __init__(self, default: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stack: list[Callable[[str], None]] = [default]

    def push(self, consumer: Callable[[str], None]) -> None:
        self._stack.append(consumer)

    def pop(self, consumer: Callable[[str], None]) -> None:
        if len(self._stack) > 1 and consumer in self._stack:
            self._stack.remove(consumer)

    def deliver(self, code: str) -> None:
        self._stack[-1](code)
