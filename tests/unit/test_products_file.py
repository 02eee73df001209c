"""Reading a products file: every problem found, or every product; no database."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from app.domain.import_files import MAX_FILE_BYTES, check_size
from app.domain.products_file import (
    Barcode,
    ProductFileRefused,
    read_products,
)
from app.services.catalogue import CatalogueService
from tests.unit.fakes import FakeDatabase

HEADER = "sku,name,barcodes\n"


def problems(name: str, data: bytes) -> list[str]:
    with pytest.raises(ProductFileRefused) as refused:
        read_products(name, data)
    return refused.value.problems


def test_a_case_pack_counts_its_units_and_codes_are_read_as_a_scanner_reads_them() -> None:
    [product] = read_products(
        "p.csv", (HEADER + 'MUG,"Mug, blue",4006381333931 ; 14006381333938 * 6;\n').encode()
    )
    assert product.name == "Mug, blue"
    assert product.barcodes == (Barcode("04006381333931", 1), Barcode("14006381333938", 6))


def test_columns_missing_unknown_or_twice_are_named() -> None:
    assert problems("p.csv", b"sku,title,sku\nA,B,C\n") == [
        "p.csv line 1: the required column 'name' is missing",
        "p.csv line 1: the required column 'barcodes' is missing",
        "p.csv line 1: unknown column 'title' (the columns are: sku, name, barcodes, weight_g, "
        "length_mm, width_mm, height_mm, requires_lot, requires_serial, image_path)",
        "p.csv line 1: the column 'sku' is there twice",
    ]


def test_overlong_values_and_nul_bytes_are_refused_with_their_lines() -> None:
    data = (
        HEADER
        + f"A-1,{'n' * 201},\n"
        + f"A-2,Two,{'7' * 65}\n"
        + "A-3,Th\x00ree,\n"
        + "A-4,Four,(10)LOT1\n"
    ).encode()
    assert problems("p.csv", data) == [
        "p.csv line 4: holds a NUL byte",
        "p.csv line 2, name: 201 characters, longer than the 200 allowed",
        'p.csv line 3, barcodes: "7777777777777777777777777777777777777..." is 65 characters, '
        "longer than the 64 allowed",
    ]


def test_json_products_and_their_problems() -> None:
    good = [
        {"sku": "A", "name": "Apple", "barcodes": ["4006381333931"], "requires_lot": True},
        {
            "sku": "B",
            "name": "Box",
            "barcodes": [{"code": "14006381333938", "units": 6}],
            "weight_g": 250,
        },
    ]
    a, b = read_products("p.json", json.dumps(good).encode())
    assert a.requires_lot and a.barcodes == (Barcode("04006381333931"),)
    assert b.weight_g == 250 and b.barcodes == (Barcode("14006381333938", 6),)
    bad = [
        {"sku": "A", "name": "Apple", "barcodes": [], "colour": "red"},
        {"sku": "B", "barcodes": []},
        {"sku": "C", "name": "C", "barcodes": [{"code": "4006381333931", "units": 0}]},
        {"sku": "D", "name": "D", "barcodes": "4006381333931", "weight_g": 2.5},
        "E",
    ]
    assert problems("p.json", json.dumps(bad).encode()) == [
        "p.json product 1: unknown field 'colour'",
        "p.json product 2: the required field 'name' is missing",
        "p.json product 3, units: 0 is not a positive whole number (barcode 4006381333931)",
        "p.json product 4, weight_g: 2.5 is not a positive whole number",
        "p.json product 4, barcodes: must be a list",
        'item 5 of p.json is not an object ({...}): "E"',
    ]
    assert problems("p.json", b'[{"sku": "A",\n "name": }]') == [
        "p.json line 2: not valid JSON (Expecting value)"
    ]
    assert problems("p.json", b'{"sku": "A"}') == ["p.json: must hold a JSON array of products"]


def test_utf16_without_a_byte_order_mark_is_named() -> None:
    [problem] = problems("p.csv", (HEADER + "A,B,\n").encode("utf-16-le"))
    assert problem.startswith("p.csv: not UTF-8 (looks like UTF-16 without a byte order mark)")


def test_an_empty_file_and_a_file_too_large() -> None:
    assert problems("p.csv", HEADER.encode()) == ["p.csv: holds no products"]
    check_size("p.csv", MAX_FILE_BYTES, ProductFileRefused)
    with pytest.raises(ProductFileRefused, match="larger than the limit"):
        check_size("p.csv", MAX_FILE_BYTES + 1, ProductFileRefused)


def test_the_service_over_the_fake_database() -> None:
    db = FakeDatabase()
    db.store.add_product("OLD", "04006381333931")  # stored as its GTIN-14

    class Clock:
        def now(self) -> datetime:
            return datetime(2026, 12, 1, tzinfo=UTC)

    service = CatalogueService(db.uow, Clock())
    data = (HEADER + "NEW,New,4006381333931\n").encode()
    with pytest.raises(ProductFileRefused, match="already on product OLD \\(not NEW\\)"):
        service.import_products("p.csv", data)
    moved = (HEADER + "OLD,Product OLD,\nNEW,New,4006381333931\n").encode()
    report = service.import_products("p.csv", moved)
    assert (report.added, report.changed) == (1, 1)
    assert service.import_products("p.csv", moved).summary == (
        "p.csv: 2 products, 0 added, 0 changed, 2 unchanged"
    )
    found = db.store.products[db.store.barcodes["04006381333931"][0]]
    assert found.sku == "NEW"
