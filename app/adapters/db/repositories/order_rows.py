"""Rows to orders: the columns an order and its lines are read with, and the one mapper from
those rows to the write model (``Order``) and its header, for every query that loads orders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, select

from app.adapters.db import tables as t
from app.domain.kits import KIT_MODES
from app.domain.model import Order, OrderLine, OrderStatus, PendingUnit
from app.domain.packing_notes import PackingNotes
from app.services.ports import OrderHeader


def header_of(row: Row[Any]) -> OrderHeader:
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


claimer = t.stations.alias("claimer")
# The order's own columns that the write model reads: not the address, not an upstream label.
ORDER_COLUMNS = (
    t.orders.c.id,
    t.orders.c.reference,
    t.orders.c.status,
    t.orders.c.priority,
    t.orders.c.carrier,
    t.orders.c.service,
    t.orders.c.cut_off,
    t.orders.c.claimed_by_station_id,
    t.orders.c.hold_reason,
    t.orders.c.pending_product_id,
    t.orders.c.pending_lot,
    t.orders.c.pending_expiry,
    t.orders.c.pending_serial,
    t.orders.c.notes,
    t.orders.c.gift_message,
    t.orders.c.packing_instructions,
    t.orders.c.notes_important,
    t.orders.c.packer_note,
)
LINE_COLUMNS = (
    t.order_lines.c.id.label("line_id"),
    t.order_lines.c.line_no,
    t.order_lines.c.product_id,
    t.order_lines.c.quantity,
    t.order_lines.c.verified_qty,
    t.products.c.sku,
    t.products.c.name.label("product_name"),
    t.order_lines.c.expected_serials,
    t.products.c.kit,
)


def order_with_lines(*where: ColumnElement[bool], extra: Sequence[Any] = ()) -> Select[Any]:
    """One statement: the order's row, its claimer's name and one row per line."""
    return (
        select(*ORDER_COLUMNS, claimer.c.name.label("claimer_name"), *LINE_COLUMNS, *extra)
        .select_from(t.orders)
        .outerjoin(claimer, claimer.c.id == t.orders.c.claimed_by_station_id)
        .outerjoin(t.order_lines, t.order_lines.c.order_id == t.orders.c.id)
        .outerjoin(t.products, t.products.c.id == t.order_lines.c.product_id)
        .where(*where)
        .order_by(t.order_lines.c.line_no)
    )


def lines_of(rows: Sequence[Row[Any]] | Sequence[Any]) -> list[OrderLine]:
    return [
        OrderLine(
            id=row.line_id,
            line_no=row.line_no,
            product_id=row.product_id,
            sku=row.sku,
            name=row.product_name,
            quantity=row.quantity,
            verified=row.verified_qty,
            expected_serials=tuple(row.expected_serials.split("\n"))
            if row.expected_serials
            else (),
        )
        for row in rows
        if row.line_id is not None
    ]


def kit_products(rows: Sequence[Row[Any]] | Sequence[Any]) -> set[int]:
    """The products of the lines that are kits (packed from their components or pre-packed)."""
    return {row.product_id for row in rows if row.line_id is not None and row.kit in KIT_MODES}


def utc(value: datetime | None) -> datetime | None:
    """What ``tables.Moment`` gives SQLAlchemy's rows, for the driver's rows too."""
    return None if value is None else value.astimezone(UTC)


def order_of(row: Row[Any], lines: list[OrderLine], claimer: str | None) -> Order:
    """The one mapper from an order's row (and its lines) to the domain's ``Order``."""
    pending = None
    if row.pending_product_id is not None:
        pending = PendingUnit(
            row.pending_product_id, row.pending_lot, row.pending_expiry, row.pending_serial
        )
    return Order(
        id=row.id,
        reference=row.reference,
        status=OrderStatus(row.status),
        lines=lines,
        carrier=row.carrier,
        service=row.service,
        priority=row.priority,
        cut_off=utc(row.cut_off),
        claimed_by=row.claimed_by_station_id,
        claimed_by_name=claimer,
        hold_reason=row.hold_reason,
        pending=pending,
        notes=PackingNotes(
            row.notes,
            row.gift_message,
            row.packing_instructions,
            bool(row.notes_important),
            row.packer_note or "",
        ),
    )


# Statuses in the claim's WHERE clauses are SQL literals, not parameters: PostgreSQL can then
# use the partial index on ready orders in the prepared statement's generic plan (with a
# parameter it could not prove ``status = 'ready'`` and would plan every claim afresh).
