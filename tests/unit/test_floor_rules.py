"""Resolving holds and heartbeats over the fake unit of work; the read models (board, holds)
run on SQLite and PostgreSQL in tests/integration/test_floor.py."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from app.domain import floor as rules
from app.domain.errors import NotAllowed
from app.domain.floor import Devices, HoldNotResolved, HoldResolution, Short
from app.domain.model import Order, OrderStatus, Role
from app.domain.text import InvalidText
from app.services.floor import FloorService
from app.services.packing import PackingService
from app.services.results import Session
from tests.unit.fakes import FakeClock, FakeDatabase, FakeHasher

GTIN_MUG = "4006381333931"


class Site:
    def __init__(self) -> None:
        self.db = FakeDatabase()
        store = self.db.store
        self.mug = store.add_product("MUG", "0" + GTIN_MUG)
        self.pen = store.add_product("PEN", "PEN-1")
        store.add_user("Alex Packer", "BDG1001")
        store.add_user("Sam Supervisor", "BDG2001", Role.SUPERVISOR)
        clock = FakeClock()
        self.packing = PackingService(self.db.uow, clock, FakeHasher())
        self.floor = FloorService(self.db.uow, clock)
        self.station = self.packing.register_station("PACK-01")
        self.packer = self.packing.sign_in(self.station, "BDG1001").session
        self.supervisor = Session(self.station.id, "PACK-01", 2, "Sam Supervisor", Role.SUPERVISOR)

    def held_order(self, mugs: int = 3, pens: int = 2, verified_mugs: int = 1) -> int:
        order_id = self.db.store.add_order("A", [(self.mug, mugs), (self.pen, pens)]).id
        self.packing.open_order(self.packer, "ORDA")
        for _ in range(verified_mugs):
            self.packing.record_scan(self.packer, order_id, uuid.uuid4().hex, "0" + GTIN_MUG)
        self.packing.hold_order(self.packer, order_id, "pen missing")
        return order_id


@pytest.fixture
def site() -> Site:
    return Site()


def test_back_to_ready_keeps_what_was_verified_and_leaves_a_note(site: Site) -> None:
    order_id = site.held_order()
    site.floor.resolve_hold(
        site.supervisor, order_id, HoldResolution.BACK_TO_READY, "pens refilled in tote"
    )
    order = site.db.store.orders[order_id]
    assert order.status is OrderStatus.READY
    assert order.hold_reason is None
    assert order.lines[0].verified == 1
    assert site.db.store.packer_notes[order_id] == "pens refilled in tote"
    assert site.db.store.actions()[-1] == "hold_back_to_ready"


def test_cancel_needs_a_reason_and_is_audited(site: Site) -> None:
    order_id = site.held_order()
    with pytest.raises(InvalidText, match="empty"):
        site.floor.resolve_hold(site.supervisor, order_id, HoldResolution.CANCEL, "  ")
    assert site.db.store.orders[order_id].status is OrderStatus.ON_HOLD
    assert site.db.store.actions()[-1] == "hold_resolve_refused"
    site.floor.resolve_hold(site.supervisor, order_id, HoldResolution.CANCEL, "customer called")
    assert site.db.store.orders[order_id].status is OrderStatus.CANCELLED
    assert site.db.store.audit[-1]["detail"] == "customer called"


def test_ship_short_reduces_lines_and_sends_the_order_back(site: Site) -> None:
    order_id = site.held_order(mugs=3, pens=2, verified_mugs=1)
    pen_line = site.db.store.orders[order_id].lines[1].id
    site.floor.resolve_hold(
        site.supervisor,
        order_id,
        HoldResolution.SHIP_SHORT,
        "out of stock",
        [Short(pen_line, 2)],
    )
    order = site.db.store.orders[order_id]
    assert order.status is OrderStatus.READY
    assert [line.quantity for line in order.lines] == [3, 0]
    assert site.db.store.shorted[pen_line] == (2, "out of stock")
    assert site.db.store.packer_notes[order_id] == "Ship short: out of stock"


@pytest.mark.parametrize(
    ("shorts", "message"),
    [
        ([], "which lines"),
        ([("mug", 3)], "at most 2 can be missing"),
        ([("mug", 0)], "at least 1"),
        ([("none", 1)], "has no line"),
    ],
)
def test_ship_short_refusals_change_nothing(
    site: Site, shorts: list[tuple[str, int]], message: str
) -> None:
    order_id = site.held_order(mugs=3, pens=2, verified_mugs=1)
    order = site.db.store.orders[order_id]
    ids = {"mug": order.lines[0].id, "pen": order.lines[1].id, "none": 9999}
    with pytest.raises(HoldNotResolved, match=message):
        site.floor.resolve_hold(
            site.supervisor,
            order_id,
            HoldResolution.SHIP_SHORT,
            "out of stock",
            [Short(ids[name], units) for name, units in shorts],
        )
    assert site.db.store.orders[order_id].status is OrderStatus.ON_HOLD
    assert [line.quantity for line in site.db.store.orders[order_id].lines] == [3, 2]
    assert site.db.store.actions()[-1] == "hold_resolve_refused"


def test_shipping_nothing_is_refused(site: Site) -> None:
    order_id = site.held_order(mugs=3, pens=2, verified_mugs=0)
    lines = site.db.store.orders[order_id].lines
    with pytest.raises(HoldNotResolved, match="cancel the order instead"):
        site.floor.resolve_hold(
            site.supervisor,
            order_id,
            HoldResolution.SHIP_SHORT,
            "out of stock",
            [Short(lines[0].id, 3), Short(lines[1].id, 2)],
        )


def test_only_a_hold_can_be_resolved(site: Site) -> None:
    order_id = site.db.store.add_order("B", [(site.mug, 1)]).id
    with pytest.raises(HoldNotResolved, match="not on hold"):
        site.floor.resolve_hold(site.supervisor, order_id, HoldResolution.BACK_TO_READY, "")


@pytest.mark.parametrize("resolution", list(HoldResolution))
def test_a_packer_cannot_resolve_a_hold_and_the_refusal_is_audited(
    site: Site, resolution: HoldResolution
) -> None:
    order_id = site.held_order()
    with pytest.raises(NotAllowed, match="Only a supervisor"):
        site.floor.resolve_hold(site.packer, order_id, resolution, "reason")
    assert site.db.store.orders[order_id].status is OrderStatus.ON_HOLD
    assert site.db.store.audit[-1]["action"] == "hold_resolve_refused"
    assert site.db.store.audit[-1]["user_id"] == site.packer.user_id


def test_a_packer_cannot_see_the_board_or_the_holds(site: Site) -> None:
    with pytest.raises(NotAllowed):
        site.floor.board(site.packer)
    with pytest.raises(NotAllowed):
        site.floor.holds(site.packer)


def test_heartbeat_stores_who_and_the_devices(site: Site) -> None:
    site.floor.heartbeat(site.station.id, 1, Devices("ready", "serial ok", "none"))
    _at, user, devices = site.db.store.heartbeats[site.station.id]
    assert user == 1 and devices.printer == "ready"
    with pytest.raises(InvalidText):
        site.floor.heartbeat(site.station.id, 1, Devices("x\x00", "ok", "none"))


def test_a_station_is_offline_after_two_silent_heartbeats() -> None:
    now = datetime(2026, 12, 1, 8, tzinfo=UTC)
    assert rules.is_online(now - timedelta(seconds=rules.HEARTBEAT_S), now)
    assert rules.is_online(now - timedelta(seconds=2 * rules.HEARTBEAT_S), now)
    assert not rules.is_online(now - timedelta(seconds=2 * rules.HEARTBEAT_S + 2), now)
    assert not rules.is_online(None, now)


@pytest.mark.parametrize("stored", [None, "", "not json", "[1, 2]", '{"printer": 5}'])
def test_unreadable_device_states_read_as_something_showable(stored: str | None) -> None:
    devices = Devices.from_text(stored)
    assert devices.printer in ("none", "unknown")


def test_device_states_round_trip() -> None:
    devices = Devices("out of paper", "keyboard", "moving")
    assert Devices.from_text(devices.as_text()) == devices


@pytest.mark.parametrize(
    ("open_orders", "minutes_left", "packed_last_hour", "at_risk", "needed"),
    [
        (30, 60, 60, False, 30),  # 30 orders at 60 an hour: 30 min, 60 left
        (90, 60, 60, True, 90),  # 90 min needed, 60 left
        (5, 59, 0, True, None),  # nothing packed in the last hour, cut-off within the hour
        (5, 300, 0, False, None),  # no rate yet, the cut-off hours away: not judged a risk
        (0, 60, 0, False, None),  # nothing to pack
    ],
)
def test_cut_off_outlook(
    open_orders: int, minutes_left: int, packed_last_hour: int, at_risk: bool, needed: int | None
) -> None:
    now = datetime(2026, 12, 1, 14, tzinfo=UTC)
    outlook = rules.cut_off_outlook(
        "UPS", open_orders, now + timedelta(minutes=minutes_left), packed_last_hour, now
    )
    assert (outlook.at_risk, outlook.minutes_needed, outlook.minutes_left) == (
        at_risk,
        needed,
        minutes_left,
    )


def test_a_cut_off_passed_is_not_the_next_one() -> None:
    """The repository gives the next cut-off ahead and the late orders apart; a cut-off in the
    past is never judged ("-9881 min ... AT RISK")."""
    now = datetime(2026, 12, 1, 14, tzinfo=UTC)
    outlook = rules.cut_off_outlook("UPS", 1, now - timedelta(minutes=5), 600, now, late=3)
    assert (outlook.next_cut_off, outlook.minutes_left, outlook.at_risk) == (None, None, False)
    assert outlook.late == 3


def test_no_cut_off_is_never_at_risk() -> None:
    now = datetime(2026, 12, 1, 14, tzinfo=UTC)
    assert not rules.cut_off_outlook("DHL", 50, None, 0, now).at_risk


@pytest.mark.parametrize("priority", [-1, 1001])
def test_priority_out_of_range_is_refused_and_audited(site: Site, priority: int) -> None:
    order_id = site.db.store.add_order("P", [(site.mug, 1)]).id
    with pytest.raises(rules.InvalidPriority, match="0 to 1000"):
        site.floor.set_priority(site.supervisor, order_id, priority)
    assert site.db.store.actions()[-1] == "set_priority_refused"


def test_a_packer_cannot_change_a_priority(site: Site) -> None:
    order_id = site.db.store.add_order("P", [(site.mug, 1)]).id
    with pytest.raises(NotAllowed):
        site.floor.set_priority(site.packer, order_id, 5)
    assert site.db.store.audit[-1]["action"] == "set_priority_refused"


@pytest.mark.parametrize(
    ("status", "claimed_by", "hold_reason", "said"),
    [
        (OrderStatus.PACKING, 1, None, None),
        (OrderStatus.CANCELLED, None, None, "was cancelled. Do not ship it"),
        (OrderStatus.ON_HOLD, None, "address changed by the order system", "on hold (address"),
        (OrderStatus.PACKING, 2, None, "another station"),
        (OrderStatus.READY, None, None, "taken off this station by a supervisor"),
    ],
)
def test_what_a_station_is_told_when_its_open_order_is_no_longer_its_own(
    status: OrderStatus, claimed_by: int | None, hold_reason: str | None, said: str | None
) -> None:
    order = Order(7, "SO-7", status, claimed_by=claimed_by, hold_reason=hold_reason)
    told = rules.claim_lost(order, station_id=1)
    assert (told is None) if said is None else (told is not None and said in told)
