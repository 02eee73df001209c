"""Held orders: reason, who, where, when; resolve one back to ready (with a note for the next
packer), cancel it, or ship it short. Keys: F5, F6, F7 (shown on the buttons)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.floor import HoldResolution, Short
from app.domain.model import OrderLine
from app.services.floor_ports import HeldOrder
from app.services.print_results import UncertainLabel
from app.ui.console.fit import fit_table
from app.ui.console.labels import QUESTION_COLUMNS, question_rows
from app.ui.console.story import RowsModel, _table

COLUMNS: Final = ("Order", "Carrier", "Reason", "Held by", "Where", "Since", "Packed")
Index = QModelIndex | QPersistentModelIndex
#: What the panel asks the window to do: resolve ``order_id`` this way with this note.
Resolve = Callable[
    [int, HoldResolution, str, Sequence[Short], Callable[[], None], Callable[[str], None]], None
]
LoadLines = Callable[[int, Callable[[list[OrderLine]], None]], None]


class HoldsModel(QAbstractTableModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._holds: list[HeldOrder] = []

    def show(self, holds: Sequence[HeldOrder]) -> None:
        if list(holds) == self._holds:
            return
        self.beginResetModel()
        self._holds = list(holds)
        self.endResetModel()

    def held(self, row: int) -> HeldOrder:
        return self._holds[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._holds)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        held = self._holds[index.row()]
        since = held.held_at.astimezone().strftime("%a %H:%M") if held.held_at else ""
        return (
            held.reference,
            held.carrier,
            held.reason,
            held.held_by or "(order system)",
            held.held_where or "",
            since,
            f"{held.units_verified} / {held.units_expected}",
        )[index.column()]


class SubmittingDialog(QDialog):
    """A dialog whose OK sends what was typed (``submit``) and closes only when it was done: a
    refusal is shown in the dialog (``refused``), with everything typed kept."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        #: Sends the answer; calls ``done`` or ``refused`` later. None: OK just closes.
        self.submit: Callable[[], None] | None = None
        self.problem = QLabel("")
        self.problem.setObjectName("dialogProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c62828; font-weight: bold;")
        self.problem.hide()
        self._sending = False

    def accept(self) -> None:
        if self.submit is None:
            super().accept()
            return
        if self._sending:
            return
        self._sending = True
        self.problem.setText("Sending...")
        self.problem.show()
        self.submit()

    def done_ok(self) -> None:
        self._sending = False
        super().accept()

    def refused(self, message: str) -> None:
        """Say why, keep the dialog open with what was typed."""
        self._sending = False
        self.problem.setText(message)
        self.problem.show()


class ShipShortDialog(SubmittingDialog):
    """How many units of each line are missing, and why."""

    def __init__(self, reference: str, lines: Sequence[OrderLine], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Ship {reference} short")
        form = QFormLayout(self)
        form.addRow(QLabel(f"Units missing per line of {reference}:"))
        self.missing: dict[int, QSpinBox] = {}
        for line in lines:
            spin = QSpinBox()
            spin.setRange(0, max(0, line.quantity - line.verified))
            form.addRow(f"{line.sku} ({line.verified} of {line.quantity} packed)", spin)
            self.missing[line.id] = spin
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("why (goes on the packing slip)")
        form.addRow("Reason", self.reason)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Ship short  [Enter]")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancel  [Esc]")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def shorts(self) -> list[Short]:
        return [
            Short(line_id, spin.value()) for line_id, spin in self.missing.items() if spin.value()
        ]


class TextDialog(SubmittingDialog):
    """One line of text (a reason or a note) with a title and a prompt."""

    def __init__(self, title: str, prompt: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        self.text = QLineEdit()
        layout.addWidget(self.text)
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("OK  [Enter]")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Cancel  [Esc]")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class HoldsPanel(QWidget):
    def __init__(self, resolve: Resolve, load_lines: LoadLines) -> None:
        super().__init__()
        self._resolve = resolve
        self._load_lines = load_lines
        self.model = HoldsModel(self)
        self.table = QTableView()
        self.table.setObjectName("holds")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        fit_table(self.table)
        self.table.verticalHeader().hide()
        self.back = QPushButton("Back to ready  [F5]")
        self.cancel = QPushButton("Cancel order  [F6]")
        self.short = QPushButton("Ship short  [F7]")
        buttons = QHBoxLayout()
        for button in (self.back, self.cancel, self.short):
            buttons.addWidget(button)
        # Labels left uncertain (cut off while printing) are exceptions too: listed here,
        # answered on the Labels tab, where their keys are.
        self.uncertain_title = QLabel(
            "Labels left uncertain (cut off while printing): answer them on the Labels tab "
            "[Ctrl+L], F7 it came out, F8 it did not"
        )
        self.uncertain_title.setWordWrap(True)
        self.uncertain_model = RowsModel(QUESTION_COLUMNS, self)
        self.uncertain_view = _table(self.uncertain_model, "holdsUncertain")
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 2)
        layout.addLayout(buttons)
        layout.addWidget(self.uncertain_title)
        layout.addWidget(self.uncertain_view, 1)
        self.show_uncertain([])
        self.back.clicked.connect(self.back_to_ready)
        self.cancel.clicked.connect(self.cancel_order)
        self.short.clicked.connect(self.ship_short)
        for key, slot in (
            ("F5", self.back_to_ready),
            ("F6", self.cancel_order),
            ("F7", self.ship_short),
        ):
            QShortcut(QKeySequence(key), self).activated.connect(slot)
        #: The dialog open right now (tests answer it).
        self.dialog: QDialog | None = None

    def show_uncertain(self, questions: Sequence[UncertainLabel]) -> None:
        """The labels left uncertain; the list shows only when there are some."""
        self.uncertain_model.set_rows(question_rows(questions))
        self.uncertain_title.setVisible(bool(questions))
        self.uncertain_view.setVisible(bool(questions))

    def selected(self) -> HeldOrder | None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            return self.model.held(rows[0].row())
        return self.model.held(0) if self.model.rowCount() else None

    def back_to_ready(self) -> None:
        held = self.selected()
        if held is None:
            return
        dialog = TextDialog(
            f"{held.reference} back to ready", "A note for the next packer (may be empty):", self
        )
        dialog.submit = lambda: self._resolve(
            held.order_id,
            HoldResolution.BACK_TO_READY,
            dialog.text.text(),
            (),
            dialog.done_ok,
            dialog.refused,
        )
        self._ask(dialog)

    def cancel_order(self) -> None:
        held = self.selected()
        if held is None:
            return
        dialog = TextDialog(f"Cancel {held.reference}", "Why is the order cancelled?", self)
        dialog.submit = lambda: self._resolve(
            held.order_id,
            HoldResolution.CANCEL,
            dialog.text.text(),
            (),
            dialog.done_ok,
            dialog.refused,
        )
        self._ask(dialog)

    def ship_short(self) -> None:
        held = self.selected()
        if held is None:
            return

        def with_lines(lines: list[OrderLine]) -> None:
            dialog = ShipShortDialog(held.reference, lines, self)
            dialog.submit = lambda: self._resolve(
                held.order_id,
                HoldResolution.SHIP_SHORT,
                dialog.reason.text(),
                dialog.shorts(),
                dialog.done_ok,
                dialog.refused,
            )
            self._ask(dialog)

        self._load_lines(held.order_id, with_lines)

    def _ask(self, dialog: QDialog) -> bool:
        self.dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted
        finally:
            self.dialog = None
