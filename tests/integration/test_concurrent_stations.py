"""Eight stations in eight processes race for the same orders on one database."""

from __future__ import annotations

import multiprocessing
import queue
from datetime import datetime

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.domain.sscc import validate_sscc
from tests.support.concurrent_station import pack_until_empty
from tests.support.factories import add_sscc_range, seed

STATIONS = 8


@pytest.mark.parametrize("database_url", ["postgresql", "sqlite"], indirect=True)
def test_no_order_claimed_twice_and_no_scan_lost(
    engine: Engine, database_url: str, now: datetime
) -> None:
    orders = [
        (f"C-{n:03d}", [("MUG-BLUE", 1 + n % 3), ("CABLE-C1", 1)] if n % 2 else [("NOTE-A5", 2)])
        for n in range(1, 61)
    ]
    badges = [(f"Packer {n}", "packer", f"BDG{2000 + n}") for n in range(STATIONS)]
    world = seed(engine, now, orders=orders, badges=badges)
    add_sscc_range(engine)
    expected_units = sum(qty for _, lines in orders for _, qty in lines)

    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(STATIONS)
    results = context.Queue()
    processes = [
        context.Process(
            target=pack_until_empty,
            args=(database_url, f"S-{n}", f"BDG{2000 + n}", world.slips["C-001"], barrier, results),
        )
        for n in range(STATIONS)
    ]
    for process in processes:
        process.start()
    reports = []
    try:
        for _ in processes:
            reports.append(results.get(timeout=240))
    except queue.Empty:
        pytest.fail(f"only {len(reports)} of {STATIONS} stations finished")
    finally:
        for process in processes:
            process.join(timeout=30)
    assert all(process.exitcode == 0 for process in processes)

    # Exactly one station won the race for the same slip.
    assert sum(report["won_race"] for report in reports) == 1
    packed = [order_id for report in reports for order_id, _ in report["packed"]]
    assert sorted(packed) == sorted(world.orders.values())  # every order once, none twice
    trackings = [number for report in reports for _, number in report["packed"]]
    assert len(set(trackings)) == len(trackings) == len(orders)
    assert sum(report["accepted"] for report in reports) == expected_units
    if database_url.startswith("postgresql"):
        # More than one station did real work: the test raced. (SQLite, the one-station
        # database, gives no fairness between writers: one process may take every order.)
        assert sum(1 for report in reports if report["packed"]) > 1

    with engine.connect() as conn:
        claims = conn.execute(
            select(t.audit_log.c.entity_id, func.count())
            .where(t.audit_log.c.action == "claim")
            .group_by(t.audit_log.c.entity_id)
        ).all()
        accepted_events = conn.execute(
            select(func.count())
            .select_from(t.scan_events)
            .where(t.scan_events.c.outcome == "accepted")
        ).scalar_one()
        unverified = conn.execute(
            select(func.count())
            .select_from(t.order_lines)
            .where(t.order_lines.c.verified_qty != t.order_lines.c.quantity)
        ).scalar_one()
        statuses = set(conn.execute(select(t.orders.c.status)).scalars())
        ssccs = conn.execute(select(t.parcels.c.sscc)).scalars().all()
    assert len(claims) == len(orders) and all(n == 1 for _, n in claims)
    assert accepted_events == expected_units
    assert unverified == 0
    assert statuses == {"packed"}
    # Every parcel got its own valid SSCC from the shared range.
    assert len(set(ssccs)) == len(ssccs) == len(orders)
    assert all(validate_sscc(sscc) == sscc for sscc in ssccs)
