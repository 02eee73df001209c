"""Printing a parcel's label: the job is in the database before anything reaches the printer,
and a job that was sent is never sent again by accident."""

from __future__ import annotations

from typing import Any

from app.domain.errors import NotFound, PrinterProblem
from app.domain.labels import Address, LabelContent
from app.domain.model import OrderStatus, PrintJobState
from app.services.ports import Clock, LabelPrinter, UnitOfWorkFactory
from app.services.views import PrintReport, Session


def label_for(order: dict[str, Any], tracking_number: str, sender: Address) -> LabelContent:
    """The label content of an order's parcel, from the order's row."""
    return LabelContent(
        ship_to=Address(
            name=order["ship_to_name"],
            line1=order["ship_to_line1"],
            line2=order["ship_to_line2"],
            postcode=order["ship_to_postcode"],
            city=order["ship_to_city"],
            country=order["ship_to_country"],
        ),
        sender=sender,
        order_reference=order["reference"],
        carrier=order["carrier"],
        service=order["service"],
        tracking_number=tracking_number,
    )


class LabelService:
    """Sends queued label jobs to the station's printer; runs on a worker, never the GUI."""

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

    def print_job(self, session: Session, job_id: int) -> PrintReport:
        """Send one label job. A job already sent is reported, not printed again. A printer
        problem leaves the job failed with its error, to be sent again later."""
        with self._uow() as uow:
            job = uow.print_jobs.get(job_id)
            if job is None:
                raise NotFound(f"Print job {job_id} does not exist.")
            parcel = uow.parcels.get(job.parcel_id)
            assert parcel is not None
            if job.state == PrintJobState.SENT:
                return PrintReport(
                    job.id, job.state, parcel.tracking_number, self.printer.name, None
                )
            label = label_for(
                uow.orders.label_data(parcel.order_id), parcel.tracking_number, self._sender
            )
            uow.print_jobs.mark(job.id, PrintJobState.SENDING, self._clock.now())
            uow.commit()
        try:
            outcome = self.printer.print_label(label, job.job_uid)
        except PrinterProblem as exc:
            with self._uow() as uow:
                now = self._clock.now()
                uow.print_jobs.mark(job.id, PrintJobState.FAILED, now, error=exc.message[:500])
                uow.audit.record(
                    at=now,
                    user_id=session.user_id,
                    station_id=session.station_id,
                    action="print_failed",
                    entity="print_job",
                    entity_id=job.id,
                    detail=exc.message,
                )
                uow.commit()
            return PrintReport(
                job.id,
                PrintJobState.FAILED,
                parcel.tracking_number,
                self.printer.name,
                None,
                error=exc.message,
            )
        with self._uow() as uow:
            now = self._clock.now()
            uow.print_jobs.mark(job.id, PrintJobState.SENT, now)
            header = uow.orders.header(parcel.order_id)
            if header is not None and header.status is OrderStatus.PACKED:
                uow.orders.set_status(parcel.order_id, OrderStatus.LABELLED, now)
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="label_printed",
                entity="parcel",
                entity_id=parcel.id,
                detail=f"{parcel.tracking_number} to {outcome.destination}",
            )
            uow.commit()
        return PrintReport(
            job.id,
            PrintJobState.SENT,
            parcel.tracking_number,
            outcome.destination,
            outcome.preview_path,
        )
