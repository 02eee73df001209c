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
from app.services.ports import (
    PrintJobRecord,
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

    def stuck_sending(self, printer: str) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs).where(
                and_(t.print_jobs.c.printer == printer, t.print_jobs.c.state == "sending")
            )
        ).all()
        return [_job(r) for r in rows]

    def printers(self) -> Sequence[tuple[str, int]]:
        waiting = func.sum(case((t.print_jobs.c.state.in_(("queued", "failed")), 1), else_=0))
        rows = self.conn.execute(
            select(t.print_jobs.c.printer, waiting)
            .group_by(t.print_jobs.c.printer)
            .order_by(t.print_jobs.c.printer)
        ).all()
        return [(row[0], int(row[1] or 0)) for row in rows]

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
