"""Scan events: append-only, each under the id the station made for it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.dialects import postgresql, sqlite

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo, standing_scans
from app.adapters.db.repositories.pack_out import in_parcel, open_parcel_no
from app.domain import text
from app.domain.model import ScanOutcome, ScanVerdict, StandingScan
from app.domain.station import PastError
from app.services.ports import NewScanEvent, ScanEventRecord


def _scan(row: Row[Any]) -> ScanEventRecord:
    """The one mapper from a scan event's row."""
    return ScanEventRecord(
        id=row.id,
        scan_uid=row.scan_uid,
        order_id=row.order_id,
        verdict=ScanVerdict(
            outcome=ScanOutcome(row.outcome),
            message=row.message,
            line_id=row.line_id,
            units=row.units,
            product_id=row.product_id,
            symbology=row.symbology,
            lot=row.lot,
            expiry=row.expiry,
            serial=row.serial,
        ),
        undoes_scan_id=row.undoes_scan_id,
    )


class SqlScanEvents(Repo):
    def by_uid(self, scan_uid: str) -> ScanEventRecord | None:
        row = self.conn.execute(
            select(t.scan_events).where(t.scan_events.c.scan_uid == scan_uid)
        ).first()
        return None if row is None else _scan(row)

    def add(self, event: NewScanEvent) -> int | None:
        verdict = event.verdict
        values: dict[str, Any] = {
            "scan_uid": event.scan_uid,
            "station_id": event.station_id,
            "user_id": event.user_id,
            "order_id": event.order_id,
            "line_id": verdict.line_id,
            "raw_code": event.raw_code,
            "outcome": verdict.outcome.value,
            "units": verdict.units,
            "message": text.storable(verdict.message, text.MESSAGE_MAX),
            "undoes_scan_id": event.undoes_scan_id,
            "at": event.at,
            "product_id": verdict.product_id,
            "symbology": verdict.symbology,
            "lot": verdict.lot,
            "expiry": verdict.expiry,
            "serial": verdict.serial,
            "entry": event.entry.value,
        }
        if event.order_id is not None:  # the unit goes into the order's open parcel
            values["parcel_no"] = open_parcel_no(event.order_id)
        # A retry of a stored scan writes nothing: the unique scan_uid decides, in the same
        # statement (no read first).
        dialect = postgresql if self.conn.dialect.name == "postgresql" else sqlite
        statement = (
            dialect.insert(t.scan_events)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[t.scan_events.c.scan_uid])
            .returning(t.scan_events.c.id)
        )
        new_id: int | None = self.conn.execute(statement).scalar()
        return new_id

    def serial_packed(self, product_id: int, serial: str) -> bool:
        row = self.conn.execute(
            standing_scans(t.scan_events.c.id)
            .where(t.scan_events.c.product_id == product_id, t.scan_events.c.serial == serial)
            .limit(1)
        ).first()
        return row is not None

    def last_standing(self, order_id: int) -> StandingScan | None:
        row = self.conn.execute(
            standing_scans(
                t.scan_events.c.id,
                t.scan_events.c.line_id,
                t.scan_events.c.units,
                t.scan_events.c.product_id,
                t.scan_events.c.serial,
            )
            .where(t.scan_events.c.order_id == order_id, in_parcel(open_parcel_no(order_id)))
            .order_by(t.scan_events.c.id.desc())
            .limit(1)
        ).first()
        if row is None or row.line_id is None:
            return None
        return StandingScan(row.id, row.line_id, row.units, row.product_id, row.serial)

    def last_error(self, order_id: int, outcomes: frozenset[ScanOutcome]) -> PastError | None:
        if not outcomes:
            return None
        scans = t.scan_events.c
        row = self.conn.execute(
            select(scans.outcome, scans.message, scans.at, scans.raw_code)
            .where(scans.order_id == order_id, scans.outcome.in_(sorted(outcomes)))
            .order_by(scans.id.desc())
            .limit(1)
        ).first()
        if row is None:
            return None
        return PastError(ScanOutcome(row.outcome), row.message, row.at, row.raw_code)

    def last_acknowledged(self, order_id: int) -> datetime | None:
        audit = t.audit_log.c
        at: datetime | None = self.conn.execute(
            select(func.max(audit.at)).where(
                audit.entity == "order", audit.entity_id == order_id, audit.action == "acknowledge"
            )
        ).scalar()
        return at
