"""The offline station on a real PostgreSQL that goes away and comes back (issue 13).

The shared database is a private cluster stopped with ``pg_ctl stop -m fast``; the local store
is a real SQLite file. The same use cases run against both."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.db.journal_numbers import SqlNumberBlocks
from app.adapters.db.journal_tables import number_blocks, offline_applied, offline_journal
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.labels import ESCPOS_4INCH_203
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.adapters.security import Argon2CredentialHasher
from app.bootstrap import build_station
from app.domain.errors import DatabaseUnavailable, NotAllowed, NotFound
from app.domain.floor import SyncReport
from app.domain.handoff import LoadOutcome
from app.domain.labels import LABEL_4X6_203
from app.domain.model import OrderStatus, ScanOutcome
from app.domain.station import Unacknowledged
from app.main import main as packbench
from app.services.floor import FloorService
from app.services.handoff import Actor, HandoffService
from app.services.offline import OFFLINE_NO_NUMBERS, LinkState, OfflineStation
from app.services.packing import PackingService
from app.services.printing import LabelService
from app.services.results import Session
from app.services.sign_in import PinRequired, WrongPin
from app.settings import Settings
from tests.support.escpos_paper import print_escpos
from tests.support.factories import World, add_sscc_range, seed
from tests.support.lossy_proxy import LossyProxy
from tests.support.pg_outage import Outage, private_server
from tests.support.pgserver import PgServer
from tests.support.station import SENDER, StepClock
from tests.support.virtual_printer import VirtualPrinter, payload

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with private_server() as server:
        yield server


@pytest.fixture
def outage(server: PgServer) -> Iterator[Outage]:
    outage = Outage(server)
    yield outage
    if outage.down:
        outage.start()


@pytest.fixture
def shared(server: PgServer) -> Iterator[Engine]:
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def world(shared: Engine, now: datetime) -> World:
    return seed(shared, now)


@pytest.fixture
def local(tmp_path: Path) -> Iterator[Engine]:
    engine = open_local_store(tmp_path / "station" / "journal.sqlite")
    yield engine
    engine.dispose()


def make_offline_station(shared: Engine, local: Engine, now: datetime) -> OfflineStation:
    return OfflineStation(
        LocalJournalStore(local, shared),
        SharedAppliedOperations(shared),
        StepClock(now),
        Argon2CredentialHasher(),
        batch_size=3,
    )


@pytest.fixture
def station(shared: Engine, local: Engine, now: datetime, world: World) -> OfflineStation:
    return make_offline_station(shared, local, now)


@pytest.fixture
def session(station: OfflineStation) -> Session:
    record = station.register_station("PACK-01")
    return station.sign_in(record, "BDG1001").session


def uid() -> str:
    return uuid.uuid4().hex


def scalar(engine: Engine, query: object) -> int:
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())  # type: ignore[call-overload]


def verified(engine: Engine, order_id: int) -> dict[int, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.order_lines.c.line_no, t.order_lines.c.verified_qty).where(
                t.order_lines.c.order_id == order_id
            )
        )
        return {row.line_no: row.verified_qty for row in rows}


def sync_until_online(station: OfflineStation) -> int:
    rounds = 0
    while not station.sync_once():
        rounds += 1
    return rounds


def test_outage_mid_order_scans_undo_and_hold_wait_in_the_journal_then_sync_once(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
) -> None:
    mug, cable = world.product_codes["MUG-BLUE"], world.product_codes["CABLE-C1"]
    order = station.open_order(session, world.slips["SHOP-1"])
    assert (
        station.record_scan(session, order.id, uid(), mug).verdict.outcome is ScanOutcome.ACCEPTED
    )
    assert not station.offline
    station.settle()  # as the database worker does after the reply

    outage.stop()
    first_offline = uid()
    # The scan that finds the database away is not lost: it is decided locally.
    result = station.record_scan(session, order.id, first_offline, mug)
    assert result.verdict.outcome is ScanOutcome.ACCEPTED
    assert station.offline
    undo = station.undo_last_scan(session, order.id, uid())
    assert undo.order.units_verified == 1
    uids = [uid(), uid()]
    assert station.record_scan(session, order.id, uids[0], mug).order.units_verified == 2
    last = station.record_scan(session, order.id, uids[1], cable)
    assert last.order.fully_verified
    # A retry of a scan made offline is answered as a repeat, never counted twice.
    again = station.record_scan(session, order.id, uids[1], cable)
    assert again.repeated and again.order.units_verified == 3
    assert station.link().waiting == 5  # went offline, scan, undo, scan, scan
    assert scalar(local, select(func.count()).select_from(offline_journal)) == 5

    with pytest.raises(DatabaseUnavailable, match="new orders when the database is back"):
        station.open_order(session, world.slips["SHOP-2"])
    # The station's own order opens again offline (a packer signing back in, say).
    assert station.claim_next_order(session) is not None
    with pytest.raises(DatabaseUnavailable):
        station.sync_once()  # still away: nothing applied, nothing marked done
    assert station.link().waiting == 5

    outage.start()
    sync_until_online(station)
    assert not station.offline and station.link().waiting == 0
    assert verified(shared, order.id) == {1: 2, 2: 1}
    for scan_uid in (first_offline, *uids):
        assert scalar(shared, select(func.count()).where(t.scan_events.c.scan_uid == scan_uid)) == 1
    assert scalar(shared, select(func.count()).select_from(offline_applied)) == 5
    actions = {
        row
        for (row,) in shared.connect().execute(
            select(t.audit_log.c.action).where(t.audit_log.c.entity == "station")
        )
    }
    assert {"station_offline", "station_online"} <= actions

    # Online again: the order completes on the shared database.
    done = station.complete_order(session, order.id, "printer")
    assert done.order.status is OrderStatus.PACKED


def _local_scans(local: Engine, *scan_uids: str) -> int:
    return scalar(local, select(func.count()).where(t.scan_events.c.scan_uid.in_(scan_uids)))


def test_an_online_scan_is_copied_locally_after_its_reply_and_journals_nothing(
    station: OfflineStation, session: Session, world: World, shared: Engine, local: Engine
) -> None:
    order = station.open_order(session, world.slips["SHOP-1"])
    mug = world.product_codes["MUG-BLUE"]
    first, second = uid(), uid()
    station.record_scan(session, order.id, first, mug)
    assert _local_scans(local, first) == 0  # the reply came before the copy
    station.record_scan(session, order.id, second, mug)  # the first is copied before it runs
    assert _local_scans(local, first) == 1 and _local_scans(local, second) == 0
    station.settle()
    assert _local_scans(local, first, second) == 2
    assert verified(local, order.id) == verified(shared, order.id) == {1: 2, 2: 0}
    assert scalar(local, select(func.count()).select_from(offline_journal)) == 0
    assert not station.offline and station.link() == LinkState(False, 0)


def test_a_scan_confirmed_online_but_not_yet_copied_is_kept_when_the_database_goes(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
) -> None:
    """The database goes between a scan's reply and its copy into the local store: the next
    scan still finds that one counted (it is run locally under its own id and journaled), and
    after the sync each is stored once."""
    order = station.open_order(session, world.slips["SHOP-1"])
    mug = world.product_codes["MUG-BLUE"]
    told_ok = [uid(), uid()]
    for scan_uid in told_ok:
        station.record_scan(session, order.id, scan_uid, mug)
    assert _local_scans(local, *told_ok) == 1  # the last one's copy is still to be made

    outage.stop()
    offline_uid = uid()
    result = station.record_scan(session, order.id, offline_uid, world.product_codes["CABLE-C1"])
    assert station.offline
    assert result.order.units_verified == 3 and result.order.fully_verified
    assert _local_scans(local, *told_ok, offline_uid) == 3
    assert station.link().waiting == 3  # went offline, the uncopied scan, the new one

    # The heartbeat's report: the backlog, and the moment it was last in sync (fixed).
    report = station.sync_report()
    assert report.waiting == 3 and station.sync_report() == report
    with local.connect() as conn:
        went_at = conn.execute(select(func.min(offline_journal.c.at))).scalar_one()
    assert report.last_sync_at <= went_at
    restarted = make_offline_station(shared, local, datetime.now(UTC))  # after a crash, say
    assert restarted.sync_report() == SyncReport(3, went_at)

    outage.start()
    sync_until_online(station)
    in_sync = station.sync_report()
    assert in_sync.waiting == 0 and in_sync.last_sync_at > report.last_sync_at
    for scan_uid in (*told_ok, offline_uid):
        assert scalar(shared, select(func.count()).where(t.scan_events.c.scan_uid == scan_uid)) == 1
    assert verified(shared, order.id) == {1: 2, 2: 1}


def test_the_expected_weight_read_offline_counts_a_scan_not_yet_copied(
    station: OfflineStation, session: Session, world: World, outage: Outage
) -> None:
    order = station.open_order(session, world.slips["SHOP-1"])
    for _ in range(2):
        station.record_scan(session, order.id, uid(), world.product_codes["MUG-BLUE"])
    online = station.pack_out.expected_weight(order.id)
    assert online[1] is not None and online[1] > 0
    outage.stop()
    assert station.pack_out.expected_weight(order.id) == online
    assert station.offline  # the copy found the database away


class _Proxy(LossyProxy):
    """The lossy proxy, refusing a client at once while the server is down (as the server's
    own port would) instead of leaving it to its connect timeout."""

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(client, server), daemon=True).start()


def test_a_reply_lost_after_the_shared_commit_is_resent_and_found_applied(
    server: PgServer, shared: Engine, local: Engine, world: World, now: datetime, outage: Outage
) -> None:
    with _Proxy(server.host, server.port) as proxy:
        via_proxy = make_engine(
            shared.url.set(port=proxy.port).render_as_string(hide_password=False)
        )
        station = OfflineStation(
            LocalJournalStore(local, via_proxy),
            SharedAppliedOperations(via_proxy),
            StepClock(now),
            Argon2CredentialHasher(),
            batch_size=1,
        )
        session = station.sign_in(station.register_station("PACK-01"), "BDG1001").session
        order = station.open_order(session, world.slips["SHOP-1"])
        outage.stop()
        scan_uid = uid()
        station.record_scan(session, order.id, scan_uid, world.product_codes["MUG-BLUE"])
        outage.start()
        assert station.sync_once() is False  # the went-offline entry
        proxy.lose_next_commit_reply = True
        with pytest.raises(DatabaseUnavailable):
            station.sync_once()  # the scan is committed on the server; its reply is lost
        assert proxy.lost == 1 and station.link().waiting == 1
        sync_until_online(station)
        via_proxy.dispose()
    assert scalar(shared, select(func.count()).where(t.scan_events.c.scan_uid == scan_uid)) == 1
    assert verified(shared, order.id) == {1: 1, 2: 0}
    with local.connect() as conn:
        outcome = conn.execute(
            select(offline_journal.c.outcome).where(offline_journal.c.op_uid == scan_uid)
        ).scalar_one()
    assert outcome == "applied before"


def _station_process(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.support.offline_station", *args],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        bufsize=1,
    )


def _killed(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _exactly_once(shared: Engine, local: Engine, order_id: int) -> None:
    """Every scan of the journal is on the shared database once, and the order's counts
    there are those of the local store, where the packer saw them."""
    with local.connect() as conn:
        journaled = list(
            conn.execute(
                select(offline_journal.c.op_uid).where(offline_journal.c.kind == "scan")
            ).scalars()
        )
    with shared.connect() as conn:
        stored = list(
            conn.execute(
                select(t.scan_events.c.scan_uid).where(t.scan_events.c.order_id == order_id)
            ).scalars()
        )
    assert len(stored) == len(set(stored))
    assert set(journaled) <= set(stored)
    assert verified(shared, order_id) == verified(local, order_id)


def test_a_station_killed_while_offline_loses_no_scan_it_confirmed(
    server: PgServer, shared: Engine, local: Engine, world: World, outage: Outage, tmp_path: Path
) -> None:
    path = tmp_path / "station" / "journal.sqlite"
    proc = _station_process(
        "pack", server.url_for(shared.url.database or ""), str(path), world.slips["SHOP-3"]
    )
    assert proc.stdin is not None and proc.stdout is not None
    order_id = int(proc.stdout.readline().split()[1])
    outage.stop()
    pen = world.product_codes["PEN-BLK"]
    confirmed = []
    for _ in range(4):
        proc.stdin.write(pen + "\n")
    proc.stdin.flush()
    for _ in range(4):
        words = proc.stdout.readline().split()
        assert words[0] == "ok" and words[3] == "offline"
        confirmed.append(words[1])
    proc.stdin.write(pen + "\n")  # killed while this one may be half done
    proc.stdin.flush()
    _killed(proc)

    outage.start()
    station = make_offline_station(shared, local, datetime.now(UTC))
    assert station.offline and station.link().waiting >= 5  # went offline + 4 confirmed scans
    sync_until_online(station)
    _exactly_once(shared, local, order_id)
    for scan_uid in confirmed:
        assert scalar(shared, select(func.count()).where(t.scan_events.c.scan_uid == scan_uid)) == 1


def test_a_station_killed_during_sync_applies_nothing_twice(
    server: PgServer,
    station: OfflineStation,
    session: Session,
    shared: Engine,
    local: Engine,
    world: World,
    outage: Outage,
    tmp_path: Path,
) -> None:
    order = station.open_order(session, world.slips["SHOP-3"])
    outage.stop()
    for _ in range(8):
        station.record_scan(session, order.id, uid(), world.product_codes["PEN-BLK"])
    station.undo_last_scan(session, order.id, uid())
    outage.start()
    url = server.url_for(shared.url.database or "")
    proc = _station_process("sync", url, str(local.url.database))
    assert proc.stdout is not None
    assert proc.stdout.readline().split() == ["ready", "10"]
    assert proc.stdout.readline().split()[0] == "applied"
    _killed(proc)  # part-way: some entries applied, one perhaps committed but not marked

    again = make_offline_station(shared, local, datetime.now(UTC))
    assert again.offline
    sync_until_online(again)
    _exactly_once(shared, local, order.id)
    assert scalar(shared, select(func.count()).select_from(offline_applied)) == 10


def _label_barcodes(job: bytes) -> list[str]:
    paper = print_escpos(job, int(ESCPOS_4INCH_203.width_px or 0), dpi=LABEL_4X6_203.dpi)
    return paper.barcodes


def test_an_order_completed_offline_is_labelled_with_a_reserved_number_and_synced_once(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
    now: datetime,
    tmp_path: Path,
) -> None:
    add_sscc_range(shared, "4012345", extension=3)
    order = station.open_order(session, world.slips["SHOP-1"])  # reserves the blocks
    with shared.connect() as conn:
        blocks = conn.execute(select(number_blocks).order_by(number_blocks.c.id)).all()
        ranges = {r.scheme: r.next_serial for r in conn.execute(select(t.tracking_ranges))}
    assert [(b.scheme, b.last_serial - b.first_serial + 1) for b in blocks] == [
        ("s10", 20),
        ("sscc", 20),
    ]
    assert ranges == {b.scheme: b.last_serial + 1 for b in blocks}  # the ranges moved past

    outage.stop()
    for code in ("MUG-BLUE", "MUG-BLUE", "CABLE-C1"):
        station.record_scan(session, order.id, uid(), world.product_codes[code])
    done = station.complete_order(session, order.id, "desk-1")
    assert done.order.status is OrderStatus.PACKED and station.offline
    with VirtualPrinter() as device:
        printer = StationPrinter(
            NetworkConnection("127.0.0.1", device.port, timeout=5.0, language="escpos"),
            language="escpos",
            size=LABEL_4X6_203,
            profile=ESCPOS_4INCH_203,
            preview_dir=tmp_path / "previews",
            name="desk-1",
        )
        labels = LabelService(station.labels_uow(), StepClock(now), printer, SENDER)
        assert labels.print_job(session, done.print_job_id).state == "sent"
        received = device.jobs
    jobs = [payload(job) for job in received if payload(job).startswith(b"\x1b@")]
    assert len(jobs) == 1
    printed = _label_barcodes(jobs[0])
    assert done.tracking_number in printed  # the label carries the reserved number
    s10 = blocks[0]
    assert s10.first_serial <= int(done.tracking_number[2:10]) <= s10.last_serial

    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        jobs_there = conn.execute(
            select(t.print_jobs.c.state).where(t.print_jobs.c.parcel_id == parcel.id)
        ).all()
        status = conn.execute(select(t.orders.c.status).where(t.orders.c.id == order.id)).scalar()
    assert parcel.tracking_number == done.tracking_number
    assert parcel.sscc is not None and any(parcel.sscc in code for code in printed)
    assert [j.state for j in jobs_there] == ["sent"]  # printed offline: never printed again
    assert status == "labelled"
    # A number of the block is never issued by the shared range: online labels go on past it.
    other = station.open_order(session, world.slips["SHOP-2"])
    station.record_scan(session, other.id, uid(), world.product_codes["NOTE-A5"])
    second = station.complete_order(session, other.id, "desk-1")
    assert int(second.tracking_number[2:10]) > s10.last_serial


def test_offline_completion_without_a_reserved_block_is_refused_with_one_message(
    station: OfflineStation, session: Session, world: World, shared: Engine, outage: Outage
) -> None:
    with shared.begin() as conn:
        conn.execute(
            t.tracking_ranges.update().values(next_serial=t.tracking_ranges.c.last_serial + 1)
        )
    order = station.open_order(session, world.slips["SHOP-2"])
    outage.stop()
    station.record_scan(session, order.id, uid(), world.product_codes["NOTE-A5"])
    with pytest.raises(DatabaseUnavailable) as refused:
        station.complete_order(session, order.id, "desk-1")
    assert refused.value.message == OFFLINE_NO_NUMBERS
    assert station.link().waiting == 2  # went offline, the scan: nothing of the refusal


def _pack_offline(
    station: OfflineStation, session: Session, world: World, outage: Outage
) -> tuple[int, list[str]]:
    order = station.open_order(session, world.slips["SHOP-1"])
    outage.stop()
    uids = [uid(), uid()]
    station.record_scan(session, order.id, uids[0], world.product_codes["MUG-BLUE"])
    station.record_scan(session, order.id, uids[1], world.product_codes["CABLE-C1"])
    outage.start()
    return order.id, uids


def _conflicts(shared: Engine, order_id: int) -> list[str]:
    with shared.connect() as conn:
        return list(
            conn.execute(
                select(t.audit_log.c.detail).where(
                    t.audit_log.c.action == "offline_conflict", t.audit_log.c.entity_id == order_id
                )
            ).scalars()
        )


def test_an_order_released_by_a_supervisor_meanwhile_ends_on_hold_with_the_work_kept(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    outage: Outage,
    now: datetime,
) -> None:
    order_id, uids = _pack_offline(station, session, world, outage)
    boss = PackingService(
        SharedAppliedOperations(shared).uow, StepClock(now), Argon2CredentialHasher()
    )
    chief = boss.sign_in(boss.register_station("DESK"), "BDG9001").session
    boss.release_claim(chief, order_id, "station looked dead")

    sync_until_online(station)
    with shared.connect() as conn:
        order = conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        kept = conn.execute(
            select(t.scan_events.c.scan_uid, t.scan_events.c.outcome).where(
                t.scan_events.c.order_id == order_id
            )
        ).all()
    assert order.status == "on_hold"
    assert order.hold_reason.startswith("offline work conflicts: ")
    assert {(u, "accepted") for u in uids} <= set(kept)  # the work is kept, never guessed
    assert len(_conflicts(shared, order_id)) == 2
    # The packer at the station is told, once, with the shared database's refusal.
    (told,) = station.link().held
    assert told.startswith("Order SHOP-1 went on hold after the sync: ")
    assert told.endswith(" Give its parcel to the supervisor.")
    station.dismiss_held()
    assert station.link() == LinkState(offline=False, waiting=0)


def test_an_order_cancelled_upstream_meanwhile_ends_on_hold_with_the_work_kept(
    station: OfflineStation, session: Session, world: World, shared: Engine, outage: Outage
) -> None:
    order_id, uids = _pack_offline(station, session, world, outage)
    with shared.begin() as conn:
        conn.execute(t.orders.update().where(t.orders.c.id == order_id).values(status="cancelled"))
    sync_until_online(station)
    with shared.connect() as conn:
        order = conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        kept = set(
            conn.execute(
                select(t.scan_events.c.scan_uid).where(t.scan_events.c.order_id == order_id)
            ).scalars()
        )
    # On hold, where the supervisor console lists it, saying it was cancelled: never guessed
    # back to shippable, never left cancelled with a label out there unnoticed.
    assert order.status == "on_hold"
    assert order.hold_reason.startswith("cancelled upstream while packed offline")
    assert set(uids) <= kept
    details = _conflicts(shared, order_id)
    assert len(details) == 2 and all("was cancelled" in d for d in details)
    assert "order put on hold" in details[0] and "order put on hold" not in details[1]
    assert station.link().held == (
        "Order SHOP-1 went on hold after the sync: it was cancelled upstream. Give its parcel "
        "to the supervisor.",
    )


def test_offline_sign_in_checks_the_cached_pin_and_locks_after_wrong_ones(
    station: OfflineStation, world: World, shared: Engine, outage: Outage
) -> None:
    hasher = Argon2CredentialHasher()
    with shared.begin() as conn:
        conn.execute(
            t.users.update()
            .where(t.users.c.name == "Sam Packer")
            .values(pin_hash=hasher.hash_pin("2468"))
        )
    record = station.register_station("PACK-01")
    station.sign_in(record, "BDG1002", "2468")  # online: Sam's record is kept at the station
    outage.stop()
    back = station.sign_in(record, "BDG1002", "2468")
    assert back.session.user_name == "Sam Packer" and station.offline
    with pytest.raises(DatabaseUnavailable, match="has not signed in at this station before"):
        station.sign_in(record, "BDG9001")  # never signed in here
    for attempt in range(1, 6):
        with pytest.raises(WrongPin) as wrong:
            station.sign_in(record, "BDG1002", "0000")
        assert wrong.value.locked == (attempt == 5)
    with pytest.raises(NotAllowed, match="locked"):
        station.sign_in(record, "BDG1002", "2468")
    # went offline, the sign-in, five wrong PINs, the refusal while locked
    assert station.link().waiting == 8

    # The shared database learns of them: the audit, and the lock its own count arrives at.
    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        sam = conn.execute(select(t.users).where(t.users.c.name == "Sam Packer")).one()
        audited = conn.execute(
            select(t.audit_log.c.action, t.audit_log.c.detail)
            .where(t.audit_log.c.entity_id == sam.id, t.audit_log.c.entity == "user")
            .order_by(t.audit_log.c.id)
        ).all()
    assert sam.locked_until is not None
    offline = [(action, detail) for action, detail in audited if "offline" in detail]
    assert offline[0] == ("sign_in", "offline")
    assert [detail for _action, detail in offline[1:5]] == [
        f"wrong PIN ({n} in a row; offline)" for n in range(1, 5)
    ]
    assert offline[5][1].startswith("wrong PIN (5 in a row; offline); locked for")
    assert offline[6] == ("sign_in_failed", "locked (offline)")
    assert len(offline) == 7
    with pytest.raises(NotAllowed, match="locked"):
        station.sign_in(record, "BDG1002", "2468")  # online now: the shared lock holds


def test_a_retired_block_is_never_used_again_by_its_station(
    station: OfflineStation, session: Session, world: World, shared: Engine, local: Engine
) -> None:
    order = station.open_order(session, world.slips["SHOP-1"])
    SqlNumberBlocks(shared).retire("PACK-01", "written off", datetime.now(UTC), None)
    station.open_order(session, world.slips["SHOP-1"])  # online again: the block is replaced
    with shared.connect() as conn:
        blocks = conn.execute(select(number_blocks).order_by(number_blocks.c.id)).all()
    with local.connect() as conn:
        kept = conn.execute(select(t.tracking_ranges)).one()
    assert [b.retired_at is None for b in blocks] == [False, True]
    assert (kept.next_serial, kept.last_serial) == (blocks[1].first_serial, blocks[1].last_serial)
    assert order.id == world.orders["SHOP-1"]


def test_offline_errors_are_acknowledged_and_refused_scans_kept_then_synced(
    station: OfflineStation, session: Session, world: World, shared: Engine, outage: Outage
) -> None:
    order = station.open_order(session, world.slips["SHOP-1"])
    outage.stop()
    wrong_uid = uid()
    wrong = station.record_scan(session, order.id, wrong_uid, world.product_codes["PEN-BLK"])
    # Offline only this order's products are kept: another product reads as unknown here.
    assert wrong.verdict.outcome is ScanOutcome.UNKNOWN_BARCODE
    refused_uid = uid()
    error = Unacknowledged(wrong.verdict.outcome)
    verdict = station.acknowledgements.refuse_scan(
        session,
        order.id,
        refused_uid,
        world.product_codes["MUG-BLUE"],
        ScanOutcome.REFUSED_UNACKNOWLEDGED,
        "Acknowledge the error first.",
    )
    assert verdict.outcome is ScanOutcome.REFUSED_UNACKNOWLEDGED
    assert station.acknowledgements.acknowledge(session, order.id, error) == "Alex Packer"
    with pytest.raises(NotFound, match="Badge not recognised"):  # never signed in here
        station.acknowledgements.acknowledge(session, order.id, error, "BDG9001")
    station.hold_order(session, order.id, "tote had a pen in it")
    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        refused = conn.execute(
            select(t.scan_events.c.outcome).where(t.scan_events.c.scan_uid == refused_uid)
        ).scalar_one()
        acknowledged = (
            conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.action == "acknowledge"))
            .scalars()
            .all()
        )
        order_row = conn.execute(select(t.orders).where(t.orders.c.id == order.id)).one()
        replayed = conn.execute(
            select(t.scan_events.c.outcome).where(t.scan_events.c.scan_uid == wrong_uid)
        ).scalar_one()
    assert replayed == "wrong_item"  # decided again on the shared database: an error either way
    assert refused == "refused_unacknowledged"
    assert acknowledged == ["unknown_barcode acknowledged by Alex Packer"]
    assert (order_row.status, order_row.hold_reason) == ("on_hold", "tote had a pen in it")


def test_offline_only_the_order_held_now_can_be_opened(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
    now: datetime,
) -> None:
    first = station.open_order(session, world.slips["SHOP-1"])
    boss = PackingService(
        SharedAppliedOperations(shared).uow, StepClock(now), Argon2CredentialHasher()
    )
    chief = boss.sign_in(boss.register_station("DESK"), "BDG9001").session
    boss.release_claim(chief, first.id, "moved to another station")
    second = station.open_order(session, world.slips["SHOP-2"])
    outage.stop()
    resumed = station.claim_next_order(session)
    assert resumed is not None and resumed.id == second.id
    for slip in (world.slips["SHOP-1"], world.slips["SHOP-3"]):
        with pytest.raises(DatabaseUnavailable, match="finish this order"):
            station.open_order(session, slip)
    with local.connect() as conn:
        kept = conn.execute(select(t.orders.c.id)).scalars().all()
    assert kept == [second.id]


def _station_settings(server: PgServer, shared: Engine, data_dir: Path) -> Settings:
    url = server.url_for(shared.url.database or "")
    return Settings(
        station="PACK-01",
        data_dir=data_dir,
        printer_kind="file",
        database_url=url,
        offline_enabled=True,
    )


def test_a_station_started_while_the_database_is_away_starts_offline_with_its_order(
    server: PgServer, shared: Engine, world: World, outage: Outage, tmp_path: Path
) -> None:
    settings = _station_settings(server, shared, tmp_path)
    mug = world.product_codes["MUG-BLUE"]
    first = build_station(settings)
    assert isinstance(first.packing, OfflineStation)
    session = first.packing.sign_in(first.record, "BDG1001").session
    order = first.packing.open_order(session, world.slips["SHOP-1"])
    first.packing.record_scan(session, order.id, uid(), mug)
    first.packing.settle()
    first.close()  # the station is switched off holding its order

    outage.stop()
    again = build_station(settings)
    try:
        assert again.sync is not None
        again.sync.stop()  # the test replays the journal itself, below
        station = again.packing
        assert isinstance(station, OfflineStation)
        assert station.offline and again.record == first.record
        signed = station.sign_in(again.record, "BDG1001")  # the cached badge hash
        assert signed.open_order is not None and signed.open_order.id == order.id
        scan_uid = uid()
        scanned = station.record_scan(signed.session, order.id, scan_uid, mug)
        assert scanned.order.units_verified == 2

        outage.start()
        sync_until_online(station)
        assert verified(shared, order.id) == {1: 2, 2: 0}
        assert scalar(shared, select(func.count()).where(t.scan_events.c.scan_uid == scan_uid)) == 1
        offline_audits = select(func.count()).where(t.audit_log.c.action == "station_offline")
        assert scalar(shared, offline_audits) == 1
        # ... and that it came back: a station started offline holds no order of its own
        online = select(t.audit_log.c.station_id).where(t.audit_log.c.action == "station_online")
        with shared.connect() as conn:
            assert conn.execute(online).scalars().all() == [first.record.id]
    finally:
        again.close()


def test_a_station_that_never_kept_anything_cannot_start_while_the_database_is_away(
    server: PgServer, shared: Engine, world: World, outage: Outage, tmp_path: Path
) -> None:
    outage.stop()
    with pytest.raises(DatabaseUnavailable, match="Cannot reach the database"):
        build_station(_station_settings(server, shared, tmp_path))
    assert not (tmp_path / "offline").exists()


def test_look_ahead_orders_are_assigned_kept_and_packed_offline_then_claimed_by_the_sync(
    shared: Engine, local: Engine, now: datetime, world: World, outage: Outage
) -> None:
    station = OfflineStation(
        LocalJournalStore(local, shared),
        SharedAppliedOperations(shared),
        StepClock(now),
        Argon2CredentialHasher(),
        batch_size=3,
        look_ahead=2,
    )
    record = station.register_station("PACK-01")
    session = station.sign_in(record, "BDG1001").session
    first = station.open_order(session, world.slips["SHOP-1"])
    ahead = [world.orders["SHOP-2"], world.orders["SHOP-3"]]
    with shared.connect() as conn:
        assigned = conn.execute(
            select(t.orders.c.id)
            .where(t.orders.c.assigned_station_id == record.id, t.orders.c.status == "ready")
            .order_by(t.orders.c.id)
        ).scalars()
        assert list(assigned) == ahead
    assert station.link() == LinkState(False, 0, 2)
    other = PackingService(SqlUnitOfWork.factory(shared), StepClock(now), Argon2CredentialHasher())
    elsewhere = other.sign_in(other.register_station("PACK-02"), "BDG1002").session
    assert other.claim_next_order(elsewhere) is None  # kept for PACK-01, not in the queue

    outage.stop()
    station.hold_order(session, first.id, "box crushed")
    nxt = station.claim_next_order(session)
    assert nxt is not None and nxt.id == ahead[0] and station.offline
    assert station.link().kept == 1
    note = station.record_scan(session, nxt.id, uid(), world.product_codes["NOTE-A5"])
    assert note.order.fully_verified
    done = station.complete_order(session, nxt.id, "printer")  # a number kept for its carrier
    assert done.order.status is OrderStatus.PACKED
    with pytest.raises(DatabaseUnavailable, match="kept at this station"):
        station.open_order(session, "ORD999999")
    third = station.open_order(session, world.slips["SHOP-3"])
    assert third.id == ahead[1] and station.link().kept == 0
    resumed = station.claim_next_order(session)
    assert resumed is not None and resumed.id == ahead[1]

    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        status = dict(conn.execute(select(t.orders.c.id, t.orders.c.status)).all())
        claimed = conn.execute(
            select(t.orders.c.claimed_by_station_id).where(t.orders.c.id == ahead[1])
        ).scalar_one()
        tracking = conn.execute(
            select(t.parcels.c.tracking_number).where(t.parcels.c.order_id == ahead[0])
        ).scalar_one()
    assert status == {first.id: "on_hold", ahead[0]: "packed", ahead[1]: "packing"}
    assert claimed == record.id and tracking == done.tracking_number
    assert _conflicts(shared, ahead[0]) == [] and _conflicts(shared, ahead[1]) == []


def test_a_supervisors_pin_is_asked_online_and_offline_and_never_journaled(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
) -> None:
    """The acknowledgement by a supervisor's badge goes through the station both ways: online
    against the shared users, offline against those kept here; the PIN is never written down."""
    hasher = Argon2CredentialHasher()
    with shared.begin() as conn:
        conn.execute(
            t.users.update()
            .where(t.users.c.name == "Robin Supervisor")
            .values(pin_hash=hasher.hash_pin("1357"))
        )
    record = station.register_station("PACK-01")
    station.sign_in(record, "BDG9001", "1357")  # the supervisor's record is kept here now
    order = station.open_order(session, world.slips["SHOP-1"])
    error = Unacknowledged(ScanOutcome.WRONG_ITEM, supervisor=True)
    acks = station.acknowledgements
    with pytest.raises(PinRequired):
        acks.acknowledge(session, order.id, error, "BDG9001")
    with pytest.raises(WrongPin):
        acks.acknowledge_with_pin(session, order.id, error, "BDG9001", "0000")
    assert (
        acks.acknowledge_with_pin(session, order.id, error, "BDG9001", "1357") == "Robin Supervisor"
    )

    outage.stop()
    with pytest.raises(PinRequired):
        acks.acknowledge(session, order.id, error, "BDG9001")
    assert (
        acks.acknowledge_with_pin(session, order.id, error, "BDG9001", "1357") == "Robin Supervisor"
    )
    assert station.offline
    with local.connect() as conn:
        journal = repr(conn.execute(select(offline_journal)).all())
    assert "acknowledge" in journal
    assert "1357" not in journal and "BDG9001" not in journal


def test_a_kit_is_packed_from_its_components_offline_as_online(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
) -> None:
    """The local copy holds the kit's definition and its components' products: a part scanned
    offline counts under its kit, the kit's own barcode is refused as online."""
    with shared.begin() as conn:
        ids = dict(conn.execute(select(t.products.c.sku, t.products.c.id)).all())
        mug, pen = ids["MUG-BLUE"], ids["PEN-BLK"]
        conn.execute(t.products.update().where(t.products.c.id == mug).values(kit="components"))
        conn.execute(
            t.kit_components.insert().values(
                kit_product_id=mug, component_product_id=pen, quantity=1
            )
        )
    order = station.open_order(session, world.slips["SHOP-1"])
    outage.stop()
    part = station.record_scan(session, order.id, uid(), world.product_codes["PEN-BLK"])
    assert part.verdict.outcome is ScanOutcome.ACCEPTED and station.offline
    kit = station.record_scan(session, order.id, uid(), world.product_codes["MUG-BLUE"])
    assert kit.verdict.outcome is ScanOutcome.WRONG_ITEM
    assert "packed from its components" in kit.verdict.message
    with local.connect() as conn:
        assert scalar(local, select(func.count()).select_from(t.kit_components)) == 1
        assert conn.execute(select(t.products.c.sku).where(t.products.c.id == pen)).scalar() == (
            "PEN-BLK"
        )


def test_every_operation_replayed_keeps_the_time_it_was_made_at_the_station(
    world: World, shared: Engine, local: Engine, outage: Outage, now: datetime
) -> None:
    clock = StepClock(now)
    station = OfflineStation(
        LocalJournalStore(local, shared),
        SharedAppliedOperations(shared),
        clock,
        Argon2CredentialHasher(),
    )
    session = station.sign_in(station.register_station("PACK-01"), "BDG1001").session
    order = station.open_order(session, world.slips["SHOP-2"])
    outage.stop()
    uids = [uid(), uid(), uid()]
    station.record_scan(session, order.id, uids[0], world.product_codes["NOTE-A5"])
    station.undo_last_scan(session, order.id, uids[1])
    station.record_scan(session, order.id, uids[2], world.product_codes["NOTE-A5"])
    done = station.complete_order(session, order.id, "desk-1")
    station.sign_out(session)
    with local.connect() as conn:
        made = dict(
            conn.execute(
                select(t.scan_events.c.scan_uid, t.scan_events.c.at).where(
                    t.scan_events.c.order_id == order.id
                )
            ).all()
        )
        parcel_at = conn.execute(
            select(t.parcels.c.created_at).where(t.parcels.c.order_id == order.id)
        ).scalar_one()
        signed_out = conn.execute(
            select(offline_journal.c.at).where(offline_journal.c.kind == "sign_out")
        ).scalar_one()
    clock.current += timedelta(minutes=20)  # the database is back 20 minutes later
    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        stored = dict(
            conn.execute(
                select(t.scan_events.c.scan_uid, t.scan_events.c.at).where(
                    t.scan_events.c.order_id == order.id
                )
            ).all()
        )
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        out = conn.execute(
            select(t.audit_log.c.at).where(
                t.audit_log.c.action == "sign_out", t.audit_log.c.user_id == session.user_id
            )
        ).scalar_one()
    assert parcel.tracking_number == done.tracking_number
    assert {u: stored[u] for u in uids} == {u: made[u] for u in uids}
    assert parcel.created_at == parcel_at
    assert out == signed_out


def test_a_block_retired_while_the_station_holds_an_order_is_dropped_at_its_next_heartbeat(
    station: OfflineStation, session: Session, world: World, shared: Engine, outage: Outage
) -> None:
    order = station.open_order(session, world.slips["SHOP-2"])  # reserves a block
    SqlNumberBlocks(shared).retire("PACK-01", "moved to the other hall", datetime.now(UTC), None)
    station.contact(session.station_id)  # what the heartbeat runs after each beat
    with shared.connect() as conn:
        blocks = conn.execute(select(number_blocks).order_by(number_blocks.c.id)).all()
    assert [b.retired_at is None for b in blocks] == [False, True]
    outage.stop()
    station.record_scan(session, order.id, uid(), world.product_codes["NOTE-A5"])
    done = station.complete_order(session, order.id, "desk-1")
    serial = int(done.tracking_number[2:10])
    assert blocks[1].first_serial <= serial <= blocks[1].last_serial  # never the retired one


def test_a_label_printed_offline_for_an_order_cancelled_meanwhile_is_kept_and_can_be_voided(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
    server: PgServer,
    now: datetime,
    capsys: pytest.CaptureFixture[str],
) -> None:
    order = station.open_order(session, world.slips["SHOP-2"])
    outage.stop()
    station.record_scan(session, order.id, uid(), world.product_codes["NOTE-A5"])
    done = station.complete_order(session, order.id, "desk-1")  # its label printed offline
    with local.begin() as conn:  # as the station's printer did
        conn.execute(t.print_jobs.update().values(state="sent"))
    outage.start()
    with shared.begin() as conn:
        conn.execute(t.orders.update().where(t.orders.c.id == order.id).values(status="cancelled"))
    sync_until_online(station)
    sync_until_online(station)  # nothing twice
    with shared.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        jobs = conn.execute(
            select(t.print_jobs.c.state).where(t.print_jobs.c.parcel_id == parcel.id)
        ).all()
        status = conn.execute(select(t.orders.c.status).where(t.orders.c.id == order.id)).scalar()
    assert parcel.tracking_number == done.tracking_number and parcel.voided_at is None
    assert [j.state for j in jobs] == ["sent"]  # never printed again
    assert status == "on_hold"
    assert any("(parcel and label kept)" in d for d in _conflicts(shared, order.id))

    # The dock knows the number, and refuses it while the order is held.
    dock = HandoffService(SqlUnitOfWork.factory(shared), StepClock(now), zone=UTC)
    loaded = dock.dock_scan(
        Actor(session.user_id, session.user_name, session.role, session.station_id),
        None,
        done.tracking_number,
    )
    assert loaded.outcome is LoadOutcome.ON_HOLD

    # The supervisor voids it through the command line; audited.
    url = server.url_for(shared.url.database or "")
    void = ["--db", url, "labels", "void", done.tracking_number, "--reason", "cancelled"]
    assert packbench([*void, "--badge", "BDG9001"]) == 0, capsys.readouterr().err
    with shared.connect() as conn:
        voided = conn.execute(
            select(t.parcels.c.voided_at).where(t.parcels.c.id == parcel.id)
        ).scalar()
        audited = conn.execute(
            select(func.count()).where(
                t.audit_log.c.action == "label_voided", t.audit_log.c.entity_id == parcel.id
            )
        ).scalar_one()
    assert voided is not None and audited == 1


def test_a_retired_number_used_offline_before_the_station_knew_is_kept_held_and_listed(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    outage: Outage,
    now: datetime,
) -> None:
    add_sscc_range(shared, "4012345", extension=3)
    order = station.open_order(session, world.slips["SHOP-2"])  # reserves the blocks
    outage.stop()  # the station cannot learn of the retirement below before it labels
    station.record_scan(session, order.id, uid(), world.product_codes["NOTE-A5"])
    outage.start()
    SqlNumberBlocks(shared).retire("PACK-01", "station moved", datetime.now(UTC), None)
    outage.stop()
    done = station.complete_order(session, order.id, "desk-1")  # still offline: old block
    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        order_row = conn.execute(select(t.orders).where(t.orders.c.id == order.id)).one()
        blocks = conn.execute(select(number_blocks).order_by(number_blocks.c.id)).all()
    assert parcel.tracking_number == done.tracking_number  # kept: the parcel exists
    assert order_row.status == "on_hold"
    assert order_row.hold_reason.startswith("labelled offline with retired numbers (")
    assert done.tracking_number in order_row.hold_reason and parcel.sscc in order_row.hold_reason
    (conflict,) = _conflicts(shared, order.id)
    assert "from a block retired meanwhile; kept, order put on hold" in conflict
    # The supervisor console lists it among the held orders, with the reason.
    boss = PackingService(
        SharedAppliedOperations(shared).uow, StepClock(now), Argon2CredentialHasher()
    )
    chief = boss.sign_in(boss.register_station("DESK"), "BDG9001").session
    console = FloorService(SharedAppliedOperations(shared).uow, StepClock(now))
    held = {h.reference: h.reason for h in console.holds(chief)}
    assert "retired numbers" in held["SHOP-2"]
    # The station dropped the retired blocks when it came back: fresh ones, never the old.
    assert [b.retired_at is None for b in blocks] == [False, False, True, True]
