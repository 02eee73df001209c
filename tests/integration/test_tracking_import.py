"""``packbench import tracking FILE`` on SQLite and PostgreSQL: events stored per parcel, the
same file twice counts once, events out of order are decided by their time, delivered marks
the order delivered (when every parcel is), exceptions are listed, a bad file is refused whole
with every problem's line."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.tracking_events import TrackingFileRefused, parse_status_map
from app.main import main
from app.services.tracking_events import TrackingService
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, StepClock, make_station
from tests.support.tracking import IMPORTED_LATER

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "samples" / "tracking.csv"


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def packed(station: StationUnderTest, world: World) -> list[str]:
    """SHOP-1..3 packed through the station: their tracking numbers, in order."""
    session = station.sign_in()
    numbers = []
    lines = {"SHOP-1": [("MUG-BLUE", 2), ("CABLE-C1", 1)], "SHOP-2": [("NOTE-A5", 1)]}
    lines["SHOP-3"] = [("PEN-BLK", 12)]
    for reference, wanted in lines.items():
        order = station.packing.open_order(session, world.slips[reference])
        for sku, quantity in wanted:
            for n in range(quantity):
                station.packing.record_scan(
                    session, order.id, f"{reference}{sku}{n}", world.product_codes[sku]
                )
        numbers.append(station.packing.complete_order(session, order.id, "file").tracking_number)
    return numbers


def statuses(engine: Engine) -> dict[str, str]:
    with engine.connect() as conn:
        return {r.reference: r.status for r in conn.execute(select(t.orders))}


def test_the_sample_file_twice_and_out_of_order(
    engine: Engine, now: datetime, world: World, station: StationUnderTest
) -> None:
    numbers = packed(station, world)
    assert numbers == ["JJ100000003DE", "JJ100000017DE", "JJ100000025DE"]
    service = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + IMPORTED_LATER))
    first = service.import_file(SAMPLE.name, SAMPLE.read_bytes())
    assert (first.events, first.added, first.duplicates, first.unknown) == (7, 7, 0, 0)
    assert first.delivered_orders == 2
    assert statuses(engine) == {"SHOP-1": "delivered", "SHOP-2": "packed", "SHOP-3": "delivered"}

    again = service.import_file(SAMPLE.name, SAMPLE.read_bytes())
    assert (again.added, again.duplicates, again.delivered_orders) == (0, 7, 0)
    # The same moments written in UTC are the same events.
    in_utc = "\n".join(
        line.replace("T18:05:00+01:00", "T17:05:00Z").replace("T18:10:00+01:00", "T17:10:00Z")
        for line in SAMPLE.read_text("utf-8").splitlines()
        if "T18:" in line or line.startswith("tracking_number")
    )
    utc = service.import_file("utc.csv", in_utc.encode())
    assert (utc.events, utc.added, utc.duplicates) == (3, 0, 3)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.tracking_events)).scalar() == 7
        latest = {r.parcel_id: r.status_code for r in conn.execute(select(t.parcel_tracking))}
    # SHOP-3's delivery came before its pick-up in the file: the delivery (later in time) stands.
    assert sorted(latest.values()) == ["ADDRESS", "DL", "DL"]

    [problem] = service.exceptions()
    assert (problem.order_reference, problem.status_code) == ("SHOP-2", "ADDRESS")
    assert problem.description == "Address problem: recipient unknown"

    # An older event arriving late changes nothing; the events are stored all the same.
    late = [
        {
            "tracking_number": "JJ100000003DE",
            "time": "2026-11-24T07:00:00Z",
            "status_code": "TR",
            "description": "In the van",
            "location": "Köln",
        },
        {
            "tracking_number": "XX000000000DE",
            "time": "2026-11-24T07:00:00Z",
            "status_code": "TR",
        },
    ]
    report = service.import_file("late.json", json.dumps(late).encode())
    assert (report.added, report.unknown) == (1, 1)
    assert statuses(engine)["SHOP-1"] == "delivered"


def test_status_codes_map_per_carrier(
    engine: Engine, now: datetime, world: World, station: StationUnderTest
) -> None:
    packed(station, world)
    service = TrackingService(
        SqlUnitOfWork.factory(engine),
        StepClock(now + IMPORTED_LATER),
        parse_status_map("DHL: ZU=delivered"),
    )
    data = "tracking_number,time,status_code\nJJ100000017DE,2026-11-24T10:00:00Z,zu\n"
    assert service.import_file("dhl.csv", data.encode()).delivered_orders == 1
    assert statuses(engine)["SHOP-2"] == "delivered"


def test_a_bad_file_is_refused_whole_with_every_line(
    engine: Engine, now: datetime, world: World, station: StationUnderTest
) -> None:
    packed(station, world)
    service = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + IMPORTED_LATER))
    data = (
        "tracking_number,time,status_code\n"
        "JJ100000003DE,2026-11-24T10:00:00Z,DL\n"
        "JJ100000017DE,yesterday,DL\n"
        "JJ100000025DE,2026-11-24T10:00:00,DL\n"
        ",2026-11-24T10:00:00Z,DL\n"
    )
    with pytest.raises(TrackingFileRefused) as refused:
        service.import_file("bad.csv", data.encode())
    assert refused.value.problems == [
        'bad.csv line 3, time: "yesterday" is not an ISO 8601 time',
        'bad.csv line 4, time: "2026-11-24T10:00:00" has no time zone (add Z or +01:00)',
        "bad.csv line 5, tracking_number: missing",
    ]
    assert statuses(engine)["SHOP-1"] == "packed"


def test_the_command_line(
    database_url: str,
    engine: Engine,
    world: World,
    station: StationUnderTest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    packed(station, world)
    assert main(["--db", database_url, "import", "tracking", str(SAMPLE)]) == 0
    assert "7 event(s), 7 new, 0 already stored" in capsys.readouterr().out
    assert main(["--db", database_url, "import", "tracking", str(SAMPLE)]) == 0
    assert "7 event(s), 0 new, 7 already stored" in capsys.readouterr().out
    # The progress and the summary agree: for a file of parcels Packbench never labelled too.
    with engine.begin() as conn:
        conn.execute(t.parcel_tracking.delete())
        conn.execute(t.tracking_events.delete())
        conn.execute(t.parcels.update().values(tracking_number=t.parcels.c.tracking_number + "X"))
    assert main(["--db", database_url, "import", "tracking", str(SAMPLE)]) == 0
    out, err = capsys.readouterr()
    said = out + err
    assert "7 of 7 looked at: 0 new, 0 already stored, 7 of unknown parcels" in said
    assert "0 new, 0 already stored, 7 of unknown parcels" in out


def test_events_dated_in_the_future_or_long_ago_are_refused_per_line(
    database_url: str,
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, second, _ = packed(station, world)
    data = (
        "tracking_number,time,status_code\n"
        f"{first},9999-12-31T23:59:59+14:00,DL\n"
        f"{second},1970-01-01T00:00:00Z,DL\n"
    )
    service = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now))
    with pytest.raises(TrackingFileRefused) as refused:
        service.import_file("future.csv", data.encode())
    assert refused.value.problems == [
        f"future.csv line 2 ({first}), time: 9999-12-31T23:59:59+14:00 is in the future; refused "
        "(a date the carrier cannot have scanned would lock the parcel's state)",
        f"future.csv line 3 ({second}), time: 1970-01-01T00:00:00+00:00 is before 2000; refused "
        "(a date the carrier cannot have scanned would lock the parcel's state)",
    ]
    # A carrier's clock a little ahead (within a day) is taken; then the real delivery counts.
    ahead = (now + timedelta(hours=20)).isoformat()
    service.import_file(
        "ahead.csv", f"tracking_number,time,status_code\n{first},{ahead},TR\n".encode()
    )
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.tracking_events)).scalar_one() == 1


def test_a_future_event_through_the_command_line(
    database_url: str,
    engine: Engine,
    world: World,
    station: StationUnderTest,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, *_ = packed(station, world)
    path = tmp_path / "future.json"
    path.write_text(
        json.dumps(
            [
                {
                    "tracking_number": first,
                    "time": "9999-12-31T23:59:59+14:00",
                    "status_code": "DL",
                },
                {"tracking_number": first},
            ]
        )
    )
    assert main(["--db", database_url, "import", "tracking", str(path)]) != 0
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert f"future.json line 1 ({first}), time: 9999-12-31T23:59:59+14:00 is in the future" in said
    # An event missing both its time and its status code: both named.
    assert "future.json line 2, time: missing" in said
    assert "future.json line 2, status_code: missing" in said
    assert statuses(engine)["SHOP-1"] == "packed"
