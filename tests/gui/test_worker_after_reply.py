"""The worker's ``after_reply`` work (the offline station's copy of a scan into its local
store) runs on the worker thread after the reply was sent, once per burst of operations."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.ui.runner import Operation, Worker


def test_after_reply_runs_after_the_reply_once_no_operation_waits(qtbot: QtBot) -> None:
    events: list[str] = []
    lock = threading.Lock()
    release = threading.Event()

    def note(event: str) -> None:
        with lock:
            events.append(event)

    def after_reply() -> None:
        note(f"after:{threading.current_thread().name.split('_')[0]}")

    def op(n: int) -> int:
        if n == 1:
            assert release.wait(5)  # the others are queued behind this one meanwhile
        note(f"op{n}")
        return n

    worker = Worker("burst", after_reply=after_reply)
    shown: list[int] = []
    for n in (1, 2, 3):
        worker.run(Operation.write(op, n).then(shown.append))
    release.set()
    qtbot.waitUntil(lambda: shown == [1, 2, 3] and "after:burst" in events)
    assert events == ["op1", "op2", "op3", "after:burst"]

    worker.run(Operation.write(op, 4).then(shown.append))
    qtbot.waitUntil(lambda: len(events) == 6)
    assert events[4:] == ["op4", "after:burst"]
    worker.shutdown()


@pytest.mark.allow_error_logs
def test_a_failing_after_reply_is_logged_and_the_worker_goes_on(
    qtbot: QtBot, fail_on_error_logs: Any
) -> None:
    def after_reply() -> None:
        raise RuntimeError("boom")

    worker = Worker("faulty", after_reply=after_reply)
    shown: list[int] = []
    worker.run(Operation.read(lambda: 1).then(shown.append))
    worker.run(Operation.read(lambda: 2).then(shown.append))
    qtbot.waitUntil(lambda: shown == [1, 2])
    worker.shutdown()
    messages = [record.getMessage() for record in fail_on_error_logs.records]
    assert messages and all("the work after the reply failed" in m for m in messages)
