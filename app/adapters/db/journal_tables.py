"""The offline journal's tables, on the schema's one metadata (``tables`` imports this module).

The same schema serves the shared database and each station's local store: a station's
operations made offline are appended to ``offline_journal`` in its local store; the shared
database records in ``offline_applied`` every journal operation it has applied, in the same
transaction, so an operation is applied once however often it is sent; ``number_blocks``
records the tracking numbers and SSCCs a station reserved (taken from the ranges at once) to
label offline, until a supervisor retires what a dead station left unused.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, String, Table, Text

from app.adapters.db.tables import Id, Moment, metadata

offline_journal = Table(
    "offline_journal",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("op_uid", String(64), nullable=False, unique=True),
    Column("kind", String(24), nullable=False),
    Column("args", Text, nullable=False),
    Column("at", Moment, nullable=False),
    Column("done_at", Moment, nullable=True),
    Column("outcome", String(300), nullable=True),
)
Index("ix_offline_journal_waiting", offline_journal.c.done_at, offline_journal.c.id)

offline_applied = Table(
    "offline_applied",
    metadata,
    Column("op_uid", String(64), primary_key=True),
    Column("station_id", Id, nullable=False),
    Column("kind", String(24), nullable=False),
    Column("applied_at", Moment, nullable=False),
)

number_blocks = Table(
    "number_blocks",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("station_id", Id, nullable=False),
    Column("range_id", Id, nullable=False),
    Column("scheme", String(16), nullable=False),
    Column("carrier", String(32), nullable=False),
    Column("first_serial", BigInteger, nullable=False),
    Column("last_serial", BigInteger, nullable=False),
    Column("reserved_at", Moment, nullable=False),
    Column("retired_at", Moment, nullable=True),
    Column("retired_reason", String(200), nullable=True),
)
Index("ix_number_blocks_station", number_blocks.c.station_id, number_blocks.c.retired_at)
