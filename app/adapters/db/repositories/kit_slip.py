"""The components packed in an order's kits, for its packing slip: a line per component of
each kit packed from its components, in the order first scanned, with lots and serials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Connection, and_

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import standing_scans
from app.domain.labels import PackingSlipLine

_kit = t.products.alias("kit")


def kit_parts(
    conn: Connection, order_id: int, *where: ColumnElement[bool]
) -> tuple[dict[int, list[PackingSlipLine]], dict[int, int]]:
    """Per kit line: its components as slip lines (``where``: of one parcel only, say), and
    the whole kits they make up."""
    s = t.scan_events.c
    statement = (
        standing_scans(
            s.line_id,
            s.units,
            s.lot,
            s.serial,
            t.products.c.sku,
            t.products.c.name,
            _kit.c.sku.label("kit_sku"),
            t.kit_components.c.quantity.label("per_kit"),
        )
        .join(t.order_lines, t.order_lines.c.id == s.line_id)
        .join(t.products, t.products.c.id == s.product_id)
        .join(_kit, _kit.c.id == t.order_lines.c.product_id)
        .join(
            t.kit_components,
            and_(
                t.kit_components.c.kit_product_id == t.order_lines.c.product_id,
                t.kit_components.c.component_product_id == s.product_id,
            ),
        )
        .where(s.order_id == order_id, s.product_id != t.order_lines.c.product_id, *where)
        .order_by(s.id)
    )
    parts: dict[int, dict[str, dict[str, Any]]] = {}
    for row in conn.execute(statement):
        part = parts.setdefault(row.line_id, {}).setdefault(
            row.sku,
            {"row": row, "units": 0, "lots": [], "serials": []},
        )
        part["units"] += row.units
        if row.lot and row.lot not in part["lots"]:
            part["lots"].append(row.lot)
        if row.serial:
            part["serials"].append(row.serial)
    lines: dict[int, list[PackingSlipLine]] = {}
    kits: dict[int, int] = {}
    for line_id, of_line in parts.items():
        lines[line_id] = [
            PackingSlipLine(
                sku,
                part["row"].name,
                part["units"],
                tuple(part["lots"]),
                tuple(part["serials"]),
                in_kit=part["row"].kit_sku,
            )
            for sku, part in of_line.items()
        ]
        kits[line_id] = min(part["units"] // part["row"].per_kit for part in of_line.values())
    return lines, kits
