"""Pack-out: what is in each parcel of an order, and the weights of parcels alike.

A scanned unit goes into the order's open parcel: ``scan_events.parcel_no`` is set when the
scan is stored (``open_parcel_no``: one past the order's closed parcels). Scans stored before
parcels were numbered (``parcel_no`` NULL) count as parcel 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import ColumnElement, Row, ScalarSelect, and_, func, select, update

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types, parcel_boxes
from app.adapters.db.repositories.base import Repo, standing_scans
from app.adapters.db.repositories.kit_slip import kit_parts
from app.domain.boxes import BoxType
from app.domain.labels import PackingSlipLine
from app.domain.weight_check import ParcelItem


def open_parcel_no(order_id: Any) -> ScalarSelect[Any]:
    """The number of the order's open parcel, as a scalar subquery: one past its parcels."""
    return (
        select(func.coalesce(func.max(t.parcels.c.seq), 0) + 1)
        .where(t.parcels.c.order_id == order_id)
        .scalar_subquery()
    )


def in_parcel(parcel_no: Any) -> ColumnElement[bool]:
    """Scan events of parcel ``parcel_no`` (a number or a subquery)."""
    number: ColumnElement[int] = func.coalesce(t.scan_events.c.parcel_no, 1)
    return cast("ColumnElement[bool]", number == parcel_no)


def box_type(row: Row[Any]) -> BoxType:
    """The one mapper from a ``box_types`` row to the domain's ``BoxType``."""
    return BoxType(
        code=row.code,
        length_mm=row.length_mm,
        width_mm=row.width_mm,
        height_mm=row.height_mm,
        tare_g=row.tare_g,
        max_weight_g=row.max_weight_g,
        name=row.name,
        active=bool(row.active),
    )


def chosen_box(conn: Any, order_id: int, parcel_no: int) -> BoxType | None:
    """The box scanned for parcel ``parcel_no`` of the order, None when none was."""
    row = conn.execute(
        select(box_types)
        .join(parcel_boxes, parcel_boxes.c.box_type_id == box_types.c.id)
        .where(parcel_boxes.c.order_id == order_id, parcel_boxes.c.parcel_no == parcel_no)
    ).first()
    return None if row is None else box_type(row)


class SqlPackOut(Repo):
    def box(self, order_id: int, parcel_no: int) -> BoxType | None:
        return chosen_box(self.conn, order_id, parcel_no)

    def contents(self, order_id: int, parcel_no: int) -> Sequence[ParcelItem]:
        s = t.scan_events.c
        units = func.sum(s.units).label("units")
        rows = self.conn.execute(
            standing_scans(s.product_id, units, t.products.c.weight_g)
            .join(t.products, t.products.c.id == s.product_id)
            .where(s.order_id == order_id, in_parcel(parcel_no))
            .group_by(s.product_id, t.products.c.weight_g)
            .order_by(s.product_id)
        ).all()
        return [ParcelItem(r.product_id, int(r.units), r.weight_g) for r in rows if r.units]

    def weights_alike(self, content_key: str, box_code: str | None, limit: int) -> Sequence[int]:
        p = t.parcels.c
        box = p.box_code.is_(None) if box_code is None else p.box_code == box_code
        rows = self.conn.execute(
            select(p.weight_g)
            .where(
                p.content_key == content_key,
                box,
                p.weight_g.is_not(None),
                p.voided_at.is_(None),
            )
            .order_by(p.id.desc())
            .limit(limit)
        ).all()
        return [int(r.weight_g) for r in rows]

    def record(
        self, parcel_id: int, weight_g: int | None, content_key: str | None, box_code: str | None
    ) -> None:
        self.conn.execute(
            update(t.parcels)
            .where(t.parcels.c.id == parcel_id)
            .values(weight_g=weight_g, content_key=content_key, box_code=box_code)
        )

    def packed_lines(self, order_id: int, parcel_no: int) -> Sequence[PackingSlipLine]:
        s = t.scan_events.c
        rows = self.conn.execute(
            standing_scans(
                s.line_id,
                s.units,
                s.lot,
                s.serial,
                t.order_lines.c.line_no,
                t.order_lines.c.shorted,
                t.order_lines.c.short_reason,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.order_lines, t.order_lines.c.id == s.line_id)
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(and_(s.order_id == order_id, in_parcel(parcel_no)))
            .order_by(t.order_lines.c.line_no, s.id)
        ).all()
        parts, kits = kit_parts(self.conn, order_id, in_parcel(parcel_no))
        lines: dict[int, dict[str, Any]] = {}
        for r in rows:
            line = lines.setdefault(
                r.line_no,
                {
                    "sku": r.sku,
                    "name": r.name,
                    "units": 0,
                    "lots": [],
                    "serials": [],
                    "id": r.line_id,
                    "shorted": r.shorted,
                    "short_reason": r.short_reason or "",
                },
            )
            if r.line_id in parts:  # a kit: its components follow it
                line["units"] = kits[r.line_id]
                continue
            line["units"] += r.units
            if r.lot and r.lot not in line["lots"]:
                line["lots"].append(r.lot)
            if r.serial:
                line["serials"].append(r.serial)
        if parcel_no == 1:  # lines shipped short with nothing packed: said on the first slip
            for r in self.conn.execute(
                select(
                    t.order_lines.c.id,
                    t.order_lines.c.line_no,
                    t.order_lines.c.shorted,
                    t.order_lines.c.short_reason,
                    t.products.c.sku,
                    t.products.c.name,
                )
                .join(t.products, t.products.c.id == t.order_lines.c.product_id)
                .where(and_(t.order_lines.c.order_id == order_id, t.order_lines.c.shorted > 0))
            ):
                lines.setdefault(
                    r.line_no,
                    {
                        "sku": r.sku,
                        "name": r.name,
                        "units": 0,
                        "lots": [],
                        "serials": [],
                        "id": r.id,
                        "shorted": r.shorted,
                        "short_reason": r.short_reason or "",
                    },
                )
        return [
            slip_line
            for _, line in sorted(lines.items())
            if line["units"] > 0 or line["id"] in parts or line["shorted"] > 0
            for slip_line in (
                PackingSlipLine(
                    line["sku"],
                    line["name"],
                    line["units"],
                    tuple(line["lots"]),
                    tuple(line["serials"]),
                    shorted=line["shorted"],
                    short_reason=line["short_reason"],
                ),
                *parts.get(line["id"], ()),
            )
        ]
