"""Manifests from the console: reconcile before the carrier's cut-off, and close.

Per carrier (and service group), the open manifest's pick-up and the time left to it, the
parcels loaded, the parcels labelled but not loaded, and loaded parcels whose label was voided
since (to take off the truck). The selected carrier's parcels are listed below. **F5** reads
again; **F6** closes the selected manifest (the service refuses while parcels are missing, and
refuses anyone but a supervisor or admin); **F7** moves the missing parcels to the carrier's next
pick-up with a reason and closes. Below, the parcels whose latest tracking event is an
exception (address problem, damaged, returned): **Enter** (or a double click) on one asks for
its order's story (``story_wanted``, the tracking number). At the bottom, the figures of the
last week's labels per carrier and day and the exceptions by cause (``handoff_figures``; for
supervisors, read on showing and with F5). Everything runs through
``HandoffService`` on the console's worker (``run``): the panel never touches the database on
the GUI thread.

Signals:
    story_wanted(str): the tracking number of the exception chosen, for the order's story.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.handoff import cage_name
from app.services.handoff import Actor, Closed, HandoffService, Reconcile
from app.services.handoff_ports import TrackingException
from app.ui.console.handoff_figures import FIGURE_DAYS, HandoffFiguresPanel, figure_range
from app.ui.console.story import RowsModel, _table, _when
from app.ui.runner import Operation

CARRIER_COLUMNS: Final = (
    "Carrier",
    "Manifest",
    "Pick-up",
    "To cut-off",
    "Loaded",
    "Not loaded",
    "Voided, loaded",
    "Cancelled, not voided",
)
PARCEL_COLUMNS: Final = ("Order", "Tracking", "Labelled", "State")
EXCEPTION_COLUMNS: Final = ("Order", "Tracking", "Carrier", "When", "Code", "What happened")
PARCELS_KEY: Final = "Ctrl+Shift+P"
EXCEPTIONS_KEY: Final = "Ctrl+Shift+X"
FIGURES_KEY: Final = "Ctrl+Shift+G"
#: Reading again while the tab is open: the time to the cut-off moves, docks load parcels.
REFRESH_MS: Final = 10_000
_RED: Final = QBrush(QColor("#c62828"))

Run = Callable[[Operation[Any]], None]
Index = QModelIndex | QPersistentModelIndex


def time_to_cut_off(left: timedelta) -> str:
    """``2 h 05 min``, ``12 min``, or ``PAST by 7 min`` (in words: colour is not enough)."""
    minutes = int(left.total_seconds() // 60)
    past = minutes < 0
    minutes = abs(minutes)
    words = f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"
    return f"PAST by {words}" if past else words


_CANCELLED = "cancelled: void the label"


class FlaggedRows(RowsModel):
    """Rows of text; flagged rows in red (with their words saying why)."""

    def __init__(self, columns: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(columns, parent)
        self.red: list[bool] = []

    def show(self, rows: Sequence[tuple[str, ...]], red: Sequence[bool]) -> None:
        self.red = list(red)
        self.set_rows(rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return _RED if self.red[index.row()] else None
        return super().data(index, role)


def _weakly(method: Callable[..., None]) -> Callable[..., None]:
    """``method`` of a widget, called only while the widget lives. An operation holds its
    callbacks until the worker thread lets it go: a strong reference there could make the
    worker free the widget, off the GUI thread (a crash)."""
    owner = weakref.ref(method.__self__)  # type: ignore[attr-defined]
    name = method.__name__

    def call(*args: object) -> None:
        widget = owner()
        if widget is not None:
            getattr(widget, name)(*args)

    return call


class ManifestsPanel(QWidget):
    story_wanted = Signal(str)

    def __init__(
        self,
        handoff: HandoffService,
        actor: Actor,
        run: Run,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self._handoff, self._actor, self._run, self._clock = handoff, actor, run, clock
        self.views: list[Reconcile] = []
        self._reading = False
        self.refresh_button = QPushButton("Refresh  [F5]")
        self.close_button = QPushButton("Close manifest  [F6]")
        self.move_button = QPushButton("Move missing to next pick-up and close…  [F7]")
        heading = QLabel("Before the carrier's cut-off: what is labelled and not loaded")
        heading.setWordWrap(True)
        bar = QHBoxLayout()  # under the heading: the three buttons fit a 1366 px screen
        for button in (self.refresh_button, self.close_button, self.move_button):
            bar.addWidget(button)
        bar.addStretch(1)
        self.carrier_model = FlaggedRows(CARRIER_COLUMNS, self)
        self.carrier_view = _table(self.carrier_model, "manifestCarriers")
        self.parcel_model = FlaggedRows(PARCEL_COLUMNS, self)
        self.parcel_view = _table(self.parcel_model, "manifestParcels")
        self.exceptions: list[TrackingException] = []
        self.exception_model = FlaggedRows(EXCEPTION_COLUMNS, self)
        self.exception_view = _table(self.exception_model, "trackingExceptions")
        self.exception_view.activated.connect(self._exception_chosen)
        self.message = QLineEdit()  # read-only, so a long refusal can be scrolled and copied
        self.message.setObjectName("manifestMessage")
        self.message.setReadOnly(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(bar)
        layout.addWidget(self.carrier_view, 2)
        # The chosen carrier's parcels, the exceptions and the week's figures share the lower
        # part, a page each, so that every table shows several rows on a 1366x768 screen.
        parcels = QWidget()
        parcels_layout = QVBoxLayout(parcels)
        parcels_layout.addWidget(QLabel("The selected carrier's parcels not loaded, or voided"))
        parcels_layout.addWidget(self.parcel_view, 1)
        exceptions = QWidget()
        exceptions_layout = QVBoxLayout(exceptions)
        exceptions_layout.addWidget(
            QLabel("Address problem, damaged, returned: Enter opens the order's story")
        )
        exceptions_layout.addWidget(self.exception_view, 1)
        self.figures = HandoffFiguresPanel(self)
        self.pages = QTabWidget()
        for page, name, key in (
            (parcels, "Parcels not loaded", PARCELS_KEY),
            (exceptions, "Tracking exceptions", EXCEPTIONS_KEY),
            (self.figures, f"Figures of the last {FIGURE_DAYS} days", FIGURES_KEY),
        ):
            self.pages.addTab(page, f"{name}  [{key}]")
            QShortcut(QKeySequence(key), self).activated.connect(
                lambda page=page: self.pages.setCurrentWidget(page)
            )
        layout.addWidget(self.pages, 3)
        layout.addWidget(self.message)
        for button, slot, key in (
            (self.refresh_button, self.read_all, "F5"),
            (self.close_button, self.close_selected, "F6"),
            (self.move_button, self.ask_move, "F7"),
        ):
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        self.carrier_view.selectionModel().selectionChanged.connect(self._show_parcels)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)

    # -- reading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.timer.start()
        self.refresh()
        self.read_figures()

    def refresh(self) -> None:
        """Read the reconcile view on the worker (one read at a time; none while hidden)."""
        if self._reading or not self.isVisible():
            return
        self._reading = True
        self._run(
            Operation.read(self._handoff.reconcile).then(
                _weakly(self.show_views), _weakly(self._failed)
            )
        )
        self._run(
            Operation.read(self._handoff.tracking_exceptions).then(
                _weakly(self.show_exceptions), _weakly(self._failed)
            )
        )

    def read_all(self) -> None:
        self.refresh()
        self.read_figures()

    def read_figures(self) -> None:
        """Read the hand-off figures on the worker (on showing and F5, not every refresh);
        they are for supervisors and admins (the service checks too)."""
        if not self._actor.role.can_supervise:
            self.figures.title.setText("The hand-off figures are for supervisors.")
            return
        since, until = figure_range(self._clock())
        op = Operation.read(self._handoff.figures, self._actor, since, until)
        self._run(op.then(_weakly(self.figures.show_figures), _weakly(self._failed)))

    def show_exceptions(self, found: Sequence[TrackingException]) -> None:
        self.exceptions = list(found)
        self.exception_model.show(
            [
                (
                    x.order_reference,
                    x.tracking_number,
                    x.carrier,
                    _when(x.at),
                    x.status_code,
                    x.description,
                )
                for x in self.exceptions
            ],
            [True] * len(self.exceptions),
        )

    def _exception_chosen(self, index: QModelIndex) -> None:
        if index.isValid() and index.row() < len(self.exceptions):
            self.story_wanted.emit(self.exceptions[index.row()].tracking_number)

    def show_views(self, views: Sequence[Reconcile]) -> None:
        self._reading = False
        chosen = self._chosen()
        key = None if chosen is None else (chosen.carrier, chosen.group)
        self.views = list(views)
        now = self._clock()
        self.carrier_model.show(
            [
                (
                    cage_name(v.carrier, v.group),
                    "none open yet" if v.manifest_id is None else str(v.manifest_id),
                    _when(v.pickup_at),
                    time_to_cut_off(v.to_cut_off(now)),
                    str(v.loaded),
                    str(len(v.missing)),
                    str(len(v.voided_loaded) + len(v.voided_gone)),
                    str(len(v.cancelled) + len(v.cancelled_gone)),
                )
                for v in self.views
            ],
            [
                bool(v.voided_loaded or v.voided_gone or v.cancelled or v.cancelled_gone)
                or (bool(v.missing) and v.pickup_at <= now)
                for v in views
            ],
        )
        keys = [(v.carrier, v.group) for v in self.views]
        if self.views:
            self.carrier_view.selectRow(keys.index(key) if key in keys else 0)
        self._show_parcels()

    def _show_parcels(self, *_: object) -> None:
        view = self._chosen()
        if view is None:
            self.parcel_model.show([], [])
            return
        missing = [
            (x.order_reference, x.tracking_number, _when(x.labelled_at), "not loaded")
            for x in view.missing
        ]
        voided = [
            (x.order_reference, x.tracking_number, _when(x.labelled_at), "VOIDED but loaded")
            for x in view.voided_loaded
        ] + [
            (
                x.order_reference,
                x.tracking_number,
                _when(x.labelled_at),
                f"VOIDED after it left with {cage_name(view.carrier, view.group)}: tell them",
            )
            for x in view.voided_gone
        ]
        voided += [
            (
                x.order_reference,
                x.tracking_number,
                _when(x.labelled_at),
                "cancelled: void the label",
            )
            for x in view.cancelled
        ] + [
            (
                x.order_reference,
                x.tracking_number,
                _when(x.labelled_at),
                "cancelled, its manifest closed: void the label",
            )
            for x in view.cancelled_gone
        ]
        self.parcel_model.show(missing + voided, [False] * len(missing) + [True] * len(voided))

    def _chosen(self) -> Reconcile | None:
        rows = self.carrier_view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.views):
            return self.views[rows[0].row()]
        return None

    def _failed(self, message: str, _exc: BaseException) -> None:
        self._reading = False
        self.message.setText(message)

    # -- closing -----------------------------------------------------------------------------

    def _closable(self) -> Reconcile | None:
        view = self._chosen()
        if view is None:
            self.message.setText("Choose a carrier first.")
            return None
        if view.manifest_id is None:
            self.message.setText(
                f"{cage_name(view.carrier, view.group)} has no open manifest yet: "
                "it opens with the first parcel scanned out at the dock."
            )
            return None
        return view

    def close_selected(self) -> None:
        view = self._closable()
        if view is not None and view.manifest_id is not None:
            self._close(view.manifest_id, None)

    def ask_move(self) -> None:
        view = self._closable()
        if view is None or view.manifest_id is None:
            return
        name = cage_name(view.carrier, view.group)
        reason, ok = QInputDialog.getText(
            self,
            f"Close manifest {view.manifest_id} ({name})",
            f"{len(view.missing)} parcel(s) not loaded go to the next pick-up. Why?",
        )
        if ok and reason.strip():
            self._close(view.manifest_id, reason.strip())
        elif ok:
            self.message.setText("Moving parcels needs a reason: nothing closed.")

    def _close(self, manifest_id: int, reason: str | None) -> None:
        self.message.setText(f"Closing manifest {manifest_id}…")
        op = Operation.write(self._handoff.close, self._actor, manifest_id, reason)
        self._run(op.then(_weakly(self._closed), _weakly(self._close_failed)))

    def _closed(self, closed: Closed) -> None:
        words = f"Manifest {closed.manifest.id} closed: {closed.manifest.parcel_count} parcel(s)"
        if closed.moved:
            words += f", {closed.moved} moved to manifest {closed.moved_to}"
        if closed.files:
            words += f"; written: {', '.join(p.name for p in closed.files)}."
        else:
            words += (
                "; no files written (no [handoff] folder set): write them with "
                f"packbench manifest print {closed.manifest.id} --to FOLDER."
            )
        self.message.setText(words)
        self.refresh()

    def _close_failed(self, message: str, _exc: BaseException) -> None:
        self.message.setText(message)
        self.refresh()
