"""An admin from a console's session: the role is checked again in the database (a session
made before a demotion or a deactivation is refused), and a refusal is audited."""

from __future__ import annotations

import pytest

from app.domain.errors import NotAllowed
from app.domain.model import Role
from app.services.results import Session
from app.services.site_admin import Admin, SiteAdminService
from tests.unit.fakes import FakeClock, FakeDatabase, FakeHasher


def session_of(user_id: int, role: Role) -> Session:
    return Session(7, "OFFICE-1", user_id, "whoever", role)


def test_an_admin_session_gives_an_admin_checked_in_the_database() -> None:
    db = FakeDatabase()
    service = SiteAdminService(db.uow, FakeClock(), FakeHasher())
    ada = service.add_user(None, "Ada Admin", Role.ADMIN, "BDG0001")
    first = service.identify("BDG0001")
    sam = service.add_user(first, "Sam Supervisor", Role.SUPERVISOR, "BDG2001")
    service.add_user(first, "Bo Admin", Role.ADMIN, "BDG0002")

    assert service.admin_of(session_of(ada.id, Role.ADMIN)) == Admin(ada.id, "Ada Admin")
    # The session claims admin; the database says supervisor: refused, audited.
    with pytest.raises(NotAllowed, match="Sam Supervisor is a supervisor"):
        service.admin_of(session_of(sam.id, Role.ADMIN))
    refused = db.store.audit[-1]
    assert (refused["action"], refused["user_id"], refused["station_id"]) == (
        "admin_refused",
        sam.id,
        7,
    )
    # Demoted or deactivated after signing in: the next check refuses.
    service.set_role(first, "BDG0002", Role.PACKER)
    bo = db.store.users[3]
    with pytest.raises(NotAllowed, match="Bo Admin is a packer"):
        service.admin_of(session_of(bo.id, Role.ADMIN))
    service.set_role(first, "BDG0002", Role.ADMIN)
    service.deactivate(first, "BDG0002")
    with pytest.raises(NotAllowed, match="not active"):
        service.admin_of(session_of(bo.id, Role.ADMIN))
    with pytest.raises(NotAllowed, match="not active"):
        service.admin_of(session_of(999, Role.ADMIN))
    assert [e["action"] for e in db.store.audit].count("admin_refused") == 4


def test_stations_are_listed_for_an_admin_only() -> None:
    db = FakeDatabase()
    service = SiteAdminService(db.uow, FakeClock(), FakeHasher())
    service.add_user(None, "Ada Admin", Role.ADMIN, "BDG0001")
    admin = service.identify("BDG0001")
    with db.uow() as uow:
        uow.stations.get_or_create("PACK-02", FakeClock().now())
        uow.stations.get_or_create("PACK-01", FakeClock().now())
        uow.commit()
    assert [s.name for s in service.stations(admin)] == ["PACK-01", "PACK-02"]
    with pytest.raises(NotAllowed):
        service.stations(Admin(None, "nobody"))
