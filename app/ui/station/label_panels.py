"""The print queue's panels on the pack screen, readable at 1.5 m: the question about an
interrupted label (amber, with its two answers) and the labels stopped because their order
changed (red, until someone acknowledges them). Layout only: no I/O, no decisions."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.print_results import UncertainLabel
from app.ui.i18n import follow, translated
from app.ui.style import scaled

YES_KEY = "F3"
NO_KEY = "F4"
ACKNOWLEDGE_KEY = "F7"

PANEL_STYLE = """
QFrame#labelQuestion { background: #ffb300; border: 6px solid #e65100; border-radius: 10px; }
QFrame#labelQuestion QLabel { color: #000000; background: transparent; }
QLabel#questionTitle { font-size: 22px; font-weight: bold; }
QLabel#questionText { font-size: 32px; font-weight: bold; }
QFrame#labelQuestion QPushButton {
    font-size: 28px; font-weight: bold; padding: 6px 16px; min-height: 52px;
    border: 3px solid #000000; border-radius: 8px;
}
QPushButton#answerYes { background: #1b5e20; color: #ffffff; }
QPushButton#answerNo { background: #0d47a1; color: #ffffff; }
QFrame#labelsStopped { background: #b71c1c; border-radius: 10px; }
QFrame#labelsStopped QLabel { color: #ffffff; background: transparent; }
QLabel#stoppedText { font-size: 32px; font-weight: bold; }
QFrame#labelsStopped QPushButton {
    font-size: 24px; font-weight: bold; padding: 8px 16px; min-height: 52px;
    background: #ffffff; color: #b71c1c; border-radius: 8px;
}
"""


class LabelQuestion(QFrame):
    """ "Did the label for parcel X come out?" with "Yes, it came out" and "No, print it" (the
    screen wires the buttons to its commands, as it does the keys and the command barcodes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelQuestion")
        self.setStyleSheet(scaled(PANEL_STYLE))
        self.current: UncertainLabel | None = None
        self.title = QLabel()
        self.title.setObjectName("questionTitle")
        self.title.setWordWrap(True)
        self.text = QLabel()
        self.text.setObjectName("questionText")
        self.text.setWordWrap(True)
        self.yes_button = QPushButton()
        self.yes_button.setObjectName("answerYes")
        self.no_button = QPushButton()
        self.no_button.setObjectName("answerNo")
        for button in (self.yes_button, self.no_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        buttons = QHBoxLayout()
        buttons.addWidget(self.yes_button, 1)
        buttons.addWidget(self.no_button, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 6, 14, 8)
        column.setSpacing(4)
        column.addWidget(self.title)
        column.addWidget(self.text)
        column.addLayout(buttons)
        self.retranslate()
        follow(self.retranslate)
        self.hide()

    def retranslate(self) -> None:
        self.yes_button.setText(self.tr("✔ Yes, it came out  [{key}]").format(key=YES_KEY))
        self.no_button.setText(self.tr("↻ No, print it  [{key}]").format(key=NO_KEY))

    def show_questions(self, questions: tuple[UncertainLabel, ...]) -> None:
        """Ask the oldest question; hide when there is none."""
        self.current = questions[0] if questions else None
        if self.current is None:
            self.hide()
            return
        more = self.tr("   (+{count} more after this one)").format(count=len(questions) - 1)
        title = self.tr("⚠ LABEL INTERRUPTED ON PRINTER {printer}: look at the printer.")
        title = title.format(printer=self.current.printer)
        self.title.setText(title + (more if len(questions) > 1 else ""))
        self.text.setText(translated(self.current.question))
        self.show()


class StoppedLabels(QFrame):
    """Labels not printed because their order was cancelled or held after packing: red, and
    they stay until acknowledged (``ACKNOWLEDGE_KEY`` or the button)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("labelsStopped")
        self.setStyleSheet(scaled(PANEL_STYLE))
        self.messages: list[str] = []
        self.text = QLabel()
        self.text.setObjectName("stoppedText")
        self.text.setWordWrap(True)
        self.acknowledge_button = QPushButton()
        self.acknowledge_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.acknowledge_button.clicked.connect(self.acknowledge)
        row = QHBoxLayout(self)
        row.setContentsMargins(18, 10, 18, 10)
        row.addWidget(self.text, 1)
        row.addWidget(self.acknowledge_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.retranslate()
        follow(self.retranslate)
        self.hide()

    def retranslate(self) -> None:
        self.acknowledge_button.setText(self.tr("Done  [{key}]").format(key=ACKNOWLEDGE_KEY))

    def add(self, message: str) -> None:
        if message in self.messages:
            return
        self.messages.append(message)
        self._show()

    def acknowledge(self) -> None:
        """The packer took the parcel(s) off the cage."""
        self.messages.clear()
        self.hide()

    def _show(self) -> None:
        self.text.setText("\n".join(f"✖ {translated(message)}" for message in self.messages))
        self.show()


def insert_after(anchor: QWidget, widget: QWidget) -> None:
    """Put ``widget`` right after ``anchor`` in the box layout that holds it."""

    def place(layout: QLayout) -> bool:
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item is None:
                continue
            if item.widget() is anchor and isinstance(layout, QBoxLayout):
                layout.insertWidget(index + 1, widget)
                return True
            inner = item.layout()
            if inner is not None and place(inner):
                return True
        return False

    parent = anchor.parentWidget()
    top = parent.layout() if parent is not None else None
    if top is None or not place(top):
        raise ValueError("the anchor widget is in no box layout")
