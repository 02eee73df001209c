"""The outbox (``app.services.outbox_ports.Outbox``): events stored with their change, the
batch each went out in, and each one's email."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.adapters.db.tables_outbox import OUTBOX_MAIL_WAITING, OUTBOX_UNEXPORTED, outbox_events
from app.domain.outbox import EventKind, NewOutboxEvent, OutboxEvent

ob = outbox_events.c
_CHUNK = 1000
#: A hand-off or delivery goes out (file and email) only while its order has a valid label:
#: one whose only label was voided after loading waits (held, not lost) rather than telling
#: the shop and the customer an empty tracking number. It goes once the order has a label.
_HAS_TRACKING = or_(
    ob.kind == EventKind.EXCEPTION.value,
    exists().where(t.parcels.c.order_id == ob.order_id, t.parcels.c.voided_at.is_(None)),
)


class SqlOutbox(Repo):
    def add(self, events: Sequence[NewOutboxEvent], at: datetime) -> int:
        if not events:
            return 0
        insert = pg_insert if self.conn.dialect.name == "postgresql" else sqlite_insert
        rows = [
            {
                "event_key": e.key,
                "kind": e.kind.value,
                "order_id": e.order_id,
                "parcel_id": e.parcel_id,
                "at": e.at,
                "status_code": e.status_code,
                "description": e.description,
                "created_at": at,
            }
            for e in events
        ]
        added = 0
        for start in range(0, len(rows), _CHUNK):
            statement = insert(outbox_events).on_conflict_do_nothing(index_elements=["event_key"])
            added += self.conn.execute(statement, rows[start : start + _CHUNK]).rowcount
        return added

    def exportable(self, limit: int) -> Sequence[int]:
        query = select(ob.id).where(OUTBOX_UNEXPORTED, _HAS_TRACKING).order_by(ob.id).limit(limit)
        return list(self.conn.execute(query).scalars())

    def events(self, ids: Sequence[int]) -> Sequence[OutboxEvent]:
        found: dict[int, OutboxEvent] = {}
        o, p = t.orders.c, t.parcels.c
        for start in range(0, len(ids), _CHUNK):
            chunk = list(ids[start : start + _CHUNK])
            rows = self.conn.execute(
                select(ob.id, ob.kind, ob.at, ob.order_id, ob.parcel_id, ob.status_code)
                .add_columns(ob.description, o.reference, o.carrier, o.service)
                .add_columns(o.ship_to_name, o.ship_to_email)
                .join(t.orders, o.id == ob.order_id)
                .where(ob.id.in_(chunk))
            ).all()
            orders = {row.order_id for row in rows}
            numbers: dict[int, list[tuple[int, str]]] = {}
            for parcel in self.conn.execute(
                select(p.id, p.order_id, p.tracking_number)
                .where(p.order_id.in_(orders), p.voided_at.is_(None))
                .order_by(p.order_id, p.seq)
            ):
                numbers.setdefault(parcel.order_id, []).append((parcel.id, parcel.tracking_number))
            for row in rows:
                mine = numbers.get(row.order_id, [])
                if row.parcel_id is not None:
                    mine = [n for n in mine if n[0] == row.parcel_id] or self._parcel(row.parcel_id)
                found[row.id] = _event(row, tuple(number for _, number in mine))
        return [found[i] for i in ids if i in found]

    def _parcel(self, parcel_id: int) -> list[tuple[int, str]]:
        number = self.conn.execute(
            select(t.parcels.c.tracking_number).where(t.parcels.c.id == parcel_id)
        ).scalar_one()
        return [(parcel_id, number)]

    def assign_batch(self, batch_id: int, ids: Sequence[int]) -> None:
        for start in range(0, len(ids), _CHUNK):
            self.conn.execute(
                update(outbox_events)
                .where(ob.id.in_(list(ids[start : start + _CHUNK])), OUTBOX_UNEXPORTED)
                .values(batch_id=batch_id)
            )
        self.conn.execute(
            update(t.export_batches)
            .where(t.export_batches.c.id == batch_id)
            .values(shipments=len(ids))
        )

    def mail_due(self, now: datetime, limit: int) -> Sequence[int]:
        query = (
            select(ob.id)
            .where(OUTBOX_MAIL_WAITING, _HAS_TRACKING)
            .where(or_(ob.mail_next_at.is_(None), ob.mail_next_at <= now))
            .order_by(ob.id)
            .limit(limit)
        )
        return list(self.conn.execute(query).scalars())

    def mail_sent(self, event_id: int, at: datetime) -> bool:
        result = self.conn.execute(
            update(outbox_events)
            .where(and_(ob.id == event_id, OUTBOX_MAIL_WAITING))
            .values(mail_state="sent", mailed_at=at, mail_error=None, mail_next_at=None)
        )
        return bool(result.rowcount)

    def mail_retry(self, event_id: int, attempts: int, next_at: datetime, error: str) -> None:
        self.conn.execute(
            update(outbox_events)
            .where(and_(ob.id == event_id, OUTBOX_MAIL_WAITING))
            .values(mail_attempts=attempts, mail_next_at=next_at, mail_error=error[:300])
        )

    def mail_stopped(self, event_id: int, state: str, error: str) -> None:
        self.conn.execute(
            update(outbox_events)
            .where(and_(ob.id == event_id, OUTBOX_MAIL_WAITING))
            .values(mail_state=state, mail_error=error[:300], mail_next_at=None)
        )

    def mail_attempts(self, event_id: int) -> int:
        return int(
            self.conn.execute(
                select(func.coalesce(ob.mail_attempts, 0)).where(ob.id == event_id)
            ).scalar_one()
        )


def _event(row: Any, numbers: tuple[str, ...]) -> OutboxEvent:
    return OutboxEvent(
        id=row.id,
        kind=EventKind(row.kind),
        at=row.at,
        order_reference=row.reference,
        carrier=row.carrier,
        service=row.service,
        tracking_numbers=numbers,
        status_code=row.status_code,
        description=row.description,
        customer_name=row.ship_to_name,
        customer_email=row.ship_to_email,
    )
