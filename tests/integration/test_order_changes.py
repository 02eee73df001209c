"""Re-imported orders that changed under a station, on both databases: cancelled while being
packed (the packer is stopped, no label prints), cancelled or re-addressed after packing (the
waiting label is stopped with the reason), changed lines on a claimed order (held), harmless
changes applied; every change in the audit log with its file."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import OrderUnavailable
from app.domain.model import ScanOutcome
from app.domain.orders_file import OrderFileRefused
from app.services.catalogue import CatalogueService
from app.services.intake import IntakeService
from app.services.printing import LabelService
from app.services.results import Session
from tests.support.factories import seed
from tests.support.printers import network_printer
from tests.support.station import StationUnderTest, StepClock, make_station
from tests.support.virtual_printer import VirtualPrinter, payload

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
SAMPLE = json.loads((SAMPLES / "orders.json").read_text(encoding="utf-8"))
#: The units of the sample's DHL orders, as their barcodes.
UNITS = {"SO-1001": ["4012345000016", "4012345000016", "4012345000023"], "SO-1002": ["96385074"]}


def order_file(reference: str, /, **changes: Any) -> bytes:
    """The sample's order ``reference`` as a one-order JSON file, with ``changes``."""
    order = next(o for o in SAMPLE if o["reference"] == reference)
    return json.dumps([{**order, **changes}]).encode()


@pytest.fixture
def intake(engine: Engine, now: datetime) -> IntakeService:
    catalogue = CatalogueService(SqlUnitOfWork.factory(engine), StepClock(now))
    catalogue.import_products("products.csv", (SAMPLES / "products.csv").read_bytes())
    service = IntakeService(SqlUnitOfWork.factory(engine), StepClock(now))
    service.import_orders("orders.json", (SAMPLES / "orders.json").read_bytes())
    seed(engine, now, orders=[])  # packers and a DHL tracking range
    return service


@pytest.fixture
def station(engine: Engine, now: datetime, intake: IntakeService) -> StationUnderTest:
    return make_station(engine, now)


@pytest.fixture
def printer() -> Iterator[VirtualPrinter]:
    with VirtualPrinter() as device:
        yield device


def order_row(engine: Engine, reference: str) -> Any:
    with engine.connect() as conn:
        return conn.execute(select(t.orders).where(t.orders.c.reference == reference)).one()


def audit(engine: Engine, action: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.action == action))
        return list(rows.scalars())


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def lines_of(engine: Engine, reference: str) -> list[tuple[str, int]]:
    with engine.connect() as conn:
        found = conn.execute(
            select(t.products.c.sku, t.order_lines.c.quantity)
            .join(t.order_lines, t.order_lines.c.product_id == t.products.c.id)
            .join(t.orders, t.orders.c.id == t.order_lines.c.order_id)
            .where(t.orders.c.reference == reference)
            .order_by(t.order_lines.c.line_no)
        ).all()
    return [(sku, quantity) for sku, quantity in found]


def scan(station: StationUnderTest, session: Session, order_id: int, code: str) -> None:
    result = station.packing.record_scan(session, order_id, uuid.uuid4().hex, code)
    assert result.outcome is ScanOutcome.ACCEPTED, result.message


def pack(station: StationUnderTest, session: Session, reference: str) -> tuple[int, int]:
    """Claim, scan every unit and complete: the order id and its label's print job."""
    order = station.packing.open_order(session, f"ORD{reference}")
    for code in UNITS[reference]:
        scan(station, session, order.id, code)
    completion = station.packing.complete_order(session, order.id, "desk-1")
    return order.id, completion.print_job_id


def queue(station: StationUnderTest, device: VirtualPrinter) -> LabelService:
    return station.labels(network_printer(device.port, "desk-1"))


def labels_printed(device: VirtualPrinter) -> int:
    return len([job for job in device.jobs if payload(job).startswith(b"\x1b@")])


def prove_the_printer_prints(
    station: StationUnderTest, session: Session, device: VirtualPrinter
) -> None:
    """The control: the next order's label does come out, and it is the only label."""
    pack(station, session, "SO-1002")
    status = queue(station, device).tick(session)
    assert [r.state for r in status.reports] == ["sent"]
    device.wait_for_jobs(1)
    assert labels_printed(device) == 1


def test_a_cancellation_during_packing_stops_the_packer_and_no_label_prints(
    engine: Engine, intake: IntakeService, station: StationUnderTest, printer: VirtualPrinter
) -> None:
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1001")
    scan(station, session, order.id, UNITS["SO-1001"][0])

    report = intake.import_orders("cancel.json", order_file("SO-1001", status="cancelled"))
    assert (report.changed, report.cancelled) == (1, 1)
    assert report.summary.endswith("1 changed, 0 unchanged (1 cancelled)")
    row = order_row(engine, "SO-1001")
    assert (row.status, row.claimed_by_station_id) == ("cancelled", None)
    assert audit(engine, "order_cancelled") == [
        "SO-1001 from cancel.json order 1: cancelled while being packed at a station (status)"
    ]
    # The packer's next scan and the complete command say so; nothing is labelled.
    stopped = "Order SO-1001 was cancelled. Do not ship it."
    with pytest.raises(OrderUnavailable, match=stopped):
        station.packing.record_scan(session, order.id, uuid.uuid4().hex, UNITS["SO-1001"][1])
    with pytest.raises(OrderUnavailable, match=stopped):
        station.packing.complete_order(session, order.id, "desk-1")
    assert count(engine, t.parcels) == count(engine, t.print_jobs) == 0
    assert queue(station, printer).tick(session).reports == ()

    prove_the_printer_prints(station, session, printer)
    audited = count(engine, t.audit_log)
    again = intake.import_orders("cancel.json", order_file("SO-1001", status="cancelled"))
    assert (again.changed, again.unchanged) == (0, 1)
    assert count(engine, t.audit_log) == audited


def test_a_cancellation_after_packing_stops_the_waiting_label_with_its_reason(
    engine: Engine, intake: IntakeService, station: StationUnderTest, printer: VirtualPrinter
) -> None:
    session = station.sign_in()
    _, job_id = pack(station, session, "SO-1001")
    intake.import_orders("cancel.json", order_file("SO-1001", status="cancelled"))
    assert audit(engine, "order_cancelled") == [
        "SO-1001 from cancel.json order 1: cancelled while packed (status)"
    ]
    status = queue(station, printer).tick(session)
    [stopped] = status.stopped
    assert stopped.error == (
        "Order SO-1001 was cancelled after packing: take the parcel off the cage and give it "
        "to a supervisor."
    )
    with engine.connect() as conn:
        state = conn.execute(select(t.print_jobs.c.state).where(t.print_jobs.c.id == job_id))
        assert state.scalar_one() == "cancelled"
    prove_the_printer_prints(station, session, printer)


def test_an_address_change_after_packing_holds_the_order_and_its_label(
    engine: Engine, intake: IntakeService, station: StationUnderTest, printer: VirtualPrinter
) -> None:
    session = station.sign_in()
    pack(station, session, "SO-1001")
    moved = order_file("SO-1001", ship_to_line1="Heidestraße 19")
    report = intake.import_orders("moved.json", moved)
    assert (report.changed, report.held) == (1, 1)
    row = order_row(engine, "SO-1001")
    assert (row.status, row.hold_reason) == ("on_hold", "address changed by the order system")
    assert row.ship_to_line1 == "Heidestraße 19"  # written: a new label shows it
    assert audit(engine, "order_held") == [
        "SO-1001 from moved.json order 1: put on hold while packed: address changed by the "
        "order system (ship_to_line1)"
    ]
    [stopped] = queue(station, printer).tick(session).stopped
    assert stopped.error == (
        "Order SO-1001 was put on hold after packing (address changed by the order system): "
        "take the parcel off the cage and give it to a supervisor."
    )
    prove_the_printer_prints(station, session, printer)
    audited = count(engine, t.audit_log)
    assert intake.import_orders("moved.json", moved).changed == 0
    assert count(engine, t.audit_log) == audited


def test_changed_lines_on_a_claimed_order_hold_it(
    engine: Engine, intake: IntakeService, station: StationUnderTest
) -> None:
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1002")
    scan(station, session, order.id, UNITS["SO-1002"][0])
    more = order_file("SO-1002", lines=[{"sku": "BOTTLE-STEEL", "quantity": 2}])
    report = intake.import_orders("more.json", more)
    assert (report.changed, report.held) == (1, 1)
    row = order_row(engine, "SO-1002")
    assert (row.status, row.claimed_by_station_id) == ("on_hold", None)
    assert row.hold_reason == "lines changed by the order system"
    assert lines_of(engine, "SO-1002") == [("BOTTLE-STEEL", 1)]  # scanned: they wait
    assert audit(engine, "order_held") == [
        "SO-1002 from more.json order 1: put on hold while being packed at a station: lines "
        "changed by the order system (the new lines wait: units were scanned) (lines)"
    ]
    with pytest.raises(OrderUnavailable, match="on hold: lines changed by the order system"):
        station.packing.record_scan(session, order.id, uuid.uuid4().hex, UNITS["SO-1002"][0])
    audited = count(engine, t.audit_log)
    assert intake.import_orders("more.json", more).changed == 0  # held for it already
    assert count(engine, t.audit_log) == audited

    # Claimed, nothing scanned yet: held as well, and the new lines replace the old.
    other = station.packing.open_order(session, "ORDSO-1001")
    fewer = order_file("SO-1001", lines=[{"sku": "TEA-GREEN-100", "quantity": 1}])
    assert intake.import_orders("fewer.json", fewer).held == 1
    assert order_row(engine, "SO-1001").status == "on_hold"
    assert lines_of(engine, "SO-1001") == [("TEA-GREEN-100", 1)]
    with pytest.raises(OrderUnavailable, match="on hold"):
        station.packing.complete_order(session, other.id, "desk-1")


def test_harmless_changes_to_a_claimed_order_are_applied(
    engine: Engine, intake: IntakeService, station: StationUnderTest
) -> None:
    session = station.sign_in()
    order = station.packing.open_order(session, "ORDSO-1001")
    changed = order_file(
        "SO-1001", priority=9, notes="Use the gift box.", ship_to_line1="Heidestraße 19"
    )
    report = intake.import_orders("late.json", changed)
    assert (report.changed, report.held, report.cancelled) == (1, 0, 0)
    row = order_row(engine, "SO-1001")
    assert (row.status, row.claimed_by_station_id) == ("packing", station.record.id)
    assert (row.priority, row.notes) == (9, "Use the gift box.")
    assert row.ship_to_line1 == "Heidestraße 19"  # the label is made at the end
    assert audit(engine, "order_changed") == [
        "SO-1001 from late.json order 1: priority, ship_to_line1, notes"
    ]
    scan(station, session, order.id, UNITS["SO-1001"][0])  # packing goes on


def test_what_cannot_be_changed_refuses_the_file_with_its_line(
    engine: Engine, intake: IntakeService
) -> None:
    never = order_file(
        "SO-1001", reference="SO-9999", slip="ORDSO-9999", totes=[], status="cancelled"
    )
    with pytest.raises(OrderFileRefused) as refused:
        intake.import_orders("never.json", never)
    assert refused.value.problems == [
        "never.json order 1, status: order SO-9999 was never imported: only an imported order "
        "can be cancelled"
    ]
    with engine.begin() as conn:
        conn.execute(
            update(t.orders).where(t.orders.c.reference == "SO-1002").values(status="handed_over")
        )
    for data, problem in (
        (order_file("SO-1002", status="cancelled"), "is handed over: too late to cancel"),
        (order_file("SO-1002", priority=1), "is handed over: changes to it are not applied"),
    ):
        with pytest.raises(OrderFileRefused) as late:
            intake.import_orders("late.json", data)
        assert late.value.problems == [f"late.json order 1: order SO-1002 {problem}"]
    intake.import_orders("cancel.json", order_file("SO-1001", status="cancelled"))
    with pytest.raises(OrderFileRefused) as gone:
        intake.import_orders("back.json", order_file("SO-1001", priority=3))
    assert gone.value.problems == [
        "back.json order 1: order SO-1001 is cancelled: changes to it are not applied"
    ]
