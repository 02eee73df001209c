"""The offline station on a real PostgreSQL that goes away and comes back (issue 13).

The shared database is a private cluster stopped with ``pg_ctl stop -m fast``; the local store
is a real SQLite file. The same use cases run against both."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.db.journal_tables import offline_applied, offline_journal
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DatabaseUnavailable
from app.domain.model import OrderStatus, ScanOutcome
from app.services.offline import OFFLINE_NO_LABEL, OFFLINE_NO_NEW_ORDERS, OfflineStation
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.pg_outage import Outage, private_server
from tests.support.pgserver import PgServer
from tests.support.station import StepClock


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
    with pytest.raises(DatabaseUnavailable) as refused:
        station.complete_order(session, order.id, "printer")
    assert refused.value.message == OFFLINE_NO_LABEL
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
    assert not OFFLINE_NO_NEW_ORDERS.startswith(done.tracking_number)
