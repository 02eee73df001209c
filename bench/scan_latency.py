"""Scan latency on the pack screen: from a scan's Enter key to its result painted, committed.

What is measured
    For each scan, the time from just before the keyboard-wedge scanner's Enter key event is
    sent (t0) to the moment the pack screen's banner has painted the scan's result (t1). In
    between, the whole real path runs: the application-wide ``ScanCapture`` event filter, the
    pack screen's queue of steps, the database worker thread, ``PackingService.record_scan`` in
    one committed transaction on a real database, the result signal back to the GUI thread,
    the order lines model and the banner, and Qt's repaint of the window (offscreen).
    Two parts of that time are reported too: "result" (Enter until ``PackScreen.scan_shown``
    is emitted on the GUI thread, i.e. everything up to and including the commit) and "paint"
    (from there until the banner has painted).

How it is driven
    Like a keyboard-wedge scanner: one ``QKeyEvent`` press and release per character sent
    back to back to the focused widget through ``QApplication.sendEvent``, then Enter. The
    packer signs in by scanning badge ``BDG1001`` and opens the order by scanning its slip.
    Scans run one at a time: the next one is typed only after the previous result was painted.

What is checked
    Afterwards, on a worker thread (``forbid_sql_on_gui_thread`` is on for the whole run),
    every scan must be in ``scan_events`` under the ``scan_uid`` its result carried, with the
    same outcome, no other scan event may exist for the order, and every order line's
    ``verified_qty`` must equal the accepted scans of it. The run fails (exit status 1) if a
    result is missing or has an unexpected outcome, a scan was not committed, an order line
    does not match, SQL ran (or tried to run) on the GUI thread, a slot raised or an error was
    logged.

The data
    One order (``BENCH-1``) whose lines take exactly the accepted scans (three products in
    turn; lines of at most 300 units). The first ``--warmup`` accepted scans are committed and
    checked but left out of the figures. After every ``--reject-every`` measured accepted
    scans comes one rejected scan (a wrong item and an unknown barcode in turn); rejected scans
    are reported on their own rows, never mixed into the accepted figures.

The direct comparison
    After the GUI measurement, on a worker thread through the same engine: ``record_scan``
    called directly (no GUI) against the least a scan needs in one transaction (a SELECT
    resolving barcode and line, an INSERT of the scan event, an UPDATE of the line's
    ``verified_qty``), alternately, ``--direct-scans`` times each; each call timed with its
    commit, and the statements of each ``record_scan`` counted (``before_cursor_execute`` on
    the measuring thread). Reported as ``statements_per_scan``, ``record_scan_ms_p50_<db>``,
    ``baseline_ms_p50_<db>`` and ``ratio_<db>``.

Run it from the project root::

    .venv/bin/python -m bench.scan_latency                   # both databases, 500 scans each
    .venv/bin/python -m bench.scan_latency --db sqlite --scans 2000
    .venv/bin/python -m bench.scan_latency --json > bench/out/scan_latency.json
    .venv/bin/python -m bench.scan_latency --samples bench/out/scans.csv  # every scan's times

SQLite is a file in a temporary directory; PostgreSQL is a throwaway server started with
``tests.support.pgserver.start_server()`` and stopped at the end. The station runs full
screen, laid out and scaled for its screen as at a packing station: ``QT_QPA_PLATFORM`` is set
to ``offscreen`` with one screen of ``--screen`` (1920x1080) unless it is already set.
With ``--json`` exactly one JSON object is written to stdout; everything else (logs,
progress) goes to stderr.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import os
import platform
import sqlite3
import sys
import tempfile
import threading
import time
import types
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import PySide6
import sqlalchemy
from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer, qVersion
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import Engine, and_, event, func, insert, select, update

from app import __version__
from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.bootstrap import Station, build_station
from app.domain.model import ScanOutcome
from app.gui import ui_options
from app.services.results import ScanResult
from app.settings import Settings
from app.ui.app import StationUi, build_ui
from app.ui.style import scale_for_screen
from bench.common import stdout_to_stderr
from tests.support.factories import PRODUCTS, World, ean13, seed
from tests.support.pgserver import PgServer, start_server

log = logging.getLogger("bench.scan_latency")

DATABASES = ("sqlite", "postgresql")
ORDER_REFERENCE = "BENCH-1"
DIRECT_REFERENCE = "BENCH-2"  # scanned through direct record_scan calls
BASELINE_REFERENCE = "BENCH-3"  # scanned by the minimal 3-statement transaction
DIRECT_STATION = "BENCH-DIRECT"
BADGE = "BDG1001"
# Scanned in turn for the accepted scans; PEN-BLK is seeded but never ordered: a wrong item.
ORDERED_SKUS = ("MUG-BLUE", "CABLE-C1", "NOTE-A5")
WRONG_SKU = "PEN-BLK"
UNKNOWN_CODE = ean13("400638139999")  # a valid EAN-13 that no product has
MAX_LINE_QUANTITY = 300


class BenchError(RuntimeError):
    """The benchmark could not run (as opposed to a run with failed checks)."""


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlannedScan:
    code: str
    accepted: bool  # expected outcome: accepted, or rejected (wrong item / unknown barcode)
    measured: bool  # False for the warm-up scans


def plan_scans(
    scans: int, warmup: int, reject_every: int, codes: dict[str, str]
) -> list[PlannedScan]:
    """Warm-up scans, then ``scans`` accepted ones with a rejected one after every
    ``reject_every`` of them (0: none)."""
    plan: list[PlannedScan] = []
    rejects = (codes[WRONG_SKU], UNKNOWN_CODE)
    for number in range(warmup + scans):
        sku = ORDERED_SKUS[number % len(ORDERED_SKUS)]
        measured = number >= warmup
        plan.append(PlannedScan(codes[sku], accepted=True, measured=measured))
        done = number - warmup + 1
        if measured and reject_every and done % reject_every == 0:
            reject = rejects[(done // reject_every - 1) % len(rejects)]
            plan.append(PlannedScan(reject, accepted=False, measured=True))
    return plan


def order_lines_for(total_accepted: int) -> list[tuple[str, int]]:
    """Order lines taking exactly ``total_accepted`` scans of ``ORDERED_SKUS`` in turn."""
    per_sku = Counter(ORDERED_SKUS[n % len(ORDERED_SKUS)] for n in range(total_accepted))
    lines: list[tuple[str, int]] = []
    for sku in ORDERED_SKUS:
        remaining = per_sku[sku]
        while remaining > 0:
            quantity = min(remaining, MAX_LINE_QUANTITY)
            lines.append((sku, quantity))
            remaining -= quantity
    return lines


# --------------------------------------------------------------------------- driving Qt


@dataclass
class ScanTiming:
    planned: PlannedScan
    total_ns: int | None = None  # Enter -> banner painted
    result_ns: int | None = None  # Enter -> scan_shown on the GUI thread
    scan_uid: str | None = None
    outcome: ScanOutcome | None = None
    problem: str | None = None

    @property
    def paint_ns(self) -> int | None:
        if self.total_ns is None or self.result_ns is None:
            return None
        return self.total_ns - self.result_ns


class ScreenProbe(QObject):
    """Watches the pack screen: scan results, banner changes and the banner's paint events.

    ``wait_until`` runs a local event loop that wakes on each of those, so waiting never
    sleeps: the time it reports is the time the event arrived.
    """

    def __init__(self, ui: StationUi) -> None:
        super().__init__()
        self._screen = ui.pack_screen
        self._loop = QEventLoop(self)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._wake)
        self._armed = False
        self.result: ScanResult | None = None
        self.result_at_ns: int | None = None
        self.painted_at_ns: int | None = None
        self.failure: str | None = None
        self.banner_text = ""
        self._banner_changed = False
        self._screen.scan_shown.connect(self._on_pack_screen_scan_shown)
        self._screen.banner_changed.connect(self._on_pack_screen_banner_changed)
        self._screen.banner.installEventFilter(self)

    def arm(self) -> None:
        """Start watching for one scan's result and the paint that shows it."""
        self._armed = True
        self.result = None
        self.result_at_ns = None
        self.painted_at_ns = None
        self.failure = None
        self._banner_changed = False

    @property
    def scan_done(self) -> bool:
        self._check_step_failed()
        return self.painted_at_ns is not None or self.failure is not None

    def wait_until(self, condition: Callable[[], bool], timeout_s: float) -> bool:
        deadline = time.monotonic() + timeout_s
        try:
            while not condition():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._deadline.start(max(1, math.ceil(remaining * 1000)))
                self._loop.exec()
            return True
        finally:
            self._deadline.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self._screen.banner
            and event.type() == QEvent.Type.Paint
            and self._armed
            and self.result is not None
            and self.painted_at_ns is None
        ):
            # Let the banner paint first, then take the time: t1 is "painted", not "about to".
            self._screen.banner.event(event)
            self.painted_at_ns = time.perf_counter_ns()
            self._armed = False
            self._wake()
            return True
        return False

    def _on_pack_screen_scan_shown(self, result: object) -> None:
        if self._armed and self.result is None:
            assert isinstance(result, ScanResult)
            self.result_at_ns = time.perf_counter_ns()
            self.result = result

    def _on_pack_screen_banner_changed(self, text: str) -> None:
        self.banner_text = text
        if self._armed and self.result is None:
            self._banner_changed = True
        self._wake()

    def _check_step_failed(self) -> None:
        # A scan's result sets the banner and emits scan_shown in the same slot, before the
        # step is done; a banner change without scan_shown once the queue is idle is a step
        # that failed. Checked between events, so never half-way through that slot.
        if self._armed and self._banner_changed and self.result is None and not self._screen.busy:
            self.failure = f"no scan result; the banner says {self.banner_text!r}"
            self._armed = False

    def _wake(self) -> None:
        if self._loop.isRunning():
            self._loop.quit()


class WedgeScanner:
    """Types codes into the application the way a keyboard-wedge scanner does."""

    def __init__(self, window: QWidget) -> None:
        self._window = window

    def scan(self, code: str) -> int:
        """Send ``code`` then Enter; return ``perf_counter_ns()`` taken just before Enter."""
        target = QApplication.focusWidget() or self._window
        for char in code:
            self._click(target, _key_of(char), _modifiers_of(char), char)
        started = time.perf_counter_ns()
        self._click(target, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier, "\r")
        return started

    @staticmethod
    def _click(target: QWidget, key: Qt.Key, modifiers: Qt.KeyboardModifier, text: str) -> None:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))


def _key_of(char: str) -> Qt.Key:
    # Qt's key codes for digits and letters are their upper-case ASCII codes.
    return Qt.Key(ord(char.upper()))


def _modifiers_of(char: str) -> Qt.KeyboardModifier:
    return Qt.KeyboardModifier.ShiftModifier if char.isupper() else Qt.KeyboardModifier.NoModifier


# --------------------------------------------------------------------------- watching


class SqlWatch:
    """Counts statements by thread: the GUI thread (must stay 0) and all others."""

    def __init__(self, engine: Engine) -> None:
        self._gui = threading.main_thread().ident
        self.on_gui_thread = 0
        self.elsewhere = 0
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: Any) -> None:
        if threading.get_ident() == self._gui:
            self.on_gui_thread += 1
        else:
            self.elsewhere += 1


class Trouble(logging.Handler):
    """Collects error logs and exceptions raised in Qt slots during a run."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"error logged by {record.name}: {record.getMessage()}")

    def excepthook(
        self,
        kind: type[BaseException],
        value: BaseException,
        tb: types.TracebackType | None,
    ) -> None:
        self.messages.append(f"exception in a slot: {kind.__name__}: {value}")
        sys.__excepthook__(kind, value, tb)


@contextmanager
def watching_for_trouble() -> Iterator[Trouble]:
    trouble = Trouble()
    root = logging.getLogger()
    root.addHandler(trouble)
    previous = sys.excepthook
    sys.excepthook = trouble.excepthook
    try:
        yield trouble
    finally:
        sys.excepthook = previous
        root.removeHandler(trouble)


# --------------------------------------------------------------------------- one database


@dataclass
class Figures:
    scans: int
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float

    @classmethod
    def of(cls, samples_ns: Sequence[int]) -> Figures:
        values = sorted(ns / 1e6 for ns in samples_ns)
        if not values:
            nan = float("nan")
            return cls(0, nan, nan, nan, nan, nan)
        return cls(
            scans=len(values),
            p50_ms=percentile(values, 0.50),
            p90_ms=percentile(values, 0.90),
            p99_ms=percentile(values, 0.99),
            max_ms=values[-1],
            mean_ms=sum(values) / len(values),
        )


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default) over sorted values."""
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass
class DatabaseRun:
    database: str
    server: str
    timings: list[ScanTiming]
    committed: int = 0
    rejected_committed: int = 0
    order_lines_match: bool = False
    sql_on_gui_thread: int = 0
    statements_per_scan: float = float("nan")
    direct: DirectRun | None = None
    wall_s: float = 0.0
    problems: list[str] = field(default_factory=list)

    def measured(self, accepted: bool) -> list[ScanTiming]:
        return [
            timing
            for timing in self.timings
            if timing.planned.measured and timing.planned.accepted is accepted
        ]

    @property
    def missing(self) -> int:
        return sum(1 for timing in self.timings if timing.total_ns is None)

    def figures(self, accepted: bool = True, part: str = "total") -> Figures:
        samples = [getattr(timing, f"{part}_ns") for timing in self.measured(accepted)]
        return Figures.of([ns for ns in samples if ns is not None])

    def as_json(self) -> dict[str, Any]:
        accepted = self.figures()
        rejected = self.figures(accepted=False)
        result = self.figures(part="result")
        paint = self.figures(part="paint")
        return {
            "database": self.database,
            "server": self.server,
            "scans": accepted.scans,
            "p50_ms": _round(accepted.p50_ms),
            "p90_ms": _round(accepted.p90_ms),
            "p99_ms": _round(accepted.p99_ms),
            "max_ms": _round(accepted.max_ms),
            "mean_ms": _round(accepted.mean_ms),
            "result_p50_ms": _round(result.p50_ms),
            "result_p99_ms": _round(result.p99_ms),
            "paint_p50_ms": _round(paint.p50_ms),
            "paint_p99_ms": _round(paint.p99_ms),
            "committed": self.committed,
            "missing": self.missing,
            "order_lines_match": self.order_lines_match,
            "sql_on_gui_thread": self.sql_on_gui_thread,
            "sql_statements_per_scan": _round(self.statements_per_scan),
            "warmup_scans": sum(1 for timing in self.timings if not timing.planned.measured),
            "rejected": {
                "scans": rejected.scans,
                "p50_ms": _round(rejected.p50_ms),
                "p90_ms": _round(rejected.p90_ms),
                "max_ms": _round(rejected.max_ms),
                "committed": self.rejected_committed,
            },
            **(self.direct.as_json() if self.direct else {}),
            "wall_s": round(self.wall_s, 2),
            "problems": self.problems,
        }


def _round(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 3)


@dataclass(frozen=True)
class Options:
    scans: int
    warmup: int
    reject_every: int
    timeout_s: float
    direct_scans: int = 500


def run_database(
    app: QApplication, database: str, options: Options, pg: Callable[[], PgServer]
) -> DatabaseRun:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"packbench-bench-{database}-") as folder:
        if database == "sqlite":
            url = f"sqlite:///{Path(folder) / 'packbench.sqlite'}"
            server = f"SQLite {sqlite3.sqlite_version}"
        else:
            pg_server = pg()
            url = pg_server.create_database("bench_scan_latency")
            server = f"PostgreSQL {_pg_version(pg_server.version_num)}"
        log.info("%s: migrating and seeding %s", database, server)
        engine = make_engine(url)
        try:
            schema.upgrade(engine)
            now = datetime.now(UTC)
            codes = {sku: ean13(body) for sku, _name, body in PRODUCTS}
            plan = plan_scans(options.scans, options.warmup, options.reject_every, codes)
            lines = order_lines_for(sum(1 for scan in plan if scan.accepted))
            direct_lines = order_lines_for(options.direct_scans + options.warmup)
            orders = [(ORDER_REFERENCE, lines)]
            if options.direct_scans:
                orders += [(DIRECT_REFERENCE, direct_lines), (BASELINE_REFERENCE, direct_lines)]
            world = seed(engine, now, orders=orders, range_size=10)
            with engine.begin() as conn:
                # The rejected scans are measured as scans: none waits to be acknowledged
                # (a site's default would refuse the next scan until ACKNOWLEDGE).
                conn.execute(
                    insert(t.site_settings).values(
                        key="acknowledge_outcomes", value="none", updated_at=now
                    )
                )
            if world.product_codes != codes:
                raise BenchError("tests.support.factories made other product codes than planned")
            settings = Settings(
                station="BENCH-01", database_url=url, data_dir=Path(folder), printer_kind="file"
            )
            station = build_station(settings, engine=engine)
            run = DatabaseRun(database, server, [])
            with watching_for_trouble() as trouble:
                drive_station(app, station, settings, world, plan, options, run)
                if options.direct_scans:
                    # Off the GUI thread: SQL there stays forbidden for the whole run.
                    with ThreadPoolExecutor(1, thread_name_prefix="bench-direct") as pool:
                        run.direct = pool.submit(measure_direct, station, world, options).result()
                    run.problems.extend(run.direct.problems)
                run.problems.extend(trouble.messages)
            run.wall_s = time.monotonic() - started
            return run
        finally:
            engine.dispose()


def drive_station(
    app: QApplication,
    station: Station,
    settings: Settings,
    world: World,
    plan: list[PlannedScan],
    options: Options,
    run: DatabaseRun,
) -> None:
    sql = SqlWatch(station.engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        app,
        station.packing,
        station.labels,
        station.record,
        ui_options(settings, scale_for_screen(app.primaryScreen())),
    )
    try:
        ui.window.showFullScreen()  # as a station runs: the layout and type of its screen
        ui.pack_screen.entry.setFocus()
        if not QTest.qWaitForWindowExposed(ui.window, 5000):
            raise BenchError("the window was never exposed")
        probe = ScreenProbe(ui)
        scanner = WedgeScanner(ui.window)
        screen = ui.pack_screen
        order_id = world.orders[ORDER_REFERENCE]

        scanner.scan(BADGE)
        if not probe.wait_until(lambda: screen.session is not None, options.timeout_s):
            raise BenchError(f"sign-in failed; the banner says {probe.banner_text!r}")
        scanner.scan(world.slips[ORDER_REFERENCE])
        opened = probe.wait_until(
            lambda: screen.order is not None and screen.order.id == order_id, options.timeout_s
        )
        if not opened:
            raise BenchError(f"the order did not open; the banner says {probe.banner_text!r}")
        probe.wait_until(lambda: not screen.busy, options.timeout_s)
        log.info("%s: signed in, order %s open; %d scans", run.database, ORDER_REFERENCE, len(plan))

        statements_before = sql.elsewhere
        for number, planned in enumerate(plan, start=1):
            run.timings.append(scan_once(probe, scanner, planned, options.timeout_s))
            if number % 100 == 0:
                log.info("%s: %d of %d scans", run.database, number, len(plan))
        scans_sent = len(plan)
        run.statements_per_scan = (sql.elsewhere - statements_before) / max(scans_sent, 1)
        probe.wait_until(lambda: not screen.busy, options.timeout_s)
    finally:
        ui.window.close()
        ui.shutdown()
        ui.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    run.problems.extend(timing.problem for timing in run.timings if timing.problem)
    verify_committed(station.engine, order_id, run)
    run.sql_on_gui_thread = sql.on_gui_thread
    if sql.on_gui_thread:
        run.problems.append(f"{sql.on_gui_thread} SQL statement(s) on the GUI thread")


def scan_once(
    probe: ScreenProbe, scanner: WedgeScanner, planned: PlannedScan, timeout_s: float
) -> ScanTiming:
    timing = ScanTiming(planned)
    probe.arm()
    started = scanner.scan(planned.code)
    if not probe.wait_until(lambda: probe.scan_done, timeout_s):
        timing.problem = f"scan {planned.code}: no result painted within {timeout_s:g} s"
        return timing
    if probe.failure is not None or probe.result is None:
        timing.problem = f"scan {planned.code}: {probe.failure}"
        return timing
    assert probe.result_at_ns is not None and probe.painted_at_ns is not None
    timing.result_ns = probe.result_at_ns - started
    timing.total_ns = probe.painted_at_ns - started
    timing.scan_uid = probe.result.scan_uid
    timing.outcome = probe.result.outcome
    expected = (
        {ScanOutcome.ACCEPTED}
        if planned.accepted
        else {ScanOutcome.WRONG_ITEM, ScanOutcome.UNKNOWN_BARCODE}
    )
    if timing.outcome not in expected:
        timing.problem = f"scan {planned.code}: unexpected outcome {timing.outcome.value}"
    return timing


def verify_committed(engine: Engine, order_id: int, run: DatabaseRun) -> None:
    """Compare what the screen showed with what the database holds (on a worker thread)."""

    def read() -> tuple[dict[str, tuple[str, int | None, int]], list[tuple[int, int, int]]]:
        with engine.connect() as conn:
            events = conn.execute(
                select(
                    t.scan_events.c.scan_uid,
                    t.scan_events.c.outcome,
                    t.scan_events.c.line_id,
                    t.scan_events.c.units,
                ).where(t.scan_events.c.order_id == order_id)
            ).all()
            lines = conn.execute(
                select(t.order_lines.c.id, t.order_lines.c.quantity, t.order_lines.c.verified_qty)
                .where(t.order_lines.c.order_id == order_id)
                .order_by(t.order_lines.c.line_no)
            ).all()
        stored = {row.scan_uid: (row.outcome, row.line_id, row.units) for row in events}
        return stored, [(row.id, row.quantity, row.verified_qty) for row in lines]

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="bench-verify") as pool:
        stored, lines = pool.submit(read).result()

    shown_uids: set[str] = set()
    accepted_units: Counter[int] = Counter()
    for timing in run.timings:
        if timing.scan_uid is None or timing.outcome is None:
            continue
        shown_uids.add(timing.scan_uid)
        row = stored.get(timing.scan_uid)
        if row is None or row[0] != timing.outcome.value:
            run.problems.append(
                f"scan {timing.scan_uid} ({timing.outcome.value}) is not committed as shown"
            )
            continue
        if row[0] == ScanOutcome.ACCEPTED.value and row[1] is not None:
            accepted_units[row[1]] += row[2]
        if timing.planned.measured and timing.planned.accepted:
            run.committed += 1
        elif timing.planned.measured:
            run.rejected_committed += 1
    extra = set(stored) - shown_uids
    if extra:
        run.problems.append(f"{len(extra)} scan event(s) in the database were never shown")
    expected_accepted = sum(1 for timing in run.timings if timing.planned.accepted)
    run.order_lines_match = (
        all(
            verified == quantity == accepted_units[line_id] for line_id, quantity, verified in lines
        )
        and sum(quantity for _, quantity, _ in lines) == expected_accepted
    )
    if not run.order_lines_match:
        run.problems.append(
            "order lines do not match the accepted scans: "
            + ", ".join(
                f"line {line_id}: {verified} of {quantity} stored, "
                f"{accepted_units[line_id]} accepted"
                for line_id, quantity, verified in lines
            )
        )


# --------------------------------------------------------------------------- direct calls


class ThreadStatements:
    """Counts the statements one thread sends through an engine (``before_cursor_execute``:
    ``BEGIN`` on SQLite included, PostgreSQL's pool pre-ping not)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._thread = threading.get_ident()
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._on_execute)

    def _on_execute(self, *_args: Any) -> None:
        if threading.get_ident() == self._thread:
            self.count += 1

    def close(self) -> None:
        event.remove(self._engine, "before_cursor_execute", self._on_execute)


@dataclass
class DirectRun:
    """``PackingService.record_scan`` called directly, against the minimal transaction."""

    record_scan_ns: list[int] = field(default_factory=list)
    baseline_ns: list[int] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)  # per measured record_scan
    baseline_statements: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        baseline = Figures.of(self.baseline_ns).p50_ms
        return Figures.of(self.record_scan_ns).p50_ms / baseline if baseline else float("nan")

    @property
    def statements_per_scan(self) -> float:
        return _mean(self.statements)

    def as_json(self) -> dict[str, Any]:
        scan, baseline = Figures.of(self.record_scan_ns), Figures.of(self.baseline_ns)
        return {
            "statements_per_scan": _round(self.statements_per_scan),
            "direct": {
                "scans": scan.scans,
                "record_scan_p50_ms": _round(scan.p50_ms),
                "record_scan_p99_ms": _round(scan.p99_ms),
                "baseline_p50_ms": _round(baseline.p50_ms),
                "baseline_p99_ms": _round(baseline.p99_ms),
                "ratio": _round(self.ratio),
                "statements_per_scan": _round(self.statements_per_scan),
                "statements_per_scan_max": max(self.statements, default=None),
                "baseline_statements_per_scan": _round(_mean(self.baseline_statements)),
            },
        }


def _mean(values: Sequence[int]) -> float:
    return sum(values) / len(values) if values else float("nan")


def measure_direct(station: Station, world: World, options: Options) -> DirectRun:
    """Time ``record_scan`` called directly (no GUI, no worker hop) and the minimal 3-statement
    transaction, alternately, scan for scan, on this thread, through the station's engine.

    Both scan the ordered products in turn into their own order (``DIRECT_REFERENCE`` and
    ``BASELINE_REFERENCE``, same lines); each call is one committed transaction and is timed
    from just before the call to just after it returned.
    """
    direct = DirectRun()
    packing, engine = station.packing, station.engine
    record = packing.register_station(DIRECT_STATION)
    session = packing.sign_in(record, BADGE).session
    order = packing.open_order(session, world.slips[DIRECT_REFERENCE])
    baseline_order = world.orders[BASELINE_REFERENCE]
    counter = ThreadStatements(engine)
    try:
        for number in range(options.warmup + options.direct_scans):
            measured = number >= options.warmup
            code = world.product_codes[ORDERED_SKUS[number % len(ORDERED_SKUS)]]
            before = counter.count
            started = time.perf_counter_ns()
            result = packing.record_scan(session, order.id, uuid.uuid4().hex, code)
            took = time.perf_counter_ns() - started
            statements = counter.count - before
            if result.outcome is not ScanOutcome.ACCEPTED:
                direct.problems.append(f"direct record_scan {code}: {result.outcome.value}")
            before = counter.count
            started = time.perf_counter_ns()
            accepted = baseline_scan(
                engine, baseline_order, code, session.station_id, session.user_id
            )
            baseline_took = time.perf_counter_ns() - started
            if not accepted:
                direct.problems.append(f"baseline scan {code}: no open line of the order")
            if measured:
                direct.record_scan_ns.append(took)
                direct.statements.append(statements)
                direct.baseline_ns.append(baseline_took)
                direct.baseline_statements.append(counter.count - before)
    finally:
        counter.close()
    expected = options.warmup + options.direct_scans
    with engine.connect() as conn:
        for reference in (DIRECT_REFERENCE, BASELINE_REFERENCE):
            verified = conn.execute(
                select(func.coalesce(func.sum(t.order_lines.c.verified_qty), 0)).where(
                    t.order_lines.c.order_id == world.orders[reference]
                )
            ).scalar_one()
            if verified != expected:
                direct.problems.append(f"{reference}: {verified} units verified, not {expected}")
    return direct


def baseline_scan(engine: Engine, order_id: int, code: str, station_id: int, user_id: int) -> bool:
    """The least a scan needs, in one transaction: resolve barcode and line, store the scan
    event, count the unit. Three statements (and ``BEGIN IMMEDIATE`` on SQLite)."""
    lines, barcodes = t.order_lines, t.product_barcodes
    with engine.begin() as conn:
        line = conn.execute(
            select(lines.c.id, barcodes.c.units, barcodes.c.product_id)
            .join(barcodes, barcodes.c.product_id == lines.c.product_id)
            .where(
                and_(
                    barcodes.c.code == code.zfill(14),
                    lines.c.order_id == order_id,
                    lines.c.verified_qty + barcodes.c.units <= lines.c.quantity,
                )
            )
            .order_by(lines.c.line_no)
            .limit(1)
        ).first()
        if line is None:
            return False
        conn.execute(
            insert(t.scan_events).values(
                scan_uid=uuid.uuid4().hex,
                station_id=station_id,
                user_id=user_id,
                order_id=order_id,
                line_id=line.id,
                raw_code=code,
                outcome=ScanOutcome.ACCEPTED.value,
                units=line.units,
                message="baseline",
                at=datetime.now(UTC),
                product_id=line.product_id,
            )
        )
        conn.execute(
            update(lines)
            .where(lines.c.id == line.id)
            .values(verified_qty=lines.c.verified_qty + line.units)
        )
    return True


def _pg_version(version_num: int) -> str:
    return f"{version_num // 10000}.{version_num % 10000}" if version_num else "?"


# --------------------------------------------------------------------------- reporting


def machine_info() -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "qt": qVersion(),
        "pyside6": PySide6.__version__,
        "qpa_platform": QGuiApplication.platformName(),
        "screen": _screen_size(),
        "sqlalchemy": sqlalchemy.__version__,
        "psycopg": psycopg.__version__,
        "sqlite": sqlite3.sqlite_version,
        "packbench": __version__,
    }


def _screen_size() -> str:
    screen = QGuiApplication.primaryScreen()
    size = screen.geometry().size() if screen is not None else None
    return f"{size.width()}x{size.height()}" if size is not None else "?"


def offscreen_platform(screen: str, folder: Path) -> str:
    """The offscreen platform with one screen of ``screen`` ("1920x1080") logical pixels."""
    width, _, height = screen.partition("x")
    config = {
        "screens": [
            {
                "name": "bench",
                "x": 0,
                "y": 0,
                "width": int(width),
                "height": int(height),
                "logicalDpi": 96,
                "dpr": 1,
            }
        ]
    }
    path = folder / "offscreen-screen.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def render_table(runs: Sequence[DatabaseRun], machine: dict[str, Any], wall_s: float) -> str:
    header = (
        f"{'database':<11}{'scans':>7}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}{'mean':>8}"
        f"{'result p50':>12}{'paint p50':>11}{'committed':>11}{'SQL/scan':>10}"
    )
    rows = [
        "Scan latency: Enter key -> result painted on the pack screen, scan committed (ms)",
        "",
        "accepted scans",
        header,
    ]
    for run in runs:
        total, result, paint = run.figures(), run.figures(part="result"), run.figures(part="paint")
        rows.append(
            f"{run.database:<11}{total.scans:>7}{total.p50_ms:>8.2f}{total.p90_ms:>8.2f}"
            f"{total.p99_ms:>8.2f}{total.max_ms:>8.2f}{total.mean_ms:>8.2f}"
            f"{result.p50_ms:>12.2f}{paint.p50_ms:>11.2f}{run.committed:>11}"
            f"{run.statements_per_scan:>10.1f}"
        )
    if any(run.measured(accepted=False) for run in runs):
        rows += ["", "rejected scans (wrong item, unknown barcode), same measure", header]
        for run in runs:
            total = run.figures(accepted=False)
            result, paint = run.figures(False, "result"), run.figures(False, "paint")
            rows.append(
                f"{run.database:<11}{total.scans:>7}{total.p50_ms:>8.2f}{total.p90_ms:>8.2f}"
                f"{total.p99_ms:>8.2f}{total.max_ms:>8.2f}{total.mean_ms:>8.2f}"
                f"{result.p50_ms:>12.2f}{paint.p50_ms:>11.2f}{run.rejected_committed:>11}"
                f"{'':>10}"
            )
    direct_runs = [(run.database, run.direct) for run in runs if run.direct]
    if direct_runs:
        rows += [
            "",
            "direct calls, no GUI: PackingService.record_scan against a minimal 3-statement "
            "transaction (ms per committed scan)",
            f"{'database':<11}{'scans':>7}{'record_scan p50':>17}{'p99':>8}{'baseline p50':>14}"
            f"{'p99':>8}{'ratio':>7}{'SQL/scan':>10}{'baseline SQL':>14}",
        ]
        for database, direct in direct_runs:
            scan, baseline = Figures.of(direct.record_scan_ns), Figures.of(direct.baseline_ns)
            rows.append(
                f"{database:<11}{scan.scans:>7}{scan.p50_ms:>17.2f}{scan.p99_ms:>8.2f}"
                f"{baseline.p50_ms:>14.2f}{baseline.p99_ms:>8.2f}{direct.ratio:>7.1f}"
                f"{direct.statements_per_scan:>10.1f}{_mean(direct.baseline_statements):>14.1f}"
            )
    rows.append("")
    for run in runs:
        rows.append(
            f"{run.database}: {run.server}; missing results {run.missing}; order lines "
            f"{'match' if run.order_lines_match else 'DO NOT MATCH'}; SQL on the GUI thread "
            f"{run.sql_on_gui_thread}; {run.wall_s:.1f} s"
        )
    rows += [
        "",
        f"machine: {machine['cpu']}, {machine['cpu_count']} CPUs ({machine['cpus_usable']} "
        f"usable); {machine['platform']}",
        f"Python {machine['python']}, Qt {machine['qt']} (PySide6 {machine['pyside6']}, "
        f"{machine['qpa_platform']}, full screen {machine['screen']}), "
        f"SQLAlchemy {machine['sqlalchemy']}, psycopg "
        f"{machine['psycopg']}, SQLite {machine['sqlite']}, packbench {machine['packbench']}",
        f"total run time {wall_s:.1f} s",
    ]
    problems = [f"{run.database}: {problem}" for run in runs for problem in run.problems]
    if problems:
        rows += ["", f"FAILED ({len(problems)} problem(s)):"]
        rows += [f"  {problem}" for problem in problems[:50]]
    return "\n".join(rows)


def direct_summary(runs: Sequence[DatabaseRun]) -> dict[str, float | None]:
    """The direct comparison's headline figures, flat: ``ratio_sqlite``, ``ratio_postgresql``..."""
    summary: dict[str, float | None] = {}
    for run in runs:
        if run.direct is None:
            continue
        db = run.database
        summary[f"record_scan_ms_p50_{db}"] = _round(Figures.of(run.direct.record_scan_ns).p50_ms)
        summary[f"baseline_ms_p50_{db}"] = _round(Figures.of(run.direct.baseline_ns).p50_ms)
        summary[f"ratio_{db}"] = _round(run.direct.ratio)
        summary[f"statements_per_scan_{db}"] = _round(run.direct.statements_per_scan)
    return summary


def failed(run: DatabaseRun) -> bool:
    accepted = len(run.measured(accepted=True))
    rejected = len(run.measured(accepted=False))
    return bool(
        run.problems
        or run.missing
        or run.committed != accepted
        or run.rejected_committed != rejected
        or not run.order_lines_match
        or run.sql_on_gui_thread
    )


# --------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scan_latency",
        description="Time from a scan's Enter key to its committed result painted on the "
        "pack screen, on SQLite and PostgreSQL.",
    )
    parser.add_argument(
        "--scans", type=int, default=500, help="measured accepted scans per database (500)"
    )
    parser.add_argument(
        "--db", choices=[*DATABASES, "both"], default="both", help="which database (both)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--warmup", type=int, default=5, help="accepted scans before measuring (5)")
    parser.add_argument(
        "--reject-every",
        type=int,
        default=50,
        metavar="N",
        help="one rejected scan after every N accepted ones; 0 for none (50)",
    )
    parser.add_argument(
        "--timeout", type=float, default=10.0, help="seconds to wait for one result (10)"
    )
    parser.add_argument(
        "--samples",
        type=Path,
        metavar="CSV",
        help="also write every scan's timings to this CSV file (e.g. bench/out/scans.csv)",
    )
    parser.add_argument(
        "--direct-scans",
        type=int,
        default=500,
        metavar="N",
        help="scans of the direct record_scan / baseline comparison per database; 0 for none (500)",
    )
    parser.add_argument(
        "--screen",
        default="1920x1080",
        metavar="WxH",
        help="the offscreen screen the station runs full screen on (1920x1080)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser


SAMPLE_COLUMNS = (
    *("database", "n", "code", "expected", "outcome", "measured"),
    *("total_ms", "result_ms", "paint_ms", "problem"),
)


def write_samples(path: Path, runs: Sequence[DatabaseRun]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(SAMPLE_COLUMNS)
        for run in runs:
            for number, timing in enumerate(run.timings, start=1):
                writer.writerow(
                    [
                        run.database,
                        number,
                        timing.planned.code,
                        "accepted" if timing.planned.accepted else "rejected",
                        timing.outcome.value if timing.outcome else "",
                        int(timing.planned.measured),
                        _ms(timing.total_ns),
                        _ms(timing.result_ns),
                        _ms(timing.paint_ns),
                        timing.problem or "",
                    ]
                )


def _ms(ns: int | None) -> str:
    return "" if ns is None else f"{ns / 1e6:.3f}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.scans < 1 or min(args.warmup, args.reject_every, args.direct_scans) < 0:
        print(
            "--scans must be at least 1, --warmup, --reject-every and --direct-scans at least 0",
            file=sys.stderr,
        )
        return 2
    width, _, height = args.screen.partition("x")
    if not (width.isdigit() and height.isdigit() and int(width) >= 640 and int(height) >= 480):
        print(f"--screen {args.screen}: use WIDTHxHEIGHT, at least 640x480", file=sys.stderr)
        return 2
    screen_dir = tempfile.TemporaryDirectory(prefix="scan-latency-screen-")
    os.environ.setdefault("QT_QPA_PLATFORM", offscreen_platform(args.screen, Path(screen_dir.name)))
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    databases = DATABASES if args.db == "both" else (args.db,)
    options = Options(args.scans, args.warmup, args.reject_every, args.timeout, args.direct_scans)

    started = time.monotonic()
    runs: list[DatabaseRun] = []
    servers: list[PgServer] = []

    def pg() -> PgServer:
        if not servers:
            log.info("starting a throwaway PostgreSQL server")
            servers.append(start_server())
        return servers[0]

    with stdout_to_stderr():
        app = QApplication.instance() or QApplication([sys.argv[0]])
        assert isinstance(app, QApplication)
        try:
            for database in databases:
                runs.append(run_database(app, database, options, pg))
        except BenchError as exc:
            print(f"scan_latency: {exc}", file=sys.stderr)
            return 1
        finally:
            for server in servers:
                server.stop()
        machine = machine_info()
        if args.samples:
            write_samples(args.samples, runs)
    wall_s = time.monotonic() - started

    ok = not any(failed(run) for run in runs)
    if args.json:
        document = {
            "benchmark": "scan_latency",
            "ok": ok,
            "measure": "ms from the Enter key event to the result painted, scan committed",
            "results": [run.as_json() for run in runs],
            **direct_summary(runs),
            "machine": machine,
            "wall_s": round(wall_s, 2),
        }
        print(json.dumps(document, indent=2))
    else:
        print(render_table(runs, machine, wall_s))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
