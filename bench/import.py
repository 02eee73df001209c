# ruff: noqa: N999 (the module is bench.import, run as python -m bench.import)
"""Order import: 100,000 order lines from CSV and from JSON into SQLite and PostgreSQL.

What is measured
    One orders file of ``--lines`` order lines (100,000; 1 to 7 lines per order, about 25,000
    orders, every line a product of a 500-product catalogue) is generated as CSV and as JSON
    with the same orders. For each database (an SQLite file; a database on the suite's own
    throwaway PostgreSQL server) and each format, a fresh migrated database gets the catalogue
    (not timed), then the file is imported through the real service, as ``packbench import
    orders`` does: ``IntakeService.import_orders`` over ``SqlUnitOfWork`` and ``make_engine``,
    the system clock. ``seconds`` is that call, file bytes in memory to commit (reading and
    checking the file included); ``cpu_seconds`` the CPU time of this process meanwhile (a
    shared machine inflates ``seconds``, much less this; PostgreSQL's own work is not in it);
    ``rows_per_s`` is order lines per second. Then the same file is
    imported again: ``reimport_seconds`` and ``reimport_rows_changed`` (orders the second import
    added or changed, plus any difference in the row counts of orders, order lines and the audit
    log; must be 0).

Goal: every ``seconds`` and ``reimport_seconds`` <= 10.

Run it from the project root::

    .venv/bin/python -m bench.import               # 100,000 lines, both formats and databases
    .venv/bin/python -m bench.import --lines 20000 --db sqlite
    .venv/bin/python -m bench.import --json > bench/out/import.json

With ``--json`` exactly one JSON object is written to stdout; logs go to stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import logging
import os
import platform
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy
from sqlalchemy import func, select

from app import __version__
from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.services.catalogue import CatalogueService
from app.services.clock import SystemClock
from app.services.intake import IntakeService
from bench.common import stdout_to_stderr
from tests.support.pgserver import PgServer, start_server

log = logging.getLogger("bench.import")

FORMATS = ("csv", "json")
DATABASES = ("sqlite", "postgresql")
PRODUCTS = 500
GOAL_SECONDS = 10.0
COUNTED = (t.orders, t.order_lines, t.audit_log)


@dataclass(frozen=True)
class Options:
    lines: int = 100_000
    databases: tuple[str, ...] = DATABASES
    formats: tuple[str, ...] = FORMATS


@dataclass(frozen=True)
class Run:
    database: str
    format: str
    orders: int
    lines: int
    seconds: float
    cpu_seconds: float
    added: int
    reimport_seconds: float
    reimport_cpu_seconds: float
    reimport_rows_changed: int

    def as_json(self) -> dict[str, Any]:
        return {
            "orders": self.orders,
            "lines": self.lines,
            "seconds": round(self.seconds, 3),
            "cpu_seconds": round(self.cpu_seconds, 3),
            "rows_per_s": round(self.lines / self.seconds) if self.seconds else None,
            "added": self.added,
            "reimport_seconds": round(self.reimport_seconds, 3),
            "reimport_cpu_seconds": round(self.reimport_cpu_seconds, 3),
            "reimport_rows_changed": self.reimport_rows_changed,
            "goal_met": self.seconds <= GOAL_SECONDS
            and self.reimport_seconds <= GOAL_SECONDS
            and self.reimport_rows_changed == 0,
        }


# --------------------------------------------------------------------------- the files


def products_csv() -> bytes:
    rows = ["sku,name,barcodes"]
    rows += [f"BENCH-{n:04d},Bench product {n},{_gtin(n)}" for n in range(PRODUCTS)]
    return ("\n".join(rows) + "\n").encode()


def _gtin(n: int) -> str:
    body = f"401234{n:06d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def orders(lines: int, seed: int = 9) -> list[dict[str, Any]]:
    """Orders of 1 to 7 lines (4 on average) holding exactly ``lines`` lines in all."""
    rng = random.Random(seed)
    cut_off = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    made: list[dict[str, Any]] = []
    left = lines
    while left > 0:
        n = min(left, rng.randint(1, 7))
        left -= n
        number = len(made) + 1
        made.append(
            {
                "reference": f"BENCH-{number:07d}",
                "carrier": "DHL",
                "service": "Paket",
                "priority": rng.choice((0, 0, 0, 5, 10)),
                "cut_off": (cut_off + timedelta(hours=number % 48)).isoformat(),
                "ship_to_name": f"Customer {number}",
                "ship_to_line1": f"Teststrasse {number % 200 + 1}",
                "ship_to_postcode": f"{10000 + number % 89999}",
                "ship_to_city": "Hamburg",
                "ship_to_country": "DE",
                "lines": [
                    {"sku": f"BENCH-{sku:04d}", "quantity": rng.randint(1, 5)}
                    for sku in rng.sample(range(PRODUCTS), n)
                ],
            }
        )
    return made


def as_json(made: Sequence[dict[str, Any]]) -> bytes:
    return json.dumps(list(made), indent=1).encode()


def as_csv(made: Sequence[dict[str, Any]]) -> bytes:
    columns = [k for k in made[0] if k != "lines"] + ["sku", "quantity"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for order in made:
        fields = [order[k] for k in columns[:-2]]
        for line in order["lines"]:
            writer.writerow([*fields, line["sku"], line["quantity"]])
    return out.getvalue().encode()


# --------------------------------------------------------------------------- running


def counts(engine: sqlalchemy.Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(
            int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in COUNTED
        )


def import_once(url: str, name: str, data: bytes, database: str, fmt: str) -> Run:
    """A fresh database: the catalogue, then the file twice, through the real services."""
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        uow, clock = SqlUnitOfWork.factory(engine), SystemClock()
        CatalogueService(uow, clock).import_products("products.csv", products_csv())
        intake = IntakeService(uow, clock)
        started, cpu = time.perf_counter(), time.process_time()
        first = intake.import_orders(name, data)
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
        before = counts(engine)
        started, cpu = time.perf_counter(), time.process_time()
        again = intake.import_orders(name, data)
        reimport_seconds = time.perf_counter() - started
        reimport_cpu_seconds = time.process_time() - cpu
        after = counts(engine)
    finally:
        engine.dispose()
    drift = sum(abs(a - b) for a, b in zip(after, before, strict=True))
    changed = again.added + again.changed + drift
    log.info("%s %s: %.2f s, again %.2f s", database, fmt, seconds, reimport_seconds)
    return Run(
        database=database,
        format=fmt,
        orders=first.added + first.changed + first.unchanged,
        lines=before[1],
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        added=first.added,
        reimport_seconds=reimport_seconds,
        reimport_cpu_seconds=reimport_cpu_seconds,
        reimport_rows_changed=changed,
    )


def run_benchmark(server: PgServer | None, options: Options, folder: Path) -> list[Run]:
    made = orders(options.lines)
    files = {"csv": as_csv(made), "json": as_json(made)}
    runs = []
    for database in options.databases:
        for fmt in options.formats:
            name = f"orders.{fmt}"
            if database == "sqlite":
                url = f"sqlite:///{folder / f'import-{fmt}.sqlite'}"
            else:
                assert server is not None
                url = server.create_database()
            runs.append(import_once(url, name, files[fmt], database, fmt))
    return runs


# --------------------------------------------------------------------------- reporting


def machine_info(server: PgServer | None) -> dict[str, Any]:
    version = server.version_num if server is not None else 0
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "postgresql": f"{version // 10000}.{version % 10000}" if version else None,
        "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": sqlalchemy.__version__,
        "psycopg": psycopg.__version__,
        "packbench": __version__,
    }


def document(
    runs: Sequence[Run], options: Options, server: PgServer | None, wall_s: float
) -> dict[str, Any]:
    by_db: dict[str, dict[str, Any]] = {}
    for run in runs:
        by_db.setdefault(run.database, {})[run.format] = run.as_json()
    problems = [
        f"{run.database} {run.format}: re-import changed {run.reimport_rows_changed} rows"
        for run in runs
        if run.reimport_rows_changed
    ]
    return {
        "benchmark": "import",
        "ok": not problems,
        "goal_met": all(entry["goal_met"] for db in by_db.values() for entry in db.values()),
        "measure": "seconds of IntakeService.import_orders (bytes to commit); rows = order lines",
        "lines": options.lines,
        "goal": {"seconds_max": GOAL_SECONDS, "reimport_seconds_max": GOAL_SECONDS},
        "runs": by_db,
        "problems": problems,
        "machine": machine_info(server),
        "wall_s": round(wall_s, 2),
    }


def render_table(doc: dict[str, Any]) -> str:
    rows = [
        f"Order import: {doc['lines']:,} order lines through IntakeService.import_orders",
        "",
        f"{'database':<12}{'format':<8}{'orders':>8}{'seconds':>9}{'cpu s':>7}{'lines/s':>10}"
        f"{'again s':>9}{'cpu s':>7}{'changed':>9}{'goal':>6}",
    ]
    for database, by_format in doc["runs"].items():
        for fmt, e in by_format.items():
            rows.append(
                f"{database:<12}{fmt:<8}{e['orders']:>8}{e['seconds']:>9.2f}"
                f"{e['cpu_seconds']:>7.2f}{e['rows_per_s'] or 0:>10,}"
                f"{e['reimport_seconds']:>9.2f}{e['reimport_cpu_seconds']:>7.2f}"
                f"{e['reimport_rows_changed']:>9}{'met' if e['goal_met'] else 'NO':>6}"
            )
    m = doc["machine"]
    rows += [
        "",
        f"goal: <= {GOAL_SECONDS:g} s each, re-import <= {GOAL_SECONDS:g} s with 0 rows changed",
        f"{m['cpu_count']} CPUs; PostgreSQL {m['postgresql']}, SQLite {m['sqlite']}, Python "
        f"{m['python']}, SQLAlchemy {m['sqlalchemy']}, psycopg {m['psycopg']}",
        f"total run time {doc['wall_s']:.1f} s",
    ]
    rows += [f"PROBLEM: {problem}" for problem in doc["problems"]]
    return "\n".join(rows)


# --------------------------------------------------------------------------- main


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.import",
        description="Import a generated orders file (CSV and JSON) into SQLite and PostgreSQL "
        "through the real service, then import it again.",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--lines", type=int, default=100_000, help="order lines (100000)")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--format", choices=("csv", "json", "both"), default="both")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.lines < 1:
        print("--lines must be at least 1", file=sys.stderr)
        return 2
    options = Options(
        lines=args.lines,
        databases=DATABASES if args.db == "both" else (args.db,),
        formats=FORMATS if args.format == "both" else (args.format,),
    )
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    started = time.monotonic()
    with stdout_to_stderr(), tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        server = start_server() if "postgresql" in options.databases else None
        try:
            runs = run_benchmark(server, options, Path(folder))
            doc = document(runs, options, server, time.monotonic() - started)
        finally:
            if server is not None:
                server.stop()
    print(json.dumps(doc, indent=2) if args.json else render_table(doc))
    return 0 if doc["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
