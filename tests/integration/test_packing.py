"""The packer's use cases on real databases: every test runs on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import ColumnElement, Engine, Table, func, select, update

from app.adapters.db import tables as t
from app.domain.errors import (
    DomainError,
    InvalidBarcode,
    NotAllowed,
    NotFound,
    OrderIncomplete,
    OrderUnavailable,
    TrackingRangeExhausted,
)
from app.domain.model import OrderStatus, ScanOutcome
from app.domain.tracking import validate_s10
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.printers import file_printer, network_printer
from tests.support.station import StationUnderTest, make_station
from tests.support.virtual_printer import VirtualPrinter


def uid() -> str:
    return uuid.uuid4().hex


def count(engine: Engine, table: Table, *where: ColumnElement[bool]) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def open_shop1(station: StationUnderTest, session: Session, world: World) -> int:
    return station.packing.open_order(session, world.slips["SHOP-1"]).id


# -- signing in -----------------------------------------------------------------------------


def test_sign_in_by_badge(station: StationUnderTest, engine: Engine) -> None:
    result = station.packing.sign_in(station.record, "BDG1001")
    assert result.session.user_name == "Alex Packer"
    assert result.open_order is None
    assert count(engine, t.audit_log, t.audit_log.c.action == "sign_in") == 1


def test_unknown_badge_is_refused_and_only_the_failure_audited(
    station: StationUnderTest, engine: Engine
) -> None:
    with pytest.raises(NotFound, match="Badge not recognised"):
        station.packing.sign_in(station.record, "BDG4242")
    with pytest.raises(InvalidBarcode, match="not a badge"):
        station.packing.sign_in(station.record, "4006381333931")
    assert count(engine, t.audit_log) == 1
    assert count(engine, t.audit_log, t.audit_log.c.detail == "unknown badge") == 1


# -- claiming -------------------------------------------------------------------------------


def test_open_order_by_slip_claims_it(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    view = station.packing.open_order(session, world.slips["SHOP-1"])
    assert view.reference == "SHOP-1"
    assert view.status is OrderStatus.PACKING
    assert [(line.sku, line.quantity, line.verified) for line in view.lines] == [
        ("MUG-BLUE", 2, 0),
        ("CABLE-C1", 1, 0),
    ]
    with engine.connect() as conn:
        row = conn.execute(select(t.orders).where(t.orders.c.id == view.id)).one()
    assert row.status == "packing"
    assert row.claimed_by_station_id == station.record.id


def test_open_order_by_tote(station: StationUnderTest, session: Session, world: World) -> None:
    assert station.packing.open_order(session, world.totes["SHOP-2"]).reference == "SHOP-2"


def test_unknown_and_empty_totes_and_slips(station: StationUnderTest, session: Session) -> None:
    with pytest.raises(NotFound, match="ORD999999 is not known"):
        station.packing.open_order(session, "ORD999999")
    with pytest.raises(NotFound, match="has no order"):
        station.packing.open_order(session, "TOT9999")
    with pytest.raises(InvalidBarcode, match="order slip or a tote"):
        station.packing.open_order(session, "4006381333931")
    with pytest.raises(InvalidBarcode, match="Empty scan"):
        station.packing.open_order(session, "   ")


def test_order_held_by_another_station_is_refused(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, session: Session
) -> None:
    other = make_station(engine, now, "PACK-02")
    other.packing.open_order(other.sign_in("BDG1002"), world.slips["SHOP-1"])
    with pytest.raises(OrderUnavailable, match="being packed at PACK-02"):
        station.packing.open_order(session, world.slips["SHOP-1"])


@pytest.mark.parametrize(
    ("status", "reason", "message"),
    [
        ("on_hold", "address check", "on hold: address check"),
        ("cancelled", None, "cancelled"),
        ("received", None, "not picked yet"),
        ("labelled", None, "already packed"),
    ],
)
def test_orders_not_ready_are_refused(
    station: StationUnderTest,
    session: Session,
    world: World,
    engine: Engine,
    status: str,
    reason: str | None,
    message: str,
) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(t.orders)
            .where(t.orders.c.id == world.orders["SHOP-2"])
            .values(status=status, hold_reason=reason)
        )
    with pytest.raises(OrderUnavailable, match=message):
        station.packing.open_order(session, world.slips["SHOP-2"])
    assert count(engine, t.audit_log, t.audit_log.c.action == "claim") == 0


def test_a_station_holds_one_order_at_a_time(
    station: StationUnderTest, session: Session, world: World
) -> None:
    open_shop1(station, session, world)
    with pytest.raises(OrderUnavailable, match="still packing order SHOP-1"):
        station.packing.open_order(session, world.slips["SHOP-2"])
    # Scanning the open order's slip again resumes it.
    assert station.packing.open_order(session, world.slips["SHOP-1"]).reference == "SHOP-1"


def test_next_order_by_priority_then_cut_off_then_age(engine: Engine, now: datetime) -> None:
    seed(
        engine,
        now,
        orders=[(f"Q-{n}", [("MUG-BLUE", 1)]) for n in range(1, 6)],
        priorities={"Q-4": 2, "Q-5": 1},
        cut_off={"Q-2": now + timedelta(hours=1), "Q-3": now + timedelta(hours=3)},
    )
    station = make_station(engine, now)
    session = station.sign_in()
    taken = []
    while True:
        view = station.packing.claim_next_order(session)
        if view is None:
            break
        taken.append(view.reference)
        station.packing.hold_order(session, view.id, "queue order test")
    assert taken == ["Q-4", "Q-5", "Q-2", "Q-3", "Q-1"]


def test_sign_in_resumes_the_order_the_station_holds(
    station: StationUnderTest, session: Session, world: World
) -> None:
    order_id = open_shop1(station, session, world)
    station.packing.sign_out(session)
    again = station.packing.sign_in(station.record, "BDG1002")
    assert again.open_order is not None and again.open_order.id == order_id


def test_release_claim_needs_a_supervisor_and_a_reason(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    with pytest.raises(NotAllowed):
        station.packing.release_claim(session, order_id, "station died")
    supervisor = station.sign_in("BDG9001")
    with pytest.raises(DomainError, match="reason"):
        station.packing.release_claim(supervisor, order_id, "  ")
    station.packing.release_claim(supervisor, order_id, "station PACK-01 crashed")
    with engine.connect() as conn:
        row = conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        audit = conn.execute(
            select(t.audit_log).where(t.audit_log.c.action == "release_claim")
        ).one()
    assert (row.status, row.claimed_by_station_id) == ("ready", None)
    assert "crashed" in audit.detail and audit.user_id == supervisor.user_id


def test_release_by_scanning_the_slip(
    station: StationUnderTest, session: Session, world: World
) -> None:
    open_shop1(station, session, world)
    supervisor = station.sign_in("BDG9001")
    with pytest.raises(NotAllowed):
        station.packing.release_claim_by_code(session, world.slips["SHOP-1"], "dead")
    with pytest.raises(InvalidBarcode, match="slip or tote"):
        station.packing.release_claim_by_code(supervisor, "BDG1001", "dead")
    with pytest.raises(OrderUnavailable, match="not held by any station"):
        station.packing.release_claim_by_code(supervisor, world.slips["SHOP-2"], "dead")
    assert station.packing.release_claim_by_code(supervisor, world.totes["SHOP-1"], "dead") == (
        "SHOP-1"
    )


# -- verifying ------------------------------------------------------------------------------


def test_each_scan_outcome(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    scan = station.packing.record_scan
    mug = world.product_codes["MUG-BLUE"]

    accepted = scan(session, order_id, uid(), mug)
    assert accepted.outcome is ScanOutcome.ACCEPTED
    assert accepted.order.lines[0].verified == 1
    assert accepted.message == "Ceramic mug, blue: 1 of 2"

    wrong = scan(session, order_id, uid(), world.product_codes["NOTE-A5"])
    assert wrong.outcome is ScanOutcome.WRONG_ITEM
    assert "Notebook A5 dotted (NOTE-A5) is not in order SHOP-1" in wrong.message

    assert scan(session, order_id, uid(), mug).outcome is ScanOutcome.ACCEPTED
    over = scan(session, order_id, uid(), mug)
    assert over.outcome is ScanOutcome.OVER_SCAN
    assert "already complete" in over.message

    valid_unknown = scan(session, order_id, uid(), "5901234123457")
    assert valid_unknown.outcome is ScanOutcome.UNKNOWN_BARCODE
    assert "5901234123457" in valid_unknown.message

    bad_check = mug[:-1] + str((int(mug[-1]) + 1) % 10)
    invalid = scan(session, order_id, uid(), bad_check)
    assert invalid.outcome is ScanOutcome.INVALID_BARCODE
    assert "check digit" in invalid.message

    assert scan(session, order_id, uid(), "").outcome is ScanOutcome.INVALID_BARCODE
    long_scan = scan(session, order_id, uid(), "A" * 5000)
    assert long_scan.outcome is ScanOutcome.INVALID_BARCODE
    assert "too long" in long_scan.message

    slip = scan(session, order_id, uid(), world.slips["SHOP-2"])
    assert slip.outcome is ScanOutcome.NOT_AN_ITEM
    assert "Finish order SHOP-1" in slip.message

    # Every scan is stored with its outcome; only accepted ones count.
    with engine.connect() as conn:
        outcomes = (
            conn.execute(select(t.scan_events.c.outcome).order_by(t.scan_events.c.id))
            .scalars()
            .all()
        )
        verified = (
            conn.execute(
                select(t.order_lines.c.verified_qty)
                .where(t.order_lines.c.order_id == order_id)
                .order_by(t.order_lines.c.line_no)
            )
            .scalars()
            .all()
        )
    assert len(outcomes) == 9
    assert outcomes.count("accepted") == 2
    assert list(verified) == [2, 0]


def test_a_retried_scan_counts_once(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    scan_uid = uid()
    first = station.packing.record_scan(
        session, order_id, scan_uid, world.product_codes["MUG-BLUE"]
    )
    again = station.packing.record_scan(
        session, order_id, scan_uid, world.product_codes["MUG-BLUE"]
    )
    assert not first.repeated and again.repeated
    assert again.order.lines[0].verified == 1
    assert count(engine, t.scan_events) == 1


def test_case_pack_barcode_counts_its_units(
    station: StationUnderTest, session: Session, world: World
) -> None:
    order_id = station.packing.open_order(session, world.slips["SHOP-3"]).id
    case = world.case_codes["PEN-BLK"]
    first = station.packing.record_scan(session, order_id, uid(), case)
    assert first.outcome is ScanOutcome.ACCEPTED and first.units == 6
    single = station.packing.record_scan(session, order_id, uid(), world.product_codes["PEN-BLK"])
    assert single.order.lines[0].verified == 7
    too_many = station.packing.record_scan(session, order_id, uid(), case)
    assert too_many.outcome is ScanOutcome.OVER_SCAN
    assert "only 5 still needed" in too_many.message
    assert too_many.order.lines[0].verified == 7


def test_undo_last_scan(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    with pytest.raises(DomainError, match="Nothing to undo"):
        station.packing.undo_last_scan(session, order_id, uid())
    station.packing.record_scan(session, order_id, uid(), world.product_codes["MUG-BLUE"])
    station.packing.record_scan(session, order_id, uid(), world.product_codes["CABLE-C1"])
    undone = station.packing.undo_last_scan(session, order_id, uid())
    assert undone.outcome is ScanOutcome.UNDO
    assert [line.verified for line in undone.order.lines] == [1, 0]
    undone = station.packing.undo_last_scan(session, order_id, uid())
    assert [line.verified for line in undone.order.lines] == [0, 0]
    with pytest.raises(DomainError, match="Nothing to undo"):
        station.packing.undo_last_scan(session, order_id, uid())
    assert count(engine, t.audit_log, t.audit_log.c.action == "undo_scan") == 2


def test_order_cancelled_under_the_packer_stops_scans_and_completion(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = station.packing.open_order(session, world.slips["SHOP-2"]).id
    station.packing.record_scan(session, order_id, uid(), world.product_codes["NOTE-A5"])
    with engine.begin() as conn:
        conn.execute(update(t.orders).where(t.orders.c.id == order_id).values(status="cancelled"))
    with pytest.raises(OrderUnavailable, match="cancelled"):
        station.packing.record_scan(session, order_id, uid(), world.product_codes["NOTE-A5"])
    with pytest.raises(OrderUnavailable, match="cancelled"):
        station.packing.complete_order(session, order_id, "file")
    assert count(engine, t.parcels) == 0


# -- completing and labelling ----------------------------------------------------------------


def scan_all(station: StationUnderTest, session: Session, world: World, order_id: int) -> None:
    with station.engine.connect() as conn:
        lines = conn.execute(
            select(t.order_lines.c.quantity, t.products.c.sku)
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
        ).all()
    for line in lines:
        for _ in range(line.quantity):
            result = station.packing.record_scan(
                session, order_id, uid(), world.product_codes[line.sku]
            )
            assert result.outcome is ScanOutcome.ACCEPTED


def test_complete_only_when_every_unit_is_verified(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    station.packing.record_scan(session, order_id, uid(), world.product_codes["MUG-BLUE"])
    with pytest.raises(
        OrderIncomplete, match=r"2 unit\(s\) still to scan: 1 x MUG-BLUE, 1 x CABLE"
    ):
        station.packing.complete_order(session, order_id, "file")
    assert count(engine, t.parcels) == 0
    assert count(engine, t.orders, t.orders.c.status == "packing") == 1


def test_complete_creates_one_parcel_with_a_tracking_number(
    station: StationUnderTest, session: Session, world: World, engine: Engine
) -> None:
    order_id = open_shop1(station, session, world)
    scan_all(station, session, world, order_id)
    done = station.packing.complete_order(session, order_id, "file")
    assert validate_s10(done.tracking_number) == done.tracking_number
    assert done.tracking_number.startswith("JJ10000000")
    assert done.order.status is OrderStatus.PACKED
    assert done.destination == "cage DHL"
    again = station.packing.complete_order(session, order_id, "file")
    assert (again.parcel_id, again.tracking_number, again.print_job_id) == (
        done.parcel_id,
        done.tracking_number,
        done.print_job_id,
    )
    assert count(engine, t.parcels) == 1
    assert count(engine, t.print_jobs, t.print_jobs.c.state == "queued") == 1
    # The station is free for the next order.
    assert station.packing.open_order(session, world.slips["SHOP-2"]).reference == "SHOP-2"


def test_used_up_tracking_range_stops_before_any_number_is_reused(
    engine: Engine, now: datetime
) -> None:
    world = seed(
        engine, now, orders=[("A", [("MUG-BLUE", 1)]), ("B", [("MUG-BLUE", 1)])], range_size=1
    )
    station = make_station(engine, now)
    session = station.sign_in()
    first = station.packing.open_order(session, world.slips["A"]).id
    scan_all(station, session, world, first)
    station.packing.complete_order(session, first, "file")
    second = station.packing.open_order(session, world.slips["B"]).id
    scan_all(station, session, world, second)
    with pytest.raises(TrackingRangeExhausted, match="No tracking numbers left for carrier DHL"):
        station.packing.complete_order(session, second, "file")
    assert count(engine, t.parcels) == 1
    assert count(engine, t.orders, t.orders.c.status == "packing") == 1


def test_label_printed_once_and_failed_jobs_resend_the_same_label(
    station: StationUnderTest, session: Session, world: World, engine: Engine, tmp_path: object
) -> None:
    from pathlib import Path

    assert isinstance(tmp_path, Path)
    order_id = open_shop1(station, session, world)
    scan_all(station, session, world, order_id)
    done = station.packing.complete_order(session, order_id, "file")

    with VirtualPrinter(mode="refuse") as dead:
        broken = network_printer(dead.port, "broken")
        failed = station.labels(broken).print_job(session, done.print_job_id)
    assert failed.state == "failed" and "refused" in (failed.error or "").lower()
    with engine.connect() as conn:
        job = conn.execute(select(t.print_jobs)).one()
        status = conn.execute(select(t.orders.c.status).where(t.orders.c.id == order_id)).scalar()
    assert (job.state, job.attempts) == ("failed", 1)
    assert status == "packed"

    labels = station.labels(file_printer(tmp_path))
    sent = labels.print_job(session, done.print_job_id)
    assert sent.state == "sent" and sent.tracking_number == done.tracking_number
    assert sent.preview_path is not None and Path(sent.preview_path).exists()
    # Asking again does not print a second label.
    assert labels.print_job(session, done.print_job_id).state == "sent"
    assert len(list(tmp_path.glob("*.bin"))) == 1
    with engine.connect() as conn:
        status = conn.execute(select(t.orders.c.status).where(t.orders.c.id == order_id)).scalar()
    assert status == "labelled"
    assert count(engine, t.audit_log, t.audit_log.c.action == "label_printed") == 1
    assert count(engine, t.audit_log, t.audit_log.c.action == "print_failed") == 1
