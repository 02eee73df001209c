"""The ``packbench`` command: the station app, its database tools, the demo and the smoke test."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from app import __version__, cli_numbers

log = logging.getLogger("packbench")


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad command line ends in one line (and exit code 2), like bad settings."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="packbench", description="Packing-station software: scan, verify, weigh, label."
    )
    parser.add_argument("--version", action="version", version=f"packbench {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (sqlite:///… or postgresql://…)")
    parser.add_argument("--station", metavar="NAME", help="this station's name")
    parser.add_argument("--config", metavar="FILE", type=Path, help="the station's config file")
    parser.add_argument(
        "--demo", action="store_true", help="start on a fresh demo database with sample orders"
    )
    parser.add_argument(
        "--smoke-test", action="store_true", help="check the installation offscreen and exit"
    )
    parser.add_argument(
        "--quit-after",
        metavar="SECONDS",
        type=cli_numbers.seconds(),
        help="close the window SECONDS after it is shown (for start-up checks)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command")
    db = commands.add_parser("db", help="database tools")
    db.add_argument("action", choices=["upgrade", "current"])
    demo = commands.add_parser("demo", help="the demo database, without opening a window")
    demo_actions = demo.add_subparsers(dest="demo_action", required=True)
    demo_create = demo_actions.add_parser(
        "create", help="build the demo into a new, empty database (SQLite or PostgreSQL)"
    )
    demo_create.add_argument(
        "--db", dest="demo_db", metavar="URL", help="the database (default: the demo's own file)"
    )
    sheet = commands.add_parser("demo-sheet", help="write the demo barcode sheet (PDF)")
    sheet.add_argument("--out", type=Path, help="where to write the PDF")
    commands.add_parser(
        "supervise", help="open the supervisor console alone (an office PC): stations, holds"
    )
    commands.add_parser(
        "setup", help="the setup wizard: database, station name, printer, scanner, language"
    )
    commands.add_parser(
        "ports", help="list serial ports (scanners, scales) and USB HID scales: VID:PID and name"
    )
    commands.add_parser(
        "printer-test", help="ask the station's printer for its status and print a test label"
    )
    command_sheet = commands.add_parser(
        "commands-sheet", help="write the sheet of command barcodes to tape at the station (PDF)"
    )
    command_sheet.add_argument(
        "--out", type=Path, default=Path("packbench-commands.pdf"), help="where to write the PDF"
    )
    from app.cli_labels import add_parser as add_labels_parser

    add_labels_parser(commands)
    from app.cli_admin import add_parser as add_admin_parser
    from app.cli_export import add_parser as add_export_parser
    from app.cli_import import add_parser as add_import_parser
    from app.cli_intake import add_parser as add_intake_parser

    add_admin_parser(commands)
    add_import_parser(commands)
    add_export_parser(commands)
    add_intake_parser(commands)
    from app.cli_outbox import add_mail_parser

    add_mail_parser(commands)
    from app.cli_handoff import add_parser as add_handoff_parser

    add_handoff_parser(commands)
    from app.cli_scale import add_parser as add_scale_parser

    add_scale_parser(commands)
    from app.cli_offline import add_parser as add_offline_parser

    add_offline_parser(commands)
    return parser


def _configure_logging(verbose: bool) -> None:
    # Before escpos is imported: it calls logging.basicConfig() itself.
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    _configure_logging(args.verbose)
    from app.domain.errors import DomainError
    from app.settings import ConfigError

    try:
        code = _run(args)
        sys.stdout.flush()  # here, so a reader gone is caught below and not at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except (DomainError, ConfigError) as exc:
        message = " ".join(str(exc).splitlines())
        log.debug("cannot go on: %s", message)
        print(f"packbench: {message}", file=sys.stderr)
        shows_window = args.command in (None, "setup") and not args.smoke_test
        if shows_window and args.quit_after is None and _has_display():
            from app.gui import show_startup_error

            show_startup_error(message)
        return 2


#: The exit code of a command whose output's reader went away (as killed by SIGPIPE: 128+13).
READER_GONE = 141


def _reader_gone() -> int:
    """The reader of this command's output went away (``packbench manifest list | head``):
    stop quietly, the shell's way, for every command in this one place. What is still
    buffered for the closed pipe goes to the null device, so exit does not complain either."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
    return READER_GONE


def _has_display() -> bool:
    """Whether Qt can open a window (without one, creating the QApplication would abort)."""
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _run(args: argparse.Namespace) -> int:
    from app.settings import ConfigError, load_settings

    if args.command == "setup" or _first_start(args):
        written = _setup(args)
        if written is None or args.command == "setup":
            return 0
    settings = load_settings(
        args.config,
        database_url=args.db,
        station=args.station,
        scale_complete=args.command != "scale",
    )
    if args.smoke_test:
        from app.smoke import run_smoke_test

        return run_smoke_test(settings)
    if args.command == "db":
        return _db_command(
            args.action, settings.effective_database_url, own_folder=settings.database_url is None
        )
    if args.command == "printer-test":
        from app.bootstrap import build_station

        station = build_station(settings)
        try:
            state, report = station.labels.test_label(None)
        finally:
            station.close()
        print(f"printer {station.labels.printer.name}: status {state.state} {state.detail}")
        if report.error:
            print(f"test label NOT printed: {report.error}")
            return 1
        print(f"test label sent to {report.destination}; preview: {report.preview_path}")
        return 0
    if args.command == "labels":
        from app.cli_labels import run as run_labels

        return run_labels(args, settings)
    if args.command in ("users", "ranges"):
        from app.cli_admin import run as run_admin

        return run_admin(args, settings)
    if args.command == "demo":
        from app.demo import run as run_demo

        return run_demo(args, settings)
    if args.command in ("import", "orders"):
        from app.cli_import import run as run_import

        return run_import(args, settings)
    if args.command == "intake":
        from app.cli_intake import run as run_intake

        return run_intake(args, settings)
    if args.command == "export":
        from app.cli_export import run as run_export

        return run_export(args, settings)
    if args.command == "mail":
        from app.cli_outbox import run_mail

        return run_mail(args, settings)
    if args.command == "manifest":
        from app.cli_handoff import run as run_manifest

        return run_manifest(args, settings)
    if args.command == "scale":
        from app.cli_scale import run as run_scale

        return run_scale(args, settings)
    if args.command == "offline":
        from app.cli_offline import run as run_offline

        return run_offline(args, settings)
    if args.command == "ports":
        from app.cli_scale import print_ports

        print_ports()
        return 0
    if args.command == "commands-sheet":
        from app.adapters.documents.commands_sheet import write_commands_sheet

        out = _output_file(args.out)
        with _writing(out):
            path = write_commands_sheet(out, settings.command_prefix)
        print(f"command barcodes written to {path}")
        return 0
    if args.command == "demo-sheet":
        from app.demo import write_sheet_for

        sheet = _output_file(args.out) if args.out is not None else None
        with _writing(sheet):
            path = write_sheet_for(settings, sheet)
        print(f"demo sheet written to {path}")
        return 0
    if not _has_display():
        raise ConfigError(
            "no display to open the station's window on (DISPLAY is not set): start it on the "
            "station's desktop, or see 'packbench --help' for the commands"
        )
    if args.command == "supervise":
        from app.console import run_console

        return run_console(settings, quit_after=args.quit_after)
    if args.command == "dock" or (settings.station_mode == "dock" and not args.demo):
        from app.dock import run_dock

        return run_dock(settings, quit_after=args.quit_after)
    if args.demo:
        from app.demo import prepare_demo

        settings = prepare_demo(settings)
    from app.gui import run_gui

    _check_quit_after(args.quit_after)
    return run_gui(settings, quit_after=args.quit_after)


def _first_start(args: argparse.Namespace) -> bool:
    """Opening the station's window with nothing configured: no config file, no option or
    variable that names a database, a station or a config file (never the demo)."""
    if args.command is not None or args.demo or args.smoke_test:
        return False
    if args.config or args.db or args.station:
        return False
    if any(os.environ.get(name) for name in _CONFIGURING_VARIABLES):
        return False
    from app.settings import config_path

    return not config_path().exists()


_CONFIGURING_VARIABLES = ("PACKBENCH_CONFIG", "PACKBENCH_DB_URL", "PACKBENCH_STATION")


def _setup(args: argparse.Namespace) -> Path | None:
    """The setup wizard, prefilled from the config file (when there is one) and the data
    folder; the file it wrote, or None when cancelled (nothing written)."""
    from app.settings import ConfigError, Settings, config_path, load_settings

    if not _has_display():
        raise ConfigError(
            "no display to open the setup wizard on (DISPLAY is not set): run 'packbench setup' "
            "on the station's desktop, or write the config file (see the README)"
        )
    _check_quit_after(args.quit_after)
    path = args.config or config_path()
    own = {"PACKBENCH_DATA_DIR": os.environ.get("PACKBENCH_DATA_DIR", "")}
    settings = load_settings(path, environ=own) if path.exists() else Settings()
    from app.setup_station import run_setup

    written = run_setup(settings, path, quit_after=args.quit_after)
    if written is None:
        print("packbench: setup cancelled, nothing written; run 'packbench setup' to start again")
    elif args.command == "setup":
        print(f"packbench: configuration written to {written}; start the station with 'packbench'")
    return written


def _check_quit_after(quit_after: float | None) -> None:
    from app.settings import ConfigError

    if quit_after is not None and not 0 < quit_after <= 3600:
        raise ConfigError(f"--quit-after {quit_after:g}: give 0 < SECONDS <= 3600")


def _output_file(path: Path) -> Path:
    """``--out``: a file to (over)write in a folder that exists."""
    from app.settings import ConfigError

    if path.is_dir():
        raise ConfigError(f"--out {path}: is a folder; give a file name such as {path / 'x.pdf'}")
    if not path.parent.is_dir():
        raise ConfigError(f"--out {path}: the folder {path.parent} does not exist")
    return path


@contextlib.contextmanager
def _writing(path: Path | None) -> Iterator[None]:
    """Turn a failed write (permissions, a full disk) into one line naming the file."""
    from app.settings import ConfigError

    try:
        yield
    except OSError as exc:
        where = f"--out {path}" if path is not None else "the demo sheet"
        raise ConfigError(f"{where}: cannot be written ({exc.strerror or exc})") from exc


def _db_command(action: str, url: str, *, own_folder: bool) -> int:
    from app.bootstrap import current_schema, upgrade_database

    if action == "current":
        print(current_schema(url) or "none")
        return 0
    before, after = upgrade_database(url, make_folder=own_folder)
    print(f"schema {before or 'none'} -> {after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
