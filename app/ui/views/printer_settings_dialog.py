"""Choose and test the station's printer: connection, language, label size; a test label
with its preview; save to the station's config file."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QPushButton, QVBoxLayout, QWidget

from app.ui.runner import Worker
from app.ui.views.printer_panel import (
    EXAMPLES,
    KINDS,
    LANGUAGES,
    SIZES,
    PrinterPanel,
    SavePrinter,
    TryPrinter,
)

__all__ = ["EXAMPLES", "KINDS", "LANGUAGES", "SIZES", "PrinterSettingsDialog", "SavePrinter"]
__all__ += ["TryPrinter"]


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
        self.setWindowTitle(self.tr("Printer"))
        self._save = save_printer
        self.panel = PrinterPanel(current, try_printer, worker, parent=self)
        panel = self.panel
        self.kind, self.target, self.language = panel.kind, panel.target, panel.language
        self.label_size, self.profile = panel.label_size, panel.profile
        self.packing_slip, self.asks_status = panel.packing_slip, panel.asks_status
        self.outcome_label, self.preview = panel.outcome_label, panel.preview
        self.test_button = panel.test_button
        self.save_button = QPushButton(self.tr("&Save  [Alt+S]"))
        self.save_button.clicked.connect(self.request_save)
        close = QPushButton(self.tr("Close  [Esc]"))
        close.clicked.connect(self.reject)
        panel.buttons.addWidget(self.save_button)
        panel.buttons.addWidget(close)
        QVBoxLayout(self).addWidget(panel)
        self.resize(1000, 480)

    def choice(self) -> dict[str, Any]:
        return self.panel.choice()

    def request_test(self) -> None:
        self.panel.request_test()

    def request_save(self) -> None:
        try:
            path = self._save(self.choice())
        except (OSError, ValueError) as exc:
            self.outcome_label.setText(self.tr("✖ Not saved: {error}").format(error=exc))
            return
        saved = self.tr("✔ Saved to {path}. Restart Packbench to print with it.")
        self.outcome_label.setText(saved.format(path=path))
