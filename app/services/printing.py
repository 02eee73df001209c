"""The print queue: every label is a job in the database before anything reaches a printer.

A job's state tells the truth (``app.domain.printing.PrintJobState``): ``queued``/``failed``
jobs have sent nothing and go out by themselves; a job is ``sending`` only from the moment its
first byte is about to be written (the printer calls back, and that short transaction also
re-checks the order); ``sent`` once the printer took every byte; ``uncertain`` when it was cut
off after bytes left (or the station died while sending): never resent by itself, a person
answers whether the label came out; ``cancelled`` when the order was cancelled, held or the
label voided before sending.

The station's timer calls ``tick`` often (every 0.5-1 s). While the printer has a problem the
queue asks its status (a cheap query, never a resend) at most every ``STATUS_POLL_S``; as soon
as it answers ready the waiting labels go out, whatever their backoff. A printer that cannot be
asked (one-way connection) is retried on a short backoff instead.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta

from app.domain.errors import DomainError, NotFound, PrinterProblem
from app.domain.labels import Address, PackingSlip
from app.domain.message import Message
from app.domain.model import OrderStatus
from app.domain.printing import PrinterCondition, PrinterState, PrintJobKind, PrintJobState
from app.domain.reprints import stopped_order_message, uncertain_question
from app.services.device_ports import LabelPrinter, PrintOutcome
from app.services.label_content import TEST_TRACKING_NUMBER, label_for, test_label_content
from app.services.ports import (
    Clock,
    LabelRecord,
    ParcelRecord,
    PrintJobRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.print_results import Answer, ParcelLabel, QueueStatus, UncertainLabel, VoidReport
from app.services.reprints import ReprintDesk, uncertain_label
from app.services.results import PrintReport, Session
from app.services.returns import ReturnLabels

INTERRUPTED_WHILE_SENDING = Message("Interrupted while sending.")
STATUS_POLL_S = 1.0
#: While nothing waits, the printer is still asked this often, so a printer switched off
#: between orders is on the banner before the next label, not after it failed.
IDLE_POLL_S = 5.0
#: Backoff for printers whose status cannot be asked: 2 s, 4 s, 8 s, then every 10 s.
FIRST_RETRY_S = 2
MAX_RETRY_S = 10

_QUEUED = PrintJobState.QUEUED.value
_FAILED = PrintJobState.FAILED.value
_SENDING = PrintJobState.SENDING.value
_SENT = PrintJobState.SENT.value
_UNCERTAIN = PrintJobState.UNCERTAIN.value
_CANCELLED = PrintJobState.CANCELLED.value
_NOT_SENT = (_QUEUED, _FAILED)


def retry_delay(attempts: int) -> timedelta:
    """2 s, 4 s, 8 s ... at most 10 s between attempts (one-way printers only: a printer that
    answers status queries is retried as soon as it says ready)."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


class _Stopped(Exception):
    """Raised from ``on_sending`` so the printer writes nothing: the job was cancelled (order
    changed) or is no longer the queue's to send."""

    def __init__(self, state: str, message: str) -> None:
        super().__init__(message)
        self.state = state
        self.message = message


class LabelService:
    """The station's side of the print queue. Runs on the print worker thread (one per
    station), never on the GUI thread."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        printer: LabelPrinter,
        sender: Address,
        monotonic: Callable[[], float] = time.monotonic,
        returns: ReturnLabels | None = None,
    ) -> None:
        self._returns = returns  # makes return labels after outbound ones, and prints them
        self._uow = uow_factory
        self._clock = clock
        self.printer = printer
        self._sender = sender
        self._monotonic = monotonic
        self._problem: str | None = None
        self._last_poll: float | None = None
        self._last_idle_poll = monotonic()
        self._idle_problem: str | None = None
        self.desk = ReprintDesk(uow_factory, clock)

    # -- the station's timer ---------------------------------------------------------------

    def tick(self, session: Session | None) -> QueueStatus:
        """Do what the queue needs now and say what the banner shows. Call it often (every
        0.5-1 s) on the print worker: it sends waiting labels when the printer can take them,
        asks a troubled printer for its status at most every ``STATUS_POLL_S``, and never
        resends an uncertain job."""
        reports = self._send_waiting(session, rate_limited=True)
        with self._uow(read_only=True) as uow:
            waiting = list(uow.print_jobs.waiting(self.printer.name))
            uncertain = tuple(
                uncertain_label(j) for j in uow.print_jobs.uncertain(self.printer.name)
            )
        problem = self._problem
        if waiting and problem is None:
            problem = next((job.error for job in reversed(waiting) if job.error), None)
        if not waiting:
            self._problem = None
            problem = self._idle_check()
        return QueueStatus(self.printer.name, problem, len(waiting), tuple(reports), uncertain)

    def _idle_check(self) -> str | None:
        """Nothing waits: ask the printer every ``IDLE_POLL_S`` (a cheap status question) and
        say what is wrong with it, so the packer fixes it before the next label. A printer
        that cannot be asked (one-way) says nothing here."""
        now = self._monotonic()
        if now - self._last_idle_poll >= IDLE_POLL_S:
            self._last_idle_poll = now
            state = self._ask_printer()
            self._idle_problem = (
                self._state_message(state) if state.known and not state.ok else None
            )
        return self._idle_problem

    def process_due(self, session: Session | None) -> list[PrintReport]:
        """Send what is due now, as ``tick`` does but asking a troubled printer for its status
        at once (an explicit "try now"); the reports of the jobs handled."""
        return self._send_waiting(session, rate_limited=False)

    def _send_waiting(self, session: Session | None, rate_limited: bool) -> list[PrintReport]:
        with self._uow(read_only=True) as uow:
            waiting = list(uow.print_jobs.waiting(self.printer.name))
        if not waiting:
            self._problem = None
            return []
        troubled = self._problem is not None or any(j.state == _FAILED for j in waiting)
        if not troubled:
            return self._send_in_turn(session, waiting)
        now = self._monotonic()
        if rate_limited and self._last_poll is not None and now - self._last_poll < STATUS_POLL_S:
            return []
        self._last_poll = now
        state = self._ask_printer()
        if state.ok:
            self._problem = None
            return self._send_in_turn(session, waiting)
        if state.known:
            self._problem = self._state_message(state)
            return []
        # One-way connection: nobody can say it is back; retry on a short backoff.
        moment = self._clock.now()
        due = [j for j in waiting if j.next_attempt_at is None or j.next_attempt_at <= moment]
        return self._send_in_turn(session, due)

    def _send_in_turn(
        self, session: Session | None, jobs: Sequence[PrintJobRecord]
    ) -> list[PrintReport]:
        """Oldest first; stop at the first failure (the printer is not taking jobs)."""
        reports: list[PrintReport] = []
        for job in jobs:
            report = self._send(session, job.id)
            reports.append(report)
            if report.state in (_FAILED, _UNCERTAIN):
                break
        return reports

    # -- sending one job -------------------------------------------------------------------

    def print_job(self, session: Session, job_id: int) -> PrintReport:
        """Send one job now (right after completing, or Print again on a failed job). A job
        already sent is reported, not printed again; an uncertain one is refused (answer its
        question instead)."""
        return self._send(session, job_id)

    def _send(self, session: Session | None, job_id: int) -> PrintReport:
        with self._uow() as uow:
            job = uow.print_jobs.get(job_id)
            if job is None:
                raise NotFound(Message("Print job {job} does not exist.", job=job_id))
            parcel = uow.parcels.get(job.parcel_id)
            record = uow.print_jobs.label_record(job.parcel_id)
            assert parcel is not None and record is not None
            if job.state in (_SENT, _CANCELLED):
                return self._report(job.id, job.state, parcel, error=job.error)
            if job.state in (_UNCERTAIN, _SENDING):
                raise DomainError(
                    Message(
                        "This label was interrupted while printing and is never sent again by "
                        "itself. {question}",
                        question=uncertain_question(
                            parcel.seq, parcel.tracking_number, record.reference
                        ),
                    )
                )
            stop = self._stop_reason(uow, parcel, record)
            if stop is not None:
                uow.print_jobs.change_state(job.id, _NOT_SENT, _CANCELLED, self._clock.now(), stop)
                self._audit(uow, session, "print_cancelled", "print_job", job.id, stop)
                uow.commit()
                return self._report(job.id, _CANCELLED, parcel, error=stop)
        # The printer's own status is asked by its connection right before the first byte
        # (two-way connections): a printer that is not ready refuses with nothing sent.
        sending = False

        def on_sending() -> None:
            nonlocal sending
            self._mark_sending(session, job.id, parcel)
            sending = True

        try:
            outcome = self._print(job, parcel, record, on_sending)
        except _Stopped as stopped:
            return self._report(job.id, stopped.state, parcel, error=stopped.message)
        except PrinterProblem as exc:
            if exc.bytes_sent:
                return self._uncertain(session, job, parcel, record, exc.message)
            return self._failed(session, job, parcel, exc.message)
        except BaseException:
            if sending:  # a bug or an interrupt after bytes may have left: a person decides
                self._uncertain(session, job, parcel, record, INTERRUPTED_WHILE_SENDING)
            raise
        with self._uow() as uow:
            now = self._clock.now()
            uow.print_jobs.change_state(job.id, (_SENDING, *_NOT_SENT), _SENT, now)
            header = uow.orders.header(parcel.order_id)
            if header is not None and header.status is OrderStatus.PACKED:
                uow.orders.set_status(parcel.order_id, OrderStatus.LABELLED, now)
            slip = job.kind == PrintJobKind.PACKING_SLIP
            action = "packing_slip_printed" if slip else "label_printed"
            if job.kind == PrintJobKind.RETURN_LABEL:
                action = "return_label_printed"
            again = " (reprint)" if job.kind == PrintJobKind.REPRINT else ""
            detail = f"{parcel.tracking_number} to {outcome.destination}{again}"
            self._audit(uow, session, action, "parcel", parcel.id, detail)
            uow.commit()
        self._problem = None
        if self._returns is not None and job.kind == PrintJobKind.LABEL:
            station_id = None if session is None else session.station_id
            self._returns.queue_after(parcel.id, job.printer, station_id)
        return PrintReport(
            job.id, _SENT, parcel.tracking_number, outcome.destination, outcome.preview_path
        )

    def _print(
        self,
        job: PrintJobRecord,
        parcel: ParcelRecord,
        record: LabelRecord,
        on_sending: Callable[[], None],
    ) -> PrintOutcome:
        if job.kind == PrintJobKind.PACKING_SLIP:
            several = parcel.seq > 1 or record.parcel_count != 1
            with self._uow() as uow:
                if several:  # this parcel's units only
                    lines = tuple(uow.pack_out.packed_lines(parcel.order_id, parcel.seq))
                else:
                    lines = tuple(uow.orders.packed_lines(parcel.order_id))
            slip = PackingSlip(
                record.reference,
                record.ship_to,
                lines,
                self._sender,
                parcel.seq,
                record.weight_g,
                several,
                record.box,
            )
            return self.printer.print_packing_slip(slip, job.job_uid, on_sending)
        if job.kind == PrintJobKind.RETURN_LABEL:
            if self._returns is None:
                raise PrinterProblem(
                    Message("This station is not set up for return labels ([returns]).")
                )
            return self.printer.print_label(
                self._returns.content(parcel.id), job.job_uid, on_sending
            )
        if record.upstream_label and record.upstream_label_format:
            return self.printer.print_upstream(
                record.upstream_label, record.upstream_label_format, job.job_uid, on_sending
            )
        label = label_for(record, parcel, self._sender)
        return self.printer.print_label(label, job.job_uid, on_sending)

    def _mark_sending(self, session: Session | None, job_id: int, parcel: ParcelRecord) -> None:
        """The printer is about to write the first byte: in one short transaction, re-check
        the order and mark the job sending. Raises ``_Stopped`` (nothing is written) when the
        order was cancelled or held, the label voided, or the job is no longer waiting."""
        with self._uow() as uow:
            now = self._clock.now()
            current = uow.parcels.get(parcel.id)
            record = uow.print_jobs.label_record(parcel.id)
            assert current is not None and record is not None
            stop = self._stop_reason(uow, current, record)
            if stop is not None:
                if uow.print_jobs.change_state(job_id, _NOT_SENT, _CANCELLED, now, stop):
                    self._audit(uow, session, "print_cancelled", "print_job", job_id, stop)
                    uow.commit()
                raise _Stopped(_CANCELLED, stop)
            if not uow.print_jobs.change_state(job_id, _NOT_SENT, _SENDING, now, attempted=True):
                latest = uow.print_jobs.get(job_id)
                state = latest.state if latest is not None else "gone"
                raise _Stopped(
                    state,
                    Message("Print job {job} is {state}: not sent again.", job=job_id, state=state),
                )
            uow.commit()

    @staticmethod
    def _stop_reason(uow: UnitOfWork, parcel: ParcelRecord, record: LabelRecord) -> str | None:
        if parcel.voided:
            return Message(
                "Label {tracking} was voided ({reason}).",
                tracking=parcel.tracking_number,
                reason=parcel.void_reason,
            )
        header = uow.orders.header(parcel.order_id)
        if header is not None and header.status in (OrderStatus.CANCELLED, OrderStatus.ON_HOLD):
            return stopped_order_message(record.reference, header.status.value, header.hold_reason)
        return None

    def _failed(
        self, session: Session | None, job: PrintJobRecord, parcel: ParcelRecord, message: str
    ) -> PrintReport:
        """Nothing reached the printer: keep the job; it goes out when the printer is back."""
        self._problem = message
        self._last_poll = self._monotonic()  # this failure was the latest look at the printer
        with self._uow() as uow:
            now = self._clock.now()
            current = uow.print_jobs.get(job.id)
            was_sending = current is not None and current.state == _SENDING
            # A job marked sending has had its attempt counted already.
            attempts = (current.attempts if current is not None else job.attempts) + (
                0 if was_sending else 1
            )
            uow.print_jobs.change_state(
                job.id,
                (_SENDING, *_NOT_SENT),
                _FAILED,
                now,
                error=message[:500],
                attempted=not was_sending,
                next_attempt_at=now + retry_delay(attempts),
            )
            self._audit(uow, session, "print_failed", "print_job", job.id, message)
            uow.commit()
        return self._report(job.id, _FAILED, parcel, error=message)

    def _uncertain(
        self,
        session: Session | None,
        job: PrintJobRecord,
        parcel: ParcelRecord,
        record: LabelRecord,
        message: str,
    ) -> PrintReport:
        """Cut off after bytes left: the label may be out. Never resent by itself."""
        self._problem = message
        question = uncertain_question(parcel.seq, parcel.tracking_number, record.reference)
        with self._uow() as uow:
            uow.print_jobs.change_state(
                job.id, (_SENDING, *_NOT_SENT), _UNCERTAIN, self._clock.now(), message[:500]
            )
            self._audit(uow, session, "print_uncertain", "print_job", job.id, message)
            uow.commit()
        error = Message("{problem} {question}", problem=message, question=question)
        return self._report(job.id, _UNCERTAIN, parcel, error=error)

    def _report(
        self, job_id: int, state: str, parcel: ParcelRecord, error: str | None = None
    ) -> PrintReport:
        return PrintReport(job_id, state, parcel.tracking_number, self.printer.name, None, error)

    def _ask_printer(self) -> PrinterState:
        try:
            return self.printer.status()
        except PrinterProblem as exc:
            return PrinterState(PrinterCondition.ERROR, exc.message)

    def _state_message(self, state: PrinterState) -> str:
        return Message("Printer {printer} {state}.", printer=self.printer.name, state=state.words)

    # -- interrupted labels ----------------------------------------------------------------

    def recover_interrupted(self) -> int:
        """At start: this printer's jobs left "sending" by a crash become uncertain (the label
        may have come out); they are never resent by themselves. Returns how many."""
        with self._uow() as uow:
            now = self._clock.now()
            stuck = uow.print_jobs.stuck_sending(self.printer.name)
            for job in stuck:
                uow.print_jobs.change_state(
                    job.id, (_SENDING,), _UNCERTAIN, now, "Interrupted while sending."
                )
                self._audit(uow, None, "print_uncertain", "print_job", job.id, "station restarted")
            uow.commit()
            return len(stuck)

    def waiting(self) -> list[PrintJobRecord]:
        """Jobs for this printer not sent yet (queued or failed): they go out by themselves."""
        with self._uow() as uow:
            return list(uow.print_jobs.waiting(self.printer.name))

    def uncertain_jobs(self, everywhere: bool = False) -> list[UncertainLabel]:
        """The questions to answer: this printer's (the station), or every printer's
        (``everywhere``, the supervisor; see ``ReprintDesk.uncertain``)."""
        return self.desk.uncertain(None if everywhere else self.printer.name)

    def answer_uncertain(self, session: Session, job_id: int, came_out: bool) -> Answer:
        """A person looked: "yes, it came out" marks the label printed (order labelled);
        "no" queues it again on the same printer as a reprint with reason "interrupted".
        Both audited. Only an uncertain job can be answered, and only once (a job a stopped
        station left sending counts as uncertain once it is ``STALE_SENDING`` old)."""
        return self.desk.answer_uncertain(session, job_id, came_out)

    # -- reprints, voids, moving jobs ------------------------------------------------------

    def find_parcels(self, scanned: str) -> list[ParcelLabel]:
        """Parcels by order reference, tracking number, SSCC or parcel id (scanned or typed)."""
        return self.desk.find(scanned)

    def reprint(self, session: Session, scanned: str, reason: str) -> int:
        """Queue a parcel's label again on this printer (same tracking number and SSCC): by
        tracking number, order reference, SSCC or parcel id; a reason from
        ``app.domain.reprints.REPRINT_REASONS`` or typed. Supervisors, and packers where the
        site setting ``packers_may_reprint`` allows it. Returns the new job's id."""
        job_id, _printer = self.desk.reprint(session, scanned, reason, self.printer.name)
        return job_id

    def reprint_where_printed(self, session: Session, scanned: str, reason: str) -> tuple[int, str]:
        """As ``reprint``, on the printer the parcel's label went to last (the command line
        on an office PC serves no printer of its own). Returns the job's id and printer."""
        return self.desk.reprint(session, scanned, reason, None)

    def void_label(self, session: Session, scanned: str, reason: str, **kw: bool) -> VoidReport:
        """Supervisors: void a parcel's label (``ReprintDesk.void``; ``loaded_confirmed``)."""
        return self.desk.void(session, scanned, reason, **kw)

    def move_jobs(self, session: Session, from_printer: str, to_printer: str) -> int:
        """Supervisors: see ``ReprintDesk.move_jobs``."""
        return self.desk.move_jobs(session, from_printer, to_printer, own=self.printer.name)

    def printers(self) -> list[tuple[str, int]]:
        """Printers known to the queue (this station's first) with their waiting jobs."""
        known = dict(self.desk.printers())
        known.setdefault(self.printer.name, 0)
        mine = [(self.printer.name, known.pop(self.printer.name))]
        return mine + sorted(known.items())

    # -- testing the printer ---------------------------------------------------------------

    def test_label(self, session: Session | None) -> tuple[PrinterState, PrintReport]:
        """Ask the printer for its status and print a test label (not a parcel's: its
        tracking number is a test number). Returns the status and what was printed."""
        state = self._ask_printer()
        label = test_label_content(self._sender)
        try:
            outcome = self.printer.print_label(label, f"test-{uuid.uuid4().hex}")
        except PrinterProblem as exc:
            return state, PrintReport(
                0, _FAILED, TEST_TRACKING_NUMBER, self.printer.name, None, error=exc.message
            )
        with self._uow() as uow:
            detail = f"{self.printer.name}: {state.state}"
            self._audit(uow, session, "printer_test", "printer", None, detail)
            uow.commit()
        return state, PrintReport(
            0, _SENT, TEST_TRACKING_NUMBER, outcome.destination, outcome.preview_path
        )

    def _audit(
        self,
        uow: UnitOfWork,
        session: Session | None,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str,
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id if session else None,
            station_id=session.station_id if session else None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )
