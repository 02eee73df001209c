"""The station's labels: print a completed order's label, the print-queue banner (jobs waiting
for a printer that is down, sent by themselves when it is back), print again, test the printer.

Everything here runs on the print worker; the GUI thread only shows what came back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QInputDialog

from app.domain.printing import PrinterState
from app.services.ports import PrintJobRecord
from app.services.printing import LabelService
from app.services.results import PrintReport, Session
from app.ui.runner import Operation, Worker
from app.ui.station.display import StationDisplay, Tone

log = logging.getLogger(__name__)

QueueState = tuple[list[PrintReport], list[PrintJobRecord]]


class PrintBanner(QObject):
    """Labels for one station, shown on ``display``.

    Attributes:
        last_report: the last label printed (or failed) at this station.
    """

    def __init__(
        self,
        display: StationDisplay,
        labels: LabelService,
        printer_worker: Worker,
        *,
        poll_ms: int = 3000,
    ) -> None:
        super().__init__(display)
        self._display = display
        self._labels = labels
        self._worker = printer_worker
        self.last_report: PrintReport | None = None
        self._failed_job: int | None = None
        self._destination = ""
        self._polling_queue = False
        # The print queue: every few seconds the print worker sends what is due.
        self._queue_timer = QTimer(self)
        self._queue_timer.setInterval(poll_ms)
        self._queue_timer.timeout.connect(self._on_queue_timer_timeout)
        self._queue_timer.start()

    @property
    def printer_name(self) -> str:
        return self._labels.printer.name

    def stop(self) -> None:
        """No more polls of the print queue (the station is closing)."""
        self._queue_timer.stop()

    def print_completed(self, session: Session, job_id: int, destination: str) -> None:
        """Print the label of an order just completed; ``destination`` is where the parcel
        goes (shown once it is printed)."""
        self._destination = destination
        self._print(session, job_id)

    def reprint(self, session: Session) -> None:
        """F10: the label that failed, or the last one again (asks why)."""
        if self._failed_job is not None:
            self._print(session, self._failed_job)
            return
        if self.last_report is None:
            self._display.show_text("No label to print again at this station yet.", Tone.ERROR)
            return
        tracking = self.last_report.tracking_number
        reason, ok = QInputDialog.getText(
            self._display, "Print again", f"Why print label {tracking} again (torn, lost, smudged)?"
        )
        if not ok or not reason.strip():
            self._display.show_text("Not printed again: a reason is needed.", Tone.ERROR)
            return
        self._worker.run(
            Operation.write(self._labels.reprint, session, tracking, reason).then(
                lambda job_id: self._print(session, job_id), self._on_print_error
            )
        )
        self._display.show_text(f"Printing label {tracking} again…", Tone.BUSY)

    def request_printer_test(self) -> None:
        """Ask the printer for its status and print a test label, on the print worker."""
        self._display.show_text(f"Testing printer {self.printer_name}…", Tone.BUSY)
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
        said = f"status {state.state}" + (f" ({state.detail})" if state.detail else "")
        if report.error:
            self._display.show_text(
                f"✖ TEST LABEL NOT PRINTED — {said}\n{report.error}", Tone.ERROR
            )
            return
        self._display.show_preview(report.preview_path)
        self._display.show_text(
            f"✔ Test label sent to {report.destination} — printer {said}.", Tone.OK
        )

    def _on_queue_timer_timeout(self) -> None:
        session = self._display.session
        if session is None or self._polling_queue:
            return
        self._polling_queue = True

        def send_due() -> QueueState:
            return self._labels.process_due(session), self._labels.waiting()

        self._worker.run(
            Operation.write(send_due).then(self._on_queue_polled, self._on_queue_poll_failed)
        )

    def _on_queue_polled(self, result: QueueState) -> None:
        self._polling_queue = False
        reports, waiting = result
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
            self._display.printer_banner.hide()
            return
        last_error = next((job.error for job in reversed(waiting) if job.error), None)
        self._failed_job = waiting[0].id
        self._show_printer_problem(
            f"{last_error or 'Waiting for printer ' + self.printer_name + '.'}  "
            f"{len(waiting)} label(s) waiting: they print as soon as the printer is back "
            "(F10 tries now)."
        )

    def _show_printer_problem(self, text: str) -> None:
        self._display.printer_banner.setText(f"⚠ PRINTER {self.printer_name}: {text}")
        self._display.printer_banner.show()

    def _on_printed(self, result: PrintReport) -> None:
        self.last_report = result
        if result.error:
            self._failed_job = result.job_id
            self._show_printer_problem(f"{result.error}  The label prints as soon as it is back.")
            self._display.show_text(
                f"✖ LABEL NOT PRINTED ({result.tracking_number})\n{result.error}\n"
                "Fix the printer, then press Print again [F10].",
                Tone.ERROR,
            )
            return
        self._failed_job = None
        self._display.printer_banner.hide()
        self._display.show_preview(result.preview_path)
        if self._display.order is None:
            where = f"Put the parcel in {self._destination}. " if self._destination else ""
            self._display.show_text(
                f"✔ Label {result.tracking_number} printed.\n{where}Scan the next order.",
                Tone.OK,
            )

    def _on_print_error(self, message: str, _exc: BaseException) -> None:
        self._display.show_text(f"✖ LABEL NOT PRINTED\n{message}", Tone.ERROR)
