"""Numbers for labels made offline: blocks reserved from the shared ranges, and label states
carried over to the shared database when a completion made offline is replayed.

A block is taken from a range in one shared transaction (the range's row locked, its
``next_serial`` moved past the block, the block recorded in ``number_blocks``) and then written
into the local store as a range of its own with the same id, so the unchanged pack-out code
allocates from it offline. A number of a block is therefore never issued by the shared ranges
again; one a station never uses is simply skipped. A block lost between the shared commit and
the local write is skipped the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.db import tables as t
from app.adapters.db.journal_tables import number_blocks
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.model import OrderStatus
from app.domain.printing import PrintJobState
from app.domain.sscc import make_sscc
from app.domain.tracking import format_s10
from app.services.offline_ports import NumberBlock

_TR = t.tracking_ranges
_QUEUED = (PrintJobState.QUEUED.value, PrintJobState.FAILED.value)


def _local_left(local: Connection, scheme: str, carrier: str | None) -> Any:
    where = [_TR.c.scheme == scheme, _TR.c.next_serial <= _TR.c.last_serial]
    if carrier is not None:
        where.append(_TR.c.carrier == carrier)
    return local.execute(select(_TR).where(*where)).first()


def _retired(shared: Connection, station_id: int, row: Any) -> bool:
    """Whether what is left of the local block lies in a block a supervisor retired."""
    b = number_blocks.c
    query = select(b.id).where(
        b.station_id == station_id,
        b.range_id == row.id,
        b.retired_at.is_not(None),
        b.first_serial <= row.last_serial,
        b.last_serial >= row.next_serial,
    )
    return shared.execute(query).first() is not None


def reserve(
    shared: Engine, local: Engine, station_id: int, carrier: str, size: int, at: datetime
) -> None:
    """See that the local store holds tracking numbers for ``carrier`` and, where the site has
    an SSCC range, SSCCs: a block of up to ``size`` from the shared range when none is left."""
    for scheme, wanted in (("s10", carrier), ("sscc", None)):
        _reserve_one(shared, local, station_id, scheme, wanted, size, at)


def renew(shared: Engine, local: Engine, station_id: int, size: int, at: datetime) -> int:
    """Drop what the local store keeps of blocks a supervisor retired, reserving fresh ones
    in their place where the shared ranges have numbers left; how many were dropped. Run
    whenever the station reaches the shared database (heartbeat, claim, sync)."""
    with local.connect() as conn:
        kept = conn.execute(select(_TR).where(_TR.c.next_serial <= _TR.c.last_serial)).all()
    with SqlUnitOfWork(shared, read_only=True) as uow:
        retired = [row for row in kept if _retired(uow.connection, station_id, row)]
    for row in retired:
        _reserve_one(shared, local, station_id, row.scheme, row.carrier, size, at)
        with local.connect() as conn:
            now_kept = conn.execute(select(_TR).where(_TR.c.id == row.id)).first()
        with SqlUnitOfWork(shared, read_only=True) as uow:
            still = now_kept is not None and _retired(uow.connection, station_id, now_kept)
        if still:  # no fresh block to be had: none kept, labels offline are refused
            with local.begin() as conn:
                conn.execute(_TR.delete().where(_TR.c.id == row.id))
    return len(retired)


def retired_numbers(shared: Engine, station_id: int, found: Sequence[str]) -> list[str]:
    """Those of ``found`` that lie in blocks of the station a supervisor retired."""
    b = number_blocks.c
    query = select(number_blocks).where(b.station_id == station_id, b.retired_at.is_not(None))
    with SqlUnitOfWork(shared, read_only=True) as uow:
        retired = {
            n for row in uow.connection.execute(query) for n in block_numbers(uow.connection, row)
        }
    return [number for number in found if number in retired]


def _reserve_one(
    shared: Engine,
    local: Engine,
    station_id: int,
    scheme: str,
    wanted: str | None,
    size: int,
    at: datetime,
) -> None:
    if scheme == "sscc":
        wanted = None
    with local.connect() as conn:
        left = _local_left(conn, scheme, wanted)
    with SqlUnitOfWork(shared) as uow:
        if left is not None and not _retired(uow.connection, station_id, left):
            return
        where = [_TR.c.scheme == scheme]
        if wanted is not None:
            where.append(_TR.c.carrier == wanted)
        row = uow.connection.execute(select(_TR).where(*where).with_for_update()).first()
        if row is None or row.next_serial > row.last_serial:
            return  # no range, or used up: labels offline are refused for it
        first, last = row.next_serial, min(row.last_serial, row.next_serial + size - 1)
        uow.connection.execute(update(_TR).where(_TR.c.id == row.id).values(next_serial=last + 1))
        uow.connection.execute(
            insert(number_blocks).values(
                station_id=station_id,
                range_id=row.id,
                scheme=scheme,
                carrier=row.carrier,
                first_serial=first,
                last_serial=last,
                reserved_at=at,
            )
        )
        uow.commit()
    values = {**row._mapping, "next_serial": first, "last_serial": last}
    with local.begin() as conn:
        conn.execute(_TR.delete().where(_TR.c.carrier == row.carrier, _TR.c.id != row.id))
        stmt = sqlite_insert(_TR).values(**values)
        changed = {k: stmt.excluded[k] for k in values if k != "id"}
        conn.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=changed))


def settle_labels(shared: Engine, local: Engine, order_id: int, at: datetime) -> None:
    """Carry the local state of the order's label jobs (printed offline) to the jobs the
    replayed completion queued on the shared database, so no label prints twice; and the
    order's "labelled" with them. Idempotent."""
    with local.connect() as conn:
        made = conn.execute(
            select(t.parcels.c.seq, t.print_jobs.c.kind, t.print_jobs.c.state)
            .join(t.parcels, t.parcels.c.id == t.print_jobs.c.parcel_id)
            .where(t.parcels.c.order_id == order_id)
        ).all()
        status = conn.execute(
            select(t.orders.c.status).where(t.orders.c.id == order_id)
        ).scalar_one_or_none()
    with SqlUnitOfWork(shared) as uow:
        for seq, kind, state in made:
            if state in _QUEUED:
                continue
            parcel = select(t.parcels.c.id).where(
                t.parcels.c.order_id == order_id, t.parcels.c.seq == seq
            )
            uow.connection.execute(
                update(t.print_jobs)
                .where(
                    and_(
                        t.print_jobs.c.parcel_id.in_(parcel),
                        t.print_jobs.c.kind == kind,
                        t.print_jobs.c.state.in_(_QUEUED),
                    )
                )
                .values(state=state, updated_at=at)
            )
        if status == OrderStatus.LABELLED.value:
            uow.connection.execute(
                update(t.orders)
                .where(t.orders.c.id == order_id, t.orders.c.status == OrderStatus.PACKED.value)
                .values(status=OrderStatus.LABELLED.value, updated_at=at)
            )
        uow.commit()


def local_parcel_numbers(local: Engine, order_id: int, seq: int) -> tuple[str, str | None] | None:
    """(tracking number, SSCC) of the order's parcel ``seq`` as made offline."""
    with local.connect() as conn:
        row = conn.execute(
            select(t.parcels.c.tracking_number, t.parcels.c.sscc).where(
                t.parcels.c.order_id == order_id, t.parcels.c.seq == seq
            )
        ).first()
    return None if row is None else (row.tracking_number, row.sscc)


class SqlNumberBlocks:
    """The ``NumberBlocks`` port: the blocks stations reserved, and retiring them."""

    def __init__(self, shared: Engine) -> None:
        self.shared = shared

    def blocks(self, station_name: str) -> Sequence[NumberBlock]:
        with SqlUnitOfWork(self.shared, read_only=True) as uow:
            rows = uow.connection.execute(_of_station(station_name)).all()
            return [_block(r, _used(uow.connection, r)) for r in rows]

    def last_seen(self, station_name: str) -> tuple[bool, datetime | None]:
        s = t.stations.c
        with SqlUnitOfWork(self.shared, read_only=True) as uow:
            row = uow.connection.execute(
                select(s.last_seen_at).where(s.name == station_name)
            ).first()
        return (row is not None, None if row is None else row.last_seen_at)

    def retire(
        self, station_name: str, reason: str, at: datetime, user_id: int | None
    ) -> Sequence[NumberBlock]:
        """Retire the station's blocks not retired yet (audited); the blocks retired."""
        b = number_blocks.c
        with SqlUnitOfWork(self.shared) as uow:
            live = [
                _block(r)
                for r in uow.connection.execute(
                    _of_station(station_name).where(b.retired_at.is_(None))
                )
            ]
            for block in live:
                uow.connection.execute(
                    update(number_blocks)
                    .where(b.id == block.id)
                    .values(retired_at=at, retired_reason=reason)
                )
                uow.audit.record(
                    at=at,
                    user_id=user_id,
                    station_id=block.station_id,
                    action="retire_numbers",
                    entity="station",
                    entity_id=block.station_id,
                    detail=f"{block.scheme} {block.carrier} {block.first}-{block.last}: {reason}",
                )
            uow.commit()
        return live

    def refused(self, detail: str, at: datetime, user_id: int, station_id: int) -> None:
        with SqlUnitOfWork(self.shared) as uow:
            uow.audit.record(
                at=at,
                user_id=user_id,
                station_id=station_id,
                action="retire_numbers_refused",
                entity="station",
                entity_id=station_id,
                detail=detail,
            )
            uow.commit()


def _of_station(station_name: str) -> Any:
    b = number_blocks.c
    return (
        select(number_blocks)
        .join(t.stations, t.stations.c.id == b.station_id)
        .where(t.stations.c.name == station_name)
        .order_by(b.id)
    )


def _block(row: Any, used: int = 0) -> NumberBlock:
    return NumberBlock(
        row.id,
        row.station_id,
        row.scheme,
        row.carrier,
        row.first_serial,
        row.last_serial,
        row.retired_at,
        used,
    )


def block_numbers(conn: Connection, block: Any) -> list[str]:
    """Every number of a block (a ``number_blocks`` row), formatted as labels carry it."""
    found = conn.execute(select(_TR).where(_TR.c.id == block.range_id)).first()
    if found is None:
        return []
    serials = range(block.first_serial, block.last_serial + 1)
    if block.scheme == "sscc":
        return [make_sscc(found.extension_digit, found.company_prefix, n) for n in serials]
    return [format_s10(found.service_indicator, n, found.country) for n in serials]


def _used(conn: Connection, block: Any) -> int:
    """How many numbers of the block are on parcels of the shared database."""
    numbers = block_numbers(conn, block)
    column = t.parcels.c.sscc if block.scheme == "sscc" else t.parcels.c.tracking_number
    query = select(func.count()).where(column.in_(numbers))
    return int(conn.execute(query).scalar_one()) if numbers else 0
