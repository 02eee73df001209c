"""The floor: station heartbeats, the station board and the held orders (read models of the
supervisor console), and the writes that resolving a hold needs beside the order's own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.assignments import assigned_to
from app.adapters.db.repositories.base import Repo
from app.domain.floor import Devices, SyncReport
from app.services.floor_ports import HeldOrder, StationRow

#: The audit action of an import that put an order on hold (``app.services.intake``).
ORDER_SYSTEM_HOLD = "order_held"

_WAITING = ("queued", "sending", "failed")


class SqlFloor(Repo):
    def heartbeat(
        self,
        station_id: int,
        at: datetime,
        user_id: int | None,
        devices: Devices,
        sync: SyncReport | None = None,
    ) -> None:
        self.conn.execute(
            update(t.stations)
            .where(t.stations.c.id == station_id)
            .values(
                last_seen_at=at,
                signed_in_user_id=user_id,
                devices=devices.as_text(),
                sync_waiting=None if sync is None else sync.waiting,
                last_sync_at=None if sync is None else sync.last_sync_at,
            )
        )

    def stations(self) -> Sequence[StationRow]:
        s, u, scans = t.stations, t.users, t.scan_events
        # Per station, its last scan off the end of ix_scan_events_station_at (one index
        # probe each, however long the history).
        last_scan = select(func.max(scans.c.at)).where(scans.c.station_id == s.c.id)
        rows = self.conn.execute(
            select(
                s.c.id,
                s.c.name,
                s.c.last_seen_at,
                s.c.devices,
                s.c.sync_waiting,
                s.c.last_sync_at,
                u.c.name.label("user"),
                last_scan.scalar_subquery().label("last_scan_at"),
            )
            .select_from(s)
            .outerjoin(u, u.c.id == s.c.signed_in_user_id)
            .where(s.c.kind == "station")
            .order_by(s.c.name)
        ).all()
        ids = [row.id for row in rows]
        if not ids:
            return []
        claims = self._claims(ids)
        assigned = assigned_to(self.conn, ids)
        labels: dict[tuple[int, str], int] = {}
        j = t.print_jobs
        for station_id, state, count in self.conn.execute(
            select(j.c.station_id, j.c.state, func.count())
            .where(j.c.station_id.in_(ids), j.c.state.in_((*_WAITING, "uncertain")))
            .group_by(j.c.station_id, j.c.state)
        ):
            key = (station_id, "uncertain" if state == "uncertain" else "waiting")
            labels[key] = labels.get(key, 0) + count
        board = []
        for row in rows:
            claim = claims.get(row.id)
            board.append(
                StationRow(
                    station_id=row.id,
                    name=row.name,
                    last_seen_at=row.last_seen_at,
                    devices=Devices.from_text(row.devices),
                    user_name=row.user,
                    order_id=None if claim is None else claim["id"],
                    reference=None if claim is None else claim["reference"],
                    claimed_at=None if claim is None else claim["claimed_at"],
                    units_expected=0 if claim is None else int(claim["expected"]),
                    units_verified=0 if claim is None else int(claim["verified"]),
                    last_scan_at=row.last_scan_at,
                    labels_waiting=labels.get((row.id, "waiting"), 0),
                    labels_uncertain=labels.get((row.id, "uncertain"), 0),
                    assigned=assigned.get(row.id, (0, None))[0],
                    next_assigned=assigned.get(row.id, (0, None))[1],
                    sync=_sync(row.sync_waiting, row.last_sync_at),
                )
            )
        return board

    def _claims(self, station_ids: list[int]) -> dict[int, dict[str, Any]]:
        o, line = t.orders, t.order_lines
        rows = self.conn.execute(
            select(
                o.c.id,
                o.c.reference,
                o.c.claimed_by_station_id,
                o.c.claimed_at,
                func.coalesce(func.sum(line.c.quantity), 0).label("expected"),
                func.coalesce(func.sum(line.c.verified_qty), 0).label("verified"),
            )
            .outerjoin(line, line.c.order_id == o.c.id)
            .where(o.c.status == "packing", o.c.claimed_by_station_id.in_(station_ids))
            .group_by(o.c.id, o.c.reference, o.c.claimed_by_station_id, o.c.claimed_at)
        ).mappings()
        return {row["claimed_by_station_id"]: dict(row) for row in rows}

    def held(self) -> Sequence[HeldOrder]:
        o, line, a = t.orders, t.order_lines, t.audit_log
        orders = self.conn.execute(
            select(
                o.c.id,
                o.c.reference,
                o.c.carrier,
                o.c.hold_reason,
                o.c.updated_at,
                func.coalesce(func.sum(line.c.quantity), 0).label("expected"),
                func.coalesce(func.sum(line.c.verified_qty), 0).label("verified"),
            )
            .outerjoin(line, line.c.order_id == o.c.id)
            .where(o.c.status == "on_hold")
            .group_by(o.c.id, o.c.reference, o.c.carrier, o.c.hold_reason, o.c.updated_at)
            .order_by(o.c.updated_at, o.c.id)
        ).all()
        ids = [row.id for row in orders]
        if not ids:
            return []
        latest = (
            select(a.c.entity_id, func.max(a.c.id).label("audit_id"))
            .where(
                a.c.entity == "order",
                a.c.action.in_(("hold", ORDER_SYSTEM_HOLD)),
                a.c.entity_id.in_(ids),
            )
            .group_by(a.c.entity_id)
            .subquery()
        )
        who = {
            row.entity_id: row
            for row in self.conn.execute(
                select(
                    latest.c.entity_id,
                    a.c.at,
                    a.c.action,
                    t.users.c.name.label("user"),
                    t.stations.c.name.label("station"),
                )
                .select_from(latest)
                .join(a, a.c.id == latest.c.audit_id)
                .outerjoin(t.users, t.users.c.id == a.c.user_id)
                .outerjoin(t.stations, t.stations.c.id == a.c.station_id)
            )
        }
        # The latest hold: a station's ("hold", who and where) or the order system's (an import
        # that changed the order, "order_held"): never an earlier hold's packer and station.
        by = {
            order_id: ("order system", "import")
            if row.action == ORDER_SYSTEM_HOLD
            else (row.user, row.station)
            for order_id, row in who.items()
        }
        return [
            HeldOrder(
                order_id=row.id,
                reference=row.reference,
                carrier=row.carrier,
                reason=row.hold_reason or "",
                held_at=who[row.id].at if row.id in who else row.updated_at,
                held_by=by[row.id][0] if row.id in who else None,
                held_where=by[row.id][1] if row.id in who else None,
                units_expected=int(row.expected),
                units_verified=int(row.verified),
            )
            for row in orders
        ]

    def set_packer_note(self, order_id: int, note: str | None) -> None:
        self.conn.execute(
            update(t.orders).where(t.orders.c.id == order_id).values(packer_note=note)
        )

    def ship_short(self, line_id: int, quantity: int, missing: int, reason: str) -> None:
        line = t.order_lines
        self.conn.execute(
            update(line)
            .where(line.c.id == line_id)
            .values(quantity=quantity, shorted=line.c.shorted + missing, short_reason=reason)
        )

    def parcel_ids(self, order_id: int) -> Sequence[int]:
        return list(
            self.conn.execute(
                select(t.parcels.c.id).where(t.parcels.c.order_id == order_id)
            ).scalars()
        )

    def mark_console(self, station_id: int) -> None:
        stations = t.stations
        self.conn.execute(
            update(stations).where(stations.c.id == station_id).values(kind="console")
        )


def _sync(waiting: int | None, last_sync_at: datetime | None) -> SyncReport | None:
    if waiting is None or last_sync_at is None:
        return None
    return SyncReport(int(waiting), last_sync_at)
