"""The station board: one row per station, redrawn only where something changed; the orders
assigned to a station show on its row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from app.domain.floor import SyncReport
from app.services.floor import StationTile

COLUMNS: Final = (
    "Station",
    "State",
    "Packer",
    "Order",
    "Progress",
    "On\norder",  # two lines: the board's columns are many, its names long
    "Idle",
    # One column for the devices and one for the labels: ten columns fit a 1366 px screen.
    "Printer ·\nscanner · scale",
    "Labels",
    "Assigned",
)
#: Never cut short on a narrow screen: the state (OFFLINE in words), the order and its progress.
WHOLE: Final = tuple(COLUMNS.index(name) for name in ("State", "Order", "Progress"))
#: The names: when columns must be cut, these keep more of their text.
WIDE: Final = tuple(COLUMNS.index(name) for name in ("Station", "Packer"))
_STATE, _PRINTER, _UNCERTAIN = (
    COLUMNS.index(name) for name in ("State", "Printer ·\nscanner · scale", "Labels")
)
_OFFLINE = QColor("#c62828")
_WARN = QColor("#ef6c00")
_PRINTER_OK = ("ready", "none", "file")
Index = QModelIndex | QPersistentModelIndex


def duration(seconds: int | None) -> str:
    """``73`` -> ``1:13``; ``3725`` -> ``1:02:05``; None -> empty."""
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


def state_text(tile: StationTile) -> str:
    """Words, not only colour: ONLINE, OFFLINE, or OFFLINE holding an order; for a station
    with an offline journal, its backlog and when it was last in sync."""
    sync = tile.row.sync
    if tile.online:
        if sync is None or not sync.waiting:
            return "online"
        return f"online: syncing, {sync.waiting} changes waiting (since {_hhmm(sync)})"
    state = "OFFLINE: holds an order" if tile.held_by_offline_station else "OFFLINE"
    if sync is None:
        return state
    return f"{state} since {_hhmm(sync)}, {sync.waiting} changes waiting at last contact"


def _hhmm(sync: SyncReport) -> str:
    return sync.last_sync_at.astimezone().strftime("%H:%M")


def cells(tile: StationTile) -> tuple[str, ...]:
    row = tile.row
    progress = f"{row.units_verified} / {row.units_expected}" if row.order_id else ""
    return (
        row.name,
        state_text(tile),
        row.user_name or "(nobody)",
        row.reference or "",
        progress,
        duration(tile.order_seconds) if row.order_id else "",
        duration(tile.idle_seconds) if row.order_id else "",
        f"{row.devices.printer} · {row.devices.scanner} · {row.devices.scale}",
        labels_text(row.labels_waiting, row.labels_uncertain),
        assigned_text(tile),
    )


def labels_text(waiting: int, uncertain: int) -> str:
    """``3 waiting, 1 UNCERTAIN``: the station's labels still to print and those cut off
    while printing (in capitals: they need an answer); empty when none."""
    parts = [f"{waiting} waiting"] if waiting else []
    if uncertain:
        parts.append(f"{uncertain} UNCERTAIN")
    return ", ".join(parts)


def assigned_text(tile: StationTile) -> str:
    """``3, next SHOP-7``: the ready orders assigned to the station and the one it takes
    next; empty when none."""
    row = tile.row
    return f"{row.assigned}, next {row.next_assigned}" if row.assigned else ""


class BoardModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tiles: list[StationTile] = []
        self._cells: list[tuple[str, ...]] = []
        #: Rows redrawn by the last ``show`` (for tests and the status line).
        self.last_changed_rows: list[int] = []

    def tile(self, row: int) -> StationTile:
        return self._tiles[row]

    def show(self, tiles: Sequence[StationTile]) -> None:
        """Show ``tiles``; only rows whose text changed are redrawn. A station added or gone
        resets the model (rare: stations are few and long-lived)."""
        new_cells = [cells(tile) for tile in tiles]
        same_stations = [t.row.station_id for t in tiles] == [t.row.station_id for t in self._tiles]
        if not same_stations:
            self.beginResetModel()
            self._tiles, self._cells = list(tiles), new_cells
            self.endResetModel()
            self.last_changed_rows = list(range(len(tiles)))
            return
        changed = [
            n for n, (old, new) in enumerate(zip(self._cells, new_cells, strict=True)) if old != new
        ]
        self._tiles, self._cells = list(tiles), new_cells
        for n in changed:
            self.dataChanged.emit(self.index(n, 0), self.index(n, len(COLUMNS) - 1))
        self.last_changed_rows = changed

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._cells)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        tile = self._tiles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[index.row()][index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            if index.column() == _STATE and not tile.online:
                return QBrush(_OFFLINE)
            if index.column() == _PRINTER and tile.row.devices.printer not in _PRINTER_OK:
                return QBrush(_WARN)
            if index.column() == _UNCERTAIN and tile.row.labels_uncertain:
                return QBrush(_WARN)
        if role == Qt.ItemDataRole.ForegroundRole and (
            (index.column() == _STATE and not tile.online)
            or (index.column() == _PRINTER and tile.row.devices.printer not in _PRINTER_OK)
            or (index.column() == _UNCERTAIN and tile.row.labels_uncertain)
        ):
            return QBrush(QColor("white"))
        return None
