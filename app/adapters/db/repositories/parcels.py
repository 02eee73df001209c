"""Parcels and the tracking-number and SSCC ranges their numbers come from."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Row,
    and_,
    func,
    insert,
    select,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.sscc import sscc_in_scan
from app.services.ports import (
    LoadedOn,
    ParcelRecord,
)
from app.services.tracking_ports import TrackingRangeRecord


def _parcel(r: Row[Any]) -> ParcelRecord:
    return ParcelRecord(
        r.id,
        r.order_id,
        r.seq,
        r.tracking_number,
        r.carrier,
        r.sscc,
        voided_at=r.voided_at,
        void_reason=r.void_reason,
    )


def _sscc_in(scanned: str) -> str | None:
    """The SSCC in a scan of a parcel's GS1-128 ("]C1" + AI 00 + 18 digits), its QR code (GS1
    Digital Link) or as typed (``app.domain.sscc.sscc_in_scan``)."""
    return sscc_in_scan(scanned)


class SqlParcels(Repo):
    def by_tracking(self, tracking_number: str) -> ParcelRecord | None:
        r = self.conn.execute(
            select(t.parcels).where(t.parcels.c.tracking_number == tracking_number)
        ).first()
        return None if r is None else _parcel(r)

    def get(self, parcel_id: int) -> ParcelRecord | None:
        r = self.conn.execute(select(t.parcels).where(t.parcels.c.id == parcel_id)).first()
        return None if r is None else _parcel(r)

    def find(self, scanned: str) -> Sequence[ParcelRecord]:
        text = scanned.strip()
        if not text:
            return []
        found = self.by_tracking(text.upper())
        if found is not None:
            return [found]
        sscc = _sscc_in(text)
        if sscc is not None:
            row = self.conn.execute(select(t.parcels).where(t.parcels.c.sscc == sscc)).first()
            if row is not None:
                return [_parcel(row)]
        order_id = self.conn.execute(
            select(t.orders.c.id).where(t.orders.c.reference.in_({text, text.upper()}))
        ).scalar()
        if order_id is not None:
            return self.for_order(order_id)
        number = text.removeprefix("#")
        if number.isdigit() and len(number) < 18:
            parcel = self.get(int(number))
            return [] if parcel is None else [parcel]
        return []

    def void(self, parcel_id: int, at: datetime, reason: str) -> bool:
        result = self.conn.execute(
            update(t.parcels)
            .where(and_(t.parcels.c.id == parcel_id, t.parcels.c.voided_at.is_(None)))
            .values(voided_at=at, void_reason=reason)
        )
        return bool(result.rowcount)

    def loaded_on(self, parcel_id: int) -> LoadedOn | None:
        mp, m = t.manifest_parcels.c, t.manifests.c
        row = self.conn.execute(
            select(m.id, m.carrier, m.service_group, m.pickup_at, mp.loaded_at, m.closed_at)
            .join(t.manifests, m.id == mp.manifest_id)
            .where(mp.parcel_id == parcel_id, mp.loaded_at.is_not(None))
        ).first()
        if row is None:
            return None
        return LoadedOn(row[0], row[1], row[2], row[3], row[4], row[5])

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

    def ranges(self) -> Sequence[TrackingRangeRecord]:
        r = t.tracking_ranges.c
        rows = self.conn.execute(
            select(t.tracking_ranges).order_by(r.scheme != "s10", r.carrier, r.id)
        ).all()
        return [
            TrackingRangeRecord(
                row.id,
                row.carrier,
                row.scheme,
                row.service_indicator,
                row.country,
                row.next_serial,
                row.last_serial,
                row.company_prefix,
                row.extension_digit,
            )
            for row in rows
        ]

    @staticmethod
    def _values(record: TrackingRangeRecord) -> dict[str, Any]:
        return {
            "carrier": record.carrier,
            "scheme": record.scheme,
            "service_indicator": record.service_indicator,
            "country": record.country,
            "next_serial": record.next_serial,
            "last_serial": record.last_serial,
            "company_prefix": record.company_prefix,
            "extension_digit": record.extension_digit,
        }

    def add_range(self, record: TrackingRangeRecord) -> int:
        new_id = self.conn.execute(
            insert(t.tracking_ranges).values(self._values(record))
        ).inserted_primary_key
        assert new_id is not None
        return int(new_id[0])

    def replace_range(self, record: TrackingRangeRecord) -> None:
        self.conn.execute(
            update(t.tracking_ranges)
            .where(t.tracking_ranges.c.id == record.id)
            .values(self._values(record))
        )

    def numbers_issued(self, record: TrackingRangeRecord, first: int, last: int) -> int:
        p = t.parcels.c
        if record.scheme == "sscc":
            # An SSCC is 18 digits: extension, prefix, serial, check digit. Fixed width, so
            # comparing the first 17 as text compares the numbers.
            width = 16 - len(record.company_prefix or "")
            head = f"{record.extension_digit}{record.company_prefix}"
            body = func.substr(p.sscc, 1, 17)
            where = [body >= f"{head}{first:0{width}d}", body <= f"{head}{last:0{width}d}"]
        else:
            # S10: 2 letters, 8 digits, check digit, country.
            head = record.service_indicator
            body = func.substr(p.tracking_number, 1, 10)
            where = [
                func.length(p.tracking_number) == 13,
                func.substr(p.tracking_number, 12, 2) == record.country,
                body >= f"{head}{first:08d}",
                body <= f"{head}{last:08d}",
            ]
        query = select(func.count()).select_from(t.parcels).where(*where)
        return int(self.conn.execute(query).scalar_one())
