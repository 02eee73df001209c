"""The printer's settings and its test label with the preview: one panel, shown by the
printer settings dialog and by the setup wizard's printer page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.printing import PrinterState
from app.services.results import PrintReport
from app.ui.i18n import translated
from app.ui.runner import Worker

KINDS = ("file", "network", "serial", "usb", "cups", "windows")
LANGUAGES = ("escpos", "zpl")
SIZES = ("4x6-203", "4x6-300", "80mm", "58mm", "receipt")
EXAMPLES = {
    "file": QT_TRANSLATE_NOOP("PrinterPanel", "(jobs and previews go into the data folder)"),
    "network": "10.0.4.21:9100",
    "serial": "/dev/ttyUSB0@115200",
    "usb": QT_TRANSLATE_NOOP("PrinterPanel", "04b8:0e15 (vendor:product)"),
    "cups": QT_TRANSLATE_NOOP("PrinterPanel", "the CUPS queue name"),
    "windows": QT_TRANSLATE_NOOP("PrinterPanel", "the printer's name in Windows"),
}

TryPrinter = Callable[[dict[str, Any]], tuple[PrinterState, PrintReport]]
SavePrinter = Callable[[dict[str, Any]], Path]


def _combo(values: Sequence[str], current: str) -> QComboBox:
    box = QComboBox()
    box.addItems(list(values))
    if current in values:
        box.setCurrentText(current)
    return box


class PrinterPanel(QWidget):
    """Connection, where, language, label size, profile; "Print test label" (Alt+P) asks the
    printer for its status and prints a test label on ``worker``, then shows the preview.
    ``found``: (kind, target, label) of printers and ports found on this machine, offered in
    a list that fills in the connection and where."""

    def __init__(
        self,
        current: dict[str, Any],
        try_printer: TryPrinter,
        worker: Worker,
        found: Sequence[tuple[str, str, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.try_printer = try_printer  # replaceable: the wizard adds the station's name
        self._worker = worker
        self._found = list(found)
        self.kind = _combo(KINDS, str(current.get("kind", "file")))
        self.target = QLineEdit(str(current.get("target", "")))
        self.language = _combo(LANGUAGES, str(current.get("language", "escpos")))
        self.label_size = _combo(SIZES, str(current.get("label_size", "4x6-203")))
        self.profile = QLineEdit(str(current.get("profile", "4inch-203")))
        self.packing_slip = QCheckBox(self.tr("Print a packing sl&ip after each label"))
        self.packing_slip.setChecked(bool(current.get("packing_slip", False)))
        self.asks_status = QCheckBox(
            self.tr("The printer &answers status requests (uncheck only for one that does not)")
        )
        self.asks_status.setChecked(bool(current.get("asks_status", True)))
        self._timeout = float(current.get("timeout_s", 5.0))
        self.kind.currentTextChanged.connect(self._on_kind_current_text_changed)
        self._on_kind_current_text_changed(self.kind.currentText())
        self.found = QComboBox()
        self.found.addItem(
            self.tr("(choose one to fill in Connection and Where)") if found else self.tr("none")
        )
        for _kind, _target, label in self._found:
            self.found.addItem(label)
        self.found.setEnabled(bool(found))
        self.found.activated.connect(self._on_found_activated)

        form = QFormLayout()
        for caption, field in (
            (self.tr("F&ound"), self.found),
            (self.tr("&Connection"), self.kind),
            (self.tr("&Where"), self.target),
            (self.tr("&Language"), self.language),
            (self.tr("Label si&ze"), self.label_size),
            (self.tr("ESC/POS p&rofile"), self.profile),
        ):
            buddy = QLabel(caption)
            buddy.setBuddy(field)
            form.addRow(buddy, field)
        form.addRow("", self.packing_slip)
        form.addRow("", self.asks_status)

        self.outcome_label = QLabel(self.tr("Print a test label to check the printer."))
        self.outcome_label.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setMinimumSize(260, 380)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.test_button = QPushButton(self.tr("&Print test label  [Alt+P]"))
        self.test_button.clicked.connect(self.request_test)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.test_button)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.outcome_label)
        left.addStretch(1)
        left.addLayout(self.buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 1)
        row.addWidget(self.preview)

    def choice(self) -> dict[str, Any]:
        return {
            "kind": self.kind.currentText(),
            "target": self.target.text().strip(),
            "language": self.language.currentText(),
            "label_size": self.label_size.currentText(),
            "profile": self.profile.text().strip() or "4inch-203",
            "timeout_s": self._timeout,
            "packing_slip": self.packing_slip.isChecked(),
            "asks_status": self.asks_status.isChecked(),
        }

    def _on_kind_current_text_changed(self, kind: str) -> None:
        self.target.setPlaceholderText(self.tr(str(EXAMPLES.get(kind, ""))))
        self.target.setEnabled(kind != "file")

    def _on_found_activated(self, index: int) -> None:
        if not 1 <= index <= len(self._found):
            return
        kind, target, _label = self._found[index - 1]
        self.kind.setCurrentText(kind)
        old = self.target.text()
        speed = old.partition("@")[2] if kind == "serial" and "@" in old else ""
        self.target.setText(f"{target}@{speed}" if speed else target)

    def request_test(self) -> None:
        """Ask the chosen printer for its status and print a test label (print worker)."""
        self.test_button.setEnabled(False)
        self.outcome_label.setText(self.tr("Testing…"))
        self._worker.submit(
            self.try_printer, self.choice(), on_done=self._on_tested, on_error=self._on_test_failed
        )

    def _on_tested(self, outcome: object) -> None:
        assert isinstance(outcome, tuple)
        state: PrinterState = outcome[0]
        report: PrintReport = outcome[1]
        self.test_button.setEnabled(True)
        said = self.tr("printer {state}").format(state=translated(state.words))
        if report.error:
            failed = self.tr("✖ Test label NOT printed — {status}. {error}")
            self.outcome_label.setText(failed.format(status=said, error=translated(report.error)))
            return
        sent = self.tr("✔ Test label sent to {destination} — {status}.")
        where = translated(report.destination)
        self.outcome_label.setText(sent.format(destination=where, status=said))
        if report.preview_path:
            pixmap = QPixmap(report.preview_path)
            if not pixmap.isNull():
                self.preview.setPixmap(
                    pixmap.scaled(
                        self.preview.size(),
                        Qt.AspectRatioMode.KeepAspectRatio,
                        Qt.TransformationMode.SmoothTransformation,
                    )
                )

    def _on_test_failed(self, message: str, _exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.outcome_label.setText(f"✖ {translated(message)}")
