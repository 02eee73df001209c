"""Pack-out use cases: weigh and close a parcel, open the next one, complete the order.

An order is packed into one or more parcels. Units scanned go into the open parcel (the scan
repository numbers them); ``close_parcel`` closes it: the weight is checked
(``app.domain.weight_check``), the parcel gets its tracking number, SSCC, weight, content key
and box, and its label (and packing slip) is queued. With ``last`` the order is complete too;
without, the next parcel opens. ``PackingService.complete_order`` and ``new_parcel`` delegate
here.

A weight outside its range is refused: nothing of the parcel is written, the refusal is stored
(a scan event with the outcome ``weight_refused``, so it counts in the error figures, and an
audit entry) and returned with the figures. A supervisor may accept it with a reason (audited).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from app.domain import text
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.message import Message
from app.domain.model import Order, OrderStatus, ScanOutcome, ScanVerdict
from app.domain.weight_check import (
    LEARNED_WINDOW,
    WEIGHT_TOLERANCE_G,
    WEIGHT_TOLERANCE_PCT,
    LearnedRange,
    ParcelItem,
    Tolerance,
    WeightCheck,
    check_weight,
    content_key,
    expected_weight,
    override_reason,
)
from app.services.ports import Clock, NewScanEvent, UnitOfWork, UnitOfWorkFactory
from app.services.results import Completion, OrderView, Session

NewNumber = Callable[[UnitOfWork, str], str]
NewSscc = Callable[[UnitOfWork], "str | None"]


@dataclass(frozen=True)
class WeightRefusal:
    """A parcel not closed: its weight is outside the range. ``check`` has the figures."""

    order: OrderView
    parcel_no: int
    check: WeightCheck

    @property
    def message(self) -> str:
        return self.check.message


@dataclass(frozen=True)
class ParcelClosed:
    """A parcel closed and its label queued; ``completion`` is set when it was the last."""

    order: OrderView
    parcel_id: int
    parcel_no: int
    tracking_number: str
    print_job_id: int
    destination: str
    weight_g: int | None = None
    check: WeightCheck | None = None
    completion: Completion | None = None

    @property
    def next_parcel_no(self) -> int:
        return self.parcel_no + 1


ParcelClosing = ParcelClosed | WeightRefusal


class PackOutService:
    """The pack-out use cases of one station (see the module docstring)."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        new_tracking: NewNumber,
        new_sscc: NewSscc,
        packing_slips: bool = False,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._new_tracking = new_tracking
        self._new_sscc = new_sscc
        self._packing_slips = packing_slips

    def expected_weight(self, order_id: int) -> tuple[int, int | None]:
        """(open parcel's number, its expected weight in grams or None when not known): its
        units and the tare of the box scanned for it."""
        with self._uow(read_only=True) as uow:
            parcel_no = _next_seq(uow, order_id)
            items = uow.pack_out.contents(order_id, parcel_no)
            box = uow.pack_out.box(order_id, parcel_no)
        return parcel_no, expected_weight(items, box.tare_g if box is not None else 0)

    def close_parcel(
        self,
        session: Session,
        order_id: int,
        printer_name: str,
        *,
        last: bool,
        weight_g: int | None = None,
        override: str | None = None,
        box_code: str | None = None,
    ) -> ParcelClosing:
        """Close the open parcel (see the module docstring). ``weight_g``: the scale's stable
        reading (None: no scale at this station); ``override``: a supervisor's reason for
        accepting a weight outside the range. Completing an order already completed returns its
        last parcel again: never a second one."""
        if override is not None:
            if not session.role.can_supervise:
                raise NotAllowed(
                    Message("Only a supervisor can accept a weight outside its range.")
                )
            override = override_reason(override)
        with self._uow() as uow:
            closing = self._close(
                uow, session, order_id, printer_name, last, weight_g, override, box_code
            )
            if isinstance(closing, ParcelClosed):
                uow.commit()
        if isinstance(closing, WeightRefusal):  # nothing of the parcel was written
            self._refused(session, order_id, closing)
        return closing

    def _close(
        self,
        uow: UnitOfWork,
        session: Session,
        order_id: int,
        printer_name: str,
        last: bool,
        weight_g: int | None,
        override: str | None,
        box_code: str | None,
    ) -> ParcelClosing:
        order = uow.orders.get(order_id)
        if order is None:
            raise NotFound(Message("Order {order} does not exist.", order=order_id))
        parcels = uow.parcels.for_order(order_id)
        if last and order.status in (OrderStatus.PACKED, OrderStatus.LABELLED) and parcels:
            return self._again(uow, order, parcels[-1].id)
        seq = max((p.seq for p in parcels), default=0) + 1
        order.check_workable_by(session.station_id)
        before = OrderView.of(order)
        if last:
            order.complete(session.station_id)  # refuses units still to scan
        elif order.fully_verified:
            raise DomainError(
                Message("Every unit is verified: press Complete [F12] to close the last parcel.")
            )
        items: list[ParcelItem] | None = None
        if weight_g is not None or seq > 1 or not last:
            items = list(uow.pack_out.contents(order_id, seq))
            if not items:
                raise DomainError(
                    Message("Parcel {number} is empty: scan its units first.", number=seq)
                )
        check = None
        box = uow.pack_out.box(order_id, seq)  # the box scanned for it, if any
        if box_code is None and box is not None:
            box_code = box.code
        tare = box.tare_g if box is not None and box.code == box_code else 0
        key = content_key(items, box_code) if items is not None else None
        if weight_g is not None:
            check = self._check(uow, weight_g, items or [], key, box_code, tare)
            if not check.accepted and override is None:
                return WeightRefusal(before, seq, check)
        tracking = uow.orders.upstream_tracking(order.id) if seq == 1 else None
        tracking = tracking or self._new_tracking(uow, order.carrier)
        sscc = self._new_sscc(uow)
        now = self._clock.now()
        parcel = uow.parcels.add(order.id, seq, tracking, order.carrier, now, sscc)
        if weight_g is not None or key is not None or box_code is not None:
            uow.pack_out.record(parcel.id, weight_g, key, box_code)
        kinds = ("label", "packing_slip") if self._packing_slips else ("label",)
        jobs = [
            uow.print_jobs.add(
                uuid.uuid4().hex, parcel.id, kind, printer_name, now, station_id=session.station_id
            )
            for kind in kinds  # the slip after the label: the print worker takes it next
        ]
        weighed = "" if weight_g is None else f" weight {weight_g} g"
        if check is not None and not check.accepted:
            detail = f"parcel {seq}: {check.message}; accepted by {session.user_name}: {override}"
            self._audit(uow, session, "weight_override", order.id, detail)
        if last:
            uow.orders.save(order, now)
            detail = f"parcel {parcel.id} tracking {tracking}{weighed}"
            self._audit(uow, session, "complete", order.id, detail)
        else:
            detail = f"parcel {seq} ({parcel.id}) tracking {tracking}{weighed}"
            self._audit(uow, session, "close_parcel", order.id, detail)
        view = OrderView.of(order)
        completion = (
            Completion(view, parcel.id, tracking, jobs[0].id, order.destination) if last else None
        )
        return ParcelClosed(
            view,
            parcel.id,
            seq,
            tracking,
            jobs[0].id,
            order.destination,
            weight_g,
            check,
            completion,
        )

    # -- helpers -------------------------------------------------------------------------

    def _check(
        self,
        uow: UnitOfWork,
        weight_g: int,
        items: list[ParcelItem],
        key: str | None,
        box_code: str | None,
        tare_g: int = 0,
    ) -> WeightCheck:
        tolerance = Tolerance.of(
            uow.site_settings.get(WEIGHT_TOLERANCE_G), uow.site_settings.get(WEIGHT_TOLERANCE_PCT)
        )
        learned = None
        if key is not None:
            learned = LearnedRange.of(uow.pack_out.weights_alike(key, box_code, LEARNED_WINDOW))
        return check_weight(weight_g, expected_weight(items, tare_g), tolerance, learned)

    def _refused(self, session: Session, order_id: int, refusal: WeightRefusal) -> None:
        """Store the refusal (in a transaction of its own: the parcel's was not committed)."""
        check = refusal.check
        with self._uow() as uow:
            now = self._clock.now()
            uow.scans.add(
                NewScanEvent(
                    scan_uid=uuid.uuid4().hex,
                    station_id=session.station_id,
                    user_id=session.user_id,
                    order_id=order_id,
                    raw_code=f"weight {check.weight_g} g",
                    verdict=ScanVerdict(ScanOutcome.WEIGHT_REFUSED, check.message),
                    at=now,
                )
            )
            self._audit(
                uow,
                session,
                "weight_refused",
                order_id,
                f"parcel {refusal.parcel_no}: " + text.storable(check.message, 200),
            )
            uow.commit()

    def _again(self, uow: UnitOfWork, order: Order, parcel_id: int) -> ParcelClosed:
        parcel = uow.parcels.get(parcel_id)
        assert parcel is not None
        job = uow.print_jobs.for_parcel(parcel_id)[0]
        view = OrderView.of(order)
        completion = Completion(view, parcel.id, parcel.tracking_number, job.id, order.destination)
        return ParcelClosed(
            view,
            parcel.id,
            parcel.seq,
            parcel.tracking_number,
            job.id,
            order.destination,
            completion=completion,
        )

    def _audit(
        self, uow: UnitOfWork, session: Session, action: str, order_id: int, detail: str
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action=action,
            entity="order",
            entity_id=order_id,
            detail=detail,
        )


def _next_seq(uow: UnitOfWork, order_id: int) -> int:
    return max((p.seq for p in uow.parcels.for_order(order_id)), default=0) + 1
