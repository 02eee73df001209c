"""Shared fixtures: real databases (an SQLite file and a throwaway PostgreSQL server)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.adapters.db import schema
from app.adapters.db.engine import make_engine
from tests.support.pgserver import PgServer, start_server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """The suite's own PostgreSQL server. A machine without PostgreSQL fails here: never a
    skip (CI must run these tests)."""
    with start_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database of each kind: the same tests run on both."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'packbench.sqlite'}"
    server: PgServer = request.getfixturevalue("pg_server")
    return server.create_database()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated database."""
    engine = make_engine(database_url)
    schema.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
