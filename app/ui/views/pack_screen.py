"""The pack screen: sign in, open an order, verify every unit, complete, label.

Everything the packer does (a scan, a key, a button) becomes one step in a queue; one step at a
time goes to the database worker, so a burst of scans is stored in the order it was scanned and
each result is shown only after it was committed. The GUI thread never runs SQL or printing.
"""

from __future__ import annotations

import logging
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain.commands import DEFAULT_PREFIX, HOLD_REASONS, Command, parse_command
from app.domain.model import ScanOutcome
from app.domain.printing import PrinterState
from app.services.packing import PackingService, SignIn
from app.services.ports import PrintJobRecord, StationRecord
from app.services.printing import LabelService
from app.services.results import Completion, OrderView, PrintReport, ScanResult, Session
from app.ui.models.order_lines import OrderLinesModel
from app.ui.runner import Worker
from app.ui.sounds import Sound, SoundPlayer, sound_for_outcome

log = logging.getLogger(__name__)


class Tone(Enum):
    PROMPT = ("#0d47a1", "#ffffff")
    OK = ("#1b5e20", "#ffffff")
    ERROR = ("#b71c1c", "#ffffff")
    ATTENTION = ("#ff8f00", "#000000")
    BUSY = ("#37474f", "#ffffff")


@dataclass(frozen=True)
class _Step:
    what: str
    run: Callable[[], None]


class PackScreen(QWidget):
    """Signals:
    session_changed(object): the signed-in ``Session``, or None after signing out.
    banner_changed(str): the text now shown to the packer (for tests and the benchmark).
    scan_shown(object): the ``ScanResult`` of a scan, once it is on screen.
    """

    session_changed = Signal(object)
    banner_changed = Signal(str)
    scan_shown = Signal(object)

    def __init__(
        self,
        packing: PackingService,
        labels: LabelService,
        station: StationRecord,
        db: Worker,
        printer_worker: Worker,
        idle_lock_minutes: int = 10,
        parent: QWidget | None = None,
        *,
        sounds: SoundPlayer | None = None,
        command_prefix: str = DEFAULT_PREFIX,
    ) -> None:
        super().__init__(parent)
        self.sounds = sounds or SoundPlayer(self, muted=True)
        self._command_prefix = command_prefix
        self._awaiting_hold_reason = False
        self._packing = packing
        self._labels = labels
        self._station = station
        self._db = db
        self._printer_worker = printer_worker
        self.session: Session | None = None
        self.order: OrderView | None = None
        self.last_report: PrintReport | None = None
        self._failed_job: int | None = None
        self._destination = ""
        self._awaiting_release = False
        self._steps: deque[_Step] = deque()
        self._busy = False
        self.tone = Tone.PROMPT
        self._build()
        # The print queue: every few seconds the print worker sends what is due.
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(3000)
        self._queue_timer.timeout.connect(self._on_queue_timer_timeout)
        self._queue_timer.start()
        self._polling_queue = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.timeout.connect(self._on_idle_timeout)
        self._idle_ms = idle_lock_minutes * 60_000
        self._show_signed_out()

    # -- layout ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setMinimumHeight(150)
        self.banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

        self.printer_banner = QLabel()
        self.printer_banner.setObjectName("printerBanner")
        self.printer_banner.setWordWrap(True)
        self.printer_banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.printer_banner.hide()

        self.order_title = QLabel()
        self.order_title.setObjectName("orderTitle")
        self.counts = QLabel()
        self.counts.setObjectName("counts")
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.progress = QProgressBar()
        self.progress.setObjectName("orderProgress")
        self.progress.setTextVisible(False)
        self.progress.setFixedHeight(34)

        self.lines_model = OrderLinesModel()
        self.lines = QTableView()
        self.lines.setObjectName("lines")
        self.lines.setModel(self.lines_model)
        self.lines.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lines.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines.verticalHeader().hide()
        self.lines.verticalHeader().setDefaultSectionSize(56)
        header = self.lines.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

        self.preview = QLabel()
        self.preview.setObjectName("labelPreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setMinimumWidth(300)
        self.preview.setFrameShape(QFrame.Shape.StyledPanel)
        self.preview_caption = QLabel("Label preview")
        self.preview_caption.setObjectName("caption")
        self.preview_caption.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.complete_button = self._button("Complete  [F12]", "F12", self.request_complete)
        self.undo_button = self._button("Undo last scan  [F8]", "F8", self.request_undo)
        self.next_button = self._button("Next order  [F5]", "F5", self.request_next_order)
        self.hold_button = self._button("Hold…  [F9]", "F9", self.request_hold)
        self.reprint_button = self._button("Print again  [F10]", "F10", self.request_reprint)
        self.sign_out_button = self._button("Sign out  [F2]", "F2", self.request_sign_out)
        self.release_button = self._button("Release an order…  [F11]", "F11", self.request_release)
        self.release_button.setVisible(False)
        self.move_jobs_button = self._button(
            "Move waiting labels…  [F6]", "F6", self.request_move_jobs
        )
        self.move_jobs_button.setVisible(False)

        self.entry = QLineEdit()
        self.entry.setObjectName("entry")
        self.entry.setPlaceholderText("Scan, or type a code and press Enter")
        self.entry.returnPressed.connect(self._on_entry_return_pressed)

        title_row = QHBoxLayout()
        title_row.addWidget(self.order_title, 1)
        title_row.addWidget(self.counts)

        left = QVBoxLayout()
        left.addLayout(title_row)
        left.addWidget(self.progress)
        left.addWidget(self.lines, 1)
        left.addWidget(self.entry)

        right = QVBoxLayout()
        right.addWidget(self.preview_caption)
        right.addWidget(self.preview, 1)
        for button in (
            self.complete_button,
            self.undo_button,
            self.next_button,
            self.hold_button,
            self.reprint_button,
            self.release_button,
            self.move_jobs_button,
            self.sign_out_button,
        ):
            right.addWidget(button)

        body = QHBoxLayout()
        body.addLayout(left, 3)
        body.addLayout(right, 1)

        outer = QVBoxLayout(self)
        outer.addWidget(self.banner)
        outer.addWidget(self.printer_banner)
        outer.addLayout(body, 1)

    def _button(self, text: str, key: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.setMinimumHeight(56)
        button.clicked.connect(slot)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        return button

    # -- input ----------------------------------------------------------------------------

    def handle_scan(self, code: str) -> None:
        """A scan from any source (keyboard wedge, serial, the entry field). Command barcodes
        do what their key does, so a standard order needs no keyboard."""
        self._touch()
        command = parse_command(code, self._command_prefix)
        if command is not None:
            self.sounds.play(Sound.COMMAND)
            self._on_command(command)
            return
        if self._awaiting_hold_reason:
            self._awaiting_hold_reason = False
            self._show("Hold cancelled: scan a hold reason from the sheet.", Tone.ERROR)
            self.sounds.play(Sound.INVALID)
            return
        self._enqueue("scan", lambda: self._dispatch_scan(code))

    def _on_command(self, command: Command) -> None:
        if command in HOLD_REASONS:
            self._awaiting_hold_reason = False
            if self.order is None:
                self._show("No open order to hold.", Tone.ERROR)
                return
            reason = HOLD_REASONS[command]
            self._enqueue("hold", lambda: self._dispatch_hold(reason))
            return
        if command is Command.HOLD:
            if self.order is None:
                self._show("No open order to hold.", Tone.ERROR)
                return
            self._awaiting_hold_reason = True
            self._show("Hold: scan the reason (missing, damaged, wrong item).", Tone.ATTENTION)
            return
        if command is Command.CANCEL:
            self._awaiting_hold_reason = False
            self._awaiting_release = False
            if self.order is None:
                self._show_idle("Cancelled. ")
            else:
                self._show("Cancelled. Carry on scanning.", Tone.PROMPT)
            return
        actions = {
            Command.COMPLETE: self.request_complete,
            Command.UNDO: self.request_undo,
            Command.NEXT: self.request_next_order,
            Command.REPRINT: self.request_reprint,
            Command.SIGN_OUT: self.request_sign_out,
        }
        actions[command]()

    def _on_entry_return_pressed(self) -> None:
        code = self.entry.text()
        self.entry.clear()
        self.handle_scan(code)

    def request_complete(self) -> None:
        self._touch()
        self._enqueue("complete", self._dispatch_complete)

    def request_undo(self) -> None:
        self._touch()
        self._enqueue("undo", self._dispatch_undo)

    def request_next_order(self) -> None:
        self._touch()
        self._enqueue("next", self._dispatch_next_order)

    def request_reprint(self) -> None:
        self._touch()
        self._enqueue("reprint", self._dispatch_reprint)

    def request_sign_out(self) -> None:
        self._enqueue("sign out", self._dispatch_sign_out)

    def request_hold(self) -> None:
        if self.session is None or self.order is None:
            self._show("No open order to hold.", Tone.ERROR)
            return
        reason, ok = QInputDialog.getText(
            self, "Hold order", f"Why is order {self.order.reference} put on hold?"
        )
        if ok and reason.strip():
            self._enqueue("hold", lambda: self._dispatch_hold(reason))

    def request_release(self) -> None:
        """Supervisors: the next scan names an order held by a station that stopped
        answering; it goes back to the queue with a reason."""
        if self.session is None or not self.session.role.can_supervise:
            self._show("Only a supervisor can release an order.", Tone.ERROR)
            return
        self._awaiting_release = not self._awaiting_release
        if self._awaiting_release:
            self._show("Release: scan the slip or tote of the order to release.", Tone.PROMPT)
        else:
            self._show_idle("Release cancelled. ")

    @property
    def busy(self) -> bool:
        return self._busy or bool(self._steps)

    # -- the queue ------------------------------------------------------------------------

    def _enqueue(self, what: str, run: Callable[[], None]) -> None:
        self._steps.append(_Step(what, run))
        self._pump()

    def _pump(self) -> None:
        if self._busy or not self._steps:
            return
        step = self._steps.popleft()
        self._busy = True
        step.run()

    def _step_done(self) -> None:
        self._busy = False
        self._pump()

    def _submit(
        self, fn: Callable[..., object], *args: object, on_done: Callable[[object], None]
    ) -> None:
        self._db.submit(fn, *args, on_done=self._then(on_done), on_error=self._on_step_failed)

    def _then(self, callback: Callable[[object], None]) -> Callable[[object], None]:
        def done(result: object) -> None:
            try:
                callback(result)
            finally:
                self._step_done()

        return done

    def _on_step_failed(self, message: str, _exc: BaseException) -> None:
        self._show(message, Tone.ERROR)
        self.sounds.play(Sound.INVALID)
        self._step_done()

    def _skip(self, message: str) -> None:
        self._show(message, Tone.ERROR)
        self.sounds.play(Sound.INVALID)
        self._step_done()

    # -- dispatch (GUI thread: decide, then hand the work to the worker) -------------------

    def _dispatch_scan(self, code: str) -> None:
        if self.session is not None and self._awaiting_release:
            self._awaiting_release = False
            reason, ok = QInputDialog.getText(
                self, "Release order", "Why is this order released from its station?"
            )
            if not ok or not reason.strip():
                self._skip("Release cancelled: a reason is needed.")
                return
            self._submit(
                self._packing.release_claim_by_code,
                self.session,
                code,
                reason,
                on_done=lambda reference: self._show(
                    f"✔ Order {reference} released back to the queue.", Tone.OK
                ),
            )
        elif self.session is None:
            self._submit(self._packing.sign_in, self._station, code, on_done=self._on_signed_in)
        elif self.order is None:
            self._submit(self._packing.open_order, self.session, code, on_done=self._on_order)
        else:
            self._submit(
                self._packing.record_scan,
                self.session,
                self.order.id,
                uuid.uuid4().hex,
                code,
                on_done=self._on_scan_result,
            )

    def _dispatch_undo(self) -> None:
        if self.session is None or self.order is None:
            self._skip("No open order: nothing to undo.")
            return
        self._submit(
            self._packing.undo_last_scan,
            self.session,
            self.order.id,
            uuid.uuid4().hex,
            on_done=self._on_scan_result,
        )

    def _dispatch_next_order(self) -> None:
        if self.session is None:
            self._skip("Scan your badge first.")
            return
        if self.order is not None:
            self._skip(f"Order {self.order.reference} is still open. Complete or hold it first.")
            return
        self._submit(self._packing.claim_next_order, self.session, on_done=self._on_next_order)

    def _dispatch_complete(self) -> None:
        if self.session is None or self.order is None:
            self._skip("No open order to complete.")
            return
        self._show(f"Completing order {self.order.reference}…", Tone.BUSY)
        self._submit(
            self._packing.complete_order,
            self.session,
            self.order.id,
            self._labels.printer.name,
            on_done=self._on_completed,
        )

    def _dispatch_hold(self, reason: str) -> None:
        if self.session is None or self.order is None:
            self._skip("No open order to hold.")
            return
        reference = self.order.reference
        self._submit(
            self._packing.hold_order,
            self.session,
            self.order.id,
            reason,
            on_done=lambda _: self._on_held(reference),
        )

    def _dispatch_reprint(self) -> None:
        if self.session is None:
            self._skip("Scan your badge first.")
            return
        if self._failed_job is not None:
            self._print(self._failed_job)
            self._step_done()
            return
        if self.last_report is None:
            self._skip("No label to print again at this station yet.")
            return
        tracking = self.last_report.tracking_number
        reason, ok = QInputDialog.getText(
            self, "Print again", f"Why print label {tracking} again (torn, lost, smudged)?"
        )
        if not ok or not reason.strip():
            self._skip("Not printed again: a reason is needed.")
            return
        self._printer_worker.submit(
            self._labels.reprint,
            self.session,
            tracking,
            reason,
            on_done=lambda job_id: self._print(int(job_id)),
            on_error=self._on_print_error,
        )
        self._show(f"Printing label {tracking} again…", Tone.BUSY)
        self._step_done()

    def _dispatch_sign_out(self) -> None:
        if self.session is None:
            self._step_done()
            return
        self._submit(self._packing.sign_out, self.session, on_done=lambda _: self._signed_out())

    # -- results (GUI thread) -------------------------------------------------------------

    def _on_signed_in(self, result: object) -> None:
        assert isinstance(result, SignIn)
        self.session = result.session
        self.session_changed.emit(self.session)
        self._touch()
        if result.open_order is not None:
            self._set_order(result.open_order)
            self._show(
                f"Welcome back, {self.session.user_name}. Order {result.open_order.reference} "
                "is still open: carry on scanning.",
                Tone.PROMPT,
            )
        else:
            self._set_order(None)
            self._show_idle(f"Hello {self.session.user_name}. ")

    def _on_order(self, result: object) -> None:
        assert isinstance(result, OrderView)
        self._set_order(result)
        self.preview.clear()
        self._show(
            f"Order {result.reference}: scan every unit ({result.units_expected} in all).",
            Tone.PROMPT,
        )

    def _on_next_order(self, result: object) -> None:
        if result is None:
            self._show("The queue is empty: no order is ready to pack.", Tone.PROMPT)
            return
        self._on_order(result)

    def _on_scan_result(self, result: object) -> None:
        assert isinstance(result, ScanResult)
        self._set_order(result.order, result.line_id)
        self._play_outcome(result.outcome.value)
        if result.outcome is ScanOutcome.DATA_NEEDED:
            self._show(f"? DATA NEEDED\n{result.message}", Tone.ATTENTION)
        elif result.outcome.is_error:
            title = _OUTCOME_TITLES.get(result.outcome, "Not accepted")
            self._show(f"✖ {title}\n{result.message}", Tone.ERROR)
        elif result.order.fully_verified:
            self._show(
                f"✔ {result.message}\nAll {result.order.units_expected} units verified: "
                "press Complete [F12].",
                Tone.OK,
            )
        else:
            self._show(f"✔ {result.message}", Tone.OK)
        self.scan_shown.emit(result)

    def _play_outcome(self, outcome: str) -> None:
        try:
            sound = sound_for_outcome(outcome)
        except ValueError:
            sound = Sound.WRONG_ITEM  # expired, serial already packed: this unit must not ship
        self.sounds.play(sound)

    def _on_completed(self, result: object) -> None:
        assert isinstance(result, Completion)
        self.sounds.play(Sound.COMPLETE)
        self._set_order(None)
        self._destination = result.destination
        self._show(
            f"Order {result.order.reference} packed. Printing label {result.tracking_number}…",
            Tone.BUSY,
        )
        self._print(result.print_job_id)

    def _print(self, job_id: int) -> None:
        assert self.session is not None
        self._printer_worker.submit(
            self._labels.print_job,
            self.session,
            job_id,
            on_done=self._on_printed,
            on_error=self._on_print_error,
        )

    def request_move_jobs(self) -> None:
        """Supervisors: send the labels waiting for a broken printer to another printer."""
        if self.session is None or not self.session.role.can_supervise:
            self._show("Only a supervisor can move print jobs.", Tone.ERROR)
            return
        self._printer_worker.submit(
            self._labels.printers, on_done=self._on_printers_listed, on_error=self._on_print_error
        )

    def _on_printers_listed(self, result: object) -> None:
        assert isinstance(result, list) and self.session is not None
        choices = [f"{name}  ({waiting} waiting)" for name, waiting in result]
        source, ok = QInputDialog.getItem(
            self, "Move waiting labels", "Labels waiting for printer:", choices, 0, False
        )
        if not ok:
            return
        target, ok = QInputDialog.getItem(
            self, "Move waiting labels", "Send them to printer:", choices, 0, False
        )
        if not ok or source == target:
            return
        names = {choice: name for choice, (name, _) in zip(choices, result, strict=True)}
        session = self.session
        self._printer_worker.submit(
            self._labels.move_jobs,
            session,
            names[source],
            names[target],
            on_done=lambda moved: self._show(
                f"✔ {moved} label(s) moved from {names[source]} to {names[target]}.", Tone.OK
            ),
            on_error=self._on_print_error,
        )

    def request_printer_test(self) -> None:
        """Ask the printer for its status and print a test label, on the print worker."""
        self._show(f"Testing printer {self._labels.printer.name}…", Tone.BUSY)
        self._printer_worker.submit(
            self._labels.test_label,
            self.session,
            on_done=self._on_printer_tested,
            on_error=self._on_print_error,
        )

    def _on_printer_tested(self, result: object) -> None:
        assert isinstance(result, tuple)
        state: PrinterState = result[0]
        report: PrintReport = result[1]
        said = f"status {state.state}" + (f" ({state.detail})" if state.detail else "")
        if report.error:
            self._show(f"✖ TEST LABEL NOT PRINTED — {said}\n{report.error}", Tone.ERROR)
            return
        self._show_preview(report.preview_path)
        self._show(f"✔ Test label sent to {report.destination} — printer {said}.", Tone.OK)

    def _show_preview(self, path: str | None) -> None:
        if not path:
            return
        pixmap = QPixmap(path)
        if not pixmap.isNull():
            self.preview.setPixmap(
                pixmap.scaled(
                    self.preview.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def _on_queue_timer_timeout(self) -> None:
        if self.session is None or self._polling_queue:
            return
        self._polling_queue = True
        session = self.session

        def send_due() -> tuple[list[PrintReport], list[PrintJobRecord]]:
            return self._labels.process_due(session), self._labels.waiting()

        self._printer_worker.submit(
            send_due, on_done=self._on_queue_polled, on_error=self._on_queue_poll_failed
        )

    def _on_queue_polled(self, result: object) -> None:
        self._polling_queue = False
        assert isinstance(result, tuple)
        reports: list[PrintReport] = result[0]
        waiting: list[PrintJobRecord] = result[1]
        for report in reports:
            if not report.error:
                self._on_printed(report)
        self._show_queue(waiting)

    def _on_queue_poll_failed(self, message: str, _exc: BaseException) -> None:
        self._polling_queue = False
        self._show_printer_problem(message)

    def _show_queue(self, waiting: list[PrintJobRecord]) -> None:
        if not waiting:
            self._failed_job = None
            self.printer_banner.hide()
            return
        last_error = next((job.error for job in reversed(waiting) if job.error), None)
        self._failed_job = waiting[0].id
        self._show_printer_problem(
            f"{last_error or 'Waiting for printer ' + self._labels.printer.name + '.'}  "
            f"{len(waiting)} label(s) waiting: they print as soon as the printer is back "
            "(F10 tries now)."
        )

    def _show_printer_problem(self, text: str) -> None:
        self.printer_banner.setText(f"⚠ PRINTER {self._labels.printer.name}: {text}")
        self.printer_banner.show()

    def _on_printed(self, result: object) -> None:
        assert isinstance(result, PrintReport)
        self.last_report = result
        if result.error:
            self._failed_job = result.job_id
            self._show_printer_problem(f"{result.error}  The label prints as soon as it is back.")
            self._show(
                f"✖ LABEL NOT PRINTED ({result.tracking_number})\n{result.error}\n"
                "Fix the printer, then press Print again [F10].",
                Tone.ERROR,
            )
            return
        self._failed_job = None
        self.printer_banner.hide()
        self._show_preview(result.preview_path)
        if self.order is None:
            where = f"Put the parcel in {self._destination}. " if self._destination else ""
            self._show(
                f"✔ Label {result.tracking_number} printed.\n{where}Scan the next order.",
                Tone.OK,
            )

    def _on_print_error(self, message: str, _exc: BaseException) -> None:
        self._show(f"✖ LABEL NOT PRINTED\n{message}", Tone.ERROR)

    def _on_held(self, reference: str) -> None:
        self._set_order(None)
        self._show_idle(f"Order {reference} is on hold for a supervisor. ")

    def _signed_out(self) -> None:
        self.session = None
        self._awaiting_release = False
        self._set_order(None)
        self.preview.clear()
        self.session_changed.emit(None)
        self._show_signed_out()

    def _on_idle_timeout(self) -> None:
        if self.session is not None:
            log.info("station locked after idle time")
            self.request_sign_out()

    # -- showing --------------------------------------------------------------------------

    def _touch(self) -> None:
        if self._idle_ms > 0 and self.session is not None:
            self._idle.start(self._idle_ms)

    def _set_order(self, order: OrderView | None, last_line_id: int | None = None) -> None:
        self.order = order
        if order is None:
            self.order_title.setText("No open order")
            self.counts.setText("")
            self.progress.setMaximum(1)
            self.progress.setValue(0)
            self.lines_model.set_lines(())
        else:
            self.order_title.setText(
                f"Order {order.reference}   ·   {order.carrier} {order.service}"
            )
            self.counts.setText(f"{order.units_verified} / {order.units_expected}")
            self.progress.setMaximum(max(order.units_expected, 1))
            self.progress.setValue(order.units_verified)
            self.lines_model.set_lines(order.lines, last_line_id)
            if last_line_id is not None:
                row = self.lines_model.row_of(last_line_id)
                if row is not None:
                    self.lines.scrollTo(self.lines_model.index(row, 0))
        signed_in = self.session is not None
        self.complete_button.setEnabled(order is not None)
        self.undo_button.setEnabled(order is not None)
        self.hold_button.setEnabled(order is not None)
        self.next_button.setEnabled(signed_in and order is None)
        self.sign_out_button.setEnabled(signed_in)
        self.reprint_button.setEnabled(signed_in)
        supervising = self.session is not None and self.session.role.can_supervise
        self.release_button.setVisible(supervising)
        self.move_jobs_button.setVisible(supervising)

    def _show(self, text: str, tone: Tone) -> None:
        self.tone = tone
        background, foreground = tone.value
        self.banner.setStyleSheet(
            f"QLabel#banner {{ background: {background}; color: {foreground}; }}"
        )
        self.banner.setText(text)
        self.banner_changed.emit(text)

    def _show_signed_out(self) -> None:
        self._set_order(None)
        self._show("Scan your badge to sign in", Tone.PROMPT)

    def _show_idle(self, prefix: str = "") -> None:
        self._show(f"{prefix}Scan an order slip or tote, or press Next order [F5].", Tone.PROMPT)


_OUTCOME_TITLES = {
    ScanOutcome.WRONG_ITEM: "WRONG ITEM",
    ScanOutcome.OVER_SCAN: "OVER-SCAN",
    ScanOutcome.UNKNOWN_BARCODE: "UNKNOWN BARCODE",
    ScanOutcome.INVALID_BARCODE: "INVALID BARCODE",
    ScanOutcome.DATA_NEEDED: "DATA NEEDED",
    ScanOutcome.EXPIRED: "EXPIRED",
    ScanOutcome.DUPLICATE_SERIAL: "SERIAL ALREADY PACKED",
    ScanOutcome.NOT_AN_ITEM: "NOT A PRODUCT",
}
