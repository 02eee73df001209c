"""Return labels on SQLite and PostgreSQL: an order packed through the station's own services,
its outbound label sent by the print queue to a loopback network printer, then its return label
(made after the outbound one, for a carrier set up for returns) read back from the bytes that
arrived: its own tracking number from the return range as Code 128 and QR code, the return
address, the order reference. On demand from the console the same number prints again; a
carrier not set up gets none; a missing return range is audited and the outbound label stands."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.adapters.db.tables_outbox import return_labels
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.labels import ESCPOS_4INCH_203
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.domain.errors import DomainError, NotAllowed
from app.domain.labels import LABEL_4X6_203
from app.domain.returns import ReturnSetup, return_address
from app.domain.tracking import format_s10
from app.services.printing import LabelService
from app.services.returns import ReturnLabels
from tests.integration.test_label_delivered import images_of, job_text, symbols
from tests.support.factories import World, seed
from tests.support.station import SENDER, StationUnderTest, StepClock, make_station
from tests.support.virtual_printer import VirtualPrinter, payload

ORDER = "RET-1"
LINES = [("MUG-BLUE", 1)]
JOB_START = {"escpos": b"\x1b@", "zpl": b"^XA"}
ADDRESS = "Returns desk, Lagerstrasse 9, 20095 Hamburg, DE"


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now, orders=[(ORDER, LINES)])


def add_return_range(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="DHL-RETURN",
                service_indicator="RR",
                country="DE",
                next_serial=70_000_000,
                last_serial=70_000_999,
            )
        )


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def returns(engine: Engine, carriers: frozenset[str] = frozenset({"DHL"})) -> ReturnLabels:
    address = return_address(ADDRESS)
    assert address is not None
    return ReturnLabels(
        SqlUnitOfWork.factory(engine), StepClock(datetime.now(UTC)), ReturnSetup(carriers, address)
    )


def pack_order(station: StationUnderTest, world: World) -> int:
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips[ORDER]).id
    for sku, quantity in LINES:
        for _ in range(quantity):
            station.packing.record_scan(
                session, order_id, uuid.uuid4().hex, world.product_codes[sku]
            )
    return station.packing.complete_order(session, order_id, "desk-1").print_job_id


def printer_at(port: int, language: str, tmp_path: Path) -> StationPrinter:
    return StationPrinter(
        NetworkConnection("127.0.0.1", port, timeout=5.0, language=language),
        language=language,
        size=LABEL_4X6_203,
        profile=ESCPOS_4INCH_203,
        preview_dir=tmp_path / "previews",
        name="desk-1",
    )


def labels_service(engine: Engine, printer: StationPrinter, made: ReturnLabels) -> LabelService:
    clock = StepClock(datetime.now(UTC))
    return LabelService(SqlUnitOfWork.factory(engine), clock, printer, SENDER, returns=made)


def stored_returns(engine: Engine) -> list[tuple[int, str, str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            select(return_labels.c.parcel_id, return_labels.c.tracking_number, t.parcels.c.carrier)
            .join(t.parcels, t.parcels.c.id == return_labels.c.parcel_id)
            .order_by(return_labels.c.id)
        )
        return [(row.parcel_id, row.tracking_number, row.carrier) for row in rows]


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_the_return_label_prints_after_the_outbound_one_and_reads_back(
    engine: Engine, station: StationUnderTest, world: World, language: str, tmp_path: Path
) -> None:
    add_return_range(engine)
    job_id = pack_order(station, world)
    session = station.sign_in()
    made = returns(engine)
    with VirtualPrinter() as device:
        labels = labels_service(engine, printer_at(device.port, language, tmp_path), made)
        first = labels.process_due(session)
        assert [(r.job_id, r.state) for r in first] == [(job_id, "sent")]
        # The return label was queued as the outbound one went: the queue sends it next.
        second = labels.process_due(session)
        assert [r.state for r in second] == ["sent"]
        # On demand from the console (a supervisor): the same number again.
        supervisor = station.sign_in("BDG9001")
        with pytest.raises(NotAllowed):
            made.on_demand(session, first[0].tracking_number, "customer asked")
        again, printer = made.on_demand(supervisor, ORDER, "customer asked")
        assert printer == "desk-1"
        assert labels.print_job(supervisor, again).state == "sent"
        received = device.jobs
    jobs = [payload(job) for job in received if payload(job).startswith(JOB_START[language])]
    assert len(jobs) == 3  # the outbound label, its return label, the return label again

    number = format_s10("RR", 70_000_000, "DE")
    [(parcel_id, stored, carrier)] = stored_returns(engine)
    assert (stored, carrier) == (number, "DHL")
    with engine.connect() as conn:
        outbound = conn.execute(
            select(t.parcels.c.tracking_number).where(t.parcels.c.id == parcel_id)
        ).scalar_one()
    assert outbound == first[0].tracking_number != number
    outbound_codes = {s for image in images_of(jobs[0], language) for s in symbols(image).values()}
    assert outbound in outbound_codes and number not in outbound_codes
    for job in jobs[1:]:
        assert job == jobs[1]  # printed again, the same label
        for image in images_of(job, language):
            assert symbols(image) == {"Code128": number, "QRCode": number}
    text = job_text(jobs[1], language)
    assert number in text and ORDER in text and "RETURN" in text
    assert "Returns desk" in text and "Lagerstrasse 9" in text
    with engine.connect() as conn:
        actions = list(
            conn.execute(
                select(t.audit_log.c.action)
                .where(t.audit_log.c.action.like("return_label%"))
                .order_by(t.audit_log.c.id)
            ).scalars()
        )
    assert actions == [
        "return_label",
        "return_label_printed",
        "return_label",
        "return_label_printed",
    ]


def test_no_return_label_for_a_carrier_not_set_up_and_a_missing_range_is_said(
    engine: Engine, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    job_id = pack_order(station, world)
    session = station.sign_in()
    with VirtualPrinter() as device:
        printer = printer_at(device.port, "escpos", tmp_path)
        other = labels_service(engine, printer, returns(engine, frozenset({"UPS"})))
        assert [r.state for r in other.process_due(session)] == ["sent"]
        assert other.process_due(session) == []  # DHL is not set up for returns
        supervisor = station.sign_in("BDG9001")
        with pytest.raises(DomainError, match="DHL is not set up for returns"):
            returns(engine, frozenset({"UPS"})).on_demand(supervisor, ORDER, "asked")
        # Set up, but no DHL-RETURN range: the console says so, nothing is queued.
        with pytest.raises(DomainError, match="the range DHL-RETURN is missing or used up"):
            returns(engine).on_demand(supervisor, ORDER, "asked")
    assert stored_returns(engine) == []
    with engine.connect() as conn:
        states = conn.execute(
            select(t.print_jobs.c.kind, t.print_jobs.c.state).order_by(t.print_jobs.c.id)
        ).all()
    assert [tuple(s) for s in states] == [("label", "sent")]
    assert job_id


def test_after_the_label_a_missing_range_is_audited_and_the_label_stands(
    engine: Engine, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    pack_order(station, world)
    session = station.sign_in()
    with VirtualPrinter() as device:
        labels = labels_service(
            engine, printer_at(device.port, "escpos", tmp_path), returns(engine)
        )
        assert [r.state for r in labels.process_due(session)] == ["sent"]
    with engine.connect() as conn:
        refused = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "return_label_refused")
        ).scalar_one()
    assert "DHL-RETURN is missing or used up" in refused
    assert stored_returns(engine) == []
