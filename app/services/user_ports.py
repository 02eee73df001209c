"""The users port: who may sign in, and the PIN lockout every station shares."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.domain.model import Role


@dataclass(frozen=True)
class UserRecord:
    id: int
    name: str
    role: Role
    active: bool
    pin_hash: str | None
    failed_pins: int = 0
    """Wrong PINs in a row since the last good one (or the last lock)."""
    locked_until: datetime | None = None
    language: str | None = None
    """The user's own language at a station; None: the station's."""


class Users(Protocol):
    def by_badge_hash(self, badge_hash: str) -> UserRecord | None: ...
    def get(self, user_id: int) -> UserRecord | None: ...

    def pin_failed(self, user_id: int) -> int:
        """Count one more wrong PIN, in the database (two stations at once count two);
        the count now."""
        ...

    def set_lock(self, user_id: int, until: datetime | None) -> None:
        """Lock the user until ``until`` (None: unlock), and start counting wrong PINs
        afresh."""
        ...

    # Used by site administration (app.services.site_admin).
    def add(self, name: str, role: Role, badge_hash: str, pin_hash: str | None) -> UserRecord: ...
    def all(self) -> Sequence[UserRecord]:
        """Every user, active or not, by name."""
        ...

    def count_admins(self, *, active_only: bool) -> int: ...
    def set_pin(self, user_id: int, pin_hash: str | None) -> None: ...
    def set_role(self, user_id: int, role: Role) -> None: ...
    def set_active(self, user_id: int, active: bool) -> None: ...
    def set_language(self, user_id: int, language: str | None) -> None: ...
