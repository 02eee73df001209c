"""Labels from the console: find a parcel by order, tracking number or SSCC (scan the label),
print it again (F5) or void it (F6) with a reason, print its return label (F10, where the site
makes them); answer the questions about labels cut off
while printing, at any printer (F7 came out, F8 did not); move a printer's waiting labels to
another printer (F9). The services decide who may; this panel only asks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.reprints import REPRINT_REASONS
from app.services.print_results import ParcelLabel, UncertainLabel
from app.ui.console.story import RowsModel, _table, _when

PARCEL_COLUMNS: Final = ("Order", "Parcel", "Tracking", "SSCC", "Voided")
QUESTION_COLUMNS: Final = ("Order", "Parcel", "Tracking", "Printer", "Since", "Question")
VOID_REASONS: Final = ("damaged", "wrong address", "parcel lost", "order cancelled")
RETURN_REASONS: Final = ("customer asked", "label missing from the parcel", "label damaged")


def question_rows(questions: Sequence[UncertainLabel]) -> list[tuple[str, ...]]:
    """The labels cut off while printing, one row each (``QUESTION_COLUMNS``)."""
    return [
        (
            q.order_reference,
            str(q.parcel_no),
            q.tracking_number,
            q.printer,
            _when(q.since),
            q.question,
        )
        for q in questions
    ]


class LabelsPanel(QWidget):
    def __init__(
        self,
        find: Callable[[str], None],
        reprint: Callable[[str, str], None],
        void: Callable[[str, str], None],
        answer: Callable[[int, bool], None],
        move: Callable[[str, str], None],
        printers: Callable[[Callable[[list[tuple[str, int]]], None]], None],
        targets: Callable[[Callable[[list[tuple[str, bool]]], None]], None] | None = None,
    ) -> None:
        super().__init__()
        self._find, self._reprint, self._void = find, reprint, void
        self._answer, self._move, self._printers = answer, move, printers
        self._targets = targets
        self.parcels: list[ParcelLabel] = []
        self.questions: list[UncertainLabel] = []
        self.search = QLineEdit()
        self.search.setPlaceholderText("order, tracking number or SSCC (scan the label)")
        self.find_button = QPushButton("Find  [Enter]")
        self.reprint_button = QPushButton("Print again  [F5]")
        self.void_button = QPushButton("Void  [F6]")
        self._bar = bar = QHBoxLayout()
        bar.addWidget(self.search, 1)
        for button in (self.find_button, self.reprint_button, self.void_button):
            bar.addWidget(button)
        self.parcel_model = RowsModel(PARCEL_COLUMNS, self)
        self.parcel_view = _table(self.parcel_model, "labelParcels")
        self.came_out_button = QPushButton("It came out  [F7]")
        self.did_not_button = QPushButton("It did not: print again  [F8]")
        self.move_button = QPushButton("Move waiting labels…  [F9]")
        answers = QHBoxLayout()  # under their heading: the buttons fit a 1366 px screen
        for button in (self.came_out_button, self.did_not_button, self.move_button):
            answers.addWidget(button)
        answers.addStretch(1)
        self.question_model = RowsModel(QUESTION_COLUMNS, self)
        self.question_view = _table(self.question_model, "labelQuestions")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.parcel_view, 1)
        layout.addWidget(QLabel("Labels cut off while printing (every printer):"))
        layout.addLayout(answers)
        layout.addWidget(self.question_view, 1)
        self.search.returnPressed.connect(self.look_up)
        self.find_button.clicked.connect(self.look_up)
        for button, slot, key in (
            (self.reprint_button, self.ask_reprint, "F5"),
            (self.void_button, self.ask_void, "F6"),
            (self.came_out_button, lambda: self.answer(True), "F7"),
            (self.did_not_button, lambda: self.answer(False), "F8"),
            (self.move_button, self.ask_move, "F9"),
        ):
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self).activated.connect(slot)

    def look_up(self) -> None:
        if self.search.text().strip():
            self._find(self.search.text().strip())

    def show_parcels(self, parcels: Sequence[ParcelLabel]) -> None:
        self.parcels = list(parcels)
        self.parcel_model.set_rows(
            [
                (
                    p.order_reference,
                    str(p.parcel_no),
                    p.tracking_number,
                    p.sscc or "",
                    f"{_when(p.voided_at)} {p.void_reason or ''}" if p.voided_at else "",
                )
                for p in parcels
            ]
        )
        if parcels:
            self.parcel_view.selectRow(0)

    def show_questions(self, questions: Sequence[UncertainLabel]) -> None:
        if list(questions) == self.questions:
            return
        self.questions = list(questions)
        self.question_model.set_rows(question_rows(questions))
        if questions:
            self.question_view.selectRow(0)

    def _chosen(self) -> ParcelLabel | None:
        rows = self.parcel_view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.parcels):
            return self.parcels[rows[0].row()]
        return None

    def ask_reprint(self) -> None:
        parcel = self._chosen()
        if parcel is None:
            return
        reason, ok = QInputDialog.getItem(
            self, f"Print {parcel.tracking_number} again", "Why?", list(REPRINT_REASONS), 0, True
        )
        if ok:
            self._reprint(parcel.tracking_number, reason)

    def ask_void(self) -> None:
        parcel = self._chosen()
        if parcel is None:
            return
        reason, ok = QInputDialog.getItem(
            self,
            f"Void {parcel.tracking_number}",
            "Why? (never printed again)",
            list(VOID_REASONS),
            0,
            True,
        )
        if ok:
            self._void(parcel.tracking_number, reason)

    def enable_returns(self, print_return: Callable[[str, str], None]) -> None:
        """Add "Return label" (F10): the chosen parcel's return label, with a reason (where
        the site makes return labels)."""
        self._print_return = print_return
        self.return_button = QPushButton("Return label  [F10]")
        self._bar.addWidget(self.return_button)
        self.return_button.clicked.connect(self.ask_return)
        QShortcut(QKeySequence("F10"), self).activated.connect(self.ask_return)

    def ask_return(self) -> None:
        parcel = self._chosen()
        if parcel is None:
            return
        reason, ok = QInputDialog.getItem(
            self,
            f"Return label for {parcel.tracking_number}",
            "Why?",
            list(RETURN_REASONS),
            0,
            True,
        )
        if ok:
            self._print_return(parcel.tracking_number, reason)

    def answer(self, came_out: bool) -> None:
        rows = self.question_view.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.questions):
            self._answer(self.questions[rows[0].row()].job_id, came_out)

    def ask_move(self) -> None:
        def with_printers(known: list[tuple[str, int]]) -> None:
            waiting = [(name, count) for name, count in known if count > 0]
            if not waiting:
                QMessageBox.information(self, "Move waiting labels", "No labels are waiting.")
                return
            shown = [f"{name} ({count} waiting)" for name, count in waiting]
            source, ok = QInputDialog.getItem(self, "Move waiting labels", "From:", shown, 0, False)
            if not ok:
                return
            origin = waiting[shown.index(source)][0]
            if self._targets is not None:
                self._targets(lambda served: self._ask_target(origin, served))

        self._printers(with_printers)

    def _ask_target(self, origin: str, served: list[tuple[str, bool]]) -> None:
        """Only printers a running station serves (a name typed freely, or one from history no
        station uses, would keep the labels waiting for ever); the live ones marked."""
        targets = [(name, live) for name, live in served if name != origin]
        if not targets:
            QMessageBox.information(
                self,
                "Move waiting labels",
                "No other printer is used by a station that is online or printed lately: "
                "start the station of the printer you want first.",
            )
            return
        shown = [
            f"{name} (live: a station online prints there)" if live else f"{name} (printed lately)"
            for name, live in targets
        ]
        target, ok = QInputDialog.getItem(self, "Move waiting labels", "To:", shown, 0, False)
        if ok and target in shown:
            self._move(origin, targets[shown.index(target)][0])
