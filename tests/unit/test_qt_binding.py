"""Guards against a Qt binding that would crash a station after hours of work."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_keep_the_reference_count_of_none(qapp: QApplication) -> None:
    # PySide6 6.12.0 releases a reference to None on every call of a method returning void.
    # On Python 3.11 None is not immortal: after enough calls the interpreter aborts. A station
    # makes such calls on every scan, so it must not drift.
    label = QLabel()
    timer = QTimer()
    before = sys.getrefcount(None)
    for _ in range(500):
        label.setText("x")
        timer.start(1000)
        timer.stop()
    # 1,500 void calls: the broken binding loses 1,500 references; a few may come and go.
    assert abs(sys.getrefcount(None) - before) < 50


class _Emitter(QObject):
    happened = Signal(bool)


def test_signal_emits_keep_the_reference_count_of_true(qapp: QApplication) -> None:
    # The same binding drops a reference to True on every Signal.emit() from Python.
    emitter = _Emitter()
    received: list[bool] = []
    emitter.happened.connect(received.append)
    before = sys.getrefcount(True)
    for _ in range(1000):
        emitter.happened.emit(True)
    received.clear()
    assert abs(sys.getrefcount(True) - before) < 50
