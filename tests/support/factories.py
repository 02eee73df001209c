"""Small, explicit test data written straight into a migrated database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, insert

from app.adapters.db import tables as t
from app.adapters.security import Argon2CredentialHasher
from app.domain.barcodes import gtin_check_digit


def ean13(body12: str) -> str:
    return body12 + str(gtin_check_digit(body12))


@dataclass
class World:
    """What ``seed`` made: ids and codes the tests scan."""

    product_codes: dict[str, str] = field(default_factory=dict)  # sku -> EAN-13
    case_codes: dict[str, str] = field(default_factory=dict)  # sku -> GTIN-14 of the case
    orders: dict[str, int] = field(default_factory=dict)  # reference -> id
    slips: dict[str, str] = field(default_factory=dict)  # reference -> slip code
    totes: dict[str, str] = field(default_factory=dict)  # reference -> tote code


PRODUCTS = [
    ("MUG-BLUE", "Ceramic mug, blue", "400638133393"),
    ("CABLE-C1", "USB-C cable 1 m", "400638133394"),
    ("NOTE-A5", "Notebook A5 dotted", "400638133395"),
    ("PEN-BLK", "Gel pen, black", "400638133396"),
    ("PHONE-X", "Smartphone X", "950600013435"),  # needs a serial number
    ("VITAMIN-D", "Vitamin D tablets", "950600013436"),  # needs a lot number
]
NEEDS_SERIAL = {"PHONE-X"}
NEEDS_LOT = {"VITAMIN-D"}


def seed(
    engine: Engine,
    now: datetime,
    *,
    orders: list[tuple[str, list[tuple[str, int]]]] | None = None,
    badges: list[tuple[str, str, str]] | None = None,
    range_size: int = 1000,
    priorities: dict[str, int] | None = None,
    cut_off: dict[str, datetime] | None = None,
) -> World:
    """Products (each with an EAN-13; PEN-BLK also a case of 6), orders in state ready with
    a tote each, users by badge, and a DHL tracking range of ``range_size`` numbers."""
    hasher = Argon2CredentialHasher()
    world = World()
    orders = (
        orders
        if orders is not None
        else [
            ("SHOP-1", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("SHOP-2", [("NOTE-A5", 1)]),
            ("SHOP-3", [("PEN-BLK", 12)]),
        ]
    )
    badges = (
        badges
        if badges is not None
        else [
            ("Alex Packer", "packer", "BDG1001"),
            ("Sam Packer", "packer", "BDG1002"),
            ("Robin Supervisor", "supervisor", "BDG9001"),
        ]
    )
    priorities = priorities or {}
    cut_off = cut_off or {}
    with engine.begin() as conn:
        product_ids: dict[str, int] = {}
        for sku, name, body in PRODUCTS:
            pk = conn.execute(
                insert(t.products).values(
                    sku=sku,
                    name=name,
                    weight_g=100,
                    requires_serial=sku in NEEDS_SERIAL,
                    requires_lot=sku in NEEDS_LOT,
                )
            )
            assert pk.inserted_primary_key is not None
            product_ids[sku] = pk.inserted_primary_key[0]
            code = ean13(body)
            world.product_codes[sku] = code
            conn.execute(
                insert(t.product_barcodes).values(
                    product_id=product_ids[sku], code=code.zfill(14), units=1
                )
            )
        case_body = "1" + PRODUCTS[3][2]
        case = case_body + str(gtin_check_digit(case_body))
        world.case_codes["PEN-BLK"] = case
        conn.execute(
            insert(t.product_barcodes).values(product_id=product_ids["PEN-BLK"], code=case, units=6)
        )
        for number, (reference, lines) in enumerate(orders, start=1):
            slip = f"ORD{number:06d}"
            pk = conn.execute(
                insert(t.orders).values(
                    reference=reference,
                    slip_code=slip,
                    status="ready",
                    priority=priorities.get(reference, 0),
                    cut_off=cut_off.get(reference),
                    carrier="DHL",
                    service="Paket",
                    ship_to_name="Erika Mustermann",
                    ship_to_line1="Heidestraße 17",
                    ship_to_postcode="51147",
                    ship_to_city="Köln",
                    ship_to_country="DE",
                    created_at=now - timedelta(minutes=len(orders) - number),
                    updated_at=now,
                )
            )
            assert pk.inserted_primary_key is not None
            order_id = pk.inserted_primary_key[0]
            world.orders[reference] = order_id
            world.slips[reference] = slip
            tote = f"TOT{number:04d}"
            world.totes[reference] = tote
            conn.execute(insert(t.totes).values(code=tote, order_id=order_id))
            for line_no, (sku, quantity) in enumerate(lines, start=1):
                conn.execute(
                    insert(t.order_lines).values(
                        order_id=order_id,
                        line_no=line_no,
                        product_id=product_ids[sku],
                        quantity=quantity,
                    )
                )
        conn.execute(insert(t.totes).values(code="TOT9999", order_id=None))
        for name, role, badge in badges:
            conn.execute(
                insert(t.users).values(name=name, role=role, badge_hash=hasher.badge_digest(badge))
            )
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="DHL",
                service_indicator="JJ",
                country="DE",
                next_serial=10_000_000,
                last_serial=10_000_000 + range_size - 1,
            )
        )
    return world


def add_sscc_range(
    engine: Engine, company_prefix: str = "4012345", extension: int = 0, size: int = 10_000
) -> None:
    """An SSCC range for the site: ``size`` serial references from 1."""
    with engine.begin() as conn:
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="SSCC",
                scheme="sscc",
                service_indicator="--",
                country="--",
                company_prefix=company_prefix,
                extension_digit=extension,
                next_serial=1,
                last_serial=size,
            )
        )
