"""PostgreSQL's hot statements run on the psycopg connection under the unit of work's.

A claim and a hold run a few statements that 32 stations repeat as fast as the server lets
them. Through SQLAlchemy each costs about 85 us of Python (cache key, parameter and result
processing) on top of psycopg's own work: more than the server spends on it. Here such a
statement is compiled by SQLAlchemy once, at import, and then executed directly on the
driver connection that the unit of work checked out of the pool, as a prepared statement.

What the unit of work relies on is kept: the engine's ``before_cursor_execute`` listeners
still see every statement (the statement counts, the GUI-thread guard), and a failure is
raised as SQLAlchemy's ``DBAPIError`` (the connection invalidated when it is gone), so it
is classified exactly like one raised through SQLAlchemy (``uow.is_unavailable``).

The first statement of a transaction is sent with its ``BEGIN`` (pipeline mode): one round
trip for both. A statement that is a whole use case by itself (the claim of the next order)
may run in autocommit: no ``BEGIN`` and ``COMMIT`` round trips. Losing the connection during it is
``OutcomeUnknown``: the claim may be stored (a retry gets the station's order back).
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
from psycopg import pq
from sqlalchemy import Connection, Dialect
from sqlalchemy.dialects.postgresql import psycopg as pg_psycopg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from app.domain.errors import OutcomeUnknown

_DIALECT: Dialect = pg_psycopg.dialect()  # type: ignore[no-untyped-call]
_CURSOR = "packbench_driver_cursor"  # the pooled connection's own cursor, in its info
_IDLE = pq.TransactionStatus.IDLE
_TUPLES_OK = pq.ExecStatus.TUPLES_OK


@dataclass
class DriverStatement:
    """A statement compiled once for psycopg: its SQL, the values SQLAlchemy fills in itself
    (literals it made parameters of) and, once it has run, the type of its rows."""

    sql: str
    defaults: Mapping[str, Any]
    make_row: Callable[[Sequence[Any]], Any] | None = field(default=None, compare=False)

    @classmethod
    def compile(cls, statement: ClauseElement) -> DriverStatement:
        compiled = statement.compile(dialect=_DIALECT)
        assert isinstance(compiled, SQLCompiler) and compiled.positiontup is None  # %(name)s
        defaults = {
            compiled.bind_names[bind]: bind.value
            for bind in compiled.binds.values()
            if not bind.required
        }
        return cls(str(compiled), defaults)

    def rows(self, cursor: psycopg.Cursor[Any]) -> Sequence[Any]:
        """The rows of the result ``cursor`` holds, as named tuples (none for no result)."""
        result = cursor.pgresult
        if result is None or result.status != _TUPLES_OK:
            return ()
        if self.make_row is None:  # the columns are the statement's: read them once
            names = [column.name for column in cursor.description or ()]
            make_type: Any = namedtuple  # the columns are known only at run time
            row_type = make_type("Row", names, rename=True)
            self.make_row = row_type._make
        make_row = self.make_row
        return [make_row(values) for values in cursor.fetchall()]


def driver_of(conn: Connection) -> psycopg.Connection[Any]:
    raw = conn.connection.driver_connection
    assert isinstance(raw, psycopg.Connection)
    return raw


def _cursor(conn: Connection, raw: psycopg.Connection[Any]) -> psycopg.Cursor[Any]:
    # One cursor per pooled connection, kept with it (a cursor costs more to make than to
    # run a prepared statement with); the pool drops the info with an invalidated connection.
    info = conn.connection.info
    cursor = info.get(_CURSOR)
    if cursor is None or cursor.connection is not raw or cursor.closed:
        cursor = info[_CURSOR] = raw.cursor()
    return cast("psycopg.Cursor[Any]", cursor)


def execute(
    conn: Connection,
    statement: DriverStatement,
    params: Mapping[str, Any],
    *,
    autocommit: bool = False,
) -> Sequence[Any]:
    """Run ``statement`` on ``conn``'s psycopg connection, prepared; its rows (named
    tuples; none for a statement that returns none). ``autocommit``: when the unit of work
    has not started its transaction yet, the statement is its own transaction."""
    raw = driver_of(conn)
    values = {**statement.defaults, **params}
    idle = raw.pgconn.transaction_status == _IDLE and not raw.autocommit
    alone = autocommit and idle
    cursor = _cursor(conn, raw)
    try:
        for listener in conn.dispatch.before_cursor_execute:
            listener(conn, cursor, statement.sql, values, None, False)
        if alone:
            raw.autocommit = True
            try:
                cursor.execute(statement.sql, values, prepare=True)
            finally:
                if raw.pgconn.transaction_status == _IDLE:
                    raw.autocommit = False  # a broken connection is discarded as it is
        elif idle:
            # The transaction's first statement: BEGIN goes with it, in one round trip.
            with raw.pipeline():
                cursor.execute(statement.sql, values, prepare=True)
        else:
            cursor.execute(statement.sql, values, prepare=True)
        return statement.rows(cursor)
    except psycopg.Error as exc:
        gone = conn.dialect.is_disconnect(cast(Any, exc), conn.connection, None)
        if gone:
            conn.invalidate(exc)
        error = DBAPIError.instance(
            statement.sql, values, exc, psycopg.Error, connection_invalidated=gone
        )
        if gone and alone:
            raise OutcomeUnknown(
                "The connection to the database was lost while saving; checking whether it "
                "was saved."
            ) from error
        raise error from exc
