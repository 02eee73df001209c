"""Pack-out through the real services: how long closing a parcel takes, from the call until its
label job is queued (committed), for 3-parcel orders on SQLite and PostgreSQL.

Part of ``python -m bench.packout`` (``close_parcel_ms``). The site has the sample box types
(``resources/samples/boxes.csv``) and the products their sizes, so each parcel is packed as at
a station: claim the order, scan 2 units into parcel 1, scan its box (the box's tare goes into
the expected weight), close it weighed (New parcel), 2 units and a box into parcel 2, close it,
1 unit and a box into parcel 3, complete it weighed. Only the three ``close_parcel`` calls are
timed; earlier orders of the same content and box give the weight check a learned range after
the third.
"""

from __future__ import annotations

import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select, update

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.services.boxes import import_boxes
from app.services.pack_out import ParcelClosed
from tests.support.factories import add_sscc_range, seed
from tests.support.pgserver import PgServer, start_server
from tests.support.station import StepClock, make_station

LINES = [("MUG-BLUE", 2), ("NOTE-A5", 2), ("CABLE-C1", 1)]
PARCELS = [[("MUG-BLUE", 2)], [("NOTE-A5", 2)], [("CABLE-C1", 1)]]
BOXES = ["BOXM2", "BOXS1", "BOXS1"]  # scanned for parcels 1, 2 and 3
TARE_G = {"BOXM2": 250, "BOXS1": 120}
SIZES_MM = {"MUG-BLUE": (120, 100, 70), "NOTE-A5": (210, 148, 15), "CABLE-C1": (100, 80, 20)}
BOX_TYPES = Path(__file__).resolve().parents[1] / "resources" / "samples" / "boxes.csv"
GOAL_MS = 50.0


@dataclass
class ParcelFigures:
    database: str
    orders: int
    parcels: int
    parcels_boxed: int  # parcels closed with the box scanned for them
    close_parcel_ms_p50: float
    close_parcel_ms_p99: float
    close_parcel_ms_max: float
    goal_met: bool


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))], 1)


def run_url(database: str, url: str, orders: int) -> ParcelFigures:
    engine = make_engine(url)
    try:
        schema.upgrade(engine)
        now = datetime.now(UTC)
        references = [f"P3-{n:04d}" for n in range(orders)]
        world = seed(
            engine, now, orders=[(ref, LINES) for ref in references], range_size=10 * orders
        )
        add_sscc_range(engine)
        with engine.begin() as conn:
            for sku, (length, width, height) in SIZES_MM.items():
                conn.execute(
                    update(t.products)
                    .where(t.products.c.sku == sku)
                    .values(length_mm=length, width_mm=width, height_mm=height)
                )
        station = make_station(engine, now)
        import_boxes(
            SqlUnitOfWork.factory(engine), StepClock(now), "boxes.csv", BOX_TYPES.read_bytes()
        )
        session = station.sign_in()
        pack_out = station.packing.pack_out
        timings: list[float] = []
        for reference in references:
            order_id = station.packing.open_order(session, world.slips[reference]).id
            for number, contents in enumerate(PARCELS, 1):
                for sku, quantity in contents:
                    for _ in range(quantity):
                        station.packing.record_scan(
                            session, order_id, uuid.uuid4().hex, world.product_codes[sku]
                        )
                station.packing.boxes.choose(session, order_id, BOXES[number - 1])
                started = time.perf_counter()
                units = sum(quantity for _, quantity in contents)
                grams = units * 100 + TARE_G[BOXES[number - 1]] + number  # near expected
                closed = pack_out.close_parcel(
                    session, order_id, "bench", last=number == len(PARCELS), weight_g=grams
                )
                timings.append((time.perf_counter() - started) * 1000)
                if not isinstance(closed, ParcelClosed):
                    raise RuntimeError(f"{reference} parcel {number}: {closed.message}")
        with engine.connect() as conn:
            boxed = conn.execute(
                select(func.count()).select_from(t.parcels).where(t.parcels.c.box_code.is_not(None))
            ).scalar_one()
    finally:
        engine.dispose()
    return ParcelFigures(
        database=database,
        orders=orders,
        parcels=len(timings),
        parcels_boxed=boxed,
        close_parcel_ms_p50=round(statistics.median(timings), 1),
        close_parcel_ms_p99=_p99(timings),
        close_parcel_ms_max=round(max(timings), 1),
        goal_met=_p99(timings) <= GOAL_MS,
    )


def run_parcels(
    orders: int, databases: tuple[str, ...] = ("sqlite", "postgresql")
) -> list[ParcelFigures]:
    results = []
    servers: list[PgServer] = []

    def pg() -> PgServer:
        if not servers:
            servers.append(start_server())
        return servers[0]

    runners: dict[str, Callable[[Path], str]] = {
        "sqlite": lambda folder: f"sqlite:///{folder / 'parcels.sqlite'}",
        "postgresql": lambda _folder: pg().create_database("bench_parcels"),
    }
    try:
        for database in databases:
            with tempfile.TemporaryDirectory(prefix="packbench-parcels-") as folder:
                results.append(run_url(database, runners[database](Path(folder)), orders))
    finally:
        for server in servers:
            server.stop()
    return results
