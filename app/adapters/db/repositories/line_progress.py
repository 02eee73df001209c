"""What an order's lines need beyond their own rows, read only for the orders that need it:
the components of its kits (with the units of each scanned so far; of a pre-packed kit, which
products they are) and the expected serials already ticked off. An order of plain products costs
no statement here."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from sqlalchemy import Connection, bindparam, select

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import standing_scans
from app.domain.kits import KIT_PREPACKED
from app.domain.model import KitComponent, Order

_KIT = t.products.alias("kit")
_PARTS = (
    select(
        t.kit_components.c.kit_product_id,
        t.kit_components.c.component_product_id,
        t.kit_components.c.quantity,
        t.products.c.sku,
        t.products.c.name,
        t.products.c.requires_serial,
        _KIT.c.kit.label("mode"),
    )
    .join(t.products, t.products.c.id == t.kit_components.c.component_product_id)
    .join(_KIT, _KIT.c.id == t.kit_components.c.kit_product_id)
    .where(t.kit_components.c.kit_product_id.in_(bindparam("kits", expanding=True)))
    .order_by(t.kit_components.c.kit_product_id, t.products.c.sku)
)
_SCANNED = standing_scans(
    t.scan_events.c.line_id,
    t.scan_events.c.product_id,
    t.scan_events.c.units,
    t.scan_events.c.serial,
).where(t.scan_events.c.order_id == bindparam("order_id"))


def with_progress(conn: Connection, order: Order, kits: Set[int]) -> Order:
    """``order`` with its kit lines' components and its lines' ticked-off serials filled in.
    ``kits``: the products of its lines that are kits (packed from their components or
    pre-packed)."""
    if not kits and not any(line.expected_serials for line in order.lines):
        return order
    parts: dict[int, list[Any]] = {}
    if kits:
        for row in conn.execute(_PARTS, {"kits": sorted(kits)}):
            parts.setdefault(row.kit_product_id, []).append(row)
    scanned = conn.execute(_SCANNED, {"order_id": order.id}).all()
    for line in order.lines:
        mine = [row for row in scanned if row.line_id == line.id]
        own = parts.get(line.product_id, ())
        if own and own[0].mode == KIT_PREPACKED:
            line.prepacked_parts = frozenset(part.component_product_id for part in own)
            own = ()
        line.components = tuple(
            KitComponent(
                part.component_product_id,
                part.sku,
                part.name,
                part.quantity,
                sum(row.units for row in mine if row.product_id == part.component_product_id),
                bool(part.requires_serial),
            )
            for part in own
        )
        if line.expected_serials:
            line.serials_packed = [
                row.serial for row in mine if row.serial in line.expected_serials
            ]
    return order
