"""A table model over the plain line rows of the open order (never live ORM objects).

A kit packed from its components shows a row per component under its own row; a line whose
order lists the serials it must ship shows, under it, the serials still to scan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.services.results import LineView

_COLUMNS = 4
_DONE = QColor("#1b5e20")
_DONE_BG = QColor("#c8e6c9")
_LAST_BG = QColor("#fff59d")
_PART = QColor("#455a64")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Row:
    """One row of the table: an order line, or a part under it (``part``)."""

    line_id: int
    name: str
    sku: str
    ordered: int
    scanned: int
    part: bool = False

    @property
    def complete(self) -> bool:
        return self.scanned >= self.ordered


class OrderLinesModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: tuple[_Row, ...] = ()
        self._last_line_id: int | None = None
        self._headers: tuple[str, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        """The column titles in the station's language (again after it changed)."""
        self._headers = (self.tr("Product"), self.tr("SKU"), self.tr("Ordered"), self.tr("Scanned"))
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, _COLUMNS - 1)

    def set_lines(self, rows: tuple[LineView, ...], last_line_id: int | None = None) -> None:
        self.beginResetModel()
        self._rows = tuple(row for line in rows for row in self._rows_of(line))
        self._last_line_id = last_line_id
        self.endResetModel()

    def _rows_of(self, line: LineView) -> list[_Row]:
        rows = [_Row(line.line_id, line.name, line.sku, line.quantity, line.verified)]
        rows += [
            _Row(line.line_id, f"   ↳ {part.name}", part.sku, part.needed, part.scanned, True)
            for part in line.components
        ]
        if line.expected_serials:
            left = ", ".join(line.serials_left) or self.tr("none")
            rows.append(
                _Row(
                    line.line_id,
                    "   " + self.tr("Serials left: {serials}").format(serials=left),
                    "",
                    len(line.expected_serials),
                    len(line.expected_serials) - len(line.serials_left),
                    True,
                )
            )
        return rows

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
                return str(line.ordered)
            return f"{'✔ ' if line.complete else ''}{line.scanned}"
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 2:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            if line.line_id == self._last_line_id and not line.part:
                return QBrush(_LAST_BG)
            if line.complete:
                return QBrush(_DONE_BG)
        if role == Qt.ItemDataRole.ForegroundRole:
            if line.complete:
                return QBrush(_DONE)
            if line.part:
                return QBrush(_PART)
        return None
