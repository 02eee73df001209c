"""The supervisor console on a big site: board, queue, figures, LISTEN/NOTIFY and an order's
story over PostgreSQL with a million orders.

What is generated
    On the suite's own throwaway PostgreSQL (``tests.support.pgserver``), migrated by Alembic,
    with set-based SQL (``INSERT ... SELECT generate_series``, not through the services):
    ``--orders`` orders (1,000,000), of which ``--open`` (20,000) are open (one ``packing`` at
    each of 99 stations, one in 150 on hold, the rest ready) and the rest shipped
    (``handed_over``), 100 stations with one packer each, 1.6 lines and 2 units per order on
    average, one parcel (tracking number) per shipped order and the audit log's ``claim`` and
    ``complete`` entries of each. The last ``--days`` (7) days of shipped orders carry their
    scan events (one accepted scan per unit, a wrong item on one order in 17, an unknown code
    on one in 43, an over-scan on one in 97), label print jobs and holds (one in 150, three
    reasons): ``--rate`` (30) orders per station-hour round the clock, so 504,000 orders and
    about 1.1 million scan events a week at the defaults. All of it at schema 0019 (the one
    before 0016); then the migration 0016 backfills the figures' roll-ups from it
    (``migrate_s``, as at a site upgrading with its history) and ``VACUUM ANALYZE`` (what
    autovacuum does on a live site).

What is measured (``--repeat`` times each, p95 in ms; all through the real services built as
``app.bootstrap`` builds them: ``SqlUnitOfWork`` over ``make_engine``)
    refresh_p95_ms      ``FloorService.board``: the station board's refresh.
    queue_page_p95_ms   ``FloorService.queue`` with the console's filter (carrier DHL, ready,
                        the console's first page of 500).
    day_figures_p95_ms  ``FiguresService.figures`` for yesterday (a whole day), per packer.
    station_to_board_ms a real scan at one station (``PackingService.record_scan``) until a
                        ``PgFloorListener`` on its own connection has called back and a board
                        read shows the new count (p95 of the repeats).
    story_p95_ms        ``StoryService.find`` by a tracking number plus that order's
                        ``timeline``.

Run it from the project root::

    .venv/bin/python -m bench.board --json > bench/out/board.json
    .venv/bin/python -m bench.board --orders 100000 -v

With ``--json`` exactly one JSON object is written to stdout; logs go to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bench.common import stdout_to_stderr
from tests.support.pgserver import PgServer, start_server

log = logging.getLogger("bench.board")

GOALS = {
    "refresh_p95_ms": 100.0,
    "queue_page_p95_ms": 100.0,
    "day_figures_p95_ms": 200.0,
    "station_to_board_ms": 1000.0,
    "story_p95_ms": 50.0,
}
STATIONS = 100
#: The schema the history is generated at: the migration after it (0016) backfills the
#: figures' roll-ups from it.
BEFORE_ROLLUPS = "0019"  # the revision 0016 (the roll-ups) follows
BADGE = "BDGBENCH"


@dataclass(frozen=True)
class Options:
    orders: int = 1_000_000
    open: int = 20_000
    days: int = 7
    rate: int = 30
    repeat: int = 30


# -- generating ------------------------------------------------------------------------------

_GENERATE = """
INSERT INTO users (id, name, role, badge_hash, active)
SELECT s, 'Packer ' || lpad(s::text, 3, '0'), 'packer', 'bench-badge-' || s, true
FROM generate_series(1, {stations}) s;

INSERT INTO stations (id, name, created_at, last_seen_at, signed_in_user_id, devices, kind)
SELECT s, 'PACK-' || lpad(s::text, 3, '0'), %(now)s, %(now)s, s,
       '{{"printer": "ready", "scanner": "keyboard", "scale": "none"}}', 'station'
FROM generate_series(1, {stations}) s;

INSERT INTO products (id, sku, name, weight_g)
SELECT p, 'SKU-' || p, 'Product ' || p, 100 + p %% 900 FROM generate_series(1, 1000) p;

INSERT INTO product_barcodes (product_id, code, units)
SELECT p, 'BC' || p, 1 FROM generate_series(1, 1000) p;

-- Shipped order i was completed at done(i): the last one a minute ago, one every step s
-- before it; open orders come after the shipped ones.
CREATE TEMP TABLE gen AS
SELECT i,
       1 + (i %% 7 = 0)::int * 2 + (i %% 3 = 0)::int AS lines,
       1 + (i %% 5 = 0)::int * 2 AS per_line,
       (i %% {stations}) + 1 AS station,
       %(now)s - interval '1 minute' - (%(shipped)s - i) * %(step)s * interval '1 second' AS done
FROM generate_series(1, %(shipped)s) i;
ALTER TABLE gen ADD COLUMN claimed timestamptz;
UPDATE gen SET claimed = done - (30 + 10 * lines + 5 * lines * per_line + (i::bigint * 7919) %% 60)
                                * interval '1 second';

INSERT INTO orders (id, reference, slip_code, status, priority, cut_off, carrier, service,
                    ship_to_name, ship_to_line1, ship_to_country, channel, claimed_at,
                    created_at, updated_at)
SELECT i, 'B' || i, 'S' || i, 'handed_over', 0, NULL,
       (ARRAY['DHL', 'DPD', 'UPS', 'GLS'])[1 + i %% 4], 'standard',
       'Erika Mustermann', 'Heidestrasse 17', 'DE', 'shop', claimed, claimed - interval '2 hours',
       done + interval '3 hours'
FROM gen;

INSERT INTO orders (id, reference, slip_code, status, priority, cut_off, carrier, service,
                    ship_to_name, ship_to_line1, ship_to_country, channel, hold_reason,
                    created_at, updated_at)
SELECT i, 'B' || i, 'S' || i,
       CASE WHEN i %% 150 = 0 THEN 'on_hold' ELSE 'ready' END,
       CASE WHEN i %% 50 = 0 THEN 500 ELSE 0 END,
       date_trunc('day', %(now)s) + interval '1 day 15 hours',
       (ARRAY['DHL', 'DPD', 'UPS', 'GLS'])[1 + i %% 4], 'standard',
       'Erika Mustermann', 'Heidestrasse 17', 'DE', 'shop',
       CASE WHEN i %% 150 = 0 THEN 'damaged unit' END,
       %(now)s - (%(total)s - i) * interval '1 second', %(now)s
FROM generate_series(%(shipped)s + 1, %(total)s) i;

-- One order being packed at each station but the first (the bench's own station).
UPDATE orders SET status = 'packing', claimed_by_station_id = id - %(shipped)s,
                  claimed_by_user_id = id - %(shipped)s, claimed_at = %(now)s - interval '2 minutes'
WHERE id > %(shipped)s + 1 AND id <= %(shipped)s + {stations};

INSERT INTO order_lines (order_id, line_no, product_id, quantity, verified_qty)
SELECT o.i, n, 1 + (o.i * 31 + n) %% 1000, o.per_line,
       CASE WHEN o.i <= %(shipped)s THEN o.per_line ELSE 0 END
FROM (SELECT i, lines, per_line FROM gen
      UNION ALL
      SELECT i, 1 + (i %% 7 = 0)::int * 2 + (i %% 3 = 0)::int, 1 + (i %% 5 = 0)::int * 2
      FROM generate_series(%(shipped)s + 1, %(total)s) i) o,
     generate_series(1, o.lines) n;

INSERT INTO parcels (id, order_id, seq, tracking_number, carrier, weight_g, created_at)
SELECT i, i, 1, 'JJ' || lpad(i::text, 9, '0') || 'DE', 'DHL', 500, done FROM gen;

INSERT INTO audit_log (at, user_id, station_id, action, entity, entity_id, detail)
SELECT claimed, station, station, 'claim', 'order', i, 'next in queue' FROM gen;
INSERT INTO audit_log (at, user_id, station_id, action, entity, entity_id, detail)
SELECT done, station, station, 'complete', 'order', i, 'parcel ' || i FROM gen;
INSERT INTO audit_log (at, user_id, station_id, action, entity, entity_id, detail)
SELECT claimed + interval '5 seconds', station, station, 'hold', 'order', i,
       (ARRAY['missing unit', 'damaged unit', 'wrong unit'])[1 + (i / 150) %% 3]
FROM gen WHERE i %% 150 = 0 AND done >= %(week)s;

INSERT INTO scan_events (scan_uid, station_id, user_id, order_id, line_id, raw_code, outcome,
                         units, at, product_id)
SELECT 'a' || l.id || '-' || k, g.station, g.station, g.i, l.id, 'code', 'accepted', 1,
       g.claimed + (l.line_no * 4 + k) * interval '1 second', l.product_id
FROM gen g JOIN order_lines l ON l.order_id = g.i, generate_series(1, l.quantity) k
WHERE g.done >= %(week)s;

INSERT INTO scan_events (scan_uid, station_id, user_id, order_id, raw_code, outcome, at)
SELECT 'e' || g.i || '-' || e.outcome, g.station, g.station, g.i, 'code', e.outcome,
       g.claimed + interval '2 seconds'
FROM gen g JOIN (VALUES (17, 'wrong_item'), (43, 'unknown_barcode'), (97, 'over_scan'))
     AS e(every, outcome) ON g.i %% e.every = 0
WHERE g.done >= %(week)s;

INSERT INTO print_jobs (job_uid, parcel_id, kind, printer, state, attempts, created_at,
                        updated_at, station_id)
SELECT 'j' || i, i, 'label', 'zebra-' || station, 'sent', 1, done, done, station
FROM gen WHERE done >= %(week)s;
"""

_SEQUENCES = (
    "users",
    "stations",
    "products",
    "product_barcodes",
    "orders",
    "order_lines",
    "parcels",
    "audit_log",
    "scan_events",
    "print_jobs",
)


def generate(server: PgServer, dbname: str, options: Options, now: datetime) -> None:
    """Fill the database ``dbname``, migrated to ``BEFORE_ROLLUPS``."""
    shipped = options.orders - options.open
    week_orders = options.days * 24 * STATIONS * options.rate
    params = {
        "now": now,
        "shipped": shipped,
        "total": options.orders,
        "step": 3600.0 / (STATIONS * options.rate),
        "week": now - timedelta(days=options.days),
    }
    log.info(
        "generating %d orders (%d in the last %d days)", options.orders, week_orders, options.days
    )
    with server.connect(dbname) as conn:
        conn.autocommit = False
        for statement in _GENERATE.format(stations=STATIONS).split(";\n"):
            if statement.strip():
                started = time.monotonic()
                conn.execute(statement.strip().rstrip(";"), params)
                log.info("%.1f s: %s", time.monotonic() - started, statement.strip()[:60])
        for table in _SEQUENCES:
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()


def vacuum_and_count(server: PgServer, dbname: str) -> dict[str, int]:
    """``VACUUM ANALYZE`` (what autovacuum does on a live site), then the row counts."""
    with server.connect(dbname) as conn:
        conn.autocommit = True
        started = time.monotonic()
        conn.execute("VACUUM ANALYZE")
        log.info("%.1f s: VACUUM ANALYZE", time.monotonic() - started)
        counts = {}
        for table in (
            "orders",
            "order_lines",
            "scan_events",
            "audit_log",
            "parcels",
            "order_figures",
            "scan_quarters",
        ):
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts


# -- measuring -------------------------------------------------------------------------------


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def timed(call: Callable[[], Any], repeat: int) -> list[float]:
    call()  # the first call warms the connection pool and the statement caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure(url: str, options: Options, now: datetime) -> dict[str, Any]:
    from app.adapters.db.engine import make_engine
    from app.adapters.db.uow import SqlUnitOfWork
    from app.domain.figures import Grouping
    from app.domain.model import Role
    from app.services.clock import SystemClock
    from app.services.figures import FiguresService
    from app.services.floor import FloorService
    from app.services.queue_ports import QueueFilter
    from app.services.results import Session
    from app.services.story import StoryService
    from app.services.story_ports import StoryQuery

    engine = make_engine(url)
    uow = SqlUnitOfWork.factory(engine)
    clock = SystemClock()
    floor = FloorService(uow, clock)
    figures = FiguresService(uow, zone=UTC)
    story = StoryService(uow)
    boss = Session(1, "PACK-001", 1, "Packer 001", Role.SUPERVISOR)
    results: dict[str, Any] = {}
    samples: dict[str, list[float]] = {}

    samples["refresh"] = timed(lambda: floor.board(boss), options.repeat)
    wanted = QueueFilter(carrier="DHL")
    samples["queue_page"] = timed(lambda: floor.queue(boss, wanted), options.repeat)
    day = datetime.combine((now - timedelta(days=1)).date(), datetime.min.time(), UTC)
    report = figures.figures(boss, day, day + timedelta(days=1), Grouping.PACKER)
    results["day_figures_orders"] = sum(row.orders for row in report.rows)
    results["day_figures_scans"] = sum(row.scans for row in report.rows)
    samples["day_figures"] = timed(
        lambda: figures.figures(boss, day, day + timedelta(days=1), Grouping.PACKER),
        options.repeat,
    )
    shipped = options.orders - options.open
    picks = [shipped - 1 - (n * 7919) % min(shipped - 1, 50_000) for n in range(options.repeat + 1)]
    trackings = iter([f"JJ{i:09d}DE" for i in picks])

    def one_story() -> None:
        (found,) = story.find(boss, StoryQuery(text=next(trackings)))
        assert story.timeline(boss, found.order_id)

    samples["story"] = timed(one_story, options.repeat)
    samples["station_to_board"] = _station_to_board(engine, uow, floor, boss, options.repeat)
    for name, values in samples.items():
        results[f"{name}_p95_ms" if name != "station_to_board" else "station_to_board_ms"] = round(
            p95(values), 1
        )
        results[f"{name}_p50_ms"] = round(statistics.median(values), 1)
    engine.dispose()
    return results


def _station_to_board(engine: Any, uow: Any, floor: Any, boss: Any, repeat: int) -> list[float]:
    """A real scan at PACK-001 until the listener has called back and the board shows it."""
    from sqlalchemy import insert

    from app.adapters.db import tables as t
    from app.adapters.db.floor_listener import PgFloorListener
    from app.adapters.security import Argon2CredentialHasher
    from app.domain.barcodes import gtin_check_digit
    from app.services.clock import SystemClock
    from app.services.packing import PackingService

    code = "200000000001" + str(gtin_check_digit("200000000001"))
    hasher = Argon2CredentialHasher()
    with engine.begin() as conn:
        user = conn.execute(
            insert(t.users).values(
                name="Bench Packer", role="packer", badge_hash=hasher.badge_digest(BADGE)
            )
        ).inserted_primary_key[0]
        now = datetime.now(UTC)
        order = conn.execute(
            insert(t.orders).values(
                reference="BENCH-LIVE",
                slip_code="ORDBENCHLIVE",
                status="ready",
                priority=1000,
                carrier="DHL",
                ship_to_name="X",
                ship_to_line1="Y",
                ship_to_country="DE",
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
        conn.execute(
            insert(t.order_lines).values(
                order_id=order, line_no=1, product_id=1, quantity=repeat + 10
            )
        )
        conn.execute(insert(t.product_barcodes).values(product_id=1, code=code.zfill(14)))
    del user
    packing = PackingService(uow, SystemClock(), hasher)
    record = packing.register_station("PACK-001")
    packer = packing.sign_in(record, BADGE).session
    order_id = packing.open_order(packer, "ORDBENCHLIVE").id
    changed = threading.Event()
    listener = PgFloorListener(str(engine.url.render_as_string(hide_password=False)))
    listener.start(changed.set)
    if not listener.listening.wait(10):
        raise RuntimeError("the floor listener did not start")
    samples = []
    try:
        for n in range(1, repeat + 1):
            changed.clear()
            started = time.perf_counter()
            packing.record_scan(packer, order_id, uuid.uuid4().hex, code)
            if not changed.wait(5):
                raise RuntimeError("no notification within 5 s")
            tile = next(tile for tile in floor.board(boss) if tile.row.name == "PACK-001")
            if tile.row.units_verified != n:
                raise RuntimeError(f"the board shows {tile.row.units_verified}, not {n}")
            samples.append((time.perf_counter() - started) * 1000)
    finally:
        listener.stop()
    return samples


def run_benchmark(server: PgServer, options: Options) -> dict[str, Any]:
    from app.adapters.db import schema
    from app.adapters.db.engine import make_engine

    url = server.create_database()
    dbname = url.rsplit("/", 1)[1].split("?")[0]
    engine = make_engine(url)
    schema.upgrade(engine, BEFORE_ROLLUPS)
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.monotonic()
    generate(server, dbname, options, now)
    generated_s = time.monotonic() - started
    # The history is there before the figures' roll-ups: the migration backfills them, as
    # it does at a site upgrading with its history.
    started = time.monotonic()
    schema.upgrade(engine)
    migrated_s = time.monotonic() - started
    engine.dispose()
    counts = vacuum_and_count(server, dbname)
    results = measure(url, options, now)
    doc: dict[str, Any] = {
        "options": options.__dict__,
        "rows": counts,
        "generate_s": round(generated_s, 1),
        "migrate_s": round(migrated_s, 1),
        **results,
        "goals": GOALS,
    }
    doc["goals_met"] = {name: doc[name] <= goal for name, goal in GOALS.items()}
    doc["ok"] = all(doc["goals_met"].values())
    return doc


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    parser.add_argument("--orders", type=int, default=Options.orders, help="orders (1000000)")
    parser.add_argument("--open", type=int, default=Options.open, help="open orders (20000)")
    parser.add_argument("--days", type=int, default=Options.days, help="days of scans (7)")
    parser.add_argument("--rate", type=int, default=Options.rate, help="orders/station-hour")
    parser.add_argument("--repeat", type=int, default=Options.repeat, help="runs per figure")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    options = Options(args.orders, args.open, args.days, args.rate, args.repeat)
    if options.open < STATIONS + 1 or options.orders <= options.open or options.repeat < 1:
        print(f"give --orders > --open >= {STATIONS + 1} and --repeat >= 1", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with stdout_to_stderr():
        server = start_server()
        try:
            doc = run_benchmark(server, options)
        finally:
            server.stop()
    print(json.dumps(doc, indent=2))
    return 0 if doc["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
