"""The hand-off's figures on SQLite and PostgreSQL (issue 12, item 7): parcels per carrier per
day, loaded before the cut-off, time from label to hand-off, delivery time and exceptions by
cause, from parcels packed through the station, loaded at the dock (one after its pick-up),
one voided, and tracking events imported; refused to a packer."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import NotAllowed
from app.services.results import Session
from app.services.tracking_events import TrackingService
from tests.integration.test_handoff import (  # the same world: three DHL orders, one UPS
    actor,
    handoff,
    pack,
    supervisor,
    world,  # noqa: F401 (a fixture)
)
from tests.support.factories import World
from tests.support.station import StationUnderTest, StepClock, make_station


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:  # noqa: F811
    return make_station(engine, now)


@pytest.fixture
def session(station: StationUnderTest) -> Session:
    return station.sign_in()


def labelled_at(engine: Engine) -> dict[str, datetime]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.parcels.c.tracking_number, t.parcels.c.created_at))
        return {r.tracking_number: r.created_at for r in rows}


def test_figures_per_carrier_and_day_and_exceptions_by_cause(
    engine: Engine,
    now: datetime,
    world: World,  # noqa: F811
    station: StationUnderTest,
    session: Session,
    tmp_path: Path,
) -> None:
    dhl = [pack(station, session, world, ref) for ref in ("SHOP-1", "SHOP-2", "SHOP-3")]
    ups = pack(station, session, world, "UPS-1")
    dock = actor(session)
    morning = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)
    early = handoff(engine, now, clock=StepClock(morning))
    assert early.dock_scan(dock, None, dhl[0]).outcome.value == "loaded"
    assert early.dock_scan(dock, None, ups).outcome.value == "loaded"
    # DHL's pick-up is at 17:00: this one is loaded after its cut-off.
    late = handoff(engine, now, clock=StepClock(datetime(2026, 11, 23, 18, 0, tzinfo=UTC)))
    assert late.dock_scan(dock, None, dhl[1]).outcome.value == "loaded"
    imported = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # after the carrier's events
    tracking = TrackingService(SqlUnitOfWork.factory(engine), StepClock(imported))
    events = (
        "tracking_number,time,status_code,description\n"
        f"{dhl[0]},2026-11-24T13:00:01Z,DL,Delivered\n"
        f"{dhl[1]},2026-11-24T08:00:00Z,ADDRESS,Address unknown\n"
        f"{dhl[1]},2026-11-24T09:00:00Z,ADDRESS,Address unknown\n"
        f"{ups},2026-11-24T10:00:00Z,DAMAGED,Parcel damaged\n"
    )
    assert tracking.import_file("events.csv", events.encode()).added == 4

    since, until = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 25, tzinfo=UTC)
    found = early.figures(supervisor(station), since, until)
    labels = labelled_at(engine)
    days = {(d.carrier, d.day): d for d in found.days}
    assert set(days) == {("DHL", "2026-11-23 Mon"), ("UPS", "2026-11-23 Mon")}
    d = days[("DHL", "2026-11-23 Mon")]
    assert (d.parcels, d.loaded, d.loaded_on_time, d.delivered, d.exceptions) == (3, 2, 1, 1, 1)
    assert d.on_time_percent == pytest.approx(50.0)
    with engine.connect() as conn:
        loaded = {
            r.tracking_number: r.loaded_at
            for r in conn.execute(
                select(t.parcels.c.tracking_number, t.manifest_parcels.c.loaded_at).join(
                    t.manifest_parcels, t.manifest_parcels.c.parcel_id == t.parcels.c.id
                )
            )
        }
    to_handoff = [(loaded[n] - labels[n]).total_seconds() for n in dhl[:2]]
    assert d.label_to_handoff_s == pytest.approx(sum(to_handoff) / 2, abs=0.01)
    delivered = datetime(2026, 11, 24, 13, 0, 1, tzinfo=UTC)
    assert d.delivery_s == pytest.approx((delivered - loaded[dhl[0]]).total_seconds(), abs=0.01)
    u = days[("UPS", "2026-11-23 Mon")]
    assert (u.parcels, u.loaded, u.loaded_on_time, u.delivered, u.exceptions) == (1, 1, 1, 0, 1)
    assert u.delivery_s is None
    assert [(c.carrier, c.status_code, c.events, c.parcels) for c in found.causes] == [
        ("DHL", "ADDRESS", 2, 1),
        ("UPS", "DAMAGED", 1, 1),
    ]

    # A voided label leaves the day's parcels; a day with no labels has no row.
    assert loaded.get(dhl[2]) is None  # on the manifest, not loaded
    with engine.begin() as conn:
        conn.execute(
            t.parcels.update()
            .where(t.parcels.c.tracking_number == dhl[2])
            .values(voided_at=now, void_reason="torn")
        )
    again = early.figures(supervisor(station), since, until)
    assert [(d.carrier, d.parcels) for d in again.days if d.carrier == "DHL"] == [("DHL", 2)]
    quiet = early.figures(supervisor(station), datetime(2026, 11, 24, tzinfo=UTC), until)
    assert quiet.days == [] and len(quiet.causes) == 2

    with pytest.raises(NotAllowed):
        early.figures(dock, since, until)
