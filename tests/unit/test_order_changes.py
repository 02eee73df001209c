"""The change rules of order intake, in the domain: one case per state and kind of change."""

from __future__ import annotations

import dataclasses

import pytest

from app.domain.model import OrderStatus
from app.domain.order_changes import ADDRESS_CHANGED, LINES_CHANGED, NOTHING, decide
from app.domain.order_records import (
    _COMPARED,
    HARMLESS,
    SHIPPING,
    IntakeLine,
    OrderRecord,
    StoredOrder,
)

BASE = OrderRecord(
    reference="A-1",
    slip="ORDA-1",
    status="ready",
    priority=0,
    cut_off=None,
    carrier="DHL",
    service="",
    ship_to_name="Ann",
    ship_to_line1="Street 1",
    ship_to_line2="",
    ship_to_postcode="1000",
    ship_to_city="Town",
    ship_to_country="DE",
    lines=(IntakeLine("TEA", 2),),
)
LINES = dataclasses.replace(BASE, lines=(IntakeLine("TEA", 3),))
ADDRESS = dataclasses.replace(BASE, ship_to_line1="Street 2")
NOTES = dataclasses.replace(BASE, notes="Fragile", priority=4)
CANCEL = dataclasses.replace(BASE, status="cancelled", priority=9)
S = OrderStatus


def stored(
    status: OrderStatus, *, claimed: bool = False, started: bool = False, hold: str | None = None
) -> StoredOrder:
    return StoredOrder(1, status.value, claimed, BASE, started, hold)


def test_every_compared_field_is_shipping_or_harmless() -> None:
    assert set(_COMPARED) == set(SHIPPING) | set(HARMLESS)
    assert not set(SHIPPING) & set(HARMLESS)


def test_nothing_changed_is_nothing_in_every_state() -> None:
    for status in S:
        assert decide(stored(status), BASE) is NOTHING


@pytest.mark.parametrize(
    ("order", "status", "expected"),
    [
        (stored(S.READY), S.CANCELLED, "cancelled while ready"),
        (stored(S.PACKING, claimed=True), S.CANCELLED, "cancelled while being packed"),
        (stored(S.PACKED, started=True), S.CANCELLED, "cancelled while packed"),
        (stored(S.LABELLED, started=True), S.CANCELLED, "take the parcel off the cage"),
        (stored(S.ON_HOLD, hold="Damaged"), S.CANCELLED, "cancelled while on hold"),
    ],
)
def test_a_cancellation_cancels_up_to_labelled(
    order: StoredOrder, status: OrderStatus, expected: str
) -> None:
    decision = decide(order, CANCEL)
    assert (decision.status, decision.write, decision.fields) == (status, False, ("status",))
    assert expected in decision.note


def test_cancelling_is_refused_once_handed_over_and_nothing_once_cancelled() -> None:
    assert decide(stored(S.CANCELLED), CANCEL) is NOTHING
    for status in (S.HANDED_OVER, S.DELIVERED):
        refused = decide(stored(status, started=True), CANCEL).refused
        assert refused is not None and "too late to cancel" in refused
        changed = decide(stored(status, started=True), NOTES).refused
        assert changed is not None and "changes to it are not applied" in changed
    assert "is cancelled" in (decide(stored(S.CANCELLED), NOTES).refused or "")


@pytest.mark.parametrize("status", [S.RECEIVED, S.READY, S.ON_HOLD])
def test_an_order_not_begun_takes_everything(status: OrderStatus) -> None:
    for incoming in (LINES, ADDRESS, NOTES):
        decision = decide(stored(status), incoming)
        assert decision.write and decision.status is None
        assert decision.lines == (incoming is LINES)


def test_changed_lines_once_begun_hold_the_order() -> None:
    claimed = decide(stored(S.PACKING, claimed=True), LINES)
    assert (claimed.status, claimed.hold_reason, claimed.lines) == (S.ON_HOLD, LINES_CHANGED, True)
    scanned = decide(stored(S.PACKING, claimed=True, started=True), LINES)
    assert (scanned.status, scanned.write, scanned.lines) == (S.ON_HOLD, False, False)
    assert "the new lines wait" in scanned.note
    released = decide(stored(S.READY, started=True), LINES)  # a claim released mid-order
    assert released.status is S.ON_HOLD and not released.lines
    packed = decide(stored(S.PACKED, started=True), LINES)
    assert packed.hold_reason == LINES_CHANGED


def test_an_address_change_holds_only_after_packing() -> None:
    packing = decide(stored(S.PACKING, claimed=True, started=True), ADDRESS)
    assert (packing.status, packing.write) == (None, True)
    for status in (S.PACKED, S.LABELLED):
        decision = decide(stored(status, started=True), ADDRESS)
        assert (decision.status, decision.hold_reason) == (S.ON_HOLD, ADDRESS_CHANGED)
        assert decision.write and not decision.lines and decision.fields == ("ship_to_line1",)
    both = dataclasses.replace(LINES, carrier="UPS")
    decision = decide(stored(S.PACKED, started=True), both)
    assert decision.hold_reason == f"{LINES_CHANGED}; {ADDRESS_CHANGED}"


@pytest.mark.parametrize("status", [S.PACKING, S.PACKED, S.LABELLED])
def test_harmless_changes_are_applied_without_a_hold(status: OrderStatus) -> None:
    decision = decide(stored(status, claimed=status is S.PACKING, started=True), NOTES)
    assert (decision.status, decision.write, decision.lines) == (None, True, False)
    assert decision.fields == ("priority", "notes")


def test_a_hold_is_not_made_twice_and_an_earlier_reason_is_kept() -> None:
    held = stored(S.ON_HOLD, started=True, hold=LINES_CHANGED)
    assert decide(held, LINES) is NOTHING
    more = decide(held, dataclasses.replace(LINES, priority=7))
    assert (more.status, more.fields, more.lines) == (None, ("priority",), False)
    damaged = decide(stored(S.ON_HOLD, started=True, hold="Damaged unit"), LINES)
    assert damaged.hold_reason == f"Damaged unit; {LINES_CHANGED}"
    long = decide(stored(S.ON_HOLD, started=True, hold="x" * 190), LINES).hold_reason
    assert long is not None and len(long) == 200 and long.endswith("...")
