"""Manifests from the command line and the dock, on SQLite and PostgreSQL: ``manifest close
CARRIER --pickup ID`` refuses another carrier's manifest; a manifest closed with no [handoff]
folder gets its files later with ``manifest print ID --to DIR`` (written atomically, once); a
closed manifest's barcode is refused at the dock, and a refused scan keeps the cage's counts."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.handoff import LoadOutcome, ManifestRefused, manifest_code
from app.main import main
from app.services.reprints import ReprintDesk
from app.services.results import Session
from tests.integration import test_handoff
from tests.integration.test_handoff import actor, handoff, pack
from tests.support.factories import World
from tests.support.station import StationUnderTest, StepClock

# The hand-off tests' world (DHL and UPS orders), station and packer.
world = test_handoff.world
station = test_handoff.station
session = test_handoff.session


def status(engine: Engine, manifest_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(t.manifests.c.status).where(t.manifests.c.id == manifest_id)
            ).scalar_one()
        )


def test_close_refuses_another_carriers_manifest_and_print_writes_files_later(
    database_url: str,
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    dhl, ups = (pack(station, session, world, ref) for ref in ("SHOP-1", "UPS-1"))
    service = handoff(engine, now)
    dhl_cage = service.dock_scan(actor(session), None, dhl).cage
    ups_cage = service.dock_scan(actor(session), None, ups).cage
    assert dhl_cage is not None and ups_cage is not None
    db = ["--db", database_url]
    boss = ["--badge", "BDG9001"]

    # DHL named, UPS's manifest id given: refused, nothing closed.
    assert main([*db, "manifest", "close", "DHL", "--pickup", str(ups_cage.id), *boss]) == 2
    said = capsys.readouterr().err
    assert f"Manifest {ups_cage.id} is UPS's" in said and "not DHL's: nothing closed" in said
    assert "Traceback" not in said
    assert status(engine, ups_cage.id) == "open"

    # Closed with no [handoff] folder: it says where the files can be written later.
    assert main([*db, "manifest", "close", "UPS", "--pickup", str(ups_cage.id), *boss]) == 0
    said = capsys.readouterr().out
    assert f"manifest {ups_cage.id} UPS closed: 1 parcel(s)" in said
    assert f"packbench manifest print {ups_cage.id} --to DIR" in said
    assert main([*db, "manifest", "print", str(ups_cage.id)]) == 2
    assert f"packbench manifest print {ups_cage.id} --to FOLDER" in capsys.readouterr().err

    folder = tmp_path / "manifests"
    assert main([*db, "manifest", "print", str(ups_cage.id), "--to", str(folder)]) == 2
    said = capsys.readouterr().err
    assert "does not exist" in said  # a folder is never made up
    assert f"manifest folder {folder}: does not exist; no manifest file was written" in said
    assert "export" not in said
    folder.mkdir()
    assert main([*db, "manifest", "print", str(ups_cage.id), "--to", str(folder)]) == 0
    said = capsys.readouterr().out
    names = sorted(p.name for p in folder.iterdir())
    assert [Path(n).suffix for n in names] == [".csv", ".pdf"]  # no temporary file left
    assert all(f"written: {folder / n}" in said for n in names)
    csv_text = (folder / names[0]).read_text()
    assert ups in csv_text and dhl not in csv_text
    pdf = (folder / names[1]).read_bytes()
    assert pdf.startswith(b"%PDF")
    # Recorded with the manifest: printing again without --to finds them, rewrites nothing.
    assert main([*db, "manifest", "print", str(ups_cage.id)]) == 0
    assert (folder / names[1]).read_bytes() == pdf
    said = capsys.readouterr().out
    assert "written:" not in said
    assert all(f"already there (not rewritten): {folder / n}" in said for n in names)

    # --out to a folder that is not there, to a folder, and an id too big for any database:
    # one line each, exit 2, nothing written.
    missing = tmp_path / "nonexistent" / "x.pdf"
    assert main([*db, "manifest", "print", str(ups_cage.id), "--out", str(missing)]) == 2
    said = capsys.readouterr().err
    assert f"the folder {missing.parent} does not exist" in said and "Traceback" not in said
    assert main([*db, "manifest", "print", str(ups_cage.id), "--out", str(tmp_path)]) == 2
    said = capsys.readouterr().err
    assert f"--out {tmp_path}: is a folder" in said and "Traceback" not in said
    assert not missing.parent.exists()
    with pytest.raises(SystemExit) as exited:
        main([*db, "manifest", "print", "99999999999999999999"])
    assert exited.value.code == 2
    said = capsys.readouterr().err
    assert "99999999999999999999 is out of range" in said and said.count("\n") == 1
    assert status(engine, dhl_cage.id) == "open"

    # An open manifest is not printed as if closed.
    assert main([*db, "manifest", "print", str(dhl_cage.id), "--to", str(folder)]) == 2
    assert f"Manifest {dhl_cage.id} is still open" in capsys.readouterr().err


def test_a_closed_manifests_barcode_is_refused_and_a_refusal_keeps_the_counts(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    first, second = (pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2"))
    service = handoff(engine, now)
    dock = actor(session)
    loaded = service.dock_scan(dock, None, first)
    assert loaded.cage is not None and (loaded.loaded, loaded.expected) == (1, 2)
    cage = loaded.cage.id
    for refused in ("NOT-A-LABEL-1", "]C1(00)000000000000000000"):
        result = service.dock_scan(dock, cage, refused)
        assert result.outcome.refused
        assert result.cage is not None and result.cage.id == cage
        assert (result.loaded, result.expected) == (1, 2)

    boss = actor(station.sign_in("BDG9001"))
    service.close(boss, cage, "truck full")
    closed = service.dock_scan(dock, None, manifest_code(cage))
    assert closed.outcome is LoadOutcome.MANIFEST_CLOSED
    assert closed.message.startswith(f"Manifest {cage} closed at Mon ")
    assert "2026" not in closed.message  # closed today: the time is enough
    next_day = handoff(engine, now + timedelta(days=1)).dock_scan(dock, None, manifest_code(cage))
    assert next_day.message.startswith(f"Manifest {cage} closed at Mon 2026-11-23 ")
    slip = service.dock_scan(dock, None, "ORDSHOP-2")
    assert slip.message == "That is an order slip, not a parcel label."
    assert closed.cage is None
    # With the next pick-up's cage chosen, its counts stay on the screen.
    nxt = service.dock_scan(dock, None, second)
    assert nxt.outcome is LoadOutcome.LOADED and nxt.cage is not None
    again = service.dock_scan(dock, nxt.cage.id, manifest_code(cage))
    assert again.outcome is LoadOutcome.MANIFEST_CLOSED
    assert again.cage is not None and again.cage.id == nxt.cage.id
    assert (again.loaded, again.expected) == (1, 1)


def test_a_cancelled_orders_parcel_is_not_expected_and_the_manifest_closes(
    database_url: str,
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    capsys: pytest.CaptureFixture[str],
) -> None:
    first, gone, third = (pack(station, session, world, r) for r in ("SHOP-1", "SHOP-2", "SHOP-3"))
    service = handoff(engine, now)
    dock = actor(session)
    loaded = service.dock_scan(dock, None, first)
    assert loaded.cage is not None and (loaded.loaded, loaded.expected) == (1, 3)
    cage = loaded.cage.id
    with engine.begin() as conn:  # cancelled upstream, as the orders import does
        conn.execute(
            update(t.orders).where(t.orders.c.reference == "SHOP-2").values(status="cancelled")
        )
    refused = service.dock_scan(dock, cage, gone)
    assert refused.outcome is LoadOutcome.CANCELLED
    assert "void its label and take it off the cage" in refused.message
    assert (refused.loaded, refused.expected) == (1, 2)
    # The next load's counters (one statement on PostgreSQL) leave it out too.
    last = service.dock_scan(dock, cage, third)
    assert last.outcome is LoadOutcome.LOADED and (last.loaded, last.expected) == (2, 2)
    (view,) = service.reconcile()
    assert view.missing == [] and view.loaded == 2
    assert [x.tracking_number for x in view.cancelled] == [gone]
    assert service.listing("open")[0][1:] == (2, 2)

    assert main(["--db", database_url, "manifest", "close", "DHL", "--badge", "BDG9001"]) == 0
    said = capsys.readouterr().out
    assert f"manifest {cage} DHL closed: 2 parcel(s)" in said
    assert status(engine, cage) == "closed"
    _, _, data = service.documents(cage)
    assert first in data and third in data and gone not in data


def test_close_without_pickup_closes_only_todays_manifest_and_concurrent_closes_once(
    database_url: str,
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    capsys: pytest.CaptureFixture[str],
) -> None:
    later = datetime.now(UTC) + timedelta(days=2)
    first, _ = (pack(station, session, world, r) for r in ("SHOP-1", "SHOP-2"))
    service = handoff(engine, later)
    cage = service.dock_scan(actor(session), None, first).cage
    assert cage is not None and cage.pickup_at > later
    db, boss = ["--db", database_url], ["--badge", "BDG9001"]
    for _ in range(2):  # run again and again: still nothing closed
        assert main([*db, "manifest", "close", "DHL", *boss, "--move-reason", "next"]) == 2
        said = capsys.readouterr().err
        assert f"the open manifest {cage.id} is for the pick-up on" in said
        assert "not today's: nothing closed" in said and f"--pickup {cage.id}" in said
        assert "Traceback" not in said
        assert status(engine, cage.id) == "open"

    # Named, it closes; its parcel not loaded moves to the next pick-up, which is not closed by
    # running the command again.
    assert (
        main(
            [*db, "manifest", "close", "DHL", "--pickup", str(cage.id), *boss, "--move-reason", "x"]
        )
        == 0
    )
    assert "1 parcel(s) moved to manifest" in capsys.readouterr().out
    assert main([*db, "manifest", "close", "DHL", *boss, "--move-reason", "next"]) == 2
    assert "not today's: nothing closed" in capsys.readouterr().err
    assert [r.status for r, _, _ in service.listing()].count("closed") == 1

    # Two supervisors closing today's manifest at once: it closes once.
    due = handoff(engine, datetime.now(UTC) - timedelta(days=1))
    (nxt,) = [r for r, _, _ in due.listing("open")]
    boss_actor = actor(station.sign_in("BDG9001"))
    outcomes: list[str] = []

    def close() -> None:
        try:
            due.close(boss_actor, nxt.id, "truck full")
            outcomes.append("closed")
        except ManifestRefused as refused:
            outcomes.append(refused.message)

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [f"Manifest {nxt.id} is already closed.", "closed"]


def test_a_voided_loaded_parcel_comes_off_its_cage_when_scanned_at_another_carriers(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    dhl, ups = (pack(station, session, world, ref) for ref in ("SHOP-1", "UPS-1"))
    service = handoff(engine, now)
    dock = actor(session)
    dhl_cage = service.dock_scan(dock, None, dhl).cage
    ups_cage = service.dock_scan(dock, None, ups).cage
    assert dhl_cage is not None and ups_cage is not None
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), StepClock(now + timedelta(hours=1)))
    desk.void(station.sign_in("BDG9001"), dhl, "damaged", loaded_confirmed=True)

    at_ups = service.dock_scan(dock, ups_cage.id, dhl)
    assert at_ups.outcome is LoadOutcome.VOIDED
    assert (
        at_ups.message == f"{dhl}: label VOIDED, taken off the DHL cage. Give it to a supervisor."
    )
    assert at_ups.cage is not None and at_ups.cage.id == ups_cage.id
    views = {v.carrier: v for v in service.reconcile()}
    assert not views["DHL"].voided_loaded  # off the DHL cage: nothing to take off any more
    with engine.connect() as conn:
        loaded_at = conn.execute(
            select(t.manifest_parcels.c.loaded_at)
            .join(t.parcels, t.parcels.c.id == t.manifest_parcels.c.parcel_id)
            .where(t.parcels.c.tracking_number == dhl)
        ).scalar_one()
    assert loaded_at is None


def test_a_closed_pickup_gets_no_second_manifest_parcels_go_to_the_next(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    first = pack(station, session, world, "SHOP-1")
    service = handoff(engine, now)  # Monday 09:30, DHL picks up at 17:00
    dock = actor(session)
    loaded = service.dock_scan(dock, None, first)
    assert loaded.cage is not None and loaded.cage.pickup_at == now.replace(hour=17, minute=0)
    service.close(actor(station.sign_in("BDG9001")), loaded.cage.id)  # closed before 17:00
    late = pack(station, session, world, "SHOP-2")
    nxt = service.dock_scan(dock, None, late)
    assert nxt.outcome is LoadOutcome.LOADED and nxt.cage is not None
    assert nxt.cage.id != loaded.cage.id
    assert nxt.cage.pickup_at == now.replace(hour=17, minute=0) + timedelta(days=1)
