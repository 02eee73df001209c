"""The console's queue on real databases (SQLite and PostgreSQL): the order stations take,
filters and search, priority changes (audited) that change what the next claim takes, and the
carriers' loads against their cut-offs."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed
from app.services.floor import FloorService
from app.services.queue_ports import QueueFilter
from tests.support.factories import World, seed
from tests.support.station import StepClock, make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(
        engine,
        now,
        orders=[
            ("A-1", [("MUG-BLUE", 1)]),
            ("A-2", [("NOTE-A5", 2)]),
            ("B-1", [("PEN-BLK", 3)]),
            ("B-2", [("CABLE-C1", 1)]),
        ],
        priorities={"B-1": 5},
        cut_off={"A-2": now + timedelta(hours=2), "B-2": now + timedelta(hours=1)},
    )


def test_queue_order_filters_and_priority_change(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    supervisor = station.sign_in("BDG9001")
    packer = station.sign_in("BDG1001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    with pytest.raises(NotAllowed):
        floor.queue(packer, QueueFilter())

    queue = floor.queue(supervisor, QueueFilter())
    # Priority first, then the earliest cut-off, orders without one last, then age.
    assert [q.reference for q in queue] == ["B-1", "B-2", "A-2", "A-1"]
    assert [q.units for q in queue] == [3, 1, 2, 1]
    assert [q.reference for q in floor.queue(supervisor, QueueFilter(search="A-"))] == [
        "A-2",
        "A-1",
    ]
    tote = world.totes["A-1"]
    assert [q.reference for q in floor.queue(supervisor, QueueFilter(search=tote))] == ["A-1"]
    assert [
        q.reference
        for q in floor.queue(supervisor, QueueFilter(cut_off_before=now + timedelta(minutes=90)))
    ] == ["B-2"]
    assert floor.queue(supervisor, QueueFilter(carrier="UPS")) == []

    floor.set_priority(supervisor, world.orders["A-1"], 9)
    assert floor.queue(supervisor, QueueFilter())[0].reference == "A-1"
    claimed = station.packing.claim_next_order(packer)
    assert claimed is not None and claimed.reference == "A-1"
    with engine.connect() as conn:
        action = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "set_priority")
        ).scalar_one()
    assert action == "A-1: 9"
    packing = floor.queue(supervisor, QueueFilter(status="packing"))
    assert [(q.reference, q.claimed_by) for q in packing] == [("A-1", "PACK-01")]


def test_carrier_loads_against_the_cut_off(engine: Engine, now: datetime, world: World) -> None:
    station = make_station(engine, now)
    supervisor = station.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    (dhl,) = floor.cut_off_outlook(supervisor)
    # Two DHL orders with a cut-off, in one and two hours: one is due by the next cut-off;
    # none packed in the last hour and the cut-off within the hour: at risk.
    assert (dhl.carrier, dhl.open_orders, dhl.at_risk, dhl.late) == ("DHL", 1, True, 0)
    assert dhl.minutes_left is not None and 55 <= dhl.minutes_left <= 60


def test_the_outlook_counts_orders_due_by_the_next_cut_off_and_lists_late_ones_apart(
    engine: Engine, now: datetime
) -> None:
    """The review's board: tomorrow's orders counted, a cut-off in the past taken as the next
    one ("-9881 min ... AT RISK"), "no rate yet ... on time" in green."""
    from app.ui.console.queue import outlook_colour, outlook_text

    seed(
        engine,
        now,
        orders=[
            ("LATE-1", [("MUG-BLUE", 1)]),
            ("LATE-2", [("MUG-BLUE", 1)]),
            ("DUE-1", [("NOTE-A5", 1)]),
            ("DUE-2", [("NOTE-A5", 1)]),
            ("TOMORROW-1", [("PEN-BLK", 1)]),
        ],
        cut_off={
            "LATE-1": now - timedelta(days=6, hours=20),
            "LATE-2": now - timedelta(minutes=5),
            "DUE-1": now + timedelta(hours=3),
            "DUE-2": now + timedelta(hours=3),
            "TOMORROW-1": now + timedelta(hours=27),
        },
    )
    station = make_station(engine, now)
    supervisor = station.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    (dhl,) = floor.cut_off_outlook(supervisor)
    assert (dhl.open_orders, dhl.late) == (2, 2)
    assert dhl.next_cut_off == now + timedelta(hours=3)
    assert dhl.minutes_left is not None and 175 <= dhl.minutes_left <= 180
    assert not dhl.at_risk and not dhl.has_rate
    text = outlook_text(dhl)
    assert "2 to pack by the next cut-off" in text and "late: 2" in text
    assert "no rate yet" in text and "on time" not in text and " -" not in text
    assert outlook_colour(dhl) == "#c62828"  # late orders: red


def test_no_rate_yet_is_amber_not_green(engine: Engine, now: datetime) -> None:
    from app.ui.console.queue import outlook_colour, outlook_text

    seed(
        engine,
        now,
        orders=[("DUE-1", [("NOTE-A5", 1)])],
        cut_off={"DUE-1": now + timedelta(hours=3)},
    )
    station = make_station(engine, now)
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    (dhl,) = floor.cut_off_outlook(station.sign_in("BDG9001"))
    assert "no rate yet" in outlook_text(dhl) and "on time" not in outlook_text(dhl)
    assert outlook_colour(dhl) == "#b26a00"
