"""The print queue: one row per label or document to print."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Row,
    and_,
    case,
    func,
    insert,
    select,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.labels import Address
from app.domain.model import OrderStatus
from app.services.ports import (
    LabelRecord,
    PrintJobRecord,
    UncertainJobRecord,
)


def _job(row: Row[Any]) -> PrintJobRecord:
    return PrintJobRecord(
        row.id,
        row.job_uid,
        row.parcel_id,
        row.state,
        row.attempts,
        row.error,
        kind=row.kind,
        printer=row.printer,
        reason=row.reason,
        next_attempt_at=row.next_attempt_at,
    )


def _label(row: Row[Any], parcel_count: int) -> LabelRecord:
    return LabelRecord(
        order_id=row.order_id,
        reference=row.reference,
        ship_to=Address(
            name=row.ship_to_name,
            line1=row.ship_to_line1,
            line2=row.ship_to_line2,
            postcode=row.ship_to_postcode,
            city=row.ship_to_city,
            country=row.ship_to_country,
        ),
        carrier=row.carrier,
        service=row.service,
        upstream_tracking=row.upstream_tracking,
        upstream_label_format=row.upstream_label_format,
        upstream_label=None if row.upstream_label is None else bytes(row.upstream_label),
        weight_g=row.weight_g,
        parcel_count=parcel_count,
        box=row.box_code,
    )


class SqlPrintJobs(Repo):
    def add(
        self,
        job_uid: str,
        parcel_id: int,
        kind: str,
        printer: str,
        at: datetime,
        station_id: int | None = None,
        reason: str | None = None,
    ) -> PrintJobRecord:
        new_id = self.conn.execute(
            insert(t.print_jobs).values(
                job_uid=job_uid,
                parcel_id=parcel_id,
                kind=kind,
                printer=printer,
                state="queued",
                created_at=at,
                updated_at=at,
                station_id=station_id,
                reason=reason,
            )
        ).inserted_primary_key
        assert new_id is not None
        return PrintJobRecord(
            new_id[0], job_uid, parcel_id, "queued", 0, None, kind, printer, reason, None
        )

    def waiting(self, printer: str) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs)
            .where(
                and_(
                    t.print_jobs.c.printer == printer,
                    t.print_jobs.c.state.in_(("queued", "failed")),
                )
            )
            .order_by(t.print_jobs.c.id)
        ).all()
        return [_job(r) for r in rows]

    def stuck_sending(
        self, printer: str | None, before: datetime | None = None
    ) -> Sequence[PrintJobRecord]:
        query = select(t.print_jobs).where(t.print_jobs.c.state == "sending")
        if printer is not None:
            query = query.where(t.print_jobs.c.printer == printer)
        if before is not None:
            query = query.where(t.print_jobs.c.updated_at < before)
        return [_job(r) for r in self.conn.execute(query.order_by(t.print_jobs.c.id)).all()]

    def printers(self) -> Sequence[tuple[str, int]]:
        waiting = func.sum(case((t.print_jobs.c.state.in_(("queued", "failed")), 1), else_=0))
        rows = self.conn.execute(
            select(t.print_jobs.c.printer, waiting)
            .group_by(t.print_jobs.c.printer)
            .order_by(t.print_jobs.c.printer)
        ).all()
        return [(row[0], int(row[1] or 0)) for row in rows]

    def served_printers(self, online_since: datetime, recent_since: datetime) -> dict[str, bool]:
        """Printers a running station serves: those of jobs queued since ``recent_since`` by a
        station heard of since ``online_since`` (live: True), and those a label was sent to
        since ``recent_since`` (False unless live)."""
        j, s = t.print_jobs, t.stations
        live = self.conn.execute(
            select(j.c.printer)
            .join(s, s.c.id == j.c.station_id)
            .where(j.c.created_at >= recent_since, s.c.last_seen_at >= online_since)
            .distinct()
        ).scalars()
        served = {str(name): True for name in live}
        sent = self.conn.execute(
            select(j.c.printer)
            .where(j.c.state == "sent", j.c.updated_at >= recent_since)
            .distinct()
        ).scalars()
        for name in sent:
            served.setdefault(str(name), False)
        return served

    def move(self, from_printer: str, to_printer: str, at: datetime) -> int:
        result = self.conn.execute(
            update(t.print_jobs)
            .where(
                and_(
                    t.print_jobs.c.printer == from_printer,
                    t.print_jobs.c.state.in_(("queued", "failed")),
                )
            )
            .values(printer=to_printer, updated_at=at, next_attempt_at=None)
        )
        return int(result.rowcount)

    def for_parcel(self, parcel_id: int) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs)
            .where(t.print_jobs.c.parcel_id == parcel_id)
            .order_by(t.print_jobs.c.id)
        ).all()
        return [_job(r) for r in rows]

    def get(self, job_id: int) -> PrintJobRecord | None:
        row = self.conn.execute(select(t.print_jobs).where(t.print_jobs.c.id == job_id)).first()
        return None if row is None else _job(row)

    def mark(
        self,
        job_id: int,
        state: str,
        at: datetime,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        attempted: bool = False,
    ) -> None:
        values: dict[str, Any] = {
            "state": state,
            "updated_at": at,
            "error": error,
            "next_attempt_at": next_attempt_at,
        }
        if attempted:
            values["attempts"] = t.print_jobs.c.attempts + 1
        self.conn.execute(update(t.print_jobs).where(t.print_jobs.c.id == job_id).values(**values))

    def change_state(
        self,
        job_id: int,
        from_states: Sequence[str],
        state: str,
        at: datetime,
        error: str | None = None,
        attempted: bool = False,
        next_attempt_at: datetime | None = None,
    ) -> bool:
        values: dict[str, Any] = {
            "state": state,
            "updated_at": at,
            "error": error,
            "next_attempt_at": next_attempt_at,
        }
        if attempted:
            values["attempts"] = t.print_jobs.c.attempts + 1
        result = self.conn.execute(
            update(t.print_jobs)
            .where(and_(t.print_jobs.c.id == job_id, t.print_jobs.c.state.in_(from_states)))
            .values(**values)
        )
        return bool(result.rowcount)

    def cancel_waiting(
        self, parcel_id: int, at: datetime, error: str, states: Sequence[str]
    ) -> int:
        result = self.conn.execute(
            update(t.print_jobs)
            .where(and_(t.print_jobs.c.parcel_id == parcel_id, t.print_jobs.c.state.in_(states)))
            .values(state="cancelled", updated_at=at, error=error[:500], next_attempt_at=None)
        )
        return int(result.rowcount)

    def uncertain(self, printer: str | None = None) -> Sequence[UncertainJobRecord]:
        query = (
            select(
                t.print_jobs.c.id,
                t.print_jobs.c.parcel_id,
                t.print_jobs.c.printer,
                t.print_jobs.c.station_id,
                t.print_jobs.c.updated_at,
                t.print_jobs.c.error,
                t.parcels.c.seq,
                t.parcels.c.tracking_number,
                t.parcels.c.order_id,
                t.orders.c.reference,
            )
            .join(t.parcels, t.parcels.c.id == t.print_jobs.c.parcel_id)
            .join(t.orders, t.orders.c.id == t.parcels.c.order_id)
            .where(t.print_jobs.c.state == "uncertain")
            .order_by(t.print_jobs.c.id)
        )
        if printer is not None:
            query = query.where(t.print_jobs.c.printer == printer)
        return [
            UncertainJobRecord(
                job_id=row.id,
                parcel_id=row.parcel_id,
                parcel_no=row.seq,
                tracking_number=row.tracking_number,
                order_id=row.order_id,
                order_reference=row.reference,
                printer=row.printer,
                station_id=row.station_id,
                since=row.updated_at,
                error=row.error,
            )
            for row in self.conn.execute(query).all()
        ]

    def label_record(self, parcel_id: int) -> LabelRecord | None:
        row = self.conn.execute(
            select(
                t.orders,
                t.parcels.c.order_id,
                t.parcels.c.weight_g,
                t.parcels.c.box_code,
            )
            .join(t.parcels, t.parcels.c.order_id == t.orders.c.id)
            .where(t.parcels.c.id == parcel_id)
        ).first()
        if row is None:
            return None
        count = self.conn.execute(
            select(func.count())
            .select_from(t.parcels)
            .where(and_(t.parcels.c.order_id == row.order_id, t.parcels.c.voided_at.is_(None)))
        ).scalar()
        if row.status == OrderStatus.PACKING.value:
            return _label(row, 0)  # a parcel closed while the order is packed on: count unknown
        return _label(row, max(int(count or 0), 1))
