"""Errors acknowledged at a station, and the item scans refused while one was not.

The domain decides (``app.domain.station``): which outcome needs acknowledging, who may, and
which scans are refused meanwhile. This service stores it: a refused scan as a scan event with
its own outcome (``refused_unacknowledged``, ``refused_keyed``) that changes nothing on the
order, and each acknowledgement as an audit row naming who acknowledged what.
"""

from __future__ import annotations

from app.domain import text
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import DomainError, InvalidBarcode, NotAllowed, NotFound
from app.domain.message import Message
from app.domain.model import ScanOutcome, ScanVerdict
from app.domain.station import Entry, Unacknowledged, acknowledge_refusal
from app.domain.station_rules import StationRules
from app.services.ports import Clock, CredentialHasher, NewScanEvent, UnitOfWorkFactory
from app.services.results import Session
from app.services.sign_in import credential_refusal


class Acknowledgements:
    def __init__(
        self,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        hasher: CredentialHasher,
        codes: InterpreterConfig | None = None,
    ) -> None:
        self._uow = uow_factory
        self._clock = clock
        self._hasher = hasher
        self._codes = codes or InterpreterConfig()

    def refuse_scan(
        self,
        session: Session,
        order_id: int,
        scan_uid: str,
        raw: str,
        outcome: ScanOutcome,
        message: str,
        entry: Entry = Entry.SCANNED,
    ) -> ScanVerdict:
        """Store an item scan the station refused without verifying it; the order does not
        change. Stored once under ``scan_uid`` (a retry returns the stored verdict)."""
        if outcome not in (ScanOutcome.REFUSED_UNACKNOWLEDGED, ScanOutcome.REFUSED_KEYED):
            raise ValueError(f"{outcome} is not a refusal")
        verdict = ScanVerdict(outcome, message)
        with self._uow() as uow:
            event = NewScanEvent(
                scan_uid=scan_uid,
                station_id=session.station_id,
                user_id=session.user_id,
                order_id=order_id,
                raw_code=text.storable(raw, text.RAW_SCAN_MAX),
                verdict=verdict,
                at=self._clock.now(),
                entry=entry,
            )
            if uow.scans.add(event) is None:
                earlier = uow.scans.by_uid(scan_uid)
                if earlier is None:
                    raise DomainError(Message("This scan could not be stored. Scan it again."))
                return earlier.verdict
            uow.commit()
        return verdict

    def acknowledge(
        self,
        session: Session,
        order_id: int | None,
        error: Unacknowledged,
        badge_code: str | None = None,
    ) -> str:
        """Record that ``error`` was acknowledged: by the user signed in, or by the supervisor
        whose badge was scanned. A badge whose user has a PIN needs it, as at sign-in:
        ``PinRequired`` here, then ``acknowledge_with_pin``. The name of who acknowledged it."""
        return self.acknowledge_with_pin(session, order_id, error, badge_code, None)

    def acknowledge_with_pin(
        self,
        session: Session,
        order_id: int | None,
        error: Unacknowledged,
        badge_code: str | None,
        pin: str | None,
    ) -> str:
        """``acknowledge`` by a badge and the PIN of its user. Wrong PINs count towards the
        sign-in's lockout (``app.services.sign_in.credential_refusal``) and are audited as
        ``acknowledge_failed``; a locked user cannot acknowledge."""
        with self._uow() as uow:
            name, role = session.user_name, session.role
            user = None
            if badge_code is not None:
                try:
                    code = interpret(badge_code, self._codes)
                except InvalidBarcode:
                    code = None
                if code is not None and code.kind is CodeKind.BADGE:
                    user = uow.users.by_badge_hash(self._hasher.badge_digest(code.value))
                if user is None or not user.active:
                    raise NotFound(
                        Message("Badge not recognised: the error is still to acknowledge.")
                    )
                name, role = user.name, user.role
            refusal = acknowledge_refusal(error, role.can_supervise)
            if refusal is not None:
                raise NotAllowed(
                    Message("{name} is not a supervisor. {refusal}", name=name, refusal=refusal)
                )
            if user is not None:
                rules = StationRules.from_settings(uow.site_settings.get)
                now = self._clock.now()
                failed = credential_refusal(uow, self._hasher, user, pin, rules, now)
                if failed is not None:
                    detail, problem = failed
                    uow.audit.record(
                        at=now,
                        user_id=user.id,
                        station_id=session.station_id,
                        action="acknowledge_failed",
                        entity="user",
                        entity_id=user.id,
                        detail=f"{error.what}: {detail}",
                    )
                    uow.commit()
                    raise problem
            uow.audit.record(
                at=self._clock.now(),
                user_id=session.user_id,
                station_id=session.station_id,
                action="acknowledge",
                entity="order",
                entity_id=order_id,
                detail=f"{error.what} acknowledged by {name}",
            )
            uow.commit()
        return name
