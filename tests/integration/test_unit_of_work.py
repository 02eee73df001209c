"""The real unit of work on both databases: rollback, failure translation, a lost COMMIT reply,
and random input through record_scan."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.adapters.db import tables as t
from app.adapters.db.engine import _configure_sqlite, make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DatabaseUnavailable, DomainError, OutcomeUnknown
from app.domain.model import ScanOutcome
from app.services.packing import PackingService
from app.services.results import ScanResult
from tests.support.factories import World, seed
from tests.support.lossy_proxy import LossyProxy
from tests.support.pgserver import PgServer
from tests.support.station import StepClock, make_station


def scans(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.scan_events)).scalar_one())


def test_leaving_without_commit_rolls_back(engine: Engine, now: datetime) -> None:
    with SqlUnitOfWork(engine) as uow:
        uow.stations.get_or_create("PACK-77", now)
    with pytest.raises(RuntimeError), SqlUnitOfWork(engine) as uow:
        uow.stations.get_or_create("PACK-78", now)
        uow.commit()
        uow.stations.get_or_create("PACK-79", now)
        raise RuntimeError("a bug half-way")
    with engine.connect() as conn:
        names = set(conn.execute(select(t.stations.c.name)).scalars())
    assert names == {"PACK-78"}


def test_a_missing_table_is_a_bug_not_an_outage(engine: Engine, now: datetime) -> None:
    seed(engine, now)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE audit_log")
    station = make_station(engine, now)
    with pytest.raises(DBAPIError) as raised:
        station.packing.sign_in(station.record, "BDG1001")
    assert not isinstance(raised.value, DomainError)


def test_a_server_that_goes_away_is_unavailable(pg_server: PgServer, now: datetime) -> None:
    engine = make_engine(pg_server.create_database())
    from app.adapters.db import schema

    schema.upgrade(engine)
    try:
        with pytest.raises(DatabaseUnavailable), SqlUnitOfWork(engine) as uow:
            uow.stations.get_or_create("PACK-01", now)
            pid = uow.connection.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
            with engine.connect() as other:
                other.exec_driver_sql(f"SELECT pg_terminate_backend({int(pid)})")
            uow.stations.get_or_create("PACK-02", now)
    finally:
        engine.dispose()


def test_a_locked_sqlite_file_is_unavailable(tmp_path: object, now: datetime) -> None:
    url = f"sqlite:///{tmp_path}/locked.sqlite"
    engine = make_engine(url)
    from app.adapters.db import schema

    schema.upgrade(engine)
    impatient = create_engine(make_url(url), connect_args={"timeout": 0.05})
    _configure_sqlite(impatient)
    with engine.connect() as holder:
        holder.begin()  # BEGIN IMMEDIATE: the write lock
        with (
            pytest.raises(DatabaseUnavailable, match="cannot be reached"),
            SqlUnitOfWork(impatient) as uow,
        ):
            uow.stations.get_or_create("PACK-09", now)
        holder.rollback()
    impatient.dispose()
    engine.dispose()


def test_a_lost_commit_reply_is_retried_under_the_same_id(
    pg_server: PgServer, now: datetime
) -> None:
    """The connection drops after COMMIT reached the server: the station is told the outcome
    is unknown, retries with the same scan id, and the unit counts once."""
    direct = pg_server.create_database()
    engine = make_engine(direct)
    from app.adapters.db import schema

    schema.upgrade(engine)
    world = seed(engine, now)
    parsed = make_url(direct)
    with LossyProxy(parsed.host or "127.0.0.1", parsed.port or 5432) as proxy:
        proxied = make_engine(parsed.set(port=proxy.port))
        packing = PackingService(
            SqlUnitOfWork.factory(proxied), StepClock(now), Argon2CredentialHasher()
        )
        station = packing.register_station("PACK-01")
        session = packing.sign_in(station, "BDG1001").session
        order = packing.open_order(session, world.slips["SHOP-1"])
        barcode = world.product_codes["MUG-BLUE"]
        proxy.lose_next_commit_reply = True
        with pytest.raises(OutcomeUnknown):
            packing.record_scan(session, order.id, "scan-lost-reply", barcode)
        assert proxy.lost == 1
        result = packing.record_scan(session, order.id, "scan-lost-reply", barcode)
        assert result.repeated and result.outcome is ScanOutcome.ACCEPTED
        proxied.dispose()
    with engine.connect() as conn:
        verified = conn.execute(
            select(func.sum(t.order_lines.c.verified_qty)).where(
                t.order_lines.c.order_id == order.id
            )
        ).scalar_one()
        stored = conn.execute(
            select(func.count())
            .select_from(t.scan_events)
            .where(t.scan_events.c.scan_uid == "scan-lost-reply")
        ).scalar_one()
    assert (verified, stored) == (1, 1)
    engine.dispose()


_fuzz_text = st.one_of(
    st.text(max_size=700),
    st.binary(max_size=200).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
    st.sampled_from(
        ["4006381333931\x00", "]Y3ABC1234", "]C121SER123\x00", "\ud800", "]d2" + "9" * 600]
    ),
)


@pytest.mark.postgres
def test_random_scans_on_postgresql_give_only_typed_answers(
    pg_server: PgServer, now: datetime
) -> None:
    engine = make_engine(pg_server.create_database())
    from app.adapters.db import schema

    schema.upgrade(engine)
    world: World = seed(engine, now)
    station = make_station(engine, now)
    session = station.sign_in()
    order = station.packing.open_order(session, world.slips["SHOP-2"])

    @settings(
        max_examples=300,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(raw=_fuzz_text)
    def scan(raw: str) -> None:
        try:
            result = station.packing.record_scan(session, order.id, uuid.uuid4().hex, raw)
        except DomainError:
            return
        assert isinstance(result, ScanResult)
        assert result.order.id == order.id

    before = scans(engine)
    scan()
    assert scans(engine) > before
    engine.dispose()
