"""An order's story read from the audit log, the scan events, the parcels and the print jobs;
and the search that finds orders by what a complaint names."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, and_, select, union

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.sscc import sscc_in_scan
from app.services.story_ports import FoundOrder, StoryEvent, StoryQuery

_SCAN_WORDS = {
    "accepted": "scanned",
    "wrong_item": "WRONG ITEM scanned",
    "over_scan": "OVER-SCAN",
    "unknown_barcode": "UNKNOWN barcode",
    "invalid": "INVALID code",
    "undo": "undo",
}


def _sscc_forms(text: str) -> list[str]:
    """An SSCC as stored (18 digits) and as typed or scanned: its barcode's text (AI 00 + 18
    digits, "]C1" first or not) or its QR code (a GS1 Digital Link)."""
    sscc = sscc_in_scan(text)
    return [text] if sscc is None else [text, sscc]


class SqlStory(Repo):
    def find(self, query: StoryQuery) -> Sequence[FoundOrder]:
        o, a = t.orders, t.audit_log
        packed = (
            select(a.c.entity_id, a.c.user_id, a.c.station_id)
            .where(a.c.entity == "order", a.c.action == "complete")
            .subquery()
        )
        stmt: Select[Any] = (
            select(
                o.c.id,
                o.c.reference,
                o.c.status,
                o.c.carrier,
                o.c.updated_at,
                t.users.c.name.label("packer"),
                t.stations.c.name.label("station"),
            )
            .select_from(o)
            .outerjoin(packed, packed.c.entity_id == o.c.id)
            .outerjoin(t.users, t.users.c.id == packed.c.user_id)
            .outerjoin(t.stations, t.stations.c.id == packed.c.station_id)
        )
        text = query.text.strip()
        if text:
            p = t.parcels
            forms = sorted({text, text.upper()})
            # One indexed lookup per kind of code (not a test of every order), then the orders.
            matched = self.conn.execute(
                union(
                    # Typed in lower case: the references and codes as stored, upper case.
                    select(o.c.id).where(o.c.reference.in_(forms)),
                    select(o.c.id).where(o.c.slip_code.in_(forms)),
                    select(t.totes.c.order_id).where(t.totes.c.code.in_(forms)),
                    select(p.c.order_id).where(p.c.tracking_number.in_(forms)),
                    select(p.c.order_id).where(p.c.sscc.in_(_sscc_forms(text))),
                )
            ).scalars()
            stmt = stmt.where(o.c.id.in_([order_id for order_id in matched if order_id]))
        if query.packer.strip():
            stmt = stmt.where(t.users.c.name.ilike(f"%{query.packer.strip()}%"))
        if query.station.strip():
            stmt = stmt.where(t.stations.c.name.ilike(f"%{query.station.strip()}%"))
        if query.since is not None:
            stmt = stmt.where(o.c.updated_at >= query.since)
        if query.until is not None:
            stmt = stmt.where(o.c.updated_at < query.until)
        rows = self.conn.execute(
            stmt.order_by(o.c.updated_at.desc(), o.c.id.desc()).limit(query.limit)
        ).all()
        tracking: dict[int, list[str]] = {}
        if rows:
            for order_id, number in self.conn.execute(
                select(t.parcels.c.order_id, t.parcels.c.tracking_number)
                .where(t.parcels.c.order_id.in_([row.id for row in rows]))
                .order_by(t.parcels.c.seq)
            ):
                tracking.setdefault(order_id, []).append(number)
        return [
            FoundOrder(
                row.id,
                row.reference,
                row.status,
                row.carrier,
                row.packer,
                row.station,
                row.updated_at,
                tuple(tracking.get(row.id, ())),
            )
            for row in rows
        ]

    def events(self, order_id: int) -> Sequence[StoryEvent]:
        a, s, u, st = t.audit_log, t.scan_events, t.users, t.stations
        events: list[StoryEvent] = []
        for entry in self.conn.execute(
            select(a.c.at, a.c.action, a.c.detail, u.c.name.label("who"), st.c.name.label("where"))
            .select_from(a)
            .outerjoin(u, u.c.id == a.c.user_id)
            .outerjoin(st, st.c.id == a.c.station_id)
            .where(a.c.entity == "order", a.c.entity_id == order_id)
        ):
            events.append(
                StoryEvent(
                    entry.at, entry.action.replace("_", " "), entry.who, entry.where, entry.detail
                )
            )
        for scan in self.conn.execute(
            select(
                s.c.at,
                s.c.outcome,
                s.c.raw_code,
                s.c.message,
                s.c.serial,
                s.c.lot,
                s.c.undoes_scan_id,
                u.c.name.label("who"),
                st.c.name.label("where"),
            )
            .select_from(s)
            .outerjoin(u, u.c.id == s.c.user_id)
            .outerjoin(st, st.c.id == s.c.station_id)
            .where(s.c.order_id == order_id)
        ):
            extra = " ".join(
                part
                for part in (
                    f"serial {scan.serial}" if scan.serial else "",
                    f"lot {scan.lot}" if scan.lot else "",
                    scan.message,
                )
                if part
            )
            what = _SCAN_WORDS.get(scan.outcome, scan.outcome.replace("_", " "))
            events.append(
                StoryEvent(scan.at, f"{what}: {scan.raw_code}", scan.who, scan.where, extra)
            )
        p, j = t.parcels, t.print_jobs
        for parcel in self.conn.execute(
            select(
                p.c.created_at,
                p.c.seq,
                p.c.tracking_number,
                p.c.sscc,
                p.c.voided_at,
                p.c.void_reason,
            ).where(p.c.order_id == order_id)
        ):
            events.append(
                StoryEvent(
                    parcel.created_at,
                    f"parcel {parcel.seq}: tracking {parcel.tracking_number}",
                    detail=f"SSCC {parcel.sscc}" if parcel.sscc else "",
                )
            )
            if parcel.voided_at is not None:
                events.append(
                    StoryEvent(
                        parcel.voided_at,
                        f"parcel {parcel.seq} voided",
                        detail=parcel.void_reason or "",
                    )
                )
        for job in self.conn.execute(
            select(
                j.c.updated_at,
                j.c.kind,
                j.c.state,
                j.c.printer,
                j.c.error,
                j.c.reason,
                st.c.name.label("where"),
            )
            .select_from(j)
            .join(p, p.c.id == j.c.parcel_id)
            .outerjoin(st, st.c.id == j.c.station_id)
            .where(and_(p.c.order_id == order_id))
        ):
            events.append(
                StoryEvent(
                    job.updated_at,
                    f"{job.kind} {job.state} on {job.printer}",
                    where=job.where,
                    detail="; ".join(part for part in (job.reason, job.error) if part),
                )
            )
        events += self._label_actions(order_id)
        events += self._loaded(order_id)
        events.sort(key=lambda event: event.at)
        return events

    def _label_actions(self, order_id: int) -> list[StoryEvent]:
        """What was done to the order's labels (reprinted, voided, a void refused, a label
        confirmed): who, where, and the reason, from the audit of each parcel."""
        a, u, st, p = t.audit_log, t.users, t.stations, t.parcels
        rows = self.conn.execute(
            select(a.c.at, a.c.action, a.c.detail, u.c.name.label("who"), st.c.name.label("where"))
            .select_from(a)
            .join(p, and_(a.c.entity == "parcel", p.c.id == a.c.entity_id))
            .outerjoin(u, u.c.id == a.c.user_id)
            .outerjoin(st, st.c.id == a.c.station_id)
            .where(p.c.order_id == order_id, a.c.action.like("label_%"))
        )
        return [
            StoryEvent(row.at, row.action.replace("_", " "), row.who, row.where, row.detail)
            for row in rows
        ]

    def _loaded(self, order_id: int) -> list[StoryEvent]:
        """The hand-off: each parcel loaded at the dock, onto which manifest, by whom, where."""
        p, mp, m, u, st = t.parcels, t.manifest_parcels, t.manifests, t.users, t.stations
        return [
            StoryEvent(
                row.loaded_at,
                f"parcel {row.seq} loaded at the dock",
                row.who,
                row.where,
                f"manifest {row.manifest_id} ({row.carrier}), tracking {row.tracking_number}",
            )
            for row in self.conn.execute(
                select(
                    mp.c.loaded_at,
                    mp.c.manifest_id,
                    p.c.seq,
                    p.c.tracking_number,
                    m.c.carrier,
                    u.c.name.label("who"),
                    st.c.name.label("where"),
                )
                .select_from(mp)
                .join(p, p.c.id == mp.c.parcel_id)
                .join(m, m.c.id == mp.c.manifest_id)
                .outerjoin(u, u.c.id == mp.c.loaded_by_user_id)
                .outerjoin(st, st.c.id == mp.c.loaded_station_id)
                .where(p.c.order_id == order_id, mp.c.loaded_at.is_not(None))
            )
        ]
