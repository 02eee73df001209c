"""The pack screen: sign in, open an order, verify every unit, complete, label.

Everything the packer does (a scan, a key, a button) becomes one step in the station's
``StepQueue``. At its turn the domain says what it means (``app.domain.station.read``) and the
screen maps that intent to one typed operation on the database worker, so a burst of scans is
stored in the order it was scanned and each result is shown only after it was committed. The
GUI thread never runs SQL or printing. Closing, signing out and the idle lock wait for every
queued write.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from app.domain.barcodes import InterpreterConfig
from app.domain.commands import LABEL_ANSWERS, Command
from app.domain.model import ScanOutcome
from app.domain.station import (
    BADGE_FIRST,
    Acknowledge,
    ChooseBox,
    Context,
    Entry,
    HoldWithReason,
    InputState,
    Intent,
    OpenOrder,
    RecordScan,
    Refuse,
    RefuseScan,
    Release,
    RunCommand,
    SignIn,
    SwitchPacker,
    read,
    read_command,
    read_typed_reason,
    waiting_after,
)
from app.domain.station_rules import StationRules
from app.services.packing import PackingService
from app.services.ports import StationRecord
from app.services.printing import LabelService
from app.services.results import Completion, OrderView, PrintReport, ScanResult, Session
from app.services.sign_in import SignIn as SignedIn
from app.ui.i18n import translated
from app.ui.runner import Access, Operation, Worker
from app.ui.sounds import Sound, SoundPlayer, sound_for_outcome
from app.ui.station.acknowledge import AcknowledgeHandling
from app.ui.station.ask import ask_text
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.idle_lock import IdleLock
from app.ui.station.label_panels import ACKNOWLEDGE_KEY, NO_KEY, YES_KEY, insert_after
from app.ui.station.offline_strip import OfflineStrip
from app.ui.station.order_panels import OrderPanels
from app.ui.station.print_banner import PrintBanner
from app.ui.station.scan_list import RecentScans
from app.ui.station.sign_in_flow import SignInFlow
from app.ui.station.supervisor import ONLY_SUPERVISORS_RELEASE, VOID_KEY, SupervisorActions
from app.ui.station.weighing import PackOut
from app.ui.steps import StepQueue

log = logging.getLogger(__name__)

Op = Operation[Any]


class PackScreen(StationDisplay):
    """Signals:
    session_changed(object): the signed-in ``Session``, or None after signing out.
    banner_changed(str): the text now shown to the packer (for tests and the benchmark).
    scan_shown(object): the ``ScanResult`` of a scan, once it is on screen.
    """

    session_changed = Signal(object)
    scan_shown = Signal(object)

    def __init__(
        self,
        packing: PackingService,
        labels: LabelService,
        station: StationRecord,
        db: Worker,
        printer_worker: Worker,
        idle_lock_minutes: float = 10,
        parent: QWidget | None = None,
        *,
        sounds: SoundPlayer | None = None,
        codes: InterpreterConfig | None = None,
    ) -> None:
        super().__init__(parent)
        self.sounds = sounds or SoundPlayer(self, muted=True)
        self._codes = codes or InterpreterConfig()
        self._packing = packing
        self._station = station
        self._waiting: InputState | None = None
        self.rules = StationRules()
        self._steps = StepQueue(db, self._on_step_failed, self)
        self._steps.saving_changed.connect(self.show_saving)
        self.recent = RecentScans()
        insert_after(self.preview, self.recent)  # the right column: the lines keep the left
        self.offline_strip = OfflineStrip.attach(self.printer_banner, packing, self)
        self.sign_in_flow = SignInFlow(
            self, packing, station, self._steps, self._on_signed_in, self._refuse
        )
        self.acknowledgement = AcknowledgeHandling(
            self, packing.acknowledgements, self.sounds, self.recent, self.sign_in_flow
        )
        self.acknowledgement.button.clicked.connect(self.request_acknowledge)
        self.print_banner = PrintBanner(self, labels, printer_worker)
        self.print_banner.command_prefix = self._codes.command_prefix or "CMD"
        self.pack_out = PackOut(
            self, packing.pack_out, db, self._command, self._on_completed, self._refuse
        )
        self.order_panels = OrderPanels(self, packing.boxes, db)  # notes, box
        self.supervisor = SupervisorActions(
            self,
            packing,
            labels,
            printer_worker,
            self.print_banner.on_print_error,
            self.print_banner,
        )
        self.session_changed.connect(self.supervisor.show_for)
        question = self.print_banner.question
        question.yes_button.clicked.connect(self.request_label_ok)
        question.no_button.clicked.connect(self.request_label_again)
        for key, slot in (
            (YES_KEY, self.request_label_ok),
            (NO_KEY, self.request_label_again),
            (ACKNOWLEDGE_KEY, self.request_acknowledge),
            (VOID_KEY, self.supervisor.request_void),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)
        self.supervisor.void_button.clicked.connect(self.supervisor.request_void)
        self.wire(self.complete_button, self.request_complete)
        self.wire(self.undo_button, self.request_undo)
        self.wire(self.next_button, self.request_next_order)
        self.wire(self.hold_button, self.request_hold)
        self.wire(self.reprint_button, self.request_reprint)
        self.wire(self.sign_out_button, self.request_sign_out)
        self.wire(self.release_button, self.request_release)
        self.wire(self.move_jobs_button, self.supervisor.request_move_jobs)
        self.entry.returnPressed.connect(self._on_entry_return_pressed)
        self._idle = IdleLock(self, idle_lock_minutes, self._on_idle_timeout)
        self.show_signed_out()

    @property
    def busy(self) -> bool:
        """Steps are queued or running (scans not yet stored or shown)."""
        return self._steps.busy

    @property
    def steps(self) -> StepQueue:
        """The station's queue of steps (its ``saving_changed`` drives "Saving…")."""
        return self._steps

    @property
    def last_report(self) -> PrintReport | None:
        return self.print_banner.last_report

    @property
    def input_state(self) -> InputState:
        return InputState.of(
            signed_in=self.session is not None,
            order_open=self.order is not None,
            waiting=self._waiting,
            error=self.acknowledgement.error is not None,
        )

    def _context(self, keyed: bool = False) -> Context:
        supervisor = self.session is not None and self.session.role.can_supervise
        return Context(self.rules, self.acknowledgement.error, supervisor, keyed)

    def finish(self, then: Callable[[], None]) -> None:
        """Closing: no more input, every queued write stored, then ``then`` (Saving… >200 ms)."""
        if not self._steps.finishing:
            self.entry.setEnabled(False)
            self._idle.stop()
            self.print_banner.stop()
        self._steps.finish(then)

    # -- input ----------------------------------------------------------------------------

    def handle_scan(self, code: str, keyed: bool = False) -> None:
        """A scan from any source (keyboard wedge, serial), or a code typed into the entry
        field (``keyed``). Command barcodes do what their key does, so a standard order needs
        no keyboard. While the PIN pad is open, digits are the PIN."""
        self._touch()
        if not code.strip() or self.sign_in_flow.take_scan(code):
            return  # Enter on an empty field is nothing: not even a refused scan is stored
        self._steps.add(
            "scan",
            lambda: self._take(
                read(self.input_state, code, self._codes, self._context(keyed)), True, keyed
            ),
        )

    def request_acknowledge(self) -> None:
        """F7: the error on screen, else the strip's hold notice, else the stopped labels."""
        if self.acknowledgement.error is not None:
            self._command(Command.ACKNOWLEDGE)
        elif self.offline_strip is None or not self.offline_strip.dismiss():
            self.print_banner.stopped.acknowledge()

    def request_complete(self) -> None:
        self._command(Command.COMPLETE)

    def request_undo(self) -> None:
        self._command(Command.UNDO)

    def request_next_order(self) -> None:
        self._command(Command.NEXT)

    def request_reprint(self) -> None:
        self._command(Command.REPRINT, Access.READ)

    def request_sign_out(self) -> None:
        self._command(Command.SIGN_OUT)

    def request_label_ok(self) -> None:
        """F3: yes, the interrupted label came out."""
        self._command(Command.LABEL_OK, Access.READ)

    def request_label_again(self) -> None:
        """F4: no, print the interrupted label."""
        self._command(Command.LABEL_AGAIN, Access.READ)

    def request_hold(self) -> None:
        """F9: the reason typed into a dialog instead of scanned from the sheet."""
        state = self.input_state
        intent = read_command(state, Command.HOLD, self._context())
        if isinstance(intent, Refuse) and state is not InputState.HOLD_REASON:
            self._take(intent)
            return
        reference = self.order.reference if self.order is not None else ""
        reason, ok = ask_text(
            self,
            self.tr("Hold order"),
            self.tr("Why is order {reference} put on hold?").format(reference=reference),
        )
        if ok and reason.strip():
            self._steps.add("hold", lambda: self._take(read_typed_reason(self.input_state, reason)))

    def request_release(self) -> None:
        """Supervisors: the next scan names an order held by a station that stopped
        answering; it goes back to the queue with a reason."""
        if self.supervisor.supervising() is None:
            self.show_text(ONLY_SUPERVISORS_RELEASE, Tone.ERROR)
            return
        if self._waiting is InputState.RELEASE:
            self._waiting = None
            self.show_idle(self.tr("Release cancelled. "))
        else:
            self._waiting = InputState.RELEASE
            self.show_text(
                self.tr("Release: scan the slip or tote of the order to release."), Tone.PROMPT
            )

    def request_printer_test(self) -> None:
        self.print_banner.request_printer_test()

    def request_move_jobs(self) -> None:
        self.supervisor.request_move_jobs()

    def _command(self, command: Command, access: Access = Access.WRITE) -> None:
        self._touch()
        self._steps.add(
            command.value.lower(),
            lambda: self._take(read_command(self.input_state, command, self._context())),
            access,
        )

    def _on_entry_return_pressed(self) -> None:
        code = self.entry.text()
        self.entry.clear()
        self.handle_scan(code, keyed=True)

    # -- intents to operations (GUI thread, at the step's turn) -----------------------------

    def _take(self, intent: Intent, scanned: bool = False, keyed: bool = False) -> Op | None:
        """Act on ``intent``: what to run on the database worker, or None (shown at once)."""
        self._waiting = waiting_after(intent)
        if scanned and isinstance(intent, RunCommand | HoldWithReason):
            self.sounds.play(Sound.COMMAND)
        if isinstance(intent, Refuse):
            self._refuse(intent.message)
            return None
        if isinstance(intent, SignIn | SwitchPacker):
            return self.sign_in_flow.operation(
                intent.badge, self.session if isinstance(intent, SwitchPacker) else None
            )
        if isinstance(intent, RunCommand) and intent.command is Command.CANCEL:
            self._cancelled()
            return None
        session = self.session
        if session is None:
            self._refuse(BADGE_FIRST)
            return None
        if isinstance(intent, OpenOrder):
            opening = Operation.write(self._packing.open_order, session, intent.code)
            return opening.then(self._on_order)
        if isinstance(intent, Release):
            if self._steps.finishing:  # no dialog while the window waits to close
                self._refuse(self.tr("Not released: the station is closing."))
                return None
            return self.supervisor.release(session, intent.code)
        if isinstance(intent, RunCommand) and intent.command is not Command.HOLD:
            return self._run(intent.command, session)
        order = self.order
        if order is None:
            self._refuse(self.tr("No open order."))
            return None
        entry = Entry.KEYED if keyed else Entry.SCANNED
        if isinstance(intent, Acknowledge):
            return self.acknowledgement.acknowledge(session, order.id, intent.badge)
        if isinstance(intent, RefuseScan):
            return self.acknowledgement.refuse(session, order.id, intent, entry)
        if isinstance(intent, ChooseBox):
            return self.order_panels.choose(session, order, intent.code)
        if isinstance(intent, RecordScan):
            code = intent.code
            return Operation.write(
                self._packing.record_scan, session, order.id, uuid.uuid4().hex, code, entry
            ).then(lambda result: self._on_scan_result(result, code, keyed))
        if isinstance(intent, HoldWithReason):
            reference = order.reference
            return Operation.write(self._packing.hold_order, session, order.id, intent.reason).then(
                lambda _: self._on_held(reference)
            )
        # RunCommand(HOLD): the next scan is the reason (waiting_after set that above).
        self.show_text(
            self.tr("Hold: scan the reason (missing, damaged, wrong item)."), Tone.ATTENTION
        )
        return None

    def _run(self, command: Command, session: Session) -> Op | None:
        if command is Command.NEXT:
            return Operation.write(self._packing.claim_next_order, session).then(
                self._on_next_order
            )
        if command is Command.SIGN_OUT:
            return self._sign_out(session)
        if command is Command.REPRINT:
            if self._steps.finishing:  # no window while the station waits to close
                self._refuse(self.tr("Not printed again: the station is closing."))
            else:
                self.print_banner.reprint(session)
            return None
        if command in LABEL_ANSWERS:
            self.print_banner.answer(session, LABEL_ANSWERS[command])
            return None
        order = self.order
        if order is None:
            self._refuse(self.tr("No open order."))
            return None
        if command is Command.UNDO:
            return Operation.write(
                self._packing.undo_last_scan, session, order.id, uuid.uuid4().hex
            ).then(self._on_scan_result)
        if command is Command.ACCEPT_WEIGHT:
            return self.pack_out.accept(session, order)
        if command is Command.NEW_PARCEL or self.pack_out.weighs:
            return self.pack_out.close(session, order, last=command is Command.COMPLETE)
        # COMPLETE (HOLD and CANCEL never get here).
        self.show_text(
            self.tr("Completing order {reference}…").format(reference=order.reference), Tone.BUSY
        )
        return Operation.write(
            self._packing.complete_order, session, order.id, self.print_banner.printer_name
        ).then(self._on_completed)

    def _refuse(self, message: str) -> None:
        if self.offline_strip is not None and self.offline_strip.acknowledged(message):
            return  # ACKNOWLEDGE scanned with no error on screen: the hold notice is read
        self.show_text(self.acknowledgement.with_error(translated(message)), Tone.ERROR)
        self.sounds.play(Sound.INVALID)

    def _cancelled(self) -> None:
        if self.session is None:
            self.show_signed_out()
        elif self.order is None:
            self.show_idle(self.tr("Cancelled. "))
        else:
            self.show_text(self.tr("Cancelled. Carry on scanning."), Tone.PROMPT)

    def _on_step_failed(self, message: str, _exc: BaseException) -> None:
        self._refuse(message)

    # -- results (GUI thread) -------------------------------------------------------------

    def _on_signed_in(self, result: SignedIn) -> None:
        same = self.session is not None and self.session.user_id == result.session.user_id
        self.sign_in_flow.speak_for(result.session)
        self.session = result.session
        self.rules = self.pack_out.rules = result.rules
        self.session_changed.emit(self.session)
        self._touch()
        greeting = self.sign_in_flow.greeting(result, same)
        self.recent.bring_back(result.open_order.id if result.open_order else None)
        self.set_order(result.open_order)
        if result.open_order is not None:
            self.show_text(greeting, Tone.PROMPT)
            self.order_panels.opened(result.open_order)
            self.acknowledgement.restore(result.waiting_error, result.open_order)
        else:
            self.show_idle(greeting)

    def _on_order(self, result: OrderView) -> None:
        self.set_order(result)
        self.preview.clear()
        self.recent.clear()
        self.pack_out.reset()
        self.pack_out.follow(result)
        self.show_text(
            self.tr("Order {reference}: scan every unit ({units} in all).").format(
                reference=result.reference, units=result.units_expected
            ),
            Tone.PROMPT,
        )
        self.order_panels.opened(result)

    def _on_next_order(self, result: OrderView | None) -> None:
        if result is None:
            self.show_text(self.tr("The queue is empty: no order is ready to pack."), Tone.PROMPT)
            return
        self._on_order(result)

    def _on_scan_result(self, result: ScanResult, code: str = "", keyed: bool = False) -> None:
        self.set_order(result.order, result.line_id)
        if result.outcome is not ScanOutcome.UNDO:
            self.recent.add(code, result.outcome, keyed)
        self._play_outcome(result.outcome.value)
        self.show_outcome(result.outcome, result.message, result.order)
        self.acknowledgement.after(result.outcome, self.rules)
        self.scan_shown.emit(result)

    def _play_outcome(self, outcome: str) -> None:
        try:
            sound = sound_for_outcome(outcome)
        except ValueError:
            sound = Sound.WRONG_ITEM  # expired, serial already packed: this unit must not ship
        self.sounds.play(sound)

    def _on_completed(self, result: Completion) -> None:
        self.sounds.play(Sound.COMPLETE)
        self.set_order(None)
        self.show_text(
            self.tr("Order {reference} packed. Printing label {tracking}…").format(
                reference=result.order.reference, tracking=result.tracking_number
            ),
            Tone.BUSY,
        )
        if self.session is not None:
            self.print_banner.print_completed(self.session, result.print_job_id, result.destination)

    def order_taken_away(self, order_id: int, message: str) -> None:
        """The open order is no longer this station's (cancelled, held, released): say so."""
        if self.order is not None and self.order.id == order_id:
            self.set_order(None)
            self._refuse(message)

    def _on_held(self, reference: str) -> None:
        self.set_order(None)
        self.show_idle(
            self.tr("Order {reference} is on hold for a supervisor. ").format(reference=reference)
        )

    def _signed_out(self) -> None:
        self.session = None
        self._waiting = None
        self.acknowledgement.clear()
        self.sign_in_flow.close()
        self.recent.put_aside(self.order.id if self.order is not None else None)
        self.set_order(None)
        self.preview.clear()
        self.session_changed.emit(None)
        self.sign_in_flow.speak_for(None)
        self.show_signed_out()

    def _sign_out(self, session: Session | None, detail: str = "") -> Op | None:
        op = None if session is None else Operation.write(self._packing.sign_out, session, detail)
        return None if op is None else op.then(lambda _: self._signed_out())

    def _on_idle_timeout(self, detail: str) -> None:
        if self.session is not None:  # at its turn, whoever is signed in then (if anyone)
            self._steps.add("idle_lock", lambda: self._sign_out(self.session, detail))

    def _touch(self) -> None:
        self._idle.touch(self.session is not None)
