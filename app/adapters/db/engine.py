"""Engines for SQLite (one station, the demo) and PostgreSQL (many stations sharing one DB)."""

from __future__ import annotations

import logging
import select
import threading
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DisconnectionError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000


def safe_url(url: str | URL) -> str:
    """The URL with its password masked: the only form that may reach a log or a screen."""
    return make_url(url).render_as_string(hide_password=True)


def normalise_url(url: str) -> URL:
    """Accept ``postgresql://`` and ``postgres://`` and use psycopg 3 for them."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    """An engine with the station's settings: WAL, busy timeout and ``BEGIN IMMEDIATE`` writes on
    SQLite (so two writers queue instead of failing half-way); a stale-connection check at
    checkout and short connect timeouts on PostgreSQL (so a database that went away is noticed
    quickly)."""
    parsed = normalise_url(str(url)) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            parsed,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        connect_args = {"connect_timeout": 5, "application_name": "packbench"}
        engine = create_engine(parsed, pool_size=2, connect_args=connect_args, **kwargs)
        event.listen(engine, "checkout", _check_pooled_connection)
        return engine
    raise ValueError(
        f"unsupported database: {parsed.get_backend_name()} (use sqlite or postgresql)"
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite's own is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = "DEFERRED" if conn.get_execution_options().get("read_only") else "IMMEDIATE"
        conn.exec_driver_sql(f"BEGIN {mode}")


def _check_pooled_connection(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """Refuse a pooled PostgreSQL connection the server has closed, without a round trip.

    An idle connection has nothing to read: a server that shut down or terminated the backend
    has sent its goodbye (an error message, then end of file), so the socket polls readable.
    ``DisconnectionError`` makes the pool drop this connection and hand out a fresh one (it
    tries three times), before any statement of the unit of work is sent. This replaces
    ``pool_pre_ping``, which cost a ``SELECT 1`` round trip per unit of work. A connection
    that died silently (no FIN: a cable pulled) fails on its first statement instead and is
    reported as ``DatabaseUnavailable`` with nothing saved."""
    if dbapi_connection.closed or dbapi_connection.broken:
        raise DisconnectionError("the pooled connection is closed")
    try:
        readable, _, _ = select.select([dbapi_connection.fileno()], [], [], 0)
    except (OSError, ValueError) as exc:
        raise DisconnectionError("the pooled connection's socket is gone") from exc
    if readable:
        raise DisconnectionError("the server closed the pooled connection")


class SqlOnForbiddenThread(RuntimeError):
    """SQL was about to run on the GUI thread: a bug that would freeze the pack screen."""


def forbid_sql_on_thread(engine: Engine, thread: threading.Thread) -> None:
    """Make every statement on ``thread`` (the GUI thread) raise before it reaches the database."""
    ident = thread.ident

    @event.listens_for(engine, "before_cursor_execute")
    def _check_thread(*_args: Any) -> None:
        if threading.get_ident() == ident:
            raise SqlOnForbiddenThread(
                "SQL on the GUI thread: run it through the database worker instead"
            )
