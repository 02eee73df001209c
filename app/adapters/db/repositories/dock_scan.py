"""The dock's scan on PostgreSQL in two statements, compiled once at import and run prepared on
the psycopg connection (``app.adapters.db.driver``), instead of seven through SQLAlchemy:

- ``CAGE_AND_PARCEL``: the cage (its manifest, locked for this unit of work) and the parcel a
  label names, with its order and its manifest, in one select (the parcel by a lateral join:
  no row of it when no parcel has the label); it also sets ``plan_cache_mode`` to
  ``force_custom_plan`` for the transaction (see below);
- ``LOAD_OUT``: the parcel loaded (joined to the manifest too when it was on none), the
  manifest's counters kept, the order ``handed_over`` when this was its last parcel waiting,
  and the counters read back less the labels voided since the manifest opened: one statement
  of data-modifying CTEs. Its parts see the rows as they were before it (PostgreSQL's rule
  for CTEs), so the order's check leaves out the parcel being loaded, and the counters add
  what the statement itself changed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Integer,
    bindparam,
    exists,
    func,
    literal,
    literal_column,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.adapters.db import tables as t
from app.adapters.db.driver import DriverStatement
from app.domain.handoff import DockParcel
from app.services.handoff_ports import ManifestRecord

m, mp, p, o = t.manifests, t.manifest_parcels, t.parcels, t.orders
#: Orders waiting for the carrier (``manifests._WAITING``), as literals: a prepared statement
#: has no expanding IN.
_WAITING = or_(*(o.c.status == literal_column(f"'{s}'") for s in ("packed", "labelled")))
_CLOCK_SLACK_S = 86_400  # as ``manifests._CLOCK_SLACK``: a station's clock may be behind

_parcel = (
    select(
        p.c.id.label("parcel_id"),
        p.c.order_id,
        o.c.reference,
        p.c.tracking_number,
        p.c.carrier.label("parcel_carrier"),
        o.c.service,
        o.c.status.label("order_status"),
        p.c.voided_at,
        mp.c.manifest_id,
        m.c.pickup_at.label("manifest_pickup"),
        mp.c.loaded_at,
    )
    .join(o, o.c.id == p.c.order_id)
    .outerjoin(mp, mp.c.parcel_id == p.c.id)
    .outerjoin(m, m.c.id == mp.c.manifest_id)
)
_by_label = _parcel.where(p.c.tracking_number == bindparam("tracking_number")).lateral("found")
_cage = m.alias("cage")
CAGE_AND_PARCEL = DriverStatement.compile(
    select(
        _cage,
        t.users.c.name.label("closed_by"),
        _by_label,
        # For the rest of this transaction, LOAD_OUT is planned for its values: its generic
        # plan (which PostgreSQL picks for a prepared statement after five runs) cost 5 ms a
        # scan against 0.5 ms; set here, in the select the scan makes anyway.
        func.set_config("plan_cache_mode", "force_custom_plan", true()).label("plan_mode"),
    )
    .select_from(
        _cage.outerjoin(t.users, t.users.c.id == _cage.c.closed_by_user_id).outerjoin(
            _by_label, true()
        )
    )
    .where(_cage.c.id == bindparam("manifest_id"))
    .with_for_update(of=_cage)
)

_at = bindparam("at", type_=t.Moment)
_joined = (
    pg_insert(mp)
    .from_select(
        [
            "parcel_id",
            "manifest_id",
            "joined_at",
            "loaded_at",
            "loaded_by_user_id",
            "loaded_station_id",
        ],
        select(
            bindparam("parcel_id", type_=Integer),
            bindparam("manifest_id", type_=Integer),
            _at,
            _at,
            bindparam("user_id", type_=Integer),
            bindparam("station_id", type_=Integer),
        ).where(bindparam("assign", type_=Boolean) == true()),
    )
    .on_conflict_do_nothing()
    .returning(mp.c.parcel_id, literal(1).label("joined"))
    .cte("joined")
)
_marked = (
    update(mp)
    .where(
        mp.c.parcel_id == bindparam("parcel_id"),
        mp.c.manifest_id == bindparam("manifest_id"),
        mp.c.loaded_at.is_(None),
    )
    .values(
        loaded_at=_at,
        loaded_by_user_id=bindparam("user_id"),
        loaded_station_id=bindparam("station_id"),
    )
    .returning(mp.c.parcel_id, literal(0).label("joined"))
    .cte("marked")
)
_loaded = (
    select(_joined.c.parcel_id, _joined.c.joined)
    .union_all(select(_marked.c.parcel_id, _marked.c.joined))
    .cte("loaded")
)
_n_loaded = select(func.count()).select_from(_loaded).scalar_subquery()
_n_joined = select(func.coalesce(func.sum(_loaded.c.joined), 0)).scalar_subquery()
_bumped = (
    update(m)
    .where(m.c.id == bindparam("manifest_id"), exists(select(_loaded.c.parcel_id)))
    .values(
        joined_count=m.c.joined_count + _n_joined,
        loaded_count=m.c.loaded_count + _n_loaded,
    )
    .returning(m.c.id)
    .cte("bumped")
)
_others_waiting = exists().where(
    p.c.order_id == o.c.id,
    p.c.id != bindparam("parcel_id"),
    p.c.voided_at.is_(None),
    ~exists().where(mp.c.parcel_id == p.c.id, mp.c.loaded_at.is_not(None)),
)
_handed = (
    update(o)
    .where(
        o.c.id == bindparam("order_id"),
        bindparam("hand_over", type_=Boolean) == true(),
        _WAITING,
        exists(select(_loaded.c.parcel_id)),
        ~_others_waiting,
    )
    .values(status="handed_over", updated_at=_at)
    .returning(o.c.id)
    .cte("handed")
)


def cancelled_on(manifest_id: Any) -> Any:
    """The parcels on the manifest ``manifest_id`` (a value or a bind parameter) whose order
    was cancelled and whose label is not voided (those count as voided ones): ``joined`` and
    ``loaded``. From the cancelled orders (an index on their status), so a scan reads few."""
    return (
        select(func.count().label("joined"), func.count(mp.c.loaded_at).label("loaded"))
        .select_from(o)
        .join(p, p.c.order_id == o.c.id)
        .join(mp, mp.c.parcel_id == p.c.id)
        .where(
            o.c.status == literal_column("'cancelled'"),
            p.c.voided_at.is_(None),
            mp.c.manifest_id == manifest_id,
        )
        .subquery("cancelled")
    )


_cancelled = cancelled_on(bindparam("manifest_id"))
_voided = (
    select(func.count().label("joined"), func.count(mp.c.loaded_at).label("loaded"))
    .select_from(p)
    .join(mp, mp.c.parcel_id == p.c.id)
    .where(
        p.c.voided_at.is_not(None),
        p.c.voided_at
        >= bindparam("opened_at", type_=t.Moment)
        - literal_column(f"interval '{_CLOCK_SLACK_S} seconds'"),
        mp.c.manifest_id == bindparam("manifest_id"),
    )
    .subquery("voided")
)
LOAD_OUT = DriverStatement.compile(
    select(
        _n_loaded.label("loaded"),
        exists(select(_handed.c.id)).label("handed_over"),
        (m.c.loaded_count + _n_loaded - _voided.c.loaded - _cancelled.c.loaded).label(
            "loaded_count"
        ),
        (m.c.joined_count + _n_joined - _voided.c.joined - _cancelled.c.joined).label("expected"),
        exists(select(_bumped.c.id)).label("bumped"),
    )
    .select_from(m.join(_voided, true()).join(_cancelled, true()))
    .where(m.c.id == bindparam("manifest_id"))
)


def _utc(moment: datetime | None) -> datetime | None:
    """A moment read on the psycopg connection (in the session's zone) in UTC, as
    ``tables.Moment`` gives it."""
    return None if moment is None else moment.astimezone(UTC)


def driver_cage(r: Any) -> ManifestRecord:
    return ManifestRecord(
        id=r.id,
        carrier=r.carrier,
        group=r.service_group,
        pickup_at=r.pickup_at.astimezone(UTC),
        status=r.status,
        opened_at=r.opened_at.astimezone(UTC),
        closed_at=_utc(r.closed_at),
        closed_by=r.closed_by,
        parcel_count=r.parcel_count,
        weight_g=r.weight_g,
        folder=r.folder,
        file_stem=r.file_stem,
        file_format=r.file_format,
        written_at=_utc(r.written_at),
        attached_at=_utc(r.attached_at),
    )


def driver_parcel(r: Any) -> DockParcel:
    return DockParcel(
        parcel_id=r.parcel_id,
        order_id=r.order_id,
        order_reference=r.reference,
        tracking_number=r.tracking_number,
        carrier=r.parcel_carrier,
        service=r.service,
        order_status=r.order_status,
        voided=r.voided_at is not None,
        manifest_id=r.manifest_id,
        manifest_pickup=_utc(r.manifest_pickup),
        loaded_at=_utc(r.loaded_at),
    )
