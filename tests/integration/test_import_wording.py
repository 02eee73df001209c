"""``packbench import`` in an admin's words (issue 11's review), through the command line on
both databases: every problem of a kit's component, JSON flags only as true/false, an item
that is not an object named by its place in the file, and a wrong check digit with the digit
it should be (not the packer's "scan again")."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types
from app.main import main
from tests.support.factories import World, seed

BOX = {"length_mm": 300, "width_mm": 200, "height_mm": 100, "tare_g": 200, "max_weight_g": 9000}


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


def refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[str]:
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err.splitlines()


def test_a_kit_of_itself_with_too_many_units_is_told_both(
    database_url: str, world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kits = tmp_path / "kits.csv"
    kits.write_text("sku,components,prepacked\nMUG-BLUE,MUG-BLUE*1001,no\n")
    err = refused(capsys, ["--db", database_url, "import", "kits", str(kits)])
    assert err[-2:] == [
        'kits.csv line 2, components: "MUG-BLUE*1001": the units per kit must be a whole '
        "number from 1 to 1000",
        "kits.csv line 2, components: a kit cannot contain itself",
    ]


def test_json_flags_are_true_or_false_and_items_are_objects(
    engine: Engine,
    database_url: str,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    boxes = tmp_path / "boxes.json"
    items: list[object] = [
        {"code": "A1", **BOX, "active": "no"},
        {"code": "A2", **BOX, "active": 0},
        [1, 2],
        {"code": "A4", **BOX, "active": False},
    ]
    boxes.write_text(json.dumps(items))
    err = refused(capsys, ["--db", database_url, "import", "boxes", str(boxes)])
    assert err[-3:] == [
        'boxes.json box 1, active: "no" is not true or false: write true or false without quotes',
        "boxes.json box 2, active: 0 is not true or false: write true or false without quotes",
        "item 3 of boxes.json is not an object ({...}): [1, 2]",
    ]
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(box_types)).scalar() == 0

    products = tmp_path / "products.json"
    product = {"sku": "NEW-1", "name": "New", "barcodes": ["5901234123457"]}
    products.write_text(json.dumps([{**product, "requires_lot": "yes"}]))
    err = refused(capsys, ["--db", database_url, "import", "products", str(products)])
    assert err[-1] == (
        'products.json product 1, requires_lot: "yes" is not true or false: write true or '
        "false without quotes"
    )

    # the booleans themselves, and yes/no in a CSV file, are taken
    del items[:3]
    items.append({"code": "A5", **BOX, "active": True})
    boxes.write_text(json.dumps(items))
    assert main(["--db", database_url, "import", "boxes", str(boxes)]) == 0
    csv = tmp_path / "boxes.csv"
    csv.write_text(
        "code,length_mm,width_mm,height_mm,tare_g,max_weight_g,active\n"
        "A6,300,200,100,200,9000,no\nA7,300,200,100,200,9000,\n"
    )
    assert main(["--db", database_url, "import", "boxes", str(csv)]) == 0
    with engine.connect() as conn:
        active = dict(conn.execute(select(box_types.c.code, box_types.c.active)).all())
    assert active == {"A4": False, "A5": True, "A6": False, "A7": True}


def test_a_wrong_check_digit_says_the_right_one(
    engine: Engine,
    database_url: str,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    products = tmp_path / "products.csv"
    products.write_text(
        "sku,name,barcodes\n"
        "NEW-1,Mug,4006381333932\n"  # EAN-13 ending 1
        "NEW-2,Case,(01)14006381333930\n"  # GS1 with a GTIN-14 ending 8
        "NEW-3,Pen,ABC\x01\n"
    )
    err = refused(capsys, ["--db", database_url, "import", "products", str(products)])
    text = "\n".join(err)
    assert (
        'products.csv line 2, barcodes: "4006381333932": check digit wrong: expected 1, not 2'
        in err
    )
    assert (
        'products.csv line 3, barcodes: "(01)14006381333930": check digit wrong: expected 8, not 0'
        in err
    )
    assert (
        'products.csv line 4, barcodes: "ABC\x01": contains control characters (0x01) that no '
        "barcode here carries." in err
    )
    assert "Scan again" not in text and "misprinted" not in text and "scanner" not in text
    with engine.connect() as conn:
        skus = set(conn.execute(select(t.products.c.sku)).scalars())
    assert not skus & {"NEW-1", "NEW-2", "NEW-3"}
