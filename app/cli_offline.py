"""``python -m app.cli_offline``: the numbers offline stations reserved, and retiring them.

    python -m app.cli_offline blocks STATION [--db URL]
    python -m app.cli_offline retire STATION --reason TEXT --admin-badge BADGE [--db URL]

The database is ``--db`` or ``PACKBENCH_DB_URL`` (the shared one); the acting admin's PIN, where
they have one, as for ``packbench users`` (``PACKBENCH_ADMIN_PIN`` or a line of stdin). A
refusal is one line on stderr and exit code 1.
"""

from __future__ import annotations

import argparse
import os
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app.cli_offline", description=__doc__)
    parser.add_argument("--db", default=os.environ.get("PACKBENCH_DB_URL"), help="database URL")
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("blocks", help="the blocks a station reserved")
    listing.add_argument("station")
    retire = actions.add_parser("retire", help="retire a dead station's live blocks")
    retire.add_argument("station")
    retire.add_argument("--reason", required=True)
    retire.add_argument("--admin-badge", required=True)
    return parser


def main(argv: list[str] | None = None) -> int:
    from app.adapters.db.journal_numbers import SqlNumberBlocks
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import open_database
    from app.cli_admin import ADMIN_PIN_VARIABLE, read_pin
    from app.domain.errors import DomainError
    from app.domain.model import Role
    from app.services.clock import SystemClock
    from app.services.offline_blocks import NumberBlockService, describe
    from app.services.site_admin import SiteAdminService

    args = _parser().parse_args(argv)
    if not args.db:
        print("Give the shared database with --db URL or PACKBENCH_DB_URL.", file=sys.stderr)
        return 1
    try:
        engine = open_database(args.db, create_if_empty=False)
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    try:
        clock = SystemClock()
        service = NumberBlockService(SqlNumberBlocks(engine), clock)
        if args.action == "blocks":
            blocks = service.blocks(args.station)
            for block in blocks:
                print(describe(block))
            if not blocks:
                print(f"{args.station} reserved no numbers")
            return 0
        site = SiteAdminService(SqlUnitOfWork.factory(engine), clock, Argon2CredentialHasher())
        pin = None
        if site.pin_required(args.admin_badge):
            pin = read_pin(f"PIN for badge {args.admin_badge}: ", ADMIN_PIN_VARIABLE)
        admin = site.identify(args.admin_badge, pin)
        for block in service.retire(admin.user_id, Role.ADMIN, args.station, args.reason):
            print("retired " + describe(block).split(": ")[0])
        return 0
    except DomainError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
