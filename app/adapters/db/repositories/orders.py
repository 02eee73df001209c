"""Orders and their lines: reading, claiming, verified counts, status."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    Row,
    and_,
    select,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo, standing_scans
from app.domain.labels import PackingSlipLine
from app.domain.model import Order, OrderLine, OrderStatus
from app.services.ports import (
    OrderHeader,
)


def _header(row: Row[Any]) -> OrderHeader:
    return OrderHeader(
        id=row.id,
        reference=row.reference,
        slip_code=row.slip_code,
        status=OrderStatus(row.status),
        priority=row.priority,
        carrier=row.carrier,
        service=row.service,
        cut_off=row.cut_off,
        claimed_by_station_id=row.claimed_by_station_id,
        hold_reason=row.hold_reason,
    )


class SqlOrders(Repo):
    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.is_postgres = conn.dialect.name == "postgresql"

    def header_by_slip(self, slip_code: str) -> OrderHeader | None:
        row = self.conn.execute(select(t.orders).where(t.orders.c.slip_code == slip_code)).first()
        return None if row is None else _header(row)

    def header_by_tote(self, tote_code: str) -> OrderHeader | None:
        row = self.conn.execute(
            select(t.orders)
            .join(t.totes, t.totes.c.order_id == t.orders.c.id)
            .where(t.totes.c.code == tote_code)
        ).first()
        return None if row is None else _header(row)

    def tote_exists(self, tote_code: str) -> bool:
        return (
            self.conn.execute(select(t.totes.c.id).where(t.totes.c.code == tote_code)).first()
            is not None
        )

    def header(self, order_id: int) -> OrderHeader | None:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).first()
        return None if row is None else _header(row)

    def get(self, order_id: int) -> Order | None:
        query = select(t.orders).where(t.orders.c.id == order_id)
        if self.is_postgres:
            # Scans of one order are serialised on its row; only its station writes to it.
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        if row is None:
            return None
        lines = self.conn.execute(
            select(
                t.order_lines.c.id,
                t.order_lines.c.line_no,
                t.order_lines.c.product_id,
                t.order_lines.c.quantity,
                t.order_lines.c.verified_qty,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
            .order_by(t.order_lines.c.line_no)
        ).all()
        return Order(
            id=row.id,
            reference=row.reference,
            status=OrderStatus(row.status),
            lines=[
                OrderLine(
                    id=line.id,
                    line_no=line.line_no,
                    product_id=line.product_id,
                    sku=line.sku,
                    name=line.name,
                    quantity=line.quantity,
                    verified=line.verified_qty,
                )
                for line in lines
            ],
            claimed_by_station_id=row.claimed_by_station_id,
            hold_reason=row.hold_reason,
        )

    def claim(self, order_id: int, station_id: int, user_id: int, at: datetime) -> bool:
        # A guarded update: exactly one station can move an order from ready to packing.
        result = self.conn.execute(
            update(t.orders)
            .where(and_(t.orders.c.id == order_id, t.orders.c.status == OrderStatus.READY.value))
            .values(
                status=OrderStatus.PACKING.value,
                claimed_by_station_id=station_id,
                claimed_by_user_id=user_id,
                claimed_at=at,
                updated_at=at,
            )
        )
        return result.rowcount == 1

    def claim_next(self, station_id: int, user_id: int, at: datetime) -> int | None:
        query = (
            select(t.orders.c.id)
            .where(t.orders.c.status == OrderStatus.READY.value)
            .order_by(*t.QUEUE_ORDER)
            .limit(1)
        )
        if self.is_postgres:
            # Other stations' candidate rows are skipped, not waited for.
            order_id: int | None = self.conn.execute(
                query.with_for_update(skip_locked=True)
            ).scalar()
            if order_id is None:
                return None
            return order_id if self.claim(order_id, station_id, user_id, at) else None
        # SQLite: SKIP LOCKED does not exist (SQLAlchemy drops it silently). The write
        # transaction is BEGIN IMMEDIATE, so no other station writes between select and update;
        # the guarded update double-checks.
        for _ in range(3):
            order_id = self.conn.execute(query).scalar()
            order_id = int(order_id) if order_id is not None else None
            if order_id is None:
                return None
            if self.claim(order_id, station_id, user_id, at):
                return order_id
        return None

    def claimed_by(self, station_id: int) -> int | None:
        held: int | None = self.conn.execute(
            select(t.orders.c.id)
            .where(
                and_(
                    t.orders.c.claimed_by_station_id == station_id,
                    t.orders.c.status == OrderStatus.PACKING.value,
                )
            )
            .order_by(t.orders.c.claimed_at.desc())
            .limit(1)
        ).scalar()
        return held

    def add_verified(self, line_id: int, units: int) -> None:
        self.conn.execute(
            update(t.order_lines)
            .where(t.order_lines.c.id == line_id)
            .values(verified_qty=t.order_lines.c.verified_qty + units)
        )

    def set_status(
        self, order_id: int, status: OrderStatus, at: datetime, hold_reason: str | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status.value, "updated_at": at}
        if status is OrderStatus.ON_HOLD:
            values["hold_reason"] = hold_reason
        if status is not OrderStatus.PACKING:
            values["claimed_by_station_id"] = None
        self.conn.execute(update(t.orders).where(t.orders.c.id == order_id).values(**values))

    def release(self, order_id: int, at: datetime) -> None:
        self.conn.execute(
            update(t.orders)
            .where(t.orders.c.id == order_id)
            .values(
                status=OrderStatus.READY.value,
                claimed_by_station_id=None,
                claimed_by_user_id=None,
                claimed_at=None,
                updated_at=at,
            )
        )

    def packed_lines(self, order_id: int) -> Sequence[PackingSlipLine]:
        lines = self.conn.execute(
            select(
                t.order_lines.c.id,
                t.order_lines.c.quantity,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
            .order_by(t.order_lines.c.line_no)
        ).all()
        captured = self.conn.execute(
            standing_scans(t.scan_events.c.line_id, t.scan_events.c.lot, t.scan_events.c.serial)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id)
        ).all()
        lots: dict[int, list[str]] = {}
        serials: dict[int, list[str]] = {}
        for row in captured:
            if row.lot and row.lot not in lots.setdefault(row.line_id, []):
                lots[row.line_id].append(row.lot)
            if row.serial:
                serials.setdefault(row.line_id, []).append(row.serial)
        return [
            PackingSlipLine(
                line.sku,
                line.name,
                line.quantity,
                tuple(lots.get(line.id, ())),
                tuple(serials.get(line.id, ())),
            )
            for line in lines
        ]

    def upstream_tracking(self, order_id: int) -> str | None:
        value: str | None = self.conn.execute(
            select(t.orders.c.upstream_tracking).where(t.orders.c.id == order_id)
        ).scalar()
        return value

    def label_data(self, order_id: int) -> dict[str, Any]:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        return dict(row._mapping)
