"""Box types on real databases (SQLite and PostgreSQL): ``packbench import boxes`` whole or
not at all, the box scanned for the open parcel, its tare in the weight check, the suggestion
for what is left to pack, box use per day, and the admin's edits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.labels.elements import TextBlock
from app.adapters.devices.labels.packing_slip import layout_packing_slip
from app.adapters.security import Argon2CredentialHasher
from app.domain.boxes import BOX_FILL_FACTOR, BoxType, InvalidBox
from app.domain.errors import InvalidBarcode, NotAllowed, NotFound, OrderUnavailable
from app.domain.labels import RECEIPT_80MM, PackingSlip
from app.domain.model import ScanOutcome
from app.main import main
from app.services.boxes import BoxUse
from app.services.pack_out import ParcelClosed, WeightRefusal
from app.services.results import Session
from app.services.site_admin import Admin, SiteAdminService
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, StepClock, make_station

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(
        engine,
        now,
        orders=[
            ("SHOP-1", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("BIG-1", [("MUG-BLUE", 8), ("NOTE-A5", 2)]),
        ],
        badges=[("Alex Packer", "packer", "BDG1001"), ("Ada Admin", "admin", "BDG7001")],
    )
    with engine.begin() as conn:  # sizes in mm: a mug 120x100x70, a cable and a notebook flat
        for sku, size in (("MUG-BLUE", (120, 100, 70)), ("CABLE-C1", (100, 80, 20))):
            conn.execute(
                update(t.products)
                .where(t.products.c.sku == sku)
                .values(length_mm=size[0], width_mm=size[1], height_mm=size[2])
            )
        conn.execute(
            update(t.products)
            .where(t.products.c.sku == "NOTE-A5")
            .values(length_mm=210, width_mm=148, height_mm=15)
        )
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    assert main(["--db", str(engine.url), "import", "boxes", str(SAMPLES / "boxes.csv")]) == 0
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(box_types)).scalar_one())


def scan_all(station: StationUnderTest, session: Session, order_id: int, codes: list[str]) -> None:
    for code in codes:
        result = station.packing.record_scan(session, order_id, uuid.uuid4().hex, code)
        assert result.outcome is ScanOutcome.ACCEPTED, result.message


def test_import_boxes_whole_or_not_at_all(
    engine: Engine,
    database_url: str,
    world: World,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    cli = ["--db", database_url, "import", "boxes"]
    sample = str(SAMPLES / "boxes.csv")
    assert main([*cli, sample, "--dry-run"]) == 0
    assert "boxes.csv: 4 box types, 4 added, 0 changed, 0 unchanged (dry run" in (
        capsys.readouterr().out
    )
    assert count(engine) == 0
    assert main([*cli, sample]) == 0
    assert "4 added" in capsys.readouterr().out
    assert main([*cli, sample]) == 0
    assert "0 added, 0 changed, 4 unchanged" in capsys.readouterr().out

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,length_mm,width_mm,height_mm,tare_g,max_weight_g\n"
        "S1,220,160,80,130,5000\n"  # a change: not written, the file is refused
        "M9,300,200,,250,10000\n"
        "L9,400,300,250,450,400\n"
    )
    assert main([*cli, str(bad)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-3:] == [
        "packbench: bad.csv: refused, nothing was imported (2 problems):",
        'bad.csv line 3, height_mm: "" is not a positive whole number',
        "bad.csv line 4, max_weight_g: 400 is not more than the tare (450 g)",
    ]
    assert "Traceback" not in "\n".join(err)
    with engine.connect() as conn:
        assert (
            conn.execute(select(box_types.c.tare_g).where(box_types.c.code == "S1")).scalar() == 120
        )
    assert count(engine) == 4

    changed = tmp_path / "changed.json"
    changed.write_text(
        '[{"code": "S1", "length_mm": 220, "width_mm": 160, "height_mm": 80, "tare_g": 130,'
        ' "max_weight_g": 5000, "name": "Small mailer box"}]'
    )
    assert main([*cli, str(changed)]) == 0
    assert "0 added, 1 changed, 0 unchanged" in capsys.readouterr().out
    with engine.connect() as conn:
        details = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "box_changed")
        ).scalars()
        assert list(details) == ["S1 from changed.json"]


def test_the_box_scanned_goes_on_the_parcel_and_its_tare_in_the_weight_check(
    engine: Engine, station: StationUnderTest, session: Session, world: World
) -> None:
    packing = station.packing
    order_id = packing.open_order(session, world.slips["SHOP-1"]).id
    advice = packing.boxes.advice(order_id)
    assert advice.chosen is None and advice.suggestion.box is not None
    assert advice.suggestion.box.code == "S1"  # 2 mugs and a cable: 1.84 M of S1's 2.8 M
    codes = world.product_codes
    scan_all(station, session, order_id, [codes["MUG-BLUE"], codes["MUG-BLUE"], codes["CABLE-C1"]])
    assert packing.pack_out.expected_weight(order_id) == (1, 300)  # 3 x 100 g, no box yet

    chosen = packing.boxes.choose(session, order_id, "BOXM2")
    assert chosen.chosen is not None and chosen.chosen.code == "M2"
    assert chosen.expected_g == 550  # + 250 g tare
    assert chosen.message == (
        "Parcel 1 goes in box M2 (300x200x150 mm, tare 250 g). (Suggested: S1.)"
    )
    chosen = packing.boxes.choose(session, order_id, "]C0boxs1")  # the packer takes S1 after all
    assert chosen.chosen is not None and chosen.chosen.code == "S1"
    assert packing.pack_out.expected_weight(order_id) == (1, 420)

    refused = packing.pack_out.close_parcel(session, order_id, "printer", last=True, weight_g=300)
    assert isinstance(refused, WeightRefusal)
    assert refused.message == "0.30 kg, expected 0.37-0.47 kg: check the parcel"
    closed = packing.pack_out.close_parcel(session, order_id, "printer", last=True, weight_g=425)
    assert isinstance(closed, ParcelClosed) and closed.check is not None
    assert closed.check.accepted and closed.check.expected_g == 420
    with engine.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order_id)).one()
        chosen_audit = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "box_chosen")
        ).scalars()
        assert list(chosen_audit) == ["parcel 1: M2", "parcel 1: S1"]
    assert (parcel.box_code, parcel.weight_g) == ("S1", 425)
    with SqlUnitOfWork.factory(engine)(read_only=True) as uow:  # the slip's and export's box
        record = uow.print_jobs.label_record(parcel.id)
        (shipment,) = uow.exports.shipments([order_id])
    assert record is not None and record.box == "S1"
    assert shipment.parcels[0].box == "S1"
    slip = PackingSlip("SHOP-1", record.ship_to, (), weight_g=425, box=record.box)
    (page,) = layout_packing_slip(slip, RECEIPT_80MM)
    texts = [line for e in page.elements if isinstance(e, TextBlock) for line in e.lines]
    assert "box S1, weight 0.425 kg" in texts

    day = parcel.created_at.astimezone(UTC).date()
    since = parcel.created_at - timedelta(days=1)
    assert packing.boxes.use(since, since + timedelta(days=2), UTC) == [BoxUse(day, "S1", 1)]


def test_a_box_that_is_not_known_or_not_this_stations_order_is_refused(
    engine: Engine, station: StationUnderTest, session: Session, world: World, now: datetime
) -> None:
    packing = station.packing
    order_id = packing.open_order(session, world.slips["SHOP-1"]).id
    with pytest.raises(NotFound, match=r"Box XXL is not a box type of this site\. Scan another"):
        packing.boxes.choose(session, order_id, "BOXXXL")
    with pytest.raises(InvalidBarcode, match="not a box barcode"):
        packing.boxes.choose(session, order_id, "4006381333931")
    with engine.begin() as conn:
        conn.execute(update(box_types).where(box_types.c.code == "L3").values(active=False))
    with pytest.raises(NotFound, match=r"Box L3 is not a box type of this site \(no longer"):
        packing.boxes.choose(session, order_id, "BOXL3")
    with pytest.raises(OrderUnavailable):
        packing.boxes.choose(session, world.orders["BIG-1"], "BOXM2")
    assert packing.boxes.advice(order_id).chosen is None


def test_the_suggestion_follows_what_is_left_after_a_parcel_closes(
    station: StationUnderTest, session: Session, world: World, engine: Engine, now: datetime
) -> None:
    packing = station.packing
    order_id = packing.open_order(session, world.slips["BIG-1"]).id
    first = packing.boxes.advice(order_id).suggestion  # 8 mugs and 2 notebooks: 7.65 M
    assert first.box is not None and first.box.code == "L3"
    scan_all(station, session, order_id, [world.product_codes["MUG-BLUE"]] * 6)
    packing.boxes.choose(session, order_id, "BOXM2")
    closed = packing.pack_out.close_parcel(session, order_id, "printer", last=False)
    assert isinstance(closed, ParcelClosed)
    advice = packing.boxes.advice(order_id)  # 2 mugs and 2 notebooks left
    assert advice.parcel_no == 2 and advice.chosen is None
    assert advice.suggestion.box is not None and advice.suggestion.box.code == "M2"
    with engine.begin() as conn:  # a site that fills its boxes to the brim: 2.61 M fits S1
        conn.execute(insert(t.site_settings).values(key=BOX_FILL_FACTOR, value="1", updated_at=now))
    assert packing.boxes.advice(order_id).suggestion.box == BoxType(
        "S1", 220, 160, 80, 120, 5000, "Small mailer box"
    )


def test_only_an_admin_edits_box_types(
    engine: Engine, station: StationUnderTest, world: World, now: datetime
) -> None:
    site = SiteAdminService(SqlUnitOfWork.factory(engine), StepClock(now), Argon2CredentialHasher())
    packer = station.sign_in("BDG1001")
    with pytest.raises(NotAllowed, match="Only an admin can manage the site"):
        site.admin_of(packer)
    admin = site.admin_of(station.sign_in("BDG7001"))
    assert [box.code for box in site.box_types(admin)] == ["L3", "M2", "S1", "XL4"]
    added = site.save_box(admin, BoxType("bag1".upper(), 300, 250, 10, 20, 2000, "Bag"), new=True)
    assert added.code == "BAG1"
    with pytest.raises(InvalidBox, match="Box BAG1 exists already"):
        site.save_box(admin, added, new=True)
    site.save_box(admin, BoxType("M2", 300, 200, 160, 260, 12000, "Medium box"), new=False)
    assert site.box_types(admin)[2] == BoxType("M2", 300, 200, 160, 260, 12000, "Medium box")
    with pytest.raises(InvalidBox, match="height_mm: 0"):
        site.save_box(admin, BoxType("M2", 300, 200, 0, 260, 12000), new=False)
    assert site.set_fill_factor(admin, "0.75") == "0.75"
    assert site.fill_factor(admin) == "0.75"
    with pytest.raises(InvalidBox):
        site.set_fill_factor(admin, "2")
    with pytest.raises(NotAllowed):
        site.box_types(Admin(None, "first admin"))
    with engine.connect() as conn:
        actions = conn.execute(
            select(t.audit_log.c.action, t.audit_log.c.detail)
            .where(t.audit_log.c.action.in_(["box_added", "box_changed", "admin_refused"]))
            .where(t.audit_log.c.user_id.is_not(None))
            .order_by(t.audit_log.c.id)
        ).all()
    assert [a for a, _ in actions] == ["admin_refused", "box_added", "admin_refused", "box_changed"]


def test_the_demo_has_box_types(engine: Engine) -> None:
    from app.demo_build import build_demo

    build_demo(engine, datetime.now(UTC), history=False)
    with SqlUnitOfWork.factory(engine)(read_only=True) as uow:
        assert [box.code for box in uow.boxes.all()] == ["L3", "M2", "S1", "XL4"]
