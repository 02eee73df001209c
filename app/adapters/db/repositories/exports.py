"""Shipment exports: which shipments are ready to go, what they hold, and the batches (files)
they went out in. A batch and its shipments are written in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, insert, select, text, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.exports import ParcelOut, Shipment
from app.domain.model import OrderStatus
from app.domain.printing import PrintJobKind, PrintJobState
from app.services.export_ports import ExportBatchRecord

#: Order states after every parcel is labelled: exportable once a label went to a printer.
_LABELLED = (OrderStatus.LABELLED.value, OrderStatus.HANDED_OVER.value, OrderStatus.DELIVERED.value)
_LABEL_KINDS = (PrintJobKind.LABEL.value, PrintJobKind.REPRINT.value)
#: Any key: PostgreSQL's transaction-level advisory lock that makes exporters take turns.
_EXPORT_LOCK = 0x5042_4558  # "PBEX"

_label_sent = (
    select(t.print_jobs.c.parcel_id, func.min(t.print_jobs.c.updated_at).label("labelled_at"))
    .where(
        t.print_jobs.c.kind.in_(_LABEL_KINDS),
        t.print_jobs.c.state == PrintJobState.SENT.value,
    )
    .group_by(t.print_jobs.c.parcel_id)
)


def _batch(row: Any) -> ExportBatchRecord:
    return ExportBatchRecord(
        row.id,
        row.file_name,
        row.folder,
        row.format,
        row.created_at,
        row.shipments,
        bool(row.again),
        row.content,
    )


class SqlShipmentExports(Repo):
    def lock(self) -> None:
        # SQLite: the unit of work's BEGIN IMMEDIATE holds the database's write lock already.
        if self.conn.dialect.name == "postgresql":
            self.conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _EXPORT_LOCK})

    def unwritten(self) -> Sequence[ExportBatchRecord]:
        rows = self.conn.execute(
            select(t.export_batches)
            .where(t.export_batches.c.written_at.is_(None))
            .order_by(t.export_batches.c.id)
        ).all()
        return [_batch(row) for row in rows]

    def exportable(self, limit: int) -> Sequence[int]:
        o, p, j, e = t.orders.c, t.parcels.c, t.print_jobs.c, t.export_shipments.c
        label_sent = exists().where(
            p.order_id == o.id,
            p.voided_at.is_(None),
            j.parcel_id == p.id,
            j.kind.in_(_LABEL_KINDS),
            j.state == PrintJobState.SENT.value,
        )
        exported = exists().where(e.order_id == o.id, t.FIRST_EXPORT)
        query = (
            select(o.id)
            .where(o.status.in_(_LABELLED), label_sent, ~exported)
            .order_by(o.id)
            .limit(limit)
        )
        return list(self.conn.execute(query).scalars())

    def exported_since(self, since: datetime, after_order_id: int, limit: int) -> Sequence[int]:
        e, b = t.export_shipments.c, t.export_batches.c
        query = (
            select(e.order_id)
            .join(t.export_batches, b.id == e.batch_id)
            .where(t.FIRST_EXPORT, b.created_at >= since, e.order_id > after_order_id)
            .order_by(e.order_id)
            .limit(limit)
        )
        return list(self.conn.execute(query).scalars())

    def shipments(self, order_ids: Sequence[int]) -> Sequence[Shipment]:
        if not order_ids:
            return []
        ids = list(order_ids)
        o, p, a, u = t.orders.c, t.parcels.c, t.audit_log.c, t.users.c
        sent = _label_sent.subquery()
        parcels: dict[int, list[Any]] = {}
        for row in self.conn.execute(
            select(
                p.order_id, p.seq, p.tracking_number, p.sscc, p.weight_g, p.box_code, p.created_at
            )
            .add_columns(p.voided_at, sent.c.labelled_at)
            .outerjoin(sent, sent.c.parcel_id == p.id)
            .where(p.order_id.in_(ids))
            .order_by(p.order_id, p.seq)
        ):
            parcels.setdefault(row.order_id, []).append(row)
        # Who packed: the user of the order's last "complete" (the audit log keeps every
        # transition); an order completed before that was recorded falls back to its claimer.
        last_complete = (
            select(func.max(a.id).label("id"))
            .where(a.action == "complete", a.entity == "order", a.entity_id.in_(ids))
            .group_by(a.entity_id)
            .subquery()
        )
        packers = {
            row.entity_id: (row.at, row.name)
            for row in self.conn.execute(
                select(a.entity_id, a.at, u.name)
                .join(last_complete, last_complete.c.id == a.id)
                .outerjoin(t.users, u.id == a.user_id)
            )
        }
        claimers = t.users.alias("claimer")
        orders = {
            row.id: row
            for row in self.conn.execute(
                select(o.id, o.reference, o.carrier, o.service, claimers.c.name.label("claimer"))
                .outerjoin(claimers, claimers.c.id == o.claimed_by_user_id)
                .where(o.id.in_(ids))
            )
        }
        found = []
        for order_id in ids:
            order = orders.get(order_id)
            if order is None:
                continue
            rows = parcels.get(order_id, [])
            packed_at, packed_by = packers.get(order_id, (None, order.claimer))
            if packed_at is None and rows:
                packed_at = min(row.created_at for row in rows)
            found.append(
                Shipment(
                    order_id=order_id,
                    order_reference=order.reference,
                    carrier=order.carrier,
                    service=order.service,
                    packed_at=packed_at,
                    packed_by=packed_by,
                    parcels=tuple(
                        ParcelOut(
                            parcel_no=row.seq,
                            tracking_number=row.tracking_number,
                            sscc=row.sscc,
                            weight_g=row.weight_g,
                            box=row.box_code,
                            labelled_at=row.labelled_at,
                            voided_at=row.voided_at,
                        )
                        for row in rows
                    ),
                )
            )
        return found

    def add_batch(
        self,
        *,
        folder: str,
        fmt: str,
        at: datetime,
        user_id: int | None,
        again: bool,
        since: datetime | None,
    ) -> int:
        # A placeholder name, unique until fill_batch names the file by its id.
        new_id = self.conn.execute(
            insert(t.export_batches).values(
                file_name=f".unnamed-{at.timestamp()}-{id(self)}",
                folder=folder,
                format=fmt,
                created_at=at,
                user_id=user_id,
                shipments=0,
                again=again,
                since=since,
                content="",
            )
        ).inserted_primary_key
        assert new_id is not None
        return int(new_id[0])

    def fill_batch(
        self, batch_id: int, file_name: str, content: str, order_ids: Sequence[int], again: bool
    ) -> None:
        self.conn.execute(
            update(t.export_batches)
            .where(t.export_batches.c.id == batch_id)
            .values(file_name=file_name, content=content, shipments=len(order_ids))
        )
        if order_ids:
            self.conn.execute(
                insert(t.export_shipments),
                [{"batch_id": batch_id, "order_id": i, "again": again} for i in order_ids],
            )

    def mark_written(self, batch_id: int, at: datetime) -> None:
        self.conn.execute(
            update(t.export_batches)
            .where(and_(t.export_batches.c.id == batch_id, t.export_batches.c.written_at.is_(None)))
            .values(written_at=at)
        )
