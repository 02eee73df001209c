"""The ready queue as the console shows it (the same order ``claim_next_order`` takes), the
carriers' loads against their cut-offs, and priority changes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, or_, select, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.adapters.db.repositories.order_rows import utc
from app.services.queue_ports import CarrierLoad, QueuedOrder, QueueFilter

_assignee = t.stations.alias("assignee")


class SqlQueues(Repo):
    def queue(self, wanted: QueueFilter) -> Sequence[QueuedOrder]:
        o, line = t.orders, t.order_lines
        units = (
            select(func.coalesce(func.sum(line.c.quantity), 0))
            .where(line.c.order_id == o.c.id)
            .scalar_subquery()
        )
        stmt: Select[Any] = (
            select(
                o.c.id,
                o.c.reference,
                o.c.status,
                o.c.priority,
                o.c.cut_off,
                o.c.carrier,
                o.c.service,
                o.c.channel,
                o.c.created_at,
                units.label("units"),
                t.stations.c.name.label("station"),
                _assignee.c.name.label("assigned_to"),
            )
            .select_from(o)
            .outerjoin(t.stations, t.stations.c.id == o.c.claimed_by_station_id)
            .outerjoin(_assignee, _assignee.c.id == o.c.assigned_station_id)
        )
        if wanted.status:
            stmt = stmt.where(o.c.status == wanted.status)
        for column, value in (
            (o.c.carrier, wanted.carrier),
            (o.c.service, wanted.service),
            (o.c.channel, wanted.channel),
        ):
            if value.strip():  # "dhl" finds DHL
                stmt = stmt.where(func.lower(column) == value.strip().lower())
        if wanted.min_priority is not None:
            stmt = stmt.where(o.c.priority >= wanted.min_priority)
        if wanted.cut_off_before is not None:
            stmt = stmt.where(o.c.cut_off < wanted.cut_off_before)
        search = wanted.search.strip()
        if search:
            stmt = stmt.where(
                or_(
                    o.c.reference.startswith(search, autoescape=True),
                    exists().where(t.totes.c.order_id == o.c.id, t.totes.c.code == search),
                )
            )
        rows = self.conn.execute(stmt.order_by(*t.QUEUE_ORDER).limit(wanted.limit)).all()
        return [
            QueuedOrder(
                row.id,
                row.reference,
                row.status,
                row.priority,
                row.cut_off,
                row.carrier,
                row.service,
                row.channel,
                row.created_at,
                int(row.units),
                row.station,
                row.assigned_to,
            )
            for row in rows
        ]

    def carrier_loads(self, now: datetime) -> Sequence[CarrierLoad]:
        o, a = t.orders, t.audit_log
        # Per carrier and cut-off: few rows (a carrier has a handful of cut-offs a day).
        rows = self.conn.execute(
            select(o.c.carrier, o.c.cut_off, func.count())
            .where(o.c.status.in_(("ready", "packing")), o.c.cut_off.is_not(None))
            .group_by(o.c.carrier, o.c.cut_off)
        ).all()
        late: dict[str, int] = {}
        ahead: dict[str, list[tuple[datetime, int]]] = {}
        for carrier, cut_off, count in rows:
            moment = utc(cut_off)
            assert moment is not None
            if moment <= now:
                late[carrier] = late.get(carrier, 0) + int(count)
            else:
                ahead.setdefault(carrier, []).append((moment, int(count)))
        packed: dict[str, int] = dict(
            self.conn.execute(
                select(o.c.carrier, func.count())
                .select_from(a)
                .join(o, o.c.id == a.c.entity_id)
                .where(
                    a.c.entity == "order",
                    a.c.action == "complete",
                    a.c.at >= now - timedelta(hours=1),
                )
                .group_by(o.c.carrier)
            ).all()
        )
        loads = []
        for carrier in sorted(set(late) | set(ahead)):
            next_cut_off = min((moment for moment, _ in ahead.get(carrier, ())), default=None)
            due = sum(count for moment, count in ahead.get(carrier, ()) if moment == next_cut_off)
            loads.append(
                CarrierLoad(
                    carrier,
                    due,
                    next_cut_off,
                    int(packed.get(carrier, 0)),
                    late=late.get(carrier, 0),
                )
            )
        return loads

    def set_priority(self, order_id: int, priority: int, at: datetime) -> str | None:
        o = t.orders
        reference = self.conn.execute(select(o.c.reference).where(o.c.id == order_id)).scalar()
        if reference is None:
            return None
        self.conn.execute(
            update(o).where(o.c.id == order_id).values(priority=priority, updated_at=at)
        )
        return str(reference)

    def packing_station(self, station_id: int) -> str | None:
        s = t.stations
        name = self.conn.execute(
            select(s.c.name).where(s.c.id == station_id, s.c.kind == "station")
        ).scalar()
        return None if name is None else str(name)

    def assign(self, order_id: int, station_id: int | None, at: datetime) -> str | None:
        o = t.orders
        stmt = update(o).where(o.c.id == order_id)
        if station_id is not None:
            stmt = stmt.where(o.c.status == "ready")  # a claim may have just taken it
        reference = self.conn.execute(
            stmt.values(assigned_station_id=station_id, updated_at=at).returning(o.c.reference)
        ).scalar()
        return None if reference is None else str(reference)
