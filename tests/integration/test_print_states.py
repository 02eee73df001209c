"""Job states that tell the truth, fast recovery, orders re-checked before sending, reprints and
voids under control: on SQLite and PostgreSQL, with printers that fail at exact moments."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import LabelPrinter
from app.services.printing import LabelService, retry_delay
from app.services.results import Session
from tests.support.factories import World, add_sscc_range, seed
from tests.support.printers import network_printer
from tests.support.scripted_printer import ScriptedPrinter
from tests.support.station import SENDER, StationUnderTest, make_station
from tests.support.virtual_printer import VirtualPrinter, payload


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


class ManualTimer:
    """The monotonic clock the queue's status polling reads."""

    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    add_sscc_range(engine)
    return seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)]), ("P-2", [("CABLE-C1", 1)])])


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def pack(station: StationUnderTest, session: Session, world: World, reference: str) -> int:
    order_id = station.packing.open_order(session, world.slips[reference]).id
    sku = "MUG-BLUE" if reference == "P-1" else "CABLE-C1"
    station.packing.record_scan(session, order_id, uuid.uuid4().hex, world.product_codes[sku])
    return station.packing.complete_order(session, order_id, "desk-1").print_job_id


def labels(
    engine: Engine, printer: LabelPrinter, clock: ManualClock, timer: ManualTimer | None = None
) -> LabelService:
    return LabelService(
        SqlUnitOfWork.factory(engine), clock, printer, SENDER, monotonic=timer or ManualTimer()
    )


def job(engine: Engine, job_id: int) -> dict[str, object]:
    with engine.connect() as conn:
        return dict(
            conn.execute(select(t.print_jobs).where(t.print_jobs.c.id == job_id)).one()._mapping
        )


def order_status(engine: Engine, order_id: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(select(t.orders.c.status).where(t.orders.c.id == order_id)).scalar()
        )


def actions(engine: Engine, action: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.action == action))
        return list(rows.scalars())


def set_order(engine: Engine, order_id: int, status: str, hold_reason: str | None = None) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(t.orders)
            .where(t.orders.c.id == order_id)
            .values(status=status, hold_reason=hold_reason)
        )


# -- states --------------------------------------------------------------------------------


def test_a_job_is_sending_only_from_its_first_byte(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    seen: list[object] = []
    printer = ScriptedPrinter("desk-1", steps=["refuse"])
    printer.before_sending = lambda: seen.append(job(engine, job_id)["state"])
    timer = ManualTimer()
    queue = labels(engine, printer, ManualClock(now), timer)
    report = queue.print_job(session, job_id)
    # Refused before any byte: failed, and it goes out by itself once the printer takes jobs.
    assert report.state == "failed" and seen == []
    assert job(engine, job_id)["state"] == "failed"
    timer.seconds += 1.0
    assert [r.state for r in queue.process_due(session)] == ["sent"]
    assert seen == ["failed"]  # drawn while still waiting: marked sending only after this
    assert job(engine, job_id)["state"] == "sent"
    assert order_status(engine, world.orders["P-1"]) == "labelled"
    assert printer.printed == [job_id and report.tracking_number]


def test_cut_off_after_bytes_left_is_uncertain_and_never_resent_by_anything(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    supervisor = station.sign_in("BDG9001")
    job_id = pack(station, session, world, "P-1")
    printer = ScriptedPrinter("desk-1", steps=["cut"])
    clock = ManualClock(now)
    queue = labels(engine, printer, clock)
    report = queue.print_job(session, job_id)
    assert report.state == "uncertain"
    assert "Did the label for parcel 1" in (report.error or "")
    clock.current = now + timedelta(hours=1)
    assert queue.process_due(session) == []
    assert queue.tick(session).reports == ()
    with pytest.raises(DomainError, match="come out"):
        queue.print_job(session, job_id)
    # Asked at the station of desk-2 (a printer a running station serves).
    assert queue.desk.move_jobs(supervisor, "desk-1", "desk-2", own="desk-2") == 0
    assert job(engine, job_id)["state"] == "uncertain" and printer.printed == []
    assert order_status(engine, world.orders["P-1"]) == "packed"


def test_a_bug_after_the_first_byte_leaves_the_job_uncertain_not_sending(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    queue = labels(engine, ScriptedPrinter("desk-1", steps=["die"]), ManualClock(now))
    with pytest.raises(RuntimeError):
        queue.print_job(session, job_id)
    assert job(engine, job_id)["state"] == "uncertain"


def test_the_questions_are_listed_per_printer_and_for_everyone(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    first = pack(station, session, world, "P-1")
    second = pack(station, session, world, "P-2")
    with engine.begin() as conn:
        conn.execute(update(t.print_jobs).values(state="sending"))
        conn.execute(
            update(t.print_jobs).where(t.print_jobs.c.id == second).values(printer="desk-2")
        )
    desk1 = labels(engine, ScriptedPrinter("desk-1"), ManualClock(now))
    assert desk1.recover_interrupted() == 1  # only its own printer's jobs
    assert [q.job_id for q in desk1.uncertain_jobs()] == [first]
    desk2 = labels(engine, ScriptedPrinter("desk-2"), ManualClock(now))
    assert desk2.recover_interrupted() == 1
    everyone = desk1.uncertain_jobs(everywhere=True)
    assert [q.job_id for q in everyone] == [first, second]
    with engine.connect() as conn:
        tracking = conn.execute(
            select(t.parcels.c.tracking_number).where(t.parcels.c.order_id == world.orders["P-2"])
        ).scalar_one()
    assert everyone[1].question == (
        f"Did the label for parcel 1 (tracking {tracking}, order P-2) come out?"
    )
    assert desk1.tick(session).uncertain == (everyone[0],)


def test_answering_yes_marks_it_printed_and_no_prints_it_again_as_a_reprint(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    first = pack(station, session, world, "P-1")
    second = pack(station, session, world, "P-2")
    printer = ScriptedPrinter("desk-1", steps=["cut", "cut"])
    queue = labels(engine, printer, ManualClock(now))
    assert queue.print_job(session, first).state == "uncertain"
    assert queue.print_job(session, second).state == "uncertain"

    yes = queue.answer_uncertain(session, first, came_out=True)
    assert yes.came_out and yes.new_job_id is None
    assert job(engine, first)["state"] == "sent"
    assert order_status(engine, world.orders["P-1"]) == "labelled"
    assert len(actions(engine, "label_confirmed")) == 1
    with pytest.raises(DomainError, match="no open question"):
        queue.answer_uncertain(session, first, came_out=False)

    no = queue.answer_uncertain(session, second, came_out=False)
    assert no.new_job_id is not None
    assert job(engine, second)["state"] == "cancelled"
    again = job(engine, no.new_job_id)
    assert again["kind"] == "reprint" and again["reason"] == "interrupted"
    assert again["printer"] == "desk-1" and again["state"] == "queued"
    [reprinted] = actions(engine, "label_reprinted")
    assert "interrupted" in reprinted
    assert [r.job_id for r in queue.tick(session).reports] == [no.new_job_id]
    assert order_status(engine, world.orders["P-2"]) == "labelled"
    assert queue.uncertain_jobs(everywhere=True) == []
    with pytest.raises(NotFound):
        queue.answer_uncertain(session, 999_999, came_out=True)


# -- recovery ------------------------------------------------------------------------------


def test_the_first_label_goes_out_as_soon_as_the_printer_answers_ready(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    clock, timer = ManualClock(now), ManualTimer()
    with VirtualPrinter(status_preset="paper_out") as device:
        queue = labels(engine, network_printer(device.port, "desk-1"), clock, timer)
        status = queue.tick(session)
        assert [r.state for r in status.reports] == ["failed"]
        assert status.problem is not None and "out of paper" in status.problem
        assert status.waiting == 1 and "1 label(s) waiting" in (status.banner or "")
        asked = device.status_requests
        timer.seconds += 0.5
        assert queue.tick(session).reports == ()  # polled at most once a second
        assert device.status_requests == asked
        timer.seconds += 0.6
        status = queue.tick(session)
        assert status.reports == () and "out of paper" in (status.problem or "")
        assert len(device.status_requests) > len(asked)  # asked, nothing resent
        assert not [j for j in device.jobs if payload(j).startswith(b"\x1b@")]
        device.set_state("ready")
        timer.seconds += 1.0
        # The backoff says later; the printer says ready: it prints now.
        assert job(engine, job_id)["next_attempt_at"] > clock.now()  # type: ignore[operator]
        status = queue.tick(session)
        assert [r.state for r in status.reports] == ["sent"]
        assert status.problem is None and status.waiting == 0 and status.banner is None
        device.wait_for_jobs(1)
        assert len([j for j in device.jobs if payload(j).startswith(b"\x1b@")]) == 1


def test_a_printer_that_cannot_be_asked_is_retried_on_a_short_backoff(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    printer = ScriptedPrinter("desk-1", steps=["refuse"])
    printer.state = PrinterState(PrinterCondition.UNKNOWN, "one-way connection")
    clock, timer = ManualClock(now), ManualTimer()
    queue = labels(engine, printer, clock, timer)
    assert [r.state for r in queue.tick(session).reports] == ["failed"]
    timer.seconds += 1.5
    assert queue.tick(session).reports == ()  # not due yet
    clock.current = now + retry_delay(1)
    timer.seconds += 1.5
    assert [r.state for r in queue.tick(session).reports] == ["sent"]
    assert retry_delay(1) == timedelta(seconds=2) and retry_delay(9) == timedelta(seconds=10)
    assert job(engine, job_id)["attempts"] == 2


# -- orders that changed -------------------------------------------------------------------


@pytest.mark.parametrize("status", ["cancelled", "on_hold"])
def test_an_order_cancelled_or_held_after_completion_is_not_printed(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, status: str
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    set_order(engine, world.orders["P-1"], status, "address changed")
    printer = ScriptedPrinter("desk-1")
    queue = labels(engine, printer, ManualClock(now))
    status_now = queue.tick(session)
    [report] = status_now.stopped
    word = "cancelled" if status == "cancelled" else "put on hold"
    assert report.error == (
        f"Order P-1 was {word} after packing"
        + (" (address changed)" if status == "on_hold" else "")
        + ": take the parcel off the cage and give it to a supervisor."
    )
    assert job(engine, job_id)["state"] == "cancelled" and printer.printed == []
    assert queue.tick(session).reports == ()  # and on every later retry
    assert queue.print_job(session, job_id).state == "cancelled"
    assert printer.printed == []


def test_an_order_cancelled_while_its_label_is_drawn_is_stopped_before_the_first_byte(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    job_id = pack(station, session, world, "P-1")
    printer = ScriptedPrinter("desk-1")
    printer.before_sending = lambda: set_order(engine, world.orders["P-1"], "cancelled")
    report = labels(engine, printer, ManualClock(now)).print_job(session, job_id)
    assert report.state == "cancelled" and "cancelled after packing" in (report.error or "")
    assert printer.printed == [] and job(engine, job_id)["state"] == "cancelled"
    assert len(actions(engine, "print_cancelled")) == 1


# -- reprints and voids --------------------------------------------------------------------


def test_reprints_are_found_by_order_tracking_sscc_or_parcel(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    pack(station, session, world, "P-1")
    queue = labels(engine, ScriptedPrinter("desk-1"), ManualClock(now))
    [parcel] = queue.find_parcels("P-1")
    assert parcel.order_reference == "P-1" and parcel.sscc is not None
    assert queue.find_parcels(parcel.tracking_number.lower()) == [parcel]
    assert queue.find_parcels("]C100" + parcel.sscc) == [parcel]
    assert queue.find_parcels(parcel.sscc) == [parcel]
    assert queue.find_parcels(f"#{parcel.parcel_id}") == [parcel]
    assert queue.find_parcels("NOTHING-LIKE-IT") == []
    supervisor = station.sign_in("BDG9001")
    job_id = queue.reprint(supervisor, "P-1", "Not-Printed")
    assert job(engine, job_id)["reason"] == "not printed"
    job_id = queue.reprint(supervisor, f"#{parcel.parcel_id}", "coffee spilled on it")
    assert job(engine, job_id)["reason"] == "coffee spilled on it"
    with pytest.raises(NotFound):
        queue.reprint(supervisor, "P-404", "lost")
    with pytest.raises(DomainError, match="damaged, not printed"):
        queue.reprint(supervisor, "P-1", "")


def test_packers_reprint_only_where_the_site_allows_it(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    packer = station.sign_in()
    supervisor = station.sign_in("BDG9001")
    pack(station, packer, world, "P-1")
    queue = labels(engine, ScriptedPrinter("desk-1"), ManualClock(now))
    with pytest.raises(NotAllowed):
        queue.reprint(packer, "P-1", "damaged")
    with pytest.raises(NotAllowed):
        queue.desk.allow_packers_to_reprint(packer, True)
    queue.desk.allow_packers_to_reprint(supervisor, True)
    assert queue.desk.packers_may_reprint()
    assert queue.reprint(packer, "P-1", "damaged") > 0
    queue.desk.allow_packers_to_reprint(supervisor, False)
    with pytest.raises(NotAllowed):
        queue.reprint(packer, "P-1", "damaged")
    assert len(actions(engine, "label_reprinted")) == 1


def test_a_supervisor_voids_a_label_and_its_numbers_are_never_reused(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    packer = station.sign_in()
    supervisor = station.sign_in("BDG9001")
    job_id = pack(station, packer, world, "P-1")
    queue = labels(engine, ScriptedPrinter("desk-1"), ManualClock(now))
    [parcel] = queue.find_parcels("P-1")
    with pytest.raises(NotAllowed):
        queue.void_label(packer, "P-1", "damaged")
    with pytest.raises(DomainError, match="reason"):
        queue.void_label(supervisor, "P-1", " ")
    report = queue.void_label(supervisor, parcel.tracking_number, "customer cancelled by phone")
    assert report.cancelled_jobs == 1 and parcel.tracking_number in report.message
    assert job(engine, job_id)["state"] == "cancelled"
    [voided] = queue.find_parcels("P-1")
    assert voided.voided_at is not None and voided.void_reason == "customer cancelled by phone"
    assert actions(engine, "label_voided") == [
        f"{parcel.tracking_number}: customer cancelled by phone"
    ]
    with pytest.raises(DomainError, match="voided"):
        queue.reprint(supervisor, "P-1", "lost")
    with pytest.raises(DomainError, match="already void"):
        queue.void_label(supervisor, "P-1", "again")
    assert queue.tick(packer).reports == ()
    for column, value in (("tracking_number", parcel.tracking_number), ("sscc", parcel.sscc)):
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(
                insert(t.parcels).values(
                    order_id=world.orders["P-2"],
                    seq=1,
                    tracking_number="FRESH0001" if column == "sscc" else value,
                    carrier="DHL",
                    created_at=now,
                    sscc=value if column == "sscc" else None,
                )
            )


def test_moving_jobs_leaves_sent_and_uncertain_ones(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    session = station.sign_in()
    supervisor = station.sign_in("BDG9001")
    first = pack(station, session, world, "P-1")
    second = pack(station, session, world, "P-2")
    queue = labels(engine, ScriptedPrinter("desk-1", steps=["cut"]), ManualClock(now))
    assert queue.print_job(session, first).state == "uncertain"
    assert queue.desk.move_jobs(supervisor, "desk-1", "desk-2", own="desk-2") == 1
    assert job(engine, second)["printer"] == "desk-2"
    assert job(engine, first)["printer"] == "desk-1"


def test_the_label_record_is_typed(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    pack(station, session, world, "P-1")
    with SqlUnitOfWork(engine) as uow:
        [parcel] = uow.parcels.for_order(world.orders["P-1"])
        record = uow.print_jobs.label_record(parcel.id)
        assert uow.print_jobs.label_record(999_999) is None
    assert record is not None
    assert record.reference == "P-1" and record.carrier == "DHL" and record.service == "Paket"
    assert record.ship_to.city == "Köln" and record.ship_to.country == "DE"
    assert record.upstream_label is None and record.parcel_count == 1


def test_a_printer_that_fails_between_orders_is_on_the_banner_before_the_next_label(
    engine: Engine, now: datetime, station: StationUnderTest
) -> None:
    session = station.sign_in()
    clock, timer = ManualClock(now), ManualTimer()
    with VirtualPrinter() as device:
        queue = labels(engine, network_printer(device.port, "desk-1"), clock, timer)
        assert queue.tick(session).problem is None  # nothing waits, not asked yet
        asked = len(device.status_requests)
        device.set_state("paper_out")
        timer.seconds += 4.0
        assert queue.tick(session).problem is None  # asked at most every IDLE_POLL_S
        assert len(device.status_requests) == asked
        timer.seconds += 1.5
        status = queue.tick(session)
        assert status.problem == "Printer desk-1 is out of paper."
        assert status.banner is not None and "out of paper" in status.banner
        assert status.waiting == 0
        assert not [j for j in device.jobs if payload(j)]  # a question, nothing printed
        device.set_state("ready")
        timer.seconds += 5.0
        assert queue.tick(session).problem is None


def test_a_job_a_stopped_station_left_sending_becomes_a_question_for_the_supervisor(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    stale_id = pack(station, session, world, "P-1")
    fresh_id = pack(station, session, world, "P-2")
    clock = ManualClock(now + timedelta(hours=1))
    with engine.begin() as conn:
        conn.execute(
            update(t.print_jobs)
            .where(t.print_jobs.c.id == stale_id)
            .values(state="sending", updated_at=clock.now() - timedelta(minutes=10))
        )
        conn.execute(
            update(t.print_jobs)
            .where(t.print_jobs.c.id == fresh_id)
            .values(state="sending", updated_at=clock.now() - timedelta(seconds=5))
        )
    # Another station's queue (the supervisor's): the stopped station never restarts.
    queue = labels(engine, ScriptedPrinter("desk-9", steps=[]), clock)
    assert [q.job_id for q in queue.uncertain_jobs(everywhere=False)] == []
    assert [q.job_id for q in queue.uncertain_jobs(everywhere=True)] == [stale_id]
    assert job(engine, fresh_id)["state"] == "sending"  # maybe still printing: left alone
    supervisor = station.sign_in("BDG9001")
    queue.answer_uncertain(supervisor, stale_id, came_out=True)
    assert job(engine, stale_id)["state"] == "sent"
    with engine.connect() as conn:
        actions = list(conn.execute(select(t.audit_log.c.action, t.audit_log.c.detail)))
    assert ("print_uncertain", "station stopped") in [tuple(row) for row in actions]
