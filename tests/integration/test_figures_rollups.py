"""The figures from the roll-ups of 0016 give the numbers the scan events and the audit log
give (``tests/support/figures_from_events.py``, the reading before 0016), on SQLite and
PostgreSQL: for the demo's week packed through the services (the triggers fill them), the
same week backfilled by the migration, then work done after it (weight refusals and undone
scans included); for every grouping, whole days, a range cut mid-quarter and shifts that start
mid-quarter."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from alembic import command
from sqlalchemy import Engine, func, select

from app.adapters.db import figure_tables as rollups
from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.repositories.figures import SqlFigures
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.demo_build import build_demo
from app.domain.figures import DEFAULT_SHIFTS, Grouping, GroupTotals, Shift, periods
from app.services.clock import MovedClock
from app.services.figures_ports import FiguresQuery
from app.services.pack_out import WeightRefusal
from app.services.packing import PackingService
from tests.support.figures_from_events import FiguresFromEvents

NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
#: Shifts whose edges cut quarter-hours (06:10, 14:05), leaving a gap (off shift).
ODD_SHIFTS = (
    Shift("early", time(6, 10), time(14, 5)),
    Shift("late", time(14, 5), time(21, 50)),
)


def _migrate(engine: Engine, revision: str) -> None:
    config = schema.alembic_config(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def _queries() -> list[FiguresQuery]:
    day = datetime.combine(NOW.date() - timedelta(days=1), time(), UTC)
    ranges = [
        (NOW - timedelta(days=8), NOW + timedelta(hours=1)),  # the week and today
        (day, day + timedelta(days=1)),  # yesterday, whole quarters only
        (day + timedelta(hours=7, minutes=7, seconds=30.5), day + timedelta(hours=15, minutes=3)),
    ]
    found = []
    for since, until in ranges:
        for grouping in Grouping:
            for shifts in (DEFAULT_SHIFTS, ODD_SHIFTS):
                spans = periods(since, until, grouping, shifts, UTC)
                found.append(FiguresQuery(since, until, grouping, spans))
    return found


def _both(engine: Engine, query: FiguresQuery) -> tuple[list[GroupTotals], list[GroupTotals]]:
    with engine.connect() as conn:
        return (
            list(FiguresFromEvents(conn).totals(query)),
            list(SqlFigures(conn).totals(query)),
        )


def _assert_same(engine: Engine) -> int:
    """Every query gives the same totals both ways; the number of orders compared."""
    compared = 0
    for query in _queries():
        before, after = _both(engine, query)
        what = f"{query.grouping} {query.since}-{query.until}"
        assert [g.label for g in after] == [g.label for g in before], what
        for old, new in zip(before, after, strict=True):
            assert (old.orders, old.lines, old.units) == (new.orders, new.lines, new.units), what
            assert (old.scans, old.holds, old.worked_quarters) == (
                new.scans,
                new.holds,
                new.worked_quarters,
            ), what
            assert new.median_s == pytest.approx(old.median_s), what
            assert new.p90_s == pytest.approx(old.p90_s), what
            assert vars(new.moments) == pytest.approx(vars(old.moments)), what
            compared += new.orders
    return compared


def test_the_week_through_the_triggers_and_backfilled_reads_as_from_the_events(
    engine: Engine,
) -> None:
    build_demo(engine, NOW)  # a week packed through the services: the triggers fill
    assert _assert_same(engine) > 100

    _migrate(engine, "0019")  # a database from before the roll-ups (0016 follows 0019) ...
    schema.upgrade(engine)  # ... and 0016 backfills them from its history
    assert _assert_same(engine) > 100
    with engine.connect() as conn:
        scans = conn.execute(select(func.count()).select_from(t.scan_events)).scalar()
        rolled = conn.execute(select(func.sum(rollups.scan_quarters.c.n))).scalar()
    assert rolled == scans

    # Work after the migration goes through the triggers: a wrong item, an undone scan, a
    # weight refusal, a completion, a hold.
    clock = MovedClock(NOW - timedelta(minutes=20), step=timedelta(seconds=7))
    uow = SqlUnitOfWork.factory(engine)
    packing = PackingService(uow, clock, Argon2CredentialHasher())
    station = packing.register_station("PACK-01")
    packer = packing.sign_in(station, "BDG1001").session
    with engine.connect() as conn:
        ready = conn.execute(
            select(t.orders.c.slip_code).where(t.orders.c.status == "ready").order_by(t.orders.c.id)
        ).scalars()
        slips = list(ready)[:2]
    order = packing.open_order(packer, slips[0])
    codes = _unit_codes(engine, order.id)
    packing.record_scan(packer, order.id, uuid.uuid4().hex, "4006381333931")  # not in it
    packing.record_scan(packer, order.id, uuid.uuid4().hex, codes[0])
    packing.undo_last_scan(packer, order.id, uuid.uuid4().hex)
    for code in codes:
        packing.record_scan(packer, order.id, uuid.uuid4().hex, code)
    refused = packing.pack_out.close_parcel(packer, order.id, "file", last=True, weight_g=99_999)
    assert isinstance(refused, WeightRefusal)
    packing.complete_order(packer, order.id, "file")
    held = packing.open_order(packer, slips[1])
    packing.hold_order(packer, held.id, "damaged unit")

    _assert_same(engine)
    with engine.connect() as conn:
        outcomes = set(conn.execute(select(rollups.scan_quarters.c.outcome).distinct()).scalars())
        size = conn.execute(
            select(rollups.order_figures.c.lines, rollups.order_figures.c.units).where(
                rollups.order_figures.c.order_id == order.id
            )
        ).one()
    assert {"wrong_item", "undo", "weight_refused", "accepted"} <= outcomes
    assert tuple(size) == (len(order.lines), order.units_expected)


def _unit_codes(engine: Engine, order_id: int) -> list[str]:
    """The barcode of every unit the order needs, one per unit."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(func.min(t.product_barcodes.c.code), t.order_lines.c.quantity)
            .join(t.order_lines, t.order_lines.c.product_id == t.product_barcodes.c.product_id)
            .where(t.order_lines.c.order_id == order_id, t.product_barcodes.c.units == 1)
            .group_by(t.order_lines.c.id, t.order_lines.c.quantity)
            .order_by(t.order_lines.c.id)
        ).all()
    return [code for code, quantity in rows for _ in range(quantity)]
