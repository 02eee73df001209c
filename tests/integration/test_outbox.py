"""The outbox on SQLite and PostgreSQL: orders packed through the station's own services,
handed over at the dock and tracked (delivered, an address problem), each change an event
stored with it; the events exported as CSV and JSON files exactly once, also when the exporting
process is killed with SIGKILL between any two steps."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from app.adapters.db import tables as t
from app.adapters.db.tables_outbox import outbox_events
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.adapters.security import Argon2CredentialHasher
from app.domain.exports import ExportRefused
from app.domain.outbox import EVENT_COLUMNS
from app.services.exports import Exporter, ExportService
from app.services.handoff import Actor, HandoffService
from app.services.outbox import EventExportService
from app.services.tracking_events import TrackingService
from tests.support.factories import World, add_sscc_range, seed
from tests.support.station import StationUnderTest, StepClock, make_station

ORDERS = [
    ("SHOP-1", [("MUG-BLUE", 1)]),
    ("SHOP-2", [("NOTE-A5", 1)]),
    ("SHOP-3", [("CABLE-C1", 1)]),
]


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
    add_sscc_range(engine)
    with engine.begin() as conn:
        for reference, _ in ORDERS:
            conn.execute(
                update(t.orders)
                .where(t.orders.c.reference == reference)
                .values(ship_to_email=f"{reference.lower()}@example.com")
            )
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def make_events(
    engine: Engine, now: datetime, world: World, station: StationUnderTest
) -> list[str]:
    """Pack the three orders, load them at the dock (three hand-offs), then import tracking:
    SHOP-1 delivered, SHOP-2 an address problem. The tracking numbers, in order."""
    session = station.sign_in()
    numbers = []
    for reference, lines in ORDERS:
        order = station.packing.open_order(session, world.slips[reference])
        for sku, quantity in lines:
            for n in range(quantity):
                station.packing.record_scan(
                    session, order.id, f"{reference}-{sku}-{n}", world.product_codes[sku]
                )
        numbers.append(station.packing.complete_order(session, order.id, "file").tracking_number)
    dock = HandoffService(
        SqlUnitOfWork.factory(engine),
        StepClock(now + timedelta(hours=1)),
        pickups={"DHL": time(17, 0)},
        zone=UTC,
        folder=None,
        files=LocalBatchFolder(),
        document=ManifestSheet(),
    )
    loader = Actor(session.user_id, session.user_name, session.role, session.station_id)
    for number in numbers:
        assert dock.dock_scan(loader, None, number).order_handed_over is not None
    tracking = (
        "tracking_number,time,status_code,description\n"
        f"{numbers[0]},2026-11-24T10:00:00Z,DL,Delivered\n"
        f"{numbers[1]},2026-11-24T11:00:00Z,ADDRESS,Address problem: recipient unknown\n"
    )
    service = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + timedelta(days=1)))
    assert service.import_file("t.csv", tracking.encode()).delivered_orders == 1
    # The same file again changes nothing, so adds no event.
    assert service.import_file("t.csv", tracking.encode()).added == 0
    return numbers


def stored(engine: Engine) -> list[tuple[str, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(outbox_events.c.kind, t.orders.c.reference, outbox_events.c.status_code)
            .join(t.orders, t.orders.c.id == outbox_events.c.order_id)
            .order_by(outbox_events.c.id)
        )
        return [tuple(row) for row in rows]


def supervisor_service(
    engine: Engine, now: datetime, batch_size: int = 5000
) -> tuple[EventExportService, Exporter]:
    factory = SqlUnitOfWork.factory(engine)
    clock = StepClock(now + timedelta(days=2))
    batches = ExportService(factory, clock, LocalBatchFolder(), Argon2CredentialHasher())
    return EventExportService(batches, factory, clock, batch_size), batches.identify("BDG9001")


def no_step(step: str, batch: object) -> None:
    return None


def test_hand_offs_deliveries_and_exceptions_become_events_once(
    engine: Engine, now: datetime, world: World, station: StationUnderTest
) -> None:
    make_events(engine, now, world, station)
    assert stored(engine) == [
        ("handed_over", "SHOP-1", ""),
        ("handed_over", "SHOP-2", ""),
        ("handed_over", "SHOP-3", ""),
        ("exception", "SHOP-2", "ADDRESS"),
        ("delivered", "SHOP-1", ""),
    ]


def test_events_go_out_once_as_csv_then_new_ones_as_json(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, tmp_path: Path
) -> None:
    numbers = make_events(engine, now, world, station)
    service, exporter = supervisor_service(engine, now, batch_size=3)
    run = service.export(exporter, tmp_path, "csv", no_step)
    assert run.summary == "5 event(s) in 2 file(s)"
    files = sorted(tmp_path.iterdir())
    assert [f.name.startswith("events-") and f.suffix == ".csv" for f in files] == [True, True]
    rows = []
    for file in files:
        with file.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
            rows += list(reader)
    assert [(r["event"], r["order_reference"], r["tracking_numbers"]) for r in rows] == [
        ("handed_over", "SHOP-1", numbers[0]),
        ("handed_over", "SHOP-2", numbers[1]),
        ("handed_over", "SHOP-3", numbers[2]),
        ("exception", "SHOP-2", numbers[1]),
        ("delivered", "SHOP-1", numbers[0]),
    ]
    assert rows[3]["description"] == "Address problem: recipient unknown"
    assert service.export(exporter, tmp_path, "csv", no_step).summary == "no new events to export"

    # A later hand-off goes in the next file only; JSON keeps the tracking numbers as a list.
    with SqlUnitOfWork(engine) as uow:
        from app.domain.outbox import delivered

        uow.outbox.add([delivered(world.orders["SHOP-3"], now)], now)
        uow.commit()
    later = tmp_path / "json"
    later.mkdir()
    assert service.export(exporter, later, "json", no_step).events == 1
    [document] = [json.loads(p.read_text(encoding="utf-8")) for p in later.iterdir()]
    assert document["batch"]["events"] == 1
    [event] = document["events"]
    assert (event["event"], event["order_reference"]) == ("delivered", "SHOP-3")
    assert event["tracking_numbers"] == [numbers[2]]
    with engine.connect() as conn:
        unexported = select(func.count()).where(outbox_events.c.batch_id.is_(None))
        assert conn.execute(unexported).scalar_one() == 0


def test_an_event_not_committed_with_its_change_is_not_stored(
    engine: Engine, now: datetime, world: World
) -> None:
    from app.domain.outbox import handed_over

    with SqlUnitOfWork(engine) as uow:
        uow.outbox.add([handed_over(world.orders["SHOP-1"], now)], now)
        # no commit: the change and its event go together
    assert stored(engine) == []


def test_a_folder_that_cannot_be_written_exports_nothing(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, tmp_path: Path
) -> None:
    make_events(engine, now, world, station)
    service, exporter = supervisor_service(engine, now)
    with pytest.raises(ExportRefused, match="does not exist"):
        service.export(exporter, tmp_path / "missing", "csv", no_step)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(t.export_batches)).scalar_one() == 0


# -- crashes -------------------------------------------------------------------------------


def _export_process(
    database_url: str, out: Path, data_dir: Path, halt_at: str | None
) -> subprocess.Popen[str]:
    config = data_dir / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = dict(os.environ, PACKBENCH_DATA_DIR=str(data_dir), PACKBENCH_CONFIG=str(config))
    env.pop("PACKBENCH_TEST_EXPORT_HALT_AT", None)
    if halt_at is not None:
        env["PACKBENCH_TEST_EXPORT_HALT_AT"] = halt_at
    command = [sys.executable, "-m", "app", "--db", database_url, "export", "events"]
    return subprocess.Popen(
        [*command, "--to", str(out), "--badge", "BDG9001", "--batch-size", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _run_until_halted(database_url: str, out: Path, data_dir: Path, halt_at: str) -> str:
    """Start an export that stops after step ``halt_at`` and SIGKILL it there: the name of
    the batch file it was busy with."""
    process = _export_process(database_url, out, data_dir, halt_at)
    assert process.stderr is not None
    halted = ""
    said: list[str] = []
    for line in process.stderr:  # waits on the process's own words, no sleeping
        said.append(line)
        if line.startswith("halted after"):
            halted = line
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert halted.startswith(f"halted after {halt_at}: events-"), "".join(said)
    assert process.returncode == -signal.SIGKILL
    return halted.split(": ", 1)[1].strip()


def test_sigkill_between_any_two_steps_leaves_every_event_in_exactly_one_file(
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    tmp_path: Path,
) -> None:
    """Killed after recording a batch, after writing its temporary file, after renaming it
    into place (before marking it written): a fourth run finishes it and exports the rest,
    and every event is in exactly one file, byte for byte as recorded."""
    make_events(engine, now, world, station)
    out = tmp_path / "out"
    out.mkdir()

    def files() -> tuple[list[str], list[str]]:
        names = sorted(p.name for p in out.iterdir())
        return [n for n in names if n.endswith(".tmp")], [n for n in names if n[0] != "."]

    first = _run_until_halted(database_url, out, tmp_path, "recorded")
    assert files() == ([], [])
    assert _run_until_halted(database_url, out, tmp_path, "temporary") == first
    ((temporary,), published) = files()
    assert temporary.startswith(f".{first}.") and published == []
    assert _run_until_halted(database_url, out, tmp_path, "renamed") == first
    assert files() == ([], [first])

    again = _export_process(database_url, out, tmp_path, None)
    stdout, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert stdout.strip() == "finished 1 batch file(s) an earlier run left; 3 event(s) in 2 file(s)"
    assert files()[0] == []
    seen: list[str] = []
    for file in sorted(out.iterdir()):
        with file.open(encoding="utf-8", newline="") as handle:
            seen += [row["event_id"] for row in csv.DictReader(handle)]
    with engine.connect() as conn:
        ids = [str(i) for i in conn.execute(select(outbox_events.c.id)).scalars()]
        contents = dict(
            conn.execute(select(t.export_batches.c.file_name, t.export_batches.c.content)).all()
        )
        unwritten = select(func.count()).where(t.export_batches.c.written_at.is_(None))
        assert conn.execute(unwritten).scalar_one() == 0
    assert sorted(seen, key=int) == sorted(ids, key=int) and len(seen) == 5  # each exactly once
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        name: content.encode("utf-8") for name, content in contents.items()
    }
    last = _export_process(database_url, out, tmp_path, None)
    assert last.communicate(timeout=120)[0].strip() == "no new events to export"
