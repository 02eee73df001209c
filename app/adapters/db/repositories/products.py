"""Products and the barcodes that name them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Row,
    select,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.services.ports import (
    ProductCode,
)


def _product(row: Row[Any], units: int) -> ProductCode:
    return ProductCode(
        row.id, row.sku, row.name, units, bool(row.requires_serial), bool(row.requires_lot)
    )


class SqlProducts(Repo):
    def by_code(self, code: str) -> ProductCode | None:
        row = self.conn.execute(
            select(t.products, t.product_barcodes.c.units)
            .join(t.product_barcodes, t.product_barcodes.c.product_id == t.products.c.id)
            .where(t.product_barcodes.c.code == code)
        ).first()
        return None if row is None else _product(row, row.units)

    def by_id(self, product_id: int) -> ProductCode | None:
        row = self.conn.execute(select(t.products).where(t.products.c.id == product_id)).first()
        return None if row is None else _product(row, 1)
