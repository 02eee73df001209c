"""Who may administer the site, and how each change is made: one unit of work, audited, a
refusal audited in a unit of its own. Shared by the users part (``site_admin``) and the numbers
part (``site_ranges``) of site administration."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from app.domain.barcodes import InterpreterConfig
from app.domain.errors import DomainError, NotAllowed
from app.domain.model import Role
from app.services.ports import Clock, CredentialHasher, UnitOfWork, UnitOfWorkFactory
from app.services.results import Session

_T = TypeVar("_T")


class PinHasher(CredentialHasher, Protocol):
    def hash_pin(self, pin: str) -> str: ...


@dataclass(frozen=True)
class Admin:
    """Who manages the site: an active admin identified by badge (and PIN), or the very first
    admin being added (``user_id`` None)."""

    user_id: int | None
    name: str


class AdminAccess:
    """The plumbing of site administration: who acts, and how a change is made."""

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

    def admin_of(self, session: Session) -> Admin:
        """The admin signed in as ``session`` (a console's), checked again in the database:
        still there, still active, still an admin. NotAllowed for anyone else, audited. The
        console's own idea of the role is never trusted."""
        with self._uow() as uow:
            user = uow.users.get(session.user_id)
            if user is None or not user.active:
                problem = "Only an active admin can manage the site; this user is not active."
            elif user.role is not Role.ADMIN:
                problem = f"Only an admin can manage the site; {user.name} is a {user.role}."
            else:
                return Admin(user.id, user.name)
            uow.audit.record(
                at=self._clock.now(),
                user_id=session.user_id,
                station_id=session.station_id,
                action="admin_refused",
                entity="user",
                entity_id=session.user_id,
                detail=problem,
            )
            uow.commit()
        raise NotAllowed(problem)

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
