"""Shared fixtures: real databases (an SQLite file and a throwaway PostgreSQL server)."""

from __future__ import annotations

import logging
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


class _ErrorRecords(logging.Handler):
    """Collects every ERROR (and worse) logged anywhere, from any thread."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_error_logs(request: pytest.FixtureRequest) -> Iterator[_ErrorRecords]:
    """A test that logs an unexpected ERROR fails (qutebrowser's logfail is the model): an
    error log is a bug or a failure someone must see. Tests that provoke one on purpose say
    so with ``@pytest.mark.allow_error_logs`` and assert on the records themselves."""
    handler = _ErrorRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("allow_error_logs") is None:
        shown = "\n".join(f"{record.name}: {record.getMessage()}" for record in handler.records[:5])
        pytest.fail(f"unexpected ERROR logged during the test:\n{shown}", pytrace=False)
