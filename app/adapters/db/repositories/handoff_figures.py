"""The hand-off's figures, added up in the database (``app.services.handoff_ports.
HandoffFigureCounts``): one row per carrier and local day of labelling, one per carrier and
exception status code; a week's parcels never travel to Python."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, select

from app.adapters.db import handoff_tables as h
from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.figures import Period
from app.domain.handoff_figures import CarrierDay, ExceptionCause
from app.domain.tracking_events import TrackingState

_EXCEPTION = TrackingState.EXCEPTION.value


class SqlHandoffFigures(Repo):
    def carrier_days(
        self, since: datetime, until: datetime, days: Sequence[Period]
    ) -> Sequence[CarrierDay]:
        p, mp, m, pt = t.parcels, h.manifest_parcels, h.manifests, h.parcel_tracking
        day = case(
            *(
                (and_(p.c.created_at >= d.start, p.c.created_at < d.end), literal(d.label))
                for d in days
            ),
            else_=literal(""),
        )
        rows = (
            select(
                p.c.carrier.label("carrier"),
                day.label("day"),
                mp.c.loaded_at.label("loaded_at"),
                case((mp.c.loaded_at <= m.c.pickup_at, 1), else_=0).label("on_time"),
                self._seconds(p.c.created_at, mp.c.loaded_at).label("to_handoff"),
                pt.c.delivered_at.label("delivered_at"),
                self._seconds(mp.c.loaded_at, pt.c.delivered_at).label("to_delivery"),
                case((pt.c.state == _EXCEPTION, 1), else_=0).label("exception"),
            )
            .select_from(
                p.outerjoin(mp, mp.c.parcel_id == p.c.id)
                .outerjoin(m, m.c.id == mp.c.manifest_id)
                .outerjoin(pt, pt.c.parcel_id == p.c.id)
            )
            .where(p.c.created_at >= since, p.c.created_at < until, p.c.voided_at.is_(None))
            .subquery("labelled")
        )
        r = rows.c
        query = (
            select(
                r.carrier,
                r.day,
                func.count().label("parcels"),
                func.count(r.loaded_at).label("loaded"),
                func.coalesce(func.sum(r.on_time), 0).label("on_time"),
                func.avg(r.to_handoff).label("to_handoff"),
                func.count(r.delivered_at).label("delivered"),
                func.avg(r.to_delivery).label("to_delivery"),
                func.coalesce(func.sum(r.exception), 0).label("exceptions"),
            )
            .group_by(r.carrier, r.day)
            .order_by(r.day, r.carrier)
        )
        return [
            CarrierDay(
                carrier=row.carrier,
                day=row.day,
                parcels=int(row.parcels),
                loaded=int(row.loaded),
                loaded_on_time=int(row.on_time),
                label_to_handoff_s=_float(row.to_handoff),
                delivered=int(row.delivered),
                delivery_s=_float(row.to_delivery),
                exceptions=int(row.exceptions),
            )
            for row in self.conn.execute(query)
        ]

    def exception_causes(self, since: datetime, until: datetime) -> Sequence[ExceptionCause]:
        e, p = h.tracking_events, t.parcels
        query = (
            select(
                p.c.carrier,
                e.c.status_code,
                func.max(e.c.description).label("description"),
                func.count().label("events"),
                func.count(func.distinct(e.c.parcel_id)).label("parcels"),
            )
            .select_from(e.join(p, p.c.id == e.c.parcel_id))
            .where(e.c.state == _EXCEPTION, e.c.at >= since, e.c.at < until)
            .group_by(p.c.carrier, e.c.status_code)
            .order_by(func.count().desc(), p.c.carrier, e.c.status_code)
        )
        return [
            ExceptionCause(
                row.carrier, row.status_code, row.description, int(row.events), int(row.parcels)
            )
            for row in self.conn.execute(query)
        ]

    def _seconds(self, start: Any, end: Any) -> ColumnElement[Any]:
        """``end - start`` in seconds (NULL when either is)."""
        if self.conn.dialect.name == "postgresql":
            return func.date_part("epoch", end - start)
        return (func.julianday(end) - func.julianday(start)) * 86400.0


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
