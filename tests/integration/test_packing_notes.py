"""Packing instructions and the "important" flag come in with the orders file and go out with
the order to the station (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.domain.orders_file import OrderFileRefused
from app.domain.packing_notes import PackingNotes
from app.services.intake import IntakeService
from tests.support.factories import World, seed
from tests.support.station import StepClock, make_station

ORDER = {
    "reference": "GIFT-1",
    "carrier": "DHL",
    "ship_to_name": "Erika Mustermann",
    "ship_to_line1": "Heidestraße 17",
    "ship_to_postcode": "51147",
    "ship_to_city": "Köln",
    "ship_to_country": "DE",
    "notes": "Customer asked for no invoice in the parcel.",
    "gift_message": "Alles Gute!\nDeine Anna",
    "packing_instructions": "Wrap the mug in two layers.\nNo plastic filler.",
    "notes_important": True,
    "lines": [{"sku": "MUG-BLUE", "quantity": 1}],
}


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now, orders=[])


def test_the_orders_file_brings_instructions_and_the_flag_to_the_opened_order(
    engine: Engine, now: datetime, world: World
) -> None:
    intake = IntakeService(SqlUnitOfWork.factory(engine), StepClock(now))
    plain = {**ORDER, "reference": "PLAIN-1", "slip": "ORDPLAIN1"}
    for key in ("notes", "gift_message", "packing_instructions", "notes_important"):
        del plain[key]
    report = intake.import_orders("orders.json", json.dumps([ORDER, plain]).encode())
    assert report.added == 2
    station = make_station(engine, now)
    session = station.sign_in()
    opened = station.packing.open_order(session, "ORDGIFT-1")
    assert opened.notes == PackingNotes(
        "Customer asked for no invoice in the parcel.",
        "Alles Gute!\nDeine Anna",
        "Wrap the mug in two layers.\nNo plastic filler.",
        important=True,
    )
    station.packing.hold_order(session, opened.id, "test")
    assert station.packing.open_order(session, "ORDPLAIN1").notes == PackingNotes()

    # Re-importing with the flag off changes it (harmless to an order being packed).
    calmer = {**ORDER, "notes_important": "no"}
    assert intake.import_orders("again.json", json.dumps([calmer, plain]).encode()).changed == 1


def test_a_flag_that_is_not_yes_or_no_is_named(engine: Engine, now: datetime, world: World) -> None:
    intake = IntakeService(SqlUnitOfWork.factory(engine), StepClock(now))
    with pytest.raises(OrderFileRefused) as refused:
        intake.import_orders(
            "orders.json",
            json.dumps([{**ORDER, "notes_important": "very", "packing_instructions": 7}]).encode(),
        )
    assert refused.value.problems == [
        "orders.json order 1, packing_instructions: 7 is not text",
        'orders.json order 1, notes_important: "very" is not yes or no',
    ]
