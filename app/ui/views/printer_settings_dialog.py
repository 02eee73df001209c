"""Choose and test the station's printer: connection, language, label size; a test label
with its preview; save to the station's config file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
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
from app.ui.runner import Worker

KINDS = ("file", "network", "serial", "usb", "cups", "windows")
LANGUAGES = ("escpos", "zpl")
SIZES = ("4x6-203", "4x6-300", "80mm", "58mm", "receipt")
EXAMPLES = {
    "file": "(jobs and previews go into the data folder)",
    "network": "10.0.4.21:9100",
    "serial": "/dev/ttyUSB0@115200",
    "usb": "04b8:0e15 (vendor:product)",
    "cups": "the CUPS queue name",
    "windows": "the printer's name in Windows",
}

TryPrinter = Callable[[dict[str, Any]], tuple[PrinterState, PrintReport]]
SavePrinter = Callable[[dict[str, Any]], Path]


class PrinterSettingsDialog(QDialog):
    def __init__(
        self,
        current: dict[str, Any],
        try_printer: TryPrinter,
        save_printer: SavePrinter,
        worker: Worker,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Printer")
        self._try = try_printer
        self._save = save_printer
        self._worker = worker
        self.kind = self._combo(KINDS, str(current.get("kind", "file")))
        self.target = QLineEdit(str(current.get("target", "")))
        self.language = self._combo(LANGUAGES, str(current.get("language", "escpos")))
        self.label_size = self._combo(SIZES, str(current.get("label_size", "4x6-203")))
        self.profile = QLineEdit(str(current.get("profile", "4inch-203")))
        self.packing_slip = QCheckBox("Print a packing slip after each label")
        self.packing_slip.setChecked(bool(current.get("packing_slip", False)))
        self.asks_status = QCheckBox(
            "The printer answers status requests (uncheck only for one that does not)"
        )
        self.asks_status.setChecked(bool(current.get("asks_status", True)))
        self._timeout = float(current.get("timeout_s", 5.0))
        self.kind.currentTextChanged.connect(self._on_kind_current_text_changed)
        self._on_kind_current_text_changed(self.kind.currentText())

        form = QFormLayout()
        form.addRow("Connection", self.kind)
        form.addRow("Where", self.target)
        form.addRow("Language", self.language)
        form.addRow("Label size", self.label_size)
        form.addRow("ESC/POS profile", self.profile)
        form.addRow("", self.packing_slip)
        form.addRow("", self.asks_status)

        self.outcome_label = QLabel("Print a test label to check the printer.")
        self.outcome_label.setWordWrap(True)
        self.preview = QLabel()
        self.preview.setMinimumSize(260, 380)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.test_button = QPushButton("Print test label")
        self.test_button.clicked.connect(self.request_test)
        self.save_button = QPushButton("Save")
        self.save_button.clicked.connect(self.request_save)
        close = QPushButton("Close")
        close.clicked.connect(self.reject)

        left = QVBoxLayout()
        left.addLayout(form)
        left.addWidget(self.outcome_label)
        left.addStretch(1)
        buttons = QHBoxLayout()
        for button in (self.test_button, self.save_button, close):
            buttons.addWidget(button)
        left.addLayout(buttons)
        row = QHBoxLayout(self)
        row.addLayout(left, 1)
        row.addWidget(self.preview)
        self.resize(1000, 480)

    @staticmethod
    def _combo(values: tuple[str, ...], current: str) -> QComboBox:
        box = QComboBox()
        box.addItems(list(values))
        if current in values:
            box.setCurrentText(current)
        return box

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
        self.target.setPlaceholderText(EXAMPLES.get(kind, ""))
        self.target.setEnabled(kind != "file")

    def request_test(self) -> None:
        """Ask the chosen printer for its status and print a test label (print worker)."""
        self.test_button.setEnabled(False)
        self.outcome_label.setText("Testing…")
        self._worker.submit(
            self._try, self.choice(), on_done=self._on_tested, on_error=self._on_test_failed
        )

    def _on_tested(self, outcome: object) -> None:
        assert isinstance(outcome, tuple)
        state: PrinterState = outcome[0]
        report: PrintReport = outcome[1]
        self.test_button.setEnabled(True)
        said = f"status {state.state}" + (f" ({state.detail})" if state.detail else "")
        if report.error:
            self.outcome_label.setText(f"✖ Test label NOT printed — {said}. {report.error}")
            return
        self.outcome_label.setText(f"✔ Test label sent to {report.destination} — {said}.")
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
        self.outcome_label.setText(f"✖ {message}")

    def request_save(self) -> None:
        try:
            path = self._save(self.choice())
        except (OSError, ValueError) as exc:
            self.outcome_label.setText(f"✖ Not saved: {exc}")
            return
        self.outcome_label.setText(f"✔ Saved to {path}. Restart Packbench to print with it.")
