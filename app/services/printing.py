"""The print queue: every label is a job in the database before anything reaches a printer.

A job belongs to a parcel and is queued, sending, sent or failed. The station's print worker
(never the GUI thread) sends due jobs in order; a printer that is off, out of paper or
unreachable leaves the job failed with the reason and a time for the next attempt (backoff),
and the same label (same tracking number) goes out once the printer is back. A job that was
sent is never sent again by accident: printing again is a new job with a reason, audited.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from app.domain.errors import DomainError, NotAllowed, NotFound, PrinterProblem
from app.domain.labels import Address, LabelContent, PackingSlip
from app.domain.model import OrderStatus
from app.domain.printing import PrinterCondition, PrinterState, PrintJobState
from app.domain.tracking import format_s10
from app.services.ports import (
    Clock,
    LabelPrinter,
    ParcelRecord,
    PrintJobRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.results import PrintReport, Session

# A well-formed S10 number in the test series ("TE"), so a test label scans back.
TEST_TRACKING_NUMBER = format_s10("TE", 0, "DE")
FIRST_RETRY_S = 5
MAX_RETRY_S = 120


def retry_delay(attempts: int) -> timedelta:
    """5 s, 10 s, 20 s ... at most 2 minutes between attempts."""
    return timedelta(seconds=min(FIRST_RETRY_S * 2 ** max(attempts - 1, 0), MAX_RETRY_S))


def ship_to(order: dict[str, Any]) -> Address:
    """The order's delivery address, from the order's row."""
    return Address(
        name=order["ship_to_name"],
        line1=order["ship_to_line1"],
        line2=order["ship_to_line2"],
        postcode=order["ship_to_postcode"],
        city=order["ship_to_city"],
        country=order["ship_to_country"],
    )


def label_for(order: dict[str, Any], parcel: ParcelRecord, sender: Address) -> LabelContent:
    """The label content of an order's parcel, from the order's row."""
    return LabelContent(
        ship_to=ship_to(order),
        sender=sender,
        order_reference=order["reference"],
        carrier=order["carrier"],
        service=order["service"],
        tracking_number=parcel.tracking_number,
        parcel_no=parcel.seq,
        sscc=parcel.sscc,
    )


class LabelService:
    """The station's side of the print queue. Runs on the print worker thread."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        printer: LabelPrinter,
        sender: Address,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self.printer = printer
        self._sender = sender

    # -- sending -------------------------------------------------------------------------

    def print_job(self, session: Session, job_id: int) -> PrintReport:
        """Send one job now (right after completing, or when asked to print again). A job
        already sent is reported, not printed again."""
        with self._uow() as uow:
            job = uow.print_jobs.get(job_id)
            if job is None:
                raise NotFound(f"Print job {job_id} does not exist.")
        return self._send(session, job)

    def process_due(self, session: Session | None) -> list[PrintReport]:
        """Send every job waiting for this printer whose next attempt is due, oldest first;
        stop at the first failure (the printer is not back yet)."""
        now = self._clock.now()
        with self._uow() as uow:
            due = [
                job
                for job in uow.print_jobs.waiting(self.printer.name)
                if job.next_attempt_at is None or job.next_attempt_at <= now
            ]
        reports: list[PrintReport] = []
        for job in due:
            report = self._send(session, job)
            reports.append(report)
            if report.error:
                break
        return reports

    def waiting(self) -> list[PrintJobRecord]:
        """Jobs for this printer not sent yet: what the pack screen's printer banner counts."""
        with self._uow() as uow:
            return list(uow.print_jobs.waiting(self.printer.name))

    def recover_interrupted(self) -> int:
        """At start: jobs left "sending" by a crash may or may not have printed. They are
        failed with that reason and are not retried by themselves: printing them again is
        a person's decision (Print again), so no label comes out twice."""
        with self._uow() as uow:
            stuck = uow.print_jobs.stuck_sending(self.printer.name)
            now = self._clock.now()
            for job in stuck:
                uow.print_jobs.mark(
                    job.id,
                    PrintJobState.FAILED,
                    now,
                    error="Interrupted while sending: check whether the label came out; "
                    "if not, print it again.",
                    next_attempt_at=now + timedelta(days=3650),
                )
            uow.commit()
            return len(stuck)

    def _send(self, session: Session | None, job: PrintJobRecord) -> PrintReport:
        with self._uow() as uow:
            current = uow.print_jobs.get(job.id)
            assert current is not None
            parcel = uow.parcels.get(current.parcel_id)
            assert parcel is not None
            if current.state == PrintJobState.SENT:
                return PrintReport(
                    current.id, current.state, parcel.tracking_number, self.printer.name, None
                )
            order = uow.orders.label_data(parcel.order_id)
        state = self._ask_printer()
        if state.known and not state.ok:
            return self._failed(session, current, parcel, self._state_message(state))
        with self._uow() as uow:
            uow.print_jobs.mark(
                current.id, PrintJobState.SENDING, self._clock.now(), attempted=True
            )
            uow.commit()
        try:
            if current.kind == "packing_slip":
                outcome = self.printer.print_packing_slip(
                    self._packing_slip(parcel.order_id, order), current.job_uid
                )
            elif order.get("upstream_label") and order.get("upstream_label_format"):
                outcome = self.printer.print_upstream(
                    bytes(order["upstream_label"]),
                    order["upstream_label_format"],
                    current.job_uid,
                )
            else:
                outcome = self.printer.print_label(
                    label_for(order, parcel, self._sender), current.job_uid
                )
        except PrinterProblem as exc:
            return self._failed(session, current, parcel, exc.message, sent_attempt=True)
        with self._uow() as uow:
            now = self._clock.now()
            uow.print_jobs.mark(current.id, PrintJobState.SENT, now)
            header = uow.orders.header(parcel.order_id)
            if header is not None and header.status is OrderStatus.PACKED:
                uow.orders.set_status(parcel.order_id, OrderStatus.LABELLED, now)
            self._audit(
                uow,
                session,
                {"label": "label_printed", "packing_slip": "packing_slip_printed"}.get(
                    current.kind, "label_reprinted"
                ),
                "parcel",
                parcel.id,
                f"{parcel.tracking_number} to {outcome.destination}",
            )
            uow.commit()
        return PrintReport(
            current.id,
            PrintJobState.SENT,
            parcel.tracking_number,
            outcome.destination,
            outcome.preview_path,
        )

    def _packing_slip(self, order_id: int, order: dict[str, Any]) -> PackingSlip:
        with self._uow() as uow:
            lines = tuple(uow.orders.packed_lines(order_id))
        return PackingSlip(order["reference"], ship_to(order), lines, self._sender)

    def _ask_printer(self) -> PrinterState:
        try:
            return self.printer.status()
        except PrinterProblem as exc:
            return PrinterState(PrinterCondition.ERROR, exc.message)

    def _state_message(self, state: PrinterState) -> str:
        words = {
            "offline": "is offline",
            "paper_out": "is out of paper",
            "cover_open": "has its cover open",
            "error": "reports an error",
        }
        detail = f" ({state.detail})" if state.detail else ""
        return f"Printer {self.printer.name} {words.get(state.state, state.state)}{detail}."

    def _failed(
        self,
        session: Session | None,
        job: PrintJobRecord,
        parcel: ParcelRecord,
        message: str,
        sent_attempt: bool = False,
    ) -> PrintReport:
        """The printer refused (or said it cannot print): keep the job, retry later."""
        with self._uow() as uow:
            now = self._clock.now()
            attempts = job.attempts + 1
            uow.print_jobs.mark(
                job.id,
                PrintJobState.FAILED,
                now,
                error=message[:500],
                next_attempt_at=now + retry_delay(attempts),
                attempted=not sent_attempt,
            )
            self._audit(uow, session, "print_failed", "print_job", job.id, message)
            uow.commit()
        return PrintReport(
            job.id,
            PrintJobState.FAILED,
            parcel.tracking_number,
            self.printer.name,
            None,
            error=message,
        )

    # -- testing the printer ---------------------------------------------------------------

    def test_label(self, session: Session | None) -> tuple[PrinterState, PrintReport]:
        """Ask the printer for its status and print a test label (not a parcel's: its
        tracking number is a test number). Returns the status and what was printed."""
        state = self._ask_printer()
        label = LabelContent(
            ship_to=Address(
                "Packbench test label",
                "Printer check",
                postcode="00000",
                city="Station test",
                country="DE",
            ),
            sender=self._sender,
            order_reference="TEST",
            carrier="TEST",
            service="printer check",
            tracking_number=TEST_TRACKING_NUMBER,
        )
        try:
            outcome = self.printer.print_label(label, f"test-{uuid.uuid4().hex}")
        except PrinterProblem as exc:
            return state, PrintReport(
                0,
                PrintJobState.FAILED,
                TEST_TRACKING_NUMBER,
                self.printer.name,
                None,
                error=exc.message,
            )
        with self._uow() as uow:
            self._audit(
                uow, session, "printer_test", "printer", None, f"{self.printer.name}: {state.state}"
            )
            uow.commit()
        return state, PrintReport(
            0, PrintJobState.SENT, TEST_TRACKING_NUMBER, outcome.destination, outcome.preview_path
        )

    # -- asking for labels ---------------------------------------------------------------

    def reprint(self, session: Session, tracking_number: str, reason: str) -> int:
        """Queue the same label again (same tracking number) for a parcel whose label was
        lost or damaged. Needs a reason; audited. Returns the new job's id."""
        reason = reason.strip()
        if not reason:
            raise DomainError("Give a reason for printing the label again.")
        with self._uow() as uow:
            parcel = self._parcel_by_tracking(uow, tracking_number)
            now = self._clock.now()
            job = uow.print_jobs.add(
                uuid.uuid4().hex,
                parcel.id,
                "reprint",
                self.printer.name,
                now,
                station_id=session.station_id,
                reason=reason[:200],
            )
            self._audit(uow, session, "reprint", "parcel", parcel.id, reason)
            uow.commit()
            return job.id

    def move_jobs(self, session: Session, from_printer: str, to_printer: str) -> int:
        """Supervisors: send a station's waiting jobs to another printer (its own is broken).
        Returns how many jobs moved."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can move print jobs to another printer.")
        with self._uow() as uow:
            moved = uow.print_jobs.move(from_printer, to_printer, self._clock.now())
            self._audit(
                uow,
                session,
                "move_print_jobs",
                "printer",
                None,
                f"{moved} job(s) from {from_printer} to {to_printer}",
            )
            uow.commit()
            return moved

    def printers(self) -> list[tuple[str, int]]:
        """Printers known to the queue (this station's first) with their waiting jobs."""
        with self._uow() as uow:
            known = dict(uow.print_jobs.printers())
        known.setdefault(self.printer.name, 0)
        mine = [(self.printer.name, known.pop(self.printer.name))]
        return mine + sorted(known.items())

    def _parcel_by_tracking(self, uow: UnitOfWork, tracking_number: str) -> ParcelRecord:
        parcel = uow.parcels.by_tracking(tracking_number.strip().upper())
        if parcel is None:
            raise NotFound(f"No parcel has tracking number {tracking_number}.")
        return parcel

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
