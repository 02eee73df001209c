"""What the demo sheet needs to know about the demo data, and the refusal to put the demo into
a database that holds anything already.

The demo itself is built through the services, from the sample files in
``resources/samples/demo/`` (``app.demo_build``); this module only describes the result for
the printed sheet (``app.adapters.documents.demo_sheet``) and guards the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Engine, Table, func, select

from app.adapters.db import tables as t
from app.adapters.db.schema import check_schema
from app.domain.errors import DomainError


class DemoBadge(NamedTuple):
    name: str
    role: str
    code: str


class DemoPart(NamedTuple):
    """A component of a kit packed from its components: scanned instead of the kit."""

    sku: str
    name: str
    per_kit: int
    ean13: str


class DemoLine(NamedTuple):
    sku: str
    name: str
    quantity: int
    ean13: str
    case_code: str | None  # GTIN-14 of the product's case pack, if it has one
    case_units: int | None
    serials: tuple[str, ...] = ()  # the serials the shop expects on this line
    parts: tuple[DemoPart, ...] = ()  # a kit packed from its components: scan these
    prepacked: bool = False  # a pre-packed kit: scanned by its own barcode


class DemoOrder(NamedTuple):
    reference: str
    slip_code: str
    tote_code: str | None
    lines: tuple[DemoLine, ...]
    carrier: str
    service: str
    ship_to: str  # "name, postcode city, country" for the slip
    notes: str = ""  # the packing instructions and notes, as the station shows them
    gift_message: str = ""
    notes_important: bool = False  # acknowledged by a scan (ACKNOWLEDGE) before packing


class DemoProduct(NamedTuple):
    sku: str
    name: str
    ean13: str


class DemoBox(NamedTuple):
    """A box type: its barcode is the station's box prefix and the code (``BOXM2``)."""

    code: str
    name: str
    size: str  # "300x200x150 mm"


@dataclass(frozen=True)
class DemoSummary:
    """What the printed demo sheet needs: badge codes in clear (the database holds only their
    digests), every order still to pack with its slip and tote codes (and what else packing
    it by scanner needs: kit components, expected serials, notes to acknowledge), every
    product's barcode and the box types."""

    badges: tuple[DemoBadge, ...]
    orders: tuple[DemoOrder, ...]
    products: tuple[DemoProduct, ...]
    boxes: tuple[DemoBox, ...] = ()


# Tables the demo fills: any row in one of them means this is not an empty database.
_DEMO_TABLES: tuple[Table, ...] = (
    t.orders,
    t.products,
    t.users,
    t.stations,
    t.totes,
    t.tracking_ranges,
)


class DemoRefused(DomainError, ValueError):
    """Demo data goes only into a new, empty database: the command says why in one line."""


def refuse_non_empty(engine: Engine) -> None:
    """``ValueError`` unless the migrated database behind ``engine`` holds none of the data the
    demo adds (demo orders never mix with real ones); ``SchemaMismatch`` if it is not
    migrated to the current schema."""
    check_schema(engine)
    with engine.connect() as conn:
        counts = {
            table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in _DEMO_TABLES
        }
    if counts["orders"]:
        raise DemoRefused(
            f"Refusing to add demo data: this database already has {counts['orders']} orders. "
            "Demo data goes only into a new, empty database."
        )
    used = [f"{name} ({count})" for name, count in counts.items() if count]
    if used:
        raise DemoRefused(
            "Refusing to add demo data: this database is not empty (rows in "
            + ", ".join(used)
            + "). Demo data goes only into a new, empty database."
        )
