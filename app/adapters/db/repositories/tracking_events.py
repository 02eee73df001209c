"""Tracking events per parcel (``app.services.handoff_ports.TrackingEvents``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.db import tables as t
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


class SqlTrackingEvents(Repo):
    def _insert(self) -> Any:
        return pg_insert if self.conn.dialect.name == "postgresql" else sqlite_insert

    def parcels(self, tracking_numbers: Sequence[str]) -> Mapping[str, TrackedParcel]:
        found: dict[str, TrackedParcel] = {}
        numbers = list(dict.fromkeys(tracking_numbers))
        for start in range(0, len(numbers), _CHUNK):
            rows = self.conn.execute(
                select(p.c.id, p.c.order_id, p.c.carrier, p.c.tracking_number).where(
                    p.c.tracking_number.in_(numbers[start : start + _CHUNK])
                )
            )
            for r in rows:
                found[r.tracking_number] = TrackedParcel(r.id, r.order_id, r.carrier)
        return found

    def add(self, events: Sequence[NewTrackingEvent], at: datetime) -> int:
        added = 0
        for start in range(0, len(events), _CHUNK * 5):
            rows = [{**asdict(e), "imported_at": at} for e in events[start : start + _CHUNK * 5]]
            result = self.conn.execute(
                self._insert()(te).on_conflict_do_nothing().returning(te.c.id), rows
            )
            added += len(result.all())
        return added

    def latest(self, parcel_ids: Sequence[int]) -> Mapping[int, ParcelTrackingState]:
        found: dict[int, ParcelTrackingState] = {}
        ids = list(parcel_ids)
        for start in range(0, len(ids), _CHUNK):
            rows = self.conn.execute(
                select(pt).where(pt.c.parcel_id.in_(ids[start : start + _CHUNK]))
            )
            for r in rows:
                found[r.parcel_id] = ParcelTrackingState(
                    r.parcel_id, r.at, r.status_code, r.state, r.description, r.delivered_at
                )
        return found

    def save_latest(self, states: Sequence[ParcelTrackingState]) -> None:
        for start in range(0, len(states), _CHUNK * 5):
            rows = [asdict(s) for s in states[start : start + _CHUNK * 5]]
            stmt = self._insert()(pt)
            stmt = stmt.on_conflict_do_update(
                index_elements=[pt.c.parcel_id],
                set_={
                    "at": stmt.excluded.at,
                    "status_code": stmt.excluded.status_code,
                    "state": stmt.excluded.state,
                    "description": stmt.excluded.description,
                    "delivered_at": stmt.excluded.delivered_at,
                },
            )
            self.conn.execute(stmt, rows)

    def orders_all_delivered(self, order_ids: Sequence[int]) -> Sequence[int]:
        ids = list(dict.fromkeys(order_ids))
        done: list[int] = []
        not_delivered = exists().where(
            p.c.order_id == o.c.id,
            p.c.voided_at.is_(None),
            ~exists().where(pt.c.parcel_id == p.c.id, pt.c.delivered_at.is_not(None)),
        )
        for start in range(0, len(ids), _CHUNK):
            rows = self.conn.execute(
                select(o.c.id).where(
                    o.c.id.in_(ids[start : start + _CHUNK]),
                    o.c.status.in_(("packed", "labelled", "handed_over")),
                    ~not_delivered,
                )
            )
            done.extend(r.id for r in rows)
        return done

    def set_delivered(self, order_ids: Sequence[int], at: datetime) -> None:
        ids = list(order_ids)
        for start in range(0, len(ids), _CHUNK):
            self.conn.execute(
                update(o)
                .where(o.c.id.in_(ids[start : start + _CHUNK]))
                .values(status="delivered", updated_at=at)
            )

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
