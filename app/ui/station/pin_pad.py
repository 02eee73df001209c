"""The PIN pad shown after a badge whose user has a PIN: digits from the keyboard or the
numpad, Enter, Backspace and Esc, and large keys for a touch screen. Shows and collects; the
sign-in decides."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import follow, translated
from app.ui.style import px, scaled

PIN_MAX = 12
KEY_SIZE = 84

PAD_STYLE = """
QFrame#pinPad { background: #e3f2fd; border: 4px solid #0d47a1; border-radius: 10px; }
QFrame#pinPad QLabel#pinTitle { font-size: 26px; font-weight: bold; color: #0d47a1; }
QFrame#pinPad QLabel#pinMessage { font-size: 22px; color: #b71c1c; }
QFrame#pinPad QLineEdit { font-size: 34px; min-height: 56px; letter-spacing: 8px; }
QFrame#pinPad QPushButton { font-size: 30px; font-weight: bold; }
"""


class PinPad(QFrame):
    """Signals:
    submitted(str): the PIN typed, on Enter or the OK key.
    cancelled(): Esc or the Cancel key.
    """

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinPad")
        self.setStyleSheet(scaled(PAD_STYLE))
        self.title = QLabel()
        self.title.setObjectName("pinTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setObjectName("pinMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.field = QLineEdit()
        self.field.setObjectName("pinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setMaxLength(PIN_MAX)
        self.field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX}}}"), self.field)
        )
        self.field.returnPressed.connect(self.submit)
        self.field.installEventFilter(self)

        self.keys: dict[str, QPushButton] = {}
        grid = QGridLayout()
        layout = ("123", "456", "789", "⌫0✔")
        for row, keys in enumerate(layout):
            for column, key in enumerate(keys):
                button = QPushButton(key)
                button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                button.setMinimumSize(px(KEY_SIZE), px(KEY_SIZE))
                button.clicked.connect(lambda _=False, key=key: self.press(key))
                grid.addWidget(button, row, column)
                self.keys[key] = button
        self.cancel_button = QPushButton()
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.setMinimumHeight(px(56))
        self.cancel_button.clicked.connect(self.cancel)

        side = QVBoxLayout()
        side.addWidget(self.title)
        side.addWidget(self.field)
        side.addWidget(self.message)
        self.hint = QLabel()
        side.addWidget(self.hint)
        side.addWidget(self.cancel_button)
        side.addStretch(1)
        row_layout = QHBoxLayout(self)
        row_layout.addLayout(side, 1)
        row_layout.addLayout(grid)
        self._user_name = ""
        self.retranslate()
        follow(self.retranslate)
        self.hide()

    def retranslate(self) -> None:
        """Set the fixed texts in the station's language (again after it changed)."""
        self.keys["⌫"].setToolTip(self.tr("Backspace"))
        self.keys["✔"].setToolTip(self.tr("Enter"))
        self.cancel_button.setText(self.tr("Cancel  [Esc]"))
        self.hint.setText(self.tr("Type the PIN (keyboard or numpad) and press Enter."))
        self.title.setText(self.tr("PIN for {name}").format(name=self._user_name))

    def open(self, user_name: str, message: str = "") -> None:
        """Show the pad for ``user_name``, empty, with the keyboard focus in it."""
        self._user_name = user_name
        self.title.setText(self.tr("PIN for {name}").format(name=user_name))
        self.message.setText(translated(message))
        self.field.clear()
        self.show()
        self.field.setFocus()

    def again(self, message: str) -> None:
        """A wrong PIN: empty the pad and say why (the pad stays open)."""
        self.message.setText(translated(message))
        self.field.clear()
        self.field.setFocus()

    def close_pad(self) -> None:
        self.field.clear()
        self.message.clear()
        self.hide()

    def press(self, key: str) -> None:
        """A key of the on-screen pad."""
        if key == "⌫":
            self.field.backspace()
        elif key == "✔":
            self.submit()
        elif len(self.field.text()) < PIN_MAX:
            self.field.insert(key)
        self.field.setFocus()

    def submit(self) -> None:
        pin = self.field.text()
        if not pin:
            self.message.setText(self.tr("Type your PIN first."))
            return
        self.field.clear()
        self.submitted.emit(pin)

    def cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.cancel()
            return True
        return False
