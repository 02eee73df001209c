"""Offline station: a station packs orders while its shared PostgreSQL is stopped and started.

    .venv/bin/python -m bench.offline [--outage 60] [--orders 3] [--units 120]
                                      [--scan-interval 0.25] [--json]
    .venv/bin/python -m bench.offline --kill [--kills-offline 3] [--kills-during-sync 2]
                                      [--units 60] [--json]

A private PostgreSQL cluster (``tests.support.pg_outage``) holds the site's data. One station
(``OfflineStation`` with its local store in a temporary folder and its ``SyncLoop`` running,
as ``app.bootstrap`` builds it) claims orders, scans every unit at ``--scan-interval``,
completes each order and prints its label (the real ``LabelService`` and ``StationPrinter``
writing into a folder). Once the first order has 10 scans the server is stopped with
``pg_ctl stop -m fast`` for ``--outage`` seconds, then started again; the station goes on all
along. New orders are refused while offline (no look-ahead yet): the station finishes its order,
labels it, and waits for the database.

JSON: ``outage_s`` (server stopped to started), ``scans_during_outage`` and
``labels_during_outage`` (confirmed to the packer / printed meanwhile), ``claims_refused``,
``lost_scans`` (confirmed scans missing from the shared database after the sync),
``double_counted_scans`` (units counted on the shared database beyond the confirmed accepted
scans, per order), ``duplicate_numbers`` (tracking numbers and SSCCs on two parcels or two
labels), ``sync_s`` (server back until the journal is empty and the station online). Goals:
lost, double and duplicates 0; ``sync_s`` <= 30.

``--kill``: the station, a process of its own, SIGKILLed while offline and during the sync
(``bench.offline_kill``, which lists its JSON keys).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DatabaseUnavailable
from app.domain.model import ScanOutcome
from app.services.clock import SystemClock
from app.services.offline import OfflineStation
from app.services.offline_parts import SyncLoop
from app.services.printing import LabelService
from bench.common import stdout_to_stderr
from bench.offline_kill import run_kill_bench
from tests.support.factories import World, add_sscc_range, seed
from tests.support.pg_outage import Outage, private_server
from tests.support.printers import file_printer
from tests.support.station import SENDER

SYNC_GOAL_S = 30.0
OUTAGE_AFTER_SCANS = 10
SKUS = ("MUG-BLUE", "CABLE-C1", "NOTE-A5")


@dataclass
class Figures:
    outage_s: float
    scans_during_outage: int
    labels_during_outage: int
    claims_refused: int
    lost_scans: int
    double_counted_scans: int
    duplicate_numbers: int
    sync_s: float | None
    orders_packed: int
    goal_met: bool


@dataclass
class _Run:
    confirmed: dict[str, tuple[int, bool]] = field(default_factory=dict)  # uid: order, accepted
    numbers: list[str] = field(default_factory=list)  # printed on labels
    scans_during_outage: int = 0
    labels_during_outage: int = 0
    claims_refused: int = 0
    orders_packed: int = 0
    stopped_at: float | None = None
    started_at: float | None = None
    synced_at: float | None = None
    reached: threading.Event = field(default_factory=threading.Event)

    @property
    def down(self) -> bool:
        return self.stopped_at is not None and self.started_at is None


def _outage(outage: Outage, run: _Run, seconds: float, station: OfflineStation) -> None:
    run.reached.wait()
    outage.stop()
    run.stopped_at = time.monotonic()
    time.sleep(seconds)  # the outage itself
    outage.start()
    run.started_at = time.monotonic()
    while station.offline or station.link().waiting:
        time.sleep(0.01)  # polling the station's plain state, as its strip does
    run.synced_at = time.monotonic()


def _pack(
    station: OfflineStation, labels: LabelService, world: World, run: _Run, pace: float
) -> None:
    session = station.sign_in(station.register_station("BENCH-1"), "BDG1001").session
    codes = {sku: world.product_codes[sku] for sku in SKUS}
    while True:
        try:
            view = station.claim_next_order(session)
        except DatabaseUnavailable:
            run.claims_refused += 1
            time.sleep(1.0)  # the packer tries again a second later
            continue
        if view is None:
            return
        for line in view.lines:
            for _unit in range(line.quantity - line.verified):
                scan_uid = uuid.uuid4().hex
                result = station.record_scan(session, view.id, scan_uid, codes[line.sku])
                accepted = result.verdict.outcome is ScanOutcome.ACCEPTED
                run.confirmed[scan_uid] = (view.id, accepted)
                if run.down:
                    run.scans_during_outage += 1
                if len(run.confirmed) == OUTAGE_AFTER_SCANS:
                    run.reached.set()
                time.sleep(pace)
        done = station.complete_order(session, view.id, labels.printer.name)
        report = labels.print_job(session, done.print_job_id)
        if report.state == "sent":
            run.numbers.append(done.tracking_number)
            if run.down:
                run.labels_during_outage += 1
        run.orders_packed += 1


def _check(shared: Engine, run: _Run) -> tuple[int, int, int]:
    with shared.connect() as conn:
        stored = Counter(conn.execute(select(t.scan_events.c.scan_uid)).scalars())
        verified = dict(
            conn.execute(
                select(t.order_lines.c.order_id, func.sum(t.order_lines.c.verified_qty)).group_by(
                    t.order_lines.c.order_id
                )
            ).all()
        )
        parcels = conn.execute(select(t.parcels.c.tracking_number, t.parcels.c.sscc)).all()
    lost = sum(1 for scan_uid in run.confirmed if stored[scan_uid] == 0)
    accepted = Counter(order for order, ok in run.confirmed.values() if ok)
    double = sum(max(0, int(verified.get(o, 0)) - n) for o, n in accepted.items())
    double += sum(n - 1 for n in stored.values() if n > 1)
    numbers = Counter([p.tracking_number for p in parcels] + [p.sscc for p in parcels if p.sscc])
    duplicates = sum(n - 1 for n in numbers.values() if n > 1)
    duplicates += sum(n - 1 for n in Counter(run.numbers).values() if n > 1)
    return lost, double, duplicates


def run_bench(outage_s: float, orders: int, units: int, pace: float) -> Figures:
    now = datetime.now(UTC)
    per_line = [units // len(SKUS) + (1 if i < units % len(SKUS) else 0) for i in range(len(SKUS))]
    lines = [(sku, n) for sku, n in zip(SKUS, per_line, strict=True) if n]
    with private_server() as server, tempfile.TemporaryDirectory() as folder:
        shared = make_engine(server.create_database("bench_offline"))
        schema.upgrade(shared)
        world = seed(shared, now, orders=[(f"BENCH-{i + 1}", lines) for i in range(orders)])
        add_sscc_range(shared, "4012345", extension=3)
        local = open_local_store(Path(folder) / "offline" / "BENCH-1.sqlite")
        clock = SystemClock()
        station = OfflineStation(
            LocalJournalStore(local, shared),
            SharedAppliedOperations(shared),
            clock,
            Argon2CredentialHasher(),
        )
        labels = LabelService(
            station.labels_uow(), clock, file_printer(Path(folder) / "labels"), SENDER
        )
        sync = SyncLoop(station, interval_s=0.2)
        sync.start()
        run = _Run()
        controller = threading.Thread(
            target=_outage, args=(Outage(server), run, outage_s, station), daemon=True
        )
        controller.start()
        try:
            _pack(station, labels, world, run, pace)
            controller.join(timeout=outage_s + 120)
        finally:
            sync.stop()
        lost, double, duplicates = _check(shared, run)
        shared.dispose()
        local.dispose()
    assert run.stopped_at is not None and run.started_at is not None
    sync_s = None if run.synced_at is None else round(run.synced_at - run.started_at, 3)
    return Figures(
        outage_s=round(run.started_at - run.stopped_at, 3),
        scans_during_outage=run.scans_during_outage,
        labels_during_outage=run.labels_during_outage,
        claims_refused=run.claims_refused,
        lost_scans=lost,
        double_counted_scans=double,
        duplicate_numbers=duplicates,
        sync_s=sync_s,
        orders_packed=run.orders_packed,
        goal_met=lost == double == duplicates == 0 and sync_s is not None and sync_s <= SYNC_GOAL_S,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.offline", description=__doc__.split("\n")[0])
    parser.add_argument("--outage", type=float, default=60.0, help="seconds stopped (60)")
    parser.add_argument("--orders", type=int, default=3, help="orders to pack (3)")
    parser.add_argument("--units", type=int, help="units per order (120; --kill: 60)")
    parser.add_argument("--scan-interval", type=float, default=0.25, help="seconds (0.25)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--kill", action="store_true", help="SIGKILL the station instead")
    parser.add_argument("--kills-offline", type=int, default=3, help="--kill: 1 to 10 (3)")
    parser.add_argument("--kills-during-sync", type=int, default=2, help="--kill: 0 to 10 (2)")
    args = parser.parse_args(argv)
    if args.kill:
        return _kill_main(parser, args)
    args.units = 120 if args.units is None else args.units
    if args.units < OUTAGE_AFTER_SCANS + 1 or args.orders < 1:
        parser.error(f"--units must be over {OUTAGE_AFTER_SCANS} and --orders at least 1")
    with stdout_to_stderr():
        figures = run_bench(args.outage, args.orders, args.units, args.scan_interval)
    _show(asdict(figures), args.json)
    return 0 if figures.goal_met else 1


def _kill_main(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    units = 60 if args.units is None else args.units
    if not 1 <= args.kills_offline <= 10 or not 0 <= args.kills_during_sync <= 10:
        parser.error("--kills-offline must be 1 to 10 and --kills-during-sync 0 to 10")
    if units < 4 * (args.kills_offline + 1):
        parser.error(f"--units must be at least {4 * (args.kills_offline + 1)} with --kill")
    with stdout_to_stderr():
        figures = run_kill_bench(units, args.kills_offline, args.kills_during_sync)
    _show(asdict(figures), args.json)
    return 0 if figures.goal_met else 1


def _show(figures: dict[str, object], as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:22} {value}")


if __name__ == "__main__":
    raise SystemExit(main())
