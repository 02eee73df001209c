"""Assigning an order to a station, on both databases: that station's next claim takes it
before the queue, no other station's claim ever does, the claim still costs what it cost, the
supervisor's change and every refusal are audited, and the indexes serve both picks."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.repositories import orders as order_repo
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed, NotFound
from app.services.floor import FloorService, NotAssignable
from app.services.queue_ports import QueueFilter
from tests.integration.test_statement_counts import counted
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
            ("A-3", [("PEN-BLK", 3)]),
            ("A-4", [("CABLE-C1", 1)]),
        ],
        priorities={"A-1": 5},
    )


def audit(engine: Engine, *actions: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(t.audit_log.c.action, t.audit_log.c.detail)
            .where(t.audit_log.c.action.in_(actions))
            .order_by(t.audit_log.c.id)
        ).all()
    return [(row.action, row.detail) for row in rows]


def assigned(engine: Engine, order_id: int) -> int | None:
    with engine.connect() as conn:
        value: int | None = conn.execute(
            select(t.orders.c.assigned_station_id).where(t.orders.c.id == order_id)
        ).scalar_one()
    return value


def test_the_assigned_station_claims_the_order_next_and_no_other_station_does(
    engine: Engine, now: datetime, world: World
) -> None:
    one = make_station(engine, now, "PACK-01")
    two = make_station(engine, now, "PACK-02")
    supervisor = one.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))

    # A-3 is last in the queue; assigned to PACK-02 it is what PACK-02 takes next.
    assert floor.assign(supervisor, world.orders["A-3"], two.record.id) == "A-3"
    queue = floor.queue(supervisor, QueueFilter())
    assert [(q.reference, q.assigned_to) for q in queue] == [
        ("A-1", None),
        ("A-2", None),
        ("A-3", "PACK-02"),
        ("A-4", None),
    ]
    # PACK-01 takes the queue's orders and never A-3, even when nothing else is left.
    taken = []
    for _ in range(3):
        session = one.sign_in("BDG1001")
        view = one.packing.claim_next_order(session)
        assert view is not None
        taken.append(view.reference)
        one.packing.hold_order(session, view.id, "Damaged unit")
    assert taken == ["A-1", "A-2", "A-4"]
    assert one.packing.claim_next_order(one.sign_in("BDG1001")) is None

    view = two.packing.claim_next_order(two.sign_in("BDG1002"))
    assert view is not None and view.reference == "A-3"
    # Claimed, the assignment is done: released, the order goes back to the whole queue.
    assert assigned(engine, world.orders["A-3"]) is None
    assert audit(engine, "assign", "assign_refused") == [("assign", "A-3 -> PACK-02")]


def test_an_assigned_order_goes_before_higher_priorities_and_costs_no_extra_statement(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    session = station.sign_in("BDG9001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    floor.assign(session, world.orders["A-4"], station.record.id)
    floor.assign(session, world.orders["A-2"], station.record.id)
    packer = station.sign_in("BDG1001")
    with counted(engine) as statements:
        first = station.packing.claim_next_order(packer)
    # Among its assigned orders, the station takes them in queue order (A-2 is older).
    assert first is not None and first.reference == "A-2"
    assert [(line.sku, line.quantity) for line in first.lines] == [("NOTE-A5", 2)]
    # The same statements as an unassigned claim (test_statement_counts).
    assert len(statements) == (1 if engine.dialect.name == "postgresql" else 3), statements
    station.packing.hold_order(packer, first.id, "Damaged unit")
    second = station.packing.claim_next_order(packer)
    assert second is not None and second.reference == "A-4"
    station.packing.hold_order(packer, second.id, "Damaged unit")
    third = station.packing.claim_next_order(packer)
    assert third is not None and third.reference == "A-1"


def test_taking_an_assignment_back_and_refusals_are_audited(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    other = make_station(engine, now, "PACK-02")
    supervisor = station.sign_in("BDG9001")
    packer = station.sign_in("BDG1001")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    console = floor.register_console("OFFICE-1")
    order_id = world.orders["A-4"]

    with pytest.raises(NotAllowed, match="Only a supervisor"):
        floor.assign(packer, order_id, station.record.id)
    with pytest.raises(NotFound, match="no packing station"):
        floor.assign(supervisor, order_id, console.id)
    with pytest.raises(NotFound, match="no order"):
        floor.assign(supervisor, 999_999, station.record.id)
    claimed = station.packing.claim_next_order(packer)
    assert claimed is not None and claimed.reference == "A-1"
    with pytest.raises(NotAssignable, match="A-1 is packing: only a ready order"):
        floor.assign(supervisor, claimed.id, other.record.id)
    assert assigned(engine, order_id) is None

    floor.assign(supervisor, order_id, other.record.id)
    assert floor.assign(supervisor, order_id, None) == "A-4"
    assert assigned(engine, order_id) is None
    assert [action for action, _ in audit(engine, "assign", "assign_refused")] == [
        "assign_refused",
        "assign_refused",
        "assign_refused",
        "assign_refused",
        "assign",
        "assign",
    ]
    assert audit(engine, "assign")[-1] == ("assign", "A-4: unassigned")


def test_a_slip_scanned_at_another_station_takes_the_order_and_ends_the_assignment(
    engine: Engine, now: datetime, world: World
) -> None:
    station = make_station(engine, now)
    other = make_station(engine, now, "PACK-02")
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    floor.assign(station.sign_in("BDG9001"), world.orders["A-2"], other.record.id)
    view = station.packing.open_order(station.sign_in("BDG1001"), world.slips["A-2"])
    assert view.reference == "A-2"
    assert assigned(engine, world.orders["A-2"]) is None


def test_both_picks_are_served_by_their_partial_indexes(
    engine: Engine, now: datetime, world: World
) -> None:
    """The claim statement each database runs, planned: the assigned pick reads
    ix_orders_assigned_ready, the queue's pick reads ix_orders_ready_queue, neither sorts."""
    postgres = engine.dialect.name == "postgresql"
    claim = order_repo._CLAIM_NEXT_IN_ONE if postgres else order_repo._SQLITE_CLAIM_NEXT
    values = {"station_id": 1, "user_id": 1, "at": now, "detail": "next in queue"}
    with engine.connect() as conn:
        compiled = claim.compile(dialect=conn.dialect)
        params = {name: values.get(name, value) for name, value in compiled.params.items()}
        if postgres:
            # With these few rows a sequential scan is cheapest; forbid it to see whether the
            # indexes can serve the claim at all (they must, for a warehouse's queue).
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            rows = conn.exec_driver_sql(f"EXPLAIN {compiled}", params).all()
            found = "\n".join(row[0] for row in rows)
        else:
            positional = tuple(params[name] for name in compiled.positiontup or ())
            rows = conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}", positional).all()
            found = "\n".join(row[3] for row in rows)
        conn.rollback()
    assert "ix_orders_assigned_ready" in found, found
    assert "ix_orders_ready_queue" in found, found
    assert "TEMP B-TREE" not in found, found
    sort_keys = [line for line in found.splitlines() if "Sort Key" in line]
    assert all("priority" not in line for line in sort_keys), found
