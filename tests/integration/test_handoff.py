"""Hand-off on SQLite and PostgreSQL: orders packed through the station's own services, then
scanned out at the dock (the right parcel, another carrier's, the same twice, a voided one, by
tracking number and by SSCC), reconciled, closed (refused while parcels are missing, then with
them moved to the next pick-up with a reason), and the manifest's PDF decoded back to its
tracking numbers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import Engine, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.domain.errors import NotAllowed
from app.domain.handoff import LoadOutcome, ManifestRefused, manifest_code
from app.services.handoff import Actor, HandoffService
from app.services.results import Session
from tests.support.factories import World, add_sscc_range, seed
from tests.support.station import StationUnderTest, StepClock, make_station

ORDERS = [
    ("SHOP-1", [("MUG-BLUE", 1)]),
    ("SHOP-2", [("NOTE-A5", 1)]),
    ("SHOP-3", [("CABLE-C1", 1)]),
    ("UPS-1", [("NOTE-A5", 1)]),
]


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
    add_sscc_range(engine)
    with engine.begin() as conn:
        conn.execute(update(t.orders).where(t.orders.c.reference == "UPS-1").values(carrier="UPS"))
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="UPS",
                service_indicator="UU",
                country="DE",
                next_serial=20_000_000,
                last_serial=20_000_999,
            )
        )
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def pack(station: StationUnderTest, session: Session, world: World, reference: str) -> str:
    """Claim, scan every unit, complete: the parcel's tracking number."""
    order = station.packing.open_order(session, world.slips[reference])
    for sku, quantity in dict(ORDERS)[reference]:
        for n in range(quantity):
            station.packing.record_scan(
                session, order.id, f"{reference}-{sku}-{n}", world.product_codes[sku]
            )
    return station.packing.complete_order(session, order.id, "file").tracking_number


def handoff(
    engine: Engine, now: datetime, folder: Path | None = None, clock: StepClock | None = None
) -> HandoffService:
    return HandoffService(
        SqlUnitOfWork.factory(engine),
        clock or StepClock(now),
        pickups={"DHL": time(17, 0)},
        zone=UTC,
        folder=folder,
        files=LocalBatchFolder(),
        document=ManifestSheet(),
    )


def actor(session: Session) -> Actor:
    return Actor(session.user_id, session.user_name, session.role, session.station_id)


def supervisor(station: StationUnderTest) -> Actor:
    return actor(station.sign_in("BDG9001"))


def order_status(engine: Engine, reference: str) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(t.orders.c.status).where(t.orders.c.reference == reference)
            ).scalar_one()
        )


def test_loading_the_right_parcel_the_wrong_carriers_the_same_twice_and_a_voided_one(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    dhl = [pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2", "SHOP-3")]
    ups = pack(station, session, world, "UPS-1")
    service = handoff(engine, now)
    dock = actor(session)

    first = service.dock_scan(dock, None, dhl[0])
    assert first.outcome is LoadOutcome.LOADED
    assert first.cage is not None and first.cage.carrier == "DHL"
    assert first.cage.pickup_at == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    assert (first.loaded, first.expected) == (1, 3)
    assert first.order_handed_over == "SHOP-1"
    assert order_status(engine, "SHOP-1") == "handed_over"
    cage = first.cage.id

    wrong = service.dock_scan(dock, cage, ups)
    assert wrong.outcome is LoadOutcome.WRONG_CARRIER
    assert wrong.message == "UPS parcel on the DHL cage. Put it aside."
    assert order_status(engine, "UPS-1") != "handed_over"

    again = service.dock_scan(dock, cage, dhl[0])
    assert again.outcome is LoadOutcome.ALREADY_LOADED
    assert (again.loaded, again.expected) == (1, 3)

    # The SSCC's GS1-128 finds the parcel too.
    with engine.connect() as conn:
        sscc = conn.execute(
            select(t.parcels.c.sscc).where(t.parcels.c.tracking_number == dhl[1])
        ).scalar_one()
    by_sscc = service.dock_scan(dock, cage, f"]C100{sscc}")
    assert by_sscc.outcome is LoadOutcome.LOADED
    assert by_sscc.tracking_number == dhl[1]

    with engine.begin() as conn:
        conn.execute(
            update(t.parcels)
            .where(t.parcels.c.tracking_number == dhl[2])
            .values(voided_at=now, void_reason="damaged label")
        )
    voided = service.dock_scan(dock, cage, dhl[2])
    assert voided.outcome is LoadOutcome.VOIDED
    assert (voided.loaded, voided.expected) == (2, 2)
    assert order_status(engine, "SHOP-3") == "packed"

    unknown = service.dock_scan(dock, cage, "JJ999999995DE")
    assert unknown.outcome is LoadOutcome.UNKNOWN
    badge = service.dock_scan(dock, cage, "BDG1001")
    assert badge.outcome is LoadOutcome.UNKNOWN and "not a parcel label" in badge.message

    with engine.connect() as conn:
        actions = [
            r.action
            for r in conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id))
            if r.action.startswith("dock_") or r.action == "handed_over"
        ]
    assert actions == [
        "handed_over",
        "dock_loaded",
        "dock_wrong_carrier",
        "dock_already_loaded",
        "handed_over",
        "dock_loaded",
        "dock_voided",
        "dock_unknown",
        "dock_unknown",
    ]


def test_closing_with_missing_parcels_is_refused_then_they_move_with_a_reason(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    dhl = [pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2", "SHOP-3")]
    service = handoff(engine, now, tmp_path)
    dock = actor(session)
    cage = service.dock_scan(dock, None, dhl[0]).cage
    assert cage is not None
    service.dock_scan(dock, cage.id, dhl[1])

    [view] = service.reconcile()
    assert (view.carrier, view.manifest_id, view.loaded) == ("DHL", cage.id, 2)
    assert [line.tracking_number for line in view.missing] == [dhl[2]]

    with pytest.raises(NotAllowed):
        service.close(dock, cage.id, "truck full")
    boss = supervisor(station)
    with pytest.raises(ManifestRefused, match=rf"1 parcel\(s\) of manifest {cage.id} .*{dhl[2]}"):
        service.close(boss, cage.id)
    assert list(tmp_path.iterdir()) == []

    closed = service.close(boss, cage.id, "truck full")
    assert closed.manifest.status == "closed"
    assert closed.manifest.parcel_count == 2
    assert closed.moved == 1 and closed.moved_to is not None
    names = sorted(path.name for path in tmp_path.iterdir())
    stem = f"manifest-DHL-{cage.id:06d}-20261123-1700"
    assert names == [f"{stem}.csv", f"{stem}.pdf"]
    rows = list(csv.DictReader(io.StringIO((tmp_path / f"{stem}.csv").read_text("utf-8"))))
    assert sorted(r["tracking_number"] for r in rows) == sorted(dhl[:2])

    # The closed manifest takes no parcel: the one moved is on the next pick-up.
    late = service.dock_scan(dock, cage.id, dhl[2])
    assert late.outcome is LoadOutcome.WRONG_PICKUP
    assert "pick-up at Tue 17:00" in late.message
    moved = service.dock_scan(dock, None, dhl[2])
    assert moved.outcome is LoadOutcome.LOADED
    assert moved.cage is not None and moved.cage.id == closed.moved_to
    with engine.connect() as conn:
        reason = conn.execute(
            select(t.manifest_parcels.c.move_reason).where(
                t.manifest_parcels.c.manifest_id == closed.moved_to
            )
        ).scalar_one()
    assert reason == "truck full"

    pdf = tmp_path / f"{stem}.pdf"
    assert sorted(_decoded(pdf)) == sorted([manifest_code(cage.id), *dhl[:2]])


def _recount(engine: Engine, manifest_id: int) -> tuple[int, int]:
    """(loaded, on the manifest) counted row by row, voided labels left out."""
    mp, p = t.manifest_parcels, t.parcels
    with engine.connect() as conn:
        rows = conn.execute(
            select(mp.c.loaded_at)
            .join(p, p.c.id == mp.c.parcel_id)
            .where(mp.c.manifest_id == manifest_id, p.c.voided_at.is_(None))
        ).all()
    return sum(1 for r in rows if r.loaded_at is not None), len(rows)


def test_the_docks_counters_agree_with_the_rows_and_take_in_new_labels_within_a_minute(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    first, second = (pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2"))
    clock = StepClock(now)
    service = handoff(engine, now, tmp_path, clock)
    dock = actor(session)
    loaded = service.dock_scan(dock, None, first)
    assert loaded.cage is not None
    cage = loaded.cage.id
    assert (loaded.loaded, loaded.expected) == (1, 2) == _recount(engine, cage)

    # A label made after the dock started joins the count at the next scan a minute on.
    third = pack(station, session, world, "SHOP-3")
    assert service.dock_scan(dock, cage, first).expected == 2
    clock.current += timedelta(minutes=1)
    assert service.dock_scan(dock, cage, first).expected == 3 == _recount(engine, cage)[1]

    # A loaded parcel whose label is voided leaves both counts.
    with engine.begin() as conn:
        conn.execute(
            update(t.parcels)
            .where(t.parcels.c.tracking_number == first)
            .values(voided_at=clock.now(), void_reason="damaged label")
        )
    again = service.dock_scan(dock, cage, second)
    assert (again.loaded, again.expected) == (1, 2) == _recount(engine, cage)

    # Moved to the next pick-up: off one manifest's counters, onto the other's.
    closed = service.close(supervisor(station), cage, "truck full")
    assert closed.moved == 1 and closed.moved_to is not None
    assert service.cage(closed.moved_to).expected == 1 == _recount(engine, closed.moved_to)[1]
    moved = service.dock_scan(dock, None, third)
    assert (moved.loaded, moved.expected) == (1, 1) == _recount(engine, closed.moved_to)
    assert [(m.id, loaded_, expected) for m, loaded_, expected in service.listing("closed")] == [
        (cage, 1, 1)
    ]


def test_scanning_a_manifest_barcode_chooses_its_cage(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    ups = pack(station, session, world, "UPS-1")
    service = handoff(engine, now)
    dock = actor(session)
    first = service.dock_scan(dock, None, ups)
    assert first.cage is not None
    chosen = service.dock_scan(dock, None, manifest_code(first.cage.id))
    assert chosen.outcome is LoadOutcome.CAGE_CHOSEN
    assert chosen.cage is not None and chosen.cage.carrier == "UPS"
    assert (chosen.loaded, chosen.expected) == (1, 1)
    assert [m.carrier for m, _, _ in service.listing()] == ["UPS"]


def _decoded(pdf: Path) -> list[str]:
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        texts: list[str] = []
        for index in range(len(document)):
            image: Image.Image = document[index].render(scale=300 / 72).to_pil()
            texts.extend(r.text for r in zxingcpp.read_barcodes(image.convert("L")))
        return texts
    finally:
        document.close()


def test_the_manifest_commands(
    database_url: str,
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app.main import main

    dhl = [pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2")]
    cage = handoff(engine, now).dock_scan(actor(session), None, dhl[0]).cage
    assert cage is not None
    db = ["--db", database_url]
    assert main([*db, "manifest", "list"]) == 0
    assert "1 of 2 loaded" in capsys.readouterr().out

    assert main([*db, "manifest", "close", "DHL", "--badge", "BDG1001", "--to", str(tmp_path)]) == 2
    assert "Only a supervisor or an admin can close a manifest" in capsys.readouterr().err
    assert main([*db, "manifest", "close", "DHL", "--badge", "BDG9001", "--to", str(tmp_path)]) == 2
    assert f"1 parcel(s) of manifest {cage.id} are not loaded: {dhl[1]}" in capsys.readouterr().err
    close = [*db, "manifest", "close", "DHL", "--badge", "BDG9001", "--to", str(tmp_path)]
    assert main([*close, "--move-reason", "missed the truck"]) == 0
    said = capsys.readouterr().out
    assert f"manifest {cage.id} DHL closed: 1 parcel(s)" in said
    assert "1 parcel(s) moved to manifest" in said

    pdf = tmp_path / next(p.name for p in tmp_path.iterdir() if p.suffix == ".pdf")
    pdf.unlink()
    assert main([*db, "manifest", "print", str(cage.id)]) == 0
    assert f"written: {pdf}" in capsys.readouterr().out
    assert sorted(_decoded(pdf)) == sorted([manifest_code(cage.id), dhl[0]])
    out = tmp_path / "copy.pdf"
    assert main([*db, "manifest", "print", str(cage.id), "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
