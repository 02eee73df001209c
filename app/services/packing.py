"""The packer's use cases: sign in, claim an order, verify it scan by scan, complete it.

Each public method is one transaction through a fresh unit of work and returns plain result
objects (``app.services.results``). Rules that refuse an action raise a ``DomainError`` whose
message is written for the packer; nothing is written when one is raised.
"""

from __future__ import annotations

import logging

from app.domain import text
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import (
    DomainError,
    InvalidBarcode,
    NotAllowed,
    NotFound,
    OrderUnavailable,
    TrackingRangeExhausted,
)
from app.domain.message import Message
from app.domain.model import Order, ScanVerdict
from app.domain.sscc import make_sscc
from app.domain.station import SLIP_OR_TOTE, Entry
from app.domain.tracking import format_s10
from app.services.acknowledgements import Acknowledgements
from app.services.boxes import BoxService
from app.services.pack_out import PackOutService, ParcelClosed
from app.services.ports import (
    Clock,
    CredentialHasher,
    NewScanEvent,
    StationRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.results import Completion, OrderView, ScanResult, Session
from app.services.scan_decision import decide_scan
from app.services.sign_in import SignIn, SignInService

log = logging.getLogger(__name__)


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
        self.sign_ins = SignInService(uow_factory, clock, hasher, self._codes)
        self.acknowledgements = Acknowledgements(uow_factory, clock, hasher, self._codes)
        self.boxes = BoxService(uow_factory, clock, self._codes)
        self.pack_out = PackOutService(
            uow_factory, clock, self._new_tracking, self._new_sscc, packing_slips
        )

    # -- station and sign-in ---------------------------------------------------------------

    def register_station(self, name: str) -> StationRecord:
        """Find or create this station's record; called once at start."""
        name = text.station_name(name)
        with self._uow() as uow:
            station = uow.stations.get_or_create(name, self._clock.now())
            uow.stations.touch(station.id, self._clock.now())
            uow.commit()
            return station

    def sign_in(
        self,
        station: StationRecord,
        badge_code: str,
        pin: str | None = None,
        *,
        replacing: Session | None = None,
    ) -> SignIn:
        """Sign a packer in by badge (and PIN where the user has one), or switch to them from
        ``replacing``: see ``app.services.sign_in``."""
        return self.sign_ins.sign_in(station, badge_code, pin, replacing=replacing)

    def sign_out(self, session: Session, detail: str = "") -> None:
        """``detail``: why, when the packer did not sign out themselves (the idle lock)."""
        with self._uow() as uow:
            self._audit(uow, session, "sign_out", "user", session.user_id, detail)
            uow.commit()

    # -- claiming ------------------------------------------------------------------------

    def open_order(self, session: Session, scanned: str) -> OrderView:
        """Claim the order whose slip or tote was scanned (or resume it at this station)."""
        code = interpret(scanned, self._codes)
        if code.kind not in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            raise InvalidBarcode(SLIP_OR_TOTE)
        with self._uow() as uow:
            if code.kind is CodeKind.ORDER_SLIP:
                found = uow.orders.by_slip(code.value, session.station_id)
                if found.order is None:
                    raise NotFound(Message("Order slip {code} is not known.", code=code.value))
            else:
                found = uow.orders.by_tote(code.value, session.station_id)
                if found.order is None and found.tote_known:
                    raise NotFound(Message("Tote {code} has no order in it.", code=code.value))
                if found.order is None:
                    raise NotFound(Message("Tote {code} is not known.", code=code.value))
            order = found.order
            order.check_claimable_by(session.station_id)
            if order.claimed_by == session.station_id:
                return OrderView.of(order)
            if found.station_claim is not None:
                raise OrderUnavailable(
                    Message(
                        "This station is still packing order {reference}. Complete it or hold "
                        "it first.",
                        reference=found.station_claim,
                    )
                )
            order.claim(session.station_id)
            now = self._clock.now()
            if not uow.orders.claim(order, session.user_id, now):
                raise OrderUnavailable(
                    Message(
                        "Order {reference} was just taken by another station.",
                        reference=order.reference,
                    )
                )
            self._audit(uow, session, "claim", "order", order.id, "scanned")
            uow.commit()
        return OrderView.of(order)

    def claim_next_order(self, session: Session) -> OrderView | None:
        """Claim the first ready order: priority, then cut-off, then age. None: queue empty.
        A station still packing an order gets that order back."""
        with self._uow() as uow:
            # The claim writes its own audit entry ("claim", "next in queue"): on PostgreSQL
            # picking, claiming, auditing and reading the order back are one statement.
            order = uow.orders.claim_next(
                session.station_id, session.user_id, self._clock.now(), "next in queue"
            )
            if order is None:
                held = uow.orders.claimed_by(session.station_id)
                resumed = uow.orders.get(held) if held is not None else None
                return OrderView.of(resumed) if resumed is not None else None
            uow.commit()
        return OrderView.of(order)

    def release_claim(self, session: Session, order_id: int, reason: str) -> None:
        """Give an order held by a station back to the queue (a station that died).
        Supervisors only, with a reason."""
        self._require_supervisor(session)
        reason = text.reason(reason, Message("reason for releasing the order"))
        with self._uow() as uow:
            order = self._order(uow, order_id)
            station = order.claimed_by_name or str(order.claimed_by)
            order.release()
            uow.orders.save(order, self._clock.now())
            self._audit(
                uow, session, "release_claim", "order", order_id, f"from {station}: {reason}"
            )
            uow.commit()

    def release_claim_by_code(self, session: Session, scanned: str, reason: str) -> str:
        """Release the claim on the order whose slip or tote was scanned; returns its
        reference. Supervisors only, with a reason."""
        self._require_supervisor(session)
        code = interpret(scanned, self._codes)
        if code.kind not in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            raise InvalidBarcode(Message("Scan the order slip or tote of the order to release."))
        with self._uow(read_only=True) as uow:
            if code.kind is CodeKind.ORDER_SLIP:
                found = uow.orders.by_slip(code.value, session.station_id)
            else:
                found = uow.orders.by_tote(code.value, session.station_id)
        if found.order is None:
            raise NotFound(Message("No order for {code}.", code=code.value))
        self.release_claim(session, found.order.id, reason)
        return found.order.reference

    def hold_order(self, session: Session, order_id: int, reason: str) -> None:
        """Put the order on hold (missing, damaged or wrong unit): it leaves the station and
        waits for a supervisor."""
        with self._uow() as uow:
            order = self._order(uow, order_id)
            kept = order.hold(session.station_id, reason)
            if kept is None:
                return
            self._audit(uow, session, "hold", "order", order.id, kept)
            uow.orders.save(order, self._clock.now())
            uow.commit()

    # -- verifying -----------------------------------------------------------------------

    def record_scan(
        self,
        session: Session,
        order_id: int,
        scan_uid: str,
        raw: str,
        entry: Entry = Entry.SCANNED,
    ) -> ScanResult:
        """Verify one scanned (or keyed) unit against the open order and store the scan event
        with its outcome, in one transaction. A scan already stored under ``scan_uid`` (a
        retry whose first reply was lost) is returned as it was and never counted twice."""
        with self._uow() as uow:
            order = self._workable_or_repeat(uow, session, order_id, scan_uid)
            if isinstance(order, ScanResult):
                return order
            verdict = self._decide(uow, order, raw)
            event = NewScanEvent(
                scan_uid=scan_uid,
                station_id=session.station_id,
                user_id=session.user_id,
                order_id=order.id,
                raw_code=text.storable(raw, text.RAW_SCAN_MAX),
                verdict=verdict,
                at=self._clock.now(),
                entry=entry,
            )
            if uow.scans.add(event) is None:
                return self._repeated(session, scan_uid)
            uow.orders.save(order, event.at)
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
        return ScanResult(scan_uid, verdict, OrderView.of(order))

    def undo_last_scan(self, session: Session, order_id: int, scan_uid: str) -> ScanResult:
        """Take back the last accepted scan of the order (the unit goes back to the tote)."""
        with self._uow() as uow:
            order = self._workable_or_repeat(uow, session, order_id, scan_uid)
            if isinstance(order, ScanResult):
                return order
            last = uow.scans.last_standing(order.id)
            verdict = order.undo(last)
            assert last is not None
            now = self._clock.now()
            event = NewScanEvent(
                scan_uid=scan_uid,
                station_id=session.station_id,
                user_id=session.user_id,
                order_id=order.id,
                raw_code="",
                verdict=verdict,
                at=now,
                undoes_scan_id=last.id,
            )
            if uow.scans.add(event) is None:
                return self._repeated(session, scan_uid)
            uow.orders.save(order, now)
            self._audit(uow, session, "undo_scan", "order", order.id, f"scan {last.id}")
            uow.commit()
        return ScanResult(scan_uid, verdict, OrderView.of(order))

    # -- completing ----------------------------------------------------------------------

    def complete_order(self, session: Session, order_id: int, printer_name: str) -> Completion:
        """Close the order's last parcel without a weight (a station with no scale): assign a
        tracking number, queue its label and mark the order packed. Allowed only when every
        unit is verified. Asking again for an order already completed returns the same parcel:
        never a second one. Weighing, several parcels: ``self.pack_out``."""
        closing = self.pack_out.close_parcel(session, order_id, printer_name, last=True)
        assert isinstance(closing, ParcelClosed) and closing.completion is not None
        return closing.completion

    # -- helpers -------------------------------------------------------------------------

    @staticmethod
    def _new_tracking(uow: UnitOfWork, carrier: str) -> str:
        allocated = uow.tracking.allocate(carrier)
        if allocated is None:
            raise TrackingRangeExhausted(
                Message(
                    "No tracking numbers left for carrier {carrier}. Nothing was labelled; ask "
                    "an admin to add a tracking range (packbench ranges add).",
                    carrier=carrier,
                )
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
                Message(
                    "No SSCC numbers left in the site's range. Nothing was labelled; ask an "
                    "admin to add an SSCC range (packbench ranges add sscc)."
                )
            )
        extension, company_prefix, serial = allocated
        return make_sscc(extension, company_prefix, serial)

    def _decide(self, uow: UnitOfWork, order: Order, raw: str) -> ScanVerdict:
        """Read the scan, look up what it names, and let the order decide."""
        return decide_scan(uow, order, raw, self._codes, self._clock.now().date())

    def _order(self, uow: UnitOfWork, order_id: int) -> Order:
        order = uow.orders.get(order_id)
        if order is None:
            raise NotFound(Message("Order {order} does not exist.", order=order_id))
        return order

    def _workable_or_repeat(
        self, uow: UnitOfWork, session: Session, order_id: int, scan_uid: str
    ) -> Order | ScanResult:
        """The order, if this station may work on it; a scan already stored under
        ``scan_uid`` is answered as it was even when the order has moved on since."""
        order = self._order(uow, order_id)
        try:
            order.check_workable_by(session.station_id)
        except DomainError:
            earlier = uow.scans.by_uid(scan_uid)
            if earlier is not None:
                return ScanResult(scan_uid, earlier.verdict, OrderView.of(order), repeated=True)
            raise
        return order

    def _repeated(self, session: Session, scan_uid: str) -> ScanResult:
        """A scan stored already (its first reply was lost): nothing of this attempt is
        written; the stored outcome and the order as it stands are returned."""
        with self._uow(read_only=True) as uow:
            earlier = uow.scans.by_uid(scan_uid)
            if earlier is None or earlier.order_id is None:
                raise DomainError(Message("This scan could not be stored. Scan it again."))
            order = self._order(uow, earlier.order_id)
        return ScanResult(scan_uid, earlier.verdict, OrderView.of(order), repeated=True)

    @staticmethod
    def _require_supervisor(session: Session) -> None:
        if not session.role.can_supervise:
            raise NotAllowed(Message("Only a supervisor can release an order held by a station."))

    def _audit(
        self,
        uow: UnitOfWork,
        session: Session,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )
