"""Pack-out on real databases (SQLite and PostgreSQL): the weight check before the label, several
parcels per order, undo within the open parcel, each parcel's contents."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import DomainError, NotAllowed, OrderIncomplete
from app.domain.figures import Grouping
from app.domain.model import OrderStatus, ScanOutcome
from app.domain.weight_check import WEIGHT_TOLERANCE_G, WEIGHT_TOLERANCE_PCT
from app.services.figures import FiguresService
from app.services.pack_out import ParcelClosed, WeightRefusal
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(
        engine,
        now,
        orders=[
            ("SHOP-1", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("SHOP-2", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("SHOP-3", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("SHOP-4", [("MUG-BLUE", 2), ("CABLE-C1", 1)]),
            ("BIG-1", [("MUG-BLUE", 2), ("NOTE-A5", 2), ("PEN-BLK", 1)]),
        ],
    )


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def scan(station: StationUnderTest, session: Session, order_id: int, code: str) -> ScanOutcome:
    return station.packing.record_scan(session, order_id, uuid.uuid4().hex, code).outcome


def open_and_scan(station: StationUnderTest, session: Session, world: World, reference: str) -> int:
    order_id = station.packing.open_order(session, world.slips[reference]).id
    for sku, times in (("MUG-BLUE", 2), ("CABLE-C1", 1)):
        for _ in range(times):
            assert (
                scan(station, session, order_id, world.product_codes[sku]) is ScanOutcome.ACCEPTED
            )
    return order_id


def close_last(
    station: StationUnderTest,
    session: Session,
    order_id: int,
    grams: int,
    override: str | None = None,
) -> ParcelClosed | WeightRefusal:
    return station.packing.pack_out.close_parcel(
        session, order_id, "printer", last=True, weight_g=grams, override=override
    )


def audit(engine: Engine, action: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == action)
        ).all()
    return [r.detail for r in rows]


def set_site(engine: Engine, now: datetime, **values: str) -> None:
    with engine.begin() as conn:
        for key, value in values.items():
            conn.execute(insert(t.site_settings).values(key=key, value=value, updated_at=now))


# -- the weight check ------------------------------------------------------------------------


def test_a_weight_within_the_fixed_tolerance_goes_on_the_parcel(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_and_scan(station, session, world, "SHOP-1")  # 3 x 100 g, no box
    closed = close_last(station, session, order_id, 340)  # 300 g +- 50 g
    assert isinstance(closed, ParcelClosed) and closed.completion is not None
    assert closed.check is not None and closed.check.accepted
    assert (closed.check.low_g, closed.check.high_g) == (250, 350)
    assert closed.completion.order.status is OrderStatus.PACKED
    with engine.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order_id)).one()
    assert parcel.weight_g == 340 and parcel.content_key
    assert audit(engine, "complete")[0].endswith("weight 340 g")


def test_a_weight_outside_the_fixed_tolerance_is_refused_with_the_figures(
    station: StationUnderTest, session: Session, world: World, engine: Engine, now: datetime
) -> None:
    set_site(engine, now, **{WEIGHT_TOLERANCE_G: "20", WEIGHT_TOLERANCE_PCT: "10"})
    order_id = open_and_scan(station, session, world, "SHOP-1")
    refused = close_last(station, session, order_id, 520)
    assert isinstance(refused, WeightRefusal)
    # 300 g +- max(20 g, 10 %) = 270-330 g
    assert refused.message == "0.52 kg, expected 0.27-0.33 kg: check the parcel"
    assert refused.order.status is OrderStatus.PACKING
    with engine.connect() as conn:
        assert conn.execute(select(t.parcels)).first() is None  # nothing of the parcel
        status = conn.execute(
            select(t.orders.c.status).where(t.orders.c.id == order_id)
        ).scalar_one()
        event = conn.execute(
            select(t.scan_events).where(t.scan_events.c.outcome == "weight_refused")
        ).one()
    assert status == "packing"
    assert event.raw_code == "weight 520 g" and event.order_id == order_id
    assert audit(engine, "weight_refused") == [f"parcel 1: {refused.message}"]
    # Re-weighed: within range, the parcel closes.
    assert isinstance(close_last(station, session, order_id, 310), ParcelClosed)


def test_weight_refusals_count_in_the_consoles_figures_as_their_own_cause(
    station: StationUnderTest, session: Session, world: World, engine: Engine, now: datetime
) -> None:
    order_id = open_and_scan(station, session, world, "SHOP-1")  # 3 accepted scans
    assert isinstance(close_last(station, session, order_id, 900), WeightRefusal)
    assert isinstance(close_last(station, session, order_id, 50), WeightRefusal)
    assert isinstance(close_last(station, session, order_id, 300), ParcelClosed)
    figures = FiguresService(SqlUnitOfWork.factory(engine), (), UTC)
    supervisor = station.sign_in("BDG9001")
    since, until = now - timedelta(hours=2), now + timedelta(hours=2)
    (packer,) = figures.figures(supervisor, since, until, Grouping.PACKER).rows
    assert packer.scans == 5
    assert packer.errors_per_100 == {"weight": 40.0}  # 2 of 5
    (day,) = figures.figures(supervisor, since, until, Grouping.DAY).rows
    assert day.errors_per_100 == packer.errors_per_100
    assert "errors_per_100: weight" in FiguresService.as_csv(
        figures.figures(supervisor, since, until, Grouping.STATION)
    )


def test_a_supervisor_overrides_a_refused_weight_with_a_reason(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_and_scan(station, session, world, "SHOP-1")
    assert isinstance(close_last(station, session, order_id, 900), WeightRefusal)
    with pytest.raises(NotAllowed, match="Only a supervisor"):
        close_last(station, session, order_id, 900, override="heavy packing")
    supervisor = station.sign_in("BDG9001")
    with pytest.raises(DomainError, match="reason"):
        close_last(station, supervisor, order_id, 900, override="  ")
    closed = close_last(station, supervisor, order_id, 900, override="extra padding, checked")
    assert isinstance(closed, ParcelClosed) and closed.weight_g == 900
    assert audit(engine, "weight_override") == [
        "parcel 1: 0.90 kg, expected 0.25-0.35 kg: check the parcel; accepted by Robin "
        "Supervisor: extra padding, checked"
    ]


def test_the_learned_range_of_parcels_alike_refuses_what_the_catalogue_allows(
    station: StationUnderTest, session: Session, world: World, engine: Engine, now: datetime
) -> None:
    # A loose fixed tolerance (300 g +- 150 g); the history of parcels alike is much tighter.
    set_site(engine, now, **{WEIGHT_TOLERANCE_G: "150", WEIGHT_TOLERANCE_PCT: "0"})
    for reference, grams in (("SHOP-1", 330), ("SHOP-2", 334), ("SHOP-3", 332)):
        order_id = open_and_scan(station, session, world, reference)
        assert isinstance(close_last(station, session, order_id, grams), ParcelClosed)
    order_id = open_and_scan(station, session, world, "SHOP-4")
    # mean 332 g, sd 2 g: 5 % (16.6 g) is the larger allowance -> 315-349 g.
    refused = close_last(station, session, order_id, 420)
    assert isinstance(refused, WeightRefusal)
    assert refused.check.learned is not None and refused.check.learned.count == 3
    assert (refused.check.low_g, refused.check.high_g) == (315, 349)
    assert refused.message == "0.42 kg, expected 0.32-0.35 kg: check the parcel"
    assert isinstance(close_last(station, session, order_id, 340), ParcelClosed)


def test_without_a_scale_the_order_completes_without_a_weight(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_and_scan(station, session, world, "SHOP-1")
    completion = station.packing.complete_order(session, order_id, "printer")
    again = station.packing.complete_order(session, order_id, "printer")
    assert again == completion
    with engine.connect() as conn:
        assert conn.execute(select(t.parcels.c.weight_g)).scalar_one() is None


# -- several parcels -------------------------------------------------------------------------


def test_three_parcels_each_with_its_own_units_number_and_weight(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    pack_out = station.packing.pack_out
    order_id = station.packing.open_order(session, world.slips["BIG-1"]).id
    codes = world.product_codes
    with pytest.raises(DomainError, match="Parcel 1 is empty"):
        pack_out.close_parcel(session, order_id, "printer", last=False, weight_g=0)
    for sku in ("MUG-BLUE", "MUG-BLUE"):
        scan(station, session, order_id, codes[sku])
    assert pack_out.expected_weight(order_id) == (1, 200)
    first = pack_out.close_parcel(session, order_id, "printer", last=False, weight_g=205)
    assert isinstance(first, ParcelClosed) and first.parcel_no == 1 and first.completion is None
    assert pack_out.expected_weight(order_id) == (2, None)  # the new parcel is empty
    scan(station, session, order_id, codes["NOTE-A5"])
    scan(station, session, order_id, codes["PEN-BLK"])
    # Undo takes back the last unit of the open parcel only.
    station.packing.undo_last_scan(session, order_id, uuid.uuid4().hex)
    scan(station, session, order_id, codes["PEN-BLK"])
    second = pack_out.close_parcel(session, order_id, "printer", last=False, weight_g=198)
    assert isinstance(second, ParcelClosed) and second.parcel_no == 2
    with pytest.raises(DomainError, match="Nothing to undo"):
        station.packing.undo_last_scan(session, order_id, uuid.uuid4().hex)
    with pytest.raises(OrderIncomplete):
        pack_out.close_parcel(session, order_id, "printer", last=True, weight_g=100)
    scan(station, session, order_id, codes["NOTE-A5"])
    with pytest.raises(DomainError, match="press Complete"):
        pack_out.close_parcel(session, order_id, "printer", last=False, weight_g=100)
    third = pack_out.close_parcel(session, order_id, "printer", last=True, weight_g=101)
    assert isinstance(third, ParcelClosed) and third.completion is not None
    assert third.parcel_no == 3 and third.order.status is OrderStatus.PACKED

    with engine.connect() as conn:
        parcels = conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == order_id).order_by(t.parcels.c.seq)
        ).all()
    assert [(p.seq, p.weight_g) for p in parcels] == [(1, 205), (2, 198), (3, 101)]
    assert len({p.tracking_number for p in parcels}) == 3
    with SqlUnitOfWork.factory(engine)(read_only=True) as uow:
        contents = [
            [(line.sku, line.quantity) for line in uow.pack_out.packed_lines(order_id, n)]
            for n in (1, 2, 3)
        ]
    assert contents == [
        [("MUG-BLUE", 2)],
        [("NOTE-A5", 1), ("PEN-BLK", 1)],
        [("NOTE-A5", 1)],
    ]
    assert audit(engine, "close_parcel")[0].startswith("parcel 1 (")
