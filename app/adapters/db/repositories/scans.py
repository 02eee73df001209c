"""Scan events: append-only, each under the id the station made for it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Row,
    insert,
    select,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo, standing_scans
from app.domain.model import ScanOutcome
from app.services.ports import (
    NewScanEvent,
    ScanEventRecord,
)


def _scan(row: Row[Any]) -> ScanEventRecord:
    return ScanEventRecord(
        id=row.id,
        scan_uid=row.scan_uid,
        order_id=row.order_id,
        line_id=row.line_id,
        outcome=ScanOutcome(row.outcome),
        units=row.units,
        message=row.message,
        undoes_scan_id=row.undoes_scan_id,
        product_id=row.product_id,
        lot=row.lot,
        expiry=row.expiry,
        serial=row.serial,
    )


class SqlScanEvents(Repo):
    def by_uid(self, scan_uid: str) -> ScanEventRecord | None:
        row = self.conn.execute(
            select(t.scan_events).where(t.scan_events.c.scan_uid == scan_uid)
        ).first()
        return None if row is None else _scan(row)

    def add(self, event: NewScanEvent) -> ScanEventRecord:
        values = {
            "scan_uid": event.scan_uid,
            "station_id": event.station_id,
            "user_id": event.user_id,
            "order_id": event.order_id,
            "line_id": event.line_id,
            "raw_code": event.raw_code[:600],
            "outcome": event.outcome.value,
            "units": event.units,
            "message": event.message[:300],
            "undoes_scan_id": event.undoes_scan_id,
            "at": event.at,
            "product_id": event.product_id,
            "symbology": event.symbology,
            "lot": event.lot,
            "expiry": event.expiry,
            "serial": event.serial,
        }
        new_id = self.conn.execute(insert(t.scan_events).values(**values)).inserted_primary_key
        assert new_id is not None
        return ScanEventRecord(
            id=new_id[0],
            scan_uid=event.scan_uid,
            order_id=event.order_id,
            line_id=event.line_id,
            outcome=event.outcome,
            units=event.units,
            message=event.message,
            undoes_scan_id=event.undoes_scan_id,
            product_id=event.product_id,
            lot=event.lot,
            expiry=event.expiry,
            serial=event.serial,
        )

    def last_for_order(self, order_id: int) -> ScanEventRecord | None:
        row = self.conn.execute(
            select(t.scan_events)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _scan(row)

    def serial_packed(self, product_id: int, serial: str) -> bool:
        row = self.conn.execute(
            standing_scans(t.scan_events.c.id)
            .where(t.scan_events.c.product_id == product_id, t.scan_events.c.serial == serial)
            .limit(1)
        ).first()
        return row is not None

    def last_undoable(self, order_id: int) -> ScanEventRecord | None:
        row = self.conn.execute(
            standing_scans(t.scan_events)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _scan(row)
