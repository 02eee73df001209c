"""The orders file read in the domain: the JSON form's faults, each listed with its order."""

from __future__ import annotations

import codecs
import json

import pytest

from app.domain.orders_file import OrderFileRefused, read_orders

GOOD = {
    "reference": "A-1",
    "carrier": "DHL",
    "ship_to_name": "Ann",
    "ship_to_line1": "Street 1",
    "ship_to_postcode": "1000",
    "ship_to_city": "Town",
    "ship_to_country": "de",
    "lines": [{"sku": "TEA", "quantity": 2}],
}


def problems(name: str, data: bytes) -> list[str]:
    with pytest.raises(OrderFileRefused) as refused:
        read_orders(name, data)
    return refused.value.problems


def test_a_good_order_is_read_with_its_defaults() -> None:
    [order] = read_orders("o.json", json.dumps([GOOD]).encode())
    assert (order.slip, order.status, order.ship_to_country, order.lines) == (
        "ORDA-1",
        "ready",
        "DE",
        (("TEA", 2, ()),),
    )


def test_every_fault_of_a_json_file_is_listed() -> None:
    orders = [
        {**GOOD, "colour": "red"},
        {**GOOD, "reference": "A-2", "cut_off": "2026-12-01T15:00:00", "slip": "X-2"},
        {**GOOD, "reference": "A-3", "lines": [{"sku": "TEA", "quantity": 0}, {"sku": "TEA"}]},
        {**GOOD, "reference": "A-4", "label_file": "l.gif", "status": "packed"},
        "not an order",
    ]
    assert problems("o.json", json.dumps(orders).encode()) == [
        "o.json order 1: unknown field 'colour'",
        'o.json order 2, cut_off: "2026-12-01T15:00:00" is not an ISO 8601 time with its '
        "offset (2026-12-01T15:00:00+01:00)",
        "o.json order 2, slip: \"X-2\" does not start with the order prefix 'ORD', so a scan "
        "of it would not open the order",
        'o.json order 3 line 2: must be {"sku": ..., "quantity": ...} (and "serials": [...] '
        'where known), not {"sku": "TEA"}',
        "o.json order 3 line 1, quantity: 0 is not a positive whole number",
        'o.json order 4, status: "packed" is not received, ready or cancelled',
        "o.json order 4, label_tracking: an upstream label needs both label_tracking and "
        "label_file",
        'item 5 of o.json is not an object ({...}): "not an order"',
    ]


def test_csv_rows_of_one_order_must_agree_and_other_encodings_are_refused() -> None:
    header = (
        "reference,carrier,ship_to_name,ship_to_line1,ship_to_postcode,ship_to_city,"
        "ship_to_country,sku,quantity\n"
    )
    rows = "A-1,DHL,Ann,Street 1,1000,Town,DE,TEA,1\nA-1,UPS,Ann,Street 1,1000,Town,DE,PEN,1\n"
    assert problems("o.csv", (header + rows).encode()) == [
        'o.csv line 3, carrier: "UPS" differs from o.csv line 2 of the same order'
    ]
    [message] = problems("o.csv", codecs.BOM_UTF16_LE + header.encode("utf-16-le"))
    assert "not UTF-8 (it is UTF-16)" in message


def test_json_serials_are_a_list_and_a_multiline_csv_row_is_named_by_its_first_line() -> None:
    serial = {"sku": "PHONE", "quantity": 2, "serials": ["S-1", "S-2"]}
    [order] = read_orders("o.json", json.dumps([{**GOOD, "lines": [serial]}]).encode())
    assert order.lines == (("PHONE", 2, ("S-1", "S-2")),)
    wrong = [{**GOOD, "lines": [{"sku": "TEA", "quantity": 1}, {**serial, "serials": 7}]}]
    assert problems("o.json", json.dumps(wrong).encode()) == [
        "o.json order 1 line 2, serials: 7 is not a list of serial numbers"
    ]
    header = (
        "reference,carrier,ship_to_name,ship_to_line1,ship_to_postcode,ship_to_city,"
        "ship_to_country,sku,quantity,gift_message\n"
    )
    rows = (
        'A-1,DHL,Ann,Street 1,1000,Town,DE,TEA,1,"Happy\nbirthday"\nA-2,DHL,Bo,S 2,1,T,DE,TEA,x,\n'
    )
    assert problems("o.csv", (header + rows).encode()) == [
        'o.csv line 4, quantity: "x" is not a positive whole number'
    ]
