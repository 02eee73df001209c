"""Waiting labels move only to a printer a running station serves, on both databases: the
printers of stations online now (live) or that printed lately; a name from history that no
running station uses, or one typed freely, is refused with a message (and audited)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import DomainError
from app.domain.floor import Devices
from app.services.floor import FloorService
from app.services.reprints import ReprintDesk
from tests.support.factories import seed
from tests.support.station import StepClock, make_station


def test_labels_move_only_to_a_printer_a_running_station_serves(
    engine: Engine, now: datetime
) -> None:
    world = seed(
        engine,
        now,
        orders=[("P-1", [("MUG-BLUE", 1)]), ("P-2", [("CABLE-C1", 1)]), ("P-3", [("PEN-BLK", 1)])],
    )
    clock = StepClock(now)
    floor = FloorService(SqlUnitOfWork.factory(engine), clock)
    for name, reference, printer, online in (
        ("PACK-01", "P-1", "desk-1", True),  # its printer is down: the label waits
        ("PACK-02", "P-2", "desk-2", True),  # online: desk-2 is live
        ("PACK-03", "P-3", "desk-old", False),  # never heard of since: desk-old is history
    ):
        station = make_station(engine, now, name)
        packer = station.sign_in("BDG1001")
        order_id = station.packing.open_order(packer, world.slips[reference]).id
        sku = {"P-1": "MUG-BLUE", "P-2": "CABLE-C1", "P-3": "PEN-BLK"}[reference]
        station.packing.record_scan(packer, order_id, uuid.uuid4().hex, world.product_codes[sku])
        station.packing.complete_order(packer, order_id, printer)
        if online:
            floor.heartbeat(station.record.id, packer.user_id, Devices("ready", "none", "none"))
        else:  # silent for an hour now: switched off, its printer no one's
            with engine.begin() as conn:
                conn.execute(
                    update(t.stations)
                    .where(t.stations.c.id == station.record.id)
                    .values(last_seen_at=now - timedelta(hours=1))
                )
    supervisor = make_station(engine, now, "PACK-01").sign_in("BDG9001")
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), clock)
    assert [name for name, _ in desk.printers()] == ["desk-1", "desk-2", "desk-old"]
    assert desk.move_targets() == [("desk-1", True), ("desk-2", True)]

    for nowhere in ("desk-old", "desk-typo"):
        with pytest.raises(DomainError, match="No running station prints to"):
            desk.move_jobs(supervisor, "desk-1", nowhere)
    with engine.connect() as conn:
        refused = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "move_print_jobs_refused")
        ).scalars()
        assert len(list(refused)) == 2
    assert dict(desk.printers())["desk-1"] == 1  # nothing moved
    assert desk.move_jobs(supervisor, "desk-1", "desk-2") == 1
    assert dict(desk.printers()) == {"desk-2": 2, "desk-old": 1}
