"""Expected serials on real databases (SQLite and PostgreSQL), through the real services, with
the packing slips printed to the loopback printer and read back from its bytes: a serial not
on the order's list refused, the others ticked off and shown per parcel."""

from __future__ import annotations

import uuid
from datetime import datetime

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import OrderIncomplete
from app.domain.model import OrderStatus, ScanOutcome
from app.services.packing import PackingService
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.printers import network_printer
from tests.support.station import SENDER, StepClock
from tests.support.virtual_printer import VirtualPrinter, payload
from tests.support.zpl_raster import escpos_text

PHONE = "]C101095060001343522" + "1"  # GS1: the phone's GTIN, then AI 21 (its serial)


def uid() -> str:
    return uuid.uuid4().hex


def _packing(engine: Engine, now: datetime) -> tuple[PackingService, Session]:
    packing = PackingService(
        SqlUnitOfWork.factory(engine), StepClock(now), Argon2CredentialHasher(), packing_slips=True
    )
    station = packing.register_station("PACK-01")
    return packing, packing.sign_in(station, "BDG1001").session


def _slips(engine: Engine, now: datetime, session: Session, count: int) -> list[str]:
    """Print every waiting job on a loopback printer: the packing slips' text, in order."""
    from app.services.printing import LabelService

    with VirtualPrinter() as printer:
        labels = LabelService(
            SqlUnitOfWork.factory(engine),
            StepClock(now),
            network_printer(printer.port, "desk-1"),
            SENDER,
        )
        reports = labels.process_due(session)
        assert [r.state for r in reports] == ["sent"] * count
        jobs = [payload(job) for job in printer.wait_for_jobs(count) if b"\x1b@" in job]
    texts = [escpos_text(job) for job in jobs]
    return [text for text in texts if "Item" in text or "units" in text]


@pytest.fixture
def serial_world(engine: Engine, now: datetime) -> World:
    world = seed(engine, now, orders=[("SER-1", [("PHONE-X", 2), ("MUG-BLUE", 1)])])
    with engine.begin() as conn:
        conn.execute(
            update(t.order_lines)
            .where(t.order_lines.c.order_id == world.orders["SER-1"], t.order_lines.c.line_no == 1)
            .values(expected_serials="SN-1\nSN-2")
        )
    return world


def test_expected_serials_refused_ticked_off_and_on_each_parcels_slip(
    engine: Engine, now: datetime, serial_world: World
) -> None:
    packing, session = _packing(engine, now)
    opened = packing.open_order(session, serial_world.slips["SER-1"])
    order_id = opened.id
    assert opened.lines[0].serials_left == ("SN-1", "SN-2")

    wrong = packing.record_scan(session, order_id, uid(), PHONE + "SN-9")
    assert wrong.outcome is ScanOutcome.UNEXPECTED_SERIAL
    assert "Serial SN-9 of Smartphone X (PHONE-X) is not one of this order's" in wrong.message
    ok = packing.record_scan(session, order_id, uid(), PHONE + "SN-2")
    assert ok.outcome is ScanOutcome.ACCEPTED
    assert ok.order.lines[0].serials_left == ("SN-1",)
    packing.record_scan(session, order_id, uid(), serial_world.product_codes["MUG-BLUE"])
    with engine.connect() as conn:
        stored = conn.execute(
            select(t.scan_events.c.outcome, t.scan_events.c.serial).order_by(t.scan_events.c.id)
        ).all()
    assert [tuple(r) for r in stored][:2] == [("unexpected_serial", "SN-9"), ("accepted", "SN-2")]
    # a new session (a restart) reads the ticks back from the scans
    again = packing.open_order(session, serial_world.slips["SER-1"])
    assert again.lines[0].serials_left == ("SN-1",)
    with pytest.raises(OrderIncomplete):
        packing.complete_order(session, order_id, "desk-1")

    packing.pack_out.close_parcel(session, order_id, "desk-1", last=False)
    undo_free = packing.record_scan(session, order_id, uid(), PHONE + "SN-1")
    assert undo_free.outcome is ScanOutcome.ACCEPTED
    assert undo_free.message.endswith("serial SN-1 ✔ · all serials in")
    done = packing.complete_order(session, order_id, "desk-1")
    assert done.order.status is OrderStatus.PACKED

    first, second = _slips(engine, now, session, 4)
    assert "Serial: SN-2" in first and "SN-1" not in first
    assert "Serial: SN-1" in second and "SN-2" not in second
