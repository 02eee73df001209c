"""``packbench manifest list|close|print``, ``packbench dock`` and ``packbench import
tracking FILE``: hand-off from the command line, through the same services as the screens.

::

    packbench manifest list [--all]
    packbench manifest close CARRIER [--group G] [--pickup ID] --badge BADGE [--move-reason R]
    packbench manifest print ID [--out FILE.pdf]
    packbench import tracking FILE

Closing is for supervisors and admins, identified by ``--badge`` (and their PIN, typed or
from PACKBENCH_ADMIN_PIN, as for ``packbench export``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    manifest = commands.add_parser("manifest", help="carrier manifests: list, close, print")
    actions = manifest.add_subparsers(dest="manifest_action", required=True)
    listing = actions.add_parser("list", help="open manifests and the latest closed ones")
    listing.add_argument("--all", action="store_true", help="up to 500, not 50")
    close = actions.add_parser("close", help="close a carrier's manifest and write its files")
    close.add_argument("carrier", help="the carrier, such as DHL")
    close.add_argument("--group", default="", help="the service group, where the site has them")
    close.add_argument("--pickup", type=int, metavar="ID", help="the manifest id (default: open)")
    close.add_argument("--badge", metavar="BADGE", help="your badge (a supervisor's/admin's)")
    close.add_argument(
        "--move-reason", metavar="REASON", help="move parcels not loaded to the next pick-up"
    )
    close.add_argument("--to", type=Path, metavar="DIR", help="folder (default [handoff] folder)")
    show = actions.add_parser("print", help="write a manifest's PDF (and its missing files)")
    show.add_argument("id", type=int, help="the manifest id")
    show.add_argument("--out", type=Path, metavar="FILE", help="write the PDF here instead")
    commands.add_parser("dock", help="open the dock screen: scan parcels onto carriers' cages")


def add_tracking_parser(kinds: Any) -> None:
    tracking = kinds.add_parser(
        "tracking", help="tracking events from a carrier's CSV or JSON file (see the README)"
    )
    tracking.add_argument("file", type=Path, help="the .csv or .json file")


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
        session = packing.sign_in(record, args.badge).session
    except NotAllowed:
        pin = read_pin(f"PIN for badge {args.badge}: ", ADMIN_PIN_VARIABLE)
        session = packing.sign_in(record, args.badge, pin).session
    actor = Actor(session.user_id, session.user_name, session.role, session.station_id)
    manifest_id = args.pickup or service.find_open(args.carrier, args.group)
    if manifest_id is None:
        raise ManifestRefused(f"{args.carrier}: no open manifest; see packbench manifest list.")
    closed = service.close(actor, manifest_id, args.move_reason)
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
        print("no files written: set [handoff] folder (or --to DIR) and run manifest print")
    return 0


def _print(args: argparse.Namespace, service: Any) -> int:
    from app.services.handoff import Actor

    if args.out is not None:
        record, pdf, _ = service.documents(args.id)
        args.out.write_bytes(pdf)
        print(f"manifest {record.id} written to {args.out}")
        return 0
    from app.domain.model import Role

    for path in service.write_files(Actor(0, "command line", Role.ADMIN), args.id):
        print(f"in place: {path}")
    return 0


def import_tracking(args: argparse.Namespace, settings: Any) -> int:
    from app.adapters.db.uow import SqlUnitOfWork
    from app.bootstrap import open_database
    from app.cli_import import _progress, _read
    from app.domain.import_files import FileRefused
    from app.domain.tracking_events import parse_status_map
    from app.services.clock import SystemClock
    from app.services.tracking_events import TrackingService

    try:
        data = _read(args.file)
        engine = open_database(settings.effective_database_url, make_folder=False)
        try:
            service = TrackingService(
                SqlUnitOfWork.factory(engine), SystemClock(), parse_status_map(settings.status_map)
            )
            report = service.import_file(args.file.name, data, _progress)
        finally:
            engine.dispose()
    except FileRefused as refused:
        print(f"packbench: {refused.message}", file=sys.stderr)
        return 1
    print(report.summary)
    return 0
