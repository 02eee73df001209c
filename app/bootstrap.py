"""The composition root: the only place that knows both the services and the adapters."""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, InterfaceError

from app.adapters.db import schema
from app.adapters.db.engine import forbid_sql_on_thread, make_engine, safe_url
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations, open_local_store
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.serial_scanner import SerialScanner
from app.adapters.devices.station_printer import station_printer
from app.adapters.security import Argon2CredentialHasher
from app.domain.barcodes import InterpreterConfig
from app.domain.errors import DatabaseUnavailable, SchemaMismatch
from app.domain.labels import Address
from app.domain.printing import PrinterState
from app.domain.returns import ReturnSetup, return_address, return_carriers
from app.services.clock import SystemClock
from app.services.device_ports import LabelPrinter, ScannerSource
from app.services.floor import FloorService
from app.services.offline import OfflineStation
from app.services.offline_parts import StationReprintDesk, SyncLoop
from app.services.packing import PackingService
from app.services.ports import StationRecord, UnitOfWorkFactory
from app.services.printing import LabelService
from app.services.results import PrintReport
from app.services.returns import ReturnLabels, ReturnsUnitOfWorkFactory
from app.services.scale_ports import ScaleSource
from app.services.site_admin import SiteAdminService
from app.services.story import StoryService
from app.settings import (
    PRINTER_SETTINGS,
    ConfigError,
    Settings,
    config_path,
    save_printer_settings,
)

log = logging.getLogger(__name__)


def open_database(url: str, *, create_if_empty: bool = True, make_folder: bool = False) -> Engine:
    """Connect, create the schema in an empty database, and refuse one of another version.
    ``make_folder``: create the SQLite file's folder (the station's own data folder); a
    database named on purpose must be in a folder that exists, so a typo is not silently a
    new, empty database.

    Raises ``DatabaseUnavailable`` or ``SchemaMismatch`` with a message for the person at the
    station; the password never appears in it.
    """
    engine = _connect(url, make_folder=make_folder)
    try:
        if create_if_empty and schema.is_empty(engine):
            log.info("creating the schema in the empty database %s", safe_url(url))
            schema.upgrade(engine)
        schema.check_schema(engine)
    except Exception:
        engine.dispose()
        raise
    return engine


def _connect(url: str, *, make_folder: bool = False) -> Engine:
    if url.startswith("sqlite:///"):
        folder = Path(url.removeprefix("sqlite:///")).parent
        blocker = next((p for p in (folder, *folder.parents) if p.exists()), folder)
        if blocker.exists() and not blocker.is_dir():
            raise DatabaseUnavailable(
                f"Cannot open the database {safe_url(url)}: {blocker} is a file, not a folder"
            )
        if not folder.exists() and not make_folder:
            raise DatabaseUnavailable(
                f"Cannot open the database {safe_url(url)}: the folder {folder} does not exist "
                "(check the path; a new database is made in a folder that exists)."
            )
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseUnavailable(
                f"Cannot open the database {safe_url(url)}: cannot make the folder {folder}: "
                f"{exc.strerror or exc}"
            ) from exc
    engine = make_engine(url)
    try:
        with engine.connect():
            pass
    except (DatabaseError, InterfaceError) as exc:  # DatabaseError: also a corrupt SQLite file
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        verb = "open" if url.startswith("sqlite") else "reach"
        raise DatabaseUnavailable(f"Cannot {verb} the database {safe_url(url)}: {reason}") from exc
    return engine


def current_schema(url: str) -> str | None:
    engine = _connect(url)
    try:
        return schema.current_revision(engine)
    finally:
        engine.dispose()


def upgrade_database(url: str, *, make_folder: bool = False) -> tuple[str | None, str]:
    """Migrate to the newest schema this version knows; refuse a database that is newer."""
    engine = _connect(url, make_folder=make_folder)
    try:
        before = schema.current_revision(engine)
        if before is not None and not schema.is_known(before):
            raise SchemaMismatch(
                f"This database was made by a newer Packbench (schema {before}); this version "
                "cannot migrate it. Update Packbench on this station."
            )
        log.info("migrating %s from %s", safe_url(url), before or "nothing")
        schema.upgrade(engine)
        return before, schema.head_revision()
    finally:
        engine.dispose()


def interpreter_config(settings: Settings) -> InterpreterConfig:
    return InterpreterConfig(
        badge_prefix=settings.badge_prefix,
        order_prefix=settings.order_prefix,
        tote_prefix=settings.tote_prefix,
        box_prefix=settings.box_prefix,
        command_prefix=settings.command_prefix,
        substitute_separator=settings.scan_gs_substitute or None,
    )


def scanner_sources(settings: Settings) -> list[ScannerSource]:
    """The station's serial / USB-CDC scanners (keyboard-wedge scanners need nothing)."""
    if not settings.serial_scanner_port:
        return []
    return [
        SerialScanner(
            settings.serial_scanner_port,
            baudrate=settings.serial_scanner_baudrate,
            terminator=settings.serial_scanner_terminator_bytes,
        )
    ]


def scale_source(settings: Settings) -> ScaleSource | None:
    """The station's scale ([scale] protocol "none": no scale; "simulated": the demo's)."""
    if settings.scale_protocol == "none":
        return None
    from app.adapters.devices.scales import make_scale

    options = (
        {"offset_g": settings.scale_simulate_offset_g}
        if settings.scale_protocol == "simulated"
        else {}
    )
    try:
        return make_scale(
            settings.scale_protocol,
            settings.scale_port,
            settings.scale_baudrate,
            settings.scale_pattern,
            **options,
        )
    except ValueError as exc:
        raise ConfigError(
            f"config file {settings.config_file}: [scale] protocol = "
            f'"{settings.scale_protocol}", port = "{settings.scale_port}": {exc}'
        ) from exc


def sender_address(settings: Settings) -> Address:
    return Address(
        name=settings.sender_name,
        line1=settings.sender_line1,
        postcode=settings.sender_postcode,
        city=settings.sender_city,
        country=settings.sender_country,
    )


def return_labels(
    settings: Settings, engine: Engine, clock: Any, uow: UnitOfWorkFactory | None = None
) -> ReturnLabels:
    """Return labels as the site sets them up ([returns]; none for no carriers). ``uow``: the
    station's label store where it is not the shared database (the offline station's)."""
    address = return_address(settings.return_address) or sender_address(settings)
    setup = ReturnSetup(return_carriers(settings.return_carriers), address)
    # Both stores are SqlUnitOfWork underneath, which has the return labels' repositories.
    chosen = cast(ReturnsUnitOfWorkFactory, uow) if uow else SqlUnitOfWork.factory(engine)
    return ReturnLabels(chosen, clock, setup)


@dataclass
class Station:
    """Everything one running station is made of, built once and handed to the UI."""

    settings: Settings
    engine: Engine
    record: StationRecord
    packing: PackingService
    labels: LabelService
    hasher: Argon2CredentialHasher
    floor: FloorService
    site: SiteAdminService | None = None  # the station reads its range warnings from it
    story: StoryService | None = None  # the supervisor console at the station
    sync: SyncLoop | None = None  # replays the offline journal ([offline] enabled)

    def printer_choice(self) -> dict[str, Any]:
        """The station's printer settings, as the printer settings dialog shows them."""
        return {key: getattr(self.settings, name) for key, name in PRINTER_SETTINGS.items()}

    def try_printer(self, choice: dict[str, Any]) -> tuple[PrinterState, PrintReport]:
        """Build the printer ``choice`` describes and print a test label on it (on the print
        worker: it talks to the printer). A choice that makes no printer raises ConfigError."""
        try:
            printer = station_printer(
                station=self.settings.station,
                kind=str(choice["kind"]),
                target=str(choice["target"]),
                language=str(choice["language"]),
                size=str(choice["label_size"]),
                profile=str(choice["profile"]),
                timeout=float(choice.get("timeout_s", 5.0)),
                labels_dir=self.settings.labels_dir,
                asks_status=bool(choice.get("asks_status", True)),
            )
        except ValueError as exc:
            raise ConfigError(f"printer settings: {exc}") from exc
        trial = LabelService(
            SqlUnitOfWork.factory(self.engine),
            SystemClock(),
            printer,
            sender_address(self.settings),
        )
        return trial.test_label(None)

    def save_printer(self, choice: dict[str, Any]) -> Path:
        """Write ``choice`` into this station's config file; used from the next start."""
        path = self.settings.config_file or config_path()
        save_printer_settings(path, choice)
        return path

    def forbid_sql_on_gui_thread(self) -> None:
        forbid_sql_on_thread(self.engine, threading.main_thread())

    def close(self) -> None:
        if self.sync is not None:
            self.sync.stop()
        self.engine.dispose()


def build_station(
    settings: Settings, engine: Engine | None = None, printer: LabelPrinter | None = None
) -> Station:
    if printer is None:  # first: a printer setting that makes no printer stops before the DB
        try:
            printer = station_printer(
                station=settings.station,
                kind=settings.printer_kind,
                target=settings.printer_target,
                language=settings.printer_language,
                size=settings.printer_label_size,
                profile=settings.printer_profile,
                timeout=settings.printer_timeout_s,
                labels_dir=settings.labels_dir,
                asks_status=settings.printer_asks_status,
            )
        except ValueError as exc:
            written = f'kind = "{settings.printer_kind}", target = "{settings.printer_target}"'
            raise ConfigError(
                f"config file {settings.config_file}: [printer] {written}: {exc}"
            ) from exc
    if engine is None:
        try:
            engine = open_database(
                settings.effective_database_url, make_folder=settings.database_url is None
            )
        except DatabaseUnavailable:
            url = settings.effective_database_url
            kept = settings.offline_enabled and _local_store_path(settings).exists()
            if not kept or not url.startswith("postgresql"):
                raise
            # Start offline: the shared database is not checked now; the station works from
            # its local store and syncs when the database answers (``SyncLoop``).
            log.warning("the shared database cannot be reached: starting offline")
            engine = make_engine(url)
    clock = SystemClock()
    hasher = Argon2CredentialHasher()

    uow_factory = SqlUnitOfWork.factory(engine)
    offline = offline_station(settings, engine, clock, hasher)
    packing = offline or PackingService(
        uow_factory,
        clock,
        hasher,
        interpreter_config(settings),
        packing_slips=settings.print_packing_slip,
    )
    record = packing.register_station(settings.station)
    labels_uow = offline.labels_uow() if offline else uow_factory
    returns = return_labels(settings, engine, clock, labels_uow)
    labels = LabelService(labels_uow, clock, printer, sender_address(settings), returns=returns)
    if offline:  # reprints and voids are refused while offline
        labels.desk = StationReprintDesk(offline, labels_uow, clock)
    log.info(
        "station %s on %s, printer %s",
        settings.station,
        safe_url(engine.url),
        printer.name,
    )
    floor = FloorService(uow_factory, clock)
    site = SiteAdminService(uow_factory, clock, hasher, interpreter_config(settings))
    story = StoryService(uow_factory)
    made = Station(settings, engine, record, packing, labels, hasher, floor, site, story)
    if offline is not None:
        made.sync = SyncLoop(offline, settings.offline_sync_s)
        made.sync.start()
    return made


def offline_station(
    settings: Settings, engine: Engine, clock: SystemClock, hasher: Argon2CredentialHasher
) -> OfflineStation | None:
    """The station that keeps packing while a shared PostgreSQL is away ([offline] enabled),
    its local store in the station's data folder."""
    if not settings.offline_enabled or engine.dialect.name != "postgresql":
        return None
    local = open_local_store(_local_store_path(settings))
    return OfflineStation(
        LocalJournalStore(local, engine, settings.offline_block_size),
        SharedAppliedOperations(engine),
        clock,
        hasher,
        interpreter_config(settings),
        packing_slips=settings.print_packing_slip,
        look_ahead=settings.offline_look_ahead,
    )


def _local_store_path(settings: Settings) -> Path:
    name = re.sub(r"[^A-Za-z0-9_-]", "_", settings.station)
    return settings.data_dir / "offline" / f"{name}.sqlite"
