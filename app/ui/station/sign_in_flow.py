"""Signing in at the pack screen: the badge, the PIN pad where the user has a PIN, and the
fast switch to another packer's badge. The service decides (``app.services.sign_in``); this
shows the pad and hands the result to the screen. The same pad asks a supervisor who
acknowledges an error by badge for their PIN (``ask_pin``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject

from app.services.packing import PackingService
from app.services.ports import StationRecord
from app.services.results import Session
from app.services.sign_in import NO_USERS, PinRequired, SignIn, WrongPin
from app.ui.i18n import SOURCE_LANGUAGE, translated, use_language
from app.ui.runner import Access, Operation
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.label_panels import insert_after
from app.ui.station.pin_pad import PinPad
from app.ui.steps import StepQueue


@dataclass(frozen=True)
class PinUse:
    """What a PIN asked for with ``SignInFlow.ask_pin`` does: ``operation(pin)`` is the
    write to run with it, ``cancelled()`` what Esc does."""

    operation: Callable[[str], Operation[Any]]
    cancelled: Callable[[], None]


class SignInFlow(QObject):
    def __init__(
        self,
        display: StationDisplay,
        packing: PackingService,
        station: StationRecord,
        steps: StepQueue,
        signed_in: Callable[[SignIn], None],
        refused: Callable[[str], None],
    ) -> None:
        super().__init__(display)
        self._display = display
        self._packing = packing
        self._station = station
        self._steps = steps
        self._signed_in = signed_in
        self._refused = refused
        self._badge: str | None = None
        self.station_language = SOURCE_LANGUAGE  # [station] language (set by build_ui)
        self._replacing: Session | None = None
        self._pin_for: PinUse | None = None  # the pad asks for something other than sign-in
        self.pad = PinPad()
        insert_after(display.banner_row, self.pad)
        self.pad.submitted.connect(self._on_pad_submitted)
        self.pad.cancelled.connect(self._on_pad_cancelled)
        # A first run: with no user in the database, no badge signs in; say how to add them.
        has_users = Operation.read(packing.sign_ins.has_users)
        checked = has_users.then(self._on_users_checked, lambda _said, _exc: None)  # offline
        steps.add("users", lambda: checked, Access.READ)

    @property
    def asking(self) -> bool:
        """The PIN pad is open."""
        return self._badge is not None or self._pin_for is not None

    def ask_pin(self, user_name: str, message: str, use: PinUse) -> None:
        """Open the pad for ``user_name`` for something other than signing in: the PIN typed
        goes to ``use.operation(pin)`` (run as the screen's next step); Esc to
        ``use.cancelled``. A wrong PIN comes back through ``wrong_pin``."""
        self._badge, self._replacing, self._pin_for = None, None, use
        self.pad.open(user_name, message)

    def wrong_pin(self, exc: BaseException, message: str) -> None:
        """The PIN given through ``ask_pin`` was refused: try again, unless now locked."""
        if isinstance(exc, WrongPin) and not exc.locked and self._pin_for is not None:
            self.pad.again(message)
        else:
            self.close()

    def operation(
        self, badge: str, replacing: Session | None, pin: str | None = None
    ) -> Operation[SignIn]:
        """Sign in with ``badge`` (and ``pin``), replacing whoever is signed in."""
        return Operation.write(
            self._packing.sign_in, self._station, badge, pin, replacing=replacing
        ).then(self._on_done, lambda message, exc: self._on_error(badge, replacing, message, exc))

    def take_scan(self, code: str) -> bool:
        """A scan while the PIN pad is open: digits are the PIN (True: taken); anything else
        closes the pad and is read as usual (False)."""
        if not self.asking:
            return False
        if code.strip().isdigit():
            self._on_pad_submitted(code.strip())
            return True
        self.close()
        return False

    def close(self) -> None:
        self._badge = None
        self._replacing = None
        self._pin_for = None
        self.pad.close_pad()
        self._display.entry.setFocus()

    def speak_for(self, session: Session | None) -> None:
        """Show the station in the signed-in packer's own language, else the station's."""
        wanted = (session.language if session is not None else None) or self.station_language
        if not use_language(wanted):
            use_language(self.station_language)

    def greeting(self, result: SignIn, same: bool) -> str:
        """What the banner says first after ``result`` (``same``: the same packer again)."""
        name = result.session.user_name
        hello = ""
        if result.switched_from is not None:
            hello = self.tr("{name} took over from {before}. ")
            hello = hello.format(name=name, before=result.switched_from)
        elif same:
            hello = self.tr("{name}: signed in already. ").format(name=name)
        if result.open_order is None:
            return hello or self.tr("Hello {name}. ").format(name=name)
        still_open = self.tr("Order {reference} is still open: carry on scanning.")
        return (hello or self.tr("Welcome back, {name}. ").format(name=name)) + still_open.format(
            reference=result.open_order.reference
        )

    def _on_users_checked(self, has_users: bool) -> None:
        if not has_users and self._display.session is None:
            self._display.show_text(translated(NO_USERS), Tone.ATTENTION)

    def _on_pad_submitted(self, pin: str) -> None:
        badge, replacing, use = self._badge, self._replacing, self._pin_for
        if use is not None:
            self._steps.add("pin", lambda: use.operation(pin))
            return
        if badge is None:
            return
        self._steps.add("pin", lambda: self.operation(badge, replacing, pin))

    def _on_pad_cancelled(self) -> None:
        use = self._pin_for
        self.close()
        if use is not None:
            use.cancelled()
        elif self._display.session is None:
            self._display.show_signed_out()
        else:
            self._display.show_text(self.tr("Switch cancelled. Carry on."), Tone.PROMPT)

    def _on_done(self, result: SignIn) -> None:
        self.close()
        self._signed_in(result)

    def _on_error(
        self, badge: str, replacing: Session | None, message: str, exc: BaseException
    ) -> None:
        if isinstance(exc, PinRequired):
            self._badge, self._replacing = badge, replacing
            self.pad.open(exc.user_name)
            self._display.show_text(exc.message, Tone.PROMPT)
            return
        if isinstance(exc, WrongPin) and not exc.locked and self._badge is not None:
            self.pad.again(message)
        else:
            self.close()
        self._refused(message)
