"""``packbench supervise``: the supervisor console alone, for an office PC. It signs in like a
station (a badge, and a PIN where the user has one) under the name ``console <host>``, which
never shows on the station board."""

from __future__ import annotations

import socket
import threading
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from app.adapters.db.demo_data import DemoBadge
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.badge_sheet import write_badge_sheet
from app.adapters.security import Argon2CredentialHasher
from app.bootstrap import interpreter_config, open_database, return_labels
from app.dock import handoff_service
from app.gui import application
from app.services.clock import SystemClock
from app.services.figures import FiguresService
from app.services.floor import FloorService
from app.services.packing import PackingService
from app.services.reprints import ReprintDesk
from app.services.results import Session
from app.services.site_admin import SiteAdminService
from app.services.story import StoryService
from app.settings import Settings
from app.ui.console.sign_in import ConsoleSignIn
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from app.ui.station.console_door import ConsoleTabs
from app.ui.style import scale_for_screen, use_scale


def console_name() -> str:
    return f"console {socket.gethostname()}"[:64]


def _badge_sheet(path: Path, cards: Sequence[tuple[str, str, str]]) -> Path:
    """The admin tab's badge sheet: (name, role, badge code) cards as a PDF."""
    return write_badge_sheet(path, [DemoBadge(*card) for card in cards])


def console_tabs(settings: Settings, engine: Engine, site: SiteAdminService) -> ConsoleTabs:
    """The console's Figures, Hand-off and Admin tabs: the same for ``packbench supervise``
    and for a supervisor at a station (F1)."""
    return ConsoleTabs(
        figures=FiguresService(SqlUnitOfWork.factory(engine)),
        handoff=handoff_service(settings, engine),
        site=site,
        badge_sheet=_badge_sheet,
    )


def run_console(settings: Settings, *, quit_after: float | None = None) -> int:
    app = application()
    use_scale(scale_for_screen(app.primaryScreen()))  # type and layout follow the screen
    engine = open_database(
        settings.effective_database_url, make_folder=settings.database_url is None
    )
    uow = SqlUnitOfWork.factory(engine)
    clock = SystemClock()
    hasher = Argon2CredentialHasher()
    packing = PackingService(uow, clock, hasher, interpreter_config(settings))
    floor = FloorService(uow, clock)
    record = floor.register_console(console_name())
    forbid_sql_on_thread(engine, threading.main_thread())
    worker = Worker("console-db")

    def sign_in(badge: str, pin: str | None) -> Session:
        return packing.sign_in(record, badge, pin).session

    try:
        dialog = ConsoleSignIn(sign_in, worker)
        if quit_after is not None:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(round(quit_after * 1000), dialog.reject)
        if not dialog.exec() or dialog.session is None:
            print("packbench: console closed without signing in")
            return 0
        changes = None
        if engine.dialect.name == "postgresql":
            from app.adapters.db.floor_listener import PgFloorListener

            changes = PgFloorListener(settings.effective_database_url)
        story = StoryService(uow)
        site = SiteAdminService(uow, clock, hasher)
        tabs = console_tabs(settings, engine, site)
        window = ConsoleWindow(
            floor,
            dialog.session,
            worker,
            changes=changes,
            story=story,
            packing=packing,
            desk=ReprintDesk(uow, clock),
            range_warnings=site.range_warnings,
            figures=tabs.figures,
            admin=tabs.admin_for(dialog.session),
            handoff=tabs.handoff,
            returns=return_labels(settings, engine, clock) if settings.return_carriers else None,
        )
        window.showMaximized()
        return app.exec()
    finally:
        worker.shutdown()
        engine.dispose()
