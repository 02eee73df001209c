"""Site administration over the fake unit of work: who may manage users and numbers, badge
and PIN rules, the first admin, and the rules of tracking and SSCC ranges."""

from __future__ import annotations

import pytest

from app.domain.errors import InvalidBarcode, NotAllowed, NotFound
from app.domain.model import Role
from app.domain.text import InvalidText
from app.services.ports import ParcelRecord
from app.services.site_admin import Admin, InvalidPin, InvalidRange, SiteAdminService
from tests.unit.fakes import FakeClock, FakeDatabase, FakeHasher


class Site:
    def __init__(self) -> None:
        self.db = FakeDatabase()
        self.service = SiteAdminService(self.db.uow, FakeClock(), FakeHasher())
        self.service.add_user(None, "Ada Admin", Role.ADMIN, "BDG0001")
        self.admin = self.service.identify("BDG0001")

    def audit(self) -> list[tuple[str, str]]:
        return [(entry["action"], entry["detail"]) for entry in self.db.store.audit]


@pytest.fixture
def site() -> Site:
    return Site()


def test_the_first_admin_needs_no_badge_once(site: Site) -> None:
    assert site.admin.user_id == 1
    assert ("user_add", "Ada Admin as admin; the first admin") in site.audit()
    with pytest.raises(NotAllowed, match="has an admin already"):
        site.service.add_user(None, "Eve", Role.ADMIN, "BDG0666")
    with pytest.raises(NotAllowed, match="only the first admin"):
        SiteAdminService(FakeDatabase().uow, FakeClock(), FakeHasher()).add_user(
            None, "Pat", Role.PACKER, "BDG1001"
        )
    assert site.audit()[-1][0] == "admin_refused"
    assert [u.name for u in site.service.users(site.admin)] == ["Ada Admin"]


def test_only_admins_manage(site: Site) -> None:
    site.service.add_user(site.admin, "Sam Supervisor", Role.SUPERVISOR, "BDG2001")
    with pytest.raises(NotAllowed, match="Only an admin can manage users and numbers; Sam"):
        site.service.identify("BDG2001")
    assert site.audit()[-1][0] == "admin_refused"
    with pytest.raises(NotAllowed, match="Badge not recognised"):
        site.service.identify("BDG7777")
    with pytest.raises(NotAllowed):
        site.service.users(Admin(None, "nobody"))


def test_badges_and_pins(site: Site) -> None:
    user = site.service.add_user(site.admin, "Pat Packer", Role.PACKER, "bdg1001", "1234")
    assert site.db.store.users[user.id].pin_hash == "pin:1234"
    assert site.service.pin_required("BDG1001")
    with pytest.raises(NotAllowed, match="already used by another user"):
        site.service.add_user(site.admin, "Pat Two", Role.PACKER, "BDG1001")
    with pytest.raises(InvalidBarcode, match="badge prefix BDG"):
        site.service.add_user(site.admin, "No Prefix", Role.PACKER, "1001")
    with pytest.raises(InvalidBarcode, match="no spaces"):
        site.service.add_user(site.admin, "Spaced", Role.PACKER, "BDG 1002")
    with pytest.raises(InvalidText, match="cannot be stored"):
        site.service.add_user(site.admin, "Bad\x00Name", Role.PACKER, "BDG1003")
    with pytest.raises(InvalidText, match="at most 120"):
        site.service.add_user(site.admin, "x" * 121, Role.PACKER, "BDG1003")
    with pytest.raises(InvalidPin, match="4 to 12 digits"):
        site.service.add_user(site.admin, "Short Pin", Role.PACKER, "BDG1003", "12")
    with pytest.raises(InvalidPin):
        site.service.set_pin(site.admin, "BDG1001", "12ab")
    site.service.set_pin(site.admin, "BDG1001", None)
    assert not site.service.pin_required("BDG1001")
    with pytest.raises(NotFound, match="No user has the badge BDG4040"):
        site.service.set_pin(site.admin, "BDG4040", "1234")
    assert len(site.db.store.users) == 2  # every refusal wrote nothing
    refused = [detail for action, detail in site.audit() if action == "admin_refused"]
    assert len(refused) == 8
    assert refused[0].startswith("add_user: The badge BDG1001 is already used")


def test_an_admin_with_a_pin_must_give_it(site: Site) -> None:
    site.service.set_pin(site.admin, "BDG0001", "4321")
    with pytest.raises(NotAllowed, match="PIN required or wrong PIN"):
        site.service.identify("BDG0001")
    with pytest.raises(NotAllowed, match="PIN required or wrong PIN"):
        site.service.identify("BDG0001", "0000")
    assert site.service.identify("BDG0001", "4321").name == "Ada Admin"


def test_roles_and_the_last_admin(site: Site) -> None:
    site.service.add_user(site.admin, "Pat Packer", Role.PACKER, "BDG1001")
    with pytest.raises(NotAllowed, match="only active admin"):
        site.service.deactivate(site.admin, "BDG0001")
    with pytest.raises(NotAllowed, match="only active admin"):
        site.service.set_role(site.admin, "BDG0001", Role.SUPERVISOR)
    site.service.set_role(site.admin, "BDG1001", Role.ADMIN)
    assert site.service.identify("BDG1001").name == "Pat Packer"
    site.service.deactivate(site.admin, "BDG0001")
    with pytest.raises(NotAllowed, match="Badge not recognised"):
        site.service.identify("BDG0001")
    with pytest.raises(NotAllowed, match="already deactivated"):
        site.service.deactivate(site.service.identify("BDG1001"), "BDG0001")
    assert ("user_role", "Pat Packer: packer -> admin") in site.audit()


def test_s10_range_rules(site: Site) -> None:
    add = site.service.add_s10_range
    view = add(site.admin, "DHL", "jj", "de", 100, 109)
    assert (view.label, view.first, view.used, view.remaining) == ("DHL S10 JJ…DE", 100, 0, 10)
    for args, message in [
        (("DHL", "JJ", "XX", 200, 209), "'XX' is not an ISO 3166 country code"),
        (("DHL", "J1", "DE", 200, 209), "two letters"),
        (("DHL", "JJ", "DE", 209, 200), "reversed"),
        (("DHL", "JJ", "DE", -1, 200), "not negative"),
        (("DHL", "JJ", "DE", 200, 100_000_000), "8 digits"),
        (("UPS", "JJ", "DE", 105, 120), "overlaps the range 100-109 of DHL"),
        (("DHL", "JJ", "DE", 300, 309), "still has 10 of 100-109 left.*--first 110"),
        (("D\x1bHL", "JJ", "DE", 300, 309), "cannot be stored"),
        (("sscc", "JJ", "DE", 300, 309), "names the site's SSCC range"),
    ]:
        with pytest.raises((InvalidRange, InvalidText), match=message):
            add(site.admin, *args)
    add(site.admin, "UPS", "JJ", "NL", 105, 120)  # another country: other numbers
    extended = add(site.admin, "DHL", "JJ", "DE", 110, 119)
    assert (extended.first, extended.total, extended.remaining) == (100, 20, 20)
    assert ("range_extend", "DHL S10 JJ…DE 110-119") in site.audit()


def test_a_used_up_range_is_renewed_and_warned_about(site: Site) -> None:
    site.service.add_s10_range(site.admin, "DHL", "JJ", "DE", 100, 109)
    for serial in range(100, 109):  # 9 of 10 numbers
        with site.db.uow() as uow:
            taken = uow.tracking.allocate("DHL")
            assert taken == ("JJ", serial, "DE")
            uow.commit()
    [view] = site.service.ranges(site.admin)
    assert (view.used, view.remaining, view.warning) == (9, 1, True)
    assert site.service.range_warnings() == [
        "DHL S10 JJ…DE: 1 number left (90% used); an admin adds more with 'packbench ranges add'."
    ]
    with site.db.uow() as uow:
        uow.tracking.allocate("DHL")
        uow.commit()
    assert site.service.range_warnings()[0].startswith("DHL S10 JJ…DE: 0 numbers left (used up)")
    site.db.store.parcels.append(ParcelRecord(1, 1, 1, "JJ000001095DE", "DHL"))
    with pytest.raises(InvalidRange, match="overlaps the used-up range 100-109"):
        site.service.add_s10_range(site.admin, "DHL", "JJ", "DE", 50, 100)
    renewed = site.service.add_s10_range(site.admin, "DHL", "JJ", "DE", 500, 999)
    assert (renewed.first, renewed.remaining, renewed.warning) == (500, 500, False)
    assert site.service.range_warnings() == []
    assert site.db.store.ranges["DHL"] == ["JJ", 500, 999, "DE"]
    with pytest.raises(InvalidRange, match=r"1 parcel\(s\) already carry numbers of this range"):
        site.service.add_s10_range(site.admin, "GLS", "JJ", "DE", 105, 120)


def test_sscc_range_rules(site: Site) -> None:
    add = site.service.add_sscc_range
    for args, message in [
        (("401234", 3, 1, 9), "7 to 10 digits"),
        (("40123456789", 3, 1, 9), "7 to 10 digits"),
        (("4012345", 10, 1, 9), "0 to 9"),
        (("4012345", 3, 1, 1_000_000_000), "SSCC serial has 9 digits"),
        (("4012345678", 3, 1, 1_000_000), "SSCC serial has 6 digits"),
    ]:
        with pytest.raises(InvalidRange, match=message):
            add(site.admin, *args)
    view = add(site.admin, "4012345", 3, 1, 999_999_999)
    assert view.label == "SSCC 3 4012345"
    with pytest.raises(InvalidRange, match="A second range can only continue it"):
        add(site.admin, "4012346", 3, 1, 1000)
    assert site.db.store.ranges["sscc"] == [3, 1, 999_999_999, "4012345"]
