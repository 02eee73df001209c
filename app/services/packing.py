"""The packer's use cases: sign in, claim an order, verify it scan by scan, complete it.

Each public method is one transaction through a fresh unit of work and returns plain result
objects (``app.services.results``). Rules that refuse an action raise a ``DomainError`` whose
message is written for the packer; nothing is written when one is raised.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import date

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import (
    DomainError,
    InvalidBarcode,
    NotAllowed,
    NotFound,
    OrderIncomplete,
    OrderUnavailable,
    TrackingRangeExhausted,
)
from app.domain.model import Order, OrderStatus, ScanOutcome
from app.domain.sscc import make_sscc
from app.domain.tracking import format_s10
from app.services.ports import (
    Clock,
    CredentialHasher,
    NewScanEvent,
    OrderHeader,
    ProductCode,
    ScanEventRecord,
    StationRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.results import Completion, OrderView, ScanResult, Session

log = logging.getLogger(__name__)

_NOT_WORKABLE = {
    OrderStatus.RECEIVED: "is not picked yet",
    OrderStatus.PACKED: "is already packed",
    OrderStatus.LABELLED: "is already packed and labelled",
    OrderStatus.HANDED_OVER: "was already handed to the carrier",
    OrderStatus.DELIVERED: "was already delivered",
}


@dataclass(frozen=True)
class _Verdict:
    """The outcome of one scan with everything stored on its scan event."""

    outcome: ScanOutcome
    message: str
    line_id: int | None = None
    units: int = 0
    product_id: int | None = None
    symbology: str | None = None
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None


@dataclass(frozen=True)
class SignIn:
    session: Session
    open_order: OrderView | None


class PackingService:
    """Use cases of one station. Thread-safe as far as each call opens its own unit of work;
    the UI runs them one at a time on its database worker to keep scans in order."""

    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        hasher: CredentialHasher,
        codes: InterpreterConfig | None = None,
        packing_slips: bool = False,
    ) -> None:
        self._uow = uow_factory
        self._packing_slips = packing_slips
        self._clock = clock
        self._hasher = hasher
        self._codes = codes or InterpreterConfig()

    # -- station and sign-in ---------------------------------------------------------------

    def register_station(self, name: str) -> StationRecord:
        """Find or create this station's record; called once at start."""
        with self._uow() as uow:
            station = uow.stations.get_or_create(name, self._clock.now())
            uow.stations.touch(station.id, self._clock.now())
            uow.commit()
            return station

    def sign_in(self, station: StationRecord, badge_code: str, pin: str | None = None) -> SignIn:
        """Sign a packer in by badge (and PIN where the user has one). If the station still
        holds an order (a crash, a sign-out mid-order) it is handed back to continue."""
        code = interpret(badge_code, self._codes)
        if code.kind is not CodeKind.BADGE:
            raise InvalidBarcode("That is not a badge. Scan your badge to sign in.")
        with self._uow() as uow:
            user = uow.users.by_badge_hash(self._hasher.badge_digest(code.value))
            if user is None or not user.active:
                raise NotFound("Badge not recognised. Ask a supervisor.")
            if user.pin_hash is not None and (
                pin is None or not self._hasher.verify_pin(user.pin_hash, pin)
            ):
                raise NotAllowed("PIN required or wrong PIN.")
            now = self._clock.now()
            uow.stations.touch(station.id, now)
            uow.audit.record(
                at=now,
                user_id=user.id,
                station_id=station.id,
                action="sign_in",
                entity="user",
                entity_id=user.id,
            )
            held = uow.orders.claimed_by(station.id)
            view = self._view(uow, held) if held is not None else None
            uow.commit()
        session = Session(station.id, station.name, user.id, user.name, user.role)
        return SignIn(session, view)

    def sign_out(self, session: Session) -> None:
        with self._uow() as uow:
            uow.audit.record(
                at=self._clock.now(),
                user_id=session.user_id,
                station_id=session.station_id,
                action="sign_out",
                entity="user",
                entity_id=session.user_id,
            )
            uow.commit()

    # -- claiming ------------------------------------------------------------------------

    def open_order(self, session: Session, scanned: str) -> OrderView:
        """Claim the order whose slip or tote was scanned (or resume it at this station)."""
        code = interpret(scanned, self._codes)
        with self._uow() as uow:
            if code.kind is CodeKind.ORDER_SLIP:
                header = uow.orders.header_by_slip(code.value)
                if header is None:
                    raise NotFound(f"Order slip {code.value} is not known.")
            elif code.kind is CodeKind.TOTE:
                header = uow.orders.header_by_tote(code.value)
                if header is None:
                    if uow.orders.tote_exists(code.value):
                        raise NotFound(f"Tote {code.value} has no order in it.")
                    raise NotFound(f"Tote {code.value} is not known.")
            else:
                raise InvalidBarcode("Scan an order slip or a tote to start an order.")
            if (
                header.status is OrderStatus.PACKING
                and header.claimed_by_station_id == session.station_id
            ):
                return self._view(uow, header.id)
            self._refuse_if_busy(uow, session)
            self._check_claimable(uow, header)
            now = self._clock.now()
            if not uow.orders.claim(header.id, session.station_id, session.user_id, now):
                raise OrderUnavailable(
                    f"Order {header.reference} was just taken by another station."
                )
            self._audit_claim(uow, session, header.id, "scanned")
            view = self._view(uow, header.id)
            uow.commit()
            return view

    def claim_next_order(self, session: Session) -> OrderView | None:
        """Claim the first ready order: priority, then cut-off, then age. None: queue empty."""
        with self._uow() as uow:
            held = uow.orders.claimed_by(session.station_id)
            if held is not None:
                return self._view(uow, held)
            order_id = uow.orders.claim_next(session.station_id, session.user_id, self._clock.now())
            if order_id is None:
                return None
            self._audit_claim(uow, session, order_id, "next in queue")
            view = self._view(uow, order_id)
            uow.commit()
            return view

    def release_claim(self, session: Session, order_id: int, reason: str) -> None:
        """Give an order held by a station back to the queue (a station that died).
        Supervisors only, with a reason."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can release an order held by a station.")
        reason = reason.strip()
        if not reason:
            raise DomainError("Give a reason for releasing the order.")
        with self._uow() as uow:
            header = uow.orders.header(order_id)
            if header is None:
                raise NotFound(f"Order {order_id} does not exist.")
            if header.status is not OrderStatus.PACKING:
                raise OrderUnavailable(f"Order {header.reference} is not held by any station.")
            now = self._clock.now()
            uow.orders.release(order_id, now)
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="release_claim",
                entity="order",
                entity_id=order_id,
                detail=f"from station {header.claimed_by_station_id}: {reason}",
            )
            uow.commit()

    def release_claim_by_code(self, session: Session, scanned: str, reason: str) -> str:
        """Release the claim on the order whose slip or tote was scanned; returns its
        reference. Supervisors only, with a reason."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can release an order held by a station.")
        code = interpret(scanned, self._codes)
        with self._uow() as uow:
            if code.kind is CodeKind.ORDER_SLIP:
                header = uow.orders.header_by_slip(code.value)
            elif code.kind is CodeKind.TOTE:
                header = uow.orders.header_by_tote(code.value)
            else:
                raise InvalidBarcode("Scan the order slip or tote of the order to release.")
        if header is None:
            raise NotFound(f"No order for {code.value}.")
        self.release_claim(session, header.id, reason)
        return header.reference

    def hold_order(self, session: Session, order_id: int, reason: str) -> None:
        """Put the order on hold (missing, damaged or wrong unit): it leaves the station and
        waits for a supervisor."""
        reason = reason.strip()
        if not reason:
            raise DomainError("Give a reason for the hold.")
        with self._uow() as uow:
            order = self._workable(uow, session, order_id)
            now = self._clock.now()
            uow.orders.set_status(order.id, OrderStatus.ON_HOLD, now, hold_reason=reason[:200])
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="hold",
                entity="order",
                entity_id=order.id,
                detail=reason,
            )
            uow.commit()

    # -- verifying -----------------------------------------------------------------------

    def record_scan(self, session: Session, order_id: int, scan_uid: str, raw: str) -> ScanResult:
        """Verify one scanned unit against the open order and store the scan event with its
        outcome, in one transaction. A scan already stored under ``scan_uid`` (a retry) is
        returned as it was and never counted twice."""
        with self._uow() as uow:
            earlier = uow.scans.by_uid(scan_uid)
            if earlier is not None:
                return self._result(uow, earlier, repeated=True)
            order = self._workable(uow, session, order_id)
            verdict = self._decide(uow, order, raw)
            if verdict.outcome is ScanOutcome.ACCEPTED and verdict.line_id is not None:
                uow.orders.add_verified(verdict.line_id, verdict.units)
            event = uow.scans.add(
                NewScanEvent(
                    scan_uid=scan_uid,
                    station_id=session.station_id,
                    user_id=session.user_id,
                    order_id=order.id,
                    line_id=verdict.line_id,
                    raw_code=raw,
                    outcome=verdict.outcome,
                    units=verdict.units,
                    message=verdict.message,
                    at=self._clock.now(),
                    product_id=verdict.product_id,
                    symbology=verdict.symbology,
                    lot=verdict.lot,
                    expiry=verdict.expiry,
                    serial=verdict.serial,
                )
            )
            result = self._result(uow, event)
            uow.commit()
        if verdict.outcome.is_error:
            log.info(
                "station %s order %s scan %r: %s (%s)",
                session.station_name,
                order.reference,
                raw[:80],
                verdict.outcome.value,
                verdict.message,
            )
        return result

    def undo_last_scan(self, session: Session, order_id: int, scan_uid: str) -> ScanResult:
        """Take back the last accepted scan of the order (the unit goes back to the tote)."""
        with self._uow() as uow:
            earlier = uow.scans.by_uid(scan_uid)
            if earlier is not None:
                return self._result(uow, earlier, repeated=True)
            order = self._workable(uow, session, order_id)
            last = uow.scans.last_undoable(order.id)
            if last is None or last.line_id is None:
                raise DomainError("Nothing to undo: no unit of this order has been scanned.")
            uow.orders.add_verified(last.line_id, -last.units)
            line = order.apply(last.line_id, -last.units)
            message = f"Undone: {line.name} is back to {line.verified} of {line.quantity}."
            now = self._clock.now()
            event = uow.scans.add(
                NewScanEvent(
                    scan_uid=scan_uid,
                    station_id=session.station_id,
                    user_id=session.user_id,
                    order_id=order.id,
                    line_id=last.line_id,
                    raw_code="",
                    outcome=ScanOutcome.UNDO,
                    units=-last.units,
                    message=message,
                    at=now,
                    undoes_scan_id=last.id,
                )
            )
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="undo_scan",
                entity="order",
                entity_id=order.id,
                detail=f"scan {last.id}",
            )
            result = self._result(uow, event)
            uow.commit()
            return result

    # -- completing ----------------------------------------------------------------------

    def complete_order(self, session: Session, order_id: int, printer_name: str) -> Completion:
        """Close the order's parcel: assign a tracking number from the carrier's range, queue
        its label and mark the order packed. Allowed only when every unit is verified. Asking
        again for an order already completed returns the same parcel: never a second one."""
        with self._uow() as uow:
            header = uow.orders.header(order_id)
            if header is None:
                raise NotFound(f"Order {order_id} does not exist.")
            parcels = uow.parcels.for_order(order_id)
            if header.status in (OrderStatus.PACKED, OrderStatus.LABELLED) and parcels:
                jobs = uow.print_jobs.for_parcel(parcels[0].id)
                return Completion(
                    order=self._view(uow, order_id),
                    parcel_id=parcels[0].id,
                    tracking_number=parcels[0].tracking_number,
                    print_job_id=jobs[0].id,
                    destination=self._destination(header),
                )
            order = self._workable(uow, session, order_id)
            if not order.fully_verified:
                missing = [
                    f"{line.remaining} x {line.sku}" for line in order.lines if line.remaining
                ]
                raise OrderIncomplete(
                    f"{order.units_expected - order.units_verified} unit(s) still to scan: "
                    + ", ".join(missing)
                )
            tracking_number = uow.orders.upstream_tracking(order.id) or self._new_tracking(
                uow, header.carrier
            )
            sscc = self._new_sscc(uow)
            now = self._clock.now()
            parcel = uow.parcels.add(order.id, 1, tracking_number, header.carrier, now, sscc)
            job = uow.print_jobs.add(
                uuid.uuid4().hex,
                parcel.id,
                "label",
                printer_name,
                now,
                station_id=session.station_id,
            )
            if self._packing_slips:
                # Queued after the label: the print worker sends it with the next poll.
                uow.print_jobs.add(
                    uuid.uuid4().hex,
                    parcel.id,
                    "packing_slip",
                    printer_name,
                    now,
                    station_id=session.station_id,
                )
            uow.orders.set_status(order.id, OrderStatus.PACKED, now)
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="complete",
                entity="order",
                entity_id=order.id,
                detail=f"parcel {parcel.id} tracking {tracking_number}",
            )
            completion = Completion(
                order=self._view(uow, order.id),
                parcel_id=parcel.id,
                tracking_number=tracking_number,
                print_job_id=job.id,
                destination=self._destination(header),
            )
            uow.commit()
            return completion

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _new_tracking(uow: UnitOfWork, carrier: str) -> str:
        allocated = uow.tracking.allocate(carrier)
        if allocated is None:
            raise TrackingRangeExhausted(
                f"No tracking numbers left for carrier {carrier}. Nothing was "
                "labelled; ask a supervisor to add a tracking range."
            )
        service_indicator, serial, country = allocated
        return format_s10(service_indicator, serial, country)

    @staticmethod
    def _new_sscc(uow: UnitOfWork) -> str | None:
        """The parcel's SSCC where the site has an SSCC range; a used-up range stops
        labelling before any number could be reused."""
        if not uow.tracking.has_sscc_range():
            return None
        allocated = uow.tracking.allocate_sscc()
        if allocated is None:
            raise TrackingRangeExhausted(
                "No SSCC numbers left in the site's range. Nothing was labelled; ask a "
                "supervisor to add an SSCC range."
            )
        extension, company_prefix, serial = allocated
        return make_sscc(extension, company_prefix, serial)

    def _decide(self, uow: UnitOfWork, order: Order, raw: str) -> _Verdict:
        try:
            code = interpret(raw, self._codes)
        except InvalidBarcode as exc:
            return _Verdict(ScanOutcome.INVALID_BARCODE, exc.message)
        pending = uow.scans.last_for_order(order.id)
        if pending is not None and pending.outcome is not ScanOutcome.DATA_NEEDED:
            pending = None
        if code.kind is not CodeKind.PRODUCT:
            what = code.kind.value.replace("_", " ")
            if code.kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
                message = (
                    f"That is an {what} ({code.value}), not a product. Finish order "
                    f"{order.reference} or hold it first."
                )
            else:
                message = f"That is a {what} ({code.value}), not a product."
            return _Verdict(ScanOutcome.NOT_AN_ITEM, message, symbology=code.symbology)
        product = uow.products.by_code(code.value)
        if product is None and code.alternative_value:
            product = uow.products.by_code(code.alternative_value)
        if product is None and pending is not None:
            return self._fill_pending(uow, order, pending, code.value)
        if product is None:
            return _Verdict(
                ScanOutcome.UNKNOWN_BARCODE,
                f"Unknown barcode {raw.strip()[:40]}: no product has it.",
                symbology=code.symbology,
            )
        decision = order.decide_item_scan(
            product.product_id, product.units, f"{product.name} ({product.sku})"
        )
        if decision.outcome is not ScanOutcome.ACCEPTED:
            return _Verdict(
                decision.outcome,
                decision.message,
                product_id=product.product_id,
                symbology=code.symbology,
            )
        return self._check_unit_data(
            uow,
            _Verdict(
                ScanOutcome.ACCEPTED,
                decision.message,
                line_id=decision.line_id,
                units=decision.units,
                product_id=product.product_id,
                symbology=code.symbology,
                lot=code.lot,
                expiry=code.expiry,
                serial=code.serial,
            ),
            product,
        )

    def _fill_pending(
        self, uow: UnitOfWork, order: Order, pending: ScanEventRecord, value: str
    ) -> _Verdict:
        """The scan after "data needed" is the lot or serial number that was asked for."""
        assert pending.product_id is not None
        product = uow.products.by_id(pending.product_id)
        assert product is not None
        if len(value) > 20 or not value.isprintable():
            return _Verdict(
                ScanOutcome.INVALID_BARCODE,
                f"{value[:24]!r} cannot be a lot or serial number (at most 20 characters).",
            )
        lot, serial = pending.lot, pending.serial
        if product.requires_lot and not lot:
            lot = value
        else:
            serial = value
        decision = order.decide_item_scan(product.product_id, 1, f"{product.name} ({product.sku})")
        if decision.outcome is not ScanOutcome.ACCEPTED:
            return _Verdict(decision.outcome, decision.message, product_id=product.product_id)
        return self._check_unit_data(
            uow,
            _Verdict(
                ScanOutcome.ACCEPTED,
                decision.message,
                line_id=decision.line_id,
                units=1,
                product_id=product.product_id,
                lot=lot,
                expiry=pending.expiry,
                serial=serial,
            ),
            product,
        )

    def _check_unit_data(
        self, uow: UnitOfWork, verdict: _Verdict, product: ProductCode
    ) -> _Verdict:
        """Expiry, and the lot and serial numbers a product requires (GS1 AIs 17, 10, 21)."""
        name = f"{product.name} ({product.sku})"
        if verdict.expiry is not None and verdict.expiry < self._clock.now().date():
            lot = f"Lot {verdict.lot} of " if verdict.lot else ""
            return replace(
                verdict,
                outcome=ScanOutcome.EXPIRED,
                message=f"{lot}{name} expired on {verdict.expiry.isoformat()}. Put it aside.",
                line_id=None,
                units=0,
            )
        missing = []
        if product.requires_lot and not verdict.lot:
            missing.append("lot number")
        if product.requires_serial and not verdict.serial:
            missing.append("serial number")
        if missing or (product.requires_serial and verdict.units > 1):
            what = " and ".join(missing) or "serial number of each unit"
            return replace(
                verdict,
                outcome=ScanOutcome.DATA_NEEDED,
                message=f"Scan the {what} of {name}.",
                units=0,
            )
        if verdict.serial and uow.scans.serial_packed(product.product_id, verdict.serial):
            return replace(
                verdict,
                outcome=ScanOutcome.DUPLICATE_SERIAL,
                message=f"Serial {verdict.serial} of {name} was already packed. Scan another unit.",
                line_id=None,
                units=0,
            )
        return verdict

    def _workable(self, uow: UnitOfWork, session: Session, order_id: int) -> Order:
        order = uow.orders.get(order_id)
        if order is None:
            raise NotFound(f"Order {order_id} does not exist.")
        order.check_workable_by(session.station_id)
        return order

    def _check_claimable(self, uow: UnitOfWork, header: OrderHeader) -> None:
        if header.status is OrderStatus.READY:
            return
        if header.status is OrderStatus.PACKING:
            station = (
                uow.stations.by_id(header.claimed_by_station_id)
                if header.claimed_by_station_id is not None
                else None
            )
            where = station.name if station else "another station"
            raise OrderUnavailable(f"Order {header.reference} is being packed at {where}.")
        if header.status is OrderStatus.CANCELLED:
            raise OrderUnavailable(f"Order {header.reference} was cancelled. Do not ship it.")
        if header.status is OrderStatus.ON_HOLD:
            reason = f": {header.hold_reason}" if header.hold_reason else ""
            raise OrderUnavailable(f"Order {header.reference} is on hold{reason}.")
        raise OrderUnavailable(f"Order {header.reference} {_NOT_WORKABLE[header.status]}.")

    def _refuse_if_busy(self, uow: UnitOfWork, session: Session) -> None:
        held = uow.orders.claimed_by(session.station_id)
        if held is not None:
            header = uow.orders.header(held)
            reference = header.reference if header else str(held)
            raise OrderUnavailable(
                f"This station is still packing order {reference}. Complete it or hold it first."
            )

    def _audit_claim(self, uow: UnitOfWork, session: Session, order_id: int, how: str) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action="claim",
            entity="order",
            entity_id=order_id,
            detail=how,
        )

    def _view(self, uow: UnitOfWork, order_id: int) -> OrderView:
        order = uow.orders.get(order_id)
        header = uow.orders.header(order_id)
        assert order is not None and header is not None
        return OrderView.of(order, header.carrier, header.service)

    def _result(
        self, uow: UnitOfWork, event: ScanEventRecord, repeated: bool = False
    ) -> ScanResult:
        assert event.order_id is not None
        return ScanResult(
            scan_uid=event.scan_uid,
            outcome=event.outcome,
            message=event.message,
            order=self._view(uow, event.order_id),
            line_id=event.line_id,
            units=event.units,
            repeated=repeated,
        )

    @staticmethod
    def _destination(header: OrderHeader) -> str:
        return f"cage {header.carrier}"
