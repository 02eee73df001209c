"""Manifests and the parcels on them (``app.services.handoff_ports.Manifests``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, exists, func, insert, literal, null, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.sql.expression import update

from app.adapters.db import tables as t
from app.adapters.db.driver import execute
from app.adapters.db.repositories.base import Repo
from app.adapters.db.repositories.dock_scan import (
    CAGE_AND_PARCEL,
    LOAD_OUT,
    cancelled_on,
    driver_cage,
    driver_parcel,
)
from app.adapters.db.repositories.manifest_lines import LINE_COLUMNS as _LINE_COLUMNS
from app.adapters.db.repositories.manifest_lines import line as _line
from app.domain.handoff import DockParcel, ManifestLine
from app.services.handoff_ports import LoadedOut, ManifestRecord, ServiceFilter

m = t.manifests
mp = t.manifest_parcels
p = t.parcels
o = t.orders

#: Orders whose parcels are labelled and waiting for the carrier (a handed-over order's
#: parcels are all on a manifest: leaving it out keeps the anti-join to the orders waiting).
_WAITING = ("packed", "labelled")


def _manifest(r: Row[Any]) -> ManifestRecord:
    return ManifestRecord(
        id=r.id,
        carrier=r.carrier,
        group=r.service_group,
        pickup_at=r.pickup_at,
        status=r.status,
        opened_at=r.opened_at,
        closed_at=r.closed_at,
        closed_by=r.closed_by,
        parcel_count=r.parcel_count,
        weight_g=r.weight_g,
        folder=r.folder,
        file_stem=r.file_stem,
        file_format=r.file_format,
        written_at=r.written_at,
        attached_at=r.attached_at,
    )


def _manifests() -> Any:
    return select(m, t.users.c.name.label("closed_by")).outerjoin(
        t.users, t.users.c.id == m.c.closed_by_user_id
    )


def _unassigned(carrier: str, services: ServiceFilter) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [
        p.c.carrier == carrier,
        p.c.voided_at.is_(None),
        o.c.status.in_(_WAITING),
        ~exists().where(mp.c.parcel_id == p.c.id),
    ]
    if services.only is not None:
        where.append(o.c.service.in_(services.only))
    if services.never:
        where.append(o.c.service.not_in(services.never))
    return where


#: Labels voided this long before a manifest opened still count against it: a station's clock
#: may be behind the dock's (a label is voided after it joins a manifest, never before).
_CLOCK_SLACK = timedelta(days=1)


class SqlManifests(Repo):
    def _bump(self, manifest_id: int, joined: int, loaded: int) -> None:
        """Keep the manifest's counters (every statement that changes its parcels calls this
        in the same transaction)."""
        if joined or loaded:
            self.conn.execute(
                update(m)
                .where(m.c.id == manifest_id)
                .values(
                    joined_count=m.c.joined_count + joined,
                    loaded_count=m.c.loaded_count + loaded,
                )
            )

    def get(self, manifest_id: int, *, lock: bool = False) -> ManifestRecord | None:
        query = _manifests().where(m.c.id == manifest_id)
        if lock and self.conn.dialect.name == "postgresql":
            query = query.with_for_update(of=m)
        r = self.conn.execute(query).first()
        return None if r is None else _manifest(r)

    def open_for(self, carrier: str, group: str) -> ManifestRecord | None:
        r = self.conn.execute(
            _manifests().where(
                m.c.carrier == carrier, m.c.service_group == group, m.c.status == "open"
            )
        ).first()
        return None if r is None else _manifest(r)

    def carrier_known(self, carrier: str) -> bool:
        """The site labels for ``carrier`` (a tracking range) or has had a manifest of it."""
        ranged = exists().where(t.tracking_ranges.c.carrier == carrier)
        return bool(
            self.conn.execute(select(ranged | exists().where(m.c.carrier == carrier))).scalar_one()
        )

    def last_closed_pickup(self, carrier: str, group: str) -> datetime | None:
        mine = m.c.carrier == carrier, m.c.service_group == group, m.c.status == "closed"
        latest: datetime | None
        latest = self.conn.execute(select(func.max(m.c.pickup_at)).where(*mine)).scalar_one()
        return latest

    def create(self, carrier: str, group: str, pickup_at: datetime, at: datetime) -> int:
        make = pg_insert if self.conn.dialect.name == "postgresql" else sqlite_insert
        self.conn.execute(
            make(m)
            .values(carrier=carrier, service_group=group, pickup_at=pickup_at, opened_at=at)
            .on_conflict_do_nothing()
        )
        found = self.open_for(carrier, group)
        assert found is not None
        return found.id

    def listing(self, status: str | None, limit: int) -> Sequence[ManifestRecord]:
        query = _manifests().order_by((m.c.status == "open").desc(), m.c.pickup_at.desc(), m.c.id)
        if status is not None:
            query = query.where(m.c.status == status)
        return [_manifest(r) for r in self.conn.execute(query.limit(limit))]

    def find_parcel(self, tracking_number: str | None, sscc: str | None) -> DockParcel | None:
        query = (
            select(
                p.c.id,
                p.c.order_id,
                o.c.reference,
                p.c.tracking_number,
                p.c.carrier,
                o.c.service,
                o.c.status,
                p.c.voided_at,
                mp.c.manifest_id,
                m.c.pickup_at,
                mp.c.loaded_at,
            )
            .join(o, o.c.id == p.c.order_id)
            .outerjoin(mp, mp.c.parcel_id == p.c.id)
            .outerjoin(m, m.c.id == mp.c.manifest_id)
        )
        wanted = []
        if tracking_number:
            wanted.append(p.c.tracking_number == tracking_number)
        if sscc:
            wanted.append(p.c.sscc == sscc)
        if not wanted:
            return None
        for where in wanted:
            r = self.conn.execute(query.where(where)).first()
            if r is not None:
                return DockParcel(
                    parcel_id=r.id,
                    order_id=r.order_id,
                    order_reference=r.reference,
                    tracking_number=r.tracking_number,
                    carrier=r.carrier,
                    service=r.service,
                    order_status=r.status,
                    voided=r.voided_at is not None,
                    manifest_id=r.manifest_id,
                    manifest_pickup=r.pickup_at,
                    loaded_at=r.loaded_at,
                )
        return None

    def assign(self, parcel_id: int, manifest_id: int, at: datetime) -> None:
        self.conn.execute(
            insert(mp).values(parcel_id=parcel_id, manifest_id=manifest_id, joined_at=at)
        )
        self._bump(manifest_id, 1, 0)

    def mark_loaded(
        self, parcel_id: int, manifest_id: int, at: datetime, user_id: int, station_id: int | None
    ) -> bool:
        done = self.conn.execute(
            update(mp)
            .where(
                mp.c.parcel_id == parcel_id,
                mp.c.manifest_id == manifest_id,
                mp.c.loaded_at.is_(None),
            )
            .values(loaded_at=at, loaded_by_user_id=user_id, loaded_station_id=station_id)
        )
        if done.rowcount != 1:
            return False
        self._bump(manifest_id, 0, 1)
        return True

    def load(
        self,
        parcel_id: int,
        manifest_id: int,
        at: datetime,
        user_id: int,
        station_id: int | None,
        *,
        assign: bool,
    ) -> bool:
        if assign:  # on no manifest yet: joined and loaded in one statement
            make = pg_insert if self.conn.dialect.name == "postgresql" else sqlite_insert
            done = self.conn.execute(
                make(mp)
                .values(
                    parcel_id=parcel_id,
                    manifest_id=manifest_id,
                    joined_at=at,
                    loaded_at=at,
                    loaded_by_user_id=user_id,
                    loaded_station_id=station_id,
                )
                .on_conflict_do_nothing()
                .returning(mp.c.parcel_id)
            )
            if done.first() is not None:  # (rowcount is -1 here on psycopg)
                self._bump(manifest_id, 1, 1)
                return True
        return self.mark_loaded(parcel_id, manifest_id, at, user_id, station_id)

    def cage_and_parcel(
        self, manifest_id: int, tracking_number: str | None, sscc: str | None
    ) -> tuple[ManifestRecord | None, DockParcel | None]:
        if self.conn.dialect.name != "postgresql" or not tracking_number:
            return self.get(manifest_id, lock=True), self.find_parcel(tracking_number, sscc)
        rows = execute(
            self.conn,
            CAGE_AND_PARCEL,
            {"manifest_id": manifest_id, "tracking_number": tracking_number},
        )
        if not rows:
            return None, self.find_parcel(tracking_number, sscc)
        r = rows[0]
        if r.parcel_id is not None:
            return driver_cage(r), driver_parcel(r)
        return driver_cage(r), self.find_parcel(None, sscc) if sscc else None

    def load_out(
        self,
        parcel: DockParcel,
        manifest: ManifestRecord,
        at: datetime,
        user_id: int,
        station_id: int | None,
        *,
        hand_over: bool,
    ) -> LoadedOut:
        assign = parcel.manifest_id is None
        if self.conn.dialect.name == "postgresql":
            [r] = execute(
                self.conn,
                LOAD_OUT,
                {
                    "parcel_id": parcel.parcel_id,
                    "order_id": parcel.order_id,
                    "manifest_id": manifest.id,
                    "opened_at": manifest.opened_at,
                    "at": at,
                    "user_id": user_id,
                    "station_id": station_id,
                    "assign": assign,
                    "hand_over": hand_over,
                },
            )
            return LoadedOut(r.loaded > 0, r.handed_over, int(r.loaded_count), int(r.expected))
        loaded = self.load(parcel.parcel_id, manifest.id, at, user_id, station_id, assign=assign)
        handed = loaded and hand_over and self.hand_over(parcel.order_id, at)
        counts = self.kept_counts(manifest.id, manifest.opened_at)
        return LoadedOut(loaded, handed, *counts)

    def attach_unassigned(
        self, manifest_id: int, carrier: str, services: ServiceFilter, at: datetime
    ) -> int:
        chosen = (
            select(p.c.id, literal(manifest_id, t.Id), literal(at, t.Moment))
            .join(o, o.c.id == p.c.order_id)
            .where(*_unassigned(carrier, services))
        )
        done = self.conn.execute(
            insert(mp)
            .from_select(["parcel_id", "manifest_id", "joined_at"], chosen)
            .returning(mp.c.parcel_id)  # (psycopg's rowcount of an INSERT ... SELECT is -1)
        )
        added = len(done.all())
        self.conn.execute(
            update(m)
            .where(m.c.id == manifest_id)
            .values(joined_count=m.c.joined_count + added, attached_at=at)
        )
        return added

    def counts(
        self, manifest_id: int, carrier: str, services: ServiceFilter | None
    ) -> tuple[int, int]:
        row = self.conn.execute(select(m.c.opened_at).where(m.c.id == manifest_id)).first()
        if row is None:
            return 0, 0
        loaded, joined = self.kept_counts(manifest_id, row.opened_at)
        if services is None:
            return loaded, joined
        waiting = self.conn.execute(
            select(func.count())
            .select_from(p)
            .join(o, o.c.id == p.c.order_id)
            .where(*_unassigned(carrier, services))
        ).scalar_one()
        return loaded, joined + int(waiting)

    def kept_counts(self, manifest_id: int, opened_at: datetime) -> tuple[int, int]:
        voided = (
            select(func.count().label("joined"), func.count(mp.c.loaded_at).label("loaded"))
            .select_from(p)
            .join(mp, mp.c.parcel_id == p.c.id)
            .where(
                p.c.voided_at.is_not(None),
                p.c.voided_at >= opened_at - _CLOCK_SLACK,
                mp.c.manifest_id == manifest_id,
            )
            .subquery()
        )
        cancelled = cancelled_on(manifest_id)
        r = self.conn.execute(
            select(
                m.c.loaded_count - voided.c.loaded - cancelled.c.loaded,
                m.c.joined_count - voided.c.joined - cancelled.c.joined,
            )
            .select_from(m.join(voided, literal(True)).join(cancelled, literal(True)))
            .where(m.c.id == manifest_id)
        ).one()
        return int(r[0]), int(r[1])

    def lines(self, manifest_id: int) -> Sequence[ManifestLine]:
        rows = self.conn.execute(
            select(*_LINE_COLUMNS, mp.c.loaded_at)
            .join(o, o.c.id == p.c.order_id)
            .join(mp, mp.c.parcel_id == p.c.id)
            .where(mp.c.manifest_id == manifest_id)
            .order_by(p.c.tracking_number)
        )
        return [_line(r) for r in rows]

    def after_pickup(self, since: datetime) -> Sequence[tuple[str, str, ManifestLine]]:
        voided = and_(mp.c.loaded_at.is_not(None), p.c.voided_at >= since)
        cancelled = and_(o.c.status == "cancelled", p.c.voided_at.is_(None))
        rows = self.conn.execute(
            select(*_LINE_COLUMNS, mp.c.loaded_at, m.c.carrier, m.c.service_group)
            .join(o, o.c.id == p.c.order_id)
            .join(mp, mp.c.parcel_id == p.c.id)
            .join(m, m.c.id == mp.c.manifest_id)
            .where(m.c.status == "closed", or_(voided, cancelled))
            .order_by(p.c.voided_at, p.c.tracking_number)
        )
        return [(r.carrier, r.service_group, _line(r)) for r in rows]

    def unassigned(self, carrier: str, services: ServiceFilter) -> Sequence[ManifestLine]:
        rows = self.conn.execute(
            select(*_LINE_COLUMNS, null().label("loaded_at"))
            .join(o, o.c.id == p.c.order_id)
            .where(*_unassigned(carrier, services))
            .order_by(p.c.tracking_number)
        )
        return [_line(r) for r in rows]

    def move(self, parcel_ids: Sequence[int], to_manifest_id: int, reason: str) -> None:
        for chunk in range(0, len(parcel_ids), 500):
            ids = list(parcel_ids[chunk : chunk + 500])
            moving = mp.c.parcel_id.in_(ids), mp.c.loaded_at.is_(None)
            sources = self.conn.execute(
                select(mp.c.manifest_id, func.count()).where(*moving).group_by(mp.c.manifest_id)
            ).all()
            self.conn.execute(
                update(mp)
                .where(*moving)
                .values(
                    moved_from_manifest_id=mp.c.manifest_id,
                    manifest_id=to_manifest_id,
                    move_reason=reason,
                )
            )
            for source, count in sources:
                self._bump(source, -count, 0)
            self._bump(to_manifest_id, sum(count for _, count in sources), 0)

    def close(
        self,
        manifest_id: int,
        at: datetime,
        user_id: int,
        parcels: int,
        weight_g: int,
        folder: str | None,
        file_stem: str,
        file_format: str,
    ) -> None:
        self.conn.execute(
            update(m)
            .where(m.c.id == manifest_id, m.c.status == "open")
            .values(
                status="closed",
                closed_at=at,
                closed_by_user_id=user_id,
                parcel_count=parcels,
                weight_g=weight_g,
                folder=folder,
                file_stem=file_stem,
                file_format=file_format,
            )
        )

    def take_off(self, parcel_id: int, manifest_id: int) -> bool:
        done = self.conn.execute(
            update(mp)
            .where(
                mp.c.parcel_id == parcel_id,
                mp.c.manifest_id == manifest_id,
                mp.c.loaded_at.is_not(None),
            )
            .values(loaded_at=None)
        )
        if done.rowcount:
            self._bump(manifest_id, 0, -1)
        return bool(done.rowcount)

    def mark_written(self, manifest_id: int, at: datetime, folder: str) -> None:
        self.conn.execute(
            update(m).where(m.c.id == manifest_id).values(written_at=at, folder=folder)
        )

    def parcels_not_loaded(self, order_id: int) -> int:
        loaded = exists().where(mp.c.parcel_id == p.c.id, mp.c.loaded_at.is_not(None))
        return int(
            self.conn.execute(
                select(func.count())
                .select_from(p)
                .where(p.c.order_id == order_id, p.c.voided_at.is_(None), ~loaded)
            ).scalar_one()
        )

    def hand_over(self, order_id: int, at: datetime) -> bool:
        loaded = exists().where(mp.c.parcel_id == p.c.id, mp.c.loaded_at.is_not(None))
        missing = exists().where(p.c.order_id == o.c.id, p.c.voided_at.is_(None), ~loaded)
        done = self.conn.execute(
            update(o)
            .where(o.c.id == order_id, o.c.status.in_(_WAITING), ~missing)
            .values(status="handed_over", updated_at=at)
        )
        return done.rowcount == 1

    def set_order_status(self, order_id: int, status: str, at: datetime) -> None:
        self.conn.execute(update(o).where(o.c.id == order_id).values(status=status, updated_at=at))

    def open_carriers(self) -> Sequence[tuple[str, str]]:
        rows = self.conn.execute(
            select(p.c.carrier, o.c.service)
            .join(o, o.c.id == p.c.order_id)
            .where(
                and_(
                    p.c.voided_at.is_(None),
                    o.c.status.in_(_WAITING),
                    ~exists().where(mp.c.parcel_id == p.c.id),
                )
            )
            .distinct()
        )
        return [(r.carrier, r.service) for r in rows]
