"""A standard demo order packed with the scanner alone: sign in, slip, every unit, complete,
label. Every key press and click the application receives is counted; those that were not
part of a scan are the packer's non-scanner actions. Goal (issue 14): none."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid
from sqlalchemy import Engine

from app.bootstrap import build_station
from app.demo_build import build_demo
from app.domain.model import ScanOutcome
from app.settings import Settings
from app.ui.app import StationUi, UiOptions, build_ui
from app.ui.scan_capture import Burst
from tests.gui.test_pack_screen import WAIT_MS, wedge

MODIFIERS = {0x01000020, 0x01000021, 0x01000022, 0x01000023}  # Shift, Ctrl, Meta, Alt


@dataclass
class ActionCounter(QObject):
    """Counts every key press (a shortcut's key included) and mouse press the application
    gets; ``scanner_keys`` are the keys of the bursts the station took as scans (their
    characters and terminator)."""

    key_presses: int = 0
    clicks: int = 0
    scanner_keys: int = 0
    scans: list[str] = field(default_factory=list)
    _last: QWidget | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Qt hands one press to the widget that gets it, then to each of its parents while
        # nobody accepts it: a press seen again by an ancestor of its last receiver is the same.
        kind = event.type()
        if kind == QEvent.Type.Shortcut:  # a key that a shortcut took before any widget
            self.key_presses += 1
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress):
            return False
        again = (
            self._last is not None
            and isValid(self._last)  # the last receiver may be gone (a closed popup)
            and isinstance(watched, QWidget)
            and watched is not self._last
            and watched.isAncestorOf(self._last)
        )
        self._last = watched if isinstance(watched, QWidget) else None
        if again:
            return False
        if isinstance(event, QKeyEvent) and event.key() not in MODIFIERS:
            self.key_presses += 1
        elif isinstance(event, QMouseEvent):
            self.clicks += 1
        return False

    def on_burst(self, burst: Burst) -> None:
        if burst.was_scan:
            self.scanner_keys += len(burst.text) + 1  # the terminator (Enter)
            self.scans.append(burst.text)

    @property
    def non_scanner_actions(self) -> int:
        return self.key_presses - self.scanner_keys + self.clicks


@pytest.fixture
def demo_ui(qapp: QApplication, engine: Engine, tmp_path: Path) -> Iterator[StationUi]:
    demo = build_demo(engine, datetime.now(UTC), history=False)
    settings = Settings(station="PACK-01", data_dir=tmp_path, printer_kind="file")
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(qapp, station.packing, station.labels, station.record, UiOptions())
    ui.window.resize(1920, 1080)
    ui.window.show()
    ui.pack_screen.entry.setFocus()
    ui.demo = demo  # type: ignore[attr-defined]
    yield ui
    ui.shutdown()
    qapp.removeEventFilter(ui.capture)
    ui.window.close()
    ui.window.deleteLater()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    del ui
    gc.collect()  # the station's objects go now, not in the middle of a later test


def test_a_demo_order_needs_no_key_and_no_click(qtbot: QtBot, demo_ui: StationUi) -> None:
    summary = demo_ui.demo.summary  # type: ignore[attr-defined]
    screen = demo_ui.pack_screen
    order = next(o for o in summary.orders if len(o.lines) > 1 and o.tote_code is None)
    counter = ActionCounter()
    demo_ui.capture.burst.connect(counter.on_burst)
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:

        def scan(code: str) -> None:
            wedge(screen.entry, code)  # the field has the focus at the station
            qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)

        packer = next(badge for badge in summary.badges if badge.role == "packer")
        scan(packer.code)
        assert screen.session is not None and screen.session.user_name == packer.name
        scan(order.slip_code)
        assert screen.order is not None and screen.order.reference == order.reference
        outcomes = []
        for line in order.lines:
            for _ in range(line.quantity):
                with qtbot.waitSignal(screen.scan_shown, timeout=WAIT_MS) as shown:
                    scan(line.ean13)
                outcomes.append(shown.args[0].outcome)
        assert set(outcomes) == {ScanOutcome.ACCEPTED}
        assert screen.order.fully_verified
        scan("CMDCOMPLETE")
        qtbot.waitUntil(
            lambda: screen.last_report is not None and screen.last_report.state == "sent",
            timeout=WAIT_MS,
        )
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    assert screen.order is None
    assert screen.last_report is not None and screen.last_report.error is None
    units = sum(line.quantity for line in order.lines)
    assert len(counter.scans) == 3 + units  # badge, slip, every unit, COMPLETE
    assert counter.key_presses == counter.scanner_keys > 0  # the counter saw the scans' keys
    assert counter.non_scanner_actions == 0, counter


def test_the_counter_counts_keys_and_clicks_once(qtbot: QtBot, demo_ui: StationUi) -> None:
    """The measure can fail: a key press and a click that are not scans are counted, once
    each, while a scan's keys are not."""
    screen = demo_ui.pack_screen
    counter = ActionCounter()
    demo_ui.capture.burst.connect(counter.on_burst)
    QApplication.instance().installEventFilter(counter)  # type: ignore[union-attr]
    try:
        badge = next(b for b in demo_ui.demo.summary.badges if b.role == "packer")  # type: ignore[attr-defined]
        wedge(screen.entry, badge.code)
        qtbot.waitUntil(lambda: screen.session is not None, timeout=WAIT_MS)
        QTest.keyClick(screen.entry, Qt.Key.Key_F5)  # Next order by key
        QTest.mouseClick(demo_ui.window.test_scan_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    finally:
        QApplication.instance().removeEventFilter(counter)  # type: ignore[union-attr]
    assert counter.scans == [badge.code]
    assert (counter.key_presses, counter.clicks) == (len(badge.code) + 2, 1)
    assert counter.non_scanner_actions == 2
