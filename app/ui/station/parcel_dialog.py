"""Choose a parcel and give a reason: the window behind Print again (F10) and Void a label.

Keyboard and scanner only: a scan goes into the parcel field (and looks the parcel up); a
reason comes from the list, is typed, or is scanned from the command sheet; Enter looks up what
was typed, then confirms; Esc cancels. The look-up and the action run on the print worker; a
refusal (a packer where the site does not allow reprints, a voided label, no reason) is shown in
the window in red and it stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.commands import DEFAULT_PREFIX, REPRINT_REASON_COMMANDS, Command, parse_command
from app.services.print_results import ParcelLabel
from app.ui.i18n import follow, translated
from app.ui.runner import Operation, Worker
from app.ui.scan_capture import ScanRouter
from app.ui.style import scaled

DIALOG_STYLE = """
QDialog { font-size: 24px; }
QLineEdit, QComboBox { font-size: 28px; padding: 6px; }
QListWidget { font-size: 24px; }
QLabel#dialogMessage { font-size: 24px; font-weight: bold; padding: 6px; }
QPushButton { font-size: 24px; padding: 8px 16px; }
"""

Find = Callable[[str], list[ParcelLabel]]
Act = Callable[[str, str], Operation[Any]]


def describe(parcel: ParcelLabel) -> str:
    void = QCoreApplication.translate("ParcelDialog", "   VOID ({reason})")
    void = void.format(reason=parcel.void_reason)
    text = QCoreApplication.translate(
        "ParcelDialog", "Order {reference} · parcel {number} · {tracking}"
    )
    text = text.format(
        reference=parcel.order_reference,
        number=parcel.parcel_no,
        tracking=parcel.tracking_number,
    )
    return str(text) + (void if parcel.voided_at is not None else "")


class ParcelDialog(QDialog):
    """One window, opened for each action with ``start``.

    Signals:
    refused(str): the action was refused with this message (the window stays open).
    """

    refused = Signal(str)

    def __init__(
        self,
        parent: QWidget,
        worker: Worker,
        find: Find,
        command_prefix: str = DEFAULT_PREFIX,
    ) -> None:
        super().__init__(parent)
        self.setModal(True)
        self.setStyleSheet(scaled(DIALOG_STYLE))
        self.setMinimumWidth(820)
        self._worker = worker
        self._find = find
        self._act: Act | None = None
        self._then: Callable[[Any], None] | None = None
        self._prefix = command_prefix or DEFAULT_PREFIX
        self._router: ScanRouter | None = None
        self._searched: str | None = None
        self._busy = False
        self._generation = 0
        self.parcels: list[ParcelLabel] = []

        self.field = QLineEdit()

        self.found = QListWidget()
        self.found.setMinimumHeight(150)
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)

        self.message = QLabel()
        self.message.setObjectName("dialogMessage")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)

        for button in (ok, cancel):
            button.setAutoDefault(False)
            button.setDefault(False)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        ok.clicked.connect(self.go)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        self._captions = (QLabel(), QLabel(), QLabel())
        for caption, field in zip(
            self._captions, (self.field, self.found, self.reason), strict=True
        ):
            form.addRow(caption, field)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.finished.connect(self._on_finished)
        self.retranslate()
        follow(self.retranslate)

    def retranslate(self) -> None:
        """Set the fixed texts in the station's language (again after it changed)."""
        placeholder = self.tr("Scan the label, or type the order, tracking number or SSCC")
        self.field.setPlaceholderText(placeholder)
        line = self.reason.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Choose, type or scan a reason"))
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel  [Esc]"))
        for caption, text in zip(
            self._captions, (self.tr("Parcel:"), self.tr("Found:"), self.tr("Reason:")), strict=True
        ):
            caption.setText(text)

    def start(
        self,
        title: str,
        action: str,
        reasons: tuple[str, ...],
        act: Act,
        then: Callable[[Any], None],
        router: ScanRouter | None,
        suggested: str | None = None,
    ) -> None:
        """Open the window for one action: ``act(tracking_number, reason)`` is run on the worker
        and ``then(result)`` called once it succeeded (the window closes). Scans come from
        ``router`` while open; ``suggested``: a parcel to look up at once."""
        self._generation += 1
        self.setWindowTitle(title)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("{action}  [Enter]").format(action=action)
        )
        self.reason.clear()
        self.reason.addItems(["", *reasons])
        self._act = act
        self._then = then
        self._busy = False
        self._searched = None
        self.parcels = []
        self.found.clear()
        self.field.setText(suggested or "")
        self.reason.setCurrentIndex(0)
        self._say("")
        self._router = router
        if router is not None:
            router.push(self.take_scan)
        self.open()
        self.field.setFocus()
        if suggested:
            self._search(suggested)

    # -- input ----------------------------------------------------------------------------

    def take_scan(self, code: str) -> None:
        """A scan while the window is open: a reason from the command sheet, Cancel, or the
        parcel (looked up at once)."""
        command = parse_command(code, self._prefix)
        if command in REPRINT_REASON_COMMANDS:
            self.reason.setCurrentText(REPRINT_REASON_COMMANDS[command])
            self._say(self.tr("Reason: {reason}.").format(reason=REPRINT_REASON_COMMANDS[command]))
            return
        if command is Command.CANCEL:
            self.reject()
            return
        if command is not None:
            self._say(
                self.tr("Scan the parcel's label or a reason from the sheet here."), error=True
            )
            return
        self.field.setText(code.strip())
        self._search(code.strip())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.go()
            event.accept()
            return
        super().keyPressEvent(event)

    def go(self) -> None:
        """Enter: look up what was typed if it changed, else do the action."""
        if self._busy:
            return
        text = self.field.text().strip()
        if text and text != self._searched:
            self._search(text)
            return
        parcel = self.selected
        if parcel is None:
            self._say(
                self.tr("Scan the parcel's label, or type its order or tracking number."), True
            )
            self.field.setFocus()
            return
        reason = self.reason.currentText().strip()
        if not reason:
            self._say(
                self.tr("Give a reason: choose one, type it, or scan it from the sheet."), True
            )
            self.reason.setFocus()
            return
        assert self._act is not None
        self._run(self._act(parcel.tracking_number, reason), self._on_done)

    @property
    def selected(self) -> ParcelLabel | None:
        row = self.found.currentRow()
        return self.parcels[row] if 0 <= row < len(self.parcels) else None

    # -- results (GUI thread) -------------------------------------------------------------

    def _search(self, text: str) -> None:
        self._searched = text
        self._say(self.tr("Looking up {text}…").format(text=text))
        self._run(Operation.read(self._find, text), lambda found: self._on_found(text, found))

    def _on_found(self, text: str, parcels: list[ParcelLabel]) -> None:
        if text != self._searched:  # another scan came meanwhile: its look-up counts
            return
        self.parcels = list(parcels)
        self.found.clear()
        self.found.addItems([describe(parcel) for parcel in self.parcels])
        if not self.parcels:
            self._say(self.tr("Nothing found for {text}.").format(text=self._searched), error=True)
            return
        usable = [i for i, p in enumerate(self.parcels) if p.voided_at is None]
        self.found.setCurrentRow(usable[0] if usable else 0)
        several = self.tr("{count} parcels: choose one with ↑ ↓. ").format(count=len(self.parcels))
        need = "" if self.reason.currentText().strip() else self.tr("Give a reason, then ")
        self._say((several if len(parcels) > 1 else "") + need + self.tr("press Enter."))
        (self.found if len(self.parcels) > 1 else self.reason).setFocus()

    def _on_done(self, result: object) -> None:
        then = self._then
        self.accept()
        if then is not None:
            then(result)

    def _run(self, op: Operation[Any], on_done: Callable[[Any], None]) -> None:
        generation = self._generation
        self._busy = True

        def finished(result: Any) -> None:
            if generation == self._generation and self.isVisible():
                self._busy = False
                on_done(result)

        def failed(message: str, _exc: BaseException) -> None:
            if generation == self._generation and self.isVisible():
                self._busy = False
                self._say(message, error=True)
                self.refused.emit(message)

        self._worker.run(op.then(finished, failed))

    def _say(self, text: str, error: bool = False) -> None:
        colour = "#b71c1c" if error else "#0d47a1"
        self.message.setStyleSheet(f"QLabel#dialogMessage {{ color: {colour}; }}")
        self.message.setText(translated(text))

    def _on_finished(self, _result: int) -> None:
        self._generation += 1
        if self._router is not None:
            self._router.pop(self.take_scan)
            self._router = None
