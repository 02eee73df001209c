"""Reading a carrier's tracking file: every row gets the same verdict whether it takes the
quick path (a row with no problem) or is checked cell by cell (a row with one)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from app.domain.tracking_events import TrackingFileRefused, read_tracking_file


def test_csv_columns_in_any_order_optional_ones_missing_and_blank_lines() -> None:
    data = (
        "Status_Code,Time,Tracking_Number\n"
        "dl,2026-11-24T13:12:00+01:00, jj100000003de \n"
        "\n"
        " , , \n"
        "TR,2026-11-24T06:40:00Z,JJ100000017DE\n"
    )
    first, second = read_tracking_file("t.csv", data.encode())
    assert first.tracking_number == "JJ100000003DE" and first.status_code == "DL"
    assert first.at == datetime(2026, 11, 24, 13, 12, tzinfo=timezone(timedelta(hours=1)))
    assert (first.description, first.location, first.line) == ("", "", 2)
    assert second.at == datetime(2026, 11, 24, 6, 40, tzinfo=UTC) and second.line == 5


def test_json_with_nulls_reads_as_empty() -> None:
    data = [
        {
            "tracking_number": "JJ1",
            "time": "2026-11-24T06:40:00Z",
            "status_code": "TR",
            "description": None,
        }
    ]
    [event] = read_tracking_file("t.json", json.dumps(data).encode())
    assert event.description == ""


def test_each_problem_named_with_its_line() -> None:
    rows = [
        {"tracking_number": "JJ1", "time": "2026-11-24T06:40:00Z", "status_code": 7},
        {"tracking_number": "JJ2", "time": "2026-11-24T06:40:00Z", "status_code": "T\u0007R"},
        {"tracking_number": "JJ3", "time": "2026-11-24T06:40:00Z", "status_code": "X" * 33},
        {"tracking_number": "JJ4", "time": "24.11.2026", "status_code": "TR"},
        {"tracking_number": "JJ5", "time": "2026-11-24T06:40:00", "status_code": "TR"},
        {"tracking_number": "JJ6", "time": "2026-11-24T06:40:00Z", "status_code": "TR"},
    ]
    with pytest.raises(TrackingFileRefused) as refused:
        read_tracking_file("t.json", json.dumps(rows).encode())
    assert refused.value.problems == [
        "t.json line 1, status_code: 7 is not text",
        "t.json line 2, status_code: holds control characters",
        "t.json line 3, status_code: longer than 32 characters",
        't.json line 4, time: "24.11.2026" is not an ISO 8601 time',
        't.json line 5, time: "2026-11-24T06:40:00" has no time zone (add Z or +01:00)',
    ]


def test_a_csv_row_of_the_wrong_width() -> None:
    data = "tracking_number,time,status_code\nJJ1,2026-11-24T06:40:00Z\n"
    with pytest.raises(TrackingFileRefused) as refused:
        read_tracking_file("t.csv", data.encode())
    assert refused.value.problems == ["t.csv line 2: 2 cells, the header has 3"]
