"""A table model over the plain line rows of the open order (never live ORM objects)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.results import LineView

_COLUMNS = 4
_DONE = QColor("#1b5e20")
_DONE_BG = QColor("#c8e6c9")
_LAST_BG = QColor("#fff59d")

Index = QModelIndex | QPersistentModelIndex


class OrderLinesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[LineView, ...] = ()
        self._last_line_id: int | None = None
        self._headers: tuple[str, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        """The column titles in the station's language (again after it changed)."""
        self._headers = (self.tr("Product"), self.tr("SKU"), self.tr("Ordered"), self.tr("Scanned"))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _COLUMNS - 1)

    def set_lines(self, rows: tuple[LineView, ...], last_line_id: int | None = None) -> None:
        self.beginResetModel()
        self._rows = rows
        self._last_line_id = last_line_id
        self.endResetModel()

    def row_of(self, line_id: int) -> int | None:
        for row, line in enumerate(self._rows):
            if line.line_id == line_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else _COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return line.name
            if column == 1:
                return line.sku
            if column == 2:
                return str(line.quantity)
            return f"{'✔ ' if line.complete else ''}{line.verified}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.line_id == self._last_line_id:
                return QBrush(_LAST_BG)
            if line.complete:
                return QBrush(_DONE_BG)
        if role == Qt.ItemDataRole.ForegroundRole and line.complete:
            return QBrush(_DONE)
        return None
