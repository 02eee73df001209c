"""The packing rules over the fake unit of work: sign-in, claiming, verification, undo, hold
and completion, in milliseconds. The same services run on SQLite and PostgreSQL in
tests/integration."""

from __future__ import annotations

import copy
import uuid
from typing import Any

import pytest

from app.domain.errors import (
    DomainError,
    InvalidBarcode,
    NotAllowed,
    NotFound,
    OrderIncomplete,
    OrderUnavailable,
    TrackingRangeExhausted,
)
from app.domain.model import OrderStatus, Product, Role, ScanOutcome
from app.domain.station import Unacknowledged
from app.domain.text import InvalidText
from app.services.packing import PackingService
from app.services.results import Session
from app.services.sign_in import PinRequired, WrongPin
from tests.unit.fakes import FakeClock, FakeDatabase, FakeHasher, Store

GTIN_MUG = "4006381333931"
GTIN_CABLE = "5012345678900"


class Floor:
    """A fake site: products, a packer and a supervisor, two stations, and the service."""

    def __init__(self) -> None:
        self.db = FakeDatabase()
        store = self.db.store
        self.mug = store.add_product("MUG", "0" + GTIN_MUG, case=("MUGCASE6", 6))
        self.cable = store.add_product("CABLE", "0" + GTIN_CABLE)
        self.phone = store.add_product("PHONE", "PHONE-1", serial=True)
        self.vaccine = store.add_product("VAX", "VAX-1", lot=True)
        store.add_user("Alex Packer", "BDG1001")
        store.add_user("Sam Supervisor", "BDG2001", Role.SUPERVISOR)
        store.add_user("Old Badge", "BDG3001", active=False)
        store.add_user("Pin User", "BDG4001", pin="pin:1234")
        store.ranges["DHL"] = ["JJ", 100, 102, "DE"]
        self.service = PackingService(self.db.uow, FakeClock(), FakeHasher())
        self.station = self.service.register_station("PACK-01")
        self.other = self.service.register_station("PACK-02")

    @property
    def store(self) -> Store:
        return self.db.store

    def order(self, reference: str, *lines: tuple[Product, int], **kw: Any) -> int:
        return self.store.add_order(reference, list(lines), **kw).id

    def sign_in(self, badge: str = "BDG1001", other: bool = False) -> Session:
        return self.service.sign_in(self.other if other else self.station, badge).session

    def scan(self, session: Session, order_id: int, raw: str) -> ScanOutcome:
        return self.service.record_scan(session, order_id, uuid.uuid4().hex, raw).outcome


@pytest.fixture
def floor() -> Floor:
    return Floor()


# -- signing in ----------------------------------------------------------------------------


def test_sign_in_by_badge_is_audited(floor: Floor) -> None:
    result = floor.service.sign_in(floor.station, "BDG1001")
    assert result.session.user_name == "Alex Packer"
    assert result.open_order is None
    assert floor.store.actions() == ["sign_in"]


@pytest.mark.parametrize(
    ("badge", "error", "text", "audited"),
    [
        ("BDG4242", NotFound, "Badge not recognised", "unknown badge"),
        ("BDG3001", NotFound, "Badge not recognised", "deactivated user"),
        (GTIN_MUG, InvalidBarcode, "not a badge", None),
        ("BDG4001", NotAllowed, "PIN", None),  # asks for the PIN: no failure
    ],
)
def test_sign_in_refusals_write_only_their_audit_row(
    floor: Floor, badge: str, error: type[DomainError], text: str, audited: str | None
) -> None:
    before = copy.deepcopy(floor.store)
    with pytest.raises(error, match=text):
        floor.service.sign_in(floor.station, badge)
    after = floor.store
    failures = [row["detail"] for row in after.audit if row["action"] == "sign_in_failed"]
    assert failures == ([audited] if audited else [])
    assert after.users == before.users and after.scans == before.scans


def test_sign_in_with_pin(floor: Floor) -> None:
    assert floor.service.sign_in(floor.station, "BDG4001", pin="1234").session.user_id == 4


def test_sign_in_hands_back_the_order_the_station_still_holds(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.claim_next_order(session)
    again = floor.service.sign_in(floor.station, "BDG1001")
    assert again.open_order is not None and again.open_order.id == order_id


def test_sign_in_hands_back_an_error_nobody_acknowledged(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.claim_next_order(session)
    assert floor.scan(session, order_id, GTIN_CABLE) is ScanOutcome.WRONG_ITEM
    again = floor.service.sign_in(floor.station, "BDG1001")  # after a restart
    waiting = again.waiting_error
    assert waiting is not None and waiting.scan.outcome is ScanOutcome.WRONG_ITEM
    assert "CABLE" in waiting.scan.message
    floor.service.acknowledgements.acknowledge(again.session, order_id, waiting.error)
    assert floor.service.sign_in(floor.station, "BDG1001").waiting_error is None
    # A later error waits again; the other station's sign-in knows nothing of it.
    floor.scan(again.session, order_id, "5901234123457")  # unknown barcode
    later = floor.service.sign_in(floor.station, "BDG1001").waiting_error
    assert later is not None and later.scan.outcome is ScanOutcome.UNKNOWN_BARCODE
    assert floor.service.sign_in(floor.other, "BDG1001").waiting_error is None


def test_a_supervisors_badge_acknowledges_with_the_pin_they_have(floor: Floor) -> None:
    floor.store.add_user("Pat Supervisor", "BDG5001", Role.SUPERVISOR, pin="pin:2468")
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.claim_next_order(session)
    floor.scan(session, order_id, GTIN_CABLE)
    error = Unacknowledged(ScanOutcome.WRONG_ITEM, supervisor=True)
    acks = floor.service.acknowledgements
    with pytest.raises(PinRequired):
        acks.acknowledge(session, order_id, error, "BDG5001")
    with pytest.raises(WrongPin, match="4 tries left"):
        acks.acknowledge_with_pin(session, order_id, error, "BDG5001", "1111")
    assert acks.acknowledge_with_pin(session, order_id, error, "BDG5001", "2468") == (
        "Pat Supervisor"
    )
    assert [row["action"] for row in floor.store.audit][-2:] == [
        "acknowledge_failed",
        "acknowledge",
    ]
    # A supervisor without a PIN still acknowledges with the badge alone.
    assert acks.acknowledge(session, order_id, error, "BDG2001") == "Sam Supervisor"


# -- claiming ------------------------------------------------------------------------------


def test_scanning_a_slip_claims_the_order(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    view = floor.service.open_order(session, "ORDA")
    assert view.id == order_id and view.status is OrderStatus.PACKING
    assert floor.store.orders[order_id].claimed_by == floor.station.id
    assert floor.store.actions()[-1] == "claim"


def test_scanning_a_tote_claims_its_order(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2), tote="TOT7")
    assert floor.service.open_order(session, "TOT7").id == order_id
    floor.store.totes["TOT8"] = None
    with pytest.raises(NotFound, match="Tote TOT8 has no order"):
        floor.service.open_order(session, "TOT8")
    with pytest.raises(NotFound, match="Tote TOT9 is not known"):
        floor.service.open_order(session, "TOT9")


def test_an_order_claimed_elsewhere_names_the_station(floor: Floor) -> None:
    floor.order("A", (floor.mug, 1))
    floor.service.open_order(floor.sign_in(other=True), "ORDA")
    with pytest.raises(OrderUnavailable, match="being packed at PACK-02"):
        floor.service.open_order(floor.sign_in(), "ORDA")


@pytest.mark.parametrize(
    ("status", "text"),
    [
        (OrderStatus.CANCELLED, "was cancelled"),
        (OrderStatus.RECEIVED, "not picked yet"),
        (OrderStatus.PACKED, "already packed"),
        (OrderStatus.HANDED_OVER, "handed to the carrier"),
    ],
)
def test_orders_that_cannot_be_claimed(floor: Floor, status: OrderStatus, text: str) -> None:
    floor.order("A", (floor.mug, 1), status=status)
    with pytest.raises(OrderUnavailable, match=text):
        floor.service.open_order(floor.sign_in(), "ORDA")


def test_an_order_on_hold_says_why(floor: Floor) -> None:
    order = floor.store.add_order("A", [(floor.mug, 1)], status=OrderStatus.ON_HOLD)
    order.hold_reason = "Damaged unit"
    with pytest.raises(OrderUnavailable, match="on hold: Damaged unit"):
        floor.service.open_order(floor.sign_in(), "ORDA")


def test_a_busy_station_cannot_claim_a_second_order(floor: Floor) -> None:
    session = floor.sign_in()
    floor.order("A", (floor.mug, 1))
    floor.order("B", (floor.mug, 1))
    floor.service.open_order(session, "ORDA")
    with pytest.raises(OrderUnavailable, match="still packing order A"):
        floor.service.open_order(session, "ORDB")
    # Scanning its own order again resumes it.
    assert floor.service.open_order(session, "ORDA").reference == "A"


def test_next_order_by_priority_then_age(floor: Floor) -> None:
    session = floor.sign_in()
    floor.order("LOW", (floor.mug, 1))
    floor.order("HIGH", (floor.mug, 1), priority=5)
    view = floor.service.claim_next_order(session)
    assert view is not None and view.reference == "HIGH"
    # A station packing an order gets that order back, not a second one.
    again = floor.service.claim_next_order(session)
    assert again is not None and again.reference == "HIGH"


def test_empty_queue(floor: Floor) -> None:
    assert floor.service.claim_next_order(floor.sign_in()) is None


def test_only_supervisors_release_claims_with_a_reason(floor: Floor) -> None:
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.open_order(floor.sign_in(other=True), "ORDA")
    with pytest.raises(NotAllowed):
        floor.service.release_claim(floor.sign_in(), order_id, "station died")
    supervisor = floor.sign_in("BDG2001")
    with pytest.raises(InvalidText, match="empty"):
        floor.service.release_claim(supervisor, order_id, "  ")
    assert floor.service.release_claim_by_code(supervisor, "ORDA", "station died") == "A"
    assert floor.store.orders[order_id].status is OrderStatus.READY
    assert "PACK-02: station died" in floor.store.audit[-1]["detail"]


# -- verifying -----------------------------------------------------------------------------


def test_accepted_wrong_over_unknown_invalid(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    floor.service.open_order(session, "ORDA")
    assert floor.scan(session, order_id, GTIN_MUG) is ScanOutcome.ACCEPTED
    assert floor.scan(session, order_id, GTIN_CABLE) is ScanOutcome.WRONG_ITEM
    assert floor.scan(session, order_id, "4006381333932") is ScanOutcome.INVALID_BARCODE
    assert floor.scan(session, order_id, "NOSUCHCODE") is ScanOutcome.UNKNOWN_BARCODE
    assert floor.scan(session, order_id, GTIN_MUG) is ScanOutcome.ACCEPTED
    assert floor.scan(session, order_id, GTIN_MUG) is ScanOutcome.OVER_SCAN
    assert floor.store.orders[order_id].lines[0].verified == 2
    assert len(floor.store.scans) == 6


def test_a_case_barcode_counts_its_units_or_is_an_over_scan(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 8))
    floor.service.open_order(session, "ORDA")
    result = floor.service.record_scan(session, order_id, "s1", "MUGCASE6")
    assert (result.outcome, result.units) == (ScanOutcome.ACCEPTED, 6)
    result = floor.service.record_scan(session, order_id, "s2", "MUGCASE6")
    assert result.outcome is ScanOutcome.OVER_SCAN
    assert "only 2 still needed" in result.message


def test_slips_totes_and_badges_are_not_items(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.order("B", (floor.mug, 1))
    floor.service.open_order(session, "ORDA")
    result = floor.service.record_scan(session, order_id, "s1", "ORDB")
    assert result.outcome is ScanOutcome.NOT_AN_ITEM
    assert "Finish order A or hold it first" in result.message
    assert floor.scan(session, order_id, "BDG2001") is ScanOutcome.NOT_AN_ITEM


def test_a_retried_scan_counts_once(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 3))
    floor.service.open_order(session, "ORDA")
    first = floor.service.record_scan(session, order_id, "same-id", GTIN_MUG)
    again = floor.service.record_scan(session, order_id, "same-id", GTIN_MUG)
    assert again.repeated and not first.repeated
    assert again.outcome is ScanOutcome.ACCEPTED
    assert floor.store.orders[order_id].lines[0].verified == 1


def test_a_lost_reply_retried_with_the_same_id_counts_once(floor: Floor) -> None:
    """The commit went through but its reply was lost: the station retries the same scan."""
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 3))
    floor.service.open_order(session, "ORDA")
    lost: list[str] = []

    def lose_the_reply(_uow: object) -> None:
        if not lost:
            lost.append("x")
            raise ConnectionError("reply lost")

    floor.db.after_commit = lose_the_reply  # type: ignore[method-assign,assignment]
    with pytest.raises(ConnectionError):
        floor.service.record_scan(session, order_id, "scan-1", GTIN_MUG)
    result = floor.service.record_scan(session, order_id, "scan-1", GTIN_MUG)
    assert result.repeated and result.outcome is ScanOutcome.ACCEPTED
    assert result.order.units_verified == 1
    assert floor.store.orders[order_id].lines[0].verified == 1


def test_a_retry_after_the_order_moved_on_is_still_answered(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.open_order(session, "ORDA")
    floor.service.record_scan(session, order_id, "last", GTIN_MUG)
    floor.service.complete_order(session, order_id, "printer")
    again = floor.service.record_scan(session, order_id, "last", GTIN_MUG)
    assert again.repeated and again.outcome is ScanOutcome.ACCEPTED


def test_scans_need_the_order_open_at_this_station(floor: Floor) -> None:
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.open_order(floor.sign_in(other=True), "ORDA")
    with pytest.raises(OrderUnavailable, match="not open at this station"):
        floor.scan(floor.sign_in(), order_id, GTIN_MUG)


# -- lots, serials, expiry -----------------------------------------------------------------


def _serial_order(floor: Floor, qty: int = 2) -> tuple[Session, int]:
    session = floor.sign_in()
    order_id = floor.order("S", (floor.phone, qty), (floor.mug, 1))
    floor.service.open_order(session, "ORDS")
    return session, order_id


def test_data_needed_then_the_serial_as_scanned(floor: Floor) -> None:
    session, order_id = _serial_order(floor)
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    result = floor.service.record_scan(session, order_id, "s", "123456789012")
    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.verdict.serial == "123456789012"  # the text, not a GTIN-14 lookup key


def test_a_gs1_serial_scan_stores_the_ais_value(floor: Floor) -> None:
    session, order_id = _serial_order(floor)
    floor.scan(session, order_id, "PHONE-1")
    result = floor.service.record_scan(session, order_id, "s", "]C121SER123")
    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.verdict.serial == "SER123"
    assert floor.store.orders[order_id].pending is None


@pytest.mark.parametrize(
    ("raw", "outcome"),
    [
        (GTIN_MUG, ScanOutcome.ACCEPTED),  # a known product is answered as that product
        ("ORDS", ScanOutcome.NOT_AN_ITEM),  # a slip is a slip
        ("BDG1001", ScanOutcome.NOT_AN_ITEM),  # a badge is a badge
        ("CMDUNDO", ScanOutcome.NOT_AN_ITEM),  # a command barcode is not a serial
        ("https://id.gs1.org/01/09506000134352", ScanOutcome.UNKNOWN_BARCODE),
    ],
)
def test_codes_that_are_never_taken_as_a_serial(
    floor: Floor, raw: str, outcome: ScanOutcome
) -> None:
    session, order_id = _serial_order(floor)
    floor.scan(session, order_id, "PHONE-1")
    result = floor.service.record_scan(session, order_id, "s", raw)
    assert result.outcome is outcome
    assert result.verdict.serial is None
    assert floor.store.orders[order_id].lines[0].verified == 0


def test_a_unit_still_waits_after_a_wrong_scan(floor: Floor) -> None:
    session, order_id = _serial_order(floor)
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "ORDS") is ScanOutcome.NOT_AN_ITEM
    assert floor.scan(session, order_id, "SN-0001") is ScanOutcome.ACCEPTED


def test_a_serial_packed_already_is_refused(floor: Floor) -> None:
    session, order_id = _serial_order(floor)
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "SN-1") is ScanOutcome.ACCEPTED
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "SN-1") is ScanOutcome.DUPLICATE_SERIAL
    assert floor.store.orders[order_id].lines[0].verified == 1


def test_a_serial_longer_than_a_column_is_refused(floor: Floor) -> None:
    session, order_id = _serial_order(floor)
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "S" * 21) is ScanOutcome.INVALID_BARCODE


def test_lot_and_expiry_from_gs1(floor: Floor) -> None:
    session = floor.sign_in()
    floor.store.barcodes["09506000134352"] = (floor.vaccine.id, 1)
    order_id = floor.order("V", (floor.vaccine, 2))
    floor.service.open_order(session, "ORDV")
    expired = floor.service.record_scan(session, order_id, "a", "]C1010950600013435217200101")
    assert expired.outcome is ScanOutcome.EXPIRED
    good = floor.service.record_scan(
        session,
        order_id,
        "b",
        "]C10109506000134352172912311\x1d0LOT7"[:0] + "]C101095060001343521729123110LOT7",
    )
    assert good.outcome is ScanOutcome.ACCEPTED
    assert (good.verdict.lot, str(good.verdict.expiry)) == ("LOT7", "2029-12-31")


# -- undo, hold, complete ------------------------------------------------------------------


def test_undo_takes_back_the_last_accepted_scan(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    floor.service.open_order(session, "ORDA")
    with pytest.raises(DomainError, match="Nothing to undo"):
        floor.service.undo_last_scan(session, order_id, "u0")
    floor.scan(session, order_id, GTIN_MUG)
    floor.scan(session, order_id, GTIN_CABLE)  # a wrong item is not undone
    result = floor.service.undo_last_scan(session, order_id, "u1")
    assert result.outcome is ScanOutcome.UNDO and result.units == -1
    assert floor.store.orders[order_id].lines[0].verified == 0
    assert floor.store.actions()[-1] == "undo_scan"


@pytest.mark.parametrize(
    ("reason", "text"),
    [("", "empty"), ("broken\x00", "NUL"), ("x" * 201, "at most 200")],
)
def test_hold_reasons_are_checked(floor: Floor, reason: str, text: str) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    floor.service.open_order(session, "ORDA")
    with pytest.raises(InvalidText, match=text):
        floor.service.hold_order(session, order_id, reason)
    assert floor.store.orders[order_id].status is OrderStatus.PACKING


def test_hold_frees_the_station(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    floor.service.open_order(session, "ORDA")
    floor.service.hold_order(session, order_id, "Damaged unit")
    order = floor.store.orders[order_id]
    assert (order.status, order.claimed_by, order.hold_reason) == (
        OrderStatus.ON_HOLD,
        None,
        "Damaged unit",
    )


def test_a_retried_hold_is_done_once(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 2))
    floor.service.open_order(session, "ORDA")
    floor.service.hold_order(session, order_id, "Damaged unit")
    floor.service.hold_order(session, order_id, "Damaged unit")
    assert floor.store.actions().count("hold") == 1
    with pytest.raises(OrderUnavailable, match="on hold: Damaged unit"):
        floor.service.hold_order(session, order_id, "Missing unit")


def test_complete_needs_every_unit_and_happens_once(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1), (floor.cable, 1))
    floor.service.open_order(session, "ORDA")
    floor.scan(session, order_id, GTIN_MUG)
    with pytest.raises(OrderIncomplete, match="1 x CABLE"):
        floor.service.complete_order(session, order_id, "printer")
    floor.scan(session, order_id, GTIN_CABLE)
    first = floor.service.complete_order(session, order_id, "printer")
    again = floor.service.complete_order(session, order_id, "printer")
    assert first.tracking_number == again.tracking_number
    assert first.destination == "cage DHL"
    assert len(floor.store.parcels) == 1
    assert floor.store.orders[order_id].status is OrderStatus.PACKED


def test_a_used_up_range_labels_nothing(floor: Floor) -> None:
    floor.store.ranges["DHL"] = ["JJ", 5, 4, "DE"]
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 1))
    floor.service.open_order(session, "ORDA")
    floor.scan(session, order_id, GTIN_MUG)
    with pytest.raises(TrackingRangeExhausted):
        floor.service.complete_order(session, order_id, "printer")
    assert floor.store.parcels == []
    assert floor.store.orders[order_id].status is OrderStatus.PACKING


@pytest.mark.parametrize("name", ["", "A" * 65, "PACK\x1b01"])
def test_station_names_are_checked(floor: Floor, name: str) -> None:
    with pytest.raises(InvalidText):
        floor.service.register_station(name)


def test_retried_scans_are_answered_from_a_read_only_unit_of_work(floor: Floor) -> None:
    session = floor.sign_in()
    order_id = floor.order("A", (floor.mug, 3))
    floor.service.open_order(session, "ORDA")
    floor.service.record_scan(session, order_id, "same", GTIN_MUG)
    floor.db.opened.clear()
    floor.service.record_scan(session, order_id, "same", GTIN_MUG)
    # The write attempt finds the stored scan and writes nothing; the stored answer is read
    # in a read-only unit of work.
    assert floor.db.opened == [False, True]
    assert floor.store.orders[order_id].lines[0].verified == 1
