"""``packbench manifest list|close|print``, ``packbench dock`` and ``packbench import
tracking FILE``: hand-off from the command line, through the same services as the screens.

::

    packbench manifest list [--all]
    packbench manifest close CARRIER [--group G] [--pickup ID] --badge BADGE [--move-reason R]
    packbench manifest print ID [--to DIR | --out FILE.pdf]
    packbench import tracking FILE | --watch [DIR] | --poll [--once]

Closing is for supervisors and admins, identified by ``--badge`` (and their PIN, typed or
from PACKBENCH_ADMIN_PIN, as for ``packbench export``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app import cli_numbers


def add_parser(commands: Any) -> None:
    manifest = commands.add_parser("manifest", help="carrier manifests: list, close, print")
    actions = manifest.add_subparsers(dest="manifest_action", required=True)
    listing = actions.add_parser("list", help="open manifests and the latest closed ones")
    listing.add_argument("--all", action="store_true", help="up to 500, not 50")
    close = actions.add_parser("close", help="close a carrier's manifest and write its files")
    close.add_argument("carrier", help="the carrier, such as DHL")
    close.add_argument("--group", default="", help="the service group, where the site has them")
    close.add_argument(
        "--pickup",
        type=cli_numbers.record_id,
        metavar="ID",
        help="the manifest id (default: the open one due today)",
    )
    close.add_argument("--badge", metavar="BADGE", help="your badge (a supervisor's/admin's)")
    close.add_argument(
        "--move-reason", metavar="REASON", help="move parcels not loaded to the next pick-up"
    )
    close.add_argument("--to", type=Path, metavar="DIR", help="folder (default [handoff] folder)")
    show = actions.add_parser(
        "print", help="write a closed manifest's PDF and CSV/JSON file (those not written yet)"
    )
    show.add_argument("id", type=cli_numbers.record_id, help="the manifest id")
    where = show.add_mutually_exclusive_group()
    where.add_argument(
        "--to", type=Path, metavar="DIR", help="folder (default: where it was closed, or [handoff])"
    )
    where.add_argument("--out", type=Path, metavar="FILE", help="only the PDF, to this file")
    commands.add_parser("dock", help="open the dock screen: scan parcels onto carriers' cages")


def add_tracking_parser(kinds: Any) -> None:
    tracking = kinds.add_parser(
        "tracking", help="tracking events from a carrier's CSV or JSON file (see the README)"
    )
    tracking.add_argument("file", type=Path, nargs="?", help="the .csv or .json file")
    tracking.add_argument(
        "--watch",
        type=Path,
        nargs="?",
        const=True,
        metavar="DIR",
        help="import the files dropped into DIR (default: [tracking] watch_dir) until stopped",
    )
    tracking.add_argument(
        "--poll",
        action="store_true",
        help="poll the carrier's web API ([tracking] url and fields) until stopped",
    )
    tracking.add_argument("--once", action="store_true", help="with --watch or --poll: one look")


def run(args: argparse.Namespace, settings: Any) -> int:
    from app.bootstrap import open_database
    from app.dock import handoff_service

    engine = open_database(settings.effective_database_url, make_folder=False)
    try:
        folder = getattr(args, "to", None)
        service = handoff_service(settings, engine, folder)
        if args.manifest_action == "list":
            return _list(service, 500 if args.all else 50)
        if args.manifest_action == "close":
            return _close(args, settings, engine, service)
        return _print(args, service)
    finally:
        engine.dispose()


def _list(service: Any, limit: int) -> int:
    rows = service.listing(None, limit)
    if not rows:
        print("no manifests yet")
    for record, loaded, expected in rows:
        cage = f"{record.carrier} {record.group}".strip()
        state = "open" if record.open else f"closed {record.closed_at:%Y-%m-%d %H:%M}"
        print(
            f"{record.id:>6}  {cage:<16} pick-up {record.pickup_at:%Y-%m-%d %H:%M}  {state:<22} "
            f"{loaded} of {expected} loaded"
        )
    return 0


def _close(args: argparse.Namespace, settings: Any, engine: Any, service: Any) -> int:
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import interpreter_config
    from app.cli_admin import ADMIN_PIN_VARIABLE, read_pin
    from app.cli_badge import sign_in
    from app.console import console_name
    from app.domain.errors import NotAllowed
    from app.domain.handoff import ManifestRefused
    from app.services.clock import SystemClock
    from app.services.floor import FloorService
    from app.services.handoff import Actor
    from app.services.packing import PackingService

    if args.badge is None:
        raise NotAllowed("Give your badge (a supervisor's or an admin's) with --badge BADGE.")
    uow, clock = SqlUnitOfWork.factory(engine), SystemClock()
    record = FloorService(uow, clock).register_console(console_name())
    packing = PackingService(uow, clock, Argon2CredentialHasher(), interpreter_config(settings))
    try:
        session = sign_in(packing, record, args.badge)
    except NotAllowed:
        pin = read_pin(f"PIN for badge {args.badge}: ", ADMIN_PIN_VARIABLE)
        session = sign_in(packing, record, args.badge, pin)
    actor = Actor(session.user_id, session.user_name, session.role, session.station_id)
    manifest_id = args.pickup or service.find_open(args.carrier, args.group, due_today=True)
    if manifest_id is None:
        raise ManifestRefused(f"{args.carrier}: no open manifest; see packbench manifest list.")
    closed = service.close(actor, manifest_id, args.move_reason, (args.carrier, args.group))
    record = closed.manifest
    print(
        f"manifest {record.id} {record.carrier} closed: {record.parcel_count} parcel(s), "
        f"{(record.weight_g or 0) / 1000:.2f} kg"
    )
    if closed.moved:
        print(f"{closed.moved} parcel(s) moved to manifest {closed.moved_to} (next pick-up)")
    for path in closed.files:
        print(f"written {path}")
    if not closed.files:
        print(
            "no files written (no [handoff] folder set): write them with "
            f"packbench manifest print {record.id} --to DIR"
        )
    return 0


def _print(args: argparse.Namespace, service: Any) -> int:
    from app.services.handoff import Actor

    if args.out is not None:
        record, pdf, _ = service.documents(args.id)
        _write_pdf(args.out, pdf, record.id)
        print(f"manifest {record.id} written to {args.out}")
        return 0
    from app.domain.model import Role

    for path, now in service.write_files(Actor(0, "command line", Role.ADMIN), args.id, args.to):
        print(f"written: {path}" if now else f"already there (not rewritten): {path}")
    return 0


def _write_pdf(out: Path, pdf: bytes, manifest_id: int) -> None:
    """The manifest's PDF to the file ``out``, or ``ManifestRefused`` saying why not."""
    from app.domain.handoff import ManifestRefused

    if out.is_dir():
        example = out / f"manifest-{manifest_id}.pdf"
        raise ManifestRefused(
            f"--out {out}: is a folder; give a file name such as {example}, or write the "
            f"manifest's files there with --to {out}. Nothing written."
        )
    if not out.parent.is_dir():
        raise ManifestRefused(
            f"--out {out}: the folder {out.parent} does not exist (it is never made up). "
            "Nothing written."
        )
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise ManifestRefused(
            f"--out {out}: cannot be written ({exc.strerror or exc}). Nothing written."
        ) from exc


def import_tracking(args: argparse.Namespace, settings: Any) -> int:
    from app.adapters.db.uow import SqlUnitOfWork
    from app.bootstrap import open_database
    from app.cli_import import _progress, _read
    from app.domain.import_files import FileRefused
    from app.domain.tracking_events import parse_status_map
    from app.services.clock import SystemClock
    from app.services.tracking_events import TrackingService
    from app.settings import ConfigError

    if (args.file is None) == (args.watch is None and not args.poll):
        raise ConfigError("import tracking: give a FILE, or --watch [DIR], or --poll")
    try:
        data = _read(args.file) if args.file is not None else b""
        engine = open_database(settings.effective_database_url, make_folder=False)
        try:
            service = TrackingService(
                SqlUnitOfWork.factory(engine), SystemClock(), parse_status_map(settings.status_map)
            )
            if args.file is None:
                return _keep_tracking(args, settings, engine, service)
            report = service.import_file(args.file.name, data, _progress)
        finally:
            engine.dispose()
    except FileRefused as refused:
        print(f"packbench: {refused.message}", file=sys.stderr)
        return 1
    print(report.summary)
    return 0


def _keep_tracking(args: argparse.Namespace, settings: Any, engine: Any, service: Any) -> int:
    """``--watch`` (the intake's watch-folder rules, files importing as ``import tracking
    FILE``) or ``--poll`` (the web API), every ``[tracking] poll_s`` until Ctrl-C / SIGTERM."""
    import signal
    import threading

    from app.adapters.db.imported_files import SqlImportedFiles
    from app.adapters.files.drop_folder import LocalDropFolder
    from app.adapters.tracking_http import HttpJsonSource
    from app.domain.errors import DomainError
    from app.domain.tracking_sources import parse_field_map
    from app.services.tracking_sources import poll
    from app.services.watch_folder import WatchFolder
    from app.settings import ConfigError

    look: Any
    failed: list[str] = []  # the last look's failure, if it failed
    if args.poll:
        if not settings.tracking_url or not settings.tracking_fields:
            raise ConfigError("import tracking --poll: set [tracking] url and fields")
        headers = {"X-Api-Key": settings.tracking_api_key} if settings.tracking_api_key else {}
        source = HttpJsonSource("tracking API", settings.tracking_url, headers=headers)
        fields = parse_field_map(settings.tracking_fields)

        def look(stop: Any) -> None:
            failed.clear()
            try:
                print(poll(service, source, fields).summary, flush=True)
            except DomainError as exc:
                failed.append(exc.message)
                print(f"packbench: {exc.message}", file=sys.stderr, flush=True)
    else:
        folder = settings.tracking_watch_dir if args.watch is True else args.watch
        if folder is None:
            raise ConfigError("import tracking --watch: give DIR or set [tracking] watch_dir")

        def imports(name: str, data: bytes, digest: str) -> Any:
            return service.import_file(name, data)

        try:
            dropped = LocalDropFolder(folder, "tracking watch folder")
        except DomainError as exc:
            print(f"packbench: {exc.message}", file=sys.stderr)
            return 2
        watcher = WatchFolder(dropped, SqlImportedFiles(engine), imports, imports)

        def look(stop: Any) -> None:
            for handled in watcher.poll(stop):
                print(handled.message, flush=True)

    stop = threading.Event()
    previous = {s: signal.signal(s, lambda *_: stop.set()) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        look(stop.is_set)
        if args.watch is not None and not stop.wait(min(settings.tracking_poll_s, 2.0)):
            look(stop.is_set)  # a file is read once it stood still for two looks
        while not args.once and not stop.wait(settings.tracking_poll_s):
            look(stop.is_set)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    return 2 if args.once and failed else 0  # --once: a look that failed is the exit's
