"""Write the demo's sample files, ``resources/samples/demo/``: the products, today's orders
and a week of orders already packed (one file a day), in the documented import formats.

``packbench demo create`` imports these files through the same services as ``packbench import``
(the demo is built the way a site is). Every product has its size (so the station suggests a
box); after the 50 generated orders come four written out here (``_SHOWCASE``) to show the
pack-out: kits (one packed from its components, one pre-packed, ``kits.csv``), a line with the
serials the shop expects, important packing notes with a gift message, and an order too big for
one box (two parcels). This tool made them once from a fixed seed; run it again
only to change the demo (``python -m tools.demo_samples``), and commit the files it writes.

Dates in the files are on ``DEMO_DAY`` (today's orders) and the seven days before it (the
history); ``app.demo`` moves them to the real today when it builds the demo.
"""

from __future__ import annotations

import csv
import io
import random
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from app.domain.barcodes import gtin_check_digit

DEMO_DAY = date(2025, 3, 14)
ORDER_COUNT = 50
TOTES_IN_USE = 30
CASE_ORDER_COUNT = 5
POST_MAX_WEIGHT_G = 1000
HISTORY_DAYS = 7
HISTORY_PER_DAY = (14, 22)  # orders a day, at least and at most
OUT = Path(__file__).resolve().parents[1] / "resources" / "samples" / "demo"

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

# name -> size in mm (length, width, height), for the box suggestion
_SIZES: dict[str, tuple[int, int, int]] = {
    "USB-C cable 1 m": (150, 100, 20), "USB-C cable 2 m": (160, 110, 25),
    "Lightning to USB-C cable 1 m": (150, 100, 20), "USB wall charger 20 W": (90, 60, 40),
    "Wireless mouse, graphite": (130, 90, 50), "Mechanical keyboard, German layout": (460, 160, 50),
    "HDMI cable 2 m": (200, 150, 40), "Power bank 10000 mAh": (150, 80, 30),
    "AA batteries, 4-pack": (100, 60, 20), "Ceramic mug, blue": (120, 100, 100),
    "Ceramic mug, white": (120, 100, 100), "Glass water bottle 0.5 l": (240, 80, 80),
    "Stainless steel travel mug 350 ml": (200, 90, 90), "Notebook A5 dotted": (210, 148, 15),
    "Notebook A4 squared": (297, 210, 15), "Ballpoint pens, black, 10-pack": (160, 80, 15),
    "Fineliner set, 12 colours": (200, 100, 20), "Sticky notes 76 × 76 mm, yellow": (80, 80, 40),
    "Desk organiser, bamboo": (300, 150, 100), "Green tea, 20 bags": (130, 70, 70),
    "Espresso beans 500 g": (200, 120, 70), "Dark chocolate 70 %, 100 g": (160, 80, 10),
    "Cotton tote bag, natural": (250, 200, 20), "Beach towel, striped": (350, 250, 100),
    "Bath towel, grey": (400, 300, 150), "Wool socks, size 39–42": (200, 100, 30),
    "Running socks, 3-pack, size 43–46": (220, 120, 40), "Yoga mat 6 mm, teal": (600, 150, 150),
    "Resistance band set": (200, 150, 60), "LED desk lamp": (450, 200, 150),
    "Smart plug, Wi-Fi": (100, 70, 70), "Screen protector, 2-pack": (180, 100, 10),
    "Phone case, clear": (170, 90, 20), "Bicycle light set": (180, 120, 60),
    "Hand soap refill 500 ml": (200, 80, 60), "Scented candle, vanilla": (100, 100, 110),
    "Picture frame 13 × 18 cm, oak": (240, 190, 30), "Jigsaw puzzle, 1000 pieces": (380, 270, 60),
    "Watercolour set for kids": (250, 150, 20), "Lunch box, stainless steel": (200, 150, 70),
}  # fmt: skip

# The kits, after the catalogue: (sku, name, weight g, size mm, its EAN-13 without the check
# digit (under GS1 Germany's example prefix 4012345), components as the kits file has them,
# pre-packed).
_KITS: tuple[tuple[str, str, int, tuple[int, int, int], str, str, bool], ...] = (
    ("SKU-20001", "Desk starter set: notebook, pens, sticky notes", 425, (220, 160, 60),
     "401234500101", "SKU-10040; SKU-10046; SKU-10052", False),
    ("SKU-20002", "Coffee gift box: espresso beans and a white mug, boxed", 980,
     (260, 180, 130), "401234500102", "SKU-10061; SKU-10031", True),
)  # fmt: skip

# The four orders that show the pack-out, after the 50 generated ones: (number, carrier,
# ship-to (name, line 1, postcode, city, country), lines (sku, quantity, expected serials),
# notes, gift message, packing instructions, notes important).
_Showcase = tuple[
    int, str, tuple[str, str, str, str, str], tuple[tuple[str, int, str], ...], str, str, str, bool
]
_SHOWCASE: tuple[_Showcase, ...] = (
    (100_051, "DHL", ("Marie Schäfer", "Goethestraße 105", "70173", "Stuttgart", "DE"),
     (("SKU-20001", 1, ""), ("SKU-20002", 1, ""), ("SKU-10058", 1, "")), "", "", "", False),
    (100_052, "UPS", ("Paul Neumann", "Königsweg 9", "48143", "Münster", "DE"),
     (("SKU-10022", 2, "PB10K240417|PB10K240418"), ("SKU-10001", 1, "")), "", "", "", False),
    (100_053, "DHL", ("Ingrid Pöschl", "Getreidegasse 9", "5020", "Salzburg", "AT"),
     (("SKU-10109", 1, ""), ("SKU-10106", 2, "")),
     "Fragile: wrap the picture frame in bubble wrap.",
     "Happy birthday, Oma! Love, Lena and Tom",
     "Put the gift card on top. No invoice in the parcel.", True),
    (100_054, "DHL", ("Jörg Köhler", "Am Mühlbach 21", "01067", "Dresden", "DE"),
     (("SKU-10073", 3, ""), ("SKU-10082", 1, ""), ("SKU-10070", 2, "")), "", "",
     "Two parcels: the bath towels and the yoga mat in box XL4, the beach towels in L3.",
     False),
)  # fmt: skip

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

_PRODUCT_COLUMNS = (
    "sku", "name", "barcodes", "weight_g", "length_mm", "width_mm", "height_mm",
    "requires_lot", "requires_serial", "image_path",
)  # fmt: skip
_ORDER_COLUMNS = (
    "reference", "slip", "status", "priority", "cut_off", "carrier", "service",
    "ship_to_name", "ship_to_line1", "ship_to_line2", "ship_to_postcode", "ship_to_city",
    "ship_to_country", "ship_to_email", "totes", "sku", "quantity",
)  # fmt: skip
# Today's orders also carry the packing notes and the expected serials.
_TODAY_COLUMNS = (
    *_ORDER_COLUMNS, "notes", "gift_message", "packing_instructions", "notes_important", "serials"
)  # fmt: skip
_KIT_COLUMNS = ("sku", "components", "prepacked")


def ean13_from_body(body: str) -> str:
    return body + str(gtin_check_digit(body))


def case_gtin14(ean13: str) -> str:
    body = "1" + ean13[:12]
    return body + str(gtin_check_digit(body))


def _products(rng: random.Random) -> list[dict[str, object]]:
    # Three suppliers with 7-digit GS1 company prefixes in the German range (400-439) and
    # distinct 5-digit item references, so every EAN is unique.
    prefixes = [f"4{rng.randrange(40):02d}{rng.randrange(10_000):04d}" for _ in range(3)]
    item_refs = rng.sample(range(100_000), len(_CATALOGUE))
    products = []
    for i, (name, weight_g, case_units) in enumerate(_CATALOGUE):
        ean = ean13_from_body(f"{prefixes[i % 3]}{item_refs[i]:05d}")
        products.append(
            {
                "sku": f"SKU-{10001 + i * 3}",
                "name": name,
                "weight_g": weight_g,
                "ean13": ean,
                "case_units": case_units,
                "case_code": case_gtin14(ean) if case_units else None,
            }
        )
    return products


def _lines(
    rng: random.Random, catalogue: list[dict[str, object]], case_product: int | None
) -> list[tuple[int, int]]:
    count = rng.choices(range(1, 7), weights=(30, 25, 18, 12, 8, 7))[0]
    lines: list[tuple[int, int]] = []
    if case_product is not None:
        units = int(str(catalogue[case_product]["case_units"]))
        lines.append((case_product, units * (rng.choice((1, 1, 2)) if units <= 6 else 1)))
    others = [i for i in range(len(catalogue)) if i != case_product]
    for index in rng.sample(others, count - len(lines)):
        lines.append((index, rng.choices((1, 2, 3), weights=(80, 14, 6))[0]))
    rng.shuffle(lines)
    return lines


def _orders(
    rng: random.Random,
    catalogue: list[dict[str, object]],
    numbers: range,
    day: date,
    *,
    cases: dict[int, int] | None = None,
    totes: int = 0,
) -> list[dict[str, str]]:
    """CSV rows (one per line) of orders numbered ``numbers``, due on ``day``."""
    countries = list(_ADDRESSES)
    weights = [_ADDRESSES[c][0] for c in countries]
    rows: list[dict[str, str]] = []
    for n, number in enumerate(numbers):
        lines = _lines(rng, catalogue, (cases or {}).get(n))
        weight = sum(int(str(catalogue[i]["weight_g"])) * qty for i, qty in lines)
        if weight <= POST_MAX_WEIGHT_G and rng.random() < 0.5:
            carrier = "POST"
        else:
            carrier = "DHL" if rng.random() < 0.65 else "UPS"
        service, cutoff = _CARRIERS[carrier][:2]
        country = rng.choices(countries, weights=weights)[0]
        _, names, streets, places, second_lines = _ADDRESSES[country]
        name = rng.choice(names)
        postcode, city = rng.choice(places)
        roll = rng.random()
        priority = 2 if roll < 0.04 else 1 if roll < 0.14 else 0
        due = day + timedelta(days=1 if totes and rng.random() < 0.25 else 0)
        order = {
            "reference": f"SHOP-{number}",
            "slip": f"ORD{number:06d}",
            "status": "ready",
            "priority": str(priority),
            "cut_off": datetime.combine(due, cutoff, tzinfo=UTC).isoformat(),
            "carrier": carrier,
            "service": service,
            "ship_to_name": name,
            "ship_to_line1": rng.choice(streets),
            "ship_to_line2": rng.choice(second_lines) if rng.random() < 0.25 else "",
            "ship_to_postcode": postcode,
            "ship_to_city": city,
            "ship_to_country": country,
            "ship_to_email": _email(name),
            "totes": f"TOT{n + 1:04d}" if n < totes else "",
        }
        for index, quantity in lines:
            rows.append(order | {"sku": str(catalogue[index]["sku"]), "quantity": str(quantity)})
    return rows


def _showcase() -> list[dict[str, str]]:
    """CSV rows (one per line) of the four orders that show the pack-out (``_SHOWCASE``)."""
    rows: list[dict[str, str]] = []
    for number, carrier, to, lines, notes, gift, instructions, important in _SHOWCASE:
        service, cutoff = _CARRIERS[carrier][:2]
        order = {
            "reference": f"SHOP-{number}",
            "slip": f"ORD{number:06d}",
            "status": "ready",
            "priority": "0",
            "cut_off": datetime.combine(DEMO_DAY, cutoff, tzinfo=UTC).isoformat(),
            "carrier": carrier,
            "service": service,
            "ship_to_name": to[0],
            "ship_to_line1": to[1],
            "ship_to_postcode": to[2],
            "ship_to_city": to[3],
            "ship_to_country": to[4],
            "ship_to_email": _email(to[0]),
            "notes": notes,
            "gift_message": gift,
            "packing_instructions": instructions,
            "notes_important": "yes" if important else "",
        }
        for sku, quantity, serials in lines:
            rows.append(order | {"sku": sku, "quantity": str(quantity), "serials": serials})
    return rows


def _email(name: str) -> str:
    """The customer's email made from their name, on the reserved example.com domain (so the
    demo's customer emails can go to a test mail server and never to a real person)."""
    plain = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore")
    words = re.findall(r"[a-z]+", plain.decode().lower())
    return ".".join(words) + "@example.com"


def _csv(columns: tuple[str, ...], rows: Sequence[Mapping[str, object]]) -> str:
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def write_samples(folder: Path = OUT, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    catalogue = _products(rng)
    product_rows: list[dict[str, object]] = []
    for p in catalogue:
        case = f"; {p['case_code']}*{p['case_units']}" if p["case_code"] else ""
        codes = f"{p['ean13']}{case}"
        sides = _SIZES[str(p["name"])]
        size = dict(zip(("length_mm", "width_mm", "height_mm"), sides, strict=True))
        product_rows.append(
            p | size | {"barcodes": codes, "requires_lot": "no", "requires_serial": "no"}
        )
    for sku, name, weight_g, (length, width, height), body, _parts, _prepacked in _KITS:
        product_rows.append(
            {
                "sku": sku,
                "name": name,
                "barcodes": ean13_from_body(body),
                "weight_g": weight_g,
                "length_mm": length,
                "width_mm": width,
                "height_mm": height,
                "requires_lot": "no",
                "requires_serial": "no",
            }
        )
    kit_rows = [
        {"sku": sku, "components": parts, "prepacked": "yes" if prepacked else "no"}
        for sku, _name, _weight, _size, _body, parts, prepacked in _KITS
    ]
    case_products = [i for i, p in enumerate(catalogue) if p["case_units"]]
    cases = dict(
        zip(
            sorted(rng.sample(range(ORDER_COUNT), CASE_ORDER_COUNT)),
            rng.sample(case_products, CASE_ORDER_COUNT),
            strict=True,
        )
    )
    files = {
        "products.csv": _csv(_PRODUCT_COLUMNS, product_rows),
        "orders.csv": _csv(
            _TODAY_COLUMNS,
            _orders(
                rng,
                catalogue,
                range(100_001, 100_001 + ORDER_COUNT),
                DEMO_DAY,
                cases=cases,
                totes=TOTES_IN_USE,
            )
            + _showcase(),
        ),
        "kits.csv": _csv(_KIT_COLUMNS, kit_rows),
    }
    per_day = [rng.randint(*HISTORY_PER_DAY) for _ in range(HISTORY_DAYS)]
    number = 100_001 - sum(per_day)
    for back, count in zip(range(HISTORY_DAYS, 0, -1), per_day, strict=True):
        day = DEMO_DAY - timedelta(days=back)
        rows = _orders(rng, catalogue, range(number, number + count), day)
        files[f"history/day-{back}.csv"] = _csv(_ORDER_COLUMNS, rows)
        number += count
    written = []
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_samples():
        print(path)
