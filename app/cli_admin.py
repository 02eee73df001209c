"""``packbench users ...`` and ``packbench ranges ...``: setting up a site's people and numbers.

The same service as every other admin front end (``SiteAdminService``); who acts is the admin
whose badge is given with ``--admin-badge`` (``--badge`` too, except in ``users add``, where
``--badge`` is the new user's badge). PINs are never arguments: they are typed without echo.
Where no one types (scripts, tests), the acting admin's PIN comes from the environment
variable PACKBENCH_ADMIN_PIN and a new PIN from PACKBENCH_NEW_PIN; failing that, from lines of
standard input when it is not a terminal (the admin's PIN first, then the new one).
"""

from __future__ import annotations

import argparse
import csv
import getpass
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app import cli_numbers
from app.domain.message import LANGUAGE_CODES

#: The station languages by name, as the command line says them.
LANGUAGE_NAMES = {"en": "English", "de": "German", "es": "Spanish"}

ADMIN_PIN_VARIABLE = "PACKBENCH_ADMIN_PIN"
NEW_PIN_VARIABLE = "PACKBENCH_NEW_PIN"
_ROLES = ("packer", "supervisor", "admin")


def _admin_badge(parser: Any, *, alias: bool = True) -> None:
    names = ["--admin-badge", "--badge"] if alias else ["--admin-badge"]
    parser.add_argument(
        *names, dest="admin_badge", metavar="ADMIN_BADGE", help="your badge code (an admin's)"
    )


def add_parser(commands: Any) -> None:
    """Add ``users`` and ``ranges`` and their subcommands to ``packbench``'s subparsers."""
    users = commands.add_parser("users", help="the site's users: badges, PINs and roles")
    actions = users.add_subparsers(dest="users_action", required=True)
    add = actions.add_parser(
        "add", help="add a user (the first admin of a site needs no --admin-badge)"
    )
    add.add_argument("name", help="the person's name as stations show it")
    add.add_argument("--role", required=True, choices=_ROLES)
    add.add_argument("--badge", required=True, help="the new user's badge code (BDG...)")
    add.add_argument("--pin", action="store_true", help="ask for a PIN to sign in with")
    _admin_badge(add, alias=False)
    _admin_badge(actions.add_parser("list", help="list every user"))
    set_pin = actions.add_parser("set-pin", help="set (or --remove) a user's PIN")
    set_pin.add_argument("user_badge", metavar="BADGE", help="the user's badge code")
    set_pin.add_argument("--remove", action="store_true", help="sign in by badge alone")
    _admin_badge(set_pin)
    set_language = actions.add_parser(
        "set-language",
        help="choose the language a station switches to when this user signs in",
        description="Choose the language a station switches to when this user signs in "
        "(en English, de German, es Spanish), or 'station' to keep each station's own.",
    )
    set_language.add_argument("user_badge", metavar="BADGE", help="the user's badge code")
    set_language.add_argument(
        "language",
        choices=(*LANGUAGE_CODES, "station"),
        metavar="LANGUAGE",
        help=f"one of {', '.join(LANGUAGE_CODES)}, or 'station' for each station's own language",
    )
    _admin_badge(set_language)
    set_role = actions.add_parser("set-role", help="change a user's role")
    set_role.add_argument("user_badge", metavar="BADGE", help="the user's badge code")
    set_role.add_argument("role", choices=_ROLES)
    _admin_badge(set_role)
    sheet = actions.add_parser(
        "badge-sheet",
        help="a PDF of badges to print: give the codes (the database keeps only digests)",
    )
    sheet.add_argument("badges", nargs="*", metavar="BADGE", help="badge codes to print")
    sheet.add_argument(
        "--from",
        dest="from_file",
        type=Path,
        metavar="FILE",
        help="a file of badge codes: one a line, or a CSV with a 'badge' column",
    )
    sheet.add_argument(
        "--out", type=Path, default=Path("packbench-badges.pdf"), help="where to write the PDF"
    )
    _admin_badge(sheet)
    deactivate = actions.add_parser("deactivate", help="a user's badge no longer signs in")
    deactivate.add_argument("user_badge", metavar="BADGE", help="the user's badge code")
    _admin_badge(deactivate)
    unlock = actions.add_parser("unlock", help="unlock a user locked out after wrong PINs")
    unlock.add_argument("user_badge", metavar="BADGE", help="the user's badge code")
    _admin_badge(unlock)

    ranges = commands.add_parser("ranges", help="tracking-number and SSCC ranges")
    kinds = ranges.add_subparsers(dest="ranges_action", required=True)
    _admin_badge(kinds.add_parser("list", help="ranges with used and remaining numbers"))
    add_range = kinds.add_parser("add", help="add a carrier's S10 range or the site's SSCC range")
    schemes = add_range.add_subparsers(dest="scheme", required=True)
    s10 = schemes.add_parser("s10", help="UPU S10 tracking numbers of a carrier")
    s10.add_argument("--carrier", required=True, help="as orders name it (DHL, PostNL, ...)")
    s10.add_argument("--service-indicator", required=True, help="two letters, e.g. JJ")
    s10.add_argument("--country", required=True, help="ISO country code, e.g. DE")
    sscc = schemes.add_parser("sscc", help="the site's SSCC serial references")
    sscc.add_argument("--company-prefix", required=True, help="GS1 company prefix, 7-10 digits")
    sscc.add_argument(
        "--extension", type=cli_numbers.whole(0, 9), default=0, help="extension digit, 0-9"
    )
    for scheme in (s10, sscc):
        scheme.add_argument(
            "--first", type=cli_numbers.serial, required=True, help="first serial number"
        )
        scheme.add_argument(
            "--last", type=cli_numbers.serial, required=True, help="last serial number"
        )
        _admin_badge(scheme)


def read_pin(prompt: str, variable: str, *, confirm: bool = False) -> str:
    """A PIN typed without echo; from ``variable`` or a line of standard input where no one
    types (standard input is not a terminal)."""
    from app.services.site_admin import InvalidPin

    given = os.environ.get(variable)
    if given is not None:
        return given
    if sys.stdin.isatty():
        pin = getpass.getpass(prompt)
        if confirm and getpass.getpass("The same PIN again: ") != pin:
            raise InvalidPin("The two PINs typed differ; nothing was changed.")
        return pin
    line = sys.stdin.readline()
    if not line:
        raise InvalidPin(
            f"No PIN given: type it at a terminal, or set {variable} where no one types."
        )
    return line.rstrip("\r\n")


def run(args: argparse.Namespace, settings: Any) -> int:
    """Run one ``users`` or ``ranges`` subcommand; domain errors go to the caller."""
    from app.adapters.db.uow import SqlUnitOfWork
    from app.adapters.security import Argon2CredentialHasher
    from app.bootstrap import interpreter_config, open_database
    from app.domain.model import Role
    from app.services.clock import SystemClock
    from app.services.site_admin import SiteAdminService

    engine = open_database(
        settings.effective_database_url, make_folder=settings.database_url is None
    )
    try:
        service = SiteAdminService(
            SqlUnitOfWork.factory(engine),
            SystemClock(),
            Argon2CredentialHasher(),
            interpreter_config(settings),
        )
        if args.command == "users" and args.users_action == "unlock":
            from app.services.sign_in import SignInService

            admin = _admin(service, args)
            signing = SignInService(
                SqlUnitOfWork.factory(engine),
                SystemClock(),
                Argon2CredentialHasher(),
                interpreter_config(settings),
            )
            name, locked = signing.unlock_user(admin.user_id, Role.ADMIN, args.user_badge)
            if locked:
                print(f"{name} unlocked: their badge and PIN sign in again")
            else:
                print(f"{name} was not locked: their badge signs in already; nothing changed")
            return 0
        if args.command == "users":
            return _users(service, args)
        return _ranges(service, args)
    finally:
        engine.dispose()


def _admin(service: Any, args: argparse.Namespace, *, first_admin_ok: bool = False) -> Any:
    """The acting admin, or None for the first admin of a site."""
    from app.domain.errors import NotAllowed

    badge = args.admin_badge
    if badge is None:
        if service.first_admin_possible():
            if first_admin_ok:
                return None
            raise NotAllowed(
                "This site has no admin yet: add the first one with "
                "'packbench users add NAME --role admin --badge CODE'."
            )
        raise NotAllowed("Give your admin badge with --admin-badge BADGE.")
    pin = None
    if service.pin_required(badge):
        pin = read_pin(f"PIN for badge {badge}: ", ADMIN_PIN_VARIABLE)
    return service.identify(badge, pin)


def _users(service: Any, args: argparse.Namespace) -> int:
    from app.domain.model import Role

    action = args.users_action
    if action == "add":
        admin = _admin(service, args, first_admin_ok=args.role == "admin")
        pin = None
        if args.pin:
            pin = read_pin(f"PIN for {args.name}: ", NEW_PIN_VARIABLE, confirm=True)
        user = service.add_user(admin, args.name, Role(args.role), args.badge, pin)
        first = " (the site's first admin)" if admin is None else ""
        print(f"user {user.id} {user.name} added as {user.role}{first}")
        return 0
    admin = _admin(service, args)
    if action == "list":
        users = service.users(admin)
        if not users:
            print("no users")
            return 0
        rows = [
            (
                str(user.id),
                user.name,
                str(user.role),
                "active" if user.active else "deactivated",
                "yes" if user.pin_hash else "no",
                user.language or "station",
            )
            for user in users
        ]
        print(_table(("ID", "NAME", "ROLE", "STATE", "PIN", "LANGUAGE"), rows))
        return 0
    if action == "set-pin":
        pin = None
        if not args.remove:
            pin = read_pin(f"New PIN for badge {args.user_badge}: ", NEW_PIN_VARIABLE, confirm=True)
        user = service.set_pin(admin, args.user_badge, pin)
        print(f"{user.name}: PIN {'removed' if pin is None else 'set'}")
        return 0
    if action == "badge-sheet":
        return _badge_sheet(service, admin, args)
    if action == "set-language":
        language = None if args.language == "station" else args.language
        user = service.set_language(admin, args.user_badge, language)
        shown = LANGUAGE_NAMES.get(language or "", "")
        if language is None:
            print(f"{user.name}: stations keep their own language when {user.name} signs in")
        else:
            print(f"{user.name}: stations switch to {shown} ({language}) when {user.name} signs in")
        return 0
    if action == "set-role":
        user = service.set_role(admin, args.user_badge, Role(args.role))
        print(f"{user.name}: {user.role} -> {args.role}")
        return 0
    user = service.deactivate(admin, args.user_badge)
    print(f"{user.name} deactivated: the badge no longer signs in")
    return 0


def _badge_sheet(service: Any, admin: Any, args: argparse.Namespace) -> int:
    """Badges are stored as digests: the admin gives the codes (as arguments or a file they
    keep), the database confirms each belongs to an active user and gives the name and role
    printed on it."""
    from app.adapters.db.demo_data import DemoBadge
    from app.adapters.documents.badge_sheet import write_badge_sheet
    from app.settings import ConfigError

    codes = list(args.badges)
    if args.from_file is not None:
        codes += _badge_codes(args.from_file)
    if not codes:
        raise ConfigError("no badges to print: give badge codes, or --from FILE")
    holders = service.badge_holders(admin, codes)
    out: Path = args.out
    if not out.parent.is_dir() or out.is_dir():
        raise ConfigError(f"--out {out}: give a file name in a folder that exists")
    badges = [DemoBadge(user.name, str(user.role), code) for code, user in holders]
    try:
        write_badge_sheet(out, badges)
    except OSError as exc:
        raise ConfigError(f"--out {out}: cannot be written ({exc.strerror or exc})") from exc
    print(f"{len(badges)} badge(s) written to {out}")
    return 0


def _badge_codes(path: Path) -> list[str]:
    """Badge codes from ``path``: a CSV with a ``badge`` column, or one code a line."""
    from app.settings import ConfigError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"--from {path}: cannot be read ({exc})") from exc
    rows = [row for row in csv.reader(text.splitlines()) if any(cell.strip() for cell in row)]
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if "badge" in header:
        column = header.index("badge")
        return [row[column].strip() for row in rows[1:] if len(row) > column]
    return [row[0].strip() for row in rows]


def _ranges(service: Any, args: argparse.Namespace) -> int:
    admin = _admin(service, args)
    if args.ranges_action == "list":
        views = service.ranges(admin)
        for view in views:
            print(_range_line(view))
        if not views:
            print("no ranges: add one with 'packbench ranges add s10 ...' or '... sscc ...'")
        return 0
    if args.scheme == "s10":
        view = service.add_s10_range(
            admin, args.carrier, args.service_indicator, args.country, args.first, args.last
        )
    else:
        view = service.add_sscc_range(
            admin, args.company_prefix, args.extension, args.first, args.last
        )
    print(f"added: {_range_line(view)}")
    return 0


def _range_line(view: Any) -> str:
    line = (
        f"{view.label:<24} {view.first}-{view.record.last_serial}  used {view.used}  "
        f"remaining {view.remaining}"
    )
    if view.remaining == 0:
        return f"{line}  WARNING: used up, no label can be made"
    if view.warning:
        percent = 100 * view.used // view.total
        return f"{line}  WARNING: {percent}% used"
    return line


def _table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> str:
    """Columns as wide as their widest cell (a long name does not push the others out of
    line); the first column, a number, right-aligned."""
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = []
    for row in (header, *rows):
        cells = [row[0].rjust(widths[0])] + [
            cell.ljust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
