"""A station killed at random while it packs and prints: does every parcel get exactly one label
or an honest question, and is every acknowledged scan kept exactly once?

    .venv/bin/python -m bench.print_crash [--kills 1000] [--db sqlite|postgresql]
                                          [--language escpos|zpl] [--json]

A headless station process (PackingService + LabelService over the database, the real
StationPrinter over a NetworkConnection) signs in, runs the start-up recovery of interrupted
labels, then claims, scans, completes and prints orders, and calls the queue's ``tick`` as the
station's timer does. The parent process runs the loopback printer (``VirtualPrinter``) that
records every byte, kills the station with SIGKILL at a random moment after it is up, and starts
it again, ``--kills`` times; then starts it once more to drain the queue, and counts:

- acknowledged_scans: scans the station was told were recorded (it logs each after the call
  returned); lost_scans: acknowledged but not in the database; double_counted_scans: units
  counted on order lines beyond the accepted scan events behind them;
- parcels; parcels_with_two_labels_unasked: parcels whose tracking number the printer received
  in two or more jobs (nobody asked for a reprint in this run);
- orders_without_label_or_question: parcels with no label at the printer and no open question
  (plus orders marked labelled whose label never reached the printer);
- uncertain_jobs: questions left open ("did the label come out?"), split into
  uncertain_printed / uncertain_not_printed by what the printer really received.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CHILD_FLAG = "--station-child"
SKUS = ("MUG-BLUE", "CABLE-C1", "NOTE-A5", "PEN-BLK")
PRINTER_NAME = "PACK-01 bench printer"


# -- the station (child process) -----------------------------------------------------------


def run_station(url: str, port: int, language: str, acks: Path, drain: bool) -> int:
    from app.adapters.db.engine import make_engine
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.devices.printers import NetworkConnection
    from app.adapters.devices.station_printer import StationPrinter
    from app.adapters.security import Argon2CredentialHasher
    from app.services.clock import SystemClock
    from app.services.packing import PackingService
    from app.services.printing import LabelService
    from tests.support.factories import PRODUCTS, ean13
    from tests.support.station import SENDER

    codes = {sku: ean13(body) for sku, _, body in PRODUCTS}
    engine = make_engine(url)
    clock = SystemClock()
    packing = PackingService(SqlUnitOfWork.factory(engine), clock, Argon2CredentialHasher())
    printer = StationPrinter(
        NetworkConnection("127.0.0.1", port, timeout=2.0, language=language),
        language=language,
        preview_dir=acks.parent / "previews",
        name=PRINTER_NAME,
    )
    labels = LabelService(SqlUnitOfWork.factory(engine), clock, printer, SENDER)
    station = packing.register_station("PACK-01")
    signed = packing.sign_in(station, "BDG1001")
    session = signed.session
    labels.recover_interrupted()  # as the app does at start
    log = os.open(acks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    os.write(1, f"ready {os.getpid()}\n".encode())
    if drain:
        for _ in range(200):
            status = labels.tick(session)
            if not status.waiting:
                return 0
            time.sleep(0.2)
        return 1
    order = signed.open_order
    while True:
        labels.tick(session)
        if order is None:
            order = packing.claim_next_order(session)
            if order is None:  # the queue is empty: an idle station, still ticking
                time.sleep(0.05)
                continue
        for line in order.lines:
            for _ in range(line.quantity - line.verified):
                scan_uid = uuid.uuid4().hex
                packing.record_scan(session, order.id, scan_uid, codes[line.sku])
                os.write(log, f"{scan_uid}\n".encode())
        done = packing.complete_order(session, order.id, printer.name)
        labels.print_job(session, done.print_job_id)
        order = None


# -- the parent ----------------------------------------------------------------------------


@contextlib.contextmanager
def database(kind: str, workdir: Path) -> Iterator[str]:
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'station.sqlite'}"
        return
    from tests.support.pgserver import start_server

    with start_server() as server:
        yield server.create_database()


def prepare(url: str, orders: int, seed_value: int) -> None:
    from app.adapters.db import schema
    from app.adapters.db.engine import make_engine
    from tests.support.factories import add_sscc_range, seed

    rng = random.Random(seed_value)
    engine = make_engine(url)
    schema.upgrade(engine)
    wanted = [
        (f"CR-{n:05d}", [(sku, rng.randint(1, 2)) for sku in rng.sample(SKUS, rng.randint(1, 2))])
        for n in range(orders)
    ]
    seed(engine, datetime.now(UTC), orders=wanted, range_size=orders + 10)
    add_sscc_range(engine, size=orders + 10)
    engine.dispose()


class Launcher:
    """Starts station processes quickly: a process that has imported the app once forks a fresh
    station for each start (a real new process with its own database connections, start-up
    recovery and sign-in; only the Python imports are shared). The parent kills the stations
    itself, by process id."""

    def __init__(self, url: str, port: int, language: str, acks: Path) -> None:
        command = [sys.executable, "-m", "bench.print_crash", CHILD_FLAG, url, str(port)]
        command += [language, str(acks)]
        self.errors = acks.parent / "stations.err"
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors.open("ab"),
            text=True,
            cwd=Path.cwd(),
        )

    def _line(self) -> list[str]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the station launcher stopped")
        return line.split()

    def start(self, mode: str) -> int:
        """Start a station ("work" or "drain"); its pid once it is up and recovered."""
        assert self.process.stdin is not None
        self.process.stdin.write(mode + "\n")
        self.process.stdin.flush()
        words = self._line()
        assert words[0] == "pid", words
        while words[0] != "ready":
            words = self._line()
            if words[0] == "exit":
                raise RuntimeError(f"the station stopped before it was up: {words}")
        return int(words[1])

    def wait_exit(self) -> int:
        words = self._line()
        while words[0] != "exit":
            words = self._line()
        return int(words[2])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=30)


def launcher_main(url: str, port: int, language: str, acks: Path) -> int:
    """The launcher process: imports once, then forks one station per command line."""
    import app.adapters.db.uow
    import app.adapters.devices.station_printer
    import app.services.packing
    import app.services.printing  # noqa: F401

    for command in sys.stdin:
        mode = command.strip()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = run_station(url, port, language, acks, mode == "drain")
            finally:
                os._exit(code)
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"exit {pid} {os.waitstatus_to_exitcode(status)}\n".encode())
    return 0


def run(
    kills: int,
    db: str,
    language: str,
    seed_value: int = 8,
    max_delay: float = 0.5,
    database_url: str | None = None,
) -> dict[str, Any]:
    """``database_url``: an empty database to use instead of a new one of kind ``db``."""
    from tests.support.virtual_printer import VirtualPrinter

    rng = random.Random(seed_value)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="packbench-crash-") as tmp:
        workdir = Path(tmp)
        acks = workdir / "acks.log"
        given = contextlib.nullcontext(database_url) if database_url else None
        with given or database(db, workdir) as url, VirtualPrinter() as device:
            prepare(url, orders=kills * 6 + 50, seed_value=seed_value)
            launcher = Launcher(url, device.port, language, acks)
            exits: list[int] = []
            try:
                for _ in range(kills):
                    pid = launcher.start("work")
                    time.sleep(rng.uniform(0.0, max_delay))
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    code = launcher.wait_exit()
                    if code != -signal.SIGKILL:
                        exits.append(code)
                launcher.start("drain")
                drained = launcher.wait_exit() == 0
            finally:
                launcher.close()
            time.sleep(0.3)  # let the printer's thread record the last connection
            figures = count(url, device.jobs, acks)
            errors = launcher.errors.read_text(errors="replace").strip().splitlines()
    figures.update(
        station_exits=exits,
        station_error=errors[-1] if exits and errors else None,
        kills=kills,
        db=db,
        language=language,
        drained=drained,
        seconds=round(time.monotonic() - started, 1),
    )
    return figures


def count(url: str, jobs: list[bytes], acks: Path) -> dict[str, Any]:
    from sqlalchemy import func, select

    from app.adapters.db import tables as t
    from app.adapters.db.engine import make_engine

    engine = make_engine(url)
    acknowledged = [line for line in acks.read_text().split() if line] if acks.exists() else []
    with engine.connect() as conn:
        stored = set(conn.execute(select(t.scan_events.c.scan_uid)).scalars())
        accepted = dict(
            conn.execute(
                select(t.scan_events.c.line_id, func.sum(t.scan_events.c.units))
                .where(t.scan_events.c.outcome == "accepted")
                .group_by(t.scan_events.c.line_id)
            ).all()
        )
        lines = conn.execute(select(t.order_lines.c.id, t.order_lines.c.verified_qty)).all()
        parcels = conn.execute(
            select(t.parcels.c.id, t.parcels.c.tracking_number, t.orders.c.status).join(
                t.orders, t.orders.c.id == t.parcels.c.order_id
            )
        ).all()
        uncertain = set(
            conn.execute(
                select(t.print_jobs.c.parcel_id).where(t.print_jobs.c.state == "uncertain")
            ).scalars()
        )
        states: dict[str, int] = {
            row[0]: int(row[1])
            for row in conn.execute(
                select(t.print_jobs.c.state, func.count()).group_by(t.print_jobs.c.state)
            )
        }
    engine.dispose()
    printed: dict[str, int] = {}
    for parcel in parcels:
        needle = parcel.tracking_number.encode()
        printed[parcel.tracking_number] = sum(1 for job in jobs if needle in job)
    twice = sum(1 for n in printed.values() if n >= 2)
    missing = sum(
        1
        for p in parcels
        if printed[p.tracking_number] == 0 and (p.id not in uncertain or p.status == "labelled")
    )
    uncertain_printed = sum(1 for p in parcels if p.id in uncertain and printed[p.tracking_number])
    return {
        "acknowledged_scans": len(acknowledged),
        "lost_scans": sum(1 for uid in acknowledged if uid not in stored),
        "double_counted_scans": sum(
            max(0, verified - int(accepted.get(line_id) or 0)) for line_id, verified in lines
        ),
        "parcels": len(parcels),
        "parcels_with_two_labels_unasked": twice,
        "orders_without_label_or_question": missing,
        "uncertain_jobs": len(uncertain),
        "uncertain_printed": uncertain_printed,
        "uncertain_not_printed": len(uncertain) - uncertain_printed,
        "job_states": states,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == CHILD_FLAG:
        url, port, language, acks = argv[1:5]
        return launcher_main(url, int(port), language, Path(acks))
    parser = argparse.ArgumentParser(prog="bench.print_crash", description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--language", choices=["escpos", "zpl"], default="escpos")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--max-delay", type=float, default=0.5, help="kill up to this many seconds after start"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    figures = run(args.kills, args.db, args.language, args.seed, args.max_delay)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:36} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
