"""The ``packbench`` command: the station app, its database tools, the demo and the smoke test."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from app import __version__

log = logging.getLogger("packbench")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    commands = parser.add_subparsers(dest="command")
    db = commands.add_parser("db", help="database tools")
    db.add_argument("action", choices=["upgrade", "current"])
    sheet = commands.add_parser("demo-sheet", help="write the demo barcode sheet (PDF)")
    sheet.add_argument("--out", type=Path, help="where to write the PDF")
    commands.add_parser("ports", help="list serial ports (for a serial scanner): VID:PID and name")
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
    from app.settings import ConfigError, load_settings

    try:
        settings = load_settings(args.config, database_url=args.db, station=args.station)
        if args.smoke_test:
            from app.smoke import run_smoke_test

            return run_smoke_test(settings)
        if args.command == "db":
            return _db_command(args.action, settings.effective_database_url)
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
        if args.command == "ports":
            from app.adapters.devices.serial_scanner import discover_ports

            ports = discover_ports()
            for port in ports:
                print(port.label)
            if not ports:
                print("no serial ports found")
            return 0
        if args.command == "commands-sheet":
            from app.adapters.documents.commands_sheet import write_commands_sheet

            path = write_commands_sheet(args.out, settings.command_prefix)
            print(f"command barcodes written to {path}")
            return 0
        if args.command == "demo-sheet":
            from app.demo import write_sheet_for

            path = write_sheet_for(settings, args.out)
            print(f"demo sheet written to {path}")
            return 0
        if args.demo:
            from app.demo import prepare_demo

            settings = prepare_demo(settings)
        from app.gui import run_gui

        return run_gui(settings)
    except (DomainError, ConfigError) as exc:
        message = exc.message if isinstance(exc, DomainError) else str(exc)
        log.error("%s", message)
        print(f"packbench: {message}", file=sys.stderr)
        return 2


def _db_command(action: str, url: str) -> int:
    from app.bootstrap import current_schema, upgrade_database

    if action == "current":
        print(current_schema(url) or "none")
        return 0
    before, after = upgrade_database(url)
    print(f"schema {before or 'none'} -> {after}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
