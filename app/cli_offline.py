"""``packbench offline``: the numbers offline stations reserved, and retiring a dead one's.

    packbench [--db URL] offline blocks STATION --badge BADGE
    packbench [--db URL] offline retire STATION --reason TEXT --badge BADGE [--force]

For supervisors and admins, identified by ``--badge`` (and their PIN where they have one, typed
or from ``PACKBENCH_ADMIN_PIN`` or a line of stdin where no one types); anyone else is refused
(audited). The database is the station's (``--db``, ``PACKBENCH_DB_URL`` or the config file):
the shared one. A refusal is one line on stderr. ``python -m app.cli_offline ARGS`` is
``packbench offline ARGS`` (``--admin-badge`` is ``--badge``; ``--db URL`` may come first).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(commands: Any) -> None:
    """Add ``offline`` and its subcommands to the ``packbench`` command's subparsers."""
    offline = commands.add_parser(
        "offline", help="numbers reserved by offline stations (supervisors)"
    )
    actions = offline.add_subparsers(dest="offline_action", required=True)
    listing = actions.add_parser("blocks", help="the blocks a station reserved")
    retire = actions.add_parser("retire", help="retire a dead station's live blocks")
    retire.add_argument("--reason", required=True, help="why (audited)")
    retire.add_argument(
        "--force",
        action="store_true",
        help="retire a live station's blocks (it stops using them at its next contact)",
    )
    for action in (listing, retire):
        action.add_argument("station", metavar="STATION")
        action.add_argument(
            "--badge",
            "--admin-badge",
            dest="badge",
            required=True,
            metavar="BADGE",
            help="your badge (a supervisor's or an admin's)",
        )


def run(args: argparse.Namespace, settings: Any) -> int:
    from app.adapters.db.journal_numbers import SqlNumberBlocks
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import interpreter_config, open_database
    from app.cli_admin import ADMIN_PIN_VARIABLE, read_pin
    from app.console import console_name
    from app.domain.errors import NotAllowed
    from app.services.clock import SystemClock
    from app.services.floor import FloorService
    from app.services.offline_blocks import NumberBlockService, describe, what
    from app.services.packing import PackingService

    engine = open_database(settings.effective_database_url, create_if_empty=False)
    try:
        uow, clock = SqlUnitOfWork.factory(engine), SystemClock()
        record = FloorService(uow, clock).register_console(console_name())
        packing = PackingService(uow, clock, Argon2CredentialHasher(), interpreter_config(settings))
        try:
            session = packing.sign_in(record, args.badge).session
        except NotAllowed:  # a PIN to go with the badge
            pin = read_pin(f"PIN for badge {args.badge}: ", ADMIN_PIN_VARIABLE)
            session = packing.sign_in(record, args.badge, pin).session
        service = NumberBlockService(SqlNumberBlocks(engine), clock)
        if args.offline_action == "blocks":
            blocks = service.blocks(session, args.station)
            for block in blocks:
                print(describe(block))
            if not blocks:
                print(f"{args.station} reserved no numbers")
            return 0
        for block in service.retire(session, args.station, args.reason, force=args.force):
            print("retired " + what(block))
        return 0
    finally:
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    """``python -m app.cli_offline``: the same as ``packbench offline``."""
    from app.main import main as packbench

    rest = list(sys.argv[1:] if argv is None else argv)
    first: list[str] = []
    if rest[:1] == ["--db"] and len(rest) > 1:
        first, rest = rest[:2], rest[2:]
    return packbench([*first, "offline", *rest])


if __name__ == "__main__":
    sys.exit(main())
