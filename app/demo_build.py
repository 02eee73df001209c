"""Building the demo the way a site is built: the sample files imported, users and ranges added
by an admin, stations registered, and a week of orders packed, all through the services.

The files are ``resources/samples/demo/`` (written once by ``tools/demo_samples.py``; the box
types, ``boxes.csv``, by hand): the products (with their sizes) and kits, today's 54 orders
(slips ORD100001..., 30 of them in totes; the last four show the pack-out: kits, expected
serials, important notes with a gift message, two parcels) and a file of orders a day for the
week before. Their dates are on ``DEMO_DAY`` and
the days before it; they are moved to the real today as they are imported (an order system
sends today's orders today), and a cut-off already past today moves to tomorrow, so the queue
always looks like a morning's.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine

from app.adapters.db.demo_data import (
    DemoBadge,
    DemoBox,
    DemoLine,
    DemoOrder,
    DemoPart,
    DemoProduct,
    DemoSummary,
    refuse_non_empty,
)
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.demo_handoff import DemoHandoff, HandoffWeek, demo_actors
from app.demo_history import DayFile, Week, pack_week
from app.domain.boxes_file import read_boxes
from app.domain.kits import KitRecord, read_kits
from app.domain.labels import Address
from app.domain.model import Role
from app.domain.orders_file import OrderRecord, read_orders
from app.domain.packing_notes import PackingNotes
from app.domain.products_file import ProductRecord, read_products
from app.services.boxes import import_boxes
from app.services.catalogue import CatalogueService
from app.services.clock import MovedClock
from app.services.intake import IntakeService
from app.services.kits import KitService
from app.services.packing import PackingService
from app.services.site_admin import SiteAdminService

SAMPLES = Path(__file__).resolve().parents[1] / "resources" / "samples" / "demo"
DEMO_DAY = date(2025, 3, 14)  # the day the files' dates are on (tools/demo_samples.py)
HISTORY_DAYS = 7

ADMIN = DemoBadge("Dana Admin", "admin", "BDG0001")
BADGES: tuple[DemoBadge, ...] = (
    DemoBadge("Alex Packer", "packer", "BDG1001"),
    DemoBadge("Sam Packer", "packer", "BDG1002"),
    DemoBadge("Kim Packer", "packer", "BDG1003"),
    DemoBadge("Robin Supervisor", "supervisor", "BDG9001"),
)
STATIONS = ("PACK-01", "PACK-02")
# carrier, S10 service indicator, country, first serial (each range 100,000 numbers)
S10_RANGES = (
    ("DHL", "JJ", "DE", 10_046_000),
    ("UPS", "UP", "DE", 11_071_000),
    ("POST", "RR", "DE", 12_013_000),
)
# SSCCs for every parcel, under 4012345: GS1 Germany's example prefix, never a real company's.
SSCC_RANGE = ("4012345", 3, 1, 999_999_999)
SENDER = Address(
    "Packbench Demo Warehouse", "Lagerstraße 1", postcode="20095", city="Hamburg", country="DE"
)


class Demo:
    """What ``build_demo`` made: the sheet's summary and the week of history."""

    def __init__(
        self, summary: DemoSummary, week: Week, handoff: HandoffWeek | None = None
    ) -> None:
        self.summary = summary
        self.week = week
        self.handoff = handoff or HandoffWeek()


def build_demo(
    engine: Engine, now: datetime, samples: Path = SAMPLES, *, history: bool = True
) -> Demo:
    """Fill the empty, migrated database behind ``engine`` with the demo, as of ``now``
    (timezone-aware). ``ValueError`` if it holds data already; the same files and ``now``
    give the same summary."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("build_demo needs a timezone-aware 'now' (e.g. datetime.now(UTC))")
    refuse_non_empty(engine)
    shift = (now.date() - DEMO_DAY).days
    uow = SqlUnitOfWork.factory(engine)
    clock = MovedClock(now - timedelta(days=HISTORY_DAYS + 1))
    hasher = Argon2CredentialHasher()

    # The site is set up the day before the week starts.
    admin_service = SiteAdminService(uow, clock, hasher)
    first = admin_service.add_user(None, ADMIN.name, Role.ADMIN, ADMIN.code)
    admin = admin_service.identify(ADMIN.code)
    assert admin.user_id == first.id
    users = {
        badge.code: admin_service.add_user(admin, badge.name, Role(badge.role), badge.code)
        for badge in BADGES
    }
    for carrier, indicator, country, start in S10_RANGES:
        admin_service.add_s10_range(admin, carrier, indicator, country, start, start + 99_999)
    admin_service.add_sscc_range(admin, *SSCC_RANGE)
    packing = PackingService(uow, clock, hasher)
    stations = {name: packing.register_station(name) for name in STATIONS}
    products_name, products_data = "products.csv", (samples / "products.csv").read_bytes()
    CatalogueService(uow, clock).import_products(products_name, products_data)
    products = read_products(products_name, products_data)
    KitService(uow, clock).import_kits("kits.csv", (samples / "kits.csv").read_bytes())
    kits = read_kits("kits.csv", (samples / "kits.csv").read_bytes())
    boxes_data = (samples / "boxes.csv").read_bytes()
    import_boxes(uow, clock, "boxes.csv", boxes_data)
    boxes = tuple(
        DemoBox(b.code, b.name, f"{b.length_mm}x{b.width_mm}x{b.height_mm} mm")
        for b in read_boxes("boxes.csv", boxes_data)
        if b.active
    )

    week, handoff = Week(0, 0, 0, 0), HandoffWeek()
    if history:
        days: list[DayFile] = []
        for back in range(HISTORY_DAYS, 0, -1):
            name = f"day-{back}.csv"
            data = moved_dates(name, (samples / "history" / name).read_bytes(), shift)
            days.append((back, name, data, read_orders(name, data)))
        dock, boss = (users[code] for code in ("BDG1003", "BDG9001"))
        dock_work = DemoHandoff(
            uow, clock.current, *demo_actors((dock.id, dock.name), (boss.id, boss.name))
        )
        week = pack_week(
            uow,
            clock,
            packing,
            stations,
            SENDER,
            days,
            unit_codes(products),
            now.date(),
            after_day=dock_work.day_done,
        )
        handoff = dock_work.finish(now)

    clock.set(now - timedelta(minutes=45))  # today's orders came in this morning
    orders_data = moved_dates("orders.csv", (samples / "orders.csv").read_bytes(), shift, now)
    IntakeService(uow, clock).import_orders("orders.csv", orders_data)
    orders = read_orders("orders.csv", orders_data)
    return Demo(_summary(products, orders, kits, boxes), week, handoff)


def moved_dates(name: str, data: bytes, days: int, not_before: datetime | None = None) -> bytes:
    """The orders file ``data`` (CSV) with every cut-off ``days`` later; one still before
    ``not_before`` a day later again (today's cut-off has passed: tomorrow's)."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    column = rows[0].index("cut_off")
    for row in rows[1:]:
        if not row[column]:
            continue
        moment = datetime.fromisoformat(row[column]) + timedelta(days=days)
        if not_before is not None and moment < not_before:
            moment += timedelta(days=1)
        row[column] = moment.isoformat()
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def unit_codes(products: Sequence[ProductRecord]) -> dict[str, str]:
    """SKU -> the barcode of one unit as printed (EAN-13, or the code as stored)."""
    return {p.sku: _printed(next(b.code for b in p.barcodes if b.units == 1)) for p in products}


def _printed(code: str) -> str:
    """A GTIN-14 key with a leading 0 is the EAN-13 on the product."""
    return code[1:] if len(code) == 14 and code.startswith("0") else code


def _summary(
    products: Sequence[ProductRecord],
    orders: Sequence[OrderRecord],
    kits: Sequence[KitRecord] = (),
    boxes: tuple[DemoBox, ...] = (),
) -> DemoSummary:
    by_sku = {p.sku: p for p in products}
    codes = unit_codes(products)
    kit_of = {kit.sku: kit for kit in kits}

    def line(sku: str, quantity: int, serials: tuple[str, ...] = ()) -> DemoLine:
        product = by_sku[sku]
        case = next((b for b in product.barcodes if b.units > 1), None)
        kit = kit_of.get(sku)
        parts: tuple[DemoPart, ...] = ()
        if kit is not None and not kit.prepacked:
            parts = tuple(
                DemoPart(part, by_sku[part].name, units, codes[part])
                for part, units in kit.components
            )
        return DemoLine(
            sku,
            product.name,
            quantity,
            codes[sku],
            case.code if case else None,
            case.units if case else None,
            serials,
            parts,
            kit is not None and kit.prepacked,
        )

    return DemoSummary(
        badges=(*BADGES, ADMIN),
        orders=tuple(
            DemoOrder(
                reference=o.reference,
                slip_code=o.slip,
                tote_code=o.totes[0] if o.totes else None,
                lines=tuple(line(item.sku, item.quantity, item.serials) for item in o.lines),
                carrier=o.carrier,
                service=o.service,
                ship_to=_ship_to(o),
                notes=PackingNotes(o.notes, "", o.packing_instructions).for_packer,
                gift_message=o.gift_message.strip(),
                notes_important=o.notes_important,
            )
            for o in orders
        ),
        products=tuple(DemoProduct(p.sku, p.name, codes[p.sku]) for p in products),
        boxes=boxes,
    )


def _ship_to(order: OrderRecord) -> str:
    place = (
        f"{order.ship_to_city} {order.ship_to_postcode}"
        if order.ship_to_country == "GB"
        else f"{order.ship_to_postcode} {order.ship_to_city}"
    )
    return f"{order.ship_to_name}, {place}, {order.ship_to_country}"
