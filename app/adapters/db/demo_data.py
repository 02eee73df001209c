"""Deterministic demo data: products, ready orders, totes, stations, badges and tracking ranges.

``seed_demo`` fills an empty, migrated database in one transaction so a person with a scanner
and the printed demo sheet (``app.adapters.documents.demo_sheet``) can pack every order. It
refuses a database that already holds data, so demo orders never mix with real ones.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Connection, Engine, Table, func, insert, select

from app.adapters.db import tables as t
from app.adapters.db.schema import check_schema
from app.domain.barcodes import gtin_check_digit
from app.services.ports import CredentialHasher

ORDER_COUNT = 50
TOTE_COUNT = 50
TOTES_IN_USE = 30
CASE_ORDER_COUNT = 5
POST_MAX_WEIGHT_G = 1000


class DemoBadge(NamedTuple):
    name: str
    role: str
    code: str


class DemoLine(NamedTuple):
    sku: str
    name: str
    quantity: int
    ean13: str
    case_code: str | None  # GTIN-14 of the product's case pack, if it has one
    case_units: int | None


class DemoOrder(NamedTuple):
    reference: str
    slip_code: str
    tote_code: str | None
    lines: tuple[DemoLine, ...]
    carrier: str
    service: str
    ship_to: str  # "name, postcode city, country" for the slip


class DemoProduct(NamedTuple):
    sku: str
    name: str
    ean13: str


@dataclass(frozen=True)
class DemoSummary:
    """What the printed demo sheet needs: badge codes in clear (the database holds only their
    digests), every order with its slip and tote codes, and every product's barcode."""

    badges: tuple[DemoBadge, ...]
    orders: tuple[DemoOrder, ...]
    products: tuple[DemoProduct, ...]


# name, weight in grams, units in a case pack (None: sold singly only)
_CATALOGUE: tuple[tuple[str, int, int | None], ...] = (
    ("USB-C cable 1 m", 45, 12),
    ("USB-C cable 2 m", 70, None),
    ("Lightning to USB-C cable 1 m", 40, None),
    ("USB wall charger 20 W", 95, None),
    ("Wireless mouse, graphite", 85, None),
    ("Mechanical keyboard, German layout", 980, None),
    ("HDMI cable 2 m", 120, None),
    ("Power bank 10000 mAh", 230, None),
    ("AA batteries, 4-pack", 100, 12),
    ("Ceramic mug, blue", 350, 6),
    ("Ceramic mug, white", 350, None),
    ("Glass water bottle 0.5 l", 420, None),
    ("Stainless steel travel mug 350 ml", 310, None),
    ("Notebook A5 dotted", 220, 12),
    ("Notebook A4 squared", 390, None),
    ("Ballpoint pens, black, 10-pack", 95, None),
    ("Fineliner set, 12 colours", 140, None),
    ("Sticky notes 76 × 76 mm, yellow", 110, None),
    ("Desk organiser, bamboo", 640, None),
    ("Green tea, 20 bags", 60, 12),
    ("Espresso beans 500 g", 520, None),
    ("Dark chocolate 70 %, 100 g", 105, None),
    ("Cotton tote bag, natural", 130, None),
    ("Beach towel, striped", 520, None),
    ("Bath towel, grey", 600, None),
    ("Wool socks, size 39–42", 90, None),
    ("Running socks, 3-pack, size 43–46", 120, None),
    ("Yoga mat 6 mm, teal", 1150, None),
    ("Resistance band set", 310, None),
    ("LED desk lamp", 870, None),
    ("Smart plug, Wi-Fi", 110, None),
    ("Screen protector, 2-pack", 40, None),
    ("Phone case, clear", 35, None),
    ("Bicycle light set", 180, None),
    ("Hand soap refill 500 ml", 540, 6),
    ("Scented candle, vanilla", 380, None),
    ("Picture frame 13 × 18 cm, oak", 450, None),
    ("Jigsaw puzzle, 1000 pieces", 720, None),
    ("Watercolour set for kids", 210, None),
    ("Lunch box, stainless steel", 410, None),
)

# carrier -> (service, cut-off in UTC, S10 service indicator, S10 country)
_CARRIERS: dict[str, tuple[str, time, str, str]] = {
    "DHL": ("Paket", time(17, 0), "JJ", "DE"),
    "UPS": ("Standard", time(15, 0), "UP", "DE"),
    "POST": ("Letter", time(16, 30), "RR", "DE"),
}

# country -> (weight, names, street lines, (postcode, city), second lines)
_ADDRESSES: dict[
    str, tuple[int, tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...], tuple[str, ...]]
] = {
    "DE": (
        50,
        (
            "Jürgen Weiß", "Anna Müller", "Lukas Schröder", "Sophie Becker", "Jörg Köhler",
            "Lena Fischer", "Maximilian Groß", "Katrin Hoffmann", "Günther Krämer",
            "Marie Schäfer", "Deniz Aydın", "Paul Neumann",
        ),
        (
            "Hauptstraße 12", "Lindenallee 3a", "Bahnhofstraße 48", "Schloßstraße 7",
            "Am Mühlbach 21", "Goethestraße 105", "Königsweg 9", "Rosenstraße 2",
        ),
        (
            ("10115", "Berlin"), ("80331", "München"), ("50667", "Köln"), ("20095", "Hamburg"),
            ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"), ("04109", "Leipzig"),
            ("90402", "Nürnberg"), ("01067", "Dresden"), ("48143", "Münster"),
        ),
        ("2. OG links", "Hinterhaus", "c/o Weber"),
    ),
    "AT": (
        15,
        ("Ingrid Pöschl", "Florian Gruber", "Theresa Huber", "Matthias Mayrhofer", "Hannah Schütz"),
        ("Mariahilfer Straße 45", "Getreidegasse 9", "Herrengasse 3", "Landstraßer Hauptstraße 71"),
        (("1010", "Wien"), ("8010", "Graz"), ("5020", "Salzburg"), ("6020", "Innsbruck")),
        ("Stiege 2/Top 5", "Top 12"),
    ),
    "FR": (
        12,
        ("Hélène Lefèvre", "François Dubois", "Chloé Martin", "Émile Girard", "Zoë Leclerc"),
        (
            "12 rue de la République", "5 avenue Jean Jaurès", "27 rue des Écoles",
            "8 place Bellecour", "3 boulevard Gambetta",
        ),
        (("75005", "Paris"), ("69002", "Lyon"), ("13001", "Marseille"), ("67000", "Strasbourg")),
        ("Bâtiment B", "Appartement 12"),
    ),
    "GB": (
        12,
        ("Oliver Smith", "Siobhán O'Connor", "Amelia Jones", "Harry Patel", "Chloë Davies"),
        ("22 Station Road", "7 High Street", "101 Church Lane", "3 Victoria Road"),
        (("EC1V 9HX", "London"), ("M1 1AE", "Manchester"), ("EH1 1YZ", "Edinburgh"),
         ("BS1 4DJ", "Bristol")),
        ("Flat 4", "Flat 2B"),
    ),
    "NL": (
        11,
        ("Sanne de Vries", "Daan van den Berg", "Femke Jansen", "Joël Bakker", "Anouk Visser"),
        ("Keizersgracht 120", "Oudegracht 45", "Coolsingel 10", "Vismarkt 12"),
        (("1016 DK", "Amsterdam"), ("3511 LN", "Utrecht"), ("3011 AD", "Rotterdam"),
         ("9711 LM", "Groningen")),
        ("3-hoog", "2e verdieping"),
    ),
}  # fmt: skip

_BADGES: tuple[DemoBadge, ...] = (
    DemoBadge("Alex Packer", "packer", "BDG1001"),
    DemoBadge("Sam Packer", "packer", "BDG1002"),
    DemoBadge("Robin Supervisor", "supervisor", "BDG9001"),
)

_STATIONS = ("PACK-01", "PACK-02")

# Tables seed_demo fills: any row in one of them means this is not an empty database.
_SEEDED_TABLES: tuple[Table, ...] = (
    t.orders,
    t.products,
    t.users,
    t.stations,
    t.totes,
    t.tracking_ranges,
)


@dataclass(frozen=True)
class _Product:
    sku: str
    name: str
    weight_g: int
    ean13: str
    case_code: str | None
    case_units: int | None


def ean13_from_body(body: str) -> str:
    """The EAN-13 for 12 digits ``body``: the body and its GS1 check digit."""
    if len(body) != 12 or not body.isdigit():
        raise ValueError(f"an EAN-13 body is 12 digits, not {body!r}")
    return body + str(gtin_check_digit(body))


def case_gtin14(ean13: str) -> str:
    """The GTIN-14 of a case of the item ``ean13``: indicator digit 1, the item's first 12 digits
    and a new check digit."""
    body = "1" + ean13[:12]
    return body + str(gtin_check_digit(body))


def seed_demo(
    engine: Engine, hasher: CredentialHasher, now: datetime, seed: int = 7
) -> DemoSummary:
    """Insert the demo data into the empty, migrated database behind ``engine``.

    The same ``seed`` and ``now`` give the same data. Raises ``ValueError`` if the database
    already holds orders (or any other data this would insert), and ``SchemaMismatch`` if it is
    not migrated to the current schema. ``now`` must be timezone-aware.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("seed_demo needs a timezone-aware 'now' (e.g. datetime.now(UTC))")
    check_schema(engine)
    rng = random.Random(seed)
    catalogue = _make_products(rng)
    with engine.begin() as conn:
        _refuse_non_empty(conn)
        product_ids = _insert_products(conn, catalogue)
        orders = _insert_orders(conn, rng, catalogue, product_ids, now)
        _insert_stations_users_ranges(conn, rng, hasher, now)
    return DemoSummary(
        badges=_BADGES,
        orders=tuple(orders),
        products=tuple(DemoProduct(p.sku, p.name, p.ean13) for p in catalogue),
    )


def _refuse_non_empty(conn: Connection) -> None:
    counts = {
        table.name: conn.execute(select(func.count()).select_from(table)).scalar_one()
        for table in _SEEDED_TABLES
    }
    if counts["orders"]:
        raise ValueError(
            f"Refusing to add demo data: this database already has {counts['orders']} orders. "
            "Demo data goes only into a new, empty database."
        )
    used = [f"{name} ({count})" for name, count in counts.items() if count]
    if used:
        raise ValueError(
            "Refusing to add demo data: this database is not empty (rows in "
            + ", ".join(used)
            + "). Demo data goes only into a new, empty database."
        )


def _make_products(rng: random.Random) -> list[_Product]:
    # Three suppliers with 7-digit GS1 company prefixes in the German range (400-439) and
    # distinct 5-digit item references, so every EAN is unique.
    prefixes = [f"4{rng.randrange(40):02d}{rng.randrange(10_000):04d}" for _ in range(3)]
    item_refs = rng.sample(range(100_000), len(_CATALOGUE))
    products = []
    for i, (name, weight_g, case_units) in enumerate(_CATALOGUE):
        ean = ean13_from_body(f"{prefixes[i % 3]}{item_refs[i]:05d}")
        products.append(
            _Product(
                sku=f"SKU-{10001 + i * 3}",
                name=name,
                weight_g=weight_g,
                ean13=ean,
                case_code=case_gtin14(ean) if case_units else None,
                case_units=case_units,
            )
        )
    return products


def _insert_products(conn: Connection, catalogue: list[_Product]) -> list[int]:
    ids: list[int] = []
    for product in catalogue:
        key = conn.execute(
            insert(t.products).values(sku=product.sku, name=product.name, weight_g=product.weight_g)
        ).inserted_primary_key
        assert key is not None
        product_id = int(key[0])
        ids.append(product_id)
        codes = [{"product_id": product_id, "code": product.ean13.zfill(14), "units": 1}]
        if product.case_code is not None and product.case_units is not None:
            codes.append(
                {"product_id": product_id, "code": product.case_code, "units": product.case_units}
            )
        conn.execute(insert(t.product_barcodes), codes)
    return ids


def _order_lines(
    rng: random.Random, catalogue: list[_Product], case_product: int | None
) -> list[tuple[int, int]]:
    """(catalogue index, quantity) for one order's lines, distinct products."""
    count = rng.choices(range(1, 7), weights=(30, 25, 18, 12, 8, 7))[0]
    lines: list[tuple[int, int]] = []
    taken: set[int] = set()
    if case_product is not None:
        units = catalogue[case_product].case_units
        assert units is not None
        lines.append((case_product, units * (rng.choice((1, 1, 2)) if units <= 6 else 1)))
        taken.add(case_product)
    others = [i for i in range(len(catalogue)) if i not in taken]
    for index in rng.sample(others, count - len(lines)):
        lines.append((index, rng.choices((1, 2, 3), weights=(80, 14, 6))[0]))
    rng.shuffle(lines)
    return lines


def _cut_off(carrier: str, now: datetime, later: bool) -> datetime:
    """The carrier's next cut-off (UTC) at or after ``now``, or the one a day after that."""
    cutoff = _CARRIERS[carrier][1]
    at = datetime.combine(now.astimezone(UTC).date(), cutoff, tzinfo=UTC)
    if at < now:
        at += timedelta(days=1)
    return at + timedelta(days=1) if later else at


def _ship_to_summary(name: str, postcode: str, city: str, country: str) -> str:
    place = f"{city} {postcode}" if country == "GB" else f"{postcode} {city}"
    return f"{name}, {place}, {country}"


def _insert_orders(
    conn: Connection,
    rng: random.Random,
    catalogue: list[_Product],
    product_ids: list[int],
    now: datetime,
) -> list[DemoOrder]:
    case_products = [i for i, p in enumerate(catalogue) if p.case_units]
    case_orders = dict(
        zip(
            sorted(rng.sample(range(ORDER_COUNT), CASE_ORDER_COUNT)),
            rng.sample(case_products, CASE_ORDER_COUNT),
            strict=True,
        )
    )
    ages = sorted((rng.uniform(10, 8 * 60) for _ in range(ORDER_COUNT)), reverse=True)
    countries = list(_ADDRESSES)
    country_weights = [_ADDRESSES[c][0] for c in countries]
    tote_codes = [f"TOT{n:04d}" for n in range(1, TOTE_COUNT + 1)]

    orders: list[DemoOrder] = []
    for n in range(ORDER_COUNT):
        lines = _order_lines(rng, catalogue, case_orders.get(n))
        weight = sum(catalogue[i].weight_g * qty for i, qty in lines)
        if weight <= POST_MAX_WEIGHT_G and rng.random() < 0.5:
            carrier = "POST"
        else:
            carrier = "DHL" if rng.random() < 0.65 else "UPS"
        service = _CARRIERS[carrier][0]
        country = rng.choices(countries, weights=country_weights)[0]
        _, names, streets, places, second_lines = _ADDRESSES[country]
        name = rng.choice(names)
        postcode, city = rng.choice(places)
        roll = rng.random()
        priority = 2 if roll < 0.04 else 1 if roll < 0.14 else 0
        reference = f"SHOP-{100001 + n}"
        slip_code = f"ORD{100001 + n}"
        key = conn.execute(
            insert(t.orders).values(
                reference=reference,
                slip_code=slip_code,
                status="ready",
                priority=priority,
                cut_off=_cut_off(carrier, now, later=rng.random() < 0.25),
                carrier=carrier,
                service=service,
                ship_to_name=name,
                ship_to_line1=rng.choice(streets),
                ship_to_line2=rng.choice(second_lines) if rng.random() < 0.25 else "",
                ship_to_postcode=postcode,
                ship_to_city=city,
                ship_to_country=country,
                payment_status="captured",
                created_at=now - timedelta(minutes=ages[n]),
                updated_at=now,
            )
        ).inserted_primary_key
        assert key is not None
        order_id = int(key[0])
        conn.execute(
            insert(t.order_lines),
            [
                {
                    "order_id": order_id,
                    "line_no": line_no,
                    "product_id": product_ids[index],
                    "quantity": qty,
                }
                for line_no, (index, qty) in enumerate(lines, start=1)
            ],
        )
        tote_code = tote_codes[n] if n < TOTES_IN_USE else None
        orders.append(
            DemoOrder(
                reference=reference,
                slip_code=slip_code,
                tote_code=tote_code,
                lines=tuple(
                    DemoLine(
                        sku=catalogue[i].sku,
                        name=catalogue[i].name,
                        quantity=qty,
                        ean13=catalogue[i].ean13,
                        case_code=catalogue[i].case_code,
                        case_units=catalogue[i].case_units,
                    )
                    for i, qty in lines
                ),
                carrier=carrier,
                service=service,
                ship_to=_ship_to_summary(name, postcode, city, country),
            )
        )
        if tote_code is not None:
            conn.execute(insert(t.totes).values(code=tote_code, order_id=order_id))
    conn.execute(
        insert(t.totes), [{"code": code, "order_id": None} for code in tote_codes[TOTES_IN_USE:]]
    )
    return orders


def _insert_stations_users_ranges(
    conn: Connection, rng: random.Random, hasher: CredentialHasher, now: datetime
) -> None:
    conn.execute(
        insert(t.stations),
        [{"name": name, "settings": "{}", "created_at": now} for name in _STATIONS],
    )
    conn.execute(
        insert(t.users),
        [
            {
                "name": badge.name,
                "role": badge.role,
                "badge_hash": hasher.badge_digest(badge.code),
                "pin_hash": None,
                "active": True,
            }
            for badge in _BADGES
        ],
    )
    ranges = []
    for n, (carrier, (_, _, indicator, country)) in enumerate(_CARRIERS.items()):
        first = 10_000_000 + n * 1_000_000 + rng.randrange(100) * 1_000
        ranges.append(
            {
                "carrier": carrier,
                "scheme": "s10",
                "service_indicator": indicator,
                "country": country,
                "next_serial": first,
                "last_serial": first + 99_999,
            }
        )
    for row in ranges:
        row.setdefault("company_prefix", None)
        row.setdefault("extension_digit", 0)
    # SSCCs for every parcel, under a demo GS1 company prefix (4012345 is GS1 Germany's
    # example prefix, never issued to a real company).
    ranges.append(
        {
            "carrier": "SSCC",
            "scheme": "sscc",
            "service_indicator": "--",
            "country": "--",
            "next_serial": 1,
            "last_serial": 999_999_999,
            "company_prefix": "4012345",
            "extension_digit": 3,
        }
    )
    conn.execute(insert(t.tracking_ranges), ranges)
