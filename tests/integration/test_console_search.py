"""The console's searches on both databases: the Story and Labels searches take a parcel's
QR code (a GS1 Digital Link) and its GS1-128 with the "]C1" prefix, and a reference typed in
lower case; the queue's carrier and service filters ignore case."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.services.floor import FloorService
from app.services.queue_ports import QueueFilter
from app.services.reprints import ReprintDesk
from app.services.story import StoryService
from app.services.story_ports import StoryQuery
from tests.support.factories import add_sscc_range, seed
from tests.support.station import StepClock, make_station


def test_searches_take_the_labels_codes_and_ignore_case(engine: Engine, now: datetime) -> None:
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)]), ("P-2", [("CABLE-C1", 1)])])
    add_sscc_range(engine, extension=3, size=5)
    station = make_station(engine, now)
    packer = station.sign_in()
    order_id = station.packing.open_order(packer, world.slips["P-1"]).id
    station.packing.record_scan(packer, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"])
    station.packing.complete_order(packer, order_id, "desk-1")
    with engine.connect() as conn:
        sscc = conn.execute(select(t.parcels.c.sscc)).scalar_one()
    supervisor = station.sign_in("BDG9001")
    clock = StepClock(now)
    story = StoryService(SqlUnitOfWork.factory(engine))
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), clock)
    for scanned in (f"https://id.gs1.org/00/{sscc}", f"]C100{sscc}", f"00{sscc}", "p-1"):
        found = story.find(supervisor, StoryQuery(text=scanned))
        assert [f.reference for f in found] == ["P-1"], scanned
        assert [p.order_reference for p in desk.find(scanned)] == ["P-1"], scanned
    assert desk.find("https://id.gs1.org/00/340123450000000000") == []

    floor = FloorService(SqlUnitOfWork.factory(engine), clock)
    queue = floor.queue(supervisor, QueueFilter(carrier="dhl", status="ready"))
    assert [q.reference for q in queue] == ["P-2"]
    assert floor.queue(supervisor, QueueFilter(carrier="DhL", status="ready")) == queue


def test_the_timeline_shows_who_reprinted_or_voided_a_label_and_why(
    engine: Engine, now: datetime
) -> None:
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)])])
    station = make_station(engine, now)
    packer = station.sign_in()
    order_id = station.packing.open_order(packer, world.slips["P-1"]).id
    station.packing.record_scan(packer, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"])
    station.packing.complete_order(packer, order_id, "desk-1")
    supervisor = station.sign_in("BDG9001")
    clock = StepClock(now)
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), clock)
    desk.reprint(supervisor, "P-1", "smudged")
    desk.void(supervisor, "P-1", "parcel crushed, repacking")
    events = StoryService(SqlUnitOfWork.factory(engine)).timeline(supervisor, order_id)
    by_what = {event.what: event for event in events}
    reprinted = by_what["label reprinted"]
    assert (reprinted.who, reprinted.where) == ("Robin Supervisor", "PACK-01")
    assert reprinted.detail.endswith(": smudged")
    voided = by_what["label voided"]
    assert voided.who == "Robin Supervisor" and "parcel crushed, repacking" in voided.detail
    reprint_job = next(e for e in events if e.what.startswith("reprint "))
    assert "smudged" in reprint_job.detail
