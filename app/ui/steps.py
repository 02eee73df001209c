"""The queue that orders one station's work: scans, keys and commands, one step at a time.

A step is decided on the GUI thread when its turn comes, after every earlier step's result was
shown, so it sees the state those results left (a scan after a slip scan is read against the
order the slip opened). What it decides is an ``Operation`` (or nothing: a refusal shown at
once); the operation runs on the database worker and the next step waits for its result.

What callers may rely on:

* Steps run in the order they were added; a step's operation has its callback run before the
  next step is decided.
* ``saving_changed(True)`` once writes have been queued or running for ``saving_after_ms``
  without a break (a slow database, a write retried after a lost reply, a burst), and
  ``saving_changed(False)`` when none is left.
* ``finish(then)`` takes no more steps, drops queued reads and calls ``then`` once every write
  queued before it is done (stored, or refused with its message shown).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.runner import Access, Failed, Operation, Worker, internal_error

log = logging.getLogger(__name__)

Decide = Callable[[], "Operation[Any] | None"]


@dataclass(frozen=True)
class Step:
    """One thing a packer asked for. ``access`` is what its operation may do, known before it
    is decided (a scan may sign in, claim or record: a write)."""

    what: str
    decide: Decide
    access: Access = Access.WRITE


class StepQueue(QObject):
    """One station's steps, in order, through one worker.

    Signals:
        saving_changed(bool): writes have waited over ``saving_after_ms`` (True); none is
            left (False).
        drained(): nothing is queued or running any more.
    """

    saving_changed = Signal(bool)
    drained = Signal()

    def __init__(
        self,
        worker: Worker,
        on_failed: Failed,
        parent: QObject | None = None,
        *,
        saving_after_ms: int = 200,
    ) -> None:
        super().__init__(parent)
        self._worker = worker
        self._on_failed = on_failed
        self._steps: deque[Step] = deque()
        self._running: Access | None = None
        self._finishing = False
        self._then: list[Callable[[], None]] = []
        self.saving = False
        self._saving_timer = QTimer(self)
        self._saving_timer.setSingleShot(True)
        self._saving_timer.setInterval(saving_after_ms)
        self._saving_timer.timeout.connect(self._on_saving_timer_timeout)

    @property
    def busy(self) -> bool:
        """A step is running or waiting."""
        return self._running is not None or bool(self._steps)

    @property
    def writes_pending(self) -> int:
        """Writes queued or running."""
        queued = sum(1 for step in self._steps if step.access is Access.WRITE)
        return queued + (self._running is Access.WRITE)

    @property
    def finishing(self) -> bool:
        return self._finishing

    def add(self, what: str, decide: Decide, access: Access = Access.WRITE) -> bool:
        """Queue a step; False (and nothing queued) once ``finish`` was asked for."""
        if self._finishing:
            log.info("not queued, the station is closing: %s", what)
            return False
        self._steps.append(Step(what, decide, access))
        self._pump()
        return True

    def finish(self, then: Callable[[], None]) -> None:
        """Take no more steps, drop queued reads, and call ``then`` (on the GUI thread) once
        every queued write is done; at once if nothing is pending."""
        self._finishing = True
        self._steps = deque(step for step in self._steps if step.access is Access.WRITE)
        self._then.append(then)
        self._pump()

    def _pump(self) -> None:
        while self._running is None and self._steps:
            step = self._steps.popleft()
            self._running = step.access
            try:
                op = step.decide()
            except Exception as exc:
                log.exception("deciding %s failed", step.what)
                self._on_failed(internal_error(exc), exc)
                op = None
            if op is None:
                self._running = None
                continue
            self._running = op.access
            self._worker.run(op.then(op.on_done, op.on_error or self._on_failed), self._settled)
        self._update()

    def _settled(self) -> None:
        self._running = None
        self._pump()

    def _update(self) -> None:
        if self.writes_pending:
            if not self.saving and not self._saving_timer.isActive():
                self._saving_timer.start()
        else:
            self._saving_timer.stop()
            if self.saving:
                self.saving = False
                self.saving_changed.emit(False)
        if self.busy:
            return
        self.drained.emit()
        then, self._then = self._then, []
        for callback in then:
            callback()

    def _on_saving_timer_timeout(self) -> None:
        if self.writes_pending and not self.saving:
            self.saving = True
            self.saving_changed.emit(True)
