"""``packbench export shipments`` on SQLite and PostgreSQL: orders packed and labelled through
the station's own services, exported as CSV and JSON, each shipment exactly once (also when
the exporting process is killed with SIGKILL between any two steps), re-exports on purpose,
formula escaping, and a folder that cannot be written."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.export_folder import LocalBatchFolder
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import NotAllowed
from app.domain.exports import CSV_COLUMNS
from app.main import main
from app.services.exports import ExportService
from app.services.results import Session
from tests.support.factories import World, add_sscc_range, seed
from tests.support.printers import file_printer
from tests.support.station import StationUnderTest, StepClock, make_station

ORDERS = [
    ("SHOP-1", [("MUG-BLUE", 2)]),
    ('=HYPERLINK("http://x")', [("NOTE-A5", 1)]),
    ("-42", [("CABLE-C1", 1)]),
    ("@SUM(A1)", [("MUG-BLUE", 1)]),
    ("SHOP-5", [("NOTE-A5", 1)]),
]


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
    add_sscc_range(engine)
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def pack(station: StationUnderTest, session: Session, world: World, reference: str) -> int:
    """Claim, scan every unit and complete: packed, its label queued. The print job's id."""
    order = station.packing.open_order(session, world.slips[reference])
    for sku, quantity in dict(ORDERS)[reference]:
        for n in range(quantity):
            station.packing.record_scan(
                session, order.id, f"{reference}-{sku}-{n}", world.product_codes[sku]
            )
    return station.packing.complete_order(session, order.id, "file").print_job_id


def pack_and_label(
    station: StationUnderTest, session: Session, world: World, reference: str, labels: Path
) -> None:
    job = pack(station, session, world, reference)
    assert station.labels(file_printer(labels)).print_job(session, job).state == "sent"


def exporter_service(engine: Engine, now: datetime, batch_size: int = 1000) -> ExportService:
    return ExportService(
        SqlUnitOfWork.factory(engine),
        StepClock(now + timedelta(hours=1)),
        LocalBatchFolder(),
        Argon2CredentialHasher(),
        batch_size=batch_size,
    )


def csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def scalar(engine: Engine, query: object) -> object:
    with engine.connect() as conn:
        return conn.execute(query).scalar_one()  # type: ignore[call-overload]


def audit_actions(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.action)
            .where(t.audit_log.c.entity == "export_batch")
            .order_by(t.audit_log.c.id)
        )
        return [row.action for row in rows]


def test_labelled_shipments_go_out_once_and_a_later_label_in_the_next_file(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    labels, out = tmp_path / "labels", tmp_path / "out"
    labels.mkdir()
    out.mkdir()
    pack_and_label(station, session, world, "SHOP-1", labels)
    late_job = pack(station, session, world, "SHOP-5")  # packed, label not printed yet
    service = exporter_service(engine, now)
    robin = service.identify("BDG9001")
    assert robin.name == "Robin Supervisor"

    first = service.export(robin, out, "csv")
    assert first.summary == "1 shipment(s) in 1 file(s)"
    (name,) = [p.name for p in out.iterdir()]
    assert name == first.batches[0].file_name
    assert name.startswith("shipments-") and name.endswith(f"-{first.batches[0].batch_id:06d}.csv")
    (row,) = csv_rows(out / name)
    assert list(row) == list(CSV_COLUMNS)
    with engine.connect() as conn:
        parcel = conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == world.orders["SHOP-1"])
        ).one()
        sent = conn.execute(
            select(t.print_jobs.c.updated_at).where(t.print_jobs.c.state == "sent")
        ).scalar_one()
        completed = conn.execute(
            select(t.audit_log.c.at).where(
                t.audit_log.c.action == "complete",
                t.audit_log.c.entity_id == world.orders["SHOP-1"],
            )
        ).scalar_one()
    assert row["order_reference"] == "SHOP-1"
    assert row["re_export"] == "false"
    assert (row["carrier"], row["service"]) == ("DHL", "Paket")
    assert row["packed_by"] == "Alex Packer"
    assert row["packed_at"] == completed.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row["labelled_at"] == sent.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (row["parcel_no"], row["tracking_number"]) == ("1", parcel.tracking_number)
    assert row["sscc"] == parcel.sscc and len(parcel.sscc) == 18
    assert (row["weight_g"], row["box"], row["voided_at"]) == ("", "", "")

    assert service.export(robin, out, "csv").summary == "nothing new to export"
    assert len(list(out.iterdir())) == 1

    assert station.labels(file_printer(labels)).print_job(session, late_job).state == "sent"
    third = service.export(robin, out, "csv")
    assert [b.shipments for b in third.batches] == [1]
    assert [r["order_reference"] for r in csv_rows(out / third.batches[0].file_name)] == ["SHOP-5"]
    assert audit_actions(engine) == ["export_batch", "export_batch"]
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count()).where(t.export_batches.c.written_at.is_(None))
            ).scalar_one()
            == 0
        )
        stored = conn.execute(
            select(t.export_batches.c.content).where(t.export_batches.c.file_name == name)
        ).scalar_one()
    assert (out / name).read_bytes() == stored.encode("utf-8")


def test_json_keeps_raw_values_and_csv_escapes_formulas(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    labels, as_csv, as_json = tmp_path / "labels", tmp_path / "csv", tmp_path / "json"
    for folder in (labels, as_csv, as_json):
        folder.mkdir()
    risky = ['=HYPERLINK("http://x")', "-42", "@SUM(A1)"]
    for reference in risky:
        pack_and_label(station, session, world, reference, labels)
    service = exporter_service(engine, now)
    robin = service.identify("BDG9001")
    service.export(robin, as_csv, "csv")
    (csv_file,) = as_csv.iterdir()
    assert [r["order_reference"] for r in csv_rows(csv_file)] == [f"'{r}" for r in risky]

    # The same shipments again, on purpose, as JSON: raw values.
    again = service.export_again(robin, as_json, "json", now - timedelta(days=1))
    (json_file,) = as_json.iterdir()
    assert json_file.name.startswith("shipments-again-") and json_file.suffix == ".json"
    document = json.loads(json_file.read_text(encoding="utf-8"))
    assert document["batch"]["re_export"] is True
    assert document["batch"]["shipments"] == 3 == again.batches[0].shipments
    assert [s["order_reference"] for s in document["shipments"]] == risky
    shipment = document["shipments"][0]
    assert set(shipment) == {
        "order_reference",
        "carrier",
        "service",
        "packed_at",
        "packed_by",
        "parcels",
    }
    (parcel,) = shipment["parcels"]
    assert parcel["weight_g"] is None and parcel["box"] is None and parcel["voided_at"] is None
    assert parcel["tracking_number"].endswith("DE") and len(parcel["sscc"]) == 18


def test_again_since_re_exports_into_new_files_and_changes_nothing_else(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    labels, out = tmp_path / "labels", tmp_path / "out"
    labels.mkdir()
    out.mkdir()
    for reference in ("SHOP-1", "SHOP-5", "-42"):
        pack_and_label(station, session, world, reference, labels)
    service = exporter_service(engine, now, batch_size=2)
    robin = service.identify("BDG9001")
    first = service.export(robin, out, "csv")
    assert [b.shipments for b in first.batches] == [2, 1]
    with engine.connect() as conn:
        second_batch_at = conn.execute(
            select(t.export_batches.c.created_at).where(
                t.export_batches.c.id == first.batches[1].batch_id
            )
        ).scalar_one()

    # Re-export since the second batch: only its shipment, in a file of its own.
    again = service.export_again(robin, out, "csv", second_batch_at)
    assert [b.shipments for b in again.batches] == [1] and again.batches[0].again
    rows = csv_rows(out / again.batches[0].file_name)
    assert [(r["order_reference"], r["re_export"]) for r in rows] == [("SHOP-5", "true")]
    # Everything since long ago: three shipments in two files (batches of two).
    everything = service.export_again(robin, out, "csv", now - timedelta(days=1))
    assert [b.shipments for b in everything.batches] == [2, 1]
    assert service.export_again(robin, out, "csv", now + timedelta(days=9)).batches == []
    # A re-export never counts as the first export: nothing new for the next normal run.
    assert service.export(robin, out, "csv").batches == []
    assert len(list(out.iterdir())) == 5
    assert audit_actions(engine) == ["export_batch"] * 2 + ["export_again"] * 3


def test_a_voided_label_shows_with_its_void_time_and_a_reprint_changes_nothing(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    labels, out = tmp_path / "labels", tmp_path / "out"
    labels.mkdir()
    out.mkdir()
    pack_and_label(station, session, world, "SHOP-1", labels)
    pack_and_label(station, session, world, "SHOP-5", labels)
    supervisor = station.sign_in("BDG9001")
    desk = station.labels(file_printer(labels))
    reprint = desk.reprint(supervisor, "SHOP-1", "Label damaged")
    assert desk.print_job(supervisor, reprint).state == "sent"
    desk.void_label(supervisor, "SHOP-5", "Wrong address")
    service = exporter_service(engine, now)
    robin = service.identify("BDG9001")
    run = service.export(robin, out, "csv")
    # SHOP-5's only label is void: not a shipment to export.
    rows = csv_rows(out / run.batches[0].file_name)
    assert [r["order_reference"] for r in rows] == ["SHOP-1"]
    with engine.connect() as conn:
        first_sent = conn.execute(
            select(func.min(t.print_jobs.c.updated_at)).where(t.print_jobs.c.state == "sent")
        ).scalar_one()
    assert rows[0]["labelled_at"] == first_sent.strftime("%Y-%m-%dT%H:%M:%SZ")
    # Voided after it went out: a re-export shows the void.
    desk.void_label(supervisor, "SHOP-1", "Parcel damaged")
    again = service.export_again(robin, out, "csv", now - timedelta(days=1))
    (row,) = csv_rows(out / again.batches[0].file_name)
    assert row["order_reference"] == "SHOP-1" and row["voided_at"] != ""


def test_only_supervisors_and_admins_export_and_refusals_are_audited(
    engine: Engine, now: datetime, world: World
) -> None:
    service = exporter_service(engine, now)
    with pytest.raises(NotAllowed, match="Alex Packer is a packer"):
        service.identify("BDG1001")
    with pytest.raises(NotAllowed, match="Badge not recognised"):
        service.identify("BDG4242")
    assert audit_actions(engine) == ["export_refused", "export_refused"]


@pytest.mark.parametrize("kind", ["missing", "file", "unwritable"])
def test_a_folder_that_cannot_be_written_gives_one_message_and_records_nothing(
    kind: str,
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    pack_and_label(station, session, world, "SHOP-1", labels)
    folder = {
        "missing": tmp_path / "nowhere",
        "file": labels / next(labels.iterdir()).name,
        # Even root cannot create files in /proc.
        "unwritable": Path("/proc"),
    }[kind]
    _cli_environment(monkeypatch, tmp_path)
    code = main(
        ["--db", database_url, "export", "shipments", "--to", str(folder), "--badge", "BDG9001"]
    )
    said = capsys.readouterr()
    assert code == 2 and said.out == ""
    (line,) = said.err.splitlines()
    assert line.startswith(f"packbench: export folder {folder}: ")
    assert {"missing": "does not exist", "file": "is a file", "unwritable": "cannot be written"}[
        kind
    ] in line
    assert scalar(engine, select(func.count()).select_from(t.export_batches)) == 0
    assert scalar(engine, select(func.count()).select_from(t.export_shipments)) == 0
    assert audit_actions(engine) == ["export_failed"]


def _cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.delenv("PACKBENCH_ADMIN_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


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
    command = [sys.executable, "-m", "app", "--db", database_url, "export", "shipments"]
    return subprocess.Popen(
        [*command, "--to", str(out), "--badge", "BDG9001", "--batch-size", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )


def _run_until_halted(database_url: str, out: Path, data_dir: Path, halt_at: str) -> str:
    """Start an export that stops after step ``halt_at``, SIGKILL it there; the batch file
    it was busy with."""
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
    assert halted.startswith(f"halted after {halt_at}: shipments-"), "".join(said)
    assert process.returncode == -signal.SIGKILL
    return halted.split(": ", 1)[1].strip()


def test_sigkill_between_any_two_steps_leaves_every_shipment_in_exactly_one_file(
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    """Killed after recording a batch, then after writing its temporary file, then after
    renaming it into place (before marking it written): a fourth run finishes it and
    exports the rest, and every shipment is in exactly one file."""
    labels, out = tmp_path / "labels", tmp_path / "out"
    labels.mkdir()
    out.mkdir()
    references = [reference for reference, _ in ORDERS]
    for reference in references:
        pack_and_label(station, session, world, reference, labels)

    def files() -> tuple[list[str], list[str]]:
        names = sorted(p.name for p in out.iterdir())
        return [n for n in names if n.endswith(".tmp")], [n for n in names if n[0] != "."]

    first = _run_until_halted(database_url, out, tmp_path, "recorded")
    assert files() == ([], [])
    assert _run_until_halted(database_url, out, tmp_path, "temporary") == first
    ((temporary,), published) = files()
    assert temporary.startswith(f".{first}.") and published == []
    assert temporary.endswith(".tmp")
    with engine.connect() as conn:
        content = conn.execute(select(t.export_batches.c.content)).scalar_one()
    assert (out / temporary).read_bytes() == content.encode("utf-8")  # whole and flushed
    assert _run_until_halted(database_url, out, tmp_path, "renamed") == first
    assert files() == ([], [first])
    with engine.connect() as conn:
        batches = conn.execute(select(t.export_batches.c.file_name, t.export_batches.c.written_at))
        assert [tuple(row) for row in batches] == [(first, None)]

    again = _export_process(database_url, out, tmp_path, None)
    stdout, stderr = again.communicate(timeout=120)
    assert again.returncode == 0, stderr
    assert stdout.strip() == (
        "finished 1 batch file(s) an earlier run left; 3 shipment(s) in 2 file(s)"
    )
    assert files()[0] == []
    seen: list[str] = []
    for file in sorted(out.iterdir()):
        seen += [row["order_reference"].removeprefix("'") for row in csv_rows(file)]
    assert sorted(seen) == sorted(references)  # each exactly once
    with engine.connect() as conn:
        stored = dict(
            conn.execute(select(t.export_batches.c.file_name, t.export_batches.c.content)).all()
        )
        unwritten = conn.execute(
            select(func.count()).where(t.export_batches.c.written_at.is_(None))
        ).scalar_one()
    assert unwritten == 0 and len(stored) == 3
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        name: content.encode("utf-8") for name, content in stored.items()
    }
    assert audit_actions(engine).count("export_recovered") == 1
    # And one more run finds nothing new.
    last = _export_process(database_url, out, tmp_path, None)
    assert last.communicate(timeout=120)[0].strip() == "nothing new to export"


def test_two_exporters_at_once_never_put_a_shipment_in_two_files(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    labels = tmp_path / "labels"
    labels.mkdir()
    references = [reference for reference, _ in ORDERS]
    for reference in references:
        pack_and_label(station, session, world, reference, labels)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def export(folder: Path) -> None:
        folder.mkdir()
        service = exporter_service(engine, now, batch_size=1)
        robin = service.identify("BDG9001")
        start.wait(timeout=30)
        try:
            service.export(robin, folder, "csv")
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=export, args=(tmp_path / n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    seen = [
        row["order_reference"].removeprefix("'")
        for folder in ("a", "b")
        for file in (tmp_path / folder).iterdir()
        for row in csv_rows(file)
    ]
    assert sorted(seen) == sorted(references)


def test_watch_exports_each_round_and_stops_on_ctrl_c(
    engine: Engine,
    database_url: str,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    """The automatic export: ``[export] folder`` from the config file, a round every second
    (``--every``); a shipment labelled while it runs goes out in a later round."""
    labels, out = tmp_path / "labels", tmp_path / "out"
    labels.mkdir()
    out.mkdir()
    pack_and_label(station, session, world, "SHOP-1", labels)
    config = tmp_path / "station.toml"
    config.write_text(f'[export]\nfolder = "{out}"\nformat = "json"\n', encoding="utf-8")
    env = dict(os.environ, PACKBENCH_DATA_DIR=str(tmp_path), PACKBENCH_CONFIG=str(config))
    env.pop("PACKBENCH_TEST_EXPORT_HALT_AT", None)
    command = [sys.executable, "-m", "app", "--db", database_url, "export", "shipments"]
    process = subprocess.Popen(
        [*command, "--watch", "--every", "1", "--badge", "BDG9001"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    try:
        said = [process.stdout.readline(), process.stdout.readline()]
        assert said[0].startswith(f"exporting shipments to {out} as json every 1 s")
        assert said[1].endswith(": 1 shipment(s) in 1 file(s)\n")
        pack_and_label(station, session, world, "SHOP-5", labels)
        for line in process.stdout:
            if "shipment(s)" in line:
                break
        assert line.endswith(": 1 shipment(s) in 1 file(s)\n")
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "export interrupted" in stderr
    references = sorted(
        shipment["order_reference"]
        for file in out.iterdir()
        for shipment in json.loads(file.read_text(encoding="utf-8"))["shipments"]
    )
    assert references == ["SHOP-1", "SHOP-5"]


def test_the_database_keeps_an_order_in_one_first_export_only(
    engine: Engine, now: datetime, world: World
) -> None:
    from sqlalchemy import insert
    from sqlalchemy.exc import IntegrityError

    order = world.orders["SHOP-1"]
    with engine.begin() as conn:
        for n in (1, 2, 3):
            conn.execute(
                insert(t.export_batches).values(
                    id=n,
                    file_name=f"f{n}",
                    folder="/x",
                    format="csv",
                    created_at=now,
                    shipments=1,
                    content="",
                )
            )
        conn.execute(insert(t.export_shipments).values(batch_id=1, order_id=order, again=False))
        conn.execute(insert(t.export_shipments).values(batch_id=2, order_id=order, again=True))
    with pytest.raises(IntegrityError), engine.begin() as conn:
        conn.execute(insert(t.export_shipments).values(batch_id=3, order_id=order, again=False))
