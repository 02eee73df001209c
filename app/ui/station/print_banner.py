"""The station's labels: print a completed order's label, the print queue's banner, the
question about an interrupted label, the labels stopped because their order changed, Print
again (by order, tracking number or parcel, with a reason) and the printer test.

Every ``TICK_MS`` the print worker runs ``LabelService.tick``: it sends waiting labels as soon
as the printer can take them and says what the banner shows. Everything here runs on the print
worker; the GUI thread only shows what came back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.domain.commands import DEFAULT_PREFIX
from app.domain.message import Message
from app.domain.printing import PrinterState
from app.domain.reprints import REPRINT_REASONS
from app.services.print_results import Answer, QueueStatus, UncertainLabel
from app.services.printing import LabelService
from app.services.results import PrintReport, Session
from app.ui.i18n import translated
from app.ui.runner import Operation, Worker
from app.ui.scan_capture import ScanRouter
from app.ui.station.display import StationDisplay, Tone
from app.ui.station.label_panels import LabelQuestion, StoppedLabels, insert_after
from app.ui.station.parcel_dialog import Act, ParcelDialog

log = logging.getLogger(__name__)

#: How often the print worker runs the queue's tick (the service asks for 0.5-1 s).
TICK_MS = 500
NO_QUESTION = Message("No interrupted label to answer.")
WAITING_TONE = "#e65100"  # amber: labels wait, nothing is wrong with them
PROBLEM_TONE = "#b71c1c"  # red: the printer has a problem


class PrintBanner(QObject):
    """Labels for one station, shown on ``display``.

    Attributes:
        last_report: the last label printed (or failed) at this station.
        status: what the last tick of the queue said (None before the first).
        question: the panel asking whether an interrupted label came out.
        stopped: the red panel of labels not printed because their order changed.
        dialog: the Print again window (made when first opened).
        scan_router: where the station's scans go; the Print again window takes them while
            open (set by the app).
        command_prefix: the station's command-barcode prefix (for reasons scanned in the
            window).
    """

    def __init__(
        self,
        display: StationDisplay,
        labels: LabelService,
        printer_worker: Worker,
        *,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(display)
        self._display = display
        self._labels = labels
        self._worker = printer_worker
        self.last_report: PrintReport | None = None
        self.status: QueueStatus | None = None
        self.scan_router: ScanRouter | None = None
        self.command_prefix = DEFAULT_PREFIX
        self.dialog: ParcelDialog | None = None
        self._destination = ""
        self._ticking = False
        self._tick_again = False
        self._answering = False
        self._stopped_jobs: set[int] = set()
        self.question = LabelQuestion(display)
        self.stopped = StoppedLabels(display)
        # Above the order's lines, where the packer looks: the lines give up the room.
        insert_after(display.title_bar, self.stopped)
        insert_after(display.title_bar, self.question)
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(tick_ms)
        self._queue_timer.timeout.connect(self.tick_now)
        self._queue_timer.start()

    @property
    def printer_name(self) -> str:
        return self._labels.printer.name

    def stop(self) -> None:
        """No more ticks of the print queue (the station is closing)."""
        self._queue_timer.stop()

    # -- the queue's tick -----------------------------------------------------------------

    def tick_now(self) -> None:
        """Run the queue's tick on the print worker now (or right after the one running)."""
        if self._ticking:
            self._tick_again = True
            return
        self._ticking = True
        self._tick_again = False
        self._worker.run(
            Operation.write(self._labels.tick, self._display.session).then(
                self._on_ticked, self._on_tick_failed
            )
        )

    def _on_ticked(self, status: QueueStatus) -> None:
        self._ticking = False
        self.status = status
        for report in status.reports:
            if report.state == "sent":
                self._on_printed(report)
            elif report.state == "cancelled":
                self._stop(report)
        self._show_banner(status)
        if not self._answering:
            self.question.show_questions(status.uncertain)
        if self._tick_again and self._queue_timer.isActive():
            self.tick_now()

    def _on_tick_failed(self, message: str, _exc: BaseException) -> None:
        self._ticking = False
        text = self.tr("The print queue cannot be read: {message}")
        self._show_printer_banner(text.format(message=translated(message)), PROBLEM_TONE)

    def _show_banner(self, status: QueueStatus) -> None:
        """``status.banner``, shorter: the questions have their own panel right below."""
        parts = [translated(status.problem)] if status.problem else []
        if status.waiting:
            waiting = self.tr("{count} label(s) waiting: they print by themselves.")
            parts.append(waiting.format(count=status.waiting))
        if status.uncertain and not parts:
            parts.append(translated(status.uncertain_line or ""))
        if not parts:
            self._display.printer_banner.hide()
            return
        tone = PROBLEM_TONE if status.problem else WAITING_TONE
        self._show_printer_banner("  ".join(parts), tone)

    def _show_printer_banner(self, text: str, colour: str) -> None:
        banner = self._display.printer_banner
        banner.setStyleSheet(f"QLabel#printerBanner {{ background: {colour}; }}")
        printer = translated(self.printer_name)
        named = printer in text  # the queue's own words name the printer already
        prefixed = self.tr("⚠ PRINTER {printer}: {text}").format(printer=printer, text=text)
        banner.setText(f"⚠ {text}" if named else prefixed)
        banner.show()

    def _stop(self, report: PrintReport) -> None:
        """A label not printed because its order changed: red, until acknowledged."""
        if report.job_id in self._stopped_jobs:
            return
        self._stopped_jobs.add(report.job_id)
        not_printed = self.tr("Label {tracking} was not printed.")
        self.stopped.add(report.error or not_printed.format(tracking=report.tracking_number))

    # -- the question about an interrupted label -------------------------------------------

    @property
    def questions(self) -> tuple[UncertainLabel, ...]:
        return self.status.uncertain if self.status is not None else ()

    def answer(self, session: Session, came_out: bool) -> None:
        """Answer the question shown (the oldest): yes, it came out, or no, print it."""
        current = self.question.current
        if current is None:
            self._display.show_text(NO_QUESTION, Tone.ERROR)
            return
        if self._answering:
            return
        self._answering = True
        self.question.setEnabled(False)
        self._worker.run(
            Operation.write(self._labels.answer_uncertain, session, current.job_id, came_out).then(
                self._on_answered, self._on_answer_failed
            )
        )

    def _on_answered(self, answer: Answer) -> None:
        self._answering = False
        self.question.setEnabled(True)
        left = tuple(q for q in self.questions if q.job_id != answer.job_id)
        if self.status is not None:
            self.status = QueueStatus(
                self.status.printer, self.status.problem, self.status.waiting, (), left
            )
        self.question.show_questions(left)
        tone = Tone.OK if answer.came_out else Tone.BUSY
        self._display.show_text(f"✔ {translated(answer.message)}", tone)
        self.tick_now()  # "no, print it": the label goes out with this tick

    def _on_answer_failed(self, message: str, _exc: BaseException) -> None:
        self._answering = False
        self.question.setEnabled(True)
        self._display.show_text(f"✖ {translated(message)}", Tone.ERROR)
        self.tick_now()

    # -- printing -------------------------------------------------------------------------

    def print_completed(self, session: Session, job_id: int, destination: str) -> None:
        """Print the label of an order just completed; ``destination`` is where the parcel
        goes (shown once it is printed)."""
        self._destination = destination
        self._print(session, job_id)

    def reprint(self, session: Session) -> None:
        """F10: choose a parcel (scanned, or by order or tracking number; the station's last
        label to start with) and a reason; the label is queued again and printed now."""
        suggested = self.last_report.tracking_number if self.last_report is not None else None

        def act(tracking: str, reason: str) -> Operation[int]:
            return Operation.write(self._labels.reprint, session, tracking, reason)

        title, action = self.tr("Print a label again"), self.tr("Print again")
        self.parcel_dialog(title, action, REPRINT_REASONS, act, suggested)

    def parcel_dialog(
        self,
        title: str,
        action: str,
        reasons: tuple[str, ...],
        act: Act,
        suggested: str | None = None,
        then: Callable[[Any], None] | None = None,
    ) -> ParcelDialog:
        """Open the window that chooses a parcel and a reason (one, reused), for ``act``;
        ``then`` (default: print the queued job now) gets its result."""
        if self.dialog is None:
            self.dialog = ParcelDialog(
                self._display, self._worker, self._labels.find_parcels, self.command_prefix
            )
            self.dialog.refused.connect(self._on_dialog_refused)
        then = then or self._on_reprint_queued
        self.dialog.start(title, action, reasons, act, then, self.scan_router, suggested)
        return self.dialog

    def _on_dialog_refused(self, message: str) -> None:
        self._display.show_text(f"✖ {translated(message)}", Tone.ERROR)

    def _on_reprint_queued(self, job_id: object) -> None:
        session = self._display.session
        if not isinstance(job_id, int) or session is None:
            return
        self._destination = ""
        self._display.show_text(self.tr("Printing the label again…"), Tone.BUSY)
        self._print(session, job_id)

    def request_printer_test(self) -> None:
        """Ask the printer for its status and print a test label, on the print worker."""
        testing = self.tr("Testing printer {printer}…").format(
            printer=translated(self.printer_name)
        )
        self._display.show_text(testing, Tone.BUSY)
        self._worker.run(
            Operation.write(self._labels.test_label, self._display.session).then(
                self._on_printer_tested, self._on_print_error
            )
        )

    def on_print_error(self, message: str, exc: BaseException) -> None:
        self._on_print_error(message, exc)

    def _print(self, session: Session, job_id: int) -> None:
        self._worker.run(
            Operation.write(self._labels.print_job, session, job_id).then(
                self._on_printed, self._on_print_error
            )
        )

    def _on_printer_tested(self, result: tuple[PrinterState, PrintReport]) -> None:
        state, report = result
        said = translated(state.words)  # "is ready (writable folder)", in the station's words
        if report.error:
            failed = self.tr("✖ TEST LABEL NOT PRINTED — {status}\n{error}")
            self._display.show_text(
                failed.format(status=said, error=translated(report.error)), Tone.ERROR
            )
            return
        self._display.show_preview(report.preview_path)
        sent = self.tr("✔ Test label sent to {destination} — printer {status}.")
        where = translated(report.destination)
        self._display.show_text(sent.format(destination=where, status=said), Tone.OK)

    def _on_printed(self, result: PrintReport) -> None:
        self.last_report = result
        if result.state == "cancelled":
            self._stop(result)
            self._display.show_text(self._not_printed(result.error or ""), Tone.ERROR)
            return
        if result.state == "uncertain":
            interrupted = self.tr("⚠ LABEL INTERRUPTED ({tracking})\nAnswer the question above.")
            self._display.show_text(
                interrupted.format(tracking=result.tracking_number), Tone.ATTENTION
            )
            self.tick_now()
            return
        if result.error:
            error = translated(result.error)
            later = self.tr("The label prints by itself as soon as the printer answers ready.")
            self._show_printer_banner(f"{error}  {later}", PROBLEM_TONE)
            failed = self.tr(
                "✖ LABEL NOT PRINTED ({tracking})\n{error}\n"
                "Fix the printer: the label prints by itself when it is back."
            )
            self._display.show_text(
                failed.format(tracking=result.tracking_number, error=error), Tone.ERROR
            )
            return
        self._display.show_preview(result.preview_path)
        if self._display.order is None:
            where = self.tr("Put the parcel in {destination}. ")
            going = translated(self._destination)
            where = where.format(destination=going) if self._destination else ""
            printed = self.tr("✔ Label {tracking} printed.\n{where}Scan the next order.")
            self._display.show_text(
                printed.format(tracking=result.tracking_number, where=where), Tone.OK
            )

    def _on_print_error(self, message: str, _exc: BaseException) -> None:
        self._display.show_text(self._not_printed(message), Tone.ERROR)

    def _not_printed(self, error: str) -> str:
        return self.tr("✖ LABEL NOT PRINTED\n{error}").format(error=translated(error))
