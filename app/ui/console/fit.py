"""The console's tables fit their width: no table scrolls sideways because one cell is long.

``fit_table`` sizes a table's columns to their contents while they fit, gives the room left to
every column alike (the table stretches), and when they do not fit, narrows only the widest
columns to one common width (``water_level``), so short columns stay whole and a long text
(a station's long name, a packer's, an error) is cut with "…": resting the mouse on such a
cell shows the whole text (``ElidingDelegate``). A table with more columns than fit even at
``MIN_COLUMN_EM`` letters each (the figures) scrolls sideways inside itself; the window never
grows for it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
)

Index = QModelIndex | QPersistentModelIndex
#: How much more room a name column keeps than the others when columns are cut.
WIDE_WEIGHT: Final = 2.0
#: The narrowest a column is cut to, in widths of the letter "M" of the table's font.
MIN_COLUMN_EM: Final = 4


def water_level(
    widths: Sequence[int],
    room: int,
    weights: Sequence[float] | None = None,
    floor: int = 0,
) -> list[int]:
    """``widths`` narrowed so that they add up to at most ``room``: every width above one
    common level (times its column's weight: a name column may keep more) is cut to it, the
    others stay; none is cut below ``floor`` (then they may add up to more than ``room``).
    With ``room`` for them all: unchanged."""
    if sum(widths) <= room or not widths:
        return list(widths)
    weights = list(weights) if weights is not None else [1.0] * len(widths)

    def at(level: float) -> list[int]:
        return [min(w, max(floor, int(level * k))) for w, k in zip(widths, weights, strict=True)]

    low, high = 0.0, float(max(widths))
    for _ in range(40):  # the level, found by halving: to well under a pixel
        middle = (low + high) / 2
        if sum(at(middle)) <= room:
            low = middle
        else:
            high = middle
    return at(low)


class ElidingDelegate(QStyledItemDelegate):
    """Draws as usual (Qt cuts a long text with "…"); shows a cut text whole as a tooltip."""

    def helpEvent(
        self,
        event: QHelpEvent,
        view: QAbstractItemView,
        option: QStyleOptionViewItem,
        index: Index,
    ) -> bool:
        if event.type() == QEvent.Type.ToolTip and index.isValid():
            text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
            own = index.data(Qt.ItemDataRole.ToolTipRole)
            if not own and text and cut_short(view, index, text):
                QToolTip.showText(event.globalPos(), text, view)
                return True
        return super().helpEvent(event, view, option, index)


def cut_short(
    view: QAbstractItemView, index: QModelIndex | QPersistentModelIndex, text: str
) -> bool:
    """Whether ``text`` is wider than its cell in ``view`` (drawn with "…")."""
    margin = 2 * (view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 1)
    return (
        QFontMetrics(view.font()).horizontalAdvance(text) + margin > view.visualRect(index).width()
    )


class ColumnFitter(QObject):
    """Keeps ``view``'s columns fitted to its width (see the module's notes)."""

    def __init__(
        self, view: QTableView, whole: Sequence[int] = (), wide: Sequence[int] = ()
    ) -> None:
        super().__init__(view)
        self._view = view
        self._whole = frozenset(whole)
        self._wide = frozenset(wide)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(0)
        self._soon.timeout.connect(self.fit)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)  # a cut heading ends in "…"
        view.setWordWrap(False)
        view.viewport().installEventFilter(self)
        self._watch(view.model())

    def _watch(self, model: QAbstractItemModel | None) -> None:
        if model is None:
            return
        for signal in (
            model.modelReset,
            model.layoutChanged,
            model.rowsInserted,
            model.rowsRemoved,
            model.dataChanged,
            model.headerDataChanged,
        ):
            signal.connect(self._soon.start)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._soon.start()
        return False

    def natural_widths(self) -> list[int]:
        view, header = self._view, self._view.horizontalHeader()
        model = view.model()
        count = model.columnCount() if model is not None else 0
        return [
            max(header.sectionSizeFromContents(c).width(), view.sizeHintForColumn(c))
            for c in range(count)
        ]

    def fit(self) -> None:
        view = self._view
        natural = self.natural_widths()
        if not natural:
            return
        room = view.viewport().width()
        if view.verticalScrollBar().isHidden() and view.verticalScrollBarPolicy() != (
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        ):
            # Room for a vertical scroll bar that more rows would bring: no back and forth.
            room -= view.style().pixelMetric(view.style().PixelMetric.PM_ScrollBarExtent)
        floor = QFontMetrics(view.font()).horizontalAdvance("M") * MIN_COLUMN_EM
        # Columns that must stay whole (the board's state) first; the rest share what is left.
        kept = sum(natural[c] for c in self._whole if c < len(natural))
        others = [c for c in range(len(natural)) if c not in self._whole]
        cut = list(natural)
        weights = [WIDE_WEIGHT if c in self._wide else 1.0 for c in others]
        shares = water_level([natural[c] for c in others], room - kept, weights, floor)
        for c, width in zip(others, shares, strict=True):
            cut[c] = width
        widths = cut
        spare = room - sum(widths)
        if spare > 0:  # the table stretches: every column a share of what is left
            share, rest = divmod(spare, len(widths))
            widths = [w + share + (1 if n < rest else 0) for n, w in enumerate(widths)]
        header = view.horizontalHeader()
        for column, width in enumerate(widths):
            if header.sectionSize(column) != width:
                header.resizeSection(column, width)


def fit_table(
    view: QTableView, whole: Sequence[int] = (), wide: Sequence[int] = ()
) -> ColumnFitter:
    """Fit ``view``'s columns to its width from now on; cut texts show whole as tooltips.
    The columns ``whole`` are never cut (while the others can be); the columns ``wide`` (the
    names) keep ``WIDE_WEIGHT`` times the room of the others when cut."""
    view.setItemDelegate(ElidingDelegate(view))
    fitter = ColumnFitter(view, whole, wide)
    view.setProperty("fitted", True)
    return fitter
