"""The console's questions about a label (``ConsoleWindow``): confirm voiding a parcel that
was loaded at the dock, and choose the printer of a return label where the console runs at no
station. Modal, on the GUI thread; no service is called here."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget


def confirm_loaded_void(parent: QWidget, scanned: str, question: str) -> bool:
    """The service's words on the loaded parcel (where it is, what to do first, then "void it
    again to confirm"): the button that voids says so, "Void it again"; Cancel is the
    default."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        f"Void {scanned}: the parcel is loaded",
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        parent,
    )
    yes = box.button(QMessageBox.StandardButton.Yes)
    yes.setText("Void it again")
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is yes


def choose_printer(parent: QWidget, scanned: str, printers: Sequence[str]) -> str | None:
    """The printer for ``scanned``'s return label, among those the queue knows; None: none."""
    name, ok = QInputDialog.getItem(
        parent,
        f"Return label for {scanned}",
        "Print it on which printer?",
        list(printers),
        0,
        False,
    )
    return name if ok else None
