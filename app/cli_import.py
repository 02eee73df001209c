"""``packbench import products|boxes FILE [--dry-run]``: the catalogue or the box types from a
CSV or JSON file; ``packbench import kits FILE [--dry-run]``: which products are kits of which
(CSV).

A file is all or nothing: a refused file prints every problem, one per line, and nothing is
written. A file larger than the limit is refused before it is read.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.domain.import_files import MAX_FILE_BYTES, FileRefused, check_size


def add_parser(commands: Any) -> None:
    """Add ``import`` and its subcommands to the ``packbench`` command's subparsers."""
    importing = commands.add_parser("import", help="import products or orders from a file")
    kinds = importing.add_subparsers(dest="import_kind", required=True)
    products = kinds.add_parser(
        "products", help="products and their barcodes from a CSV or JSON file (see the README)"
    )
    products.add_argument("file", type=Path, help="the .csv or .json file")
    products.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    boxes = kinds.add_parser(
        "boxes", help="box types (code, inside size, tare, maximum weight) from a CSV or JSON file"
    )
    boxes.add_argument("file", type=Path, help="the .csv or .json file")
    boxes.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    orders = kinds.add_parser(
        "orders", help="orders and their lines from a CSV or JSON file (see the README)"
    )
    orders.add_argument("file", type=Path, help="the .csv or .json file")
    orders.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    kits = kinds.add_parser(
        "kits", help="kits and their components from a CSV file (see the README)"
    )
    kits.add_argument("file", type=Path, help="the .csv file")
    kits.add_argument(
        "--dry-run", action="store_true", help="check the file and report; write nothing"
    )
    from app.cli_handoff import add_tracking_parser

    add_tracking_parser(kinds)
    handling = commands.add_parser("orders", help="orders already imported")
    actions = handling.add_subparsers(dest="orders_action", required=True)
    release = actions.add_parser("release", help="move received orders to ready")
    release.add_argument("references", nargs="+", help="order references")


def run(args: argparse.Namespace, settings: Any) -> int:
    """Run one ``import`` subcommand. A refused file: every problem on stderr, exit code 1."""
    from app.adapters.db.uow import SqlUnitOfWork
    from app.bootstrap import interpreter_config, open_database
    from app.services.boxes import BoxImport, import_boxes
    from app.services.catalogue import CatalogueService, ProductImport
    from app.services.clock import SystemClock
    from app.services.intake import IntakeService, OrderImport
    from app.services.kits import KitImport, KitService

    if args.command == "orders":
        return _release(args, settings)
    if args.import_kind == "tracking":
        from app.cli_handoff import import_tracking

        return import_tracking(args, settings)

    path: Path = args.file
    steps: list[str] = []

    def progress(step: str) -> None:
        steps.append(step)
        _progress(step)

    try:
        data = _read(path)
        engine = open_database(
            settings.effective_database_url, make_folder=settings.database_url is None
        )
        try:
            uow, clock, config = (
                SqlUnitOfWork.factory(engine),
                SystemClock(),
                interpreter_config(settings),
            )
            report: ProductImport | OrderImport | KitImport | BoxImport
            if args.import_kind == "kits":
                report = KitService(uow, clock).import_kits(path.name, data, dry_run=args.dry_run)
            elif args.import_kind == "boxes":
                report = import_boxes(
                    uow, clock, path.name, data, dry_run=args.dry_run, progress=progress
                )
            elif args.import_kind == "orders":
                report = IntakeService(uow, clock, config).import_orders(
                    path.name,
                    data,
                    read_label=_label_reader(path.parent),
                    dry_run=args.dry_run,
                    progress=progress,
                )
            else:
                report = CatalogueService(uow, clock, config).import_products(
                    path.name, data, dry_run=args.dry_run, progress=progress
                )
        finally:
            engine.dispose()
    except FileRefused as refused:
        _end_line()
        print(f"packbench: {refused.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        _end_line()
        # Before the commit: the transaction is rolled back as the unit of work ends. During
        # it: either way, and importing the file again completes it or changes nothing.
        said = (
            "cancelled while committing: import it again to be sure (a file already in "
            "changes nothing)"
            if steps and steps[-1].endswith("committing")
            else "import cancelled, nothing was written"
        )
        print(f"packbench: {path.name}: {said}", file=sys.stderr)
        return 130
    _end_line()
    print(report.summary)
    return 0


def _end_line() -> None:
    """End a progress line left open on the terminal."""
    if _line["open"]:
        print(file=sys.stderr, flush=True)
        _line["open"] = False


def _progress(step: str) -> None:
    """Each step on stderr: counts (``12,000 / 25,000 orders written``) rewrite one line in
    place on a terminal; anything else, and everything when stderr is not a terminal, is a
    line of its own."""
    from app.services.import_report import Count

    if isinstance(step, Count) and sys.stderr.isatty():
        print(f"\r\x1b[K... {step}", end="", file=sys.stderr, flush=True)
        _line["open"] = True
        return
    _end_line()
    print(f"... {step}", file=sys.stderr, flush=True)


#: Whether a progress line on the terminal waits for its end.
_line = {"open": False}


def _read(path: Path) -> bytes:
    """The file's bytes; a missing file or one over the limit is refused before reading."""
    name = path.name
    try:
        with path.open("rb") as file:
            check_size(name, path.stat().st_size)
            data = file.read(MAX_FILE_BYTES + 1)
    except IsADirectoryError as exc:
        raise FileRefused(name, [f"{path}: is a folder, not a file"]) from exc
    except OSError as exc:
        raise FileRefused(name, [f"{path}: cannot be read ({exc.strerror or exc})"]) from exc
    check_size(name, len(data))  # grown while being read
    return data


def _label_reader(folder: Path) -> Callable[[str], bytes | str]:
    """Upstream label files, named relative to the orders file's folder."""

    def read(name: str) -> bytes | str:
        path = folder / name
        try:
            if path.stat().st_size > _LABEL_MAX_BYTES:
                return f"larger than {_LABEL_MAX_BYTES:,} bytes"
            return path.read_bytes()
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"

    return read


_LABEL_MAX_BYTES = 5 * 1024 * 1024


def _release(args: argparse.Namespace, settings: Any) -> int:
    """``packbench orders release REF...``: received orders to ready, all or none."""
    from app.adapters.db.uow import SqlUnitOfWork
    from app.bootstrap import open_database
    from app.services.clock import SystemClock
    from app.services.intake import IntakeService, ReleaseRefused

    engine = open_database(settings.effective_database_url, make_folder=False)
    try:
        released = IntakeService(SqlUnitOfWork.factory(engine), SystemClock()).release(
            args.references
        )
    except ReleaseRefused as refused:
        print(f"packbench: {refused.message}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    print(f"released {len(released)} order(s) to ready: {', '.join(released)}")
    return 0
