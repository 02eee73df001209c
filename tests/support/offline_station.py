"""A station process for the offline kill tests: ``python -m tests.support.offline_station``.

``pack SHARED_URL LOCAL_PATH SLIP``: sign in, open the order (online), print ``ready ID
REMAINING`` (units still to scan), then scan each line read from stdin and print ``ok SCAN_UID
OUTCOME online|offline`` once its result is known (what the packer would see); a line
``COMPLETE PRINTER`` completes the order and prints ``done TRACKING online|offline``. Started
again while the database is away, it opens its order from the local store. ``sync SHARED_URL
LOCAL_PATH``: print ``ready N`` (entries waiting), replay the journal one entry at a time
printing ``applied N`` (entries still waiting) after each, and ``online`` at the end. The tests
and ``bench.offline --kill`` SIGKILL it part-way.
"""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

from app.adapters.db.engine import make_engine
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DatabaseUnavailable
from app.services.clock import SystemClock
from app.services.offline import OfflineStation


def main(argv: list[str]) -> int:
    mode, shared_url, local_path = argv[1:4]
    shared = make_engine(shared_url)
    local = open_local_store(Path(local_path))
    station = OfflineStation(
        LocalJournalStore(local, shared),
        SharedAppliedOperations(shared),
        SystemClock(),
        Argon2CredentialHasher(),
        batch_size=1,
    )
    if mode == "pack":
        record = station.register_station("PACK-01")
        session = station.sign_in(record, "BDG1001").session
        order = station.open_order(session, argv[4])
        remaining = sum(line.quantity - line.verified for line in order.lines)
        print("ready", order.id, remaining, flush=True)
        for line in sys.stdin:
            if line.startswith("COMPLETE "):
                done = station.complete_order(session, order.id, line.split()[1])
                where = "offline" if station.offline else "online"
                print("done", done.tracking_number, where, flush=True)
                continue
            scan_uid = uuid.uuid4().hex
            result = station.record_scan(session, order.id, scan_uid, line.strip())
            where = "offline" if station.offline else "online"
            print("ok", scan_uid, result.verdict.outcome.value, where, flush=True)
            station.settle()  # after the reply, as the station's database worker does
        return 0
    print("ready", station.link().waiting, flush=True)
    while True:
        try:
            if station.sync_once():
                break
        except DatabaseUnavailable:
            continue
        print("applied", station.link().waiting, flush=True)
    print("online", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
