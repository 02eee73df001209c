"""Setting up a site: its users (badges, PINs, roles) and its numbers (S10 tracking ranges per
carrier, the SSCC range). Admins only; every change and every refusal is audited.

Badges are stored as digests and PINs as hashes (the ``PinHasher``); a badge must carry the
site's badge prefix so a scan of it signs in. The first admin of a site can be added without
an admin's badge, once: while the database holds no admin at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Final

from app.domain import text
from app.domain.barcodes import CodeKind, interpret
from app.domain.errors import DomainError, InvalidBarcode, NotAllowed, NotFound
from app.domain.message import LANGUAGE_CODES, Message
from app.domain.model import Role
from app.services.admin_access import Admin, AdminAccess, PinHasher
from app.services.boxes import BoxAdmin
from app.services.ports import StationEntry, UnitOfWork, UserRecord
from app.services.site_ranges import (
    CARRIER_MAX,
    S10_LAST_SERIAL,
    SSCC_CARRIER,
    WARN_USED,
    InvalidRange,
    RangeAdmin,
    RangeView,
)

# The public names of site administration, wherever they now live.
__all__ = [
    "CARRIER_MAX",
    "S10_LAST_SERIAL",
    "SSCC_CARRIER",
    "WARN_USED",
    "Admin",
    "AdminAccess",
    "InvalidPin",
    "InvalidRange",
    "PinHasher",
    "RangeView",
    "SiteAdminService",
    "pin_checked",
]

USER_NAME_MAX: Final = 120
BADGE_MAX: Final = 64
PIN_MIN: Final = 4
PIN_MAX: Final = 12


def pin_checked(pin: str) -> str:
    """A PIN: 4 to 12 digits (what a station's keypad and a person can type)."""
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        raise InvalidPin(f"A PIN is {PIN_MIN} to {PIN_MAX} digits.")
    return pin


class InvalidPin(DomainError):
    """A PIN that is not 4 to 12 digits."""


class SiteAdminService(RangeAdmin, BoxAdmin):
    """Users (here), numbers (``RangeAdmin``) and box types (``BoxAdmin``), with the
    plumbing of ``AdminAccess``."""

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

    def stations(self, admin: Admin) -> list[StationEntry]:
        """Every station and console with its stored settings."""
        self._require(admin)
        with self._uow(read_only=True) as uow:
            return list(uow.stations.entries())

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

    def set_language(self, admin: Admin, badge_code: str, language: str | None) -> UserRecord:
        """The user's own language at a station (None: the station's)."""
        if language is not None and language not in LANGUAGE_CODES:
            raise DomainError(
                Message(
                    "{code} is not a language of the station; use one of {codes}.",
                    code=language,
                    codes=", ".join(LANGUAGE_CODES),
                )
            )

        def change(uow: UnitOfWork, acting: Admin) -> UserRecord:
            user = self._user_by_badge(uow, badge_code)
            uow.users.set_language(user.id, language)
            detail = f"{user.name}: language {language or 'of the station'}"
            self._record(uow, acting.user_id, "user_language", "user", detail, user.id)
            return replace(user, language=language)

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
