"""Products and the barcodes that name them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Row, bindparam, case, delete, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.model import Product
from app.domain.products_file import Barcode, ProductRecord

#: Values per ``IN (...)``: well under SQLite's and PostgreSQL's limits on parameters.
_CHUNK = 1000
_FIELDS = (
    "name",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "requires_lot",
    "requires_serial",
    "image_path",
)
_UPDATE = (
    update(t.products)
    .where(t.products.c.id == bindparam("b_id"))
    .values({name: bindparam(f"b_{name}") for name in _FIELDS})
)


def _chunks(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _columns(record: ProductRecord) -> dict[str, Any]:
    return {name: getattr(record, name) for name in _FIELDS}


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

    def catalogue(
        self, skus: Sequence[str], codes: Sequence[str]
    ) -> tuple[dict[str, tuple[int, ProductRecord]], dict[str, str]]:
        rows: list[Row[Any]] = []
        for part in _chunks(list(skus)):
            rows += self.conn.execute(select(t.products).where(t.products.c.sku.in_(part))).all()
        barcodes: dict[int, list[Barcode]] = {row.id: [] for row in rows}
        ids = list(barcodes)
        for part in _chunks(ids):
            pb = t.product_barcodes.c
            query = select(pb.product_id, pb.code, pb.units).where(pb.product_id.in_(part))
            for product_id, code, units in self.conn.execute(query):
                barcodes[product_id].append(Barcode(code, units))
        stored = {
            row.sku: (
                row.id,
                ProductRecord(
                    sku=row.sku,
                    name=row.name,
                    barcodes=tuple(sorted(barcodes[row.id], key=lambda b: b.code)),
                    weight_g=row.weight_g,
                    length_mm=row.length_mm,
                    width_mm=row.width_mm,
                    height_mm=row.height_mm,
                    requires_lot=bool(row.requires_lot),
                    requires_serial=bool(row.requires_serial),
                    image_path=row.image_path,
                ),
            )
            for row in rows
        }
        owners: dict[str, str] = {}
        for part in _chunks(list(codes)):
            query = (
                select(t.product_barcodes.c.code, t.products.c.sku)
                .join(t.products, t.products.c.id == t.product_barcodes.c.product_id)
                .where(t.product_barcodes.c.code.in_(part))
            )
            owners.update({row.code: row.sku for row in self.conn.execute(query)})
        return stored, owners

    def save_catalogue(
        self, added: Sequence[ProductRecord], changed: Sequence[tuple[int, ProductRecord]]
    ) -> dict[str, int]:
        changed_ids = [product_id for product_id, _ in changed]
        for part in _chunks(changed_ids):
            self.conn.execute(
                delete(t.product_barcodes).where(t.product_barcodes.c.product_id.in_(part))
            )
        if changed:
            self.conn.execute(
                _UPDATE,
                [
                    {"b_id": product_id, **{f"b_{k}": v for k, v in _columns(r).items()}}
                    for product_id, r in changed
                ],
            )
        ids: dict[str, int] = {}
        if added:
            self.conn.execute(insert(t.products), [{"sku": r.sku, **_columns(r)} for r in added])
            for part in _chunks([r.sku for r in added]):
                query = select(t.products.c.sku, t.products.c.id).where(t.products.c.sku.in_(part))
                ids.update({sku: product_id for sku, product_id in self.conn.execute(query)})
        barcode_rows = [
            {"product_id": product_id, "code": b.code, "units": b.units}
            for product_id, record in [*changed, *((ids[r.sku], r) for r in added)]
            for b in record.barcodes
        ]
        if barcode_rows:
            self.conn.execute(insert(t.product_barcodes), barcode_rows)
        return ids
