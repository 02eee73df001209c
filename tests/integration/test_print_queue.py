"""The print queue on real databases: failures keep the job, recovery prints it once,
reprints need a reason, supervisors move jobs, SSCCs and labels bought upstream."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.errors import DomainError, NotAllowed
from app.domain.sscc import validate_sscc
from app.services.device_ports import LabelPrinter
from app.services.printing import LabelService, retry_delay
from app.services.results import Session
from tests.support.factories import World, add_sscc_range, seed
from tests.support.printers import file_printer, network_printer
from tests.support.station import SENDER, StationUnderTest, make_station
from tests.support.virtual_printer import VirtualPrinter


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


def uid() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)]), ("P-2", [("CABLE-C1", 1)])])


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def pack(
    station: StationUnderTest, session: Session, world: World, reference: str, printer: str
) -> tuple[int, str]:
    order_id = station.packing.open_order(session, world.slips[reference]).id
    sku = "MUG-BLUE" if reference == "P-1" else "CABLE-C1"
    station.packing.record_scan(session, order_id, uid(), world.product_codes[sku])
    done = station.packing.complete_order(session, order_id, printer)
    return done.print_job_id, done.tracking_number


def service(engine: Engine, clock: ManualClock, printer: LabelPrinter) -> LabelService:
    return LabelService(SqlUnitOfWork.factory(engine), clock, printer, SENDER)


def job_row(engine: Engine, job_id: int) -> dict[str, object]:
    with engine.connect() as conn:
        row = conn.execute(select(t.print_jobs).where(t.print_jobs.c.id == job_id)).one()
    return dict(row._mapping)


def test_an_unreachable_printer_keeps_the_job_and_prints_it_once_when_back(
    engine: Engine, now: datetime, station: StationUnderTest, world: World
) -> None:
    session = station.sign_in()
    clock = ManualClock(now)
    job_id, tracking = pack(station, session, world, "P-1", "desk-1")
    with VirtualPrinter(mode="refuse") as dead:
        down = service(engine, clock, network_printer(dead.port, "desk-1"))
        report = down.print_job(session, job_id)
    assert report.state == "failed"
    assert "desk-1" in (report.error or "") and "refused" in (report.error or "").lower()
    row = job_row(engine, job_id)
    assert row["state"] == "failed" and row["attempts"] == 1
    assert row["next_attempt_at"] == now + retry_delay(1)
    assert len(down.waiting()) == 1

    with VirtualPrinter() as alive:
        back = service(engine, clock, network_printer(alive.port, "desk-1"))
        # The printer answers ready: the label goes out at once, whatever the backoff said.
        reports = back.process_due(session)
        assert [r.state for r in reports] == ["sent"]
        assert reports[0].tracking_number == tracking
        assert back.process_due(session) == []
        assert back.print_job(session, job_id).state == "sent"  # asking again prints nothing
        alive.wait_for_jobs(2)  # the status question, then the label
        labels = [job for job in alive.jobs if b"\x1b@" in job]  # ESC @ starts a job
        assert len(labels) == 1
        assert tracking.encode() in labels[0]
    assert back.waiting() == []


def test_reprint_needs_a_reason_and_prints_the_same_tracking_number(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    session = station.sign_in()
    supervisor = station.sign_in("BDG9001")
    clock = ManualClock(now)
    labels = service(engine, clock, file_printer(tmp_path, "desk-1"))
    job_id, tracking = pack(station, session, world, "P-1", "desk-1")
    assert labels.print_job(session, job_id).state == "sent"
    with pytest.raises(DomainError, match="reason"):
        labels.reprint(supervisor, tracking, "  ")
    again = labels.reprint(supervisor, tracking.lower(), "label torn")
    report = labels.print_job(session, again)
    assert report.state == "sent" and report.tracking_number == tracking
    assert len(list(tmp_path.glob("*.bin"))) == 2
    with engine.connect() as conn:
        audit = conn.execute(
            select(t.audit_log.c.detail).where(t.audit_log.c.action == "label_reprinted")
        )
        assert audit.scalars().all() == [f"{tracking}: label torn"]
        assert conn.execute(select(func.count()).select_from(t.parcels)).scalar() == 1


def test_a_supervisor_moves_waiting_jobs_to_another_printer(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    session = station.sign_in()
    clock = ManualClock(now)
    first, _ = pack(station, session, world, "P-1", "desk-1")
    second, _ = pack(station, session, world, "P-2", "desk-1")
    with VirtualPrinter(mode="refuse") as dead:
        down = service(engine, clock, network_printer(dead.port, "desk-1"))
        assert down.print_job(session, first).state == "failed"
    other = service(engine, clock, file_printer(tmp_path, "desk-2"))
    assert other.printers() == [("desk-2", 0), ("desk-1", 2)]
    with pytest.raises(NotAllowed):
        other.move_jobs(session, "desk-1", "desk-2")
    supervisor = station.sign_in("BDG9001")
    assert other.move_jobs(supervisor, "desk-1", "desk-2") == 2
    assert other.printers() == [("desk-2", 2)]
    reports = other.process_due(supervisor)
    assert sorted(r.job_id for r in reports) == sorted([first, second])
    assert all(r.state == "sent" for r in reports)
    assert len(list(tmp_path.glob("*.bin"))) == 2


def test_a_crash_while_sending_is_never_resent_by_itself(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    session = station.sign_in()
    clock = ManualClock(now)
    job_id, tracking = pack(station, session, world, "P-1", "desk-1")
    with engine.begin() as conn:
        conn.execute(
            update(t.print_jobs).where(t.print_jobs.c.id == job_id).values(state="sending")
        )
    labels = service(engine, clock, file_printer(tmp_path, "desk-1"))
    assert labels.recover_interrupted() == 1
    assert job_row(engine, job_id)["state"] == "uncertain"
    clock.current = now + timedelta(days=1)
    assert labels.process_due(session) == []
    with pytest.raises(DomainError, match="come out"):
        labels.print_job(session, job_id)
    [question] = labels.uncertain_jobs()
    assert question.question == (
        f"Did the label for parcel 1 (tracking {tracking}, order P-1) come out?"
    )
    assert list(tmp_path.glob("*.bin")) == []


def test_parcels_get_an_sscc_from_the_site_range(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    add_sscc_range(engine, extension=3, size=1)
    session = station.sign_in()
    pack(station, session, world, "P-1", "desk-1")
    with engine.connect() as conn:
        sscc = conn.execute(select(t.parcels.c.sscc)).scalar_one()
    assert validate_sscc(sscc) == sscc and sscc.startswith("34012345")
    # The range held one number: the next parcel is refused before any reuse.
    order_id = station.packing.open_order(session, world.slips["P-2"]).id
    station.packing.record_scan(session, order_id, uid(), world.product_codes["CABLE-C1"])
    with pytest.raises(DomainError, match="No SSCC numbers left"):
        station.packing.complete_order(session, order_id, "desk-1")


def test_a_label_bought_upstream_prints_as_it_came(
    engine: Engine, now: datetime, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    zpl = b"^XA^FO50,50^BCN,100,Y,N,N^FD1Z999AA10123456784^FS^XZ"
    with engine.begin() as conn:
        conn.execute(
            update(t.orders)
            .where(t.orders.c.id == world.orders["P-1"])
            .values(
                upstream_tracking="1Z999AA10123456784",
                upstream_label_format="zpl",
                upstream_label=zpl,
            )
        )
    session = station.sign_in()
    job_id, tracking = pack(station, session, world, "P-1", "desk-1")
    assert tracking == "1Z999AA10123456784"
    labels = service(engine, ManualClock(now), file_printer(tmp_path, "desk-1", "zpl"))
    report = labels.print_job(session, job_id)
    assert report.state == "sent"
    assert [p.read_bytes() for p in tmp_path.glob("*.zpl")] == [zpl]


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_a_packing_slip_follows_the_label_with_lots_and_serials(
    engine: Engine, now: datetime, tmp_path: Path, language: str
) -> None:
    import zxingcpp

    from app.adapters.security import Argon2CredentialHasher
    from app.services.packing import PackingService
    from tests.support.station import StepClock
    from tests.support.zpl_raster import escpos_text, zpl_graphics

    world = seed(engine, now, orders=[("S-1", [("PHONE-X", 1), ("MUG-BLUE", 1)])])
    packing = PackingService(
        SqlUnitOfWork.factory(engine),
        StepClock(now),
        Argon2CredentialHasher(),
        packing_slips=True,
    )
    station = packing.register_station("PACK-01")
    session = packing.sign_in(station, "BDG1001").session
    order_id = packing.open_order(session, world.slips["S-1"]).id
    packing.record_scan(session, order_id, uid(), "]C101095060001343522" + "1SN-4711")
    packing.record_scan(session, order_id, uid(), world.product_codes["MUG-BLUE"])
    packing.complete_order(session, order_id, "desk-1")

    labels = service(engine, ManualClock(now), file_printer(tmp_path, "desk-1", language))
    reports = labels.process_due(session)
    assert [r.state for r in reports] == ["sent", "sent"]
    files = sorted(
        tmp_path.glob("*.zpl" if language == "zpl" else "*.bin"), key=lambda p: p.stat().st_mtime_ns
    )
    assert len(files) == 2
    slip = files[1].read_bytes()
    if language == "escpos":
        text = escpos_text(slip)
        assert "PHONE-X" in text and "SN-4711" in text and "S-1" in text
    else:
        pages = zpl_graphics(slip.decode("ascii"))
        found = {b.text for page in pages for b in zxingcpp.read_barcodes(page.convert("L"))}
        assert "S-1" in found
    with engine.connect() as conn:
        actions = conn.execute(select(t.audit_log.c.action)).scalars().all()
    assert "packing_slip_printed" in actions
