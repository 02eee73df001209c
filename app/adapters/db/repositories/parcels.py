"""Parcels and the tracking-number and SSCC ranges their numbers come from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    and_,
    insert,
    select,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.services.ports import (
    ParcelRecord,
)


def _parcel(r: Row[Any]) -> ParcelRecord:
    return ParcelRecord(r.id, r.order_id, r.seq, r.tracking_number, r.carrier, r.sscc)


class SqlParcels(Repo):
    def by_tracking(self, tracking_number: str) -> ParcelRecord | None:
        r = self.conn.execute(
            select(t.parcels).where(t.parcels.c.tracking_number == tracking_number)
        ).first()
        return None if r is None else _parcel(r)

    def get(self, parcel_id: int) -> ParcelRecord | None:
        r = self.conn.execute(select(t.parcels).where(t.parcels.c.id == parcel_id)).first()
        return None if r is None else _parcel(r)

    def for_order(self, order_id: int) -> Sequence[ParcelRecord]:
        rows = self.conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == order_id).order_by(t.parcels.c.seq)
        ).all()
        return [_parcel(r) for r in rows]

    def add(
        self,
        order_id: int,
        seq: int,
        tracking_number: str,
        carrier: str,
        at: datetime,
        sscc: str | None = None,
    ) -> ParcelRecord:
        new_id = self.conn.execute(
            insert(t.parcels).values(
                order_id=order_id,
                seq=seq,
                tracking_number=tracking_number,
                carrier=carrier,
                created_at=at,
                sscc=sscc,
            )
        ).inserted_primary_key
        assert new_id is not None
        return ParcelRecord(new_id[0], order_id, seq, tracking_number, carrier, sscc)


class SqlTrackingRanges(Repo):
    def has_sscc_range(self) -> bool:
        return (
            self.conn.execute(
                select(t.tracking_ranges.c.id).where(t.tracking_ranges.c.scheme == "sscc")
            ).first()
            is not None
        )

    def _take_next(self, *where: ColumnElement[bool]) -> Row[Any] | None:
        """Take the next serial number of the range ``where`` picks, or None when it is used
        up. One atomic statement: the row lock (PostgreSQL) or the write lock (SQLite) makes
        the increment exclusive, so no two stations can ever get the same number. The row's
        ``next_serial`` is then one past the number taken."""
        return self.conn.execute(
            update(t.tracking_ranges)
            .where(and_(*where, t.tracking_ranges.c.next_serial <= t.tracking_ranges.c.last_serial))
            .values(next_serial=t.tracking_ranges.c.next_serial + 1)
            .returning(t.tracking_ranges)
        ).first()

    def allocate_sscc(self) -> tuple[int, str, int] | None:
        row = self._take_next(t.tracking_ranges.c.scheme == "sscc")
        if row is None:
            return None
        return row.extension_digit, row.company_prefix, row.next_serial - 1

    def allocate(self, carrier: str) -> tuple[str, int, str] | None:
        row = self._take_next(
            t.tracking_ranges.c.carrier == carrier, t.tracking_ranges.c.scheme == "s10"
        )
        if row is None:
            return None
        return row.service_indicator, row.next_serial - 1, row.country
