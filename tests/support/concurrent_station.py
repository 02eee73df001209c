"""One station in its own process, packing orders from a shared database until none is left.

Used by the concurrency test: several of these race for the same orders.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.domain.errors import OrderUnavailable
from app.domain.model import ScanOutcome
from tests.support.station import make_station


def pack_until_empty(
    url: str, name: str, badge: str, race_slip: str, barrier: Any, results: Any
) -> None:
    engine = make_engine(url)
    station = make_station(engine, datetime.now(UTC), name)
    session = station.sign_in(badge)
    codes: dict[int, str] = {}
    with engine.connect() as conn:
        for product_id, code in conn.execute(
            select(t.product_barcodes.c.product_id, t.product_barcodes.c.code).where(
                t.product_barcodes.c.units == 1
            )
        ):
            codes[product_id] = code
    packed: list[tuple[int, str]] = []
    accepted = 0
    barrier.wait(timeout=60)
    try:
        first = station.packing.open_order(session, race_slip)
        won_race = True
        order_ids = [first.id]
    except OrderUnavailable:
        won_race = False
        order_ids = []
    while True:
        if order_ids:
            order_id = order_ids.pop()
        else:
            view = station.packing.claim_next_order(session)
            if view is None:
                break
            order_id = view.id
        with engine.connect() as conn:
            lines = conn.execute(
                select(t.order_lines.c.product_id, t.order_lines.c.quantity).where(
                    t.order_lines.c.order_id == order_id
                )
            ).all()
        for line in lines:
            for _ in range(line.quantity):
                scan_uid = uuid.uuid4().hex
                result = station.packing.record_scan(
                    session, order_id, scan_uid, codes[line.product_id]
                )
                assert result.outcome is ScanOutcome.ACCEPTED, result.message
                # The network hiccup case: the station sends the same scan again.
                repeat = station.packing.record_scan(
                    session, order_id, scan_uid, codes[line.product_id]
                )
                assert repeat.repeated
                accepted += 1
        done = station.packing.complete_order(session, order_id, "file")
        packed.append((order_id, done.tracking_number))
    engine.dispose()
    results.put({"station": name, "won_race": won_race, "packed": packed, "accepted": accepted})
