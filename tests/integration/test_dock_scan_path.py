"""The dock's scan path on SQLite and PostgreSQL (one select and one statement of CTEs on
PostgreSQL): an order of two parcels is handed over with its second parcel, not its first;
the counters come back with the load; a parcel on no manifest yet joins it loaded; a scan by
SSCC finds the parcel when the cage is given."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.domain.handoff import LoadOutcome
from app.domain.tracking import format_s10
from app.services.results import Session
from tests.integration.test_handoff import (
    actor,
    handoff,
    order_status,
    pack,
    station,  # noqa: F401 (a fixture)
    world,  # noqa: F401 (a fixture)
)
from tests.support.factories import World
from tests.support.station import StationUnderTest, StepClock


def test_an_order_of_two_parcels_is_handed_over_with_its_last(
    engine: Engine,
    now: datetime,
    world: World,  # noqa: F811
    station: StationUnderTest,  # noqa: F811
) -> None:
    session: Session = station.sign_in()
    first = pack(station, session, world, "SHOP-1")
    other = pack(station, session, world, "SHOP-2")
    with engine.begin() as conn:  # SHOP-1's second parcel, labelled after the dock began
        order_id = conn.execute(
            select(t.parcels.c.order_id).where(t.parcels.c.tracking_number == first)
        ).scalar_one()
        second = format_s10("JJ", 19_999_999, "DE")
        conn.execute(
            insert(t.parcels).values(
                order_id=order_id,
                seq=2,
                tracking_number=second,
                carrier="DHL",
                created_at=now + timedelta(minutes=5),
                sscc="340123450000000017",
            )
        )
    clock = StepClock(now)
    service = handoff(engine, now, clock=clock)
    dock = actor(session)
    opened = service.dock_scan(dock, None, other)  # opens the cage, attaches SHOP-1's parcels
    assert opened.cage is not None and opened.order_handed_over == "SHOP-2"
    cage = opened.cage.id
    assert (opened.loaded, opened.expected) == (1, 3)

    one = service.dock_scan(dock, cage, first)
    assert one.outcome is LoadOutcome.LOADED and one.order_handed_over is None
    assert (one.loaded, one.expected) == (2, 3)
    assert order_status(engine, "SHOP-1") != "handed_over"

    again = service.dock_scan(dock, cage, first)
    assert again.outcome is LoadOutcome.ALREADY_LOADED and (again.loaded, again.expected) == (
        2,
        3,
    )

    last = service.dock_scan(dock, cage, "]C100340123450000000017")  # by its SSCC
    assert last.outcome is LoadOutcome.LOADED and last.tracking_number == second
    assert last.order_handed_over == "SHOP-1" and (last.loaded, last.expected) == (3, 3)
    assert order_status(engine, "SHOP-1") == "handed_over"
    with engine.connect() as conn:
        kept = conn.execute(
            select(t.manifests.c.loaded_count, t.manifests.c.joined_count).where(
                t.manifests.c.id == cage
            )
        ).one()
    assert tuple(kept) == (3, 3)

    unknown = service.dock_scan(dock, cage, format_s10("JJ", 19_999_998, "DE"))
    assert unknown.outcome is LoadOutcome.UNKNOWN and unknown.cage is not None
    assert unknown.cage.id == cage
