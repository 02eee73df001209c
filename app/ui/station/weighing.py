"""Pack-out at the station: the scale's reading, closing a parcel (weighed), the next parcel.

* ``ScaleBridge``: the scale's reader thread -> the GUI thread, by signals only (like
  ``DeviceBridge`` for scanners). ``show_scale_in_header`` puts its state next to the
  scanner's.
* ``PackOut``: the weight on screen, and the station's side of ``PackOutService``: Complete and
  New parcel close the open parcel with the latest stable reading; a refused weight stays on
  screen until acknowledged, with its own sound; a supervisor accepts it with a reason
  (Accept weight). Where the scale is the demo's simulated one, its reading follows the open
  parcel's expected weight.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.commands import Command
from app.domain.message import Message
from app.domain.model import ScanOutcome
from app.domain.station_rules import StationRules
from app.domain.weighing import ReadingKind, ScaleReading
from app.domain.weight_check import kg
from app.services.device_ports import DeviceState
from app.services.pack_out import PackOutService, ParcelClosed, ParcelClosing, WeightRefusal
from app.services.results import Completion, OrderView, Session
from app.services.scale_ports import ScaleSource
from app.ui import i18n
from app.ui.device_bridge import DeviceStatusLabel
from app.ui.i18n import translated
from app.ui.runner import Operation, Worker
from app.ui.sounds import Sound
from app.ui.station.ask import ask_text
from app.ui.station.display import Tone
from app.ui.station.label_panels import insert_after

if TYPE_CHECKING:
    from app.ui.station.pack_screen import PackScreen

log = logging.getLogger(__name__)

NEW_PARCEL_KEY = "Shift+F12"
ACCEPT_WEIGHT_KEY = "Shift+F7"
NO_STABLE_WEIGHT = Message(
    "No stable weight yet: put the parcel on the scale, wait for it to settle, then press again."
)
NOTHING_TO_ACCEPT = Message("No refused weight to accept.")
SUPERVISOR_ACCEPTS = Message(
    "Only a supervisor can accept a weight outside its range: a supervisor scans their badge, "
    "then presses Accept weight [{key}].",
    key=ACCEPT_WEIGHT_KEY,
)

_STYLE = """
QLabel#weight { font-size: 30px; font-weight: bold; padding: 4px; }
QPushButton#packOutButton { font-size: 22px; font-weight: bold; padding: 6px 12px; }
"""


class ScaleBridge(QObject):
    """Signals (emitted on the scale's thread, delivered queued to the GUI thread):
    reading_changed(object): a ``ScaleReading``.
    state_changed(object): a ``DeviceState``.
    """

    reading_changed = Signal(object)
    state_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source: ScaleSource | None = None

    def attach(self, source: ScaleSource) -> None:
        def on_reading(reading: ScaleReading) -> None:  # scale thread: emit only
            self.reading_changed.emit(reading)

        def on_state(state: DeviceState) -> None:  # scale thread: emit only
            self.state_changed.emit(state)

        self.source = source
        source.start(on_reading, on_state)

    def detach(self) -> None:
        """Stop the scale's thread. Safe to call twice."""
        source, self.source = self.source, None
        if source is not None:
            try:
                source.stop()
            except Exception:
                log.exception("Stopping scale %s failed", source.name)


def show_scale_in_header(devices_tag: QWidget, bridge: ScaleBridge) -> DeviceStatusLabel:
    """The scale's state tag ("Scale …: connected"), next to ``devices_tag`` in its row."""
    tag = DeviceStatusLabel(kind="Scale")
    bridge.state_changed.connect(tag.show_state)
    tag.setObjectName("headerDevices")
    parent = devices_tag.parentWidget()
    row = _row_of(devices_tag, parent.layout() if parent is not None else None)
    if row is not None:
        row.insertWidget(row.indexOf(devices_tag) + 1, tag)
    return tag


def _row_of(widget: QWidget, layout: QLayout | None) -> QHBoxLayout | None:
    """The row (in ``layout`` or one nested in it) that holds ``widget``: the header's device
    tags sit in a row of their own over the test buttons, not in the header's top layout (the
    scale's tag once landed at the header's far left and squeezed the packer's name)."""
    if layout is None:
        return None
    if isinstance(layout, QHBoxLayout) and layout.indexOf(widget) >= 0:
        return layout
    for index in range(layout.count()):
        item = layout.itemAt(index)
        found = _row_of(widget, item.layout() if item is not None else None)
        if found is not None:
            return found
    return None


class PackOut(QObject):
    """The station's pack-out: see the module docstring. ``completed`` gets the ``Completion``
    of an order whose last parcel closed; ``refuse`` shows a refusal as the screen does.

    Signals:
    parcel_closed(object): a ``ParcelClosed`` that was not the order's last; the next is open.
    """

    parcel_closed = Signal(object)

    def __init__(
        self,
        screen: PackScreen,
        service: PackOutService,
        db: Worker,
        request: Callable[[Command], None],
        completed: Callable[[Completion], None],
        refuse: Callable[[str], None],
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._service = service
        self._sounds = screen.sounds
        self._acknowledgement = screen.acknowledgement
        self._print_banner = screen.print_banner
        self._completed = completed
        self._refuse = refuse
        self.rules = StationRules()
        self.reading: ScaleReading | None = None
        self.refused: WeightRefusal | None = None
        self._refused_last = True
        self._bridge: ScaleBridge | None = None
        self._db = db
        self.parcel_no = 1
        self.weight_label = QLabel()
        self.weight_label.setObjectName("weight")
        self.weight_label.setStyleSheet(_STYLE)
        self.weight_label.hide()
        self.new_parcel_button = QPushButton()
        self.accept_button = QPushButton()
        self.retranslate()
        i18n.follow(self.retranslate)
        row = QWidget()  # in the pack screen's right column, over the buttons
        layout = QVBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.weight_label, 1)
        for button in (self.new_parcel_button, self.accept_button):
            button.setObjectName("packOutButton")
            button.setStyleSheet(_STYLE)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            layout.addWidget(button)
        self.accept_button.hide()
        self.row = row
        insert_after(screen.preview, row)
        # Keys and buttons go through the screen's steps, like every other command.
        for key, command, button in (
            (NEW_PARCEL_KEY, Command.NEW_PARCEL, self.new_parcel_button),
            (ACCEPT_WEIGHT_KEY, Command.ACCEPT_WEIGHT, self.accept_button),
        ):
            shortcut = QShortcut(QKeySequence(key), screen)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda command=command: request(command))
            button.clicked.connect(lambda _=False, command=command: request(command))
        screen.scan_shown.connect(lambda result: self.follow(result.order))

    def retranslate(self) -> None:
        self.new_parcel_button.setText(self.tr("New parcel  [{key}]").format(key=NEW_PARCEL_KEY))
        accept = self.tr("Accept weight…  [{key}]").format(key=ACCEPT_WEIGHT_KEY)
        self.accept_button.setText(accept)
        if self.reading is not None:
            self.show_reading(self.reading)

    # -- the scale -------------------------------------------------------------------------

    @property
    def weighs(self) -> bool:
        """A scale is attached: closing a parcel needs its stable reading."""
        return self._bridge is not None

    def use_scale(self, bridge: ScaleBridge) -> None:
        self._bridge = bridge
        bridge.reading_changed.connect(self.show_reading)
        self.weight_label.setText(self.tr("Scale: waiting for a reading"))
        self.weight_label.show()

    @Slot(object)
    def show_reading(self, reading: ScaleReading) -> None:
        self.reading = reading
        if reading.kind is ReadingKind.STABLE and reading.grams is not None:
            text = f"⚖ {kg(reading.grams)} ({reading.grams} g)"
        else:
            text = f"⚖ {translated(reading.describe())}"
        parcel = self.tr("Parcel {number}: {weight}")
        self.weight_label.setText(parcel.format(number=self.parcel_no, weight=text))

    def follow(self, order: OrderView | None) -> None:
        """Where a scale weighs: the open parcel's number for the weight line, and the demo's
        simulated scale takes the open parcel's expected weight."""
        if self._bridge is None:
            return
        set_expected = getattr(self._bridge.source, "set_expected", None)
        if order is None:
            if callable(set_expected):
                set_expected(0)  # the parcel went off the scale
            return

        def found(parcel: tuple[int, int | None]) -> None:
            self.parcel_no = parcel[0]
            if self.reading is not None:
                self.show_reading(self.reading)
            if callable(set_expected):
                set_expected(parcel[1] or 0)

        self._db.run(Operation.read(self._service.expected_weight, order.id).then(found))

    # -- closing a parcel --------------------------------------------------------------------

    def close(
        self, session: Session, order: OrderView, last: bool, override: str | None = None
    ) -> Operation[ParcelClosing] | None:
        weight = None
        if self.weighs:
            reading = self.reading
            if reading is None or not reading.stable or reading.grams is None:
                self._refuse(NO_STABLE_WEIGHT)
                return None
            weight = reading.grams
        what = self.tr("Closing parcel {number} of order {reference}…")
        if last:
            what = self.tr("Completing order {reference}…")
        self._screen.show_text(
            what.format(number=self.parcel_no, reference=order.reference), Tone.BUSY
        )
        self._refused_last = last
        return Operation.write(
            self._service.close_parcel,
            session,
            order.id,
            self._print_banner.printer_name,
            last=last,
            weight_g=weight,
            override=override,
        ).then(lambda closing: self._on_closing(session, closing))

    def accept(self, session: Session, order: OrderView) -> Operation[ParcelClosing] | None:
        """A supervisor accepts the refused weight (the one on the scale now) with a reason."""
        if self.refused is None:
            self._refuse(NOTHING_TO_ACCEPT)
            return None
        if not session.role.can_supervise:
            self._refuse(SUPERVISOR_ACCEPTS)
            return None
        # The question is asked once this step is over (no "Saving…" while a supervisor types);
        # the reason is a step of its own, taken only if nothing changed meanwhile.
        refused = self.refused
        QTimer.singleShot(0, self, lambda: self._ask_reason(refused))
        return None

    def _ask_reason(self, refused: WeightRefusal) -> None:
        reason, ok = ask_text(
            self._screen,
            self.tr("Accept weight"),
            self.tr("{refusal}.\nWhy may parcel {number} ship as it is?").format(
                refusal=translated(refused.message), number=refused.parcel_no
            ),
        )
        if not ok or not reason.strip():
            self._screen.show_text(self.tr("Weight not accepted: no reason given."), Tone.PROMPT)
            return
        self._screen.steps.add("accept weight", lambda: self._accepted(refused, reason))

    def _accepted(self, refused: WeightRefusal, reason: str) -> Operation[ParcelClosing] | None:
        session, order = self._screen.session, self._screen.order
        if (
            self.refused is not refused
            or session is None
            or order is None
            or not session.role.can_supervise
        ):
            self._refuse(NOTHING_TO_ACCEPT)
            return None
        return self.close(session, order, self._refused_last, reason)

    def _on_closing(self, session: Session, closing: ParcelClosing) -> None:
        if isinstance(closing, WeightRefusal):
            self.refused = closing
            self.accept_button.show()
            refused = self.tr("⚖ WEIGHT REFUSED\n{message}")
            self._screen.show_text(refused.format(message=translated(closing.message)), Tone.ERROR)
            self._sounds.play(Sound.WEIGHT)
            rules = replace(
                self.rules, acknowledged=self.rules.acknowledged | {ScanOutcome.WEIGHT_REFUSED}
            )
            self._acknowledgement.after(ScanOutcome.WEIGHT_REFUSED, rules)
            return
        self.refused = None
        self.accept_button.hide()
        if closing.completion is not None:
            self.parcel_no = 1
            self.follow(None)
            self._completed(closing.completion)
            return
        self._closed(session, closing)

    def _closed(self, session: Session, closed: ParcelClosed) -> None:
        self.parcel_no = closed.next_parcel_no
        self._sounds.play(Sound.COMPLETE)
        weighed = "" if closed.weight_g is None else f" ({kg(closed.weight_g)})"
        text = self.tr(
            "Parcel {closed}{weighed} closed: label {tracking}.\n"
            "Parcel {number} is open: scan its units."
        )
        self._screen.show_text(
            text.format(
                closed=closed.parcel_no,
                weighed=weighed,
                tracking=closed.tracking_number,
                number=self.parcel_no,
            ),
            Tone.OK,
        )
        self._print_banner.print_completed(session, closed.print_job_id, closed.destination)
        self.follow(closed.order)
        self.parcel_closed.emit(closed)

    def reset(self, *_: Any) -> None:
        """A new order (or none): parcel 1, nothing refused."""
        self.parcel_no = 1
        self.refused = None
        self.accept_button.hide()
        if self.reading is not None:
            self.show_reading(self.reading)
