"""``packbench export events`` and ``packbench mail send``: the outbox to the order system
and to the customers.

::

    packbench export events --to DIR --badge BADGE [--format csv|json] [--watch]
    packbench mail send [--watch]          # [smtp] host ...; password: see app.mail_password

``export events`` writes every hand-off, delivery and tracking exception not yet exported into
batch files (``events-...``), exactly once, with the shipments export's batches; who exports
is identified as for ``export shipments``. ``mail send`` emails the customer of each event not
yet mailed, from the templates (``resources/mail``, or the site's in ``<data dir>/mail``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app import cli_numbers


def add_events_parser(kinds: Any) -> None:
    """``export events``, beside ``export shipments``."""
    events = kinds.add_parser(
        "events", help="hand-offs, deliveries and tracking exceptions not yet exported"
    )
    events.add_argument(
        "--to", type=Path, metavar="DIR", help="the folder (default: [export] folder)"
    )
    events.add_argument(
        "--format", choices=("csv", "json"), help="file format (default: [export] format)"
    )
    events.add_argument("--badge", metavar="BADGE", help="your badge (a supervisor's/admin's)")
    events.add_argument(
        "--watch", action="store_true", help="keep exporting every [export] interval_s seconds"
    )
    events.add_argument(
        "--every",
        type=cli_numbers.every_s,
        metavar="SECONDS",
        help="with --watch: seconds between exports",
    )
    events.add_argument(
        "--batch-size",
        type=cli_numbers.batch_size,
        default=5000,
        metavar="N",
        help="events per file at most",
    )


def add_mail_parser(commands: Any) -> None:
    mail = commands.add_parser("mail", help="email customers about their parcels ([smtp])")
    actions = mail.add_subparsers(dest="mail_action", required=True)
    send = actions.add_parser("send", help="send the emails of outbox events not yet sent")
    send.add_argument("--watch", action="store_true", help="keep sending until stopped")
    send.add_argument(
        "--every",
        type=cli_numbers.every_s,
        default=30,
        metavar="SECONDS",
        help="with --watch: seconds between",
    )
    actions.add_parser(
        "password", help="store the SMTP password (0600 file in the data folder; not the config)"
    )


def run_events(args: argparse.Namespace, settings: Any) -> int:
    """Run ``export events``; domain errors (one line each) go to the caller."""
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.export_folder import LocalBatchFolder
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import interpreter_config, open_database
    from app.cli_export import _INTERRUPTED, _exporter, _watch
    from app.domain.exports import ExportRefused
    from app.services.clock import SystemClock
    from app.services.exports import ExportService
    from app.services.outbox import EventExportService

    folder = args.to if args.to is not None else settings.export_folder
    if folder is None:
        raise ExportRefused("Give the folder with --to DIR, or set [export] folder.")
    fmt = args.format or settings.export_format
    if args.batch_size < 1 or (args.every is not None and args.every < 1):
        raise ExportRefused("--batch-size and --every must be 1 or more.")
    engine = open_database(settings.effective_database_url, make_folder=False)
    try:
        factory = SqlUnitOfWork.factory(engine)
        clock = SystemClock()
        hasher = Argon2CredentialHasher()
        codes = interpreter_config(settings)
        batches = ExportService(factory, clock, LocalBatchFolder(), hasher, codes)
        service = EventExportService(batches, factory, clock, args.batch_size)
        exporter = _exporter(batches, args.badge, "events")
        if args.watch:
            every = args.every or settings.export_interval_s
            return _watch(service, exporter, folder, fmt, every, _on_step, "events")
        try:
            done = service.export(exporter, folder, fmt, _on_step)
        except KeyboardInterrupt:
            print(f"packbench: {_INTERRUPTED}", file=sys.stderr)
            return 130
        print(done.summary)
        return 0
    finally:
        engine.dispose()


def _on_step(step: str, batch: Any) -> None:
    from app.cli_export import _on_step as halt_or_say

    if step == "written" and batch.file_name.startswith("events-"):
        print(
            f"... batch {batch.id}: {batch.file_name}, {batch.shipments} event(s)",
            file=sys.stderr,
            flush=True,
        )
        return halt_or_say("said", batch)
    return halt_or_say(step, batch)


def run_mail(args: argparse.Namespace, settings: Any) -> int:
    """Run ``mail send``: one round, or rounds until stopped with ``--watch``."""
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.mail_smtp import SmtpServer, load_templates
    from app.bootstrap import open_database
    from app.domain.errors import DomainError
    from app.mail_password import smtp_password
    from app.services.clock import SystemClock
    from app.services.mail import MailService, MailSetupError

    if args.mail_action == "password":
        from app.mail_password import read_password_input, save_smtp_password

        typed = read_password_input()
        if not typed.strip():
            raise MailSetupError("The SMTP password is empty: nothing stored. Type the password.")
        path = save_smtp_password(settings.data_dir, typed)
        print(f"SMTP password stored in {path} (readable by you only)")
        return 0
    if not settings.smtp_host or not settings.smtp_from:
        raise MailSetupError(
            "No mail server: set [smtp] host and [smtp] from in the config file "
            "(and the password as the README says)."
        )
    if args.every < 1:
        raise MailSetupError("--every must be 1 or more.")
    templates = load_templates(settings.data_dir / "mail")
    password = smtp_password(settings.data_dir)
    if settings.smtp_user and not password:
        raise MailSetupError(
            f"[smtp] user is {settings.smtp_user}, but there is no SMTP password: store it with "
            "packbench mail password (or set PACKBENCH_SMTP_PASSWORD). Nothing was sent."
        )
    server = SmtpServer(
        settings.smtp_host,
        settings.smtp_port,
        settings.smtp_starttls,
        settings.smtp_user,
        password,
        settings.smtp_from,
    )
    engine = open_database(settings.effective_database_url, make_folder=False)
    try:
        service = MailService(
            SqlUnitOfWork.factory(engine), SystemClock(), server, templates, settings.smtp_from
        )
        stop = threading.Event()
        while True:
            stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")
            try:
                run = service.send_due()
                print(f"{stamp}: {run.summary}", flush=True)
                for problem in run.problems:
                    print(f"{stamp}: {problem}", file=sys.stderr, flush=True)
            except DomainError as exc:
                if not args.watch or isinstance(exc, MailSetupError):
                    raise  # the set-up is wrong: said once, not retried forever
                print(f"{stamp}: packbench: {exc}", file=sys.stderr, flush=True)
            if not args.watch:
                return 0
            stop.wait(args.every)
    except KeyboardInterrupt:
        print("packbench: mail stopped; what was not sent goes next time", file=sys.stderr)
        return 130
    finally:
        engine.dispose()
