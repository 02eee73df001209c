"""Hand-off at a warehouse's volume, on the suite's own PostgreSQL server.

::

    .venv/bin/python -m bench.handoff [--parcels 5000] [--events 1000000] [--json]

A pick-up of ``--parcels`` labelled parcels of one carrier: each scanned out at the dock
through ``HandoffService.dock_scan`` (the call the dock screen makes on its worker; the
screen's own update is not in the figure), then the manifest closed (its PDF with a barcode per
parcel and its CSV written to a folder). Then ``--events`` tracking events for those parcels
imported from CSV files (at most 250,000 events per file: the import's size limit), and the
same files imported again.

Figures: ``scan_out_p99_ms`` (goal <= 25), ``close_manifest_s`` (goal <= 5), ``events_per_s``
(goal >= 20,000) and ``duplicates`` (events stored twice after the re-import; goal 0).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, insert, select, text

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.domain.model import Role
from app.domain.tracking import format_s10
from app.services.clock import SystemClock
from app.services.handoff import Actor, HandoffService
from app.services.tracking_events import TrackingService
from bench.common import stdout_to_stderr
from tests.support.pgserver import start_server

_PER_FILE = 250_000


def _seed(engine: Engine, parcels: int, now: datetime) -> list[str]:
    numbers = [format_s10("JJ", 10_000_000 + i, "DE") for i in range(parcels)]
    with engine.begin() as conn:
        conn.execute(
            insert(t.users).values(id=1, name="Dana Dock", role="supervisor", badge_hash="x")
        )
        conn.execute(insert(t.stations).values(id=1, name="DOCK-1", created_at=now))
        conn.execute(
            insert(t.orders),
            [
                {
                    "id": i + 1,
                    "reference": f"SHOP-{i + 1}",
                    "slip_code": f"ORD{i + 1:08d}",
                    "status": "labelled",
                    "carrier": "DHL",
                    "ship_to_name": "Erika Mustermann",
                    "ship_to_line1": "Heidestraße 17",
                    "ship_to_country": "DE",
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(parcels)
            ],
        )
        conn.execute(
            insert(t.parcels),
            [
                {
                    "order_id": i + 1,
                    "seq": 1,
                    "tracking_number": number,
                    "carrier": "DHL",
                    "weight_g": 500 + i % 2000,
                    "created_at": now,
                }
                for i, number in enumerate(numbers)
            ],
        )
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # A site's database has statistics; a freshly seeded one has none until autovacuum
        # comes by, and until then PostgreSQL plans the dock's counts as if parcels were empty
        # (a nested loop over every parcel per scan: 300 ms scans, measured).
        conn.execute(text("ANALYZE"))
    return numbers


def _event_files(folder: Path, numbers: list[str], events: int, start: datetime) -> list[Path]:
    files: list[Path] = []
    per_parcel = max(1, events // len(numbers))
    rows: list[str] = []
    written = 0
    for step in range(per_parcel):
        at = (start + timedelta(minutes=step)).isoformat()
        code = "DL" if step == per_parcel - 1 else "TR"
        for number in numbers:
            rows.append(f"{number},{at},{code},Parcel centre scan {step},Köln\n")
            written += 1
            if len(rows) == _PER_FILE or written == per_parcel * len(numbers):
                path = folder / f"tracking-{len(files):03d}.csv"
                path.write_text(
                    "tracking_number,time,status_code,description,location\n" + "".join(rows),
                    encoding="utf-8",
                )
                files.append(path)
                rows = []
    return files


def run(parcels: int, events: int) -> dict[str, object]:
    now = datetime.now(UTC)
    with start_server() as server, tempfile.TemporaryDirectory() as scratch:
        url = server.create_database()
        engine = make_engine(url)
        schema.upgrade(engine)
        numbers = _seed(engine, parcels, now)
        folder = Path(scratch)
        service = HandoffService(
            SqlUnitOfWork.factory(engine),
            SystemClock(),
            folder=folder,
            files=LocalBatchFolder(),
            document=ManifestSheet(),
        )
        dock = Actor(1, "Dana Dock", Role.SUPERVISOR, 1)
        cage = service.dock_scan(dock, None, numbers[0]).cage
        assert cage is not None
        timings = []
        for number in numbers[1:]:
            began = time.perf_counter()
            result = service.dock_scan(dock, cage.id, number)
            timings.append((time.perf_counter() - began) * 1000)
            assert result.outcome.value == "loaded", result.message
        began = time.perf_counter()
        closed = service.close(dock, cage.id)
        close_s = time.perf_counter() - began
        assert closed.manifest.parcel_count == parcels and len(closed.files) == 2

        files = _event_files(folder, numbers, events, now)
        tracking = TrackingService(SqlUnitOfWork.factory(engine), SystemClock())
        began = time.perf_counter()
        imported = sum(tracking.import_file(f.name, f.read_bytes()).added for f in files)
        import_s = time.perf_counter() - began
        again = sum(tracking.import_file(f.name, f.read_bytes()).added for f in files)
        with engine.connect() as conn:
            stored = conn.execute(select(func.count()).select_from(t.tracking_events)).scalar_one()
            delivered = conn.execute(
                select(func.count()).select_from(t.orders).where(t.orders.c.status == "delivered")
            ).scalar_one()
        engine.dispose()
    timings.sort()
    return {
        "parcels": parcels,
        "scan_out_p50_ms": round(statistics.median(timings), 2),
        "scan_out_p99_ms": round(timings[int(len(timings) * 0.99) - 1], 2),
        "close_manifest_s": round(close_s, 2),
        "events": imported,
        "events_per_s": round(imported / import_s),
        "reimport_added": again,
        "duplicates": stored - imported,
        "orders_delivered": delivered,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.handoff", description=__doc__.split("\n")[0])
    parser.add_argument("--parcels", type=int, default=5000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    with stdout_to_stderr():
        figures = run(args.parcels, args.events)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
