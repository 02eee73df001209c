"""Errors that stay on screen until acknowledged, and the scans refused meanwhile.

The domain decides (``app.domain.station``: ``unacknowledged_after``, ``read``); the service
stores (``app.services.acknowledgements``); this shows: the error stays in the banner, a
refused scan adds its line under it with its own short tone, and the Acknowledge button
(``ACKNOWLEDGE_KEY``, shared with the stopped-labels panel) shows while an error waits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QPushButton

from app.domain.message import Message
from app.domain.model import ScanOutcome, ScanVerdict
from app.domain.station import Entry, RefuseScan, Unacknowledged, unacknowledged_after
from app.domain.station_rules import StationRules
from app.services.acknowledgements import Acknowledgements
from app.services.results import Session
from app.ui.i18n import follow, translated
from app.ui.runner import Operation
from app.ui.sounds import Sound, SoundPlayer
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.label_panels import ACKNOWLEDGE_KEY, insert_after
from app.ui.station.scan_list import RecentScans
from app.ui.style import px, scaled

REFUSED_TITLES = {
    ScanOutcome.REFUSED_UNACKNOWLEDGED: Message("NOT COUNTED: ACKNOWLEDGE FIRST"),
    ScanOutcome.REFUSED_KEYED: Message("TYPED CODE NOT ACCEPTED"),
}


class AcknowledgeHandling(QObject):
    def __init__(
        self,
        display: StationDisplay,
        service: Acknowledgements,
        sounds: SoundPlayer,
        recent: RecentScans,
    ) -> None:
        super().__init__(display)
        self._display = display
        self._service = service
        self._sounds = sounds
        self._recent = recent
        self.error: Unacknowledged | None = None
        self._shown = ""
        self.button = QPushButton()
        self.button.setObjectName("acknowledge")
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setMinimumHeight(px(64))
        self.button.setStyleSheet(
            scaled("QPushButton#acknowledge { font-size: 32px; font-weight: bold; }")
        )
        self.button.hide()
        insert_after(display.banner, self.button)
        self.retranslate()
        follow(self.retranslate)

    def retranslate(self) -> None:
        self.button.setText(self.tr("✔ Acknowledge  [{key}]").format(key=ACKNOWLEDGE_KEY))

    def after(self, outcome: ScanOutcome, rules: StationRules) -> None:
        """A scan's outcome is on screen: keep it there until acknowledged where the site
        wants that."""
        self.error = unacknowledged_after(outcome, rules)
        if self.error is None:
            return
        how = (
            self.tr("A supervisor's badge acknowledges it.")
            if self.error.supervisor
            else self.tr("Scan ACKNOWLEDGE or press [{key}].").format(key=ACKNOWLEDGE_KEY)
        )
        self._shown = f"{self._display.banner.text()}\n{how}"
        self._display.show_text(self._shown, Tone.ERROR)
        self.button.show()

    def require(self, error: Unacknowledged, shown: str) -> None:
        """Item scans wait for an acknowledgement of something that is no scan's outcome (the
        order's important packing notes); ``shown`` stays in the banner until then."""
        self.error = error
        self._shown = shown
        self._display.show_text(shown, Tone.ATTENTION)
        self.button.show()

    def with_error(self, message: str) -> str:
        """``message`` (a refusal) under the error still waiting, so that stays in view."""
        return f"{self._shown}\n⛔ {message}" if self.error is not None else message

    def clear(self) -> None:
        self.error = None
        self._shown = ""
        self.button.hide()

    def acknowledge(
        self, session: Session, order_id: int | None, badge: str | None
    ) -> Operation[str] | None:
        error = self.error
        if error is None:
            return None
        return Operation.write(self._service.acknowledge, session, order_id, error, badge).then(
            self._on_acknowledged
        )

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
            self._display.show_text(f"{self._shown}\n{line}", Tone.ERROR)
            self._sounds.play(Sound.REFUSED)
        else:
            self._display.show_text(line, Tone.ERROR)
            self._sounds.play(Sound.INVALID)


def _uid() -> str:
    import uuid

    return uuid.uuid4().hex
