"""Scans under stress: does every scan arrive exactly once, whole, at the workflow?

    .venv/bin/python -m bench.scan_burst [--scans 1000] [--slow-scans 200] [--json]

A driver thread plays a keyboard-wedge scanner: it posts key events with their own
timestamps into the real Qt event path (application event filter, focus widget, dialogs) at
1 ms per character and 20-50 ms between scans, while every database commit is slowed by
20 ms. Mid-burst the GUI thread is stalled once for 3 s and a message box is opened once (for
1.5 s). Each scan is a distinct GS1-128 code (GTIN + serial number) so every one is
accountable. Reported per run:

- delivered: scans that reached the workflow whole; lost: sent and never delivered;
  merged: delivered codes made of two scans; split: key runs that did not make a whole scan;
  misrouted: characters that ended up in a text field or dialog instead of the workflow;
- committed: accepted scan events in the database with the scans' serial numbers;
- scan-to-feedback p50/p99/max: from the scan's Enter to its result on the pack screen.

A second run types at 10 ms per character with the station's max gap set to 40 ms.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QElapsedTimer, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy import Engine, event, func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.bootstrap import build_station
from app.services.results import ScanResult
from app.settings import Settings
from app.ui.app import UiOptions, build_ui
from bench.common import stdout_to_stderr
from bench.scan_latency import machine_info, percentile
from tests.support.factories import seed

log = logging.getLogger("bench.scan_burst")
GTIN = "09506000134352"  # PHONE-X in the test data: needs a serial number per unit
KEY_EVENT = QEvent.Type(QEvent.registerEventType())


def code_for(index: int) -> str:
    return f"]C101{GTIN}21{index:08d}"


class _KeyDelivery(QEvent):
    def __init__(self, key: int, text: str, stamp_ms: int) -> None:
        super().__init__(KEY_EVENT)
        self.key = key
        self.text = text
        self.stamp_ms = stamp_ms


class Keyboard(QObject):
    """The window system's side: delivers posted keys to whatever has focus now (a dialog
    included), with the time the key was pressed, as X11 does."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self._window = window

    def event(self, delivery: QEvent) -> bool:
        if delivery.type() != KEY_EVENT:
            return super().event(delivery)
        assert isinstance(delivery, _KeyDelivery)
        # The focused widget; with none (a dialog just closed), the window the keyboard is on.
        target = QApplication.focusWidget() or QApplication.activeWindow() or self._window
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            key_event = QKeyEvent(kind, delivery.key, Qt.KeyboardModifier.NoModifier, delivery.text)
            key_event.setTimestamp(delivery.stamp_ms)
            QApplication.sendEvent(target, key_event)
        return True


def _key_of(char: str) -> int:
    if char == "]":
        return int(Qt.Key.Key_BracketRight.value)
    return ord(char.upper())


@dataclass
class BurstRun:
    name: str
    char_ms: float
    max_gap_ms: int
    scans: int
    delivered: int = 0
    lost: int = 0
    merged: int = 0
    split: int = 0
    misrouted: int = 0
    duplicates: int = 0
    committed: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    max_ms: float = 0.0
    wall_s: float = 0.0
    stall_s: float = 0.0
    message_box_shown: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return (
            self.delivered == self.scans
            and self.lost == self.merged == self.split == self.misrouted == self.duplicates == 0
            and self.committed == self.scans
        )


def slow_commits(engine: Engine, seconds: float) -> None:
    @event.listens_for(engine, "commit")
    def _slow(_conn: Any) -> None:
        time.sleep(seconds)


def run(name: str, scans: int, char_ms: float, max_gap_ms: int, stall: bool) -> BurstRun:
    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    result = BurstRun(name, char_ms, max_gap_ms, scans)
    with tempfile.TemporaryDirectory(prefix="packbench-burst-") as folder:
        url = f"sqlite:///{Path(folder) / 'burst.sqlite'}"
        engine = make_engine(url)
        schema.upgrade(engine)
        world = seed(engine, datetime.now(UTC), orders=[("BURST-1", [("PHONE-X", scans)])])
        slow_commits(engine, 0.020)
        settings = Settings(station="BURST-01", data_dir=Path(folder), database_url=url)
        station = build_station(settings, engine=engine)
        station.forbid_sql_on_gui_thread()
        ui = build_ui(
            app,
            station.packing,
            station.labels,
            station.record,
            UiOptions(scan_max_gap_ms=max_gap_ms, idle_lock_minutes=0, sound_volume=0.0),
        )
        ui.window.resize(1366, 768)
        ui.window.show()
        screen = ui.pack_screen
        screen.entry.setFocus()

        def settle(condition: Any, timeout_ms: int = 30_000) -> None:
            timer = QElapsedTimer()
            timer.start()
            while not condition() and timer.elapsed() < timeout_ms:
                app.processEvents()
                time.sleep(0.001)

        screen.handle_scan("BDG1001")
        settle(lambda: screen.session is not None and not screen.busy)
        screen.handle_scan(world.slips["BURST-1"])
        settle(lambda: screen.order is not None and not screen.busy)

        delivered: list[str] = []
        shown_at: list[float] = []
        bursts_not_scans: list[str] = []
        ui.capture.scanned.connect(delivered.append)
        ui.capture.burst.connect(
            lambda burst: bursts_not_scans.append(burst.text) if not burst.was_scan else None
        )

        def on_shown(scan: object) -> None:
            assert isinstance(scan, ScanResult)
            shown_at.append(time.monotonic())

        screen.scan_shown.connect(on_shown)

        keyboard = Keyboard(ui.window)
        enter_at: list[float] = []
        done = threading.Event()
        rng = random.Random(7)

        def drive() -> None:
            for index in range(scans):
                for char in code_for(index):
                    QCoreApplication.postEvent(
                        keyboard, _KeyDelivery(_key_of(char), char, int(time.monotonic() * 1000))
                    )
                    time.sleep(char_ms / 1000)
                enter_at.append(time.monotonic())
                QCoreApplication.postEvent(
                    keyboard,
                    _KeyDelivery(int(Qt.Key.Key_Return.value), "\r", int(time.monotonic() * 1000)),
                )
                time.sleep(rng.uniform(0.020, 0.050))
            done.set()

        expected_s = scans * (len(code_for(0)) * char_ms / 1000 + 0.035)
        box: list[QMessageBox] = []

        def stall_gui() -> None:
            started = time.monotonic()
            time.sleep(3.0)  # a slot that blocks the GUI thread: keys queue meanwhile
            result.stall_s = round(time.monotonic() - started, 2)

        def open_box() -> None:
            message = QMessageBox(
                QMessageBox.Icon.Warning, "Printer", "Paper low", parent=ui.window
            )
            message.setWindowModality(Qt.WindowModality.ApplicationModal)
            message.open()
            message.activateWindow()
            message.setFocus()
            box.append(message)
            result.message_box_shown = True
            QTimer.singleShot(1500, message.close)

        if stall:
            QTimer.singleShot(int(expected_s * 300), stall_gui)
            QTimer.singleShot(int(expected_s * 600), open_box)
        started = time.monotonic()
        driver = threading.Thread(target=drive, name="wedge-scanner")
        driver.start()
        settle(done.is_set, timeout_ms=int(expected_s * 3000) + 60_000)
        settle(lambda: not screen.busy and len(shown_at) >= len(delivered), 120_000)
        driver.join()
        result.wall_s = round(time.monotonic() - started, 1)

        sent = [code_for(index) for index in range(scans)]
        sent_set = set(sent)
        whole = [code for code in delivered if code in sent_set]
        result.delivered = len(set(whole))
        result.duplicates = len(whole) - len(set(whole))
        result.lost = len(sent_set - set(whole))
        result.merged = sum(1 for code in delivered if code not in sent_set and len(code) > 29)
        result.split = sum(1 for code in delivered if code not in sent_set and len(code) <= 29)
        result.split += len(bursts_not_scans)
        result.misrouted = len(screen.entry.text())
        latencies = sorted(
            (shown - entered) * 1000 for entered, shown in zip(enter_at, shown_at, strict=False)
        )
        if latencies:
            result.p50_ms = round(percentile(latencies, 0.50), 1)
            result.p99_ms = round(percentile(latencies, 0.99), 1)
            result.max_ms = round(latencies[-1], 1)

        def count_committed() -> int:
            with engine.connect() as conn:
                return int(
                    conn.execute(
                        select(func.count(func.distinct(t.scan_events.c.serial))).where(
                            t.scan_events.c.outcome == "accepted"
                        )
                    ).scalar_one()
                )

        holder: list[int] = []
        worker = threading.Thread(target=lambda: holder.append(count_committed()))
        worker.start()
        worker.join()
        result.committed = holder[0]
        ui.shutdown()
        ui.window.close()
        station.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scans", type=int, default=1000)
    parser.add_argument("--slow-scans", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with stdout_to_stderr():
        runs = [
            run("fast scanner, stall + message box", args.scans, 1.0, 80, stall=True),
            run("slow scanner (10 ms/char), max gap 40 ms", args.slow_scans, 10.0, 40, False),
        ]
    if args.json:
        print(
            json.dumps(
                {
                    "benchmark": "scan_burst",
                    "ok": all(r.clean for r in runs),
                    "results": [asdict(r) | {"clean": r.clean} for r in runs],
                    "machine": machine_info(),
                }
            )
        )
    else:
        header = (
            f"{'run':42} {'scans':>6} {'deliv':>6} {'lost':>5} {'merged':>6} {'split':>5} "
            f"{'misrt':>5} {'commit':>6} {'p50':>7} {'p99':>7} {'max':>7}"
        )
        print(header)
        for r in runs:
            print(
                f"{r.name:42} {r.scans:6d} {r.delivered:6d} {r.lost:5d} {r.merged:6d} "
                f"{r.split:5d} {r.misrouted:5d} {r.committed:6d} {r.p50_ms:7.1f} "
                f"{r.p99_ms:7.1f} {r.max_ms:7.1f}"
            )
        for r in runs:
            print(
                f"{r.name}: {r.wall_s} s; GUI stalled {r.stall_s} s; message box shown: "
                f"{r.message_box_shown}"
            )
        print("latency in ms from the scan's Enter to its result on screen")
    return 0 if all(r.clean for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
