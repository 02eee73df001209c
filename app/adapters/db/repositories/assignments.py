"""Orders a supervisor assigned to a station, per station for the board: how many wait and
which one the station takes next (the queue's order, off ``ix_orders_assigned_ready``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection, func, select

from app.adapters.db import tables as t


def assigned_to(conn: Connection, station_ids: Sequence[int]) -> dict[int, tuple[int, str]]:
    """Per station with assigned ready orders: (how many, the reference it takes next)."""
    if not station_ids:
        return {}
    o = t.orders
    ranked = (
        select(
            o.c.assigned_station_id.label("station_id"),
            o.c.reference,
            func.row_number()
            .over(partition_by=o.c.assigned_station_id, order_by=t.QUEUE_ORDER)
            .label("rn"),
            func.count().over(partition_by=o.c.assigned_station_id).label("n"),
        )
        .where(t.ASSIGNED_READY, o.c.assigned_station_id.in_(station_ids))
        .subquery()
    )
    rows = conn.execute(
        select(ranked.c.station_id, ranked.c.n, ranked.c.reference).where(ranked.c.rn == 1)
    )
    return {row.station_id: (int(row.n), row.reference) for row in rows}
