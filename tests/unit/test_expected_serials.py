"""Expected serials over the fake unit of work: a line listing the serials it must ship
refuses any other, ticks each off once, asks for one even where the product does not require
serials, and the order completes only with all of them."""

from __future__ import annotations

import uuid

import pytest

from app.domain.errors import OrderIncomplete
from app.domain.model import ScanOutcome
from app.domain.station_rules import DEFAULT_ACKNOWLEDGED
from app.services.results import Session
from tests.unit.test_packing_rules import Floor


@pytest.fixture
def floor() -> Floor:
    return Floor()


def _open(floor: Floor, *serials: str, product: str = "phone") -> tuple[Session, int]:
    session = floor.sign_in()
    item = getattr(floor, product)
    order_id = floor.store.add_order("SER", [(item, len(serials), serials), (floor.mug, 1)]).id
    floor.service.open_order(session, "ORDSER")
    return session, order_id


def test_a_serial_not_on_the_list_is_refused_as_its_own_outcome(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1", "SN-2")
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    result = floor.service.record_scan(session, order_id, "x", "SN-9")
    assert result.outcome is ScanOutcome.UNEXPECTED_SERIAL
    assert result.message == (
        "Serial SN-9 of Product PHONE (PHONE) is not one of this order's. Put this unit aside "
        "and scan the serial number of another unit of Product PHONE (PHONE)."
    )
    assert result.verdict.line_id is None and result.verdict.units == 0
    assert result.verdict.serial == "SN-9"  # stored with its scan event
    assert result.order.lines[0].verified == 0
    assert result.order.lines[0].serials_left == ("SN-1", "SN-2")
    stored = floor.store.scans[-1]
    assert stored.verdict.outcome is ScanOutcome.UNEXPECTED_SERIAL
    # it stays on screen until acknowledged, like the other errors
    assert ScanOutcome.UNEXPECTED_SERIAL in DEFAULT_ACKNOWLEDGED
    assert ScanOutcome.UNEXPECTED_SERIAL.is_error
    # the request for a serial still stands: the next serial scanned answers it, without the
    # unit being scanned again
    pending = floor.store.orders[order_id].pending
    assert pending is not None and pending.product_id == floor.phone.id
    assert pending.serial is None
    again = floor.service.record_scan(session, order_id, "y", "SN-2")
    assert again.outcome is ScanOutcome.ACCEPTED
    assert again.order.lines[0].verified == 1
    assert again.order.lines[0].serials_left == ("SN-1",)
    assert floor.store.orders[order_id].pending is None


def test_a_refused_serial_then_the_unit_scanned_again_also_works(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1")
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "SN-9") is ScanOutcome.UNEXPECTED_SERIAL
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    assert floor.scan(session, order_id, "SN-1") is ScanOutcome.ACCEPTED
    assert floor.store.orders[order_id].pending is None


def test_a_serial_already_packed_keeps_the_request_too(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1", "SN-2")
    floor.scan(session, order_id, "PHONE-1")
    floor.scan(session, order_id, "SN-1")
    floor.scan(session, order_id, "PHONE-1")
    result = floor.service.record_scan(session, order_id, "d", "SN-1")
    assert result.outcome is ScanOutcome.DUPLICATE_SERIAL
    assert result.message.endswith(
        "scan the serial number of another unit of Product PHONE (PHONE)."
    )
    assert floor.scan(session, order_id, "SN-2") is ScanOutcome.ACCEPTED
    assert floor.store.orders[order_id].lines[0].verified == 2


def test_a_refused_serial_on_the_units_own_barcode_waits_for_nothing(floor: Floor) -> None:
    """A GS1 code carrying the unit's serial is the unit itself: refused, nothing waits."""
    session, order_id = _open(floor, "SN-1")
    floor.store.barcodes["09506000134352"] = (floor.phone.id, 1)
    floor.service.record_scan(session, order_id, "g", "]C1010950600013435221SN-7")
    assert floor.store.orders[order_id].pending is None


def test_a_gs1_serial_not_on_the_list_is_refused_at_once(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1")
    floor.store.barcodes["09506000134352"] = (floor.phone.id, 1)
    result = floor.service.record_scan(session, order_id, "g", "]C1010950600013435221SN-7")
    assert result.outcome is ScanOutcome.UNEXPECTED_SERIAL


def test_serials_on_the_list_are_ticked_off(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1", "SN-2", "SN-3")
    floor.scan(session, order_id, "PHONE-1")
    first = floor.service.record_scan(session, order_id, "a", "SN-2")
    assert first.outcome is ScanOutcome.ACCEPTED
    assert first.message == "Product PHONE: 1 of 3 · serial SN-2 ✔ · left: SN-1, SN-3"
    assert first.order.lines[0].serials_left == ("SN-1", "SN-3")
    floor.scan(session, order_id, "PHONE-1")
    # the same serial again: already packed
    assert floor.scan(session, order_id, "SN-2") is ScanOutcome.DUPLICATE_SERIAL
    floor.scan(session, order_id, "PHONE-1")
    floor.service.record_scan(session, order_id, "b", "SN-3")
    floor.scan(session, order_id, "PHONE-1")
    last = floor.service.record_scan(session, order_id, "c", "SN-1")
    assert last.message.endswith("serial SN-1 ✔ · all serials in")
    assert last.order.lines[0].serials_left == ()
    # reloaded from the scans (as after a restart), the ticks are still there
    view = floor.service.open_order(session, "ORDSER")
    assert view.lines[0].serials_left == ()
    assert view.lines[0].expected_serials == ("SN-1", "SN-2", "SN-3")


def test_a_product_without_serials_needs_one_where_the_line_lists_them(floor: Floor) -> None:
    session, order_id = _open(floor, "C-1", product="cable")
    assert floor.scan(session, order_id, "0" + "5012345678900") is ScanOutcome.DATA_NEEDED
    assert floor.scan(session, order_id, "C-2") is ScanOutcome.UNEXPECTED_SERIAL
    floor.scan(session, order_id, "0" + "5012345678900")
    assert floor.scan(session, order_id, "C-1") is ScanOutcome.ACCEPTED


def test_undo_puts_the_serial_back_on_the_list(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1", "SN-2")
    floor.scan(session, order_id, "PHONE-1")
    floor.scan(session, order_id, "SN-1")
    undone = floor.service.undo_last_scan(session, order_id, uuid.uuid4().hex)
    assert undone.order.lines[0].serials_left == ("SN-1", "SN-2")
    assert undone.order.lines[0].verified == 0
    floor.scan(session, order_id, "PHONE-1")
    assert floor.scan(session, order_id, "SN-1") is ScanOutcome.ACCEPTED


def test_completion_needs_every_expected_serial(floor: Floor) -> None:
    session, order_id = _open(floor, "SN-1", "SN-2")
    floor.scan(session, order_id, "0" + "4006381333931")
    floor.scan(session, order_id, "PHONE-1")
    floor.scan(session, order_id, "SN-1")
    with pytest.raises(OrderIncomplete, match="1 unit"):
        floor.service.complete_order(session, order_id, "printer")
    floor.scan(session, order_id, "PHONE-1")
    floor.scan(session, order_id, "SN-2")
    done = floor.service.complete_order(session, order_id, "printer")
    assert done.order.status.value == "packed"


def test_the_order_refuses_to_complete_with_a_serial_missing() -> None:
    """The domain's own guard, should units ever count without their serials (a line whose
    units were verified before the serials were known)."""
    from app.domain.model import Order, OrderLine, OrderStatus

    order = Order(
        1,
        "R",
        OrderStatus.PACKING,
        [OrderLine(1, 1, 7, "PHONE", "Phone", 2, 2, ("SN-1", "SN-2"), ["SN-1"])],
        claimed_by=3,
    )
    with pytest.raises(OrderIncomplete, match="Serials still to scan: PHONE SN-2"):
        order.complete(3)
