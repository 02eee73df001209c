"""The last scans of the open order, newest first, each with its outcome; a code typed by
hand carries a "keyed" mark, so a supervisor passing by sees it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.message import Message
from app.domain.model import ScanOutcome
from app.ui.i18n import follow, translated
from app.ui.style import px, scaled

KEYED_MARK = Message("⌨ keyed")
SHOWN = 5
OUTCOME_NAMES = {
    ScanOutcome.ACCEPTED: Message("accepted"),
    ScanOutcome.WRONG_ITEM: Message("wrong item"),
    ScanOutcome.OVER_SCAN: Message("over scan"),
    ScanOutcome.UNKNOWN_BARCODE: Message("unknown barcode"),
    ScanOutcome.INVALID_BARCODE: Message("invalid barcode"),
    ScanOutcome.DATA_NEEDED: Message("data needed"),
    ScanOutcome.EXPIRED: Message("expired"),
    ScanOutcome.DUPLICATE_SERIAL: Message("duplicate serial"),
    ScanOutcome.UNEXPECTED_SERIAL: Message("unexpected serial"),
    ScanOutcome.NOT_AN_ITEM: Message("not an item"),
    ScanOutcome.UNDO: Message("undo"),
    ScanOutcome.REFUSED_UNACKNOWLEDGED: Message("refused unacknowledged"),
    ScanOutcome.REFUSED_KEYED: Message("refused keyed"),
    ScanOutcome.WEIGHT_REFUSED: Message("weight refused"),
}


class RecentScans(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentScans")
        self._aside: tuple[int, list[tuple[str, str, bool]]] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setMaximumHeight(px(170))
        self.setMinimumHeight(px(40))  # the order's lines come first when room is short
        # In the narrow right column: a long code is shortened in its middle, no scroll bar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setStyleSheet(scaled("QListWidget#recentScans { font-size: 22px; }"))
        follow(self.retranslate)

    def retranslate(self) -> None:
        """Show the list again in the station's language."""
        for entry in reversed(self.entries()):
            self.takeItem(self.count() - 1)
            code, outcome, keyed = entry
            self.add(code, ScanOutcome(outcome), keyed)

    def add(self, code: str, outcome: ScanOutcome, keyed: bool) -> None:
        sign = "✔" if outcome is ScanOutcome.ACCEPTED else "✖" if outcome.is_error else "•"
        mark = f"   [{translated(KEYED_MARK)}]" if keyed else ""
        name = translated(OUTCOME_NAMES[outcome])
        item = QListWidgetItem(f"{sign} {name}   {code[:40]}{mark}")
        item.setData(Qt.ItemDataRole.UserRole, (code, outcome.value, keyed))
        self.insertItem(0, item)
        while self.count() > SHOWN:
            self.takeItem(self.count() - 1)

    def put_aside(self, order_id: int | None) -> None:
        """Signing out (or the idle lock): nobody sees the last packer's scans any more; they
        come back with ``order_id`` (``bring_back``)."""
        self._aside = (order_id, self.entries()) if order_id is not None else None
        self.clear()

    def bring_back(self, order_id: int | None) -> None:
        """Signed in with ``order_id`` open: its scans put aside at sign-out are shown again."""
        aside, self._aside = self._aside, None
        if aside is not None and aside[0] == order_id and self.count() == 0:
            for code, outcome, keyed in reversed(aside[1]):
                self.add(code, ScanOutcome(outcome), keyed)

    def entries(self) -> list[tuple[str, str, bool]]:
        """What the list shows, newest first: (code, outcome, keyed)."""
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]
