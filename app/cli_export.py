"""``packbench export shipments``: shipments for the shop's order system, as batch files.

::

    packbench export shipments --to DIR --badge BADGE [--format csv|json]
    packbench export shipments --to DIR --badge BADGE --again --since 2026-11-23
    packbench export shipments --badge BADGE --watch      # [export] folder, every interval_s

Who exports is the supervisor or admin whose badge is given with ``--badge``; their PIN, where
they have one, is typed without echo, or comes from PACKBENCH_ADMIN_PIN (or a line of standard
input) where no one types, as for ``packbench users``. ``--watch`` identifies them once and
then exports every ``[export] interval_s`` seconds until stopped: the automatic export.

A progress line per batch file goes to standard error, the summary to standard output.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import cli_numbers

#: For crash tests only: stop (and wait to be killed) right after this step of a batch.
HALT_VARIABLE = "PACKBENCH_TEST_EXPORT_HALT_AT"


def add_parser(commands: Any) -> None:
    """Add ``export`` and its subcommand to ``packbench``'s subparsers."""
    export = commands.add_parser(
        "export", help="export shipments or events (hand-offs, deliveries) for the order system"
    )
    kinds = export.add_subparsers(dest="export_kind", required=True)
    shipments = kinds.add_parser(
        "shipments", help="labelled shipments not yet exported, as CSV or JSON files"
    )
    shipments.add_argument(
        "--to", type=Path, metavar="DIR", help="the folder (default: [export] folder)"
    )
    shipments.add_argument(
        "--format", choices=("csv", "json"), help="file format (default: [export] format)"
    )
    shipments.add_argument("--badge", metavar="BADGE", help="your badge (a supervisor's/admin's)")
    shipments.add_argument(
        "--again", action="store_true", help="re-export on purpose (with --since) into new files"
    )
    shipments.add_argument(
        "--since", metavar="WHEN", help="with --again: shipments first exported since then"
    )
    shipments.add_argument(
        "--watch", action="store_true", help="keep exporting every [export] interval_s seconds"
    )
    shipments.add_argument(
        "--every",
        type=cli_numbers.every_s,
        metavar="SECONDS",
        help="with --watch: seconds between exports",
    )
    shipments.add_argument(
        "--batch-size",
        type=cli_numbers.batch_size,
        default=1000,
        metavar="N",
        help="shipments per file at most",
    )
    from app.cli_outbox import add_events_parser

    add_events_parser(kinds)


def run(args: argparse.Namespace, settings: Any) -> int:
    """Run ``export shipments``; domain errors (one line each) go to the caller."""
    if args.export_kind == "events":
        from app.cli_outbox import run_events

        return run_events(args, settings)
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.export_folder import LocalBatchFolder
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import interpreter_config, open_database
    from app.domain.exports import ExportRefused, parse_since
    from app.services.clock import SystemClock
    from app.services.exports import ExportService

    folder = args.to if args.to is not None else settings.export_folder
    if folder is None:
        raise ExportRefused("Give the folder with --to DIR, or set [export] folder.")
    fmt = args.format or settings.export_format
    since = None
    if args.again:
        if args.since is None or args.watch:
            raise ExportRefused("--again needs --since WHEN, and cannot be combined with --watch.")
        since = parse_since(args.since)
    elif args.since is not None:
        raise ExportRefused("--since goes with --again (a re-export on purpose).")
    if args.batch_size < 1 or (args.every is not None and args.every < 1):
        raise ExportRefused("--batch-size and --every must be 1 or more.")
    engine = open_database(settings.effective_database_url, make_folder=False)
    try:
        service = ExportService(
            SqlUnitOfWork.factory(engine),
            SystemClock(),
            LocalBatchFolder(),
            Argon2CredentialHasher(),
            interpreter_config(settings),
            batch_size=args.batch_size,
        )
        exporter = _exporter(service, args.badge)
        if args.watch:
            return _watch(service, exporter, folder, fmt, args.every or settings.export_interval_s)
        try:
            if since is not None:
                done = service.export_again(exporter, folder, fmt, since, _on_step)
            else:
                done = service.export(exporter, folder, fmt, _on_step)
        except KeyboardInterrupt:
            print(f"packbench: {_INTERRUPTED}", file=sys.stderr)
            return 130
        print(done.summary)
        return 0
    finally:
        engine.dispose()


_INTERRUPTED = (
    "export interrupted: every file in the folder is complete; run the export again to "
    "finish (a batch already recorded is written then, never doubled)"
)


def _exporter(service: Any, badge: str | None, what: str = "shipments") -> Any:
    from app.cli_admin import ADMIN_PIN_VARIABLE, read_pin
    from app.domain.errors import NotAllowed

    if badge is None:
        raise NotAllowed("Give your badge (a supervisor's or an admin's) with --badge BADGE.")
    pin = None
    if service.pin_required(badge):
        pin = read_pin(f"PIN for badge {badge}: ", ADMIN_PIN_VARIABLE)
    return service.identify(badge, pin, what)


def _on_step(step: str, batch: Any) -> None:
    if step == "written":
        kind = " (re-export)" if batch.again else ""
        print(
            f"... batch {batch.id}: {batch.file_name}, {batch.shipments} shipment(s){kind}",
            file=sys.stderr,
            flush=True,
        )
    if os.environ.get(HALT_VARIABLE) == step:
        print(f"halted after {step}: {batch.file_name}", file=sys.stderr, flush=True)
        threading.Event().wait()  # until killed


def _watch(
    service: Any,
    exporter: Any,
    folder: Path,
    fmt: str,
    every: int,
    on_step: Any = _on_step,
    what: str = "shipments",
) -> int:
    """Export now and then every ``every`` seconds until interrupted. A failed round (a
    folder away, the database away) is said, audited, and tried again the next round."""
    from app.domain.errors import DomainError

    stop = threading.Event()
    print(f"exporting {what} to {folder} as {fmt} every {every} s (Ctrl+C stops)", flush=True)
    try:
        while True:
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
            try:
                print(f"{stamp}: {service.export(exporter, folder, fmt, on_step).summary}")
            except DomainError as exc:
                print(f"{stamp}: packbench: {exc}", file=sys.stderr)
            sys.stdout.flush()
            stop.wait(every)
    except KeyboardInterrupt:
        print(f"packbench: {_INTERRUPTED}", file=sys.stderr)
        return 130
