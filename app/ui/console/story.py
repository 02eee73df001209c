"""An order's story: search (reference, slip, tote, tracking number or SSCC; packer; station),
the orders found, and the timeline of the one selected. Enter searches, Ctrl+E exports the
result as CSV."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.story_ports import FoundOrder, StoryEvent, StoryQuery
from app.ui.console.fit import fit_table

Index = QModelIndex | QPersistentModelIndex
FOUND_COLUMNS: Final = (
    "Order",
    "Status",
    "Carrier",
    "Packed by",
    "Station",
    "Last change",
    "Tracking",
)
EVENT_COLUMNS: Final = ("When", "What", "Who", "Where", "Detail")
#: The time range of a search (the order's last change): its name, and how many local days
#: back it starts (None: any time; -1: the last hour; 0: today; 1: yesterday only).
WHEN: Final = (
    ("any time", None),
    ("last hour", -1),
    ("today", 0),
    ("yesterday", 1),
    ("last 7 days", 7),
)


def time_range(days: int | None, now: datetime) -> tuple[datetime | None, datetime | None]:
    """``since`` and ``until`` for a ``WHEN`` choice at ``now`` (aware, local)."""
    if days is None:
        return None, None
    if days == -1:
        return now - timedelta(hours=1), None
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if days == 1:
        return midnight - timedelta(days=1), midnight
    return midnight - timedelta(days=days), None


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S") if value is not None else ""


class RowsModel(QAbstractTableModel):
    """A read-only table of tuples of text."""

    def __init__(self, columns: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: Sequence[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role == Qt.ItemDataRole.DisplayRole:
            return self._rows[index.row()][index.column()]
        return None


def _table(model: QAbstractTableModel, name: str, wide: Sequence[int] = ()) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    fit_table(view, wide=wide)  # columns fit the width; a long text is cut, whole as a tooltip
    return view


class StoryPanel(QWidget):
    def __init__(
        self,
        search: Callable[[StoryQuery], None],
        open_order: Callable[[int], None],
        export: Callable[[Sequence[FoundOrder], Path], None],
    ) -> None:
        super().__init__()
        self._search = search
        self._open = open_order
        self._export = export
        self.found: list[FoundOrder] = []
        self.text = QLineEdit()
        self.text.setPlaceholderText("order, slip, tote, tracking number or SSCC (scan it)")
        self.packer = QLineEdit()
        self.packer.setPlaceholderText("packer")
        self.station = QLineEdit()
        self.station.setPlaceholderText("station")
        self.when = QComboBox()  # the time range: when the order last changed
        self.when.addItems([name for name, _days in WHEN])
        self.go = QPushButton("Search  [Enter]")
        self.export_button = QPushButton("Export CSV  [Ctrl+E]")
        bar = QHBoxLayout()
        bar.addWidget(self.text, 3)
        bar.addWidget(self.packer, 1)
        bar.addWidget(self.station, 1)
        bar.addWidget(self.when)
        bar.addWidget(self.go)
        bar.addWidget(self.export_button)
        self.found_model = RowsModel(FOUND_COLUMNS, self)
        self.found_view = _table(self.found_model, "storyFound")
        self.events_model = RowsModel(EVENT_COLUMNS, self)
        self.events_view = _table(self.events_model, "storyEvents")
        self.heading = QLabel("")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.events_view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.found_view)
        split.addWidget(lower)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        for field in (self.text, self.packer, self.station):
            field.returnPressed.connect(self.search)
        self.go.clicked.connect(self.search)
        self.export_button.clicked.connect(self.ask_export)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.ask_export)
        self.found_view.selectionModel().currentRowChanged.connect(self._row_chosen)

    def search(self) -> None:
        since, until = time_range(WHEN[self.when.currentIndex()][1], datetime.now().astimezone())
        self._search(
            StoryQuery(self.text.text(), self.packer.text(), self.station.text(), since, until)
        )

    def show_found(self, found: Sequence[FoundOrder]) -> None:
        self.found = list(found)
        self.found_model.set_rows(
            [
                (
                    order.reference,
                    order.status,
                    order.carrier,
                    order.packed_by or "",
                    order.station or "",
                    _when(order.updated_at),
                    " ".join(order.tracking),
                )
                for order in found
            ]
        )
        self.events_model.set_rows([])
        self.heading.setText(f"{len(found)} order(s) found." if found else "No order found.")
        if found:
            self.found_view.selectRow(0)
            self.found_view.setFocus()

    def _row_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and current.row() < len(self.found):
            self._open(self.found[current.row()].order_id)

    def show_events(self, reference: str, events: Sequence[StoryEvent]) -> None:
        self.heading.setText(f"Order {reference}: {len(events)} events")
        self.events_model.set_rows(
            [(_when(e.at), e.what, e.who or "", e.where or "", e.detail) for e in events]
        )

    def ask_export(self) -> None:
        if not self.found:
            self.heading.setText("Search first: there is nothing to export.")
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the orders found", "orders.csv", "CSV (*.csv)"
        )
        if name:
            self._export(self.found, Path(name))
