"""A worker that was shut down drops the answers still on their way to the GUI thread: the
windows that asked are closing, and a late answer must not reach a deleted widget."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QApplication

from app.ui.runner import Operation, Worker


def test_answers_arriving_after_shutdown_are_dropped(qapp: QApplication) -> None:
    worker = Worker("late")
    done = threading.Event()
    shown: list[int] = []

    def work() -> int:
        done.set()
        return 7

    worker.run(Operation.read(work).then(shown.append))
    assert done.wait(5)
    worker.shutdown()  # the answer is queued for the GUI thread, not shown yet
    qapp.processEvents()
    assert shown == []
    assert worker.pending == 0


def test_answers_before_shutdown_are_shown(qapp: QApplication) -> None:
    worker = Worker("on time")
    shown: list[int] = []
    worker.run(Operation.read(lambda: 7).then(shown.append))
    while worker.pending:
        qapp.processEvents()
    worker.shutdown()
    assert shown == [7]
