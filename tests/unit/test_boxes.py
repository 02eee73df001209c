"""Box types: the suggestion (volume with the fill factor, shape, weight), the barcode, the
fill factor setting, and a boxes file read whole (every bad line named)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.boxes import (
    BoxType,
    InvalidBox,
    UnitsToPack,
    box_barcode,
    check_fill_factor,
    code_of,
    fill_factor,
    suggest_box,
)
from app.domain.boxes_file import BoxFileRefused, read_boxes

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"

SMALL = BoxType("S1", 220, 160, 80, 120, 5000)  # 2,816,000 mm3
MEDIUM = BoxType("M2", 300, 200, 150, 250, 10000)  # 9,000,000 mm3
LARGE = BoxType("L3", 400, 300, 250, 450, 20000)  # 30,000,000 mm3
BOXES = [LARGE, SMALL, MEDIUM]


def mugs(units: int, weight_g: int | None = 350) -> UnitsToPack:
    return UnitsToPack("MUG", units, 120, 100, 70, weight_g)  # 840,000 mm3 each


def test_the_smallest_box_whose_volume_with_the_fill_factor_takes_the_units() -> None:
    assert suggest_box(BOXES, [mugs(1)]).box == SMALL
    assert suggest_box(BOXES, [mugs(2)]).box == SMALL  # 1.68 M <= 0.8 x 2.816 M
    # 3 mugs (2.52 M) would fill 89 % of S1: over the fill factor of 0.8.
    assert suggest_box(BOXES, [mugs(3)]).box == MEDIUM
    assert suggest_box(BOXES, [mugs(3)], Decimal("0.9")).box == SMALL
    suggestion = suggest_box(BOXES, [mugs(8)])  # 6.72 M of M2's 9 M
    assert suggestion.box == MEDIUM
    assert suggestion.message == "Suggested box: M2 (300x200x150 mm, tare 250 g), 75% full."
    assert suggest_box(BOXES, [mugs(9)]).box == LARGE
    assert suggest_box(BOXES, [mugs(2), UnitsToPack("PEN", 10, 150, 15, 15, 10)]).box == SMALL


def test_a_unit_must_fit_the_box_in_some_orientation() -> None:
    poster = UnitsToPack("POSTER", 1, 50, 50, 350, 200)  # small volume, too long for S1 and M2
    assert suggest_box(BOXES, [poster]).box == LARGE
    flat = UnitsToPack("FLAT", 1, 150, 210, 20, 200)  # fits S1 turned round
    assert suggest_box(BOXES, [flat]).box == SMALL


def test_the_maximum_weight_counts_the_tare() -> None:
    heavy = UnitsToPack("IRON", 1, 50, 100, 100, 4880)  # + 120 g tare = 5000 g: S1 takes it
    assert suggest_box(BOXES, [heavy]).box == SMALL
    heavier = UnitsToPack("IRON", 1, 50, 100, 100, 4881)
    assert suggest_box(BOXES, [heavier]).box == MEDIUM
    too_heavy = UnitsToPack("IRON", 1, 50, 100, 100, 25_000)
    suggestion = suggest_box(BOXES, [too_heavy])
    assert suggestion.box is None
    assert suggestion.message == (
        "No one box takes it all (too heavy for L3): pack it in several parcels."
    )
    # A product without a weight is not weighed against the maximum.
    assert suggest_box(BOXES, [mugs(1, weight_g=None)]).box == SMALL


def test_no_suggestion_without_sizes_boxes_or_units() -> None:
    unknown = UnitsToPack("GIFT-CARD", 1, None, 10, 10, 5)
    assert suggest_box(BOXES, [mugs(1), unknown]).message == (
        "No box suggested: the size of GIFT-CARD is not known. Choose a box."
    )
    assert suggest_box([], [mugs(1)]).box is None
    assert suggest_box(BOXES, []).message == "Nothing left to pack: no box to suggest."
    retired = BoxType("S1", 220, 160, 80, 120, 5000, active=False)
    assert suggest_box([retired, MEDIUM], [mugs(1)]).box == MEDIUM
    huge = UnitsToPack("SOFA", 1, 2000, 900, 800, 15_000)
    assert "too large for L3" in suggest_box(BOXES, [huge]).message


def test_the_box_barcode_is_the_box_prefix_and_the_code() -> None:
    assert box_barcode("m2", "BOX") == "BOXM2"
    assert code_of("BOXM2", "BOX") == "M2"
    assert code_of("boxm2", "BOX") == "M2"
    assert code_of("PKGXL4", "PKG") == "XL4"


def test_the_fill_factor_setting() -> None:
    assert fill_factor(None) == Decimal("0.8")
    assert fill_factor("0.75") == Decimal("0.75")
    assert fill_factor("nonsense") == Decimal("0.8")  # stored by hand: the default
    assert check_fill_factor(" 0.9 ") == Decimal("0.9")
    assert check_fill_factor("1") == Decimal(1)
    for bad in ("0", "1.5", "abc", "NaN", "0.05"):
        with pytest.raises(InvalidBox, match=r"box_fill_factor must be a decimal from 0\.1 to 1"):
            check_fill_factor(bad)


def test_a_box_type_is_checked_field_by_field() -> None:
    assert BoxType("M2", 300, 200, 150, 250, 10000).checked().volume_mm3 == 9_000_000
    with pytest.raises(InvalidBox) as refused:
        BoxType("m 2", 0, 200, 150, 250, 200).checked()
    assert refused.value.message == (
        "Box m 2: code: 'm 2' is not a box code (1 to 32 letters, digits, - or _); "
        "length_mm: 0 is not a whole number from 1 to 5,000."
    )
    with pytest.raises(InvalidBox, match="max_weight_g: 200 is not more than the tare"):
        BoxType("M2", 300, 200, 150, 250, 200).checked()


def test_the_sample_boxes_file_reads() -> None:
    boxes = read_boxes("boxes.csv", (SAMPLES / "boxes.csv").read_bytes())
    assert [box.code for box in boxes] == ["S1", "M2", "L3", "XL4"]
    assert boxes[1] == BoxType("M2", 300, 200, 150, 250, 10000, "Medium box")


def test_a_boxes_file_with_bad_lines_is_refused_whole_naming_each() -> None:
    data = (
        b"code,length_mm,width_mm,height_mm,tare_g,max_weight_g,active\n"
        b"S1,220,160,80,120,5000,yes\n"
        b"s1,220,160,80,120,5000,\n"
        b"M2,300,-200,150,250,10000,yes\n"
        b"L3,400,300,250,450,300,maybe\n"
        b"XL4,600,400\n"
        b",1,1,1,0,10,\n"
    )
    with pytest.raises(BoxFileRefused) as refused:
        read_boxes("boxes.csv", data)
    assert refused.value.problems == [
        "boxes.csv line 3, code: S1 is already on boxes.csv line 2",
        'boxes.csv line 4, width_mm: "-200" is not a positive whole number',
        'boxes.csv line 5, active: "maybe" is not yes or no',
        # a line's every problem, not only the first kind found
        "boxes.csv line 5, max_weight_g: 300 is not more than the tare (450 g)",
        "boxes.csv line 6: 3 cells where the header has 7",
        'boxes.csv line 7, code: "" is not a box code (1 to 32 letters, digits, - or _)',
    ]
    assert refused.value.message.startswith(
        "boxes.csv: refused, nothing was imported (6 problems):"
    )


def test_a_boxes_file_in_json() -> None:
    document = [
        {
            "code": "m2",
            "length_mm": 300,
            "width_mm": 200,
            "height_mm": 150,
            "tare_g": 0,
            "max_weight_g": 10000,
            "active": False,
        },
        {
            "code": "L3",
            "length_mm": 400,
            "width_mm": 300,
            "height_mm": 250,
            "tare_g": 450,
            "max_weight_g": 400,
            "colour": "brown",
        },
        {
            "code": "XL4",
            "length_mm": 600,
            "width_mm": 400,
            "height_mm": 400,
            "tare_g": 900,
            "max_weight_g": 800,
        },
    ]
    with pytest.raises(BoxFileRefused) as refused:
        read_boxes("boxes.json", json.dumps(document).encode())
    assert refused.value.problems == [
        "boxes.json box 2: unknown field 'colour'",
        # the other fields of an item with an unknown field are still checked
        "boxes.json box 2, max_weight_g: 400 is not more than the tare (450 g)",
        "boxes.json box 3, max_weight_g: 800 is not more than the tare (900 g)",
    ]
    boxes = read_boxes("boxes.json", json.dumps(document[:1]).encode())
    assert boxes == [BoxType("M2", 300, 200, 150, 0, 10000, active=False)]
