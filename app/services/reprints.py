"""Reprints, voids and the answers about interrupted labels, all audited. Reprints and voids
are found by what was scanned or typed, need a reason from the list or typed, and are allowed to
supervisors (reprints also to packers where the site allows it).

A reprint is a new job for the same parcel (same tracking number and SSCC). A void keeps the
parcel row, so its tracking number and SSCC stay taken for good; its waiting jobs are cancelled.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.floor import OFFLINE_AFTER
from app.domain.message import Message
from app.domain.model import OrderStatus
from app.domain.printing import PrintJobKind, PrintJobState
from app.domain.reprints import (
    INTERRUPTED,
    PACKERS_MAY_REPRINT,
    VOIDING,
    LoadedLabel,
    clean_reason,
    loaded_void_question,
    loaded_void_warning,
    setting_is_true,
    uncertain_question,
)
from app.services.ports import (
    Clock,
    ParcelRecord,
    UncertainJobRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.print_results import Answer, ParcelLabel, UncertainLabel, VoidReport
from app.services.results import Session

#: A printer that printed within this long still counts as served (a station's shift).
SERVED_RECENTLY = timedelta(hours=12)

_UNCERTAIN = PrintJobState.UNCERTAIN.value
_SENDING = PrintJobState.SENDING.value
#: A job "sending" for longer than this belongs to a station that stopped mid-job: sending a
#: label takes seconds at most. The supervisor's list turns such jobs into questions.
STALE_SENDING = timedelta(minutes=2)
#: Jobs a void cancels: everything not printed, and questions that no longer matter.
_VOIDABLE = (
    PrintJobState.QUEUED.value,
    PrintJobState.FAILED.value,
    PrintJobState.UNCERTAIN.value,
)


def uncertain_label(job: UncertainJobRecord) -> UncertainLabel:
    """The question a person answers about an interrupted job."""
    return UncertainLabel(
        job.job_id,
        job.parcel_id,
        job.parcel_no,
        job.tracking_number,
        job.order_reference,
        job.printer,
        job.station_id,
        job.since,
        uncertain_question(job.parcel_no, job.tracking_number, job.order_reference),
    )


class ReprintDesk:
    """Finding parcels, reprinting and voiding their labels. Used through ``LabelService``."""

    def __init__(self, uow_factory: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow_factory
        self._clock = clock

    def find(self, scanned: str) -> list[ParcelLabel]:
        """The parcels an order reference, tracking number, SSCC or parcel id names."""
        with self._uow() as uow:
            return [self._view(uow, parcel) for parcel in uow.parcels.find(scanned)]

    def packers_may_reprint(self) -> bool:
        with self._uow() as uow:
            return setting_is_true(uow.site_settings.get(PACKERS_MAY_REPRINT))

    def allow_packers_to_reprint(self, session: Session, allowed: bool) -> None:
        """Supervisors: the site setting that lets packers reprint labels (default: no)."""
        if not session.role.can_supervise:
            raise NotAllowed(Message("Only a supervisor can change who may reprint labels."))
        with self._uow() as uow:
            now = self._clock.now()
            uow.site_settings.put(PACKERS_MAY_REPRINT, "true" if allowed else "false", now)
            self._audit(uow, session, "site_setting", None, f"{PACKERS_MAY_REPRINT}={allowed}")
            uow.commit()

    def reprint(
        self, session: Session, scanned: str, reason: str, printer: str | None = None
    ) -> tuple[int, str]:
        """Queue the label of the parcel ``scanned`` names again, on ``printer`` (None: the
        printer its label went to last, e.g. from an office PC). Returns the new job's id and
        its printer. Refused without a reason, for a packer unless the site allows it, for a
        voided label, and for an order with several parcels (scan the parcel's label)."""
        why = clean_reason(reason)
        with self._uow() as uow:
            if not session.role.can_supervise and not setting_is_true(
                uow.site_settings.get(PACKERS_MAY_REPRINT)
            ):
                raise NotAllowed(Message("Only a supervisor can print a label again at this site."))
            parcel = self._one(uow, scanned)
            if parcel.voided:
                raise DomainError(
                    Message(
                        "The label {tracking} was voided ({reason}): it is never printed again.",
                        tracking=parcel.tracking_number,
                        reason=parcel.void_reason,
                    )
                )
            if printer is None:
                earlier = uow.print_jobs.for_parcel(parcel.id)
                if not earlier:
                    raise DomainError(
                        Message(
                            "The label {tracking} was never queued for a printer: print it "
                            "again from a station.",
                            tracking=parcel.tracking_number,
                        )
                    )
                printer = earlier[-1].printer
            now = self._clock.now()
            job = uow.print_jobs.add(
                uuid.uuid4().hex,
                parcel.id,
                PrintJobKind.REPRINT.value,
                printer,
                now,
                station_id=session.station_id,
                reason=why,
            )
            detail = f"{parcel.tracking_number}: {why}"
            self._audit(uow, session, "label_reprinted", parcel.id, detail)
            uow.commit()
            return job.id, printer

    def void(
        self, session: Session, scanned: str, reason: str, *, loaded_confirmed: bool = False
    ) -> VoidReport:
        """Supervisors: void a parcel's label. Its tracking number and SSCC are never used
        again (the parcel row keeps them); its waiting jobs are cancelled. Audited.

        A parcel loaded at the dock is refused with ``LoadedLabel`` (audited) saying where it
        is, until the void is confirmed (``loaded_confirmed``): then the report's ``warning``
        says to take it off the cage (or, its manifest closed, to tell the carrier)."""
        if not session.role.can_supervise:
            raise NotAllowed(Message("Only a supervisor can void a label."))
        why = clean_reason(reason, VOIDING)
        warning = None
        with self._uow() as uow:
            parcel = self._one(uow, scanned)
            now = self._clock.now()
            loaded = None if parcel.voided else uow.parcels.loaded_on(parcel.id)
            if loaded is not None:
                cage = f"{loaded.carrier} {loaded.group}".strip()
                closed = loaded.closed_at is not None
                if not loaded_confirmed:
                    question = loaded_void_question(
                        parcel.tracking_number,
                        cage,
                        loaded.manifest_id,
                        f"{loaded.pickup_at:%a %H:%M}",
                        None if loaded.closed_at is None else f"{loaded.closed_at:%a %H:%M}",
                    )
                    detail = f"{parcel.tracking_number}: loaded, not confirmed ({why})"
                    self._audit(uow, session, "label_void_refused", parcel.id, detail)
                    uow.commit()
                    raise LoadedLabel(question)
                warning = loaded_void_warning(
                    parcel.tracking_number, cage, loaded.manifest_id, closed
                )
            if not uow.parcels.void(parcel.id, now, why):
                raise DomainError(
                    Message(
                        "The label {tracking} is already void ({reason}).",
                        tracking=parcel.tracking_number,
                        reason=parcel.void_reason,
                    )
                )
            cancelled = uow.print_jobs.cancel_waiting(
                parcel.id, now, f"Label voided: {why}", _VOIDABLE
            )
            detail = f"{parcel.tracking_number}: {why}"
            if loaded is not None:
                detail += f" (loaded on manifest {loaded.manifest_id}: {warning})"
            self._audit(uow, session, "label_voided", parcel.id, detail)
            uow.commit()
        return VoidReport(
            parcel.id,
            parcel.tracking_number,
            parcel.sscc,
            cancelled,
            Message(
                "Label {tracking} is void: destroy it. Its tracking number and SSCC {sscc} "
                "will never be used again.",
                tracking=parcel.tracking_number,
                sscc=parcel.sscc,
            )
            if parcel.sscc
            else Message(
                "Label {tracking} is void: destroy it. Its tracking number will never be used "
                "again.",
                tracking=parcel.tracking_number,
            ),
            warning,
        )

    def answer(self, session: Session, job_id: int, came_out: bool) -> Answer:
        """See ``LabelService.answer_uncertain``."""
        with self._uow() as uow:
            job = uow.print_jobs.get(job_id)
            if job is None:
                raise NotFound(Message("Print job {job} does not exist.", job=job_id))
            parcel = uow.parcels.get(job.parcel_id)
            assert parcel is not None
            if job.state != _UNCERTAIN:
                raise DomainError(
                    Message(
                        "Label {tracking} has no open question.", tracking=parcel.tracking_number
                    )
                )
            now = self._clock.now()
            who = f"answered by {session.user_name}"
            if came_out:
                uow.print_jobs.change_state(
                    job.id, (PrintJobState.UNCERTAIN.value,), PrintJobState.SENT.value, now
                )
                header = uow.orders.header(parcel.order_id)
                if header is not None and header.status is OrderStatus.PACKED:
                    uow.orders.set_status(parcel.order_id, OrderStatus.LABELLED, now)
                detail = f"{parcel.tracking_number}: came out ({who})"
                self._audit(uow, session, "label_confirmed", parcel.id, detail)
                uow.commit()
                printed = Message("Label {tracking} printed.", tracking=parcel.tracking_number)
                return Answer(job.id, True, None, printed)
            again = uow.print_jobs.add(
                uuid.uuid4().hex,
                parcel.id,
                PrintJobKind.REPRINT.value,
                job.printer,
                now,
                station_id=session.station_id,
                reason=INTERRUPTED,
            )
            uow.print_jobs.change_state(
                job.id,
                (PrintJobState.UNCERTAIN.value,),
                PrintJobState.CANCELLED.value,
                now,
                f"Did not come out: job {again.id}.",
            )
            detail = (
                f"{parcel.tracking_number}: {INTERRUPTED} (job {job.id} did not come out, {who})"
            )
            self._audit(uow, session, "label_reprinted", parcel.id, detail)
            uow.commit()
        again_message = Message("Label {tracking} prints again.", tracking=parcel.tracking_number)
        return Answer(job.id, False, again.id, again_message)

    # -- questions and printers (any printer: the supervisor's view) ----------------------

    def uncertain(self, printer: str | None) -> list[UncertainLabel]:
        """The questions to answer about interrupted labels: one printer's (a station), or
        every printer's (None: the supervisor). The supervisor's list also turns jobs a
        stopped station left sending longer than ``STALE_SENDING`` into questions: a station
        that stays down must not hide an interrupted label."""
        if printer is None:
            self._settle_stale_sending()
        with self._uow(read_only=True) as uow:
            return [uncertain_label(job) for job in uow.print_jobs.uncertain(printer)]

    def answer_uncertain(self, session: Session, job_id: int, came_out: bool) -> Answer:
        """``answer``, after turning jobs a stopped station left sending into questions (a job
        stuck sending ``STALE_SENDING`` long counts as uncertain)."""
        self._settle_stale_sending()
        return self.answer(session, job_id, came_out)

    def _settle_stale_sending(self) -> int:
        with self._uow() as uow:
            now = self._clock.now()
            stale = uow.print_jobs.stuck_sending(None, before=now - STALE_SENDING)
            for job in stale:
                if uow.print_jobs.change_state(
                    job.id, (_SENDING,), _UNCERTAIN, now, "Interrupted while sending."
                ):
                    uow.audit.record(
                        at=now,
                        user_id=None,
                        station_id=None,
                        action="print_uncertain",
                        entity="print_job",
                        entity_id=job.id,
                        detail="station stopped",
                    )
            uow.commit()
            return len(stale)

    def move_jobs(
        self, session: Session, from_printer: str, to_printer: str, own: str | None = None
    ) -> int:
        """Supervisors: send a printer's waiting jobs (queued, or failed before any byte left)
        to another printer. Sent, sending, uncertain and cancelled jobs never move. Refused
        (and audited) for a printer no running station serves (``move_targets``; ``own``: the
        printer of the station asking, which serves it): the labels would never print."""
        if not session.role.can_supervise:
            raise NotAllowed(Message("Only a supervisor can move print jobs to another printer."))
        served = dict(self.move_targets())
        if own:
            served.setdefault(own, True)
        if to_printer not in served or to_printer == from_printer:
            with self._uow() as uow:
                detail = f"to {to_printer!r} refused: no running station prints there"
                self._audit(uow, session, "move_print_jobs_refused", None, detail)
                uow.commit()
            raise DomainError(
                Message(
                    "No running station prints to {printer}: labels moved there would never "
                    "print. Choose a printer of a station that is online or printed lately.",
                    printer=repr(to_printer),
                )
            )
        with self._uow() as uow:
            moved = uow.print_jobs.move(from_printer, to_printer, self._clock.now())
            detail = f"{moved} job(s) from {from_printer} to {to_printer}"
            self._audit(uow, session, "move_print_jobs", None, detail)
            uow.commit()
            return moved

    def move_targets(self) -> list[tuple[str, bool]]:
        """Printers waiting labels may move to, by name: those of stations online now (True:
        live) or that printed in the last ``SERVED_RECENTLY`` (False)."""
        now = self._clock.now()
        with self._uow(read_only=True) as uow:
            served = uow.print_jobs.served_printers(now - OFFLINE_AFTER, now - SERVED_RECENTLY)
        return sorted(served.items())

    def printers(self) -> list[tuple[str, int]]:
        """Printers known to the queue with their waiting jobs, by name."""
        with self._uow(read_only=True) as uow:
            return sorted(uow.print_jobs.printers())

    def _one(self, uow: UnitOfWork, scanned: str) -> ParcelRecord:
        found = list(uow.parcels.find(scanned))
        if not found:
            raise NotFound(
                Message(
                    "No parcel found for {scanned}: scan the label, or type the order reference "
                    "or tracking number.",
                    scanned=repr(scanned.strip()),
                )
            )
        if len(found) > 1:
            raise DomainError(
                Message(
                    "Order {order} has {count} parcels: scan the label of the one you mean.",
                    order=scanned.strip(),
                    count=len(found),
                )
            )
        return found[0]

    @staticmethod
    def _view(uow: UnitOfWork, parcel: ParcelRecord) -> ParcelLabel:
        header = uow.orders.header(parcel.order_id)
        return ParcelLabel(
            parcel.id,
            parcel.order_id,
            header.reference if header is not None else "?",
            parcel.seq,
            parcel.tracking_number,
            parcel.sscc,
            parcel.voided_at,
            parcel.void_reason,
        )

    def _audit(
        self,
        uow: UnitOfWork,
        session: Session,
        action: str,
        parcel_id: int | None,
        detail: str,
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action=action,
            entity="parcel" if parcel_id is not None else "site",
            entity_id=parcel_id,
            detail=detail,
        )
