"""Labels bought upstream through the print queue, on real databases: a good PNG prints as the
parcel's label; a refused one keeps the job failed with the printer and the reason, and nothing
reaches the printer."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import zxingcpp
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.services.printing import LabelService
from app.services.results import Session
from tests.support.factories import World, seed
from tests.support.printers import file_printer
from tests.support.station import SENDER, StepClock, make_station
from tests.support.upstream_files import TRACKING, label_image, png_of
from tests.support.zpl_raster import escpos_raster_images


def test_a_png_bought_upstream_prints_from_the_queue(
    engine: Engine, now: datetime, tmp_path: Path
) -> None:
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)])])
    _set_upstream(engine, world, png_of(label_image()), "PNG")
    job_id, session, labels = _complete(engine, now, world, tmp_path, "escpos")
    report = labels.print_job(session, job_id)
    assert report.state == "sent" and report.tracking_number == TRACKING
    jobs = list((tmp_path / "spool").glob("*.bin"))
    assert len(jobs) == 1
    images = escpos_raster_images(jobs[0].read_bytes())
    assert TRACKING in {code.text for code in zxingcpp.read_barcodes(images[0].convert("L"))}


def test_a_refused_upstream_label_keeps_the_job_failed_with_the_reason(
    engine: Engine, now: datetime, tmp_path: Path
) -> None:
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)])])
    _set_upstream(engine, world, b"^XA^FD" + TRACKING.encode() + b"^FS~JR^XZ", "zpl")
    job_id, session, labels = _complete(engine, now, world, tmp_path, "zpl")
    report = labels.print_job(session, job_id)
    assert report.state == "failed"
    assert report.error == (
        "Printer desk-1: The ZPL label bought upstream contains the command ~JR, "
        "which resets the printer; it is not sent."
    )
    assert not (tmp_path / "spool").exists() or not any((tmp_path / "spool").iterdir())
    with engine.connect() as conn:
        state, error = conn.execute(
            select(t.print_jobs.c.state, t.print_jobs.c.error).where(t.print_jobs.c.id == job_id)
        ).one()
    assert state == "failed" and error == report.error


def _set_upstream(engine: Engine, world: World, label: bytes, label_format: str) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(t.orders)
            .where(t.orders.c.id == world.orders["P-1"])
            .values(
                upstream_tracking=TRACKING,
                upstream_label_format=label_format,
                upstream_label=label,
            )
        )


def _complete(
    engine: Engine, now: datetime, world: World, tmp_path: Path, language: str
) -> tuple[int, Session, LabelService]:
    station = make_station(engine, now)
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips["P-1"]).id
    station.packing.record_scan(
        session, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
    )
    done = station.packing.complete_order(session, order_id, "desk-1")
    assert done.tracking_number == TRACKING
    printer = file_printer(tmp_path / "spool", "desk-1", language=language)
    labels = LabelService(SqlUnitOfWork.factory(engine), StepClock(now), printer, SENDER)
    return done.print_job_id, session, labels
