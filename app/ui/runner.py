"""Work off the GUI thread: one worker thread per kind of I/O, results back by signal.

The database worker runs use cases one at a time, in the order they were submitted, which
keeps scans in order without any locking in the UI (the pattern of Anki's taskman). What it
runs is an ``Operation[T]``: a use-case call typed by its result and marked read or write
(Anki's QueryOp and CollectionOp), with callbacks that receive a ``T``.

What callers may rely on:

* ``on_done(result)`` or ``on_error(message, exc)`` runs on the GUI thread, once per operation.
  A ``DomainError`` gives its own message; anything else is a bug, logged with its traceback and
  reported as an internal error.
* ``after_reply`` (optional) runs on the worker thread after an operation's reply was sent,
  when no other operation is waiting: work a use case leaves for later (the offline station's
  copy of a scan into its local store). An operation submitted meanwhile waits for it.
* A write that raises ``OutcomeUnknown`` (the commit may have happened, its reply was lost) is
  run again with the same arguments (the same scan id) after ``RETRY_DELAYS_S``, then every
  last delay, until its outcome is known; nothing else runs on that worker meanwhile. The use
  case returns a stored result as it was, so it counts once.
"""

from __future__ import annotations

import functools
import itertools
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Generic, ParamSpec, TypeVar, cast

from PySide6.QtCore import QObject, Signal, Slot

from app.domain.errors import DomainError, OutcomeUnknown

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")

Failed = Callable[[str, BaseException], None]
RETRY_DELAYS_S: tuple[float, ...] = (0.2, 0.5, 1.0, 2.0)
STOPPED = "The station is shutting down: not done."


class Access(Enum):
    READ = "read"
    """Reads nothing a packer did can depend on: dropped if the window closes first."""
    WRITE = "write"
    """Stores what a packer did: closing waits for it; retried on ``OutcomeUnknown``."""


def _ignore(_result: object) -> None:
    return None


@dataclass(frozen=True)
class Operation(Generic[T]):
    """One use-case call, typed by its result ``T``, and what to do with that result.

    Make one with ``Operation.read`` or ``Operation.write`` (the arguments are bound then, so a
    retry sends the same ones) and add callbacks with ``then``.
    """

    name: str
    access: Access
    call: Callable[[], T]
    on_done: Callable[[T], None] = _ignore
    on_error: Failed | None = None

    @classmethod
    def read(cls, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        return cls(_name_of(fn), Access.READ, functools.partial(fn, *args, **kwargs))

    @classmethod
    def write(cls, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Operation[T]:
        return cls(_name_of(fn), Access.WRITE, functools.partial(fn, *args, **kwargs))

    def then(self, on_done: Callable[[T], None], on_error: Failed | None = None) -> Operation[T]:
        """This operation with its callbacks (``on_error`` None: the runner's default)."""
        return replace(self, on_done=on_done, on_error=on_error or self.on_error)

    @property
    def writes(self) -> bool:
        return self.access is Access.WRITE


def _name_of(fn: Callable[..., object]) -> str:
    return str(getattr(fn, "__name__", None) or type(fn).__name__)


def internal_error(exc: BaseException) -> str:
    return f"Internal error ({type(exc).__name__}). Call a supervisor."


@dataclass(frozen=True)
class _Outcome:
    """What an operation's call gave: its result, or (message, exception)."""

    result: Any = None
    failed: tuple[str, BaseException] | None = None


class Worker(QObject):
    """Runs operations on one background thread and calls back on the GUI thread.

    Signals:
        finished: emitted from the worker thread with the callback to run; Qt queues it to
            the GUI thread, where it runs.
    """

    finished = Signal(object)

    def __init__(
        self,
        name: str,
        parent: QObject | None = None,
        *,
        retry_delays_s: Sequence[float] = RETRY_DELAYS_S,
        after_reply: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self._after_reply = after_reply
        self._queued = 0  # submitted, not started (the after-reply work waits for none)
        self._queued_lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._pending = 0
        self._retry_delays = tuple(retry_delays_s) or (0.0,)
        self._stopping = threading.Event()
        self._tokens = itertools.count()
        self._waiting: dict[int, tuple[Operation[Any], Callable[[], None] | None]] = {}
        self.finished.connect(self._on_worker_finished)

    @property
    def pending(self) -> int:
        """Operations submitted whose callbacks have not run yet."""
        return self._pending

    def run(self, op: Operation[T], settled: Callable[[], None] | None = None) -> None:
        """Run ``op`` on the worker; its callback, then ``settled``, run on the GUI thread.
        After ``shutdown`` nothing runs: ``op`` fails at once with a message.

        The callbacks stay on the GUI thread (kept here under a token): the worker thread
        gets only the call. A widget whose bound method is a callback is then never freed on
        the worker thread, which PySide cannot survive."""
        if self._stopping.is_set():
            log.warning("%s is stopped: %s not run", self.name, op.name)
            self._failure(op, STOPPED, RuntimeError(STOPPED))()
            if settled is not None:
                settled()
            return
        self._pending += 1
        token = next(self._tokens)
        self._waiting[token] = (op, settled)
        call, name, writes = op.call, op.name, op.writes

        def work() -> None:
            with self._queued_lock:
                self._queued -= 1
            self.finished.emit((token, self._attempt(call, name, writes)))
            self._run_after_reply()

        with self._queued_lock:
            self._queued += 1
        self._executor.submit(work)

    def _run_after_reply(self) -> None:
        """``after_reply`` on the worker thread, once the reply is on its way to the GUI and
        no other operation waits (one after a burst, not one per operation)."""
        with self._queued_lock:
            if self._after_reply is None or self._queued:
                return
        try:
            self._after_reply()
        except Exception:
            log.exception("%s: the work after the reply failed", self.name)

    def submit(
        self,
        fn: Callable[..., T],
        *args: object,
        on_done: Callable[[T], None] | None = None,
        on_error: Failed | None = None,
    ) -> None:
        """``fn(*args)`` as a read operation (for callers that predate ``Operation``)."""
        op = Operation(_name_of(fn), Access.READ, functools.partial(fn, *args))
        self.run(op.then(on_done or _ignore, on_error))

    def _attempt(self, call: Callable[[], Any], name: str, writes: bool) -> _Outcome:
        """Run ``call`` (again while the outcome of a write is unknown): its result, or the
        message and exception of its failure. Runs on the worker thread."""
        attempt = 0
        while True:
            try:
                result = call()
            except OutcomeUnknown as exc:
                if not writes:
                    return _Outcome(failed=(exc.message, exc))
                delay = self._retry_delays[min(attempt, len(self._retry_delays) - 1)]
                attempt += 1
                log.warning(
                    "%s: %s outcome unknown (attempt %d); running it again in %.1f s",
                    self.name,
                    name,
                    attempt,
                    delay,
                )
                if self._stopping.wait(delay):
                    log.error("%s: stopped while %s was unknown", self.name, name)
                    return _Outcome(failed=(exc.message, exc))
            except DomainError as exc:
                log.warning("%s refused: %s (%s)", name, exc.message, type(exc).__name__)
                return _Outcome(failed=(exc.message, exc))
            except Exception as exc:
                log.exception("%s: %s failed", self.name, name)
                return _Outcome(failed=(internal_error(exc), exc))
            else:
                if attempt:
                    log.info("%s: %s stored after %d retries", self.name, name, attempt)
                return _Outcome(result=result)

    @staticmethod
    def _failure(op: Operation[Any], message: str, exc: BaseException) -> Callable[[], None]:
        if op.on_error is None:
            return functools.partial(log.info, "%s failed, nobody waits: %s", op.name, message)
        return functools.partial(op.on_error, message, exc)

    @Slot(object)
    def _on_worker_finished(self, payload: object) -> None:
        token, outcome = cast("tuple[int, _Outcome]", payload)
        op, settled = self._waiting.pop(token)
        self._pending -= 1
        if self._stopping.is_set():
            # After shutdown the screens that asked are gone (or going): an answer that
            # arrives now has nobody to show it to. What it did is stored already.
            log.debug("%s stopped: an answer was dropped", self.name)
            return
        try:
            if outcome.failed is not None:
                self._failure(op, *outcome.failed)()
            else:
                op.on_done(outcome.result)
        finally:
            if settled is not None:
                settled()

    def shutdown(self) -> None:
        """Wait for what was submitted; a write still unknown stops being retried. Answers
        still on their way to the GUI thread are dropped (their windows are closing)."""
        self._stopping.set()
        self._executor.shutdown(wait=True)
