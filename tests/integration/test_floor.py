"""The floor on real databases (SQLite and PostgreSQL): heartbeats and the station board,
the held orders with who, where and when, and the three ways to resolve a hold."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed
from app.domain.floor import Devices, HoldResolution, Short, SyncReport
from app.domain.model import OrderStatus
from app.services.floor import FloorService
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, StepClock, make_station


class MovableClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def stations(engine: Engine, now: datetime, world: World) -> list[StationUnderTest]:
    return [make_station(engine, now, "PACK-01"), make_station(engine, now, "PACK-02")]


def scan(station: StationUnderTest, session: Session, order_id: int, code: str) -> None:
    station.packing.record_scan(session, order_id, uuid.uuid4().hex, code)


def test_board_shows_each_station_its_packer_order_progress_and_heartbeat(
    engine: Engine, now: datetime, world: World, stations: list[StationUnderTest]
) -> None:
    one, two = stations
    packer = one.sign_in("BDG1001")
    order_id = one.packing.open_order(packer, world.slips["SHOP-1"]).id
    scan(one, packer, order_id, world.product_codes["MUG-BLUE"])
    clock = MovableClock(now + timedelta(minutes=5))
    service = FloorService(SqlUnitOfWork.factory(engine), clock)
    service.heartbeat(one.record.id, packer.user_id, Devices("ready", "keyboard", "none"))
    supervisor = two.sign_in("BDG9001")
    service.heartbeat(two.record.id, supervisor.user_id, Devices("out of paper", "serial", "none"))

    board = {tile.row.name: tile for tile in service.board(supervisor)}
    assert set(board) == {"PACK-01", "PACK-02"}
    first = board["PACK-01"]
    assert first.online
    assert first.row.user_name == "Alex Packer"
    assert first.row.reference == "SHOP-1"
    assert (first.row.units_verified, first.row.units_expected) == (1, 3)
    assert first.row.devices.printer == "ready"
    assert first.order_seconds is not None and first.order_seconds > 0
    assert board["PACK-02"].row.devices.printer == "out of paper"
    assert board["PACK-02"].row.order_id is None

    clock.current += timedelta(seconds=30)  # PACK-01 stops sending heartbeats
    later = {tile.row.name: tile for tile in service.board(supervisor)}
    assert not later["PACK-01"].online
    assert later["PACK-01"].held_by_offline_station
    assert not later["PACK-02"].held_by_offline_station


def test_an_offline_stations_backlog_and_last_sync_stay_on_the_board_after_it_goes_silent(
    engine: Engine, now: datetime, world: World, stations: list[StationUnderTest]
) -> None:
    one, two = stations
    clock = MovableClock(now)
    service = FloorService(SqlUnitOfWork.factory(engine), clock)
    went_offline = now - timedelta(minutes=3)
    service.heartbeat(one.record.id, None, Devices(), sync=SyncReport(12, went_offline))
    service.heartbeat(two.record.id, None, Devices())  # a station without offline work
    supervisor = two.sign_in("BDG9001")

    board = {tile.row.name: tile for tile in service.board(supervisor)}
    assert board["PACK-01"].online and board["PACK-01"].row.sync == SyncReport(12, went_offline)
    assert board["PACK-02"].row.sync is None

    clock.current += timedelta(minutes=1)  # PACK-01 is silent: the last report stays
    later = {tile.row.name: tile for tile in service.board(supervisor)}
    assert not later["PACK-01"].online
    assert later["PACK-01"].row.sync == SyncReport(12, went_offline)

    service.heartbeat(one.record.id, None, Devices(), sync=SyncReport(0, clock.current))
    back = {tile.row.name: tile for tile in service.board(supervisor)}
    assert back["PACK-01"].online and back["PACK-01"].row.sync == SyncReport(0, clock.current)


def test_a_console_is_not_on_the_board(
    engine: Engine, now: datetime, world: World, stations: list[StationUnderTest]
) -> None:
    with engine.begin() as conn:
        conn.execute(
            t.stations.update().where(t.stations.c.name == "PACK-02").values(kind="console")
        )
    service = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    supervisor = stations[0].sign_in("BDG9001")
    assert [tile.row.name for tile in service.board(supervisor)] == ["PACK-01"]


def test_holds_list_who_where_when_and_each_resolution_is_stored(
    engine: Engine, now: datetime, world: World, stations: list[StationUnderTest]
) -> None:
    one, _ = stations
    packer = one.sign_in("BDG1001")
    held = {}
    for reference in ("SHOP-1", "SHOP-2", "SHOP-3"):
        order_id = one.packing.open_order(packer, world.slips[reference]).id
        if reference == "SHOP-1":
            scan(one, packer, order_id, world.product_codes["MUG-BLUE"])
        one.packing.hold_order(packer, order_id, f"{reference} damaged")
        held[reference] = order_id
    service = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    supervisor = one.sign_in("BDG9001")
    with pytest.raises(NotAllowed):
        service.holds(packer)

    holds = {h.reference: h for h in service.holds(supervisor)}
    assert set(holds) == set(held)
    first = holds["SHOP-1"]
    assert (first.reason, first.held_by, first.held_where) == (
        "SHOP-1 damaged",
        "Alex Packer",
        "PACK-01",
    )
    assert first.held_at is not None
    assert (first.units_verified, first.units_expected) == (1, 3)

    service.resolve_hold(supervisor, held["SHOP-2"], HoldResolution.BACK_TO_READY, "new copy")
    service.resolve_hold(supervisor, held["SHOP-3"], HoldResolution.CANCEL, "customer called")
    with SqlUnitOfWork(engine, read_only=True) as uow:
        order = uow.orders.get(held["SHOP-1"])
        assert order is not None
        cable = next(line for line in order.lines if line.sku == "CABLE-C1")
        mug = next(line for line in order.lines if line.sku == "MUG-BLUE")
    service.resolve_hold(
        supervisor,
        held["SHOP-1"],
        HoldResolution.SHIP_SHORT,
        "out of stock",
        [Short(cable.id, 1), Short(mug.id, 1)],
    )
    assert service.holds(supervisor) == []

    with engine.connect() as conn:
        status = dict(conn.execute(select(t.orders.c.reference, t.orders.c.status)).all())
        notes = dict(conn.execute(select(t.orders.c.reference, t.orders.c.packer_note)).all())
        lines = {
            row.id: (row.quantity, row.shorted, row.short_reason)
            for row in conn.execute(select(t.order_lines))
        }
        actions = list(
            conn.execute(
                select(t.audit_log.c.action, t.audit_log.c.entity_id).where(
                    t.audit_log.c.action.like("hold_%")
                )
            ).all()
        )
    assert status["SHOP-1"] == status["SHOP-2"] == OrderStatus.READY.value
    assert status["SHOP-3"] == OrderStatus.CANCELLED.value
    assert notes["SHOP-2"] == "new copy"
    assert notes["SHOP-1"] == "Ship short: out of stock"
    assert lines[cable.id] == (0, 1, "out of stock")
    assert lines[mug.id] == (1, 1, "out of stock")
    assert sorted(actions) == sorted(
        [
            ("hold_back_to_ready", held["SHOP-2"]),
            ("hold_cancel", held["SHOP-3"]),
            ("hold_ship_short", held["SHOP-1"]),
        ]
    )

    # The order shipped short is packed with what there is: its one mug is verified already.
    again = one.sign_in("BDG1002")
    reopened = one.packing.open_order(again, world.slips["SHOP-1"])
    assert reopened.units_expected == reopened.units_verified == 1
