"""Return labels: made after a parcel's outbound label printed (for the carriers set up for
returns), or on demand from the console; each linked to its parcel (``return_labels``), with
its own tracking number from the carrier's return range, printed through the print queue
(a ``return_label`` job at the printer that printed the parcel's label).

A parcel has one return label: asking again prints the same number again. Every label made,
and every one that could not be (no return range, range used up), is audited.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime
from typing import Protocol

from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.labels import LabelContent
from app.domain.printing import PrintJobKind
from app.domain.returns import ReturnSetup, return_label, return_range
from app.domain.text import reason as clean_reason
from app.domain.tracking import format_s10
from app.services.ports import Clock, ParcelRecord, UnitOfWork
from app.services.results import Session

log = logging.getLogger(__name__)


class ReturnLabelRecords(Protocol):
    def number(self, parcel_id: int) -> str | None:
        """The parcel's return tracking number; None before its return label is made."""
        ...

    def add(self, parcel_id: int, tracking_number: str, carrier: str, at: datetime) -> None: ...


class ReturnsUnitOfWork(UnitOfWork, Protocol):
    @property
    def returns(self) -> ReturnLabelRecords: ...


class ReturnsUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> ReturnsUnitOfWork: ...


class ReturnLabels:
    def __init__(self, uow: ReturnsUnitOfWorkFactory, clock: Clock, setup: ReturnSetup) -> None:
        self._uow = uow
        self._clock = clock
        self.setup = setup

    def queue_after(self, parcel_id: int, printer: str, station_id: int | None) -> int | None:
        """After the parcel's outbound label printed: queue its return label at the same
        printer, where its carrier is set up for returns. The job's id; None when there is
        none to print, or it could not be made (said in the audit log and the log)."""
        try:
            with self._uow() as uow:
                parcel = uow.parcels.get(parcel_id)
                if parcel is None or parcel.carrier not in self.setup.carriers:
                    return None
                if uow.returns.number(parcel_id) is not None:
                    return None  # made already (on demand, before the label printed)
                job = self._queue(uow, parcel, printer, station_id, None, None)
                uow.commit()
                return job
        except DomainError as problem:
            log.warning("return label of parcel %s not made: %s", parcel_id, problem.message)
            with self._uow() as uow:
                self._audit(uow, None, station_id, "return_label_refused", parcel_id, problem)
                uow.commit()
            return None

    def on_demand(
        self, session: Session, scanned: str, reason: str, printer: str | None = None
    ) -> tuple[int, str]:
        """Supervisors: queue the return label of the parcel ``scanned`` names (its number made
        now, or the one it has) at ``printer`` (the console's station's, or the one the
        supervisor chose; None: the printer that printed its label). (job id, printer)."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can print a return label from the console.")
        why = clean_reason(reason, "printing a return label")
        with self._uow() as uow:
            found = list(uow.parcels.find(scanned))
            if len(found) != 1:
                what = "No parcel" if not found else f"{len(found)} parcels"
                raise NotFound(f"{what} found for {scanned.strip()!r}: scan the parcel's label.")
            parcel = found[0]
            if parcel.voided:
                raise DomainError(
                    f"The label {parcel.tracking_number} was voided: no return label."
                )
            if parcel.carrier not in self.setup.carriers:
                raise DomainError(
                    f"{parcel.carrier} is not set up for returns ([returns] carriers)."
                )
            earlier = uow.print_jobs.for_parcel(parcel.id)
            if not earlier:
                raise DomainError(
                    f"The label {parcel.tracking_number} was never queued for a printer: print "
                    "it first."
                )
            printer = printer or earlier[-1].printer
            job = self._queue(uow, parcel, printer, session.station_id, session.user_id, why)
            uow.commit()
        return job, printer

    def content(self, parcel_id: int) -> LabelContent:
        """The return label of a parcel whose return label was made."""
        with self._uow(read_only=True) as uow:
            number = uow.returns.number(parcel_id)
            record = uow.print_jobs.label_record(parcel_id)
        if number is None or record is None:
            raise DomainError(f"Parcel {parcel_id} has no return label.")
        return return_label(self.setup, record.ship_to, record.reference, record.carrier, number)

    def _queue(
        self,
        uow: ReturnsUnitOfWork,
        parcel: ParcelRecord,
        printer: str,
        station_id: int | None,
        user_id: int | None,
        reason: str | None,
    ) -> int:
        now = self._clock.now()
        number = uow.returns.number(parcel.id)
        if number is None:
            name = return_range(parcel.carrier)
            allocated = uow.tracking.allocate(name)
            if allocated is None:
                raise DomainError(
                    f"No return number for {parcel.carrier}: the range {name} is missing or used "
                    "up. An admin adds one (packbench ranges, or the console's admin panel)."
                )
            number = format_s10(*allocated)
            uow.returns.add(parcel.id, number, parcel.carrier, now)
        job = uow.print_jobs.add(
            uuid.uuid4().hex,
            parcel.id,
            PrintJobKind.RETURN_LABEL.value,
            printer,
            now,
            station_id=station_id,
            reason=reason,
        )
        detail = f"{number} for {parcel.tracking_number} at {printer}"
        self._audit(uow, user_id, station_id, "return_label", parcel.id, detail)
        return job.id

    def _audit(
        self,
        uow: UnitOfWork,
        user_id: int | None,
        station_id: int | None,
        action: str,
        parcel_id: int,
        detail: object,
    ) -> None:
        text = detail.message if isinstance(detail, DomainError) else str(detail)
        uow.audit.record(
            at=self._clock.now(),
            user_id=user_id,
            station_id=station_id,
            action=action,
            entity="parcel",
            entity_id=parcel_id,
            detail=text[:2000],
        )
