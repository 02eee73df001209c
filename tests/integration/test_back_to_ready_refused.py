"""Back to ready is refused, on both databases, for a held order a station could not finish:
lines changed by the order system after packing began, or packed and labelled already (the
review's dead end: the station showed 4/4 and "Parcel 2", F12 refused "Parcel 2 is empty").
The refusal is audited, the order stays on hold, and cancelling it is still possible."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.floor import HoldNotResolved, HoldResolution
from app.services.floor import FloorService
from app.services.intake import IntakeService
from app.services.results import Session
from tests.integration.test_order_changes import (
    UNITS,
    audit,
    intake,
    order_file,
    order_row,
    pack,
    scan,
    station,
)
from tests.support.station import StationUnderTest, StepClock

__all__ = ["intake", "station"]  # the fixtures, shared with the order-change tests


def supervisor(engine: Engine, station: StationUnderTest) -> tuple[FloorService, Session]:
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(datetime.now(UTC)))
    console = floor.register_console("office")
    return floor, station.packing.sign_in(console, "BDG9001").session


def test_a_labelled_order_whose_lines_changed_is_not_sent_back_to_ready(
    engine: Engine, intake: IntakeService, station: StationUnderTest
) -> None:
    session = station.sign_in()
    order_id, _job = pack(station, session, "SO-1001")
    changed = order_file("SO-1001", lines=[{"sku": "BOTTLE-STEEL", "quantity": 2}])
    intake.import_orders("changed.json", changed)
    assert order_row(engine, "SO-1001").status == "on_hold"
    floor, boss = supervisor(engine, station)
    with pytest.raises(HoldNotResolved, match="the order system changed its lines"):
        floor.resolve_hold(boss, order_id, HoldResolution.BACK_TO_READY, "")
    assert order_row(engine, "SO-1001").status == "on_hold"
    [refused] = audit(engine, "hold_resolve_refused")
    assert refused.startswith("back_to_ready refused: Order SO-1001 cannot go back to ready")
    floor.resolve_hold(boss, order_id, HoldResolution.CANCEL, "lines changed, sent again")
    assert order_row(engine, "SO-1001").status == "cancelled"


def test_a_labelled_order_held_for_its_address_is_not_repacked(
    engine: Engine, intake: IntakeService, station: StationUnderTest
) -> None:
    session = station.sign_in()
    order_id, _job = pack(station, session, "SO-1001")
    intake.import_orders("moved.json", order_file("SO-1001", ship_to_line1="Heidestraße 19"))
    floor, boss = supervisor(engine, station)
    with pytest.raises(HoldNotResolved, match="it is packed and its label is printed"):
        floor.resolve_hold(boss, order_id, HoldResolution.BACK_TO_READY, "")
    assert order_row(engine, "SO-1001").status == "on_hold"


def test_a_held_order_with_work_left_still_goes_back_to_ready(
    engine: Engine, station: StationUnderTest
) -> None:
    """The control: an order held at the station, half packed, goes back to ready."""
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1001")
    scan(station, session, order.id, UNITS["SO-1001"][0])
    station.packing.hold_order(session, order.id, "damaged")
    floor, boss = supervisor(engine, station)
    floor.resolve_hold(boss, order.id, HoldResolution.BACK_TO_READY, "new mug in tote 3")
    assert order_row(engine, "SO-1001").status == "ready"


def test_a_hold_by_the_order_system_shows_the_import_not_an_earlier_hold(
    engine: Engine, intake: IntakeService, station: StationUnderTest
) -> None:
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1001")
    station.packing.hold_order(session, order.id, "damaged")  # the earlier hold, a packer's
    floor, boss = supervisor(engine, station)
    floor.resolve_hold(boss, order.id, HoldResolution.BACK_TO_READY, "")
    pack(station, session, "SO-1001")
    intake.import_orders("moved.json", order_file("SO-1001", ship_to_line1="Heidestraße 19"))
    with engine.connect() as conn:
        imported_at = conn.execute(
            select(func.max(t.audit_log.c.at)).where(t.audit_log.c.action == "order_held")
        ).scalar_one()
    [held] = floor.holds(boss)
    assert (held.held_by, held.held_where) == ("order system", "import")
    assert held.held_at == imported_at
    assert held.reason == "address changed by the order system"
