"""The generic tracking source against a real HTTP server on 127.0.0.1 (http.server in a
thread) on SQLite and PostgreSQL: a carrier's own JSON shape mapped by the site's field map,
events stored once however often it is polled, an exception listed with its order, and a
source that is away, refuses or answers nonsense said in one line."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.tracking_http import HttpJsonSource
from app.domain.tracking_events import TrackingFileRefused
from app.domain.tracking_sources import TrackingSourceFailed, parse_field_map
from app.main import main
from app.services.tracking_events import TrackingService
from app.services.tracking_sources import poll
from tests.integration.test_tracking_import import packed, statuses
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, StepClock, make_station
from tests.support.tracking import IMPORTED_LATER

FIELDS = (
    "events=data.scans; tracking_number=parcel.id; time=when; status_code=code;"
    " description=text; location=place.city"
)


class Carrier:
    """What the carrier's API answers, and who asked with which key."""

    def __init__(self) -> None:
        self.status = 200
        self.body: bytes = b"{}"
        self.keys: list[str | None] = []

    def answer(self, scans: list[dict[str, Any]]) -> None:
        self.status, self.body = 200, json.dumps({"data": {"scans": scans}}).encode()


@pytest.fixture
def carrier() -> Iterator[tuple[Carrier, str]]:
    state = Carrier()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.keys.append(self.headers.get("X-Api-Key"))
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(state.body)))
            self.end_headers()
            self.wfile.write(state.body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_address[1]}/v1/events"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def scan(number: str, when: str, code: str | int, text: str = "", city: str = "") -> dict[str, Any]:
    return {
        "parcel": {"id": number},
        "when": when,
        "code": code,
        "text": text,
        "place": {"city": city},
    }


def test_a_carriers_api_polled_through_the_field_map(
    engine: Engine, now: datetime, carrier: tuple[Carrier, str]
) -> None:
    world: World = seed(engine, now)
    station: StationUnderTest = make_station(engine, now)
    one, two, _ = packed(station, world)
    state, url = carrier
    tracking = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + IMPORTED_LATER))
    source = HttpJsonSource("DHL API", url, headers={"X-Api-Key": "k-123"}, timeout_s=5)
    fields = parse_field_map(FIELDS)

    state.answer(
        [
            scan(one, "2026-11-24T13:12:00+01:00", "DL", "Delivered", "Köln"),
            scan(two, "2026-11-24T09:30:00+01:00", "ADDRESS", "Recipient unknown", "Köln"),
            scan("XX000000000DE", "2026-11-24T09:30:00Z", 17),
        ]
    )
    first = poll(tracking, source, fields)
    assert (first.events, first.added, first.unknown, first.delivered_orders) == (3, 2, 1, 1)
    assert statuses(engine)["SHOP-1"] == "delivered"
    [problem] = tracking.exceptions()
    assert (problem.order_reference, problem.tracking_number) == ("SHOP-2", two)
    assert problem.description == "Recipient unknown"

    again = poll(tracking, source, fields)
    assert (again.added, again.duplicates) == (0, 2)
    assert state.keys == ["k-123", "k-123"]


def test_a_source_away_refusing_or_answering_nonsense(
    engine: Engine, now: datetime, carrier: tuple[Carrier, str]
) -> None:
    state, url = carrier
    tracking = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + IMPORTED_LATER))
    fields = parse_field_map(FIELDS)
    source = HttpJsonSource("DHL API", url, timeout_s=5)

    state.status, state.body = 503, b"busy"
    with pytest.raises(TrackingSourceFailed, match=r"DHL API: .* answered 503"):
        poll(tracking, source, fields)
    state.status, state.body = 200, b"<html>"
    with pytest.raises(TrackingSourceFailed, match="the answer is not JSON"):
        poll(tracking, source, fields)
    state.answer([])
    state.body = b'{"data": {}}'
    with pytest.raises(TrackingSourceFailed, match=r"no list of events at data\.scans"):
        poll(tracking, source, fields)
    state.answer([scan("JJ1", "tomorrow", "DL")])
    with pytest.raises(TrackingFileRefused) as refused:
        poll(tracking, source, fields)
    assert refused.value.problems == [
        'DHL API.json line 1, time: "tomorrow" is not an ISO 8601 time'
    ]

    away = HttpJsonSource("DHL API", "http://127.0.0.1:1/v1", timeout_s=5)
    with pytest.raises(TrackingSourceFailed, match=r"cannot reach http://127\.0\.0\.1:1/v1"):
        poll(tracking, away, fields)
    with pytest.raises(TrackingSourceFailed, match="is not an http"):
        HttpJsonSource("DHL API", "file:///etc/passwd")


def test_the_field_map_says_what_to_write() -> None:
    with pytest.raises(ValueError, match="lacks time, status_code"):
        parse_field_map("tracking_number=id")
    with pytest.raises(ValueError, match="NAME one of events, tracking_number"):
        parse_field_map("number=id")
    with pytest.raises(ValueError, match="field names joined by dots"):
        parse_field_map("tracking_number=a..b; time=t; status_code=c")


def test_the_command_line_polls_the_api_and_watches_a_folder(
    database_url: str,
    engine: Engine,
    now: datetime,
    carrier: tuple[Carrier, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    world: World = seed(engine, now)
    one, two, _ = packed(make_station(engine, now), world)
    state, url = carrier
    state.answer([scan(one, "2026-11-24T13:12:00+01:00", "DL", "Delivered", "Köln")])
    drop = tmp_path / "drop"
    drop.mkdir()
    config = tmp_path / "packbench.toml"
    # The API's key is a secret: the config file may not hold it, the environment gives it.
    config.write_text(f'[tracking]\nurl = "{url}"\napi_key = "k-9"\n', encoding="utf-8")
    base = ["--config", str(config), "--db", database_url, "import", "tracking"]
    assert main([*base, "--poll", "--once"]) == 2
    assert "api_key" in capsys.readouterr().err
    config.write_text(
        f'[tracking]\nurl = "{url}"\nfields = "{FIELDS}"\nwatch_dir = "{drop}"\npoll_s = 1\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("PACKBENCH_TRACKING_KEY", "k-9")

    assert main([*base, "--poll", "--once"]) == 0
    assert "1 event(s), 1 new" in capsys.readouterr().out
    # The API answering what is not JSON, or not at all: --once says why and exits 2.
    state.status, state.body = 200, b"<html>maintenance</html>"
    assert main([*base, "--poll", "--once"]) == 2
    assert "packbench: " in capsys.readouterr().err
    away = config.read_text(encoding="utf-8").replace(url, "http://127.0.0.1:9/v1/events")
    config.write_text(away, encoding="utf-8")
    assert main([*base, "--poll", "--once"]) == 2
    assert "packbench: " in capsys.readouterr().err
    config.write_text(away.replace("http://127.0.0.1:9/v1/events", url), encoding="utf-8")
    state.answer([scan(one, "2026-11-24T13:12:00+01:00", "DL", "Delivered", "Köln")])
    assert state.keys == ["k-9", "k-9"] and statuses(engine)["SHOP-1"] == "delivered"

    (drop / "dhl.csv").write_text(
        f"tracking_number,time,status_code\n{two},2026-11-24T10:00:00Z,DL\n", encoding="utf-8"
    )
    (drop / "bad.csv").write_text("tracking_number,time\nJJ1,2026\n", encoding="utf-8")
    assert main([*base, "--watch", "--once"]) == 0
    out = capsys.readouterr().out
    assert "dhl.csv: 1 event(s), 1 new" in out and "bad.csv: refused" in out
    assert sorted(p.name for p in (drop / "done").iterdir()) == ["dhl.csv"]
    assert "status_code" in (drop / "failed" / "bad.csv.errors.txt").read_text("utf-8")
    assert statuses(engine)["SHOP-2"] == "delivered"

    assert main([*base, "--watch", str(tmp_path / "nowhere"), "--once"]) == 2
    assert main([*base]) == 2
    assert "give a FILE, or --watch [DIR], or --poll" in capsys.readouterr().err
