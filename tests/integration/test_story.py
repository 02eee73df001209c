"""An order's story on real databases (SQLite and PostgreSQL): found by reference, tracking
number, SSCC, tote, packer and station; its timeline shows every scan and print of a packed
order, with who and where, up to the hand-off at the dock; the search exports as CSV; packers
are refused."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed
from app.services.handoff import Actor, HandoffService
from app.services.story import StoryService
from app.services.story_ports import StoryQuery
from tests.support.factories import World, add_sscc_range, seed
from tests.support.printers import file_printer
from tests.support.station import StepClock, make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    found = seed(engine, now)
    add_sscc_range(engine)
    return found


def test_a_packed_orders_story_from_claim_to_label(
    engine: Engine, now: datetime, world: World, tmp_path: Path
) -> None:
    station = make_station(engine, now, "PACK-03")
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-1"]).id
    codes = world.product_codes
    for code in (codes["MUG-BLUE"], codes["NOTE-A5"], codes["MUG-BLUE"], codes["CABLE-C1"]):
        station.packing.record_scan(packer, order_id, uuid.uuid4().hex, code)
    done = station.packing.complete_order(packer, order_id, "file")
    labels = station.labels(file_printer(tmp_path))
    labels.tick(packer)
    story = StoryService(SqlUnitOfWork.factory(engine))
    supervisor = station.sign_in("BDG9001")

    with pytest.raises(NotAllowed):
        story.find(packer, StoryQuery(text="SHOP-1"))
    with pytest.raises(NotAllowed):
        story.timeline(packer, order_id)

    with engine.connect() as conn:
        sscc = conn.execute(select(t.parcels.c.sscc)).scalar_one()
    for text in ("SHOP-1", done.tracking_number, world.totes["SHOP-1"], world.slips["SHOP-1"]):
        (found,) = story.find(supervisor, StoryQuery(text=text))
        assert found.reference == "SHOP-1"
        assert found.tracking == (done.tracking_number,)
    assert sscc is not None
    for text in (sscc, f"00{sscc}"):  # as stored, and as the barcode's text reads (AI 00)
        assert [f.reference for f in story.find(supervisor, StoryQuery(text=text))] == ["SHOP-1"]
    (by_packer,) = story.find(supervisor, StoryQuery(packer="alex"))
    assert (by_packer.packed_by, by_packer.station) == ("Alex Packer", "PACK-03")
    assert story.find(supervisor, StoryQuery(station="PACK-99")) == []
    assert story.find(supervisor, StoryQuery(text="SHOP-1", since=now + timedelta(days=30))) == []

    events = story.timeline(supervisor, order_id)
    whats = [event.what for event in events]
    assert [event.at for event in events] == sorted(event.at for event in events)
    assert sum(1 for what in whats if what.startswith("scanned:")) == 3
    assert sum(1 for what in whats if what.startswith("WRONG ITEM")) == 1
    assert any(what.startswith("claim") for what in whats)
    assert "complete" in whats
    assert any(what.startswith("parcel 1: tracking " + done.tracking_number) for what in whats)
    assert any(what.startswith("label sent on") for what in whats)
    scans = [event for event in events if event.what.startswith("scanned:")]
    assert {(event.who, event.where) for event in scans} == {("Alex Packer", "PACK-03")}

    rows = list(csv.reader(io.StringIO(StoryService.as_csv(story.find(supervisor, StoryQuery())))))
    assert rows[0][0] == "reference"
    assert sorted(row[0] for row in rows[1:]) == ["SHOP-1", "SHOP-2", "SHOP-3"]


def test_the_story_shows_the_hand_off_at_the_dock(
    engine: Engine, now: datetime, world: World
) -> None:
    """Issue 10, item 6: the timeline goes on to the hand-off: the parcel loaded at the dock
    (onto which manifest, by whom, at which station) and the order handed over."""
    station = make_station(engine, now, "PACK-03")
    packer = station.sign_in("BDG1001")
    order_id = station.packing.open_order(packer, world.slips["SHOP-2"]).id
    station.packing.record_scan(packer, order_id, uuid.uuid4().hex, world.product_codes["NOTE-A5"])
    done = station.packing.complete_order(packer, order_id, "file")
    dock = make_station(engine, now + timedelta(minutes=5), "DOCK-1")
    loader = dock.sign_in("BDG1002")
    handoff = HandoffService(
        SqlUnitOfWork.factory(engine),
        StepClock(now + timedelta(minutes=5)),
        pickups={"DHL": time(17, 0)},
        zone=UTC,
    )
    actor = Actor(loader.user_id, loader.user_name, loader.role, loader.station_id)
    loaded = handoff.dock_scan(actor, None, done.tracking_number)
    assert loaded.cage is not None
    story = StoryService(SqlUnitOfWork.factory(engine))
    events = story.timeline(station.sign_in("BDG9001"), order_id)
    (at_dock,) = [event for event in events if "loaded at the dock" in event.what]
    assert at_dock.what == "parcel 1 loaded at the dock"
    assert (at_dock.who, at_dock.where) == ("Sam Packer", "DOCK-1")
    assert at_dock.detail == (f"manifest {loaded.cage.id} (DHL), tracking {done.tracking_number}")
    whats = [event.what for event in events]
    assert whats.index("complete") < whats.index("parcel 1 loaded at the dock")
    assert "handed over" in whats  # every parcel of the order loaded
