"""The catalogue's use cases: products and their barcodes, imported from a file.

A file is imported in one transaction, all or nothing: ``read_products`` (the domain) finds
every problem in the file itself; here the file is checked against the database (a barcode on
another product is refused with both SKUs), and then new products are added, changed ones
updated, unchanged ones left alone, each change in the audit log with the file's name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from app.domain.barcodes import InterpreterConfig
from app.domain.products_file import (
    ProductFileRefused,
    ProductRecord,
    read_product_file,
)
from app.services.import_report import Count, ImportReport, record_file
from app.services.ports import Clock, UnitOfWorkFactory


@dataclass(frozen=True)
class ProductImport(ImportReport):
    noun: ClassVar[str] = "product"


class CatalogueService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        interpreter: InterpreterConfig | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._interpreter = interpreter or InterpreterConfig()

    def import_products(
        self,
        name: str,
        data: bytes,
        *,
        dry_run: bool = False,
        progress: Callable[[str], None] | None = None,
        file_digest: str | None = None,
    ) -> ProductImport:
        """Import the products file ``name`` (its bytes ``data``): every product added or
        updated, or ``ProductFileRefused`` listing every problem and nothing written.

        ``progress`` is told each step, and while writing how many products are written
        (``Count``); an exception it raises (a cancel) ends the import with nothing written.
        ``file_digest`` (the SHA-256 of ``data``): record the file as imported in the same
        transaction (the watch folder's memory)."""
        tell = progress or _quiet
        tell(f"{name}: reading")
        # Problems in the file and problems against the database are named together.
        read = read_product_file(name, data, self._interpreter)
        products, problems = read.products, read.problems
        if not problems:
            tell(f"{name}: {len(products)} products read; checking them against the database")
        codes = [b.code for p in products for b in p.barcodes]
        codes += [code for _, _, code in read.refused_barcodes]
        by_sku = {p.sku: p for p in products}
        with self._uow() as uow:
            stored, owners = uow.products.catalogue([p.sku for p in products], codes)
            problems += [
                f"{p.where}, barcodes: {b.code} is already on product {owners[b.code]} "
                f"(not {p.sku}); take it off {owners[b.code]} first"
                for p in products
                for b in p.barcodes
                if owners.get(b.code, p.sku) != p.sku and not _moved(b.code, owners, by_sku)
            ]
            # (the barcodes of products refused for their own problems are checked too)
            problems += [
                f"{where}, barcodes: {code} is already on product {owners[code]} (not {sku}); "
                f"take it off {owners[code]} first"
                for where, sku, code in read.refused_barcodes
                if owners.get(code, sku) != sku and not _moved(code, owners, by_sku)
            ]
            if problems:
                raise ProductFileRefused(name, problems)
            added = [p for p in products if p.sku not in stored]
            changed = [
                (stored[p.sku][0], p, stored[p.sku][1].differences(p))
                for p in products
                if p.sku in stored and not stored[p.sku][1].same_as(p)
            ]
            report = ProductImport(
                name, len(added), len(changed), len(products) - len(added) - len(changed), dry_run
            )
            if dry_run or not (added or changed or file_digest):
                return report
            at = self._clock.now()
            if added or changed:
                tell(f"{name}: writing {len(added)} new and {len(changed)} changed products")
                # One call: a barcode moving between two products of the file moves in it.
                ids = uow.products.save_catalogue(added, [(pid, p) for pid, p, _ in changed])
                for p in added:
                    uow.audit.record(
                        at=at,
                        user_id=None,
                        station_id=None,
                        action="product_added",
                        entity="product",
                        entity_id=ids[p.sku],
                        detail=f"{p.sku} from {p.where}",
                    )
                for pid, p, fields in changed:
                    uow.audit.record(
                        at=at,
                        user_id=None,
                        station_id=None,
                        action="product_changed",
                        entity="product",
                        entity_id=pid,
                        detail=f"{p.sku} from {p.where}: {', '.join(fields)}",
                    )
                total = len(added) + len(changed)
                tell(Count(name, total, total, "products written"))
            if file_digest is not None:
                record_file(uow, at, file_digest, report)
            tell(f"{name}: committing")
            uow.commit()
        return report


def _quiet(step: str) -> None:
    pass


def _moved(code: str, owners: dict[str, str], by_sku: dict[str, ProductRecord]) -> bool:
    """Whether the file also lists the barcode's present owner, without the barcode: the
    file moves it from one of its products to another."""
    owner = by_sku.get(owners[code])
    return owner is not None and all(b.code != code for b in owner.barcodes)
