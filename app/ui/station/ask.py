"""The station's small questions (a hold or release reason, a printer to move labels to) as
input dialogs whose buttons show their keys: Enter answers, Esc cancels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QInputDialog, QWidget

OK_TEXT = "OK  [Enter]"
CANCEL_TEXT = "Cancel  [Esc]"


def _dialog(parent: QWidget, title: str, label: str) -> QInputDialog:
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText(QCoreApplication.translate("ask", "OK  [Enter]"))
    dialog.setCancelButtonText(QCoreApplication.translate("ask", "Cancel  [Esc]"))
    dialog.setObjectName("stationQuestion")
    return dialog


def ask_text(parent: QWidget, title: str, label: str) -> tuple[str, bool]:
    """A line of text, or ("", False) when cancelled (as ``QInputDialog.getText``)."""
    dialog = _dialog(parent, title, label)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.textValue() if accepted else ""
    dialog.deleteLater()
    return text, accepted


def ask_item(parent: QWidget, title: str, label: str, items: Sequence[str]) -> tuple[str, bool]:
    """One of ``items`` (the first chosen at first; arrow keys move), or ("", False)."""
    dialog = _dialog(parent, title, label)
    dialog.setComboBoxItems(list(items))
    dialog.setComboBoxEditable(False)
    if items:
        dialog.setTextValue(items[0])
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    text = dialog.textValue() if accepted else ""
    dialog.deleteLater()
    return text, accepted
