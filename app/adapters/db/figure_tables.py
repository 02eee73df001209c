"""The figures' roll-ups (migration 0016), kept up by database triggers as scans and
completions are written, so a day's figures read a day of these rows, not a day of scan
events (``app.adapters.db.repositories.figures``). Part of ``tables.metadata``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Double, Index, Integer, String, Table

from app.adapters.db.tables import Id, Moment, metadata

#: One row per ``complete`` entry of the audit log: who, where, when, and the order's size and
#: seconds from its claim at that moment.
order_figures = Table(
    "order_figures",
    metadata,
    Column("audit_id", Id, primary_key=True, autoincrement=False),
    Column("order_id", Id, nullable=False),
    Column("at", Moment, nullable=False),
    Column("user_id", Id, nullable=True),
    Column("station_id", Id, nullable=True),
    Column("secs", Double, nullable=False),
    Column("lines", Integer, nullable=False),
    Column("units", Integer, nullable=False),
)
Index(
    "ix_order_figures_at",
    order_figures.c.at,
    postgresql_include=["user_id", "station_id", "secs", "lines", "units"],
)

#: Scans per quarter-hour (``floor(epoch / 900)``), station, packer and outcome.
scan_quarters = Table(
    "scan_quarters",
    metadata,
    Column("quarter", BigInteger, primary_key=True, autoincrement=False),
    Column("station_id", Id, primary_key=True, autoincrement=False),
    Column("user_id", Id, primary_key=True, autoincrement=False),
    Column("outcome", String(24), primary_key=True),
    Column("n", Integer, nullable=False),
)

#: The quarter-hours in which a packer scanned at a station (worked time).
worked_quarters = Table(
    "worked_quarters",
    metadata,
    Column("quarter", BigInteger, primary_key=True, autoincrement=False),
    Column("station_id", Id, primary_key=True, autoincrement=False),
    Column("user_id", Id, primary_key=True, autoincrement=False),
)
