"""Printer faults and recovery, through the real print queue: how soon does the station's banner
show the fault, how soon after the printer is back does the label come out, and does it come
out exactly once?

    .venv/bin/python -m bench.printer_faults [--json] [--tick 0.5]

For each printer language (ESC/POS, ZPL) and each fault (refused, offline, paper out, hang,
drop mid-job, unplugged: the serial pty closed), one order is packed while the printer has the
fault; the station's timer (``LabelService.tick`` every ``--tick`` seconds, as the station calls
it) runs until the banner shows a problem; one second later the printer is fixed (the same
address answers again, the state is set back to ready, or the pty comes back). Where the queue
asks "did the label come out?" (a job cut off after bytes left) the bench answers as a person at
the printer would: yes only if a whole label came out. Per fault:

- banner_s: from the job being queued to the first tick whose banner names a problem;
- recovery_s: from the fix to the label received by the printer;
- labels: labels with the parcel's tracking number the printers received; duplicates: beyond 1;
- question: whether a person had to answer.
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.adapters.db import schema
from app.adapters.db.engine import make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.printers import NetworkConnection, SerialConnection
from app.adapters.devices.station_printer import StationPrinter
from app.adapters.security import Argon2CredentialHasher
from app.services.clock import SystemClock
from app.services.packing import PackingService
from app.services.printing import LabelService
from tests.support.factories import seed
from tests.support.station import SENDER
from tests.support.virtual_printer import VirtualPrinter, VirtualSerialPrinter

FAULTS = ("refused", "offline", "paper_out", "hang", "drop", "unplugged")
DEADLINE_S = 30.0


@dataclass
class FaultFigures:
    language: str
    fault: str
    banner_s: float | None
    recovery_s: float | None
    labels: int
    duplicates: int
    question: bool
    banner: str | None


def _labels_with(tracking: str, devices: list[Any]) -> int:
    needle = tracking.encode()
    count = 0
    for device in devices:
        if isinstance(device, VirtualSerialPrinter):
            # One label per job: a job ends with its cut (ESC/POS) or ^XZ (ZPL); the tracking
            # number stands in a job more than once (barcode, text, QR without an SSCC).
            jobs = re.split(rb"\x1dV|\^XZ", device.received)
            count += sum(1 for job in jobs if needle in job)
        else:
            count += sum(
                1 for job in device.jobs if needle in job and (b"\x1dV" in job or b"^XZ" in job)
            )
    return count


def run_fault(language: str, fault: str, workdir: Path, tick_s: float) -> FaultFigures:
    url = f"sqlite:///{workdir / f'{language}-{fault}.sqlite'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    world = seed(engine, datetime.now(UTC), orders=[("F-1", [("MUG-BLUE", 1)])])
    clock = SystemClock()
    packing = PackingService(SqlUnitOfWork.factory(engine), clock, Argon2CredentialHasher())
    session = packing.sign_in(packing.register_station("PACK-01"), "BDG1001").session
    with ExitStack() as stack:
        devices: list[Any] = []
        if fault == "unplugged":
            # A stable device name, as /dev/ttyUSB0 is: pty numbers are reused by other
            # programs, the link is not.
            link = workdir / f"ttyPRINTER-{language}"
            serial_device = stack.enter_context(VirtualSerialPrinter())
            devices.append(serial_device)
            link.symlink_to(serial_device.path)
            connection: Any = SerialConnection(str(link), 115200, timeout=2.0, language=language)
            link.unlink()  # unplugged: the device is gone
            serial_device.stop()
        else:
            mode = {"refused": "refuse", "hang": "hang", "drop": "drop"}.get(fault, "normal")
            preset = fault if fault in ("offline", "paper_out") else None
            device = stack.enter_context(VirtualPrinter(mode, status_preset=preset))  # type: ignore[arg-type]
            devices.append(device)
            connection = NetworkConnection("127.0.0.1", device.port, timeout=2.0, language=language)
        printer = StationPrinter(
            connection, language=language, preview_dir=workdir / "previews", name="PACK-01 bench"
        )
        labels = LabelService(SqlUnitOfWork.factory(engine), clock, printer, SENDER)
        order_id = packing.open_order(session, world.slips["F-1"]).id
        packing.record_scan(session, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"])
        done = packing.complete_order(session, order_id, printer.name)
        queued = time.monotonic()
        banner_s: float | None = None
        banner: str | None = None
        question = False
        fixed_at: float | None = None
        recovery_s: float | None = None
        while time.monotonic() - queued < DEADLINE_S:
            status = labels.tick(session)
            now = time.monotonic()
            if banner_s is None and (status.problem or status.uncertain):
                banner_s, banner = now - queued, status.banner
            for asked in status.uncertain:
                question = True
                came_out = _labels_with(asked.tracking_number, devices) > 0
                labels.answer_uncertain(session, asked.job_id, came_out)
            if fixed_at is None and banner_s is not None and now - queued >= banner_s + 1.0:
                fixed_at = time.monotonic()
                if fault == "unplugged":
                    back = stack.enter_context(VirtualSerialPrinter())
                    devices.append(back)
                    link.symlink_to(back.path)
                elif fault in ("offline", "paper_out"):
                    devices[0].set_state("ready")
                else:
                    back_net = stack.enter_context(VirtualPrinter())
                    devices.append(back_net)
                    connection.port = back_net.port
            if fixed_at is not None and _labels_with(done.tracking_number, devices):
                recovery_s = time.monotonic() - fixed_at
                break
            time.sleep(tick_s)
        time.sleep(0.3)
        count = _labels_with(done.tracking_number, devices)
    engine.dispose()
    return FaultFigures(
        language,
        fault,
        None if banner_s is None else round(banner_s, 2),
        None if recovery_s is None else round(recovery_s, 2),
        count,
        max(0, count - 1),
        question,
        banner,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="bench.printer_faults", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--tick", type=float, default=0.5, help="the station's timer period (s)")
    parser.add_argument("--language", choices=["escpos", "zpl", "both"], default="both")
    parser.add_argument("--fault", choices=[*FAULTS, "all"], default="all")
    args = parser.parse_args(argv)
    languages = ["escpos", "zpl"] if args.language == "both" else [args.language]
    faults = list(FAULTS) if args.fault == "all" else [args.fault]
    results: list[FaultFigures] = []
    with tempfile.TemporaryDirectory(prefix="packbench-faults-") as tmp:
        for language in languages:
            for fault in faults:
                results.append(run_fault(language, fault, Path(tmp), args.tick))
    if args.json:
        print(json.dumps([asdict(r) for r in results], indent=2))
    else:
        for r in results:
            print(
                f"{r.language:6} {r.fault:10} banner {r.banner_s}s recovery {r.recovery_s}s "
                f"labels {r.labels} duplicates {r.duplicates} question {r.question}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
