"""The step queue and the typed runner, without the pack screen: a real worker thread, plain
functions as use cases."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.domain.errors import DatabaseUnavailable, DomainError, OutcomeUnknown
from app.ui.runner import Access, Operation, Worker
from app.ui.steps import StepQueue

WAIT_MS = 5000


@dataclass
class Store:
    """A use case's side: writes keyed by id, so a retry returns what was stored."""

    rows: dict[str, int] = field(default_factory=dict)
    calls: list[str] = field(default_factory=list)
    lose_replies: int = 0
    gate: threading.Event | None = None

    def add(self, uid: str, units: int) -> int:
        self.calls.append(uid)
        if self.gate is not None:
            self.gate.wait(10)
        if uid not in self.rows:
            self.rows[uid] = units
        if self.lose_replies:
            self.lose_replies -= 1
            raise OutcomeUnknown("The connection dropped while saving.")
        return sum(self.rows.values())

    def total(self) -> int:
        return sum(self.rows.values())


@dataclass
class Shown:
    results: list[object] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def failed(self, message: str, _exc: BaseException) -> None:
        self.errors.append(message)


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("test-db", retry_delays_s=(0.01, 0.02, 0.05))
    yield worker
    worker.shutdown()


@pytest.fixture
def shown() -> Shown:
    return Shown()


@pytest.fixture
def queue(worker: Worker, shown: Shown) -> StepQueue:
    return StepQueue(worker, shown.failed, saving_after_ms=100)


def test_an_operation_is_typed_by_its_result(qtbot: QtBot, worker: Worker) -> None:
    store = Store()
    got: list[int] = []

    def total_plus_one(result: int) -> None:
        got.append(result + 1)

    op: Operation[int] = Operation.write(store.add, "a", 2).then(total_plus_one)
    assert op.access is Access.WRITE and op.name == "add"
    assert Operation.read(store.total).access is Access.READ
    worker.run(op)
    qtbot.waitUntil(lambda: got == [3], timeout=WAIT_MS)
    assert worker.pending == 0


def test_steps_are_decided_in_order_each_after_the_last_result(
    qtbot: QtBot, queue: StepQueue, shown: Shown
) -> None:
    store = Store()
    seen_when_deciding: list[int] = []

    def step(uid: str) -> Callable[[], Operation[int] | None]:
        def decide() -> Operation[int] | None:
            seen_when_deciding.append(len(shown.results))
            return Operation.write(store.add, uid, 1).then(shown.results.append)

        return decide

    for uid in "abcde":
        assert queue.add(uid, step(uid))
    assert queue.busy
    qtbot.waitUntil(lambda: not queue.busy, timeout=WAIT_MS)
    assert store.calls == list("abcde")
    assert shown.results == [1, 2, 3, 4, 5]
    assert seen_when_deciding == [0, 1, 2, 3, 4]


@pytest.mark.allow_error_logs
def test_a_refusal_shows_its_message_and_the_queue_goes_on(
    qtbot: QtBot, queue: StepQueue, shown: Shown, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(_uid: str, _units: int) -> int:
        raise DomainError("Scan your badge first.")

    def unavailable(_uid: str, _units: int) -> int:
        raise DatabaseUnavailable("The database cannot be reached. Nothing was saved.")

    def bug() -> Operation[int] | None:
        raise ZeroDivisionError

    store = Store()
    queue.add("refused", lambda: Operation.write(refuse, "x", 1))
    queue.add("nothing to run", lambda: None)
    queue.add("down", lambda: Operation.write(unavailable, "y", 1))
    queue.add("buggy step", bug)
    queue.add("ok", lambda: Operation.write(store.add, "z", 1).then(shown.results.append))
    qtbot.waitUntil(lambda: not queue.busy, timeout=WAIT_MS)
    assert shown.errors == [
        "Scan your badge first.",
        "The database cannot be reached. Nothing was saved.",
        "Internal error (ZeroDivisionError). Call a supervisor.",
    ]
    assert shown.results == [1]
    # The bug, and only the bug, is logged as an error with its traceback.
    errors = [record for record in caplog.records if record.levelname == "ERROR"]
    assert [record.getMessage() for record in errors] == ["deciding buggy step failed"]
    assert errors[0].exc_info is not None


def test_a_write_whose_reply_was_lost_is_sent_again_with_the_same_id(
    qtbot: QtBot, queue: StepQueue, shown: Shown
) -> None:
    store = Store(lose_replies=3)
    saving: list[bool] = []
    queue.saving_changed.connect(saving.append)
    store.gate = threading.Event()  # the first attempt hangs long enough to show "Saving"
    queue.add("scan 1", lambda: Operation.write(store.add, "uid-1", 1).then(shown.results.append))
    queue.add("scan 2", lambda: Operation.write(store.add, "uid-2", 1).then(shown.results.append))
    qtbot.waitUntil(lambda: saving == [True], timeout=WAIT_MS)
    assert store.calls == ["uid-1"]
    store.gate.set()
    qtbot.waitUntil(lambda: not queue.busy, timeout=WAIT_MS)
    # Four attempts under the same id, stored once; the later scan waited behind it.
    assert store.calls == ["uid-1", "uid-1", "uid-1", "uid-1", "uid-2"]
    assert store.rows == {"uid-1": 1, "uid-2": 1}
    assert shown.results == [1, 2]
    assert shown.errors == []
    assert saving == [True, False]


def test_a_read_whose_reply_was_lost_is_a_message_not_a_retry(
    qtbot: QtBot, queue: StepQueue, shown: Shown
) -> None:
    calls: list[int] = []

    def poll() -> int:
        calls.append(1)
        raise OutcomeUnknown("The connection dropped.")

    queue.add("poll", lambda: Operation.read(poll), Access.READ)
    qtbot.waitUntil(lambda: not queue.busy, timeout=WAIT_MS)
    assert calls == [1]
    assert shown.errors == ["The connection dropped."]


def test_quick_writes_show_no_saving(qtbot: QtBot, queue: StepQueue) -> None:
    store = Store()
    saving: list[bool] = []
    queue.saving_changed.connect(saving.append)
    queue.add("scan", lambda: Operation.write(store.add, "a", 1))
    qtbot.waitUntil(lambda: not queue.busy, timeout=WAIT_MS)
    qtbot.wait(150)  # longer than saving_after_ms: the indicator never came
    assert saving == []


def test_finish_waits_for_queued_writes_and_drops_reads(
    qtbot: QtBot, queue: StepQueue, shown: Shown
) -> None:
    gate = threading.Event()
    store = Store(gate=gate)
    read_calls: list[int] = []
    finished: list[int] = []

    def read_total() -> int:
        read_calls.append(1)
        return store.total()

    def scan(uid: str) -> Callable[[], Operation[int]]:
        return lambda: Operation.write(store.add, uid, 1)

    for uid in ("a", "b", "c"):
        queue.add(uid, scan(uid))
    queue.add("poll", lambda: Operation.read(read_total), Access.READ)
    queue.add("d", lambda: Operation.write(store.add, "d", 1).then(shown.results.append))
    queue.finish(lambda: finished.append(store.total()))
    assert not queue.add("late", lambda: Operation.write(store.add, "late", 1))
    assert finished == []
    gate.set()
    qtbot.waitUntil(lambda: finished == [4], timeout=WAIT_MS)
    assert store.calls == ["a", "b", "c", "d"]
    assert read_calls == []
    assert shown.results == [4]


def test_finish_with_nothing_pending_calls_back_at_once(queue: StepQueue) -> None:
    finished: list[bool] = []
    queue.finish(lambda: finished.append(True))
    assert finished == [True]
