"""Kits over the fake unit of work: a kit line packed from its components counts whole kits,
each component scanned one by one (its own serial and lot rules applying); a pre-packed kit is
scanned by its own barcode like any product."""

from __future__ import annotations

import uuid

import pytest

from app.domain.errors import OrderIncomplete
from app.domain.model import KitComponent, OrderStatus, ScanOutcome
from app.services.results import Session
from tests.unit.test_packing_rules import GTIN_CABLE, GTIN_MUG, Floor

MUG = "0" + GTIN_MUG
CABLE = "0" + GTIN_CABLE


class KitFloor(Floor):
    """The fake site with a gift set packed from 2 mugs and a cable, and a pre-packed set."""

    def __init__(self) -> None:
        super().__init__()
        self.gift = self.store.add_product("GIFT", "GIFT-1")
        self.store.add_kit(self.gift, (self.mug, 2), (self.cable, 1))
        self.set_kit = self.store.add_product("SET", "SET-1")


@pytest.fixture
def floor() -> KitFloor:
    return KitFloor()


def _open(floor: KitFloor, kits: int = 1) -> tuple[Session, int]:
    session = floor.sign_in()
    order_id = floor.order("KIT", (floor.gift, kits), (floor.cable, 1))
    floor.service.open_order(session, "ORDKIT")
    return session, order_id


def test_a_kit_is_packed_component_by_component(floor: KitFloor) -> None:
    session, order_id = _open(floor, kits=2)
    first = floor.service.record_scan(session, order_id, "a", MUG)
    assert first.outcome is ScanOutcome.ACCEPTED
    assert first.message == "Product GIFT: Product MUG 1 of 4"
    kit = first.order.lines[0]
    assert [(c.sku, c.needed, c.scanned) for c in kit.components] == [
        ("MUG", 4, 1),
        ("CABLE", 2, 0),
    ]
    assert kit.verified == 0
    assert (first.order.units_verified, first.order.units_expected) == (1, 7)
    floor.scan(session, order_id, MUG)
    # the cable goes on the plain cable line first, then into the kits
    assert (
        floor.service.record_scan(session, order_id, "c", CABLE).line_id
        == first.order.lines[1].line_id
    )
    one_kit = floor.service.record_scan(session, order_id, "d", CABLE)
    assert one_kit.order.lines[0].verified == 1  # one whole kit
    assert floor.store.orders[order_id].lines[0].verified == 1  # saved as one kit
    floor.scan(session, order_id, MUG)
    floor.scan(session, order_id, MUG)
    assert floor.scan(session, order_id, MUG) is ScanOutcome.OVER_SCAN
    last = floor.service.record_scan(session, order_id, "e", CABLE)
    assert last.order.fully_verified
    assert floor.service.complete_order(session, order_id, "p").order.status is OrderStatus.PACKED


def test_the_kits_own_barcode_is_refused_when_it_is_packed_from_components(
    floor: KitFloor,
) -> None:
    session, order_id = _open(floor)
    result = floor.service.record_scan(session, order_id, "k", "GIFT-1")
    assert result.outcome is ScanOutcome.WRONG_ITEM
    assert "is packed from its components" in result.message
    assert "MUG, CABLE" in result.message


def test_undo_takes_back_one_component(floor: KitFloor) -> None:
    session, order_id = _open(floor)
    floor.scan(session, order_id, MUG)
    floor.scan(session, order_id, MUG)
    floor.scan(session, order_id, CABLE)  # the plain cable line
    floor.scan(session, order_id, CABLE)  # the kit's: one whole kit
    assert floor.store.orders[order_id].lines[0].verified == 1
    undone = floor.service.undo_last_scan(session, order_id, uuid.uuid4().hex)
    assert undone.message == "Undone: Product GIFT: Product CABLE is back to 0 of 1."
    assert undone.order.lines[0].verified == 0
    assert floor.store.orders[order_id].lines[0].verified == 0
    with pytest.raises(OrderIncomplete):
        floor.service.complete_order(session, order_id, "p")


def test_a_components_serial_rule_applies_inside_a_kit(floor: KitFloor) -> None:
    floor.store.add_kit(floor.set_kit, (floor.phone, 1))
    session = floor.sign_in()
    order_id = floor.order("PH", (floor.set_kit, 1))
    floor.service.open_order(session, "ORDPH")
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    serial = floor.service.record_scan(session, order_id, "s", "SN-55")
    assert serial.outcome is ScanOutcome.ACCEPTED
    assert serial.verdict.product_id == floor.phone.id
    assert serial.order.fully_verified


def test_a_prepacked_kit_is_scanned_by_its_own_barcode(floor: KitFloor) -> None:
    session = floor.sign_in()
    order_id = floor.order("ST", (floor.set_kit, 2))
    floor.service.open_order(session, "ORDST")
    assert floor.scan(session, order_id, MUG) is ScanOutcome.WRONG_ITEM
    assert floor.scan(session, order_id, "SET-1") is ScanOutcome.ACCEPTED
    assert floor.scan(session, order_id, "SET-1") is ScanOutcome.ACCEPTED
    assert floor.service.complete_order(session, order_id, "p").order.status is OrderStatus.PACKED


def test_a_part_of_a_prepacked_kit_scanned_alone_asks_for_the_kits_barcode(
    floor: KitFloor,
) -> None:
    floor.store.add_kit(floor.set_kit, (floor.mug, 1), (floor.cable, 2), prepacked=True)
    session = floor.sign_in()
    order_id = floor.order("ST", (floor.set_kit, 1))
    floor.service.open_order(session, "ORDST")
    result = floor.service.record_scan(session, order_id, "m", MUG)
    assert result.outcome is ScanOutcome.WRONG_ITEM
    assert result.message == (
        "Product MUG (MUG) comes inside the pre-packed kit Product SET (SET) in order ST: "
        "scan the kit's barcode, not its parts."
    )
    assert result.order.lines[0].verified == 0
    # a product in no kit of the order is still the plain wrong item
    other = floor.store.add_product("OTHER", "OTHER-1")
    assert floor.service.record_scan(session, order_id, "o", "OTHER-1").message == (
        f"{other.title} is not in order ST. Put it aside."
    )
    assert floor.scan(session, order_id, "SET-1") is ScanOutcome.ACCEPTED


def test_a_kit_lines_expected_serials_are_checked_ticked_and_required(floor: KitFloor) -> None:
    floor.store.add_kit(floor.set_kit, (floor.phone, 1), (floor.mug, 1))
    session = floor.sign_in()
    order_id = floor.store.add_order("KS", [(floor.set_kit, 2, ("SN-1", "SN-2"))]).id
    floor.service.open_order(session, "ORDKS")
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    refused = floor.service.record_scan(session, order_id, "x", "SN-9")
    assert refused.outcome is ScanOutcome.UNEXPECTED_SERIAL
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    ticked = floor.service.record_scan(session, order_id, "s1", "SN-2")
    assert ticked.outcome is ScanOutcome.ACCEPTED
    assert ticked.order.lines[0].serials_left == ("SN-1",)
    assert "SN-1" in ticked.message
    floor.scan(session, order_id, MUG)
    floor.scan(session, order_id, MUG)
    # The phone of the second kit arrives without its serial: the kit line is not complete
    # until it is scanned, and completion names the serial still to ship.
    assert floor.scan(session, order_id, "PHONE-1") is ScanOutcome.DATA_NEEDED
    with pytest.raises(OrderIncomplete):
        floor.service.complete_order(session, order_id, "p")
    last = floor.service.record_scan(session, order_id, "s2", "SN-1")
    assert last.outcome is ScanOutcome.ACCEPTED and last.order.fully_verified
    assert last.order.lines[0].serials_left == ()
    assert floor.service.complete_order(session, order_id, "p").order.status is OrderStatus.PACKED


def test_completion_needs_a_kit_lines_serials_even_when_its_units_are_in(
    floor: KitFloor,
) -> None:
    order = floor.store.add_order("KQ", [(floor.gift, 1, ("SN-7",))])
    line = order.lines[0]
    line.components = (
        KitComponent(floor.phone.id, "PHONE", "Phone", 1, 1, requires_serial=True),
        KitComponent(floor.mug.id, "MUG", "Mug", 1, 1),
    )
    line.verified = 1
    assert line.serial_units == 1 and line.serials_missing
    order.status, order.claimed_by = OrderStatus.PACKING, 1
    with pytest.raises(OrderIncomplete, match="Serials still to scan: GIFT SN-7"):
        order.complete(1)
    line.serials_packed.append("SN-7")
    order.complete(1)
    assert order.status is OrderStatus.PACKED
