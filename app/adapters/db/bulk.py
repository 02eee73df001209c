"""Bulk writes on PostgreSQL: ``COPY ... FROM STDIN`` on the unit of work's own connection
(inside its transaction), and ids taken from a table's sequence ahead of a COPY. An import of
25,000 orders spent most of its time having psycopg parse multi-row INSERTs with 100,000
placeholders; COPY sends rows without a statement to parse. Other databases never get here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, text

#: Fewer rows than this go through an ordinary INSERT (a COPY costs a round trip of its own).
COPY_FROM = 32


def copies(conn: Connection, rows: int) -> bool:
    """Whether ``rows`` rows go to PostgreSQL by COPY on this connection."""
    return conn.dialect.name == "postgresql" and rows >= COPY_FROM


def copy_dicts(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """``rows`` (dicts with the same keys, column names) by COPY."""
    columns = list(rows[0])
    copy_rows(conn, table, columns, ([row[name] for name in columns] for row in rows))


def copy_rows(
    conn: Connection, table: Table, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> None:
    """``COPY table (columns) FROM STDIN`` with ``rows``, in ``conn``'s transaction."""
    for name in columns:
        table.c[name]
    names = ", ".join(f'"{name}"' for name in columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)


def next_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new ids from the sequence of ``table.id`` (never handed out again)."""
    sequence = conn.execute(
        text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
    ).scalar_one()
    return list(
        conn.execute(
            text("SELECT nextval(:sequence) FROM generate_series(1, :count)"),
            {"sequence": sequence, "count": count},
        ).scalars()
    )
