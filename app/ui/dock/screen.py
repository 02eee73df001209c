"""The dock screen: for the person loading a carrier's cage or truck, scanner only.

Scan a badge to sign in; scan a manifest's barcode, or a carrier's cage barcode (``CAGE-DHL``:
its open manifest, today's opened if none), to choose its cage (or just scan the first
parcel: its carrier's open manifest is chosen); then scan every parcel's label (tracking
number or SSCC). Each scan ends in one outcome with its own sound, colour and large words,
readable from 1.5 m: loaded (green), already loaded (amber, counted once), another carrier's
or pick-up's parcel, voided, cancelled, on hold, unknown (red, staying until the next scan).
The sign-out command barcode signs out and clears the cage chosen. Every scan runs on the
database worker, in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QListWidget, QVBoxLayout, QWidget

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.commands import Command, parse_command
from app.domain.errors import InvalidBarcode
from app.domain.handoff import LoadOutcome, cage_name, day_and_time
from app.services.handoff import Actor, DockResult
from app.services.results import Session
from app.ui.i18n import translated
from app.ui.message_label import MessageLabel, elide_long_words
from app.ui.runner import Operation, Worker
from app.ui.sounds import Sound

#: One sound per kind of answer, so the loader hears it without looking.
OUTCOME_SOUNDS: dict[LoadOutcome, Sound] = {
    LoadOutcome.LOADED: Sound.ACCEPTED,
    LoadOutcome.CAGE_CHOSEN: Sound.COMMAND,
    LoadOutcome.ALREADY_LOADED: Sound.OVER_SCAN,
    LoadOutcome.WRONG_CARRIER: Sound.WRONG_ITEM,
    LoadOutcome.WRONG_PICKUP: Sound.WRONG_ITEM,
    LoadOutcome.VOIDED: Sound.DATA_NEEDED,
    LoadOutcome.CANCELLED: Sound.DATA_NEEDED,
    LoadOutcome.ON_HOLD: Sound.DATA_NEEDED,
    LoadOutcome.MANIFEST_CLOSED: Sound.DATA_NEEDED,
    LoadOutcome.UNKNOWN: Sound.UNKNOWN,
    LoadOutcome.INVALID: Sound.INVALID,
}
_GREEN, _AMBER, _RED, _GREY = "#1b7f3a", "#b26a00", "#b3261e", "#37474f"


@dataclass(frozen=True)
class DockActions:
    """What the screen calls (on the worker): sign in by badge, and one scan."""

    sign_in: Callable[[str], Session]
    scan: Callable[[Actor, int | None, str], DockResult]
    #: The cage's counts as they stand (a read), for the idle screen's refresh; None: none.
    counts: Callable[[int], DockResult] | None = None


#: How often the idle dock reads its cage's counts again (parcels labelled, voided elsewhere).
REFRESH_MS = 5000


class DockScreen(QWidget):
    """Signals:
    answered(object): the ``DockResult`` of each scan, after the screen shows it.
    sound(str): the sound to play for it.
    """

    answered = Signal(object)
    sound = Signal(str)

    def __init__(
        self,
        actions: DockActions,
        worker: Worker,
        codes: InterpreterConfig | None = None,
        parent: QWidget | None = None,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self._actions = actions
        self._worker = worker
        self._codes = codes or InterpreterConfig()
        self.actor: Actor | None = None
        self.cage_id: int | None = None
        self.setObjectName("dock")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        self.who = self._label(28, self.tr("Dock: scan your badge"))
        self.cage = self._label(64, self.tr("No cage chosen"), bold=True)
        self.count = self._label(120, "", bold=True)
        self.message = self._label(56, self.tr("Scan your badge to start."), bold=True)
        self.message.setMinimumHeight(200)
        self.history = QListWidget()
        self.history.setStyleSheet("font-size: 26px;")
        self.history.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for widget in (self.who, self.cage, self.count, self.message):
            layout.addWidget(widget)
        layout.addWidget(self.history, 1)
        self._show(_GREY, self.message.text())
        self._reading = False
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(refresh_ms)
        self.refresh_timer.timeout.connect(self.refresh_counts)
        self.refresh_timer.start()

    def refresh_counts(self) -> None:
        """Read the chosen cage's counts again, on the worker (one read at a time)."""
        counts = self._actions.counts
        if counts is None or self.cage_id is None or self._reading:
            return
        self._reading = True
        asked = self.cage_id
        self._worker.run(
            Operation.read(counts, asked).then(
                lambda result: self._on_counts(asked, result), self._counts_late
            )
        )

    def _on_counts(self, asked: int, result: DockResult) -> None:
        self._reading = False
        if asked == self.cage_id:  # still the cage on the screen
            self.count.setText(f"{result.loaded} / {result.expected}")

    def _counts_late(self, _message: str, _exc: BaseException) -> None:
        self._reading = False  # simply late: the next tick tries again

    @staticmethod
    def _label(size: int, text: str, bold: bool = False) -> MessageLabel:
        label = MessageLabel(text)
        weight = "bold" if bold else "normal"
        label.setStyleSheet(f"font-size: {size}px; font-weight: {weight};")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _show(self, colour: str, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(
            f"font-size: 56px; font-weight: bold; color: white; background: {colour}; "
            "border-radius: 12px; padding: 16px;"
        )

    # -- scans ---------------------------------------------------------------------------------

    def on_scan(self, code: str) -> None:
        """A scan from the scanner (``ScanCapture.scanned`` or the router)."""
        try:
            scanned = interpret(code, self._codes)
        except InvalidBarcode:
            scanned = None
        if scanned is not None and scanned.kind is CodeKind.BADGE:
            self._worker.run(
                Operation.write(self._actions.sign_in, code).then(
                    self._on_signed_in, self._on_refused
                )
            )
            return
        if (
            scanned is not None
            and scanned.kind is CodeKind.COMMAND
            and parse_command(scanned.value, self._codes.command_prefix) is Command.SIGN_OUT
        ):
            self._sign_out()
            return
        if self.actor is None:
            self.sound.emit(Sound.INVALID.value)
            self._show(_RED, self.tr("Scan your badge first."))
            return
        self._worker.run(
            Operation.write(self._actions.scan, self.actor, self.cage_id, code).then(
                self._on_answer, self._on_refused
            )
        )

    def _on_signed_in(self, session: Session) -> None:
        self.actor = Actor(session.user_id, session.user_name, session.role, session.station_id)
        self.who.setText(
            self.tr("{user} at {station}").format(
                user=session.user_name, station=session.station_name
            )
        )
        self.sound.emit(Sound.COMMAND.value)
        if self.cage_id is None:
            self._show(_GREY, self.tr("Signed in. Scan a manifest barcode or the first parcel."))
        else:
            self._show(_GREY, self.tr("Signed in."))

    def _sign_out(self) -> None:
        self.actor = None
        self.cage_id = None  # the next person chooses their cage (another carrier's, maybe)
        self.cage.setText(self.tr("No cage chosen"))
        self.count.setText("")
        self.who.setText(self.tr("Dock: scan your badge"))
        self.sound.emit(Sound.COMMAND.value)
        self._show(_GREY, self.tr("Signed out. Scan your badge to start."))

    def _on_refused(self, message: str, _exc: BaseException) -> None:
        self.sound.emit(Sound.INVALID.value)
        self._show(_RED, translated(message))

    def _on_answer(self, result: DockResult) -> None:
        if result.cage is not None and not result.outcome.refused:
            self.cage_id = result.cage.id
        if result.cage is not None and result.cage.id == self.cage_id:
            cage = result.cage
            self.cage.setText(
                self.tr("{cage} cage, pick-up {when}").format(
                    cage=cage_name(cage.carrier, cage.group),
                    when=translated(day_and_time(cage.pickup_at)),
                )
            )
            self.count.setText(f"{result.loaded} / {result.expected}")
        if result.outcome in (LoadOutcome.LOADED, LoadOutcome.CAGE_CHOSEN):
            colour = _GREEN
        elif result.outcome is LoadOutcome.ALREADY_LOADED:
            colour = _AMBER
        else:
            colour = _RED
        said = translated(result.message)
        words = said
        if result.order_handed_over:
            handed = self.tr("Order {reference} handed over.")
            words += "\n" + handed.format(reference=result.order_handed_over)
        self._show(colour, words)
        self.history.insertItem(0, elide_long_words(said))
        self.history.item(0).setToolTip(said)
        while self.history.count() > 50:
            self.history.takeItem(self.history.count() - 1)
        self.sound.emit(OUTCOME_SOUNDS[result.outcome].value)
        self.answered.emit(result)
