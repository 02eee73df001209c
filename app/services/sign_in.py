"""Signing in at a station: badge, PIN where the user has one, lockout, fast switch.

* A user with a PIN gets ``PinRequired`` for a badge alone: the station asks for the PIN and
  signs in again with it. That is no failure and is not audited.
* Every failed sign-in is audited (``sign_in_failed``: unknown badge, deactivated user,
  locked, wrong PIN) and committed before the refusal is raised.
* ``PIN_ATTEMPTS`` wrong PINs in a row lock the user for the site's ``pin_lock_minutes``
  (``app.domain.station_rules``). The count and the lock live in the users table, so every
  station sees them; a good PIN, the end of a lock or a supervisor's ``unlock`` starts the
  count afresh.
* Fast switch: a badge scanned while someone is signed in (``replacing``) signs that person
  in at once. The station's claim on its open order does not change: the order stays open at
  the station and the new packer carries on with it; the scans from then on are theirs, the
  claim keeps who claimed it. Both halves are audited (``sign_out`` "switched to ...",
  ``sign_in`` "switched from ...", naming the open order).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from app.domain import text
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import DomainError, InvalidBarcode, NotAllowed, NotFound
from app.domain.message import Message
from app.domain.model import Role
from app.domain.station import NOT_A_BADGE, WaitingError, error_still_waiting
from app.domain.station_rules import (
    RULE_KEYS,
    StationRules,
    after_wrong_pin,
    check_rule,
    locked_message,
)
from app.services.ports import (
    Clock,
    CredentialHasher,
    StationRecord,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRecord,
)
from app.services.results import OrderView, Session
from app.services.scan_decision import decide_scan

BADGE_UNKNOWN = Message("Badge not recognised. Ask a supervisor.")
NO_USERS = Message(
    "No users yet: an admin adds them with {command}.",
    command="`packbench users add NAME --badge CODE --role admin`",  # typed as it is
)


@dataclass(frozen=True)
class SignIn:
    session: Session
    open_order: OrderView | None
    rules: StationRules = field(default_factory=StationRules)
    switched_from: str | None = None
    """The name of the packer this sign-in replaced (a fast switch)."""
    waiting_error: WaitingError | None = None
    """An error on the open order nobody acknowledged (the station restarted, crashed or
    was signed out meanwhile): the screen shows it again and refuses item scans until it is
    acknowledged (``app.domain.station.error_still_waiting``)."""


class PinRequired(NotAllowed):
    """The badge is known and its user signs in with a PIN: ask for it."""

    def __init__(self, user_name: str) -> None:
        super().__init__(
            Message("PIN required for {name}: type it and press Enter.", name=user_name)
        )
        self.user_name = user_name


class WrongPin(NotAllowed):
    """A wrong PIN (counted); ``locked``: it was the last try, the user is locked now."""

    def __init__(self, message: str, *, locked: bool) -> None:
        super().__init__(message)
        self.locked = locked


class SignInService:
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

    def sign_in(
        self,
        station: StationRecord,
        badge_code: str,
        pin: str | None = None,
        *,
        replacing: Session | None = None,
    ) -> SignIn:
        """Sign a user in by badge (and PIN where they have one). If the station still holds
        an order (a crash, a sign-out mid-order, a switch) it is handed back to continue."""
        badge = self._badge(badge_code)
        with self._uow() as uow:
            rules = StationRules.from_settings(uow.site_settings.get)
            user = uow.users.by_badge_hash(self._hasher.badge_digest(badge))
            if replacing is not None and user is not None and user.id == replacing.user_id:
                open_order = self._open_order(uow, station)
                waiting = self._waiting_error(uow, open_order, rules)
                return SignIn(replacing, open_order, rules, waiting_error=waiting)
            refusal = credential_refusal(uow, self._hasher, user, pin, rules, self._clock.now())
            if refusal is not None:
                detail, error = refusal
                if user is None and not self._any_active(uow):
                    error = NotFound(NO_USERS)  # a first run: nobody's badge is known yet
                uow.audit.record(
                    at=self._clock.now(),
                    user_id=None if user is None else user.id,
                    station_id=station.id,
                    action="sign_in_failed",
                    entity="user",
                    entity_id=None if user is None else user.id,
                    detail=detail,
                )
                uow.commit()
                raise error
            assert user is not None
            session = Session(
                station.id, station.name, user.id, user.name, user.role, user.language
            )
            open_order = self._open_order(uow, station)
            waiting = self._waiting_error(uow, open_order, rules)
            now = self._clock.now()
            uow.stations.touch(station.id, now)
            detail = ""
            if replacing is not None:
                kept = f"; order {open_order.reference} stays open" if open_order else ""
                if waiting is not None:
                    kept += f"; {waiting.error.what} not acknowledged yet"
                self._audit(uow, replacing, "sign_out", f"switched to {user.name}{kept}")
                detail = f"switched from {replacing.user_name}{kept}"
            self._audit(uow, session, "sign_in", detail)
            uow.commit()
        switched = replacing.user_name if replacing is not None else None
        return SignIn(session, open_order, rules, switched, waiting)

    def has_users(self) -> bool:
        """Someone can sign in: the database has an active user."""
        with self._uow(read_only=True) as uow:
            return self._any_active(uow)

    @staticmethod
    def _any_active(uow: UnitOfWork) -> bool:
        return any(user.active for user in uow.users.all())

    def rules(self) -> StationRules:
        with self._uow(read_only=True) as uow:
            return StationRules.from_settings(uow.site_settings.get)

    def set_rule(self, session: Session, key: str, value: str) -> str:
        """Set one of the site's station rules (supervisors); the value as stored."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can change the site's station rules.")
        if key not in RULE_KEYS:
            rules = ", ".join(RULE_KEYS)
            raise NotAllowed(f"{key!r} is not a station rule; the rules are {rules}.")
        stored = check_rule(key, value)
        with self._uow() as uow:
            uow.site_settings.put(key, stored, self._clock.now())
            self._audit(uow, session, "site_rule", f"{key} = {stored}", entity="site")
            uow.commit()
        return stored

    def unlock(self, session: Session, badge_code: str) -> str:
        """A supervisor unlocks the user with this badge (locked after wrong PINs); their
        name."""
        return self.unlock_as(session.user_id, session.role, badge_code, session.station_id)

    def unlock_as(
        self, user_id: int | None, role: Role, badge_code: str, station_id: int | None = None
    ) -> str:
        """``unlock`` for whoever acts (an admin at the command line: no station)."""
        return self.unlock_user(user_id, role, badge_code, station_id)[0]

    def unlock_user(
        self, user_id: int | None, role: Role, badge_code: str, station_id: int | None = None
    ) -> tuple[str, bool]:
        """``unlock_as``: the user's name, and whether they were locked (a lock running or
        wrong PINs counted); one who was not is left as they are (the attempt audited)."""
        if not role.can_supervise:
            raise NotAllowed(Message("Only a supervisor can unlock a user."))
        badge = self._badge(badge_code)
        with self._uow() as uow:
            user = uow.users.by_badge_hash(self._hasher.badge_digest(badge))
            if user is None:
                raise NotFound(
                    Message("No user has the badge {badge}.", badge=text.storable(badge, 40))
                )
            now = self._clock.now()
            # A lock recorded (even one run out: clocks differ between hosts) or wrong PINs.
            locked = user.failed_pins > 0 or user.locked_until is not None
            if locked:
                uow.users.set_lock(user.id, None)
            uow.audit.record(
                at=now,
                user_id=user_id,
                station_id=station_id,
                action="unlock",
                entity="user",
                entity_id=user.id,
                detail=f"{user.name} unlocked" if locked else f"{user.name} was not locked",
            )
            uow.commit()
        return user.name, locked

    # -- helpers ---------------------------------------------------------------------------

    def _badge(self, badge_code: str) -> str:
        code = interpret(badge_code, self._codes)
        if code.kind is not CodeKind.BADGE:
            raise InvalidBarcode(NOT_A_BADGE)
        return code.value

    @staticmethod
    def _open_order(uow: UnitOfWork, station: StationRecord) -> OrderView | None:
        held = uow.orders.claimed_by(station.id)
        order = uow.orders.get(held) if held is not None else None
        return OrderView.of(order) if order is not None else None

    def _waiting_error(
        self, uow: UnitOfWork, order: OrderView | None, rules: StationRules
    ) -> WaitingError | None:
        if order is None:
            return None
        last = uow.scans.last_error(order.id, rules.acknowledged_outcomes)
        if last is None:
            return None
        waiting = error_still_waiting(last, uow.scans.last_acknowledged(order.id), rules)
        return None if waiting is None else self._in_words(uow, order.id, waiting)

    def _in_words(self, uow: UnitOfWork, order_id: int, waiting: WaitingError) -> WaitingError:
        """The error decided again from its code (nothing stored): its ``Message``, which the
        screen shows in its language; the stored English text when the verdict differs now."""
        order = uow.orders.get(order_id)
        if order is None or not waiting.scan.raw:
            return waiting
        today = self._clock.now().date()
        verdict = decide_scan(uow, order, waiting.scan.raw, self._codes, today)
        if verdict.outcome is not waiting.scan.outcome:
            return waiting
        return replace(waiting, scan=replace(waiting.scan, message=verdict.message))

    def _audit(
        self, uow: UnitOfWork, session: Session, action: str, detail: str, entity: str = "user"
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action=action,
            entity=entity,
            entity_id=session.user_id if entity == "user" else None,
            detail=detail,
        )


def credential_refusal(
    uow: UnitOfWork,
    hasher: CredentialHasher,
    user: UserRecord | None,
    pin: str | None,
    rules: StationRules,
    now: datetime,
) -> tuple[str, DomainError] | None:
    """Why ``user`` (found by their badge) may not act as themselves (the audit's detail and
    the error), recording a wrong PIN and locking after ``PIN_ATTEMPTS``; None: they may, and
    a good PIN starts the count afresh. Raises ``PinRequired`` when they have a PIN and none
    was given. Signing in and a supervisor's acknowledgement by badge both ask this."""
    if user is None:
        return "unknown badge", NotFound(BADGE_UNKNOWN)
    if not user.active:
        # Told like an unknown badge: a deactivated badge reveals nobody.
        return "deactivated user", NotFound(BADGE_UNKNOWN)
    locked = locked_message(user.name, user.locked_until, now)
    if locked is not None:
        return "locked", NotAllowed(locked)
    if user.pin_hash is not None and pin is None:
        raise PinRequired(user.name)
    if user.pin_hash is None or hasher.verify_pin(user.pin_hash, pin or ""):
        if user.failed_pins or user.locked_until is not None:
            uow.users.set_lock(user.id, None)  # a lock that ended, or wrong PINs before
        return None
    failures = uow.users.pin_failed(user.id)
    until, message = after_wrong_pin(user.name, failures, now, rules)
    detail = f"wrong PIN ({failures} in a row)"
    if until is not None:
        uow.users.set_lock(user.id, until)
        detail += f"; locked for {rules.pin_lock_minutes} minutes"
    return detail, WrongPin(message, locked=until is not None)
