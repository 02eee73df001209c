"""The idle lock: a station nobody touched for ``[station] idle_lock_minutes`` signs its packer
out, audited as ``sign_out`` with the detail "idle lock after N min" (the screen queues that
sign-out as its next step, after every scan before it)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


class IdleLock(QObject):
    def __init__(self, parent: QObject, minutes: float, lock: Callable[[str], None]) -> None:
        super().__init__(parent)
        self._ms = round(minutes * 60_000)
        self._lock = lock
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_timeout)

    @property
    def detail(self) -> str:
        """What the audit row of the lock says."""
        return f"idle lock after {self._ms / 60_000:g} min"

    def touch(self, signed_in: bool) -> None:
        """Something was done: the idle time starts again (0 minutes: never locks)."""
        if self._ms > 0 and signed_in:
            self._timer.start(self._ms)

    def stop(self) -> None:
        self._timer.stop()

    def _on_timeout(self) -> None:
        log.info("station locked after idle time")
        self._lock(self.detail)
