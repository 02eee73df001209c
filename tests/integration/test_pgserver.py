"""Tests for the throwaway PostgreSQL server helper (tests/support/pgserver.py).

These start their own server rather than using the suite's session fixture, because one of
them stops it.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from tests.support.pgserver import PgServer, find_bindir, start_server

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with start_server() as srv:
        yield srv


def test_find_bindir_has_the_server_binaries() -> None:
    bindir = find_bindir()
    for tool in ("initdb", "pg_ctl", "postgres"):
        assert os.access(bindir / tool, os.X_OK), tool


def test_find_bindir_honours_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PACKBENCH_PG_BINDIR", str(tmp_path))
    with pytest.raises(RuntimeError, match="apt-get install postgresql"):
        find_bindir()


def test_accepts_connections_and_is_recent(server: PgServer) -> None:
    url = make_url(server.url)
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "127.0.0.1"
    assert url.port == server.port

    engine = sa.create_engine(server.url)
    try:
        with engine.connect() as conn:
            version_num = int(conn.execute(sa.text("SHOW server_version_num")).scalar_one())
            assert conn.execute(sa.text("SELECT current_database()")).scalar_one() == "packbench"
            assert conn.execute(sa.text("SHOW fsync")).scalar_one() == "off"
            assert conn.execute(sa.text("SHOW server_encoding")).scalar_one() == "UTF8"
            max_conn = int(conn.execute(sa.text("SHOW max_connections")).scalar_one())
    finally:
        engine.dispose()
    assert version_num >= 130000
    assert server.version_num == version_num
    assert max_conn >= 100


def test_runs_as_postgres_user_when_root(server: PgServer) -> None:
    owner_uid = server.datadir.stat().st_uid
    if os.geteuid() == 0:
        assert owner_uid == pwd.getpwnam("postgres").pw_uid
    else:
        assert owner_uid == os.geteuid()


def test_create_database_gives_isolated_databases(server: PgServer) -> None:
    url_a = server.create_database("iso_a")
    url_b = server.create_database("iso_b")
    assert url_a != url_b
    assert make_url(url_a).database == "iso_a"
    assert make_url(url_b).database == "iso_b"

    engine_a = sa.create_engine(url_a)
    engine_b = sa.create_engine(url_b)
    try:
        with engine_a.begin() as conn:
            conn.execute(sa.text("CREATE TABLE widget (id integer PRIMARY KEY)"))
            conn.execute(sa.text("INSERT INTO widget VALUES (1)"))
        with engine_a.connect() as conn:
            assert conn.execute(sa.text("SELECT count(*) FROM widget")).scalar_one() == 1
        assert sa.inspect(engine_a).has_table("widget")
        assert not sa.inspect(engine_b).has_table("widget")
        with engine_b.connect() as conn, pytest.raises(sa.exc.ProgrammingError):
            conn.execute(sa.text("SELECT * FROM widget"))
    finally:
        engine_a.dispose()
        engine_b.dispose()


def test_create_database_again_is_fresh_even_with_open_connections(server: PgServer) -> None:
    url = server.create_database("recreated")
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE leftover (id integer)"))
        held = engine.connect()  # an open connection must not block the re-creation
        server.create_database("recreated")
        held.invalidate()
        held.close()
        engine.dispose()
        assert not sa.inspect(engine).has_table("leftover")
    finally:
        engine.dispose()


def test_create_database_without_name_is_unique(server: PgServer) -> None:
    first = make_url(server.create_database()).database
    second = make_url(server.create_database()).database
    assert first and second and first != second


def test_create_database_rejects_unsafe_names(server: PgServer) -> None:
    with pytest.raises(ValueError):
        server.create_database('x"; DROP DATABASE packbench; --')


def test_many_concurrent_connections(server: PgServer) -> None:
    conns = [server.connect() for _ in range(40)]
    try:
        for conn in conns:
            assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        for conn in conns:
            conn.close()


def test_stop_shuts_down_and_cleans_up() -> None:
    srv = start_server()
    conninfo = srv.conninfo()
    conn = psycopg.connect(conninfo, autocommit=True)  # the server is up...
    assert conn.execute("SELECT 1").fetchone() == (1,)
    srv.stop()  # ...and a held connection does not block a fast shutdown
    with pytest.raises(psycopg.OperationalError):
        conn.execute("SELECT 1")
    conn.close()
    assert not srv.running
    assert not srv.workdir.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(conninfo, connect_timeout=3)
    engine = sa.create_engine(srv.url)
    try:
        with pytest.raises(sa.exc.OperationalError):
            engine.connect()
    finally:
        engine.dispose()
    srv.stop()  # idempotent
    with pytest.raises(RuntimeError, match="stopped"):
        srv.create_database("too_late")
