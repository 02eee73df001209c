"""The export file format in the domain: formula escaping, file names, ``--since``."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain.exports import (
    CSV_COLUMNS,
    BatchHeader,
    ExportRefused,
    ParcelOut,
    Shipment,
    batch_file_name,
    csv_text,
    parse_since,
    render,
)

AT = datetime(2026, 11, 23, 9, 30, 5, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("=1+2", "'=1+2"),
        ("+49 40 123", "'+49 40 123"),
        ("-42", "'-42"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("SHOP-1", "SHOP-1"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_csv_escapes_what_a_spreadsheet_would_run(value: str | None, shown: str) -> None:
    assert csv_text(value) == shown


def test_file_names_sort_by_time_and_say_re_export() -> None:
    assert batch_file_name(42, AT, "csv", False) == "shipments-20261123T093005Z-000042.csv"
    local = AT.astimezone(timezone(timedelta(hours=1)))
    assert batch_file_name(7, local, "json", True) == "shipments-again-20261123T093005Z-000007.json"


def test_since_takes_a_date_or_a_time() -> None:
    assert parse_since("2026-11-23") == datetime(2026, 11, 23, tzinfo=UTC)
    assert parse_since("2026-11-23T09:30") == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert parse_since("2026-11-23T10:30+01:00") == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert parse_since("2026-11-23T09:30:00Z") == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    with pytest.raises(ExportRefused, match="--since 'yesterday': not a date or time"):
        parse_since("yesterday")


def _shipment() -> Shipment:
    parcels = (
        ParcelOut(1, "JJ100000017DE", "040123450000000023", 1250, None, AT),
        ParcelOut(2, "JJ100000025DE", None, None, None, None, voided_at=AT),
    )
    return Shipment(1, "=cmd|' /C calc'!A0", "DHL", "Paket", AT, "-Robin", parcels)


def test_csv_has_a_row_per_parcel_and_json_an_object_per_shipment() -> None:
    header = BatchHeader(3, "shipments-x.csv", AT)
    rows = list(csv.reader(io.StringIO(render(header, [_shipment()], "csv"), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1] == [
        "3",
        "false",
        "'=cmd|' /C calc'!A0",
        "DHL",
        "Paket",
        "2026-11-23T09:30:05Z",
        "'-Robin",
        "1",
        "JJ100000017DE",
        "040123450000000023",
        "1250",
        "",
        "2026-11-23T09:30:05Z",
        "",
    ]
    assert rows[2][7:] == ["2", "JJ100000025DE", "", "", "", "", "2026-11-23T09:30:05Z"]
    document = json.loads(render(BatchHeader(3, "x.json", AT, True, AT), [_shipment()], "json"))
    assert document["batch"] == {
        "id": 3,
        "file": "x.json",
        "created_at": "2026-11-23T09:30:05Z",
        "re_export": True,
        "since": "2026-11-23T09:30:05Z",
        "shipments": 1,
    }
    (shipment,) = document["shipments"]
    assert shipment["order_reference"] == "=cmd|' /C calc'!A0"  # raw in JSON
    assert shipment["packed_by"] == "-Robin"
    assert [p["sscc"] for p in shipment["parcels"]] == ["040123450000000023", None]
    assert shipment["parcels"][1]["voided_at"] == "2026-11-23T09:30:05Z"


def test_the_json_schema_names_exactly_the_fields_a_file_has() -> None:
    from pathlib import Path

    schema = json.loads(
        (Path(__file__).parents[2] / "resources/schemas/shipments.schema.json").read_text()
    )
    document = json.loads(render(BatchHeader(3, "x.json", AT), [_shipment()], "json"))
    shipment_schema = schema["properties"]["shipments"]["items"]
    parcel_schema = shipment_schema["properties"]["parcels"]["items"]
    assert set(document) == set(schema["required"])
    assert set(document["batch"]) == set(schema["properties"]["batch"]["required"])
    assert set(document["shipments"][0]) == set(shipment_schema["required"])
    assert set(document["shipments"][0]["parcels"][0]) == set(parcel_schema["required"])
    assert set(parcel_schema["required"]) == set(parcel_schema["properties"])
