"""Products and the barcodes that name them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Row, case, select

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.model import Product


def _product(row: Row[Any], units: int) -> Product:
    return Product(
        row.id, row.sku, row.name, units, bool(row.requires_serial), bool(row.requires_lot)
    )


class SqlProducts(Repo):
    def by_code(self, code: str, alternative: str | None = None) -> Product | None:
        codes = [code] if alternative is None else [code, alternative]
        row = self.conn.execute(
            select(t.products, t.product_barcodes.c.units)
            .join(t.product_barcodes, t.product_barcodes.c.product_id == t.products.c.id)
            .where(t.product_barcodes.c.code.in_(codes))
            # The code as read first; the other reading of an ambiguous code second.
            .order_by(case((t.product_barcodes.c.code == code, 0), else_=1))
            .limit(1)
        ).first()
        return None if row is None else _product(row, row.units)

    def by_id(self, product_id: int) -> Product | None:
        row = self.conn.execute(select(t.products).where(t.products.c.id == product_id)).first()
        return None if row is None else _product(row, 1)
