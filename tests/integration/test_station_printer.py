"""The station's printer end to end: settings -> connection -> language -> print queue, and
the port's promises: "sent" means the printer took every byte, ``on_sending`` comes right
before the first byte, and every problem names the printer as the station does."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.printers import FileConnection
from app.adapters.devices.station_printer import StationPrinter, station_printer
from app.domain.errors import PrinterProblem
from app.domain.labels import Address, LabelContent
from app.services.printing import LabelService, retry_delay
from tests.support.factories import seed
from tests.support.station import SENDER, make_station
from tests.support.virtual_printer import Mode, VirtualPrinter, payload

LABEL = LabelContent(
    ship_to=Address("Erika Mustermann", "Heidestraße 17", postcode="51147", city="Köln"),
    sender=SENDER,
    order_reference="N-7",
    carrier="DP",
    service="Paket",
    tracking_number="RR123456785DE",
)
ASK = {"escpos": b"\x10\x04\x01\x10\x04\x04", "zpl": b"~HS"}


def network_printer(port: int, labels_dir: Path, language: str = "escpos") -> StationPrinter:
    return station_printer(
        station="PACK-01",
        kind="network",
        target=f"127.0.0.1:{port}",
        language=language,
        size="4x6-203",
        profile="4inch-203",
        timeout=0.5,
        labels_dir=labels_dir,
    )


class Sending:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1


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


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_a_label_arrives_byte_exact_and_on_sending_comes_right_before_it(
    tmp_path: Path, language: str
) -> None:
    with VirtualPrinter() as device:
        printer = network_printer(device.port, tmp_path, language)
        seen: list[bytes] = []
        outcome = printer.print_label(
            LABEL, "job-1", on_sending=lambda: seen.append(device.jobs[-1])
        )
        jobs = device.wait_for_jobs(1)
    job = printer.render(LABEL)
    assert jobs == [ASK[language] + job + ASK[language]]
    assert seen == [ASK[language]]  # connected, asked, answered ready; no job byte yet
    assert outcome.byte_count == len(job)
    assert outcome.destination == f"network 127.0.0.1:{device.port}"


@pytest.mark.parametrize(
    ("mode", "preset", "bytes_sent", "said"),
    [
        ("refuse", None, False, "connection refused"),
        ("hang", None, False, "no status before the job, nothing was sent"),
        ("normal", "paper_out", False, "it is out of paper; nothing was sent"),
        ("normal", "cover_open", False, "it has its cover open; nothing was sent"),
        ("drop", None, True, "the printer closed the connection"),
        ("stall", None, True, "the job was sent but the printer did not confirm it"),
    ],
)
def test_every_network_fault_names_the_station_printer(
    tmp_path: Path, mode: Mode, preset: str | None, bytes_sent: bool, said: str
) -> None:
    with VirtualPrinter(mode, drop_after=len(ASK["escpos"]) + 10, status_preset=preset) as device:
        printer = network_printer(device.port, tmp_path)
        sending = Sending()
        with pytest.raises(PrinterProblem) as caught:
            printer.print_label(LABEL, "job-1", on_sending=sending)
    problem = caught.value
    assert printer.name == f"PACK-01 network 127.0.0.1:{device.port}"
    assert problem.message.startswith(f"Printer {printer.name}: "), problem.message
    assert said in problem.message
    assert problem.bytes_sent is bytes_sent
    assert sending.calls == (1 if bytes_sent else 0)
    if bytes_sent:
        assert "check whether the label came out" in problem.message
    else:
        assert all(payload(job) == b"" for job in device.jobs)  # no label byte arrived


@pytest.mark.parametrize(("size", "said"), [("80mm", "The label"), ("receipt", "cannot open")])
def test_a_missing_serial_port_and_a_label_too_wide_name_the_station_printer(
    tmp_path: Path, size: str, said: str
) -> None:
    printer = station_printer(
        station="PACK-02",
        kind="serial",
        target=f"{tmp_path / 'ttyUSB9'}@115200",
        language="escpos",
        size=size,
        profile="TM-T88V",
        timeout=0.5,
        labels_dir=tmp_path,
    )
    sending = Sending()
    with pytest.raises(PrinterProblem) as caught:
        printer.print_label(LABEL, "job-1", on_sending=sending)
    assert caught.value.message.startswith(f"Printer {printer.name}: {said}")
    assert (caught.value.bytes_sent, sending.calls) == (False, 0)


def test_folder_and_preview_problems_name_the_station_printer(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    unwritable = StationPrinter(
        FileConnection(blocker / "spool"), preview_dir=tmp_path / "previews", name="desk-3"
    )
    sending = Sending()
    with pytest.raises(PrinterProblem) as caught:
        unwritable.print_label(LABEL, "job-1", on_sending=sending)
    # A name without the place gets the place added.
    assert caught.value.message.startswith(f"Printer desk-3 (folder {blocker / 'spool'}): ")
    assert (caught.value.bytes_sent, sending.calls) == (False, 0)

    no_preview = StationPrinter(
        FileConnection(tmp_path / "spool"), preview_dir=blocker / "previews", name="desk-3"
    )
    with pytest.raises(PrinterProblem) as caught:
        no_preview.print_label(LABEL, "job-2", on_sending=sending)
    assert caught.value.message.startswith("Printer desk-3: could not write the preview")
    assert (caught.value.bytes_sent, sending.calls) == (False, 0)


def test_slips_and_upstream_labels_report_sending_too(tmp_path: Path) -> None:
    printer = StationPrinter(
        FileConnection(tmp_path / "spool", suffix=".zpl", language="zpl"),
        language="zpl",
        preview_dir=tmp_path / "previews",
        name="desk-5",
    )
    sending = Sending()
    zpl = b"^XA^FO50,50^A0N,40,40^FDUPS label^FS^XZ"
    printer.print_upstream(zpl, "zpl", "job-1", on_sending=sending)
    assert sending.calls == 1
    assert (tmp_path / "spool" / "job-1.zpl").read_bytes() == zpl


def test_a_connection_in_another_language_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="asks the status in escpos, the printer speaks zpl"):
        StationPrinter(FileConnection(tmp_path), language="zpl", preview_dir=tmp_path, name="x")


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_a_printer_that_does_not_answer_status_prints_once_set_so(
    engine: Engine, now: datetime, tmp_path: Path, language: str
) -> None:
    """A network printer without the status protocol: refused (nothing sent) while the
    station expects answers; printed once through the real queue with asks_status = false."""
    world = seed(engine, now, orders=[("Q-1", [("MUG-BLUE", 1)])])
    station = make_station(engine, now)
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips["Q-1"]).id
    station.packing.record_scan(
        session, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
    )
    with VirtualPrinter(answer_status=False) as device:

        def printer(asks_status: bool) -> StationPrinter:
            return station_printer(
                station="PACK-01",
                kind="network",
                target=f"127.0.0.1:{device.port}",
                language=language,
                size="4x6-203",
                profile="4inch-203",
                timeout=2.0,
                labels_dir=tmp_path,
                asks_status=asks_status,
            )

        expecting = printer(asks_status=True)
        job_id = station.packing.complete_order(session, order_id, expecting.name).print_job_id
        refused = station.labels(expecting).print_job(session, job_id)
        assert refused.state == "failed"
        assert refused.error is not None and "no status before the job" in refused.error
        assert not [job for job in device.jobs if payload(job)]  # nothing was sent
        one_way = printer(asks_status=False)
        assert one_way.name == expecting.name  # the same station printer, the same queue
        assert one_way.status().state == "unknown"
        sent = station.labels(one_way).print_job(session, job_id)
        assert sent.state == "sent"
        device.wait_for_jobs(2)
        start = b"^XA" if language == "zpl" else b"\x1b@"
        labels = [job for job in device.jobs if payload(job).startswith(start)]
        assert len(labels) == 1
