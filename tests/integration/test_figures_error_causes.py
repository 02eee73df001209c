"""Error scans per 100 scans count exactly issue 10's causes (SQLite and PostgreSQL): wrong
item, over-scan, unknown, invalid, expired, duplicate serial, weight and keyed entry each
raise the packer's error rate; a scan that asks for data (a serial) and a scan refused while an
error waits for its acknowledgement do not. Every scan goes the station's way: the station's
reading of the code (``app.domain.station.read``, with the site's rules and the error on
screen), then the service it calls (``record_scan``, ``refuse_scan``; the pack-out's weighing),
and the figures are read back through ``FiguresService`` from the database's roll-ups."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.figures import FigureRow, Grouping
from app.domain.model import ScanOutcome
from app.domain.station import (
    Context,
    InputState,
    RecordScan,
    RefuseScan,
    Unacknowledged,
    read,
    unacknowledged_after,
)
from app.domain.station_rules import KEYED_ITEM_CODES
from app.services.figures import FiguresService
from app.services.pack_out import WeightRefusal
from app.services.results import Session
from tests.support.factories import World, ean13, seed
from tests.support.station import StationUnderTest, make_station

GS = "\x1d"
PHONE = "09506000134352"
VITAMIN = "09506000134369"


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(
        engine,
        now,
        orders=[("ERR-1", [("MUG-BLUE", 2), ("PHONE-X", 2), ("VITAMIN-D", 1), ("CABLE-C1", 1)])],
    )


class Packer:
    """One packer at one station, scanning as the station does: the station reads the code
    in its state (an error on screen refuses unit scans until acknowledged), then calls the
    service."""

    def __init__(self, station: StationUnderTest, engine: Engine, now: datetime) -> None:
        self.station = station
        signed = station.packing.sign_ins.sign_in(station.record, "BDG1001")
        self.session: Session = signed.session
        self.rules = signed.rules
        self.error: Unacknowledged | None = None
        self.order_id = 0
        self.figures = FiguresService(SqlUnitOfWork.factory(engine), (), UTC)
        self.supervisor = station.sign_in("BDG9001")
        station.sign_in("BDG1001")  # back to the packer
        self.range = (now - timedelta(hours=2), now + timedelta(hours=2))

    def scan(self, code: str, *, keyed: bool = False) -> ScanOutcome:
        state = InputState.ACKNOWLEDGE if self.error is not None else InputState.PACKING
        intent = read(state, code, context=Context(self.rules, self.error, keyed=keyed))
        packing = self.station.packing
        if isinstance(intent, RefuseScan):
            verdict = packing.acknowledgements.refuse_scan(
                self.session, self.order_id, uuid.uuid4().hex, code, intent.outcome, intent.message
            )
            return verdict.outcome
        assert isinstance(intent, RecordScan), intent
        outcome = packing.record_scan(self.session, self.order_id, uuid.uuid4().hex, code).outcome
        self.error = unacknowledged_after(outcome, self.rules)
        return outcome

    def acknowledge(self) -> None:
        assert self.error is not None
        self.station.packing.acknowledgements.acknowledge(self.session, self.order_id, self.error)
        self.error = None

    def row(self) -> FigureRow:
        since, until = self.range
        (row,) = self.figures.figures(self.supervisor, since, until, Grouping.PACKER).rows
        return row


def test_only_the_issues_causes_raise_the_error_rate(
    engine: Engine, now: datetime, world: World
) -> None:
    with engine.begin() as conn:  # the site refuses typed unit codes (a site rule)
        conn.execute(
            insert(t.site_settings).values(key=KEYED_ITEM_CODES, value="refused", updated_at=now)
        )
    station = make_station(engine, now)
    packer = Packer(station, engine, now)
    packer.order_id = station.packing.open_order(packer.session, world.slips["ERR-1"]).id
    codes = world.product_codes

    errors = 0
    scans = 0

    def expect(outcome: ScanOutcome, got: ScanOutcome, cause: str | None) -> FigureRow:
        nonlocal errors, scans
        assert got is outcome
        scans += 1
        errors += cause is not None
        row = packer.row()
        assert row.scans == scans
        assert row.error_rate == pytest.approx(100 * errors / scans), (outcome, row)
        if cause is not None:
            assert row.errors_per_100[cause] > 0, (cause, row.errors_per_100)
        return row

    expect(ScanOutcome.ACCEPTED, packer.scan(codes["MUG-BLUE"]), None)
    # A serialised product's plain GTIN: the station asks for the serial. No error.
    before = packer.row().error_rate
    expect(ScanOutcome.DATA_NEEDED, packer.scan(PHONE[1:]), None)
    assert packer.row().error_rate <= before
    expect(ScanOutcome.ACCEPTED, packer.scan("SN0001"), None)

    # Each of the issue's causes raises the rate.
    for code, outcome, cause in (
        (codes["PEN-BLK"], ScanOutcome.WRONG_ITEM, "wrong item"),
        (ean13("400638133999"), ScanOutcome.UNKNOWN_BARCODE, "unknown"),
        ("4006381333932", ScanOutcome.INVALID_BARCODE, "invalid"),  # bad check digit
        (f"]C101{VITAMIN}17261000{GS}10LOT7", ScanOutcome.EXPIRED, "expired"),
        (f"]C101{PHONE}21SN0001", ScanOutcome.DUPLICATE_SERIAL, "duplicate serial"),
    ):
        before = packer.row().error_rate
        row = expect(outcome, packer.scan(code), cause)
        assert row.error_rate > before, cause
        # The error stays on screen: a unit scanned meanwhile is refused, and is no error.
        refused = expect(ScanOutcome.REFUSED_UNACKNOWLEDGED, packer.scan(codes["CABLE-C1"]), None)
        assert refused.error_rate < row.error_rate and set(refused.errors_per_100) == set(
            row.errors_per_100
        )
        packer.acknowledge()

    expect(ScanOutcome.ACCEPTED, packer.scan(codes["MUG-BLUE"]), None)
    before = packer.row().error_rate
    row = expect(ScanOutcome.OVER_SCAN, packer.scan(codes["MUG-BLUE"]), "over-scan")
    assert row.error_rate > before
    packer.acknowledge()
    # A unit's code typed by hand where the site refuses it: "keyed entry".
    before = packer.row().error_rate
    row = expect(
        ScanOutcome.REFUSED_KEYED, packer.scan(codes["CABLE-C1"], keyed=True), "keyed entry"
    )
    assert row.error_rate > before

    # The parcel weighed far off its expected weight: "weight".
    for code in (codes["CABLE-C1"], f"]C101{VITAMIN}10LOT42{GS}17301231", f"]C101{PHONE}21SN2"):
        expect(ScanOutcome.ACCEPTED, packer.scan(code), None)
    before = packer.row().error_rate
    refusal = station.packing.pack_out.close_parcel(
        packer.session, packer.order_id, "printer", last=True, weight_g=9000
    )
    assert isinstance(refusal, WeightRefusal)
    scans += 1
    errors += 1
    row = packer.row()
    assert row.scans == scans and row.error_rate > before
    assert row.error_rate == pytest.approx(100 * errors / scans)

    assert set(row.errors_per_100) == {
        "wrong item",
        "over-scan",
        "unknown",
        "invalid",
        "expired",
        "duplicate serial",
        "weight",
        "keyed entry",
    }
    # Each cause once, over every scan (the data-needed and refused ones included).
    assert all(rate == pytest.approx(100 / scans) for rate in row.errors_per_100.values())
