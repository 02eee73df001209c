"""The console window: tabs for the station board and the held orders, refreshed every
``REFRESH_MS`` on the worker thread (never SQL on the GUI thread); only what changed is
redrawn."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.floor import HoldResolution, Short
from app.domain.model import OrderLine
from app.services.figures import FiguresService
from app.services.floor import FloorService, StationTile
from app.services.floor_ports import FloorChanges, HeldOrder
from app.services.handoff import Actor, HandoffService
from app.services.packing import PackingService
from app.services.print_results import UncertainLabel
from app.services.queue_ports import QueueFilter
from app.services.reprints import ReprintDesk
from app.services.results import Session
from app.services.returns import ReturnLabels
from app.services.site_admin import SiteAdminService
from app.services.story import StoryService
from app.services.story_ports import FoundOrder, StoryQuery
from app.ui.console.admin import AdminPanel, WriteBadgeSheet
from app.ui.console.board import WHOLE as BOARD_WHOLE
from app.ui.console.board import WIDE as BOARD_WIDE
from app.ui.console.board import BoardModel
from app.ui.console.figures import FiguresPanel
from app.ui.console.fit import fit_table
from app.ui.console.holds import HoldsPanel, TextDialog
from app.ui.console.label_actions import LabelActions
from app.ui.console.manifests import ManifestsPanel
from app.ui.console.queue import QueuePanel
from app.ui.console.story import StoryPanel
from app.ui.message_label import MessageLabel
from app.ui.runner import Operation, Worker
from app.ui.style import px, scaled

T = TypeVar("T")

REFRESH_MS = 2000
CHANGE_DEBOUNCE_MS = 100
#: Sizes for a 1920x1080 screen, scaled with the screen as the station's are
#: (``app.ui.style.scaled``): at 1366x768 the type is what it was before it scaled (18 px).
CONSOLE_STYLE = """
QWidget { font-size: 26px; }
QLabel#consoleTitle { font-size: 36px; font-weight: bold; padding: 8px; }
QLabel#consoleMessage { font-size: 28px; padding: 8px; }
QLabel#consoleRanges { background: #fff59d; color: black; padding: 8px; }
QTableView { font-size: 28px; }
QTableView#board { font-size: 34px; }
QTabBar::tab { font-size: 22px; padding: 8px 12px; }
QPushButton { padding: 6px 14px; }
"""
ROW_HEIGHT = 62  # the board's rows, at 1080 px


class ConsoleWindow(QMainWindow):
    #: Emitted from the listener's thread when the database announces a change.
    floor_changed = Signal()

    def __init__(
        self,
        floor: FloorService,
        session: Session,
        worker: Worker,
        refresh_ms: int = REFRESH_MS,
        changes: FloorChanges | None = None,
        story: StoryService | None = None,
        packing: PackingService | None = None,
        back: Callable[[], None] | None = None,
        desk: ReprintDesk | None = None,
        range_warnings: Callable[[], Sequence[str]] | None = None,
        figures: FiguresService | None = None,
        admin: tuple[SiteAdminService, WriteBadgeSheet | None] | None = None,
        handoff: HandoffService | None = None,
        returns: ReturnLabels | None = None,
        printer: str | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(f"Packbench console - {session.user_name}")
        self.setStyleSheet(scaled(CONSOLE_STYLE))
        self._floor = floor
        self._session = session
        self.session_ = session  # read by the panels' actions (LabelActions)
        self._worker = worker
        self._reading = False
        self._again = False
        self._closed = False
        self.title = QLabel(f"Supervisor console  ·  {session.user_name} ({session.role.value})")
        self.title.setObjectName("consoleTitle")
        self.title.setWordWrap(True)  # a long name wraps: the window never grows wider
        # A long refusal wraps too, a long code in it is cut in the middle (whole as the
        # tooltip), and its width never counts in the window's minimum.
        self.message = MessageLabel("")
        self.message.setObjectName("consoleMessage")
        self._range_warnings = range_warnings
        self.ranges = QLabel("")
        self.ranges.setObjectName("consoleRanges")
        self.ranges.setWordWrap(True)
        self.ranges.hide()
        self.board = BoardModel(self)
        self.board_view = QTableView()
        self.board_view.setObjectName("board")
        self.board_view.setModel(self.board)
        self.board_view.verticalHeader().hide()
        self.board_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Every column fits the screen: a long station or packer name is cut with "…" and
        # shows whole as a tooltip; the board never scrolls sideways.
        fit_table(self.board_view, whole=BOARD_WHOLE, wide=BOARD_WIDE)
        self.board_view.verticalHeader().setDefaultSectionSize(px(ROW_HEIGHT))
        self.holds = HoldsPanel(self._resolve, self._load_lines)
        # Under the board: release the order a station holds (one that went offline with it).
        self.release_button = QPushButton("Release the selected station's order  [F6]")
        self.release_button.clicked.connect(self.ask_release_held)
        board_page = QWidget()
        board_layout = QVBoxLayout(board_page)
        board_layout.setContentsMargins(0, 0, 0, 0)
        board_layout.addWidget(self.board_view, 1)
        board_bar = QHBoxLayout()
        board_bar.addWidget(self.release_button)
        board_bar.addStretch(1)
        board_layout.addLayout(board_bar)
        QShortcut(QKeySequence("F6"), board_page).activated.connect(self.ask_release_held)
        self.tabs = QTabWidget()
        self.tabs.addTab(board_page, "Stations  [F1]")
        self._packing = packing
        self.queue = QueuePanel(self._load_queue, self._set_priority, self._ask_release)
        #: The release dialog open right now (tests answer it).
        self.release_dialog: TextDialog | None = None
        self.tabs.addTab(self.queue, "Queue  [F2]")
        self.tabs.addTab(self.holds, "On hold  [F3]")
        self._story = story
        self.story = StoryPanel(self._find, self._open_story, self._export_found)
        if story is not None:
            self.tabs.addTab(self.story, "Order story  [F4]")
        self._desk = desk
        self.label_actions = LabelActions(self, desk, returns, printer)
        self.labels = self.label_actions.panel
        if desk is not None:
            self.tabs.addTab(self.labels, "Labels  [Ctrl+L]")
            QShortcut(QKeySequence("Ctrl+L"), self).activated.connect(
                lambda: self.tabs.setCurrentWidget(self.labels)
            )
        self.figures = FiguresPanel(figures, session, self._run) if figures is not None else None
        if self.figures is not None:
            self.tabs.addTab(self.figures, "Figures  [Ctrl+G]")
            QShortcut(QKeySequence("Ctrl+G"), self).activated.connect(
                lambda: self.tabs.setCurrentWidget(self.figures)
            )
        actor = Actor(session.user_id, session.user_name, session.role, session.station_id)
        self.manifests = ManifestsPanel(handoff, actor, self._run) if handoff is not None else None
        if self.manifests is not None:
            self.tabs.addTab(self.manifests, "Hand-off  [Ctrl+H]")
            QShortcut(QKeySequence("Ctrl+H"), self).activated.connect(
                lambda: self.tabs.setCurrentWidget(self.manifests)
            )
            self.manifests.story_wanted.connect(self._story_of)
        # F7 in the queue: assign an order to a station (the service checks the role).
        self.queue.enable_assign(floor, session, self._run, self.message.setText, self.refresh)
        self.admin = (
            AdminPanel(
                admin[0],
                session,
                self._run,
                admin[1],
                rules=packing.sign_ins if packing is not None else None,
            )
            if admin is not None
            else None
        )
        if self.admin is not None:  # only an admin may use it: the service re-checks
            self.tabs.addTab(self.admin, "Admin  [Ctrl+U]")
            QShortcut(QKeySequence("Ctrl+U"), self).activated.connect(
                lambda: self.tabs.setCurrentWidget(self.admin)
            )
        # Tabs by F1-F4 and Ctrl+letter: F5-F10 belong to the panel shown (each panel's own
        # keys are active only while it is, so they never clash with one another).
        for n, key in enumerate(("F1", "F2", "F3", "F4")):
            QShortcut(QKeySequence(key), self).activated.connect(
                lambda n=n: self.tabs.setCurrentIndex(n)
            )
        self.tabs.currentChanged.connect(self._focus_tab)
        body = QWidget()
        layout = QVBoxLayout(body)
        if back is not None:  # opened at a station: one key back to packing
            self.back_button = QPushButton("Back to packing  [Esc]")
            self.back_button.clicked.connect(back)
            QShortcut(QKeySequence("Esc"), self).activated.connect(back)
            layout.addWidget(self.back_button)
        layout.addWidget(self.title)
        layout.addWidget(self.ranges)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        self.setCentralWidget(body)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refreshed_at: datetime | None = None
        # A burst of changes (a scan writes several tables) makes one refresh.
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(CHANGE_DEBOUNCE_MS)
        self._soon.timeout.connect(self.refresh)
        self.floor_changed.connect(self._soon.start)
        self._changes = changes
        if changes is not None:
            changes.start(self.floor_changed.emit)
        QTimer.singleShot(0, self.refresh)

    def _focus_tab(self, _index: int) -> None:
        """The tab's first field takes the keys, so a scan goes straight into a search."""
        first = {
            self.queue: self.queue.search,
            self.story: self.story.text,
            self.labels: self.labels.search,
            self.holds: self.holds.table,
        }.get(self.tabs.currentWidget(), self.board_view)
        first.setFocus()

    # -- reading -----------------------------------------------------------------------------

    def _run(self, op: Operation[T], settled: Callable[[], None] | None = None) -> None:
        """Run ``op`` on the worker; its answer is dropped once the console is closed (a
        supervisor who signs out at a station closes it while reads are on their way)."""

        def done(result: T) -> None:
            if not self._closed:
                op.on_done(result)

        def failed(message: str, exc: BaseException) -> None:
            if not self._closed:
                self._failed(message, exc) if op.on_error is None else op.on_error(message, exc)

        def after() -> None:
            if not self._closed and settled is not None:
                settled()

        self._worker.run(replace(op, on_done=done, on_error=failed), settled=after)

    def refresh(self) -> None:
        """Read the board and the holds on the worker (one read at a time; none while the
        console is hidden at a station)."""
        if not self.isVisible():
            return
        if self._reading:
            self._again = True  # a change came in while reading: read once more after
            return
        self._reading = True
        self._run(
            Operation.read(self._floor.board, self._session).then(self._show_board, self._failed)
        )
        self._run(
            Operation.read(self._floor.holds, self._session).then(self._show_holds, self._failed)
        )
        if self._range_warnings is not None:
            self._run(Operation.read(self._range_warnings).then(self._show_ranges, self._failed))
        if self._desk is not None:
            self._run(
                Operation.read(self._desk.uncertain, None).then(self._show_uncertain, self._failed)
            )
        self._run(
            Operation.read(self._floor.cut_off_outlook, self._session).then(
                self.queue.show_outlook, self._failed
            )
        )
        self._run(
            Operation.read(self._floor.queue, self._session, self.queue.wanted()).then(
                self.queue.show_orders, self._failed
            ),
            settled=self._read_done,
        )

    def _read_done(self) -> None:
        self._reading = False
        self.refreshed_at = datetime.now()
        if self._again:
            self._again = False
            self.refresh()

    def _show_board(self, tiles: list[StationTile]) -> None:
        self.board.show(tiles)
        offline = sum(1 for tile in tiles if not tile.online)
        self.tabs.setTabText(
            0,
            f"Stations ({len(tiles)}, {offline} offline)  [F1]"
            if offline
            else f"Stations ({len(tiles)})  [F1]",
        )

    def _show_uncertain(self, questions: Sequence[UncertainLabel]) -> None:
        """Labels left uncertain: answered on the Labels tab, listed on On hold too."""
        self.labels.show_questions(questions)
        self.holds.show_uncertain(questions)

    def _show_ranges(self, warnings: Sequence[str]) -> None:
        """Tracking or SSCC ranges 90 % used: a yellow line with a warning sign (words, not
        only colour)."""
        # A station's console also gets the station's setup warnings (the demo's return
        # address): under a heading of their own, not as numbers running out.
        setup = [line for line in warnings if "return address" in line]
        ranges = [line for line in warnings if line not in setup]
        self.ranges.setText(
            "\n".join(
                [f"⚠ NUMBERS RUNNING OUT: {line}" for line in ranges]
                + [f"⚠ CHECK THE SETUP: {line}" for line in setup]
            )
        )
        self.ranges.setVisible(bool(warnings))

    def _show_holds(self, holds: Sequence[HeldOrder]) -> None:
        self.holds.model.show(holds)
        self.tabs.setTabText(2, f"On hold ({len(holds)})  [F3]")

    def _failed(self, message: str, _exc: BaseException) -> None:
        self.message.setText(message)

    # -- acting ------------------------------------------------------------------------------

    def _load_lines(self, order_id: int, then: Callable[[list[OrderLine]], None]) -> None:
        self._run(
            Operation.read(self._floor.held_lines, self._session, order_id).then(then, self._failed)
        )

    def _resolve(
        self,
        order_id: int,
        resolution: HoldResolution,
        note: str,
        shorts: Sequence[Short],
        on_done: Callable[[], None] = lambda: None,
        on_refused: Callable[[str], None] = lambda _message: None,
    ) -> None:
        """Resolve a hold; ``on_done`` / ``on_refused`` tell the dialog that asked (it stays
        open with what was typed when refused)."""

        def done(_: None) -> None:
            self.message.setText(f"Done: {resolution.value.replace('_', ' ')}.")
            on_done()
            self.refresh()

        def failed(message: str, exc: BaseException) -> None:
            self._failed(message, exc)
            on_refused(message)

        self._run(
            Operation.write(
                self._floor.resolve_hold, self._session, order_id, resolution, note, shorts
            ).then(done, failed)
        )

    def ask_release_held(self) -> None:
        """Release the order the selected station holds (the first offline station holding
        one when none is selected), with a reason; the service checks the role and audits."""
        rows = self.board_view.selectionModel().selectedRows()
        tiles = [self.board.tile(n) for n in range(self.board.rowCount())]
        offline = [t for t in tiles if t.held_by_offline_station]
        chosen = [tiles[rows[0].row()]] if rows else offline[:1]
        if not chosen:
            self.message.setText("Select a station that holds an order first.")
            return
        row = chosen[0].row
        if row.order_id is None:
            self.message.setText(f"{row.name} holds no order.")
            return
        if chosen[0].online and not self._confirm_live_release(row.name, row.reference or ""):
            return
        self._ask_release(row.order_id, row.reference or "", row.name)

    def _ask_release(self, order_id: int, reference: str, station: str) -> None:
        """Ask why, and release; a refusal is shown in the dialog, which stays open with what
        was typed."""
        dialog = TextDialog(f"Release {reference}", f"Why release it from {station}?", self)
        dialog.submit = lambda: self._release(
            order_id, dialog.text.text(), dialog.done_ok, dialog.refused
        )
        self.release_dialog = dialog
        try:
            dialog.exec()
        finally:
            self.release_dialog = None

    def _confirm_live_release(self, station: str, reference: str) -> bool:
        """A station online and packing the order: release it only when the supervisor says so
        (its packer is told at the next heartbeat to set the order aside)."""
        answer = QMessageBox.question(
            self,
            f"Release {reference}",
            f"{station} is online and packing {reference}. Release it anyway? The packer "
            "there is told that a supervisor took it off the station and to set it aside.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- the queue ---------------------------------------------------------------------------

    def _load_queue(self, wanted: QueueFilter) -> None:
        op = Operation.read(self._floor.queue, self._session, wanted)
        self._run(op.then(self.queue.show_orders, self._failed))

    def _set_priority(self, order_id: int, priority: int) -> None:
        def done(_: None) -> None:
            self.message.setText(f"Priority set to {priority}.")
            self.refresh()

        op = Operation.write(self._floor.set_priority, self._session, order_id, priority)
        self._run(op.then(done, self._failed))

    def _release(
        self,
        order_id: int,
        reason: str,
        on_done: Callable[[], None] = lambda: None,
        on_refused: Callable[[str], None] = lambda _message: None,
    ) -> None:
        if self._packing is None:
            return

        def done(_: None) -> None:
            self.message.setText("Released: the order is back in the queue.")
            on_done()
            self.refresh()

        def failed(message: str, exc: BaseException) -> None:
            self._failed(message, exc)
            on_refused(message)

        op = Operation.write(self._packing.release_claim, self._session, order_id, reason)
        self._run(op.then(done, failed))

    # -- an order's story ----------------------------------------------------------------------

    def _find(self, query: StoryQuery) -> None:
        if self._story is not None:
            op = Operation.read(self._story.find, self._session, query)
            self._run(op.then(self.story.show_found, self._failed))

    def _story_of(self, text: str) -> None:
        """The Order story tab, searching ``text`` (a tracking exception's parcel)."""
        if self._story is not None:
            self.story.text.setText(text)
            self.tabs.setCurrentWidget(self.story)
            self.story.search()

    def _open_story(self, order_id: int) -> None:
        if self._story is None:
            return
        reference = next(
            (found.reference for found in self.story.found if found.order_id == order_id), ""
        )
        op = Operation.read(self._story.timeline, self._session, order_id)
        self._run(op.then(lambda events: self.story.show_events(reference, events), self._failed))

    def _export_found(self, found: Sequence[FoundOrder], path: Path) -> None:
        try:
            path.write_text(StoryService.as_csv(found), encoding="utf-8")
        except OSError as exc:
            self.message.setText(f"{path}: cannot be written ({exc.strerror or exc})")
            return
        self.message.setText(f"{len(found)} order(s) written to {path}")

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closed = True
        self.timer.stop()
        if self._changes is not None:
            self._changes.stop()
            self._changes = None
        super().closeEvent(event)
