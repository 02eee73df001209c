"""GS1 data on the pack screen's use case: lots, expiry dates and serial numbers."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.domain.model import ScanOutcome
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, make_station

GS = "\x1d"
PHONE = "09506000134352"
VITAMIN = "09506000134369"


def uid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(
        engine,
        now,
        orders=[("GS1-1", [("PHONE-X", 2), ("VITAMIN-D", 1), ("MUG-BLUE", 1)])],
    )


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def order_session(station: StationUnderTest, world: World) -> tuple[Session, int]:
    session = station.sign_in()
    return session, station.packing.open_order(session, world.slips["GS1-1"]).id


def stored(engine: Engine, scan_uid: str) -> dict[str, object]:
    with engine.connect() as conn:
        row = conn.execute(select(t.scan_events).where(t.scan_events.c.scan_uid == scan_uid)).one()
    return dict(row._mapping)


def test_gs1_serial_is_counted_and_stored(
    station: StationUnderTest, order_session: tuple[Session, int], engine: Engine
) -> None:
    session, order_id = order_session
    scan_uid = uid()
    result = station.packing.record_scan(session, order_id, scan_uid, f"]C101{PHONE}21SN0001")
    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.order.lines[0].verified == 1
    row = stored(engine, scan_uid)
    assert (row["serial"], row["symbology"], row["lot"]) == ("SN0001", "]C1", None)


def test_a_serial_already_packed_is_refused(
    station: StationUnderTest, order_session: tuple[Session, int]
) -> None:
    session, order_id = order_session
    code = f"]C101{PHONE}21SN0001"
    assert station.packing.record_scan(session, order_id, uid(), code).outcome is (
        ScanOutcome.ACCEPTED
    )
    again = station.packing.record_scan(session, order_id, uid(), code)
    assert again.outcome is ScanOutcome.DUPLICATE_SERIAL
    assert "SN0001" in again.message and "already packed" in again.message
    assert again.order.lines[0].verified == 1
    # Undone, the same unit may be scanned again.
    station.packing.undo_last_scan(session, order_id, uid())
    assert station.packing.record_scan(session, order_id, uid(), code).outcome is (
        ScanOutcome.ACCEPTED
    )


def test_plain_gtin_of_a_serialised_product_asks_for_the_serial(
    station: StationUnderTest, order_session: tuple[Session, int], engine: Engine
) -> None:
    session, order_id = order_session
    asked = station.packing.record_scan(session, order_id, uid(), PHONE[1:])
    assert asked.outcome is ScanOutcome.DATA_NEEDED
    assert asked.message == "Scan the serial number of Smartphone X (PHONE-X)."
    assert asked.order.lines[0].verified == 0
    scan_uid = uid()
    answered = station.packing.record_scan(session, order_id, scan_uid, "SN0002")
    assert answered.outcome is ScanOutcome.ACCEPTED
    assert answered.order.lines[0].verified == 1
    assert stored(engine, scan_uid)["serial"] == "SN0002"
    # The next plain scan asks again; a GS1 scan with AI 21 answers at once.
    assert station.packing.record_scan(session, order_id, uid(), PHONE[1:]).outcome is (
        ScanOutcome.DATA_NEEDED
    )
    result = station.packing.record_scan(session, order_id, uid(), f"]C101{PHONE}21SN0003")
    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.order.lines[0].verified == 2


def test_lot_from_the_same_gs1_scan_or_a_following_scan(
    station: StationUnderTest, order_session: tuple[Session, int], engine: Engine
) -> None:
    session, order_id = order_session
    asked = station.packing.record_scan(session, order_id, uid(), VITAMIN[1:])
    assert asked.outcome is ScanOutcome.DATA_NEEDED and "lot number" in asked.message
    # A known product scanned instead abandons the question.
    mug = station.packing.record_scan(session, order_id, uid(), "4006381333931")
    assert mug.outcome is ScanOutcome.ACCEPTED
    scan_uid = uid()
    with_lot = station.packing.record_scan(
        session, order_id, scan_uid, f"]C101{VITAMIN}10LOT42{GS}17301231"
    )
    assert with_lot.outcome is ScanOutcome.ACCEPTED
    row = stored(engine, scan_uid)
    assert (row["lot"], str(row["expiry"])) == ("LOT42", "2030-12-31")


def test_an_expired_lot_is_refused(
    station: StationUnderTest, order_session: tuple[Session, int]
) -> None:
    session, order_id = order_session
    # The test clock says 2026-11-23; the lot expired at the end of October 2026.
    expired = station.packing.record_scan(
        session, order_id, uid(), f"]C101{VITAMIN}17261000{GS}10LOT7"
    )
    assert expired.outcome is ScanOutcome.EXPIRED
    assert "Lot LOT7" in expired.message and "expired on 2026-10-31" in expired.message
    assert expired.order.lines[1].verified == 0


def test_lost_separator_is_refused_and_stored(
    station: StationUnderTest, order_session: tuple[Session, int], engine: Engine
) -> None:
    session, order_id = order_session
    scan_uid = uid()
    lost = station.packing.record_scan(
        session, order_id, scan_uid, f"]C101{VITAMIN}10ABC12317301231"
    )
    assert lost.outcome is ScanOutcome.INVALID_BARCODE
    assert "separator" in lost.message
    assert stored(engine, scan_uid)["outcome"] == "invalid_barcode"
