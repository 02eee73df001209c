"""The last scans of the open order, newest first, each with its outcome; a code typed by
hand carries a "keyed" mark, so a supervisor passing by sees it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.model import ScanOutcome
from app.ui.style import px, scaled

KEYED_MARK = "⌨ keyed"
SHOWN = 5


class RecentScans(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recentScans")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.setMaximumHeight(px(170))
        self.setStyleSheet(scaled("QListWidget#recentScans { font-size: 22px; }"))

    def add(self, code: str, outcome: ScanOutcome, keyed: bool) -> None:
        sign = "✔" if outcome is ScanOutcome.ACCEPTED else "✖" if outcome.is_error else "•"
        mark = f"   [{KEYED_MARK}]" if keyed else ""
        item = QListWidgetItem(f"{sign} {outcome.value.replace('_', ' ')}   {code[:40]}{mark}")
        item.setData(Qt.ItemDataRole.UserRole, (code, outcome.value, keyed))
        self.insertItem(0, item)
        while self.count() > SHOWN:
            self.takeItem(self.count() - 1)

    def entries(self) -> list[tuple[str, str, bool]]:
        """What the list shows, newest first: (code, outcome, keyed)."""
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())]
