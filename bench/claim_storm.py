"""Claim storm: many stations take orders from one ready queue on PostgreSQL at the same time.

What is measured
    N operating-system processes (multiprocessing, spawn), each one station, claim orders from
    a queue of ready orders on one PostgreSQL database for a fixed time. Two kinds of run on
    the same server, from the same starting queue:

    project  the real claim path: ``PackingService`` built as ``app.bootstrap`` builds it
             (``SqlUnitOfWork`` over ``make_engine``, the system clock, the real credential
             hasher). Each process registers its station, signs in with its own badge, then
             loops ``claim_next_order(session)`` -> ``hold_order(session, id, "bench")``: a
             station holds one order at a time, and the hold frees it for the next claim
             (the held order leaves the queue). Only the public service API is used, so the
             figures are those of whatever the service does today.
    raw      the baseline: psycopg on one connection per process, nothing else, doing the
             same work: the claim ``BEGIN; SELECT id FROM orders WHERE status = 'ready' ORDER
             BY <the queue order> LIMIT 1 FOR UPDATE SKIP LOCKED; UPDATE orders SET status =
             'packing', claimed_by_station_id = ... WHERE id = ...; COMMIT``, then the hold,
             one ``UPDATE orders SET status = 'on_hold' ...`` in its own transaction.

    Per process count the runs go raw, project, project, raw: the machine's load may move
    between runs, and so it weighs on both sides alike. The figures are over both runs of a
    side (claims/s their mean, percentiles over all their claims); ``halves`` has the first
    pair (raw, project) and the second (project, raw) apart.

    claims/s counts the claims that completed inside the window (``--seconds`` from a common
    start), divided by the window. p50/p99 are of one claim: the ``claim_next_order`` call, or
    the raw transaction from BEGIN to COMMIT. ``ratio`` is project / raw claims per second.
    Both loops also hold each order they claimed (a transaction of its own), so the ratio
    compares the same work; ``hold_p50_ms`` and ``claim_share`` show how the time divides.

What is checked
    Every run starts on a fresh copy (``CREATE DATABASE ... TEMPLATE``) of the same seeded
    queue. Afterwards: ``double_claims`` (orders claimed more than once, by the audit log's
    ``claim`` entries for project runs and by what the processes reported for both kinds) must
    be 0; the orders the processes reported must be exactly those the database shows as
    claimed (project: one ``claim`` audit entry each and now on hold; raw: ``packing`` at the
    station that reported it). A run that empties the queue is reported too.

Run it from the project root::

    .venv/bin/python -m bench.claim_storm                      # 100,000 orders, 8,16,32 processes
    .venv/bin/python -m bench.claim_storm --processes 32 --seconds 10 --mixed
    .venv/bin/python -m bench.claim_storm --short              # 4 processes, 2,000 orders, 2 s
    .venv/bin/python -m bench.claim_storm --json > bench/out/claim_storm.json

With ``--json`` exactly one JSON object is written to stdout; logs go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import multiprocessing
import os
import platform
import queue
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
import sqlalchemy
from psycopg import sql

from app import __version__
from app.adapters.db import schema
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.services.clock import SystemClock
from app.services.packing import PackingService
from bench.common import stdout_to_stderr
from tests.support.pgserver import PgServer, start_server

log = logging.getLogger("bench.claim_storm")

QUEUES = ("one_priority", "mixed_priority")
BADGE_BASE = 7000  # station n signs in with badge BDG{7000 + n}
HOLD_REASON = "bench"
READY_TIMEOUT_S = 120.0
GOAL = {"processes": 32, "ratio_min": 0.5, "p99_ms_max": 50.0, "double_claims": 0}

# The queue order of tables.QUEUE_ORDER / ix_orders_ready_queue, written out for the baseline.
RAW_SELECT = (
    "SELECT id FROM orders WHERE status = 'ready' "
    "ORDER BY priority DESC, (cut_off IS NULL), cut_off, created_at, id "
    "LIMIT 1 FOR UPDATE SKIP LOCKED"
)
RAW_UPDATE = (
    "UPDATE orders SET status = 'packing', claimed_by_station_id = %s, claimed_at = now(), "
    "updated_at = now() WHERE id = %s"
)
RAW_HOLD = (
    "UPDATE orders SET status = 'on_hold', hold_reason = 'bench', claimed_by_station_id = NULL, "
    "updated_at = now() WHERE id = %s"
)


class BenchError(RuntimeError):
    """The benchmark could not run (as opposed to a run whose checks failed)."""


@dataclass(frozen=True)
class Options:
    orders: int = 100_000
    processes: tuple[int, ...] = (8, 16, 32)
    seconds: float = 6.0
    queues: tuple[str, ...] = QUEUES


# --------------------------------------------------------------------------- the queue


def seed_queue(server: PgServer, dbname: str, orders: int, mixed: bool, stations: int) -> None:
    """A migrated database with one product, ``stations`` packers (badges) and raw-baseline
    stations, and ``orders`` ready orders of one line each, loaded with COPY."""
    url = server.create_database(dbname)
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
    finally:
        engine.dispose()
    now = datetime.now(UTC)
    hasher = Argon2CredentialHasher()
    rng = random.Random(7)
    cut_offs = [now.replace(hour=h, minute=0, second=0, microsecond=0) for h in (11, 14, 16, 18)]
    with server.connect(dbname) as conn:
        product_id = conn.execute(
            "INSERT INTO products (sku, name, weight_g) VALUES ('STORM-1', 'Bench item', 100) "
            "RETURNING id"
        ).fetchone()
        assert product_id is not None
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO users (name, role, badge_hash) VALUES (%s, 'packer', %s)",
                [(f"Storm packer {n}", hasher.badge_digest(badge_of(n))) for n in range(stations)],
            )
            cur.executemany(
                "INSERT INTO stations (name, created_at) VALUES (%s, %s)",
                [(raw_station_name(n), now) for n in range(stations)],
            )
        columns = (
            "id, reference, slip_code, status, priority, cut_off, carrier, service, "
            "ship_to_name, ship_to_line1, ship_to_country, created_at, updated_at"
        )
        start = now - timedelta(days=1)
        with conn.cursor() as cur, cur.copy(f"COPY orders ({columns}) FROM STDIN") as copy:
            for n in range(1, orders + 1):
                if mixed:
                    priority = rng.choice((0, 0, 0, 0, 1, 1, 2, 5))
                    cut_off = rng.choice((*cut_offs, None))
                    created = start + timedelta(seconds=rng.uniform(0, 80_000))
                else:
                    priority, cut_off = 0, cut_offs[1]
                    created = start + timedelta(milliseconds=n)
                copy.write_row(
                    (
                        n,
                        f"STORM-{n}",
                        f"ORD{n:07d}",
                        "ready",
                        priority,
                        cut_off,
                        "DHL",
                        "Paket",
                        "Erika Mustermann",
                        "Heidestrasse 17",
                        "DE",
                        created,
                        now,
                    )
                )
        with (
            conn.cursor() as cur,
            cur.copy(
                "COPY order_lines (id, order_id, line_no, product_id, quantity) FROM STDIN"
            ) as copy,
        ):
            for n in range(1, orders + 1):
                copy.write_row((n, n, 1, product_id[0], 1))
        for table in ("orders", "order_lines"):
            conn.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence({}, 'id'), {})").format(
                    sql.Literal(table), sql.Literal(orders)
                )
            )
        conn.commit()
    with server.connect(dbname, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def badge_of(n: int) -> str:
    return f"BDG{BADGE_BASE + n}"


def raw_station_name(n: int) -> str:
    return f"RAW-{n:02d}"


def copy_database(server: PgServer, template: str, name: str) -> str:
    server.drop_database(name)
    with server.connect("postgres", autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )
    return server.url_for(name)


# --------------------------------------------------------------------------- the stations


@dataclass(frozen=True)
class Task:
    kind: str  # "project" | "raw"
    number: int  # the station's number: its badge and its raw station's name
    url: str  # SQLAlchemy URL (project) or libpq conninfo (raw)


@dataclass
class Report:
    number: int
    station_id: int = 0
    ids: list[int] = field(default_factory=list)  # claimed orders, in order
    claim_ns: list[int] = field(default_factory=list)
    hold_ns: list[int] = field(default_factory=list)
    in_window: int = 0  # claims completed by the end of the window
    emptied: bool = False
    loop_ns: int = 0


def worker_main(index: int, commands: Any, results: Any) -> None:
    """A long-lived station process: runs one task per ("run", Task), in step with the others."""
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    while True:
        command = commands.get()
        if command[0] == "stop":
            return
        if command[0] != "run":
            continue  # an "abort" meant for a run that never started here
        task: Task = command[1]
        try:
            runner = ProjectStation(task) if task.kind == "project" else RawStation(task)
        except Exception:
            results.put(("error", index, traceback.format_exc()))
            continue
        try:
            results.put(("ready", index, None))
            go = commands.get()
            if go[0] != "go":
                continue
            _, start_at, end_at = go
            results.put(("done", index, runner.run(start_at, end_at)))
        except Exception:
            results.put(("error", index, traceback.format_exc()))
        finally:
            runner.close()


def _wait_for(start_at: float) -> None:
    # A common start for every process (time.monotonic is system-wide on Linux).
    delay = start_at - time.monotonic()
    if delay > 0:
        time.sleep(delay)


class ProjectStation:
    def __init__(self, task: Task) -> None:
        self.engine = make_engine(task.url)
        self.packing = PackingService(
            SqlUnitOfWork.factory(self.engine), SystemClock(), Argon2CredentialHasher()
        )
        record = self.packing.register_station(f"STORM-{task.number:02d}")
        self.session = self.packing.sign_in(record, badge_of(task.number)).session
        self.report = Report(task.number, record.id)

    def run(self, start_at: float, end_at: float) -> Report:
        report, packing, session = self.report, self.packing, self.session
        _wait_for(start_at)
        began = time.perf_counter_ns()
        while time.monotonic() < end_at:
            t0 = time.perf_counter_ns()
            view = packing.claim_next_order(session)
            t1 = time.perf_counter_ns()
            if view is None:
                report.emptied = True
                break
            report.ids.append(view.id)
            report.claim_ns.append(t1 - t0)
            if time.monotonic() <= end_at:
                report.in_window += 1
            packing.hold_order(session, view.id, HOLD_REASON)
            report.hold_ns.append(time.perf_counter_ns() - t1)
        report.loop_ns = time.perf_counter_ns() - began
        return report

    def close(self) -> None:
        self.engine.dispose()


class RawStation:
    def __init__(self, task: Task) -> None:
        self.conn = psycopg.connect(task.url, autocommit=True)
        row = self.conn.execute(
            "SELECT id FROM stations WHERE name = %s", (raw_station_name(task.number),)
        ).fetchone()
        if row is None:
            raise BenchError(f"no station {raw_station_name(task.number)} in the seeded database")
        self.report = Report(task.number, int(row[0]))

    def run(self, start_at: float, end_at: float) -> Report:
        report, conn, station_id = self.report, self.conn, self.report.station_id
        _wait_for(start_at)
        began = time.perf_counter_ns()
        while time.monotonic() < end_at:
            t0 = time.perf_counter_ns()
            conn.execute("BEGIN")
            row = conn.execute(RAW_SELECT).fetchone()
            if row is None:
                conn.execute("ROLLBACK")
                report.emptied = True
                break
            conn.execute(RAW_UPDATE, (station_id, row[0]))
            conn.execute("COMMIT")
            t1 = time.perf_counter_ns()
            report.ids.append(int(row[0]))
            report.claim_ns.append(t1 - t0)
            if time.monotonic() <= end_at:
                report.in_window += 1
            conn.execute(RAW_HOLD, (row[0],))
            report.hold_ns.append(time.perf_counter_ns() - t1)
        report.loop_ns = time.perf_counter_ns() - began
        return report

    def close(self) -> None:
        self.conn.close()


class Workers:
    """``count`` station processes, spawned once and reused for every run."""

    def __init__(self, count: int) -> None:
        context = multiprocessing.get_context("spawn")
        self.results: Any = context.Queue()
        self.commands: list[Any] = [context.Queue() for _ in range(count)]
        self.processes = [
            context.Process(
                target=worker_main,
                args=(n, self.commands[n], self.results),
                name=f"claim-storm-{n}",
                daemon=True,
            )
            for n in range(count)
        ]
        for process in self.processes:
            process.start()

    def run(self, tasks: Sequence[Task], seconds: float) -> list[Report]:
        for n, task in enumerate(tasks):
            self.commands[n].put(("run", task))
        self._collect(len(tasks), "ready", READY_TIMEOUT_S)
        start_at = time.monotonic() + 0.3
        for n in range(len(tasks)):
            self.commands[n].put(("go", start_at, start_at + seconds))
        reports = self._collect(len(tasks), "done", seconds + READY_TIMEOUT_S)
        return [reports[n] for n in range(len(tasks))]

    def _collect(self, count: int, kind: str, timeout_s: float) -> dict[int, Any]:
        deadline = time.monotonic() + timeout_s
        got: dict[int, Any] = {}
        while len(got) < count:
            try:
                message, index, payload = self.results.get(
                    timeout=max(0.1, deadline - time.monotonic())
                )
            except queue.Empty:
                raise BenchError(
                    f"only {len(got)} of {count} station processes were {kind} "
                    f"within {timeout_s:.0f} s"
                ) from None
            if message == "error":
                for n in range(count):  # release the others waiting for "go"
                    self.commands[n].put(("abort",))
                raise BenchError(f"station process {index} failed:\n{payload}")
            got[index] = payload
        return got

    def stop(self) -> None:
        for commands in self.commands:
            commands.put(("stop",))
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)


# --------------------------------------------------------------------------- one run


@dataclass
class RunResult:
    kind: str
    processes: int
    seconds: float
    reports: list[Report]
    double_claims: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def claims(self) -> int:
        return sum(len(report.ids) for report in self.reports)

    @property
    def window_s(self) -> float:
        """The window, or less when the queue ran empty and every station stopped early."""
        longest = max((report.loop_ns for report in self.reports), default=0) / 1e9
        return min(self.seconds, longest) if self.emptied and longest > 0 else self.seconds

    @property
    def claims_per_s(self) -> float:
        return sum(report.in_window for report in self.reports) / self.window_s

    def percentile_ms(self, q: float, part: str = "claim") -> float:
        values = sorted(ns / 1e6 for report in self.reports for ns in getattr(report, f"{part}_ns"))
        return percentile(values, q) if values else float("nan")

    @property
    def claim_share(self) -> float:
        loop = sum(report.loop_ns for report in self.reports)
        claim = sum(sum(report.claim_ns) for report in self.reports)
        return claim / loop if loop else float("nan")

    @property
    def emptied(self) -> bool:
        return any(report.emptied for report in self.reports)


def percentile(ordered: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default) over sorted values."""
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def reported_double_claims(reports: Sequence[Report]) -> set[int]:
    """Orders that the processes, together, reported claiming more than once."""
    counts = Counter(order_id for report in reports for order_id in report.ids)
    return {order_id for order_id, n in counts.items() if n > 1}


def check_project(server: PgServer, dbname: str, run: RunResult) -> None:
    with server.connect(dbname) as conn:
        audit = Counter(
            {
                int(order_id): int(n)
                for order_id, n in conn.execute(
                    "SELECT entity_id, count(*) FROM audit_log WHERE action = 'claim' "
                    "AND entity = 'order' GROUP BY entity_id"
                )
            }
        )
        held = {
            int(order_id)
            for (order_id,) in conn.execute(
                "SELECT id FROM orders WHERE status = 'on_hold' AND hold_reason = %s",
                (HOLD_REASON,),
            )
        }
        packing = conn.execute("SELECT count(*) FROM orders WHERE status = 'packing'").fetchone()
    doubles = reported_double_claims(run.reports) | {k for k, n in audit.items() if n > 1}
    run.double_claims = len(doubles)
    reported = {order_id for report in run.reports for order_id in report.ids}
    if reported != set(audit):
        run.problems.append(
            f"{len(reported ^ set(audit))} order(s) differ between the claims the stations "
            "reported and the audit log's claim entries"
        )
    if reported != held:
        run.problems.append(
            f"{len(reported ^ held)} order(s) differ between the claims reported and the "
            "orders on hold"
        )
    if packing and packing[0]:
        run.problems.append(f"{packing[0]} order(s) left in state packing")


def check_raw(server: PgServer, dbname: str, run: RunResult) -> None:
    with server.connect(dbname) as conn:
        held = {
            int(order_id)
            for (order_id,) in conn.execute(
                "SELECT id FROM orders WHERE status IN ('packing', 'on_hold')"
            )
        }
    run.double_claims = len(reported_double_claims(run.reports))
    reported = {order_id for report in run.reports for order_id in report.ids}
    if reported != held:
        run.problems.append(
            f"{len(reported ^ held)} claim(s) differ between what the stations reported and "
            "the orders claimed or held"
        )


def run_once(
    server: PgServer, workers: Workers, template: str, kind: str, processes: int, seconds: float
) -> RunResult:
    dbname = f"{template}_run"
    url = copy_database(server, template, dbname)
    try:
        target = url if kind == "project" else server.conninfo(dbname)
        tasks = [Task(kind, n, target) for n in range(processes)]
        run = RunResult(kind, processes, seconds, workers.run(tasks, seconds))
        (check_project if kind == "project" else check_raw)(server, dbname, run)
        if run.claims == 0:
            run.problems.append("no order was claimed")
        return run
    finally:
        server.drop_database(dbname)


@dataclass
class Pair:
    """One process count on one queue: raw, project, project, raw (each on a fresh copy of the
    queue), so that a load on the machine that moves during the four runs weighs on both sides
    alike. The figures are over both runs of a side; ``halves`` gives (raw, project) and
    (project, raw) apart."""

    queue: str
    processes: int
    projects: list[RunResult]
    raws: list[RunResult]

    @property
    def runs(self) -> list[RunResult]:
        return [*self.raws, *self.projects]

    def as_json(self) -> dict[str, Any]:
        projects, raws = self.projects, self.raws
        project_rate, raw_rate = mean_rate(projects), mean_rate(raws)
        project_doubles = sum(run.double_claims for run in projects)
        raw_doubles = sum(run.double_claims for run in raws)
        return {
            "processes": self.processes,
            "project_claims_per_s": _round(project_rate, 1),
            "raw_claims_per_s": _round(raw_rate, 1),
            "ratio": _round(project_rate / raw_rate if raw_rate else float("nan")),
            "p50_ms": _round(pooled_percentile_ms(projects, 0.50)),
            "p99_ms": _round(pooled_percentile_ms(projects, 0.99)),
            "double_claims": project_doubles + raw_doubles,
            "raw_p50_ms": _round(pooled_percentile_ms(raws, 0.50)),
            "raw_p99_ms": _round(pooled_percentile_ms(raws, 0.99)),
            "hold_p50_ms": _round(pooled_percentile_ms(projects, 0.50, "hold")),
            "claim_share": _round(pooled_claim_share(projects)),
            "project_claims": sum(run.claims for run in projects),
            "raw_claims": sum(run.claims for run in raws),
            "project_double_claims": project_doubles,
            "raw_double_claims": raw_doubles,
            "queue_emptied": any(run.emptied for run in self.runs),
            "halves": [
                half_json(order, raw, project)
                for order, raw, project in (
                    ("raw, project", raws[0], projects[0]),
                    ("project, raw", raws[-1], projects[-1]),
                )
            ],
            "problems": [f"project: {p}" for run in projects for p in run.problems]
            + [f"raw: {p}" for run in raws for p in run.problems],
        }


def mean_rate(runs: Sequence[RunResult]) -> float:
    return sum(run.claims_per_s for run in runs) / len(runs) if runs else float("nan")


def pooled_percentile_ms(runs: Sequence[RunResult], q: float, part: str = "claim") -> float:
    values = sorted(
        ns / 1e6 for run in runs for report in run.reports for ns in getattr(report, f"{part}_ns")
    )
    return percentile(values, q) if values else float("nan")


def pooled_claim_share(runs: Sequence[RunResult]) -> float:
    loop = sum(report.loop_ns for run in runs for report in run.reports)
    claim = sum(sum(report.claim_ns) for run in runs for report in run.reports)
    return claim / loop if loop else float("nan")


def half_json(order: str, raw: RunResult, project: RunResult) -> dict[str, Any]:
    ratio = project.claims_per_s / raw.claims_per_s if raw.claims_per_s else float("nan")
    return {
        "order": order,
        "project_claims_per_s": _round(project.claims_per_s, 1),
        "raw_claims_per_s": _round(raw.claims_per_s, 1),
        "ratio": _round(ratio),
        "p99_ms": _round(project.percentile_ms(0.99)),
        "raw_p99_ms": _round(raw.percentile_ms(0.99)),
    }


def _round(value: float, digits: int = 3) -> float | None:
    return None if math.isnan(value) else round(value, digits)


def run_benchmark(server: PgServer, options: Options) -> list[Pair]:
    """Every queue and process count, project and raw, each from a fresh copy of the queue."""
    workers = Workers(max(options.processes))
    prefix = f"claim_storm_{os.getpid()}"
    pairs: list[Pair] = []
    try:
        for queue_name in options.queues:
            template = f"{prefix}_{queue_name}"
            started = time.monotonic()
            seed_queue(
                server,
                template,
                options.orders,
                mixed=queue_name == "mixed_priority",
                stations=max(options.processes),
            )
            log.info(
                "%s: %d orders seeded in %.1f s",
                queue_name,
                options.orders,
                time.monotonic() - started,
            )
            try:
                for processes in options.processes:
                    # raw, project, project, raw: a load that moves meets both sides alike.
                    runs = [
                        run_once(server, workers, template, kind, processes, options.seconds)
                        for kind in ("raw", "project", "project", "raw")
                    ]
                    pair = Pair(queue_name, processes, runs[1:3], [runs[0], runs[3]])
                    log.info("%s, %d processes: %s", queue_name, processes, pair.as_json())
                    pairs.append(pair)
            finally:
                server.drop_database(template)
    finally:
        workers.stop()
    return pairs


# --------------------------------------------------------------------------- reporting


def machine_info(server: PgServer) -> dict[str, Any]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu": _cpu_model(),
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "postgresql": _pg_version(server.version_num),
        "sqlalchemy": sqlalchemy.__version__,
        "psycopg": psycopg.__version__,
        "packbench": __version__,
    }


def _pg_version(version_num: int) -> str:
    return f"{version_num // 10000}.{version_num % 10000}" if version_num else "?"


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def goal_met(entry: dict[str, Any]) -> bool:
    ratio, p99 = entry["ratio"], entry["p99_ms"]
    return (
        ratio is not None
        and ratio >= GOAL["ratio_min"]
        and p99 is not None
        and p99 <= GOAL["p99_ms_max"]
        and entry["double_claims"] == 0
    )


def document(
    pairs: Sequence[Pair], options: Options, server: PgServer, wall_s: float
) -> dict[str, Any]:
    runs: dict[str, dict[str, Any]] = {}
    for pair in pairs:
        entry = pair.as_json()
        entry["goal_met"] = goal_met(entry) if pair.processes == GOAL["processes"] else None
        runs.setdefault(pair.queue, {})[str(pair.processes)] = entry
    problems = [
        f"{queue_name}, {n} processes: {problem}"
        for queue_name, by_count in runs.items()
        for n, entry in by_count.items()
        for problem in entry["problems"]
    ]
    return {
        "benchmark": "claim_storm",
        "ok": not problems
        and all(e["double_claims"] == 0 for r in runs.values() for e in r.values()),
        "measure": "claims completed per second in the window; p50/p99 ms of one claim",
        "orders": options.orders,
        "seconds": options.seconds,
        "goal": GOAL,
        "runs": runs,
        "problems": problems,
        "machine": machine_info(server),
        "wall_s": round(wall_s, 2),
    }


def render_table(doc: dict[str, Any]) -> str:
    rows = [
        f"Claim storm: {doc['orders']} ready orders, {doc['seconds']:g} s per run; project = "
        "PackingService.claim_next_order (+ hold_order), raw = psycopg SELECT ... FOR UPDATE "
        "SKIP LOCKED + UPDATE",
        "",
        f"{'queue':<16}{'procs':>6}{'project/s':>11}{'raw/s':>10}{'ratio':>7}{'p50 ms':>8}"
        f"{'p99 ms':>8}{'raw p99':>9}{'hold p50':>10}{'doubles':>9}{'goal':>6}",
    ]
    for queue_name, by_count in doc["runs"].items():
        for n, e in by_count.items():
            goal = {True: "met", False: "NO", None: ""}[e["goal_met"]]
            mark = "*" if e["queue_emptied"] else ""
            rows.append(
                f"{queue_name + mark:<16}{n:>6}{_fmt(e['project_claims_per_s'], 1):>11}"
                f"{_fmt(e['raw_claims_per_s'], 1):>10}{_fmt(e['ratio'], 2):>7}"
                f"{_fmt(e['p50_ms'], 2):>8}{_fmt(e['p99_ms'], 2):>8}{_fmt(e['raw_p99_ms'], 2):>9}"
                f"{_fmt(e['hold_p50_ms'], 2):>10}{e['double_claims']:>9}{goal:>6}"
            )
            for half in e["halves"]:
                rows.append(
                    f"{'  ' + half['order']:<22}{_fmt(half['project_claims_per_s'], 1):>11}"
                    f"{_fmt(half['raw_claims_per_s'], 1):>10}{_fmt(half['ratio'], 2):>7}"
                    f"{'':>8}{_fmt(half['p99_ms'], 2):>8}{_fmt(half['raw_p99_ms'], 2):>9}"
                )
    m = doc["machine"]
    rows.append("")
    if any(e["queue_emptied"] for by_count in doc["runs"].values() for e in by_count.values()):
        rows.append(
            "* the queue ran empty: claims per second over the time until it did (use more "
            "--orders for a full window)"
        )
    rows += [
        f"goal at {GOAL['processes']} processes: ratio >= {GOAL['ratio_min']}, p99 <= "
        f"{GOAL['p99_ms_max']:g} ms, no double claims",
        f"machine: {m['cpu']}, {m['cpu_count']} CPUs ({m['cpus_usable']} usable); {m['platform']}",
        f"PostgreSQL {m['postgresql']}, Python {m['python']}, SQLAlchemy {m['sqlalchemy']}, "
        f"psycopg {m['psycopg']}, packbench {m['packbench']}",
        f"total run time {doc['wall_s']:.1f} s",
    ]
    if doc["problems"]:
        rows += ["", f"FAILED ({len(doc['problems'])} problem(s)):"]
        rows += [f"  {problem}" for problem in doc["problems"]]
    return "\n".join(rows)


def _fmt(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


# --------------------------------------------------------------------------- main


def _counts(text: str) -> tuple[int, ...]:
    try:
        counts = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    counts = tuple(sorted(set(counts)))
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("give process counts of at least 1, e.g. 8,16,32")
    return counts


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.claim_storm",
        description="Stations in separate processes claim orders from one PostgreSQL queue: "
        "the real claim path against a raw SKIP LOCKED baseline.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--orders", type=int, help="ready orders in the queue (100000)")
    parser.add_argument(
        "--processes", type=_counts, help="station processes per run, comma-separated (8,16,32)"
    )
    parser.add_argument("--seconds", type=float, help="length of each run (6)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--mixed", action="store_true", help="only the mixed-priority queue")
    only.add_argument("--one-priority", action="store_true", help="only the one-priority queue")
    parser.add_argument(
        "--short", action="store_true", help="a quick check: 4 processes, 2000 orders, 2 s"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser


def options_from(args: argparse.Namespace) -> Options:
    base = Options(orders=2000, processes=(4,), seconds=2.0) if args.short else Options()
    queues = (
        ("mixed_priority",) if args.mixed else ("one_priority",) if args.one_priority else QUEUES
    )
    return Options(
        orders=args.orders if args.orders is not None else base.orders,
        processes=args.processes or base.processes,
        seconds=args.seconds if args.seconds is not None else base.seconds,
        queues=queues,
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options = options_from(args)
    if options.orders < 1 or options.seconds <= 0:
        print("--orders must be at least 1 and --seconds more than 0", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    started = time.monotonic()
    with stdout_to_stderr():
        log.info("starting a throwaway PostgreSQL server")
        server = start_server()
        try:
            pairs = run_benchmark(server, options)
            doc = document(pairs, options, server, time.monotonic() - started)
        except BenchError as exc:
            print(f"claim_storm: {exc}", file=sys.stderr)
            return 1
        finally:
            server.stop()
    print(json.dumps(doc, indent=2) if args.json else render_table(doc))
    return 0 if doc["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
