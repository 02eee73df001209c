"""``packbench intake --watch DIR``: import the order files an order system drops into a folder.

Each file is imported once and moved to ``done/`` or ``failed/`` (with ``NAME.errors.txt``
beside it); the rules are in ``app.services.watch_folder``. Ctrl-C or SIGTERM stops after the
file being imported (a second Ctrl-C stops at once; that file's import is rolled back and it
stays in the folder). One log line per file.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from app.adapters.files.drop_folder import LocalDropFolder
    from app.domain.barcodes import InterpreterConfig
    from app.services.watch_folder import WatchFolder

log = logging.getLogger("packbench.intake")


def add_parser(commands: Any) -> None:
    intake = commands.add_parser(
        "intake", help="import the order files dropped into a folder (see the README)"
    )
    intake.add_argument(
        "--watch",
        type=Path,
        metavar="DIR",
        help="the folder to watch (default: [intake] watch_dir in the config file)",
    )
    intake.add_argument(
        "--poll-s",
        type=float,
        metavar="SECONDS",
        help="seconds between looks at the folder (default: [intake] poll_s, 2)",
    )


def build_watcher(
    engine: Engine, folder: LocalDropFolder, config: InterpreterConfig | None = None
) -> WatchFolder:
    """The watch folder over ``folder`` (a ``LocalDropFolder``) and the database ``engine``,
    wired as the command runs it (the tests use it too)."""
    from app.adapters.db.imported_files import SqlImportedFiles
    from app.adapters.db.uow import SqlUnitOfWork
    from app.services.catalogue import CatalogueService
    from app.services.clock import SystemClock
    from app.services.import_report import ImportReport
    from app.services.intake import IntakeService
    from app.services.watch_folder import WatchFolder

    uow, clock = SqlUnitOfWork.factory(engine), SystemClock()
    orders = IntakeService(uow, clock, config)
    products = CatalogueService(uow, clock, config)

    def import_orders(name: str, data: bytes, digest: str) -> ImportReport:
        return orders.import_orders(name, data, read_label=folder.read_label, file_digest=digest)

    def import_products(name: str, data: bytes, digest: str) -> ImportReport:
        return products.import_products(name, data, file_digest=digest)

    return WatchFolder(folder, SqlImportedFiles(engine), import_orders, import_products)


def run(args: argparse.Namespace, settings: Any) -> int:
    from app.adapters.files.drop_folder import LocalDropFolder
    from app.bootstrap import interpreter_config, open_database
    from app.settings import ConfigError

    path: Path | None = args.watch or settings.intake_watch_dir
    if path is None:
        raise ConfigError(
            "intake: no folder to watch; give --watch DIR or set [intake] watch_dir in the "
            "config file"
        )
    poll_s: float = args.poll_s if args.poll_s is not None else settings.intake_poll_s
    if not 0.05 <= poll_s <= 600:
        raise ConfigError(f"--poll-s {poll_s:g}: use a number of seconds from 0.05 to 600")
    folder = LocalDropFolder(path)
    engine = open_database(
        settings.effective_database_url, make_folder=settings.database_url is None
    )
    watcher = build_watcher(engine, folder, interpreter_config(settings))
    stop = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():  # asked twice: now
            raise KeyboardInterrupt
        stop.set()
        log.info("stopping after the file being imported (Ctrl-C again stops at once)")

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    log.info("watching %s every %g s for order files (Ctrl-C stops)", path, poll_s)
    try:
        while not stop.is_set():
            watcher.poll(stop.is_set)
            stop.wait(poll_s)
    except KeyboardInterrupt:
        log.info("stopped at once: a file being imported was not, and stays in the folder")
        return 130
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        engine.dispose()
    log.info("stopped")
    return 0
