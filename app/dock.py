"""``packbench dock`` (or ``[station] mode = "dock"``): the dock screen, full screen (or a
window where ``[station] windowed``, as the pack screen), for loading carriers' cages and
trucks. The dock registers as a station of its own name and signs in by badge like one; it
needs no printer and no scale."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.adapters.security import Argon2CredentialHasher
from app.bootstrap import interpreter_config, open_database
from app.domain.handoff import parse_pickups, parse_service_groups
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.handoff import HandoffService
from app.services.packing import PackingService
from app.services.results import Session
from app.settings import Settings

if TYPE_CHECKING:  # Qt is imported when a window is made, not by the command line's use
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMainWindow, QWidget

    from app.ui.dock.screen import DockScreen
    from app.ui.placement import WindowPlacement
    from app.ui.runner import Worker
    from app.ui.station.heartbeat import Heartbeat


def handoff_service(
    settings: Settings, engine: Engine, folder: Path | None = None
) -> HandoffService:
    """The hand-off service as the settings describe it (pick-ups in this machine's zone)."""
    return HandoffService(
        SqlUnitOfWork.factory(engine),
        SystemClock(),
        codes=interpreter_config(settings),
        pickups=parse_pickups(settings.pickups),
        groups=parse_service_groups(settings.service_groups),
        zone=datetime.now().astimezone().tzinfo,
        folder=folder if folder is not None else settings.manifest_folder,
        fmt=settings.manifest_format,
        files=LocalBatchFolder("manifest folder", "no manifest file was written"),
        document=ManifestSheet(),
    )


def dock_window(
    screen: QWidget, settings: Settings, store: QSettings | None = None
) -> tuple[QMainWindow, WindowPlacement]:
    """The dock's window round ``screen``, placed as the pack screen's: full screen, or a
    window (its size and place kept) where ``[station] windowed = true``."""
    from PySide6.QtWidgets import QMainWindow

    from app.ui.placement import WindowPlacement

    window = QMainWindow()
    window.setWindowTitle(f"Packbench dock: {settings.station}")
    window.setCentralWidget(screen)
    key = f"dock-{settings.station}"
    return window, WindowPlacement(window, windowed=settings.windowed, key=key, store=store)


def build_dock(settings: Settings, engine: Engine, worker: Worker) -> tuple[DockScreen, Heartbeat]:
    """The dock's screen (scans, the cage's counts read again while idle) and its station
    heartbeat (who is signed in, for the console's board), as ``run_dock`` runs them."""
    from app.ui.dock.screen import DockActions, DockScreen
    from app.ui.station.heartbeat import Heartbeat

    codes = interpreter_config(settings)
    uow, clock = SqlUnitOfWork.factory(engine), SystemClock()
    packing = PackingService(uow, clock, Argon2CredentialHasher(), codes)
    record = packing.register_station(settings.station)
    handoff = handoff_service(settings, engine)

    def sign_in(badge: str) -> Session:
        return packing.sign_in(record, badge).session

    screen = DockScreen(DockActions(sign_in, handoff.dock_scan, handoff.cage), worker, codes)

    def signed_in() -> int | None:
        return None if screen.actor is None else screen.actor.user_id

    heartbeat = Heartbeat(
        FloorService(uow, clock), record.id, worker, signed_in, lambda: "none", parent=screen
    )
    return screen, heartbeat


def run_dock(settings: Settings, *, quit_after: float | None = None) -> int:
    from PySide6.QtCore import QTimer

    from app.gui import application
    from app.ui.runner import Worker
    from app.ui.scan_capture import ScanCapture
    from app.ui.sounds import SoundPlayer

    app = application()
    from app.ui.i18n import use_language

    use_language(settings.language)  # the dock's texts and answers in the station's language
    engine = open_database(
        settings.effective_database_url, make_folder=settings.database_url is None
    )
    worker = Worker("dock-db")
    try:
        screen, _heartbeat = build_dock(settings, engine, worker)
        forbid_sql_on_thread(engine, threading.main_thread())
        sounds = SoundPlayer(volume=settings.sound_volume)
        screen.sound.connect(sounds.play)
        capture = ScanCapture(
            settings.scan_max_gap_ms,
            settings.scan_min_length,
            prefix=settings.scan_prefix,
            suffix=settings.scan_suffix,
            terminator=settings.scan_terminator,
        )
        capture.scanned.connect(screen.on_scan)
        capture.install(app)
        window, placement = dock_window(screen, settings)
        placement.show()
        if quit_after is not None:
            QTimer.singleShot(round(quit_after * 1000), window.close)
        try:
            return app.exec()
        finally:
            placement.keep()
    finally:
        worker.shutdown()
        engine.dispose()
