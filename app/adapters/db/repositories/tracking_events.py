"""Tracking events per parcel (``app.services.handoff_ports.TrackingEvents``).

On PostgreSQL a chunk of events goes by COPY (formatted here in one pass; states by
``app.adapters.db.bulk``) into a temporary staging table, then ``INSERT ... SELECT ... ON
CONFLICT DO NOTHING`` keeps the import idempotent (an event already stored is skipped by its
primary key: parcel, time, status code); each parcel's latest state goes the same way with
``ON CONFLICT DO UPDATE``. Look-ups by many ids or tracking numbers send one
array parameter (``= ANY(...)``) instead of a thousand placeholders for psycopg to parse.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Connection,
    MetaData,
    String,
    Table,
    any_,
    bindparam,
    exists,
    func,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.schema import CreateTable

from app.adapters.db import tables as t
from app.adapters.db.bulk import copies, copy_rows
from app.adapters.db.repositories.base import Repo
from app.services.handoff_ports import (
    NewTrackingEvent,
    ParcelTrackingState,
    TrackedParcel,
    TrackingException,
)

p = t.parcels
o = t.orders
te = t.tracking_events
pt = t.parcel_tracking
_CHUNK = 1000
#: Ids or tracking numbers per array parameter on PostgreSQL.
_ARRAY_CHUNK = 50_000

_EVENT_COLUMNS = (
    "parcel_id",
    "at",
    "status_code",
    "state",
    "description",
    "location",
    "imported_at",
)
_STATE_COLUMNS = ("parcel_id", "at", "status_code", "state", "description", "delivered_at")

# Staging tables of this session only (never in the schema's metadata, so never migrated):
# created on first use on a connection, emptied at every commit.
_staging = MetaData()
_events_in = Table(
    "tracking_events_in",
    _staging,
    *(Column(c.name, c.type) for c in te.columns if c.name in _EVENT_COLUMNS[:-1]),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)
_states_in = Table(
    "parcel_tracking_in",
    _staging,
    *(Column(c.name, c.type) for c in pt.columns if c.name in _STATE_COLUMNS),
    prefixes=["TEMPORARY"],
    postgresql_on_commit="DELETE ROWS",
)


def _copy_text(conn: Connection, table: Table, data: str) -> None:
    """``data`` (COPY's text format: a line per row, cells by tabs) into ``table``'s columns,
    in ``conn``'s transaction. Formatting the lines in one pass costs a fifth of psycopg's
    ``write_row`` per event."""
    names = ", ".join(f'"{c.name}"' for c in table.columns)
    raw = conn.connection.driver_connection
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        copy.write(data)


def _cell(value: str) -> str:
    """Text for COPY's text format: its escape character and separators escaped."""
    return (
        value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    )


def _copy_line(e: NewTrackingEvent) -> str:
    words = e.status_code + e.description + e.location
    if "\\" in words or not words.isprintable():  # rare: the import refuses control characters
        return (
            f"{e.parcel_id}\t{e.at.isoformat()}\t{_cell(e.status_code)}\t{e.state}\t"
            f"{_cell(e.description)}\t{_cell(e.location)}\n"
        )
    return (
        f"{e.parcel_id}\t{e.at.isoformat()}\t{e.status_code}\t{e.state}\t{e.description}\t"
        f"{e.location}\n"
    )


class SqlTrackingEvents(Repo):
    def _insert(self) -> Any:
        return pg_insert if self.conn.dialect.name == "postgresql" else sqlite_insert

    def _pg(self) -> bool:
        return self.conn.dialect.name == "postgresql"

    def _among(self, column: Any, values: list[Any]) -> list[ColumnElement[bool]]:
        """``column`` in each chunk of ``values``: one array parameter per 50,000 on
        PostgreSQL, 1,000 placeholders elsewhere."""
        if self._pg():
            kind = ARRAY(String) if isinstance(values[0], str) else ARRAY(BigInteger)
            return [
                column == any_(bindparam("among", values[i : i + _ARRAY_CHUNK], type_=kind))
                for i in range(0, len(values), _ARRAY_CHUNK)
            ]
        return [column.in_(values[i : i + _CHUNK]) for i in range(0, len(values), _CHUNK)]

    def _staged(self, staging: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
        """``rows`` by COPY into ``staging``, created on this connection's first use and
        emptied first (its rows go at every commit anyway)."""
        self.conn.execute(CreateTable(staging, if_not_exists=True))
        self.conn.execute(text(f'TRUNCATE "{staging.name}"'))
        copy_rows(self.conn, staging, columns, rows)

    def parcels(self, tracking_numbers: Sequence[str]) -> Mapping[str, TrackedParcel]:
        found: dict[str, TrackedParcel] = {}
        numbers = list(dict.fromkeys(tracking_numbers))
        for among in self._among(p.c.tracking_number, numbers) if numbers else []:
            rows = self.conn.execute(
                select(p.c.id, p.c.order_id, p.c.carrier, p.c.tracking_number).where(among)
            )
            for r in rows:
                found[r.tracking_number] = TrackedParcel(r.id, r.order_id, r.carrier)
        return found

    def add(self, events: Sequence[NewTrackingEvent], at: datetime) -> int:
        if copies(self.conn, len(events)):
            self.conn.execute(CreateTable(_events_in, if_not_exists=True))
            self.conn.execute(text('TRUNCATE "tracking_events_in"'))
            _copy_text(self.conn, _events_in, "".join(map(_copy_line, events)))
            names = ", ".join(_EVENT_COLUMNS[:-1])
            result = self.conn.execute(
                text(
                    f"INSERT INTO tracking_events ({names}, imported_at) SELECT {names}, :at"
                    " FROM tracking_events_in ON CONFLICT DO NOTHING"
                ).bindparams(bindparam("at", type_=t.Moment)),
                {"at": at},
            )
            return int(result.rowcount)
        added = 0
        for start in range(0, len(events), _CHUNK * 5):
            rows_ = [{**e._asdict(), "imported_at": at} for e in events[start : start + _CHUNK * 5]]
            result = self.conn.execute(
                self._insert()(te).on_conflict_do_nothing().returning(te.c.parcel_id), rows_
            )
            added += len(result.all())
        return added

    def latest(self, parcel_ids: Sequence[int]) -> Mapping[int, ParcelTrackingState]:
        found: dict[int, ParcelTrackingState] = {}
        ids = list(parcel_ids)
        for among in self._among(pt.c.parcel_id, ids) if ids else []:
            for r in self.conn.execute(select(pt).where(among)):
                found[r.parcel_id] = ParcelTrackingState(
                    r.parcel_id, r.at, r.status_code, r.state, r.description, r.delivered_at
                )
        return found

    def save_latest(self, states: Sequence[ParcelTrackingState]) -> None:
        updated = ("at", "status_code", "state", "description", "delivered_at")
        if copies(self.conn, len(states)):
            rows = [
                (s.parcel_id, s.at, s.status_code, s.state, s.description, s.delivered_at)
                for s in states
            ]
            self._staged(_states_in, _STATE_COLUMNS, rows)
            names = ", ".join(_STATE_COLUMNS)
            sets = ", ".join(f"{c} = excluded.{c}" for c in updated)
            self.conn.execute(
                text(
                    f"INSERT INTO parcel_tracking ({names}) SELECT {names} FROM"
                    f" parcel_tracking_in ON CONFLICT (parcel_id) DO UPDATE SET {sets}"
                )
            )
            return
        for start in range(0, len(states), _CHUNK * 5):
            rows_ = [asdict(s) for s in states[start : start + _CHUNK * 5]]
            stmt = self._insert()(pt)
            stmt = stmt.on_conflict_do_update(
                index_elements=[pt.c.parcel_id],
                set_={c: stmt.excluded[c] for c in updated},
            )
            self.conn.execute(stmt, rows_)

    def orders_all_delivered(self, order_ids: Sequence[int]) -> Mapping[int, datetime]:
        ids = list(dict.fromkeys(order_ids))
        done: dict[int, datetime] = {}
        not_delivered = exists().where(
            p.c.order_id == o.c.id,
            p.c.voided_at.is_(None),
            ~exists().where(pt.c.parcel_id == p.c.id, pt.c.delivered_at.is_not(None)),
        )
        last_delivery = (
            select(func.max(pt.c.delivered_at))
            .join(p, p.c.id == pt.c.parcel_id)
            .where(p.c.order_id == o.c.id, p.c.voided_at.is_(None))
            .scalar_subquery()
        )
        for among in self._among(o.c.id, ids) if ids else []:
            rows = self.conn.execute(
                select(o.c.id, last_delivery.label("delivered_at")).where(
                    among,
                    o.c.status.in_(("packed", "labelled", "handed_over")),
                    ~not_delivered,
                )
            )
            done.update((r.id, r.delivered_at) for r in rows if r.delivered_at is not None)
        return done

    def set_delivered(self, order_ids: Sequence[int], at: datetime) -> None:
        ids = list(order_ids)
        for among in self._among(o.c.id, ids) if ids else []:
            self.conn.execute(update(o).where(among).values(status="delivered", updated_at=at))

    def exceptions(self, limit: int) -> Sequence[TrackingException]:
        rows = self.conn.execute(
            select(pt, p.c.order_id, p.c.tracking_number, p.c.carrier, o.c.reference)
            .join(p, p.c.id == pt.c.parcel_id)
            .join(o, o.c.id == p.c.order_id)
            .where(pt.c.state == "exception")
            .order_by(pt.c.at.desc())
            .limit(limit)
        )
        return [
            TrackingException(
                r.parcel_id,
                r.order_id,
                r.reference,
                r.tracking_number,
                r.carrier,
                r.at,
                r.status_code,
                r.description,
            )
            for r in rows
        ]

    def count(self) -> int:
        return int(self.conn.execute(select(func.count()).select_from(te)).scalar_one())
