"""Setting up a site: its users (badges, PINs, roles) and its numbers (S10 tracking ranges per
carrier, the SSCC range). Admins only; every change and every refusal is audited.

Badges are stored as digests and PINs as hashes (the ``PinHasher``); a badge must carry the
site's badge prefix so a scan of it signs in. The first admin of a site can be added without
an admin's badge, once: while the database holds no admin at all.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Protocol, TypeVar

from app.domain import text
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.countries import is_country
from app.domain.errors import DomainError, InvalidBarcode, NotAllowed, NotFound
from app.domain.model import Role
from app.domain.sscc import MAX_PREFIX_LENGTH, MIN_PREFIX_LENGTH
from app.services.ports import (
    Clock,
    CredentialHasher,
    UnitOfWork,
    UnitOfWorkFactory,
    UserRecord,
)
from app.services.tracking_ports import TrackingRangeRecord

USER_NAME_MAX: Final = 120
BADGE_MAX: Final = 64
CARRIER_MAX: Final = 32
PIN_MIN: Final = 4
PIN_MAX: Final = 12
S10_LAST_SERIAL: Final = 99_999_999
#: A range this much used (or more) is listed with a warning.
WARN_USED: Final = 0.9
SSCC_CARRIER: Final = "SSCC"  # tracking_ranges.carrier of the SSCC row (the column is unique)

_T = TypeVar("_T")


class PinHasher(CredentialHasher, Protocol):
    def hash_pin(self, pin: str) -> str: ...


@dataclass(frozen=True)
class Admin:
    """Who manages the site: an active admin identified by badge (and PIN), or the very first
    admin being added (``user_id`` None)."""

    user_id: int | None
    name: str


@dataclass(frozen=True)
class RangeView:
    """A range with its use: ``first`` is where it started (the first number of the range as
    added, or for a range made by hand the next number less the numbers parcels carry)."""

    record: TrackingRangeRecord
    first: int

    @property
    def total(self) -> int:
        return max(0, self.record.last_serial - self.first + 1)

    @property
    def used(self) -> int:
        return min(self.total, max(0, self.record.next_serial - self.first))

    @property
    def remaining(self) -> int:
        return self.total - self.used

    @property
    def warning(self) -> bool:
        return self.total == 0 or self.used >= WARN_USED * self.total

    @property
    def label(self) -> str:
        r = self.record
        if r.scheme == "sscc":
            return f"SSCC {r.extension_digit} {r.company_prefix}"
        return f"{r.carrier} S10 {r.service_indicator}…{r.country}"


def _first_key(range_id: int) -> str:
    return f"tracking_range.{range_id}.first"


def pin_checked(pin: str) -> str:
    """A PIN: 4 to 12 digits (what a station's keypad and a person can type)."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise InvalidPin(f"A PIN is {PIN_MIN} to {PIN_MAX} digits.")
    return pin


class InvalidPin(DomainError):
    """A PIN that is not 4 to 12 digits."""


class SiteAdminService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        hasher: PinHasher,
        codes: InterpreterConfig | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._hasher = hasher
        self._codes = codes or InterpreterConfig()

    # -- who acts ----------------------------------------------------------------------------

    def _badge(self, badge_code: str) -> str:
        """The badge code as a scan of it reads (capitals), or InvalidBarcode."""
        code = text.checked(badge_code, "badge code", BADGE_MAX)
        try:
            scanned = interpret(code, self._codes)
        except InvalidBarcode:
            scanned = None
        if scanned is None or scanned.kind is not CodeKind.BADGE or " " in code:
            raise InvalidBarcode(
                f"{code!r} is not a badge code: a badge code starts with the site's badge "
                f"prefix {self._codes.badge_prefix} (for example {self._codes.badge_prefix}1001)"
                " and has no spaces."
            )
        return scanned.value

    def _user_by_badge(self, uow: UnitOfWork, badge_code: str) -> UserRecord:
        user = uow.users.by_badge_hash(self._hasher.badge_digest(self._badge(badge_code)))
        if user is None:
            raise NotFound(f"No user has the badge {badge_code.strip()}.")
        return user

    def pin_required(self, badge_code: str) -> bool:
        """Whether the person with this badge signs in with a PIN too."""
        with self._uow(read_only=True) as uow:
            user = uow.users.by_badge_hash(self._hasher.badge_digest(self._badge(badge_code)))
        return user is not None and user.pin_hash is not None

    def identify(self, badge_code: str, pin: str | None = None) -> Admin:
        """The admin with this badge (and PIN, if they have one); NotAllowed for anyone else.
        A refusal is audited."""
        with self._uow() as uow:
            user = uow.users.by_badge_hash(self._hasher.badge_digest(self._badge(badge_code)))
            if user is None or not user.active:
                problem = "Badge not recognised."
            elif user.pin_hash is not None and (
                pin is None or not self._hasher.verify_pin(user.pin_hash, pin)
            ):
                problem = "PIN required or wrong PIN."
            elif user.role is not Role.ADMIN:
                problem = (
                    f"Only an admin can manage users and numbers; {user.name} is a {user.role}."
                )
            else:
                return Admin(user.id, user.name)
            self._record(uow, None if user is None else user.id, "admin_refused", "user", problem)
            uow.commit()
        raise NotAllowed(problem)

    def first_admin_possible(self) -> bool:
        """True while the site has no admin at all: the first one needs no badge to add."""
        with self._uow(read_only=True) as uow:
            return uow.users.count_admins(active_only=False) == 0

    # -- users -------------------------------------------------------------------------------

    def add_user(
        self, admin: Admin | None, name: str, role: Role, badge_code: str, pin: str | None = None
    ) -> UserRecord:
        """Add a user. ``admin`` None: the site's first admin (refused once there is one)."""

        def change(uow: UnitOfWork, acting: Admin) -> UserRecord:
            checked_name = text.checked(name, "user's name", USER_NAME_MAX)
            badge_hash = self._hasher.badge_digest(self._badge(badge_code))
            if uow.users.by_badge_hash(badge_hash) is not None:
                raise NotAllowed(
                    f"The badge {badge_code.strip()} is already used by another user; "
                    "give every person their own badge."
                )
            pin_hash = None if pin is None else self._hasher.hash_pin(pin_checked(pin))
            user = uow.users.add(checked_name, role, badge_hash, pin_hash)
            self._record(
                uow,
                acting.user_id,
                "user_add",
                "user",
                f"{checked_name} as {role}{', with PIN' if pin else ''}"
                + ("; the first admin" if acting.user_id is None else ""),
                user.id,
            )
            return user

        if admin is None:
            if role is not Role.ADMIN:
                raise NotAllowed("Without an admin's badge only the first admin can be added.")
            return self._change(None, change, first_admin=True)
        return self._change(admin, change)

    def users(self, admin: Admin) -> list[UserRecord]:
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return list(uow.users.all())

    def badge_holders(self, admin: Admin, codes: Sequence[str]) -> list[tuple[str, UserRecord]]:
        """Each badge code (as a scan reads it) with its active user, for a badge sheet: the
        database holds only digests, so the codes come from the admin and it confirms them."""
        self._require(admin)
        scanned = [self._badge(code) for code in codes]
        with self._uow(read_only=True) as uow:
            found = [(c, uow.users.by_badge_hash(self._hasher.badge_digest(c))) for c in scanned]
        held = [(code, user) for code, user in found if user is not None and user.active]
        if len(held) < len(found):
            unknown = ", ".join(code for code, user in found if user is None or not user.active)
            raise NotFound(f"No active user has the badge(s) {unknown}; nothing was written.")
        return held

    def set_pin(self, admin: Admin, badge_code: str, pin: str | None) -> UserRecord:
        """Set (or with None, remove) the PIN of the user with this badge."""

        def change(uow: UnitOfWork, acting: Admin) -> UserRecord:
            user = self._user_by_badge(uow, badge_code)
            pin_hash = None if pin is None else self._hasher.hash_pin(pin_checked(pin))
            uow.users.set_pin(user.id, pin_hash)
            what = "PIN set" if pin is not None else "PIN removed"
            self._record(uow, acting.user_id, "user_pin", "user", f"{user.name}: {what}", user.id)
            return user

        return self._change(admin, change)

    def set_role(self, admin: Admin, badge_code: str, role: Role) -> UserRecord:
        def change(uow: UnitOfWork, acting: Admin) -> UserRecord:
            user = self._user_by_badge(uow, badge_code)
            if user.role is Role.ADMIN and role is not Role.ADMIN and user.active:
                self._keep_an_admin(uow, user)
            uow.users.set_role(user.id, role)
            detail = f"{user.name}: {user.role} -> {role}"
            self._record(uow, acting.user_id, "user_role", "user", detail, user.id)
            return user

        return self._change(admin, change)

    def deactivate(self, admin: Admin, badge_code: str) -> UserRecord:
        """The user's badge no longer signs in; their history stays."""

        def change(uow: UnitOfWork, acting: Admin) -> UserRecord:
            user = self._user_by_badge(uow, badge_code)
            if not user.active:
                raise NotAllowed(f"{user.name} is already deactivated.")
            if user.role is Role.ADMIN:
                self._keep_an_admin(uow, user)
            uow.users.set_active(user.id, False)
            self._record(uow, acting.user_id, "user_deactivate", "user", user.name, user.id)
            return user

        return self._change(admin, change)

    @staticmethod
    def _keep_an_admin(uow: UnitOfWork, user: UserRecord) -> None:
        if uow.users.count_admins(active_only=True) <= 1:
            raise NotAllowed(
                f"{user.name} is the site's only active admin; add another admin first."
            )

    # -- numbers -----------------------------------------------------------------------------

    def ranges(self, admin: Admin) -> list[RangeView]:
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return [self._view(uow, record) for record in uow.tracking.ranges()]

    def range_warnings(self) -> list[str]:
        """One line per range 90 % used or more, for anyone (a station's banner, the
        supervisor board): the numbers left, and who can add more."""
        with self._uow(read_only=True) as uow:
            views = [self._view(uow, record) for record in uow.tracking.ranges()]
        return [
            f"{view.label}: {view.remaining} number{'' if view.remaining == 1 else 's'} left"
            + (" (used up)" if view.remaining == 0 else f" ({100 * view.used // view.total}% used)")
            + "; an admin adds more with 'packbench ranges add'."
            for view in views
            if view.warning
        ]

    def add_s10_range(
        self,
        admin: Admin,
        carrier: str,
        service_indicator: str,
        country: str,
        first: int,
        last: int,
    ) -> RangeView:
        def change(uow: UnitOfWork, acting: Admin) -> RangeView:
            name = text.checked(carrier, "carrier", CARRIER_MAX)
            if name.upper() == SSCC_CARRIER:
                raise InvalidRange(
                    f"{name!r} names the site's SSCC range; add that with 'ranges add sscc'."
                )
            indicator = service_indicator.strip().upper()
            if not (len(indicator) == 2 and indicator.isascii() and indicator.isalpha()):
                raise InvalidRange(
                    f"Service indicator {service_indicator!r}: an S10 service indicator is two "
                    "letters (for example JJ)."
                )
            code = country.strip().upper()
            if not is_country(code):
                raise InvalidRange(
                    f"Country {country!r} is not an ISO 3166 country code (two letters, such "
                    "as DE, NL or GB)."
                )
            _check_serials(first, last, S10_LAST_SERIAL, "an S10 serial number has 8 digits")
            new = TrackingRangeRecord(0, name, "s10", indicator, code, first, last)
            existing = [r for r in uow.tracking.ranges() if r.carrier == name]
            return self._store(uow, acting, new, existing[0] if existing else None)

        return self._change(admin, change)

    def add_sscc_range(
        self, admin: Admin, company_prefix: str, extension: int, first: int, last: int
    ) -> RangeView:
        def change(uow: UnitOfWork, acting: Admin) -> RangeView:
            prefix = company_prefix.strip()
            if not (
                prefix.isascii()
                and prefix.isdigit()
                and MIN_PREFIX_LENGTH <= len(prefix) <= MAX_PREFIX_LENGTH
            ):
                raise InvalidRange(
                    f"Company prefix {company_prefix!r}: a GS1 company prefix is "
                    f"{MIN_PREFIX_LENGTH} to {MAX_PREFIX_LENGTH} digits."
                )
            if not 0 <= extension <= 9:
                raise InvalidRange(f"Extension digit {extension}: it is one digit, 0 to 9.")
            digits = 16 - len(prefix)
            _check_serials(
                first,
                last,
                10**digits - 1,
                f"with a {len(prefix)}-digit company prefix an SSCC serial has {digits} digits "
                "(17 digits in all)",
            )
            new = TrackingRangeRecord(
                0, SSCC_CARRIER, "sscc", "--", "--", first, last, prefix, extension
            )
            existing = [r for r in uow.tracking.ranges() if r.scheme == "sscc"]
            return self._store(uow, acting, new, existing[0] if existing else None)

        return self._change(admin, change)

    def _store(
        self,
        uow: UnitOfWork,
        acting: Admin,
        new: TrackingRangeRecord,
        current: TrackingRangeRecord | None,
    ) -> RangeView:
        """Add ``new``; the carrier's (or the site's SSCC) range ``current`` can only be
        continued by it, or replaced once used up (one row each: the column is unique)."""
        first, last = new.next_serial, new.last_serial
        for other in uow.tracking.ranges():
            if (current is not None and other.id == current.id) or not _same_numbers(other, new):
                continue
            view = self._view(uow, other)
            if first <= other.last_serial and view.first <= last:
                raise InvalidRange(
                    f"{first}-{last} overlaps the range {view.first}-{other.last_serial} of "
                    f"{view.label}: the same numbers would be issued twice."
                )
        taken = uow.tracking.numbers_issued(new, first, last)
        if taken:
            raise InvalidRange(
                f"{first}-{last}: {taken} parcel(s) already carry numbers of this range; "
                "numbers are never issued twice."
            )
        if current is None:
            range_id = uow.tracking.add_range(new)
            action, detail = "range_add", f"{first}-{last}"
        else:
            view = self._view(uow, current)
            continues = _same_numbers(current, new) and first == current.last_serial + 1
            if continues:
                new = replace(current, last_serial=last)
                first = view.first
                action, detail = "range_extend", f"{current.last_serial + 1}-{last}"
            elif view.remaining == 0:
                overlaps = view.first <= last and first <= current.last_serial
                if overlaps and _same_numbers(current, new):
                    raise InvalidRange(
                        f"{first}-{last} overlaps the used-up range "
                        f"{view.first}-{current.last_serial} of {view.label}."
                    )
                new = replace(new, id=current.id)
                action, detail = "range_renew", f"{first}-{last}"
            else:
                raise InvalidRange(
                    f"{view.label} still has {view.remaining} of {view.first}-"
                    f"{current.last_serial} left. A second range can only continue it "
                    f"(--first {current.last_serial + 1}) or replace it once it is used up "
                    "(one range per carrier)."
                )
            uow.tracking.replace_range(new)
            range_id = current.id
        uow.site_settings.put(_first_key(range_id), str(first), self._clock.now())
        stored = replace(new, id=range_id)
        view = RangeView(stored, first)
        detail = f"{view.label} {detail}"
        self._record(uow, acting.user_id, action, "tracking_range", detail, range_id)
        return view

    def _view(self, uow: UnitOfWork, record: TrackingRangeRecord) -> RangeView:
        recorded = uow.site_settings.get(_first_key(record.id))
        if recorded is not None and recorded.isdigit():
            return RangeView(record, int(recorded))
        # A range made by hand: every number below next_serial that a parcel carries is used.
        issued = 0
        if record.next_serial > 0:
            issued = uow.tracking.numbers_issued(record, 0, record.next_serial - 1)
        return RangeView(record, record.next_serial - issued)

    # -- plumbing ----------------------------------------------------------------------------

    def _require(self, admin: Admin) -> None:
        if admin.user_id is None:
            raise NotAllowed("Only an admin can manage users and numbers.")

    def _change(
        self,
        admin: Admin | None,
        change: Callable[[UnitOfWork, Admin], _T],
        *,
        first_admin: bool = False,
    ) -> _T:
        """Run ``change`` in one unit of work; a refusal is audited in a unit of its own (the
        change's is rolled back) and raised."""
        acting = admin or Admin(None, "first admin")
        if not first_admin:
            self._require(acting)
        try:
            with self._uow() as uow:
                if first_admin and uow.users.count_admins(active_only=False) > 0:
                    raise NotAllowed(
                        "This site has an admin already: give --badge of an admin to add users."
                    )
                result = change(uow, acting)
                uow.commit()
                return result
        except DomainError as exc:
            with self._uow() as uow:
                name = change.__qualname__.split(".")[1]
                self._record(uow, acting.user_id, "admin_refused", "site", f"{name}: {exc}")
                uow.commit()
            raise

    def _record(
        self,
        uow: UnitOfWork,
        user_id: int | None,
        action: str,
        entity: str,
        detail: str,
        entity_id: int | None = None,
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=user_id,
            station_id=None,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail=detail,
        )


class InvalidRange(DomainError):
    """A range that cannot be added: its numbers, or how it meets the ranges there are."""


def _check_serials(first: int, last: int, highest: int, rule: str) -> None:
    if first < 0 or last < 0:
        raise InvalidRange(f"Serial numbers are not negative ({first}-{last}).")
    if first > last:
        raise InvalidRange(f"The range {first}-{last} is reversed: --first is after --last.")
    if last > highest:
        raise InvalidRange(f"--last {last} is too large: {rule} (at most {highest}).")


def _same_numbers(a: TrackingRangeRecord, b: TrackingRangeRecord) -> bool:
    """Whether two ranges draw from the same number space (overlaps would clash)."""
    if a.scheme != b.scheme:
        return False
    if a.scheme == "sscc":
        return (a.company_prefix, a.extension_digit) == (b.company_prefix, b.extension_digit)
    return (a.service_indicator, a.country) == (b.service_indicator, b.country)
