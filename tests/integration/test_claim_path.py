"""The claim and the hold as one statement each where PostgreSQL allows: what they write, on
both databases (the generic path on SQLite), and the audit entries that wait for a row update."""

from __future__ import annotations

import time
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.model import OrderStatus
from tests.support.factories import World, seed
from tests.support.pgserver import PgServer
from tests.support.station import make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


def audit_rows(engine: Engine) -> list[tuple[str, int | None, str, int | None, int | None]]:
    with engine.connect() as conn:
        return [
            (row.action, row.entity_id, row.detail, row.user_id, row.station_id)
            for row in conn.execute(select(t.audit_log).order_by(t.audit_log.c.id))
        ]


def test_a_claim_from_the_queue_writes_the_order_its_lines_and_one_audit_entry(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    session = station.sign_in()
    view = station.packing.claim_next_order(session)
    assert view is not None and view.reference == "SHOP-1"
    assert view.status is OrderStatus.PACKING
    assert [(line.sku, line.quantity) for line in view.lines] == [
        ("MUG-BLUE", 2),
        ("CABLE-C1", 1),
    ]
    with engine.connect() as conn:
        row = conn.execute(select(t.orders).where(t.orders.c.id == view.id)).one()
    assert (row.status, row.claimed_by_station_id, row.claimed_by_user_id) == (
        "packing",
        session.station_id,
        session.user_id,
    )
    assert audit_rows(engine)[-1] == (
        "claim",
        view.id,
        "next in queue",
        session.user_id,
        session.station_id,
    )
    # A station packing an order claims nothing more: it gets its order back, unaudited.
    again = station.packing.claim_next_order(session)
    assert again is not None and again.id == view.id
    assert [a for a, *_ in audit_rows(engine)].count("claim") == 1


def test_a_hold_writes_the_order_and_its_audit_entry_together(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    session = station.sign_in()
    view = station.packing.claim_next_order(session)
    assert view is not None
    station.packing.hold_order(session, view.id, "Damaged unit")
    with engine.connect() as conn:
        row = conn.execute(select(t.orders).where(t.orders.c.id == view.id)).one()
    assert (row.status, row.hold_reason, row.claimed_by_station_id) == (
        "on_hold",
        "Damaged unit",
        None,
    )
    assert audit_rows(engine)[-1][:3] == ("hold", view.id, "Damaged unit")
    # Asked again (a lost reply): nothing more is written.
    station.packing.hold_order(session, view.id, "Damaged unit")
    assert [a for a, *_ in audit_rows(engine)].count("hold") == 1


def test_waiting_audit_entries_are_written_in_order_at_commit_or_not_at_all(
    engine: Engine, now: datetime, world: World
) -> None:
    def entry(uow: SqlUnitOfWork, action: str) -> None:
        uow.audit.record(
            at=now,
            user_id=None,
            station_id=None,
            action=action,
            entity="order",
            entity_id=world.orders["SHOP-1"],
        )

    with pytest.raises(RuntimeError), SqlUnitOfWork(engine) as uow:
        entry(uow, "never")
        raise RuntimeError("a bug before the commit")
    station = make_station(engine, now)
    with SqlUnitOfWork(engine) as uow:
        entry(uow, "first")
        entry(uow, "second")
        order = uow.orders.get(world.orders["SHOP-1"])
        assert order is not None
        order.claim(station.record.id)
        uow.orders.save(order, now)  # two waiting: written before the row, in order
        entry(uow, "third")
        assert uow.audit.count() == 3  # reading the log writes what waits first
        entry(uow, "fourth")
        uow.commit()
    assert [a for a, *_ in audit_rows(engine)] == ["first", "second", "third", "fourth"]


def test_a_pooled_connection_the_server_closed_is_replaced_before_use(
    pg_server: PgServer, now: datetime
) -> None:
    """No pre-ping round trip: a pooled connection whose backend was terminated is found at
    checkout (its socket is readable) and replaced; the unit of work never sees it."""
    engine = make_engine(pg_server.create_database())
    schema.upgrade(engine)
    try:
        with SqlUnitOfWork(engine) as uow:
            pid = uow.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            uow.commit()
        with pg_server.connect("postgres", autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
            # The backend is gone once the server no longer lists it.
            deadline = time.monotonic() + 10
            while admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone():
                assert time.monotonic() < deadline, "the backend was not terminated"
                time.sleep(0.01)
        with SqlUnitOfWork(engine) as uow:
            station = uow.stations.get_or_create("PACK-01", now)
            other = uow.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            uow.commit()
        assert station.name == "PACK-01" and other != pid
    finally:
        engine.dispose()
