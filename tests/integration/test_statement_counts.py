"""The statements the hot paths cost, counted on both databases: a scan is what a packer
does thousands of times a day, a claim is what 32 stations do at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import Engine, event

from app.domain.model import ScanOutcome
from tests.support.factories import World, seed
from tests.support.station import make_station


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements run inside the block, without BEGIN/COMMIT/ROLLBACK."""
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.split(None, 1)[0].upper() not in ("BEGIN", "COMMIT", "ROLLBACK"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


def test_a_scan_costs_at_most_five_statements(engine: Engine, now: datetime, world: World) -> None:
    station = make_station(engine, now)
    session = station.sign_in()
    order = station.packing.open_order(session, world.slips["SHOP-1"])
    with counted(engine) as accepted:
        result = station.packing.record_scan(
            session, order.id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
        )
    assert result.outcome is ScanOutcome.ACCEPTED
    with counted(engine) as wrong:
        result = station.packing.record_scan(
            session, order.id, uuid.uuid4().hex, world.product_codes["NOTE-A5"]
        )
    assert result.outcome is ScanOutcome.WRONG_ITEM
    assert len(accepted) <= 5, accepted
    assert len(wrong) <= 5, wrong


def test_claims_cost_at_most_three_statements(engine: Engine, now: datetime, world: World) -> None:
    station = make_station(engine, now)
    session = station.sign_in()
    with counted(engine) as by_slip:
        view = station.packing.open_order(session, world.slips["SHOP-1"])
    with counted(engine) as hold:
        station.packing.hold_order(session, view.id, "Damaged unit")
    with counted(engine) as next_in_queue:
        claimed = station.packing.claim_next_order(session)
    assert claimed is not None and claimed.reference == "SHOP-2"
    assert len(by_slip) <= 3, by_slip
    if engine.dialect.name == "postgresql":
        # Pick, claim, audit and read back in one statement; the hold's row update carries
        # its audit entry: load, then write.
        assert len(next_in_queue) == 1, next_in_queue
        assert len(hold) == 2, hold
    else:
        # The generic path: claim (UPDATE ... RETURNING), its lines, the audit entry.
        assert len(next_in_queue) == 3, next_in_queue
        assert len(hold) == 3, hold
