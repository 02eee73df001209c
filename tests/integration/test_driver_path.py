"""PostgreSQL's claim and hold statements on the psycopg connection (app/adapters/db/driver.py):
the claim commits by itself, failures are classified as through SQLAlchemy, the engine's
listeners (statement counts, the GUI-thread guard) still see every statement."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from psycopg import pq
from sqlalchemy import Engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DataError, OperationalError

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.driver import driver_of, execute
from app.adapters.db.engine import SqlOnForbiddenThread, forbid_sql_on_thread, make_engine
from app.adapters.db.repositories.orders import _PG_SAVE_ROW
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DatabaseUnavailable, OutcomeUnknown
from app.domain.model import OrderStatus
from app.services.packing import PackingService
from tests.support.factories import World, seed
from tests.support.lossy_proxy import LossyProxy
from tests.support.pgserver import PgServer
from tests.support.station import StepClock, make_station

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_engine(pg_server: PgServer) -> Iterator[Engine]:
    engine = make_engine(pg_server.create_database())
    schema.upgrade(engine)
    yield engine
    engine.dispose()


def claims(engine: Engine, order_id: int) -> tuple[str, int | None, int]:
    with engine.connect() as conn:
        status, station = conn.execute(
            select(t.orders.c.status, t.orders.c.claimed_by_station_id).where(
                t.orders.c.id == order_id
            )
        ).one()
        audited = conn.execute(
            select(func.count())
            .select_from(t.audit_log)
            .where(t.audit_log.c.action == "claim", t.audit_log.c.entity_id == order_id)
        ).scalar_one()
    return status, station, audited


def test_the_claim_commits_by_itself(pg_engine: Engine, now: datetime) -> None:
    seed(pg_engine, now)
    station = make_station(pg_engine, now)
    session = station.sign_in()
    with SqlUnitOfWork(pg_engine) as uow:
        order = uow.orders.claim_next(session.station_id, session.user_id, now, "next in queue")
        assert order is not None
        raw = driver_of(uow.connection)
        # No transaction left open, and another connection already sees the claim.
        assert raw.pgconn.transaction_status == pq.TransactionStatus.IDLE
        assert raw.autocommit is False
        assert claims(pg_engine, order.id) == ("packing", session.station_id, 1)
        # The unit of work's next statement opens a transaction as usual.
        uow.orders.get(order.id)
        assert raw.pgconn.transaction_status == pq.TransactionStatus.INTRANS
    assert order.status is OrderStatus.PACKING and order.lines


def test_a_lost_claim_reply_is_outcome_unknown_and_the_retry_gets_the_order(
    pg_server: PgServer, now: datetime
) -> None:
    direct = pg_server.create_database()
    engine = make_engine(direct)
    schema.upgrade(engine)
    seed(engine, now)
    parsed = make_url(direct)
    with LossyProxy(parsed.host or "127.0.0.1", parsed.port or 5432) as proxy:
        proxied = make_engine(parsed.set(port=proxy.port))
        packing = PackingService(
            SqlUnitOfWork.factory(proxied), StepClock(now), Argon2CredentialHasher()
        )
        session = packing.sign_in(packing.register_station("PACK-01"), "BDG1001").session
        proxy.lose_reply_to = b"next in queue"  # the claim's audit detail, a parameter
        with pytest.raises(OutcomeUnknown):
            packing.claim_next_order(session)
        assert proxy.lost == 1
        retried = packing.claim_next_order(session)
        assert retried is not None
        proxied.dispose()
    # The lost claim was stored; the retry gave the station that order back, not another.
    assert claims(engine, retried.id) == ("packing", session.station_id, 1)
    with engine.connect() as conn:
        packing_now = conn.execute(
            select(func.count()).select_from(t.orders).where(t.orders.c.status == "packing")
        ).scalar_one()
    assert packing_now == 1
    engine.dispose()


def test_a_server_that_goes_away_under_a_hold_is_unavailable(
    pg_engine: Engine, now: datetime
) -> None:
    world: World = seed(pg_engine, now)
    station = make_station(pg_engine, now)
    session = station.sign_in()
    view = station.packing.open_order(session, world.slips["SHOP-1"])
    with (
        pytest.raises(DatabaseUnavailable, match="cannot be reached"),
        SqlUnitOfWork(pg_engine) as uow,
    ):
        pid = uow.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        with pg_engine.connect() as other:
            other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
        uow.orders.get(view.id)
    # The pool hands out a working connection afterwards: the hold goes through.
    station.packing.hold_order(session, view.id, "Damaged unit")
    assert claims(pg_engine, view.id)[:2] == ("on_hold", None)


def test_a_value_the_column_refuses_is_a_bug_not_an_outage(
    pg_engine: Engine, now: datetime
) -> None:
    world = seed(pg_engine, now)
    station = make_station(pg_engine, now)
    session = station.sign_in()
    view = station.packing.open_order(session, world.slips["SHOP-1"])
    params = {
        "order": view.id,
        "new_status": "packing",
        "station": session.station_id,
        "reason": None,
        "product": None,
        "lot": "L" * 500,  # pending_lot is VARCHAR(20)
        "expiry": None,
        "serial": None,
        "at": now,
    }
    with pytest.raises(DataError) as raised, SqlUnitOfWork(pg_engine) as uow:
        execute(uow.connection, _PG_SAVE_ROW, params)
    assert not isinstance(raised.value, DatabaseUnavailable)


def test_the_engine_listeners_see_driver_statements(pg_engine: Engine, now: datetime) -> None:
    seed(pg_engine, now)
    station = make_station(pg_engine, now)
    session = station.sign_in()
    caught: list[BaseException] = []

    def claim_on_guarded_thread() -> None:
        forbid_sql_on_thread(pg_engine, threading.current_thread())
        try:
            station.packing.claim_next_order(session)
        except SqlOnForbiddenThread as exc:
            caught.append(exc)

    guarded = threading.Thread(target=claim_on_guarded_thread)
    guarded.start()
    guarded.join(timeout=30)
    assert len(caught) == 1
    with pg_engine.connect() as conn:
        packing_now = conn.execute(
            select(func.count()).select_from(t.orders).where(t.orders.c.status == "packing")
        ).scalar_one()
    assert packing_now == 0  # stopped before it reached the server


def test_the_first_statement_opens_the_transaction_and_holds_its_lock(
    pg_engine: Engine, now: datetime
) -> None:
    world = seed(pg_engine, now)
    station = make_station(pg_engine, now)
    session = station.sign_in()
    view = station.packing.open_order(session, world.slips["SHOP-1"])
    lock_row = f"SELECT id FROM orders WHERE id = {int(view.id)} FOR UPDATE NOWAIT"
    with SqlUnitOfWork(pg_engine) as uow:
        order = uow.orders.get(view.id)  # BEGIN and the locking read, sent together
        assert order is not None and order.reference == "SHOP-1"
        raw = driver_of(uow.connection)
        assert raw.pgconn.transaction_status == pq.TransactionStatus.INTRANS
        with pytest.raises(OperationalError), pg_engine.connect() as other:
            other.exec_driver_sql(lock_row)  # the row is locked by the open transaction
    with pg_engine.connect() as other:  # rolled back on leaving: the lock is gone
        assert other.exec_driver_sql(lock_row).scalar_one() == view.id


def test_a_connection_already_in_autocommit_is_left_so(pg_server: PgServer, now: datetime) -> None:
    url = pg_server.create_database()
    engine = make_engine(url)
    schema.upgrade(engine)
    seed(engine, now)
    session = make_station(engine, now).sign_in()
    engine.dispose()
    autocommitting = make_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with SqlUnitOfWork(autocommitting) as uow:
            order = uow.orders.claim_next(session.station_id, session.user_id, now, "next")
            assert order is not None
            assert uow.orders.get(order.id) is not None
            raw = driver_of(uow.connection)
            assert raw.autocommit is True
            assert raw.pgconn.transaction_status == pq.TransactionStatus.IDLE
    finally:
        autocommitting.dispose()
