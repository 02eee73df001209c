"""Box types, the box chosen for an order's open parcel, what is left to pack, box use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types, parcel_boxes
from app.adapters.db.repositories.base import Repo, standing_scans
from app.adapters.db.repositories.pack_out import box_type, chosen_box
from app.domain.boxes import BoxType, UnitsToPack

_FIELDS = ("name", "length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g", "active")


class SqlBoxes(Repo):
    def all(self) -> list[BoxType]:
        rows = self.conn.execute(select(box_types).order_by(box_types.c.code)).all()
        return [box_type(row) for row in rows]

    def by_code(self, code: str) -> BoxType | None:
        row = self.conn.execute(select(box_types).where(box_types.c.code == code)).first()
        return None if row is None else box_type(row)

    def add(self, box: BoxType) -> None:
        self.conn.execute(insert(box_types).values(code=box.code, **_columns(box)))

    def change(self, box: BoxType) -> None:
        self.conn.execute(
            update(box_types).where(box_types.c.code == box.code).values(**_columns(box))
        )

    def choose(self, order_id: int, parcel_no: int, code: str, at: datetime) -> None:
        box_id = select(box_types.c.id).where(box_types.c.code == code).scalar_subquery()
        where = and_(parcel_boxes.c.order_id == order_id, parcel_boxes.c.parcel_no == parcel_no)
        self.conn.execute(delete(parcel_boxes).where(where))
        self.conn.execute(
            insert(parcel_boxes).values(
                order_id=order_id, parcel_no=parcel_no, box_type_id=box_id, chosen_at=at
            )
        )

    def chosen(self, order_id: int, parcel_no: int) -> BoxType | None:
        return chosen_box(self.conn, order_id, parcel_no)

    def to_pack(self, order_id: int, closed_parcels: int) -> list[UnitsToPack]:
        """Per product: the order's units not in a closed parcel (parcels 1 to
        ``closed_parcels``), with the product's size and weight."""
        p, lines = t.products.c, t.order_lines.c
        rows = self.conn.execute(
            select(
                p.id,
                p.sku,
                p.length_mm,
                p.width_mm,
                p.height_mm,
                p.weight_g,
                func.sum(lines.quantity).label("quantity"),
            )
            .join(t.order_lines, lines.product_id == p.id)
            .where(lines.order_id == order_id)
            .group_by(p.id, p.sku, p.length_mm, p.width_mm, p.height_mm, p.weight_g)
            .order_by(p.sku)
        ).all()
        packed: dict[int, int] = {}
        if closed_parcels:
            s = t.scan_events.c
            for product_id, units in self.conn.execute(
                standing_scans(s.product_id, func.sum(s.units))
                .where(
                    s.order_id == order_id,
                    func.coalesce(s.parcel_no, 1) <= closed_parcels,
                )
                .group_by(s.product_id)
            ):
                packed[product_id] = int(units or 0)
        return [
            UnitsToPack(
                r.sku,
                int(r.quantity) - packed.get(r.id, 0),
                r.length_mm,
                r.width_mm,
                r.height_mm,
                r.weight_g,
            )
            for r in rows
            if int(r.quantity) - packed.get(r.id, 0) > 0
        ]

    def use(self, since: datetime, until: datetime) -> Sequence[tuple[str, datetime]]:
        """(box code, closed at) of each parcel closed in ``[since, until)`` in a box, voided
        labels left out."""
        c = t.parcels.c
        rows = self.conn.execute(
            select(c.box_code, c.created_at)
            .where(
                c.created_at >= since,
                c.created_at < until,
                c.box_code.is_not(None),
                c.voided_at.is_(None),
            )
            .order_by(c.created_at)
        ).all()
        return [(row.box_code, row.created_at) for row in rows]


def _columns(box: BoxType) -> dict[str, Any]:
    return {name: getattr(box, name) for name in _FIELDS}
