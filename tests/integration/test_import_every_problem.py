"""Every import names every problem of its file in one run, through ``packbench import``, on
both databases: each line's every field (a bad box code among other problems on its line),
the rows of a file with a column missing, a JSON number written as a string (refused with its
item and field), unknown SKUs next to the file's own problems; nothing is written while
anything is wrong. A box tare of 0 g is accepted (a mailing bag)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, func, select

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types
from app.main import main

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    return ["--db", database_url, "import"]


def rows(engine: Engine, table: Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def refused(capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The problems printed for a refused file (after its "refused" line)."""
    err = capsys.readouterr().err
    assert "Traceback" not in err
    lines = err.splitlines()
    start = next(i for i, line in enumerate(lines) if "refused, nothing was imported" in line)
    return lines[start + 1 :]


def test_a_boxes_file_names_every_problem_of_every_line(
    cli: list[str], engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "boxes.csv"
    bad.write_text(
        "code,length_mm,width_mm,height_mm,tare_g,max_weight_g\n"
        "BOX 1,300,-5,150,-1,200000000\n"
        "ENVELOPE,250,180,10,0,1000\n"
        "M2,300,200,150,250,100\n"
    )
    assert main([*cli, "boxes", str(bad)]) == 1
    assert refused(capsys) == [
        'boxes.csv line 2, code: "BOX 1" is not a box code (1 to 32 letters, digits, - or _)',
        'boxes.csv line 2, width_mm: "-5" is not a positive whole number',
        'boxes.csv line 2, tare_g: "-1" is not a whole number, 0 or more',
        "boxes.csv line 2, max_weight_g: 200000000 is not a whole number from 1 to 1,000,000",
        "boxes.csv line 4, max_weight_g: 100 is not more than the tare (250 g)",
    ]
    assert rows(engine, box_types) == 0

    # a column missing: named once, and the rows are still checked for the others
    no_tare = tmp_path / "no-tare.csv"
    no_tare.write_text("code,length_mm,width_mm,height_mm,max_weight_g\nbad code!,1,1,1,10\n")
    assert main([*cli, "boxes", str(no_tare)]) == 1
    assert refused(capsys) == [
        "no-tare.csv line 1: the required column 'tare_g' is missing",
        'no-tare.csv line 2, code: "bad code!" is not a box code (1 to 32 letters, digits, - or _)',
    ]

    as_json = tmp_path / "boxes.json"
    as_json.write_text(
        json.dumps(
            [
                {
                    "code": "S1",
                    "length_mm": "220",
                    "width_mm": 160,
                    "height_mm": 80,
                    "tare_g": "0",
                    "max_weight_g": 5000,
                },
                {"code": "M2", "length_mm": 300, "width_mm": 200, "height_mm": 150},
            ]
        )
    )
    assert main([*cli, "boxes", str(as_json)]) == 1
    assert refused(capsys) == [
        'boxes.json box 1, length_mm: "220" is text, not a number: write it without quotes',
        'boxes.json box 1, tare_g: "0" is text, not a number: write it without quotes',
        "boxes.json box 2: the required field 'tare_g' is missing",
        "boxes.json box 2: the required field 'max_weight_g' is missing",
    ]
    assert rows(engine, box_types) == 0

    # a tare of 0 g is a real box type (a mailing bag weighed with what it holds)
    good = tmp_path / "bags.json"
    good.write_text(
        '[{"code": "BAG", "length_mm": 250, "width_mm": 180, "height_mm": 10, "tare_g": 0,'
        ' "max_weight_g": 1000}]'
    )
    assert main([*cli, "boxes", str(good)]) == 0
    with engine.connect() as conn:
        assert conn.execute(select(box_types.c.tare_g)).scalars().all() == [0]


def test_a_products_json_file_refuses_numbers_written_as_text(
    cli: list[str], engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "products.json"
    bad.write_text(
        json.dumps(
            [
                {
                    "sku": "A-1",
                    "name": "Thing",
                    "barcodes": [{"code": "4006381333931", "units": "6"}],
                    "weight_g": "10",
                },
                {"sku": "B-2", "barcodes": [], "length_mm": 10.5, "colour": "red"},
            ]
        )
    )
    assert main([*cli, "products", str(bad)]) == 1
    assert refused(capsys) == [
        'products.json product 1, weight_g: "10" is text, not a number: write it without quotes',
        'products.json product 1, units: "6" is text, not a number: write it without quotes '
        "(barcode 4006381333931)",
        "products.json product 2: the required field 'name' is missing",
        "products.json product 2: unknown field 'colour'",
        "products.json product 2, length_mm: 10.5 is not a positive whole number",
    ]
    assert rows(engine, t.products) == 0
    # the same numbers in a CSV file are text by nature, and fine
    good = tmp_path / "products.csv"
    good.write_text("sku,name,barcodes,weight_g\nA-1,Thing,4006381333931*6,10\n")
    assert main([*cli, "products", str(good)]) == 0
    assert rows(engine, t.products) == 1


def test_an_orders_file_names_its_problems_and_its_unknown_skus_together(
    cli: list[str], engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "products", str(SAMPLES / "products.csv")]) == 0
    capsys.readouterr()
    order = {
        "reference": "J-1",
        "carrier": "DHL",
        "ship_to_name": "Ann",
        "ship_to_line1": "Street 1",
        "ship_to_postcode": "1000",
        "ship_to_city": "Town",
        "ship_to_country": "DE",
        "priority": "3",
        "lines": [{"sku": "TEA-GREEN-100", "quantity": "2"}, {"sku": "NOPE", "quantity": 1}],
    }
    fine_but_unknown = dict(order, reference="J-2", priority=1)
    fine_but_unknown["lines"] = [{"sku": "GHOST", "quantity": 1}]
    bad = tmp_path / "orders.json"
    bad.write_text(json.dumps([order, fine_but_unknown]))
    assert main([*cli, "orders", str(bad)]) == 1
    assert refused(capsys) == [
        'orders.json order 1, priority: "3" is text, not a number: write it without quotes',
        'orders.json order 1 line 1, quantity: "2" is text, not a number: write it without quotes',
        "orders.json order 1, sku: 'NOPE' is not a known product (import it first)",
        "orders.json order 2, sku: 'GHOST' is not a known product (import it first)",
    ]
    assert rows(engine, t.orders) == 0


def test_a_kits_file_names_unknown_skus_next_to_its_format_problems(
    cli: list[str], engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "products", str(SAMPLES / "products.csv")]) == 0
    capsys.readouterr()
    bad = tmp_path / "kits.csv"
    bad.write_text(
        "sku,components,prepacked\n"
        "TEA-GREEN-100,CANDLE-VANILLA*0; NOPE,maybe\n"
        "GHOST,CANDLE-VANILLA,no\n"
    )
    assert main([*cli, "kits", str(bad)]) == 1
    assert refused(capsys) == [
        'kits.csv line 2, prepacked: "maybe" is not yes or no',
        'kits.csv line 2, components: "CANDLE-VANILLA*0": the units per kit must be a whole '
        "number from 1 to 1000",
        "kits.csv line 2, components: NOPE is not a known product",
        "kits.csv line 3, sku: GHOST is not a known product",
    ]
    assert rows(engine, t.kit_components) == 0


def test_a_products_file_names_a_taken_barcode_of_a_product_refused_for_another_reason(
    cli: list[str], engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*cli, "products", str(SAMPLES / "products.csv")]) == 0
    capsys.readouterr()
    bad = tmp_path / "more.csv"
    # 4012345000016 is TEA-GREEN-100's; this product is also refused for its weight
    bad.write_text("sku,name,barcodes,weight_g\nNEW-1,New thing,4012345000016,-3\n")
    assert main([*cli, "products", str(bad)]) == 1
    assert refused(capsys) == [
        'more.csv line 2, weight_g: "-3" is not a positive whole number',
        "more.csv line 2, barcodes: 04012345000016 is already on product TEA-GREEN-100 (not "
        "NEW-1); take it off TEA-GREEN-100 first",
    ]
