"""What keeping the offline copy costs an online scan: the scan's latency through the services.

    .venv/bin/python -m bench.offline_cost [--scans 200] [--block 25] [--pace 0.05] [--json]

A private PostgreSQL cluster (``tests.support.pg_outage``) on loopback holds the site; three
stations scan units of orders of their own, in turns of ``--block`` scans (so a load swing on
the machine hits the three alike), one scan every ``--pace`` seconds at most (a packer scans a
few units a second at best; 0 for back to back):

* ``plain``: ``PackingService`` alone (offline off);
* ``inline``: ``OfflineStation`` with the copy into its local store on the scan's path (the
  scan, then ``settle``, timed together: how the first version kept the copy);
* ``after_reply``: ``OfflineStation`` as the station runs it: the scan is timed, then
  ``settle`` runs untimed, as the database worker runs it after the reply (``settle_ms``).

JSON: the median and 90th percentile of each, in ms, and ``ratio`` (``after_reply`` median
over ``plain`` median). Goal: ``ratio`` <= 1.5.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from app.adapters.db import schema
from app.adapters.db.engine import make_engine
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.services.clock import SystemClock
from app.services.offline import OfflineStation
from app.services.packing import PackingService
from app.services.results import Session
from bench.common import stdout_to_stderr
from tests.support.factories import seed
from tests.support.pg_outage import private_server

GOAL_RATIO = 1.5
MODES = ("plain", "inline", "after_reply")
BADGES = {"plain": "BDG1001", "inline": "BDG1002", "after_reply": "BDG9001"}


def _ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p90_ms": round(ordered[max(0, int(len(ordered) * 0.9) - 1)] * 1000, 2),
    }


@dataclass
class _Station:
    mode: str
    service: PackingService
    session: Session | None = None
    order_id: int = 0
    timed: list[float] = field(default_factory=list)
    settled: list[float] = field(default_factory=list)

    def scan(self, code: str, pace: float = 0.0) -> None:
        assert self.session is not None
        started = time.perf_counter()
        offline = self.service if isinstance(self.service, OfflineStation) else None
        begun = time.perf_counter()
        self.service.record_scan(self.session, self.order_id, uuid.uuid4().hex, code)
        if offline is not None and self.mode == "inline":
            offline.settle()
        self.timed.append(time.perf_counter() - begun)
        if offline is not None and self.mode == "after_reply":
            begun = time.perf_counter()
            offline.settle()  # what the database worker runs after the reply
            self.settled.append(time.perf_counter() - begun)
        rest = pace - (time.perf_counter() - started)
        if rest > 0:
            time.sleep(rest)  # the packer reaching for the next unit


def run_bench(scans: int, block: int, pace: float) -> dict[str, object]:
    now = datetime.now(UTC)
    with private_server() as server, tempfile.TemporaryDirectory() as folder:
        shared = make_engine(server.create_database("bench_offline_cost"))
        schema.upgrade(shared)
        world = seed(shared, now, orders=[(f"COST-{m}", [("MUG-BLUE", scans + 1)]) for m in MODES])
        clock, hasher = SystemClock(), Argon2CredentialHasher()
        stations = [_Station("plain", PackingService(SqlUnitOfWork.factory(shared), clock, hasher))]
        for mode in MODES[1:]:
            local = open_local_store(Path(folder) / f"{mode}.sqlite")
            store = LocalJournalStore(local, shared)
            offline = OfflineStation(store, SharedAppliedOperations(shared), clock, hasher)
            stations.append(_Station(mode, offline))
        mug = world.product_codes["MUG-BLUE"]
        for station in stations:
            record = station.service.register_station(f"COST-{station.mode}")
            station.session = station.service.sign_in(record, BADGES[station.mode]).session
            station.order_id = station.service.open_order(
                station.session, world.slips[f"COST-{station.mode}"]
            ).id
            station.scan(mug)  # warm-up: connections, statements
            station.timed.clear()
            station.settled.clear()
        while len(stations[0].timed) < scans:
            for station in stations:
                for _ in range(min(block, scans - len(station.timed))):
                    station.scan(mug, pace)
        shared.dispose()
    by_mode = {station.mode: station for station in stations}
    plain = statistics.median(by_mode["plain"].timed)
    ratio = round(statistics.median(by_mode["after_reply"].timed) / plain, 2)
    return {
        **{station.mode: _ms(station.timed) for station in stations},
        "settle_ms": _ms(by_mode["after_reply"].settled),
        "ratio": ratio,
        "inline_ratio": round(statistics.median(by_mode["inline"].timed) / plain, 2),
        "scans": scans,
        "pace_s": pace,
        "goal_met": ratio <= GOAL_RATIO,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.offline_cost", description=__doc__.split("\n")[0])
    parser.add_argument("--scans", type=int, default=200, help="scans per station (200)")
    parser.add_argument("--block", type=int, default=25, help="scans per turn (25)")
    parser.add_argument("--pace", type=float, default=0.05, help="seconds per scan (0.05)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.scans < 10 or args.block < 1 or args.pace < 0:
        parser.error("--scans must be at least 10, --block at least 1, --pace not negative")
    with stdout_to_stderr():
        figures = run_bench(args.scans, args.block, args.pace)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:14} {value}")
    return 0 if figures["goal_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
