"""Work off the GUI thread: one worker thread per kind of I/O, results back by signal.

The database worker runs use cases one at a time, in the order they were submitted, which
keeps scans in order without any locking in the UI (the pattern of Anki's taskman).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.domain.errors import DomainError

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[str, BaseException], None]


class Worker(QObject):
    """Runs callables on one background thread and calls back on the GUI thread.

    Signals:
        finished: emitted from the worker thread; Qt queues it to the GUI thread, where the
            callbacks run.
    """

    finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self.finished.connect(self._on_worker_finished)

    @property
    def pending(self) -> int:
        return self._pending

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """Run ``fn(*args)`` on the worker. ``on_done(result)`` or ``on_error(message, exc)``
        then runs on the GUI thread. A ``DomainError`` gives its own message; anything else is
        a bug: logged with its traceback and reported as one."""
        self._pending += 1

        def run() -> None:
            try:
                result = fn(*args)
            except DomainError as exc:
                log.warning(
                    "%s refused: %s (%s)",
                    getattr(fn, "__name__", "step"),
                    exc.message,
                    type(exc).__name__,
                )
                self.finished.emit((on_error, (exc.message, exc), False))
            except Exception as exc:
                log.exception("%s: %s failed", self.name, getattr(fn, "__name__", fn))
                message = f"Internal error ({type(exc).__name__}). Call a supervisor."
                self.finished.emit((on_error, (message, exc), False))
            else:
                self.finished.emit((on_done, result, True))

        self._executor.submit(run)

    @Slot(object)
    def _on_worker_finished(self, payload: tuple[Any, Any, bool]) -> None:
        self._pending -= 1
        callback, value, ok = payload
        if callback is None:
            return
        if ok:
            callback(value)
        else:
            callback(*value)

    def shutdown(self) -> None:
        self._executor.shutdown(wait=True)
