"""Errors that stay on screen until acknowledged, and the scans refused meanwhile.

The domain decides (``app.domain.station``: ``unacknowledged_after``, ``read``); the service
stores (``app.services.acknowledgements``); this shows: the error stays in the banner, a
refused scan adds its line under it with its own short tone, and the Acknowledge button
(``ACKNOWLEDGE_KEY``, shared with the stopped-labels panel) shows while an error waits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton, QSizePolicy

from app.domain.message import Message
from app.domain.model import ScanOutcome, ScanVerdict
from app.domain.station import (
    ACKNOWLEDGE_FIRST,
    NOTES_FIRST,
    Entry,
    RefuseScan,
    Unacknowledged,
    WaitingError,
    unacknowledged_after,
)
from app.domain.station_rules import StationRules
from app.services.acknowledgements import Acknowledgements
from app.services.results import OrderView, Session
from app.services.sign_in import PinRequired
from app.ui.i18n import follow, translated
from app.ui.runner import Operation
from app.ui.sounds import Sound, SoundPlayer
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.label_panels import ACKNOWLEDGE_KEY
from app.ui.station.scan_list import RecentScans
from app.ui.station.sign_in_flow import PinUse, SignInFlow
from app.ui.style import px, scaled

REFUSED_TITLES = {
    ScanOutcome.REFUSED_UNACKNOWLEDGED: Message("NOT COUNTED: ACKNOWLEDGE FIRST"),
    ScanOutcome.REFUSED_KEYED: Message("TYPED CODE NOT ACCEPTED"),
}

# Refusals whose words the banner already shows above them (the error's own instruction).
REPEATS_THE_INSTRUCTION = (ACKNOWLEDGE_FIRST, NOTES_FIRST)


class AcknowledgeHandling(QObject):
    def __init__(
        self,
        display: StationDisplay,
        service: Acknowledgements,
        sounds: SoundPlayer,
        recent: RecentScans,
        pins: SignInFlow | None = None,
    ) -> None:
        super().__init__(display)
        self._pins = pins  # the PIN pad, for a supervisor's badge whose user has a PIN
        self._display = display
        self._service = service
        self._sounds = sounds
        self._recent = recent
        self.error: Unacknowledged | None = None
        self._shown = ""
        self._first: str | None = None  # the error's own lines, without the instruction
        self._how = ""  # how to acknowledge it, in short
        self.button = QPushButton()
        self.button.setObjectName("acknowledge")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setMinimumHeight(px(64))
        self.button.setStyleSheet(
            scaled("QPushButton#acknowledge { font-size: 32px; font-weight: bold; }")
        )
        self.button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.button.hide()
        row = display.banner_row.layout()
        assert row is not None
        row.addWidget(self.button)  # beside the banner: the error and its answer, one row
        self.retranslate()
        follow(self.retranslate)

    def retranslate(self) -> None:
        text = self.tr("✔ Acknowledge  [{key}]").format(key=ACKNOWLEDGE_KEY)
        self.button.setText(text.replace("  [", "\n["))  # the key under: the banner keeps width

    def after(self, outcome: ScanOutcome, rules: StationRules) -> None:
        """A scan's outcome is on screen: keep it there until acknowledged where the site
        wants that."""
        self.error = unacknowledged_after(outcome, rules)
        if self.error is not None:
            self._hold(self.error)

    def restore(self, waiting: WaitingError | None, order: OrderView) -> None:
        """The open order came back (sign-in after a restart, a crash or a sign-out) with an
        error nobody acknowledged: show it again and wait, as when it happened."""
        if waiting is None:
            return
        self._display.show_outcome(waiting.scan.outcome, waiting.scan.message, order)
        self.error = waiting.error
        self._hold(waiting.error)

    def _hold(self, error: Unacknowledged) -> None:
        how = (
            self.tr("A supervisor's badge acknowledges it.")
            if error.supervisor
            else self.tr("Scan ACKNOWLEDGE or press [{key}].").format(key=ACKNOWLEDGE_KEY)
        )
        self._first, self._how = (
            self._display.banner.text(),
            (
                self.tr("a supervisor's badge")
                if error.supervisor
                else f"ACKNOWLEDGE [{ACKNOWLEDGE_KEY}]"  # the command barcode's name, as printed
            ),
        )
        self._shown = f"{self._first}\n{how}"
        self._display.show_text(self._shown, Tone.ERROR)
        self.button.show()

    def require(self, error: Unacknowledged, shown: str) -> None:
        """Item scans wait for an acknowledgement of something that is no scan's outcome (the
        order's important packing notes); ``shown`` stays in the banner until then."""
        self.error = error
        self._shown, self._first = shown, None
        self._display.show_text(shown, Tone.ATTENTION)
        self.button.show()

    def with_error(self, message: str) -> str:
        """``message`` (a refusal) under the error still waiting, so that stays in view; a
        refusal that only repeats the error's own instruction is said in a few words."""
        if self.error is None:
            return message
        if message in (translated(m) for m in REPEATS_THE_INSTRUCTION):
            return self._refused_line(self.tr("NOT DONE"))
        return f"{self._shown}\n⛔ {message}"

    def _refused_line(self, title: str) -> str:
        """The error, and under it what was refused with the instruction in short, once: no
        longer than the error alone, so the banner's type stays as large."""
        if self._first is None:  # the packing notes: their text holds the instruction
            return f"{self._shown}\n⛔ {title}"
        return f"{self._first}\n⛔ {title} · {self._how}"

    def clear(self) -> None:
        self.error = None
        self._shown = ""
        self.button.hide()

    def acknowledge(
        self, session: Session, order_id: int | None, badge: str | None, pin: str | None = None
    ) -> Operation[str] | None:
        """Acknowledge the error: by the user signed in (``badge`` None), or by the supervisor
        whose badge was scanned; the PIN pad opens when that supervisor has a PIN."""
        error = self.error
        if error is None:
            return None
        service = self._service
        if pin is None:
            op = Operation.write(service.acknowledge, session, order_id, error, badge)
        else:
            op = Operation.write(service.acknowledge_with_pin, session, order_id, error, badge, pin)
        return op.then(
            self._on_acknowledged,
            lambda message, exc: self._on_refused_by(session, order_id, badge, message, exc),
        )

    def _on_refused_by(
        self,
        session: Session,
        order_id: int | None,
        badge: str | None,
        message: str,
        exc: BaseException,
    ) -> None:
        pins = self._pins
        if isinstance(exc, PinRequired) and pins is not None and badge is not None:

            def with_pin(pin: str) -> Operation[str]:
                op = self.acknowledge(session, order_id, badge, pin)
                assert op is not None  # the error waits while the pad is open
                return op

            pins.ask_pin(exc.user_name, message, PinUse(with_pin, self._on_pin_cancelled))
            self._display.show_text(self.with_error(translated(message)), Tone.PROMPT)
            return
        if pins is not None:
            pins.wrong_pin(exc, message)
        self._display.show_text(self.with_error(translated(message)), Tone.ERROR)
        self._sounds.play(Sound.INVALID)

    def _on_pin_cancelled(self) -> None:
        self._display.show_text(self._shown, Tone.ERROR)

    def refuse(
        self, session: Session, order_id: int, intent: RefuseScan, entry: Entry
    ) -> Operation[ScanVerdict]:
        """Store the refused scan; show it under the error (or alone)."""
        return Operation.write(
            self._service.refuse_scan,
            session,
            order_id,
            _uid(),
            intent.code,
            intent.outcome,
            intent.message,
            entry,
        ).then(lambda verdict: self._on_refused(verdict, intent.code, entry))

    def _on_acknowledged(self, name: str) -> None:
        if self._pins is not None and self._pins.asking:
            self._pins.close()
        self.clear()
        self._sounds.play(Sound.COMMAND)
        self._display.show_text(
            self.tr("Acknowledged by {name}. Carry on scanning.").format(name=name), Tone.PROMPT
        )

    def _on_refused(self, verdict: ScanVerdict, code: str, entry: Entry) -> None:
        self._recent.add(code, verdict.outcome, entry is Entry.KEYED)
        title = translated(REFUSED_TITLES.get(verdict.outcome, self.tr("NOT COUNTED")))
        line = f"⛔ {title}: {translated(verdict.message)}"
        if self.error is not None and self._shown:
            # The error's instruction says how to acknowledge it: said once, not twice.
            if verdict.outcome is ScanOutcome.REFUSED_UNACKNOWLEDGED:
                shown = self._refused_line(self.tr("NOT COUNTED"))
            else:
                shown = f"{self._shown}\n{line}"
            self._display.show_text(shown, Tone.ERROR)
            self._sounds.play(Sound.REFUSED)
        else:
            self._display.show_text(line, Tone.ERROR)
            self._sounds.play(Sound.INVALID)


def _uid() -> str:
    import uuid

    return uuid.uuid4().hex
