"""The supervisor console at a station: a supervisor signed in here opens it with F1 (or the
button, shown to supervisors only) and goes back to packing with Esc. It is the console
``packbench supervise`` opens, with the same tabs (``ConsoleTabs``: Figures, Hand-off, and
Admin for an admin). It reads on a worker of its own, so the station's scans never wait
behind the console's reads; signing out at the station closes it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QWidget

from app.domain.model import Role
from app.services.figures import FiguresService
from app.services.floor import FloorService
from app.services.handoff import HandoffService
from app.services.packing import PackingService
from app.services.reprints import ReprintDesk
from app.services.results import Session
from app.services.site_admin import SiteAdminService
from app.services.story import StoryService
from app.ui.console.admin import WriteBadgeSheet
from app.ui.console.window import ConsoleWindow
from app.ui.i18n import follow
from app.ui.runner import Worker
from app.ui.station.label_panels import insert_after

CONSOLE_KEY = "F1"


@dataclass(frozen=True)
class ConsoleTabs:
    """The console's tabs beyond the board, queue, holds, story and labels, as the
    composition root builds them (``app.console.console_tabs``): one console, two ways in.
    ``site`` gives the Admin tab, to admins only (its service checks the role again)."""

    figures: FiguresService | None = None
    handoff: HandoffService | None = None
    site: SiteAdminService | None = None
    badge_sheet: WriteBadgeSheet | None = None

    def admin_for(self, session: Session) -> tuple[SiteAdminService, WriteBadgeSheet | None] | None:
        if self.site is None or session.role is not Role.ADMIN:
            return None
        return self.site, self.badge_sheet


class ConsoleDoor(QObject):
    def __init__(
        self,
        window: QWidget,
        anchor: QWidget,
        floor: FloorService,
        story: StoryService,
        packing: PackingService,
        desk: ReprintDesk | None = None,
        range_warnings: Callable[[], Sequence[str]] | None = None,
        tabs: ConsoleTabs | None = None,
        printer: str | None = None,
    ) -> None:
        super().__init__(window)
        self._printer = printer  # the station's: the console's printed labels go there
        self._tabs = tabs or ConsoleTabs()
        self._window = window
        self._floor = floor
        self._story = story
        self._packing = packing
        self._desk = desk
        self._range_warnings = range_warnings
        self._session: Session | None = None
        self._worker = Worker("console", self)
        self.console: ConsoleWindow | None = None
        self.button = QPushButton()
        self.retranslate()
        follow(self.retranslate)
        self.button.setMinimumHeight(56)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setVisible(False)
        insert_after(anchor, self.button)
        self.button.clicked.connect(self.open)
        QShortcut(QKeySequence(CONSOLE_KEY), window).activated.connect(self.open)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Supervisor console  [{key}]").format(key=CONSOLE_KEY))

    def show_for(self, session: Session | None) -> None:
        """Follow the station's sign-in: the door is there for supervisors only, and a
        sign-out (or anyone else taking over: the console and its tabs are its user's)
        closes the console."""
        before = self._session
        self._session = session if session is not None and session.role.can_supervise else None
        self.button.setVisible(self._session is not None)
        if self._session is None or before is None or before.user_id != self._session.user_id:
            self.close()

    def open(self) -> None:
        if self._session is None:
            return
        if self.console is None:
            self.console = ConsoleWindow(
                self._floor,
                self._session,
                self._worker,
                story=self._story,
                packing=self._packing,
                back=self.back,
                desk=self._desk,
                range_warnings=self._range_warnings,
                figures=self._tabs.figures,
                admin=self._tabs.admin_for(self._session),
                handoff=self._tabs.handoff,
                printer=self._printer,
            )
        self.console.showMaximized()
        self.console.raise_()
        self.console.activateWindow()

    def back(self) -> None:
        """Back to packing: the console hides (and stops reading), the station comes up."""
        if self.console is not None:
            self.console.hide()
        self._window.raise_()
        self._window.activateWindow()

    def close(self) -> None:
        if self.console is not None:
            self.console.close()
            self.console.deleteLater()
            self.console = None

    def shutdown(self) -> None:
        self.close()
        self._worker.shutdown()
