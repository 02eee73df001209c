"""Figures on real databases (SQLite and PostgreSQL): orders packed through the real services
add up per packer, station, day and shift; error scans by cause and holds by reason; the
database's median and 90th percentile are the domain's nearest-rank ones; the work content
fitted from the database's sums is the one the orders were made with; packers are refused."""

from __future__ import annotations

import csv
import io
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed
from app.domain.figures import Grouping, Shift, percentile
from app.services.figures import FiguresService
from tests.support.factories import World, ean13, seed
from tests.support.station import make_station

SHIFTS = (Shift("early", datetime(2000, 1, 1, 6).time(), datetime(2000, 1, 1, 14).time()),)


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


def test_packed_orders_scans_and_holds_add_up_per_packer_station_day_and_shift(
    engine: Engine, now: datetime, world: World
) -> None:
    one = make_station(engine, now, "PACK-01")
    two = make_station(engine, now, "PACK-02")
    alex, sam = one.sign_in("BDG1001"), two.sign_in("BDG1002")
    codes = world.product_codes
    order = one.packing.open_order(alex, world.slips["SHOP-1"]).id
    for code in (codes["MUG-BLUE"], codes["NOTE-A5"], codes["MUG-BLUE"], codes["CABLE-C1"]):
        one.packing.record_scan(alex, order, uuid.uuid4().hex, code)
    one.packing.complete_order(alex, order, "file")
    order = two.packing.open_order(sam, world.slips["SHOP-2"]).id
    two.packing.record_scan(sam, order, uuid.uuid4().hex, ean13("400638133999"))
    two.packing.record_scan(sam, order, uuid.uuid4().hex, codes["NOTE-A5"])
    two.packing.complete_order(sam, order, "file")
    held = two.packing.open_order(sam, world.slips["SHOP-3"]).id
    two.packing.hold_order(sam, held, "damaged unit")
    service = FiguresService(SqlUnitOfWork.factory(engine), SHIFTS, UTC)
    supervisor = one.sign_in("BDG9001")
    since, until = now - timedelta(hours=2), now + timedelta(hours=2)

    with pytest.raises(NotAllowed):
        service.figures(alex, since, until, Grouping.PACKER)

    report = service.figures(supervisor, since, until, Grouping.PACKER)
    assert [row.label for row in report.rows] == ["Alex Packer", "Sam Packer"]
    a, s = report.rows
    assert (a.orders, a.lines, a.units, a.scans) == (1, 2, 3, 4)
    assert a.errors_per_100 == {"wrong item": 25.0}
    assert (s.orders, s.lines, s.units, s.scans) == (1, 1, 1, 2)
    assert s.errors_per_100 == {"unknown": 50.0}
    assert s.holds == {"damaged unit": 1} and a.holds == {}
    # The step clock moves a second per reading: a few seconds from claim to complete.
    assert a.median_s is not None and 0 < a.median_s < 60
    assert a.hours == 0.25 and a.orders_per_hour == 4.0 and a.units_per_hour == 12.0
    assert s.lines_per_order == 1.0

    stations = service.figures(supervisor, since, until, Grouping.STATION).rows
    assert [(row.label, row.orders, row.scans) for row in stations] == [
        ("PACK-01", 1, 4),
        ("PACK-02", 1, 2),
    ]
    (day,) = service.figures(supervisor, since, until, Grouping.DAY).rows
    assert day.label == now.strftime("%Y-%m-%d %a")
    assert (day.orders, day.units, day.scans, day.holds) == (2, 4, 6, {"damaged unit": 1})
    # The day's two stations worked a quarter-hour each: half a station-hour.
    assert day.hours == 0.5 and day.orders_per_hour == 4.0
    (shift,) = service.figures(supervisor, since, until, Grouping.SHIFT).rows
    assert (shift.label, shift.orders) == ("early", 2)  # 09:30 UTC
    # Bigger orders earn more work units: Alex's 3-unit order more than Sam's single unit.
    assert a.work_units > s.work_units
    assert a.work_units + s.work_units == pytest.approx(2.0)

    rows = list(csv.reader(io.StringIO(FiguresService.as_csv(report))))
    assert rows[0][:4] == ["packer", "orders", "lines", "units"]
    assert "errors_per_100: wrong item" in rows[0] and "holds: damaged unit" in rows[0]
    assert rows[1][:4] == ["Alex Packer", "1", "2", "3"]


def test_percentiles_and_work_content_come_from_the_database_as_the_domain_defines_them(
    engine: Engine, now: datetime, world: World
) -> None:
    """Sixty orders made with a known time per order, line and unit: the database's median
    and p90 are the nearest-rank ones of the same times, and the fit gives back the times."""
    rng = random.Random(7)
    made: dict[int, list[float]] = {}
    with engine.begin() as conn:
        users = {name: id_ for name, id_ in conn.execute(select(t.users.c.name, t.users.c.id))}
        station = conn.execute(
            insert(t.stations).values(name="PACK-09", created_at=now)
        ).inserted_primary_key
        assert station is not None
        product = conn.execute(select(t.products.c.id).limit(1)).scalar_one()
        for n in range(60):
            user = users["Alex Packer"] if n % 3 else users["Sam Packer"]
            lines, per_line = rng.randint(1, 4), rng.randint(1, 3)
            seconds = 25 + 9 * lines + 4 * lines * per_line
            claimed = now - timedelta(hours=1, seconds=seconds + n)
            order = conn.execute(
                insert(t.orders).values(
                    reference=f"FIG-{n}",
                    slip_code=f"FIGSLIP{n}",
                    status="packed",
                    carrier="DHL",
                    ship_to_name="X",
                    ship_to_line1="Y",
                    ship_to_country="DE",
                    claimed_at=claimed,
                    created_at=claimed,
                    updated_at=claimed,
                )
            ).inserted_primary_key
            assert order is not None
            for line_no in range(1, lines + 1):
                conn.execute(
                    insert(t.order_lines).values(
                        order_id=order[0],
                        line_no=line_no,
                        product_id=product,
                        quantity=per_line,
                    )
                )
            conn.execute(
                insert(t.audit_log).values(
                    at=claimed + timedelta(seconds=seconds),
                    user_id=user,
                    station_id=station[0],
                    action="complete",
                    entity="order",
                    entity_id=order[0],
                )
            )
            made.setdefault(user, []).append(float(seconds))
    service = FiguresService(SqlUnitOfWork.factory(engine), zone=UTC)
    supervisor = make_station(engine, now).sign_in("BDG9001")

    report = service.figures(supervisor, now - timedelta(days=1), now, Grouping.PACKER)

    by_name = {row.label: row for row in report.rows}
    for name in ("Alex Packer", "Sam Packer"):
        times = made[users[name]]
        row = by_name[name]
        assert row.orders == len(times)
        assert row.median_s == pytest.approx(percentile(times, 50))
        assert row.p90_s == pytest.approx(percentile(times, 90))
    assert report.work.fitted
    assert report.work.per_order_s == pytest.approx(25, abs=1e-3)
    assert report.work.per_line_s == pytest.approx(9, abs=1e-3)
    assert report.work.per_unit_s == pytest.approx(4, abs=1e-3)
