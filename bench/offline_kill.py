"""``bench.offline --kill``: the offline station SIGKILLed while offline and during the sync.

A private PostgreSQL cluster (``tests.support.pg_outage``) holds one order of ``units`` units.
The station is a process of its own (``tests.support.offline_station``, the real
``OfflineStation`` over a local store file), driven line by line as a scanner would: it opens
the order online and scans a few units; the server is stopped (``pg_ctl stop -m fast``); the
station scans on offline and is SIGKILLed with a scan sent but not answered, ``kills_offline``
times (0 to 30 ms after sending a scan), each time started again offline (its journal and
local store as the kill left them);
the last run completes the order offline (a label number from the reserved block) and is
killed too. The server is started again; the sync process is SIGKILLed ``kills_during_sync``
times after a few entries were applied (one entry per batch), then run to the end.

JSON: ``kills_offline``, ``kills_during_sync``, ``scans_confirmed`` (answered to the packer),
``killed_scans_stored`` (scans the kill cut off after their commit, before their answer),
``lost_scans`` (confirmed but missing on the shared database), ``double_counted_scans`` (units
counted there beyond the confirmed accepted scans, and scan ids stored twice),
``duplicate_numbers`` (tracking numbers or SSCCs on two parcels, and a label number that is
not the parcel's number on the shared database), ``entries_applied`` (operation ids in
``offline_applied``, each once), ``entries_not_applied`` (journal entries left undone: 0),
``entries_found_applied`` (entries found stored already and skipped: re-sent after a kill, or a
scan made online whose copy the outage cut off), ``order_status`` (on the shared database at
the end: "packed"),
``sync_s`` (server started until the journal is empty, kills included).
Goals: lost, double and duplicates 0.
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.journal_tables import offline_applied, offline_journal
from tests.support.factories import add_sscc_range, seed
from tests.support.pg_outage import Outage, private_server

REPO = Path(__file__).resolve().parents[1]
SKU = "PEN-BLK"
ONLINE_SCANS = 3
APPLIED_BEFORE_KILL = 3


@dataclass
class KillFigures:
    kills_offline: int
    kills_during_sync: int
    scans_confirmed: int
    killed_scans_stored: int
    lost_scans: int
    double_counted_scans: int
    duplicate_numbers: int
    entries_applied: int
    entries_not_applied: int
    entries_found_applied: int
    order_status: str
    sync_s: float
    goal_met: bool


def _station(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.offline_station", *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    if proc.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the station ended by itself ({proc.returncode}) before its kill")


def _scan(proc: subprocess.Popen[str], code: str) -> tuple[str, bool, str]:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.write(code + "\n")
    proc.stdin.flush()
    words = proc.stdout.readline().split()
    if not words or words[0] != "ok":
        raise RuntimeError(f"the station answered {words!r}")
    return words[1], words[2] == "accepted", words[3]


def _pack_run(
    url: str,
    path: Path,
    slip: str,
    code: str,
    scans: int,
    *,
    complete: bool,
    outage: Outage | None = None,
) -> tuple[list[tuple[str, bool]], str | None]:
    """One life of the station: open the order, ``scans`` scans answered (``outage``: the
    first ``ONLINE_SCANS`` online, then the server is stopped), then a scan sent (or the
    completion, answered) and SIGKILL. The confirmed scans, the label's number."""
    proc = _station("pack", url, str(path), slip)
    assert proc.stdin is not None and proc.stdout is not None
    ready = proc.stdout.readline().split()
    if ready[:1] != ["ready"]:
        raise RuntimeError(f"the station did not open its order: {ready!r}")
    if scans < 0:  # all the units still to scan (a killed scan may have been stored)
        scans = int(ready[2])
    confirmed = []
    for done in range(scans):
        if outage is not None and done == ONLINE_SCANS:
            outage.stop()
        scan_uid, accepted, where = _scan(proc, code)
        if where != ("online" if outage is not None and done < ONLINE_SCANS else "offline"):
            raise RuntimeError(f"scan {done + 1} was made {where}")
        confirmed.append((scan_uid, accepted))
    number = None
    if complete:
        proc.stdin.write("COMPLETE desk-1\n")
        proc.stdin.flush()
        words = proc.stdout.readline().split()
        if words[:1] != ["done"] or words[2] != "offline":
            raise RuntimeError(f"completion answered {words!r}")
        number = words[1]
    else:
        proc.stdin.write(code + "\n")  # sent, not answered: killed half done
        proc.stdin.flush()
        time.sleep(random.uniform(0.0, 0.03))  # before, during or after its commit
    _kill(proc)
    return confirmed, number


def _sync_run(url: str, path: Path, kill_after: int | None) -> bool:
    """A sync process, killed after ``kill_after`` entries were applied; True when online."""
    proc = _station("sync", url, str(path))
    assert proc.stdout is not None
    proc.stdout.readline()  # ready N
    for applied, line in enumerate(proc.stdout, start=1):
        if line.startswith("online"):
            proc.wait(timeout=60)
            return True
        if kill_after is not None and applied >= kill_after:
            _kill(proc)
            return False
    proc.wait(timeout=60)
    return False


def _check(
    shared: Engine, order_id: int, units: int, confirmed: list[tuple[str, bool]], numbers: list[str]
) -> tuple[int, int, int]:
    with shared.connect() as conn:
        stored = Counter(
            conn.execute(
                select(t.scan_events.c.scan_uid).where(t.scan_events.c.order_id == order_id)
            ).scalars()
        )
        counted = conn.execute(
            select(func.sum(t.order_lines.c.verified_qty)).where(
                t.order_lines.c.order_id == order_id
            )
        ).scalar_one()
        e = t.scan_events
        stored_units = conn.execute(
            select(func.coalesce(func.sum(e.c.units), 0)).where(
                e.c.order_id == order_id, e.c.outcome == "accepted", e.c.undoes_scan_id.is_(None)
            )
        ).scalar_one()
        parcels = conn.execute(select(t.parcels.c.tracking_number, t.parcels.c.sscc)).all()
    lost = sum(1 for scan_uid, _ok in confirmed if stored[scan_uid] == 0)
    # Counted beyond the accepted scans stored (a scan killed half done may be stored: it was
    # made, just not answered), or beyond the order itself; scan ids stored twice.
    double = max(0, int(counted or 0) - int(stored_units)) + max(0, int(counted or 0) - units)
    double += sum(n - 1 for n in stored.values() if n > 1)
    on_parcels = Counter([p.tracking_number for p in parcels] + [p.sscc for p in parcels if p.sscc])
    duplicates = sum(n - 1 for n in on_parcels.values() if n > 1)
    duplicates += sum(1 for number in numbers if on_parcels[number] != 1)
    return lost, double, duplicates


def run_kill_bench(units: int, kills_offline: int, kills_during_sync: int) -> KillFigures:
    per_life = max(1, (units - ONLINE_SCANS) // (kills_offline + 1) - 1)
    with private_server() as server, tempfile.TemporaryDirectory() as folder:
        url = server.create_database("bench_offline_kill")
        shared = make_engine(url)
        schema.upgrade(shared)
        world = seed(shared, datetime.now(UTC), orders=[("KILL-1", [(SKU, units)])])
        add_sscc_range(shared, "4012345", extension=3)
        slip, code = world.slips["KILL-1"], world.product_codes[SKU]
        path = Path(folder) / "offline" / "KILL-01.sqlite"
        outage = Outage(server)

        # Online: open the order (the local copy, the reserved blocks) and scan a few units;
        # the server stops, the station scans on offline and is killed.
        confirmed: list[tuple[str, bool]] = []
        numbers: list[str] = []
        kills = 0
        try:
            for life in range(kills_offline):
                last = life == kills_offline - 1
                # The last life scans what is left (a killed scan may have been stored) and
                # completes the order: killed after its label's number is answered.
                scans = -1 if last else per_life + (ONLINE_SCANS if life == 0 else 0)
                more, number = _pack_run(
                    url, path, slip, code, scans, complete=last, outage=outage if not life else None
                )
                confirmed += more
                numbers += [number] if number else []
                kills += 1
        finally:
            if outage.down:
                outage.start()
        started = time.monotonic()
        sync_kills = 0
        while sync_kills < kills_during_sync:
            if _sync_run(url, path, APPLIED_BEFORE_KILL):
                break
            sync_kills += 1
        while not _sync_run(url, path, None):
            pass
        sync_s = time.monotonic() - started
        lost, double, duplicates = _check(shared, world.orders["KILL-1"], units, confirmed, numbers)
        local = make_engine(f"sqlite:///{path}")
        with local.connect() as conn:
            j = offline_journal.c
            not_done = conn.execute(select(func.count()).where(j.done_at.is_(None))).scalar_one()
            outcomes = list(conn.execute(select(j.outcome)).scalars())
            journaled_scans = set(
                conn.execute(
                    select(offline_journal.c.op_uid).where(offline_journal.c.kind == "scan")
                ).scalars()
            )
        with shared.connect() as conn:
            applied = Counter(conn.execute(select(offline_applied.c.op_uid)).scalars())
            status = conn.execute(
                select(t.orders.c.status).where(t.orders.c.id == world.orders["KILL-1"])
            ).scalar_one()
        local.dispose()
        shared.dispose()
    missing = int(not_done)
    # Made again offline or re-sent after a kill, and found stored already (by the scan's id
    # or the entry's): skipped, as they must be.
    found = sum(1 for o in outcomes if o and ("(repeat)" in o or o == "applied before"))
    twice = sum(n - 1 for n in applied.values() if n > 1)
    return KillFigures(
        kills_offline=kills,
        kills_during_sync=sync_kills,
        scans_confirmed=len(confirmed),
        killed_scans_stored=len(journaled_scans - {scan_uid for scan_uid, _ok in confirmed}),
        lost_scans=lost,
        double_counted_scans=double + twice,
        duplicate_numbers=duplicates,
        entries_applied=len(applied),
        entries_not_applied=missing,
        entries_found_applied=found,
        order_status=str(status),
        sync_s=round(sync_s, 3),
        goal_met=lost == double == duplicates == missing == twice == 0
        and bool(numbers)
        and status == "packed",
    )
