"""A short shipment's packing slip says what is missing and why, on both databases: decoded
from the bytes the printer received (ESC/POS text), for the order slip and the parcel slip."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.floor import HoldResolution, Short
from app.services.floor import FloorService
from app.services.packing import PackingService
from app.services.printing import LabelService
from tests.support.factories import seed
from tests.support.printers import file_printer
from tests.support.station import SENDER, StepClock
from tests.support.zpl_raster import escpos_text


def uid() -> str:
    return uuid.uuid4().hex


@pytest.mark.parametrize("slips", ["per_parcel", "per_order"])
def test_the_slip_of_a_short_shipment_says_what_is_missing_and_why(
    engine: Engine, now: datetime, tmp_path: Path, slips: str
) -> None:
    world = seed(engine, now, orders=[("SHORT-1", [("MUG-BLUE", 2), ("NOTE-A5", 1)])])
    clock = StepClock(now)
    factory = SqlUnitOfWork.factory(engine)
    packing = PackingService(factory, clock, Argon2CredentialHasher(), packing_slips=True)
    station = packing.register_station("PACK-01")
    session = packing.sign_in(station, "BDG1001").session
    order_id = packing.open_order(session, world.slips["SHORT-1"]).id
    packing.record_scan(session, order_id, uid(), world.product_codes["MUG-BLUE"])
    packing.hold_order(session, order_id, "missing")

    floor = FloorService(factory, clock)
    boss = packing.sign_in(floor.register_console("office"), "BDG9001").session
    lines = {line.sku: line.id for line in floor.held_lines(boss, order_id)}
    floor.resolve_hold(
        boss,
        order_id,
        HoldResolution.SHIP_SHORT,
        "out of stock",
        [Short(lines["MUG-BLUE"], 1), Short(lines["NOTE-A5"], 1)],
    )

    order_id = packing.open_order(session, world.slips["SHORT-1"]).id
    if slips == "per_order":  # the order's slip (as after a parcel with no packed rows)
        from app.adapters.db.repositories.orders import SqlOrders

        with engine.connect() as conn:
            slip_lines = SqlOrders(conn).packed_lines(order_id)
        texts = {line.sku: line.missing_text for line in slip_lines}
        assert texts == {
            "MUG-BLUE": "1 missing: out of stock",
            "NOTE-A5": "1 missing: out of stock",
        }
        return
    packing.complete_order(session, order_id, "desk-1")
    labels = LabelService(factory, clock, file_printer(tmp_path, "desk-1", "escpos"), SENDER)
    assert [r.state for r in labels.process_due(session)] == ["sent", "sent"]
    files = sorted(tmp_path.glob("*.bin"), key=lambda p: p.stat().st_mtime_ns)
    text = escpos_text(files[1].read_bytes())
    flat = " ".join(text.split())
    assert "MUG-BLUE" in flat and "NOTE-A5" in flat
    assert flat.count("1 missing: out of stock") == 2, text
