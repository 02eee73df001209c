"""Signing in at the console of an office PC: a badge (scanned or typed) and the PIN when the
user has one. The services decide; a packer's badge is refused there, not here."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.services.results import Session
from app.services.sign_in import PinRequired, WrongPin
from app.ui.runner import Operation, Worker

#: Signs in with (badge, PIN or None); returns the session or raises a DomainError.
SignInCall = Callable[[str, str | None], Session]
#: The dialog's least width, in widths of the letter "M".
WIDTH_EM = 36


class ConsoleSignIn(QDialog):
    def __init__(self, sign_in: SignInCall, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Packbench console: sign in")
        self._sign_in = sign_in
        self._worker = worker
        self.session: Session | None = None
        self.badge = QLineEdit()
        self.badge.setEchoMode(QLineEdit.EchoMode.Password)
        self.badge.setPlaceholderText("scan your badge")
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin.setPlaceholderText("only if you have one")
        self.message = QLabel("Supervisors and admins only.")
        self.message.setObjectName("signInMessage")
        self.message.setWordWrap(True)
        # Wide enough for a refusal in two or three lines; the dialog grows taller for a
        # longer one (``say``), so no message is ever cut off.
        self.setMinimumWidth(QFontMetrics(self.font()).horizontalAdvance("M") * WIDTH_EM)
        form = QFormLayout(self)
        form.addRow("Badge", self.badge)
        form.addRow("PIN", self.pin)
        form.addRow(self.message)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Sign in  [Enter]")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit  [Esc]")
        # Enter in a field is that field's own (below): a default button would sign in a
        # second time, with the PIN still empty, and clear the badge just scanned.
        for which in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel):
            button = self.buttons.button(which)
            button.setAutoDefault(False)
            button.setDefault(False)
        self._busy = False
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.badge.returnPressed.connect(self._badge_entered)
        self.pin.returnPressed.connect(self._pin_entered)

    def say(self, message: str) -> None:
        """Show ``message`` whole: the dialog grows taller when its lines need it (a window
        manager keeps a dialog at the size it first had)."""
        self.message.setText(message)
        layout = self.layout()
        if layout is None:
            return
        layout.activate()
        wanted = layout.totalHeightForWidth(self.width()) if layout.hasHeightForWidth() else -1
        wanted = max(wanted, layout.totalMinimumSize().height())
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def _badge_entered(self) -> None:
        # A scanner ends the badge with Enter: sign in straight away; a user with a PIN is
        # asked for it (the badge stays, the PIN field takes the keyboard).
        if not self.badge.text().strip():
            self.say("Scan your badge first.")
            self.badge.setFocus()
            return
        self.try_sign_in()

    def _pin_entered(self) -> None:
        if not self.badge.text().strip():
            self.say("Scan your badge first.")
            self.badge.setFocus()
            return
        self.try_sign_in()

    def try_sign_in(self) -> None:
        if self._busy:
            return
        badge, pin = self.badge.text().strip(), self.pin.text() or None
        if not badge:
            self.say("Scan your badge first.")
            self.badge.setFocus()
            return
        self._busy = True
        self.buttons.setEnabled(False)
        self.say("Signing in...")
        self._worker.run(Operation.write(self._sign_in, badge, pin).then(self._done, self._refused))

    def _done(self, session: Session) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        if not session.role.can_supervise:
            self._refused(
                f"{session.user_name} is a {session.role.value}: the console is for "
                "supervisors and admins.",
                None,
            )
            return
        self.session = session
        self.accept()

    def _refused(self, message: str, exc: BaseException | None) -> None:
        self._busy = False
        self.buttons.setEnabled(True)
        self.say(message)
        self.pin.clear()
        if isinstance(exc, PinRequired) or (isinstance(exc, WrongPin) and not exc.locked):
            # The badge was right: keep it and ask for the PIN (again).
            self.pin.setFocus()
            return
        self.badge.clear()
        self.badge.setFocus()
