"""The station's printer end to end: settings -> connection -> language -> print queue."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.station_printer import station_printer
from app.services.printing import LabelService, retry_delay
from tests.support.factories import seed
from tests.support.station import SENDER, make_station
from tests.support.virtual_printer import VirtualPrinter


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current


@pytest.mark.parametrize(("language", "marker"), [("escpos", b"\x1dk"), ("zpl", b"^XA")])
def test_paper_out_keeps_the_label_until_the_printer_is_ready(
    engine: Engine, now: datetime, tmp_path: Path, language: str, marker: bytes
) -> None:
    world = seed(engine, now, orders=[("N-1", [("MUG-BLUE", 1)])])
    station = make_station(engine, now)
    session = station.sign_in()
    with VirtualPrinter(status_preset="paper_out") as device:
        printer = station_printer(
            station="PACK-01",
            kind="network",
            target=f"127.0.0.1:{device.port}",
            language=language,
            size="4x6-203",
            profile="4inch-203",
            timeout=2.0,
            labels_dir=tmp_path,
        )
        assert printer.name == f"PACK-01 network 127.0.0.1:{device.port}"
        order_id = station.packing.open_order(session, world.slips["N-1"]).id
        station.packing.record_scan(
            session, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
        )
        done = station.packing.complete_order(session, order_id, printer.name)
        clock = ManualClock(now)
        labels = LabelService(SqlUnitOfWork.factory(engine), clock, printer, SENDER)

        failed = labels.print_job(session, done.print_job_id)
        assert failed.state == "failed"
        assert "out of paper" in (failed.error or "")
        assert device.jobs == [] or all(marker not in job for job in device.jobs)

        device.set_state("ready")
        clock.current = now + retry_delay(1) + timedelta(seconds=1)
        sent = labels.process_due(session)
        assert [r.state for r in sent] == ["sent"]
        assert sent[0].preview_path is not None and Path(sent[0].preview_path).exists()
        jobs = [job for job in device.wait_for_jobs(1) if marker in job]
        assert len(jobs) == 1
        assert done.tracking_number.encode() in jobs[0]
        assert labels.process_due(session) == []
