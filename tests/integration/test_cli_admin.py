"""``packbench users`` and ``packbench ranges`` on SQLite and PostgreSQL: a site set up from
the command line, each refusal with its message, and the audit of every change."""

from __future__ import annotations

import io
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import NotAllowed, NotFound
from app.main import main
from tests.support.factories import add_sscc_range, seed
from tests.support.station import make_station


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.delenv("PACKBENCH_ADMIN_PIN", raising=False)
    monkeypatch.delenv("PACKBENCH_NEW_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return ["--db", database_url]


def _run(cli: list[str], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*cli, *args])
    said = capsys.readouterr()
    return code, (said.out + said.err).strip()


def _audit(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_log.c.action).order_by(t.audit_log.c.id)).all()
    return [row.action for row in rows]


def test_users_from_the_command_line(
    engine: Engine,
    cli: list[str],
    now: datetime,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run = _run
    assert run(cli, capsys, "users", "list") == (
        2,
        "packbench: This site has no admin yet: add the first one with 'packbench users add "
        "NAME --role admin --badge CODE'.",
    )
    first = ["users", "add", "Ada Admin", "--role", "admin", "--badge", "BDG0001"]
    code, said = run(cli, capsys, *first)
    assert (code, said) == (0, "user 1 Ada Admin added as admin (the site's first admin)")
    code, said = run(cli, capsys, "users", "add", "Eve", "--role", "admin", "--badge", "BDG0002")
    assert (code, said) == (2, "packbench: Give your admin badge with --admin-badge BADGE.")

    monkeypatch.setenv("PACKBENCH_NEW_PIN", "2468")
    add = ["users", "add", "Pat Packer", "--role", "packer", "--admin-badge", "BDG0001"]
    assert run(cli, capsys, *add, "--badge", "BDG1001", "--pin")[0] == 0
    code, said = run(cli, capsys, *add, "--badge", "bdg1001")
    assert (code, said) == (
        2,
        "packbench: The badge bdg1001 is already used by another user; give every person "
        "their own badge.",
    )
    code, said = run(cli, capsys, *add, "--badge", "PAT1001")
    assert code == 2 and "starts with the site's badge prefix BDG" in said
    code, said = run(
        cli,
        capsys,
        "users",
        "add",
        "Bad\tName",
        "--role",
        "packer",
        "--badge",
        "BDG1009",
        "--admin-badge",
        "BDG0001",
    )
    assert (code, said) == (
        2,
        "packbench: The user's name contains characters that cannot be stored (TAB).",
    )
    monkeypatch.setenv("PACKBENCH_NEW_PIN", "12")
    code, said = run(cli, capsys, *add, "--badge", "BDG1002", "--pin")
    assert (code, said) == (2, "packbench: A PIN is 4 to 12 digits.")
    monkeypatch.delenv("PACKBENCH_NEW_PIN")

    with engine.connect() as conn:
        pat = conn.execute(select(t.users).where(t.users.c.name == "Pat Packer")).one()
    assert pat.badge_hash == Argon2CredentialHasher().badge_digest("BDG1001")
    assert pat.pin_hash.startswith("$argon2id$") and "2468" not in pat.pin_hash

    # The badge signs in at a station, with its PIN.
    station = make_station(engine, now)
    with pytest.raises(NotAllowed, match="PIN required"):
        station.packing.sign_in(station.record, "BDG1001")
    assert station.packing.sign_in(station.record, "BDG1001", "2468").session.user_name == (
        "Pat Packer"
    )

    code, said = run(cli, capsys, "users", "list", "--badge", "BDG1001")
    assert (code, said) == (
        2,
        "packbench: No PIN given: type it at a terminal, or set PACKBENCH_ADMIN_PIN where no "
        "one types.",
    )
    # A packer manages nothing; the PIN comes from the environment where no one types.
    monkeypatch.setenv("PACKBENCH_ADMIN_PIN", "2468")
    code, said = run(cli, capsys, "users", "list", "--badge", "BDG1001")
    assert (code, said) == (
        2,
        "packbench: Only an admin can manage users and numbers; Pat Packer is a packer.",
    )
    monkeypatch.delenv("PACKBENCH_ADMIN_PIN")

    code, said = run(cli, capsys, "users", "list", "--badge", "BDG0001")
    assert code == 0
    assert [line.split()[1:] for line in said.splitlines()] == [
        ["NAME", "ROLE", "STATE", "PIN", "LANGUAGE"],  # the header row
        ["Ada", "Admin", "admin", "active", "no", "station"],
        ["Pat", "Packer", "packer", "active", "yes", "station"],
    ]
    # A new PIN from standard input when it is not a terminal.
    monkeypatch.setattr("sys.stdin", io.StringIO("1357\n"))
    assert run(cli, capsys, "users", "set-pin", "BDG1001", "--badge", "BDG0001") == (
        0,
        "Pat Packer: PIN set",
    )
    assert station.packing.sign_in(station.record, "BDG1001", "1357")
    assert run(cli, capsys, "users", "set-role", "BDG1001", "supervisor", "--badge", "BDG0001") == (
        0,
        "Pat Packer: packer -> supervisor",
    )
    code, said = run(cli, capsys, "users", "deactivate", "BDG0001", "--badge", "BDG0001")
    assert (code, said) == (
        2,
        "packbench: Ada Admin is the site's only active admin; add another admin first.",
    )
    code, said = run(cli, capsys, "users", "deactivate", "BDG4040", "--badge", "BDG0001")
    assert (code, said) == (2, "packbench: No user has the badge BDG4040.")
    assert run(cli, capsys, "users", "deactivate", "BDG1001", "--badge", "BDG0001")[0] == 0
    with pytest.raises(NotFound, match="Badge not recognised"):
        station.packing.sign_in(station.record, "BDG1001", "1357")

    actions = _audit(engine)
    assert actions.count("user_add") == 2
    assert {"user_pin", "user_role", "user_deactivate"} <= set(actions)
    # Refused: duplicate badge, bad prefix, bad name, bad PIN, the packer, the last admin,
    # the unknown badge.
    assert actions.count("admin_refused") == 7


def test_ranges_from_the_command_line(
    engine: Engine,
    cli: list[str],
    now: datetime,
    capsys: pytest.CaptureFixture[str],
) -> None:
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)])], range_size=10)
    add_sscc_range(engine, size=100)
    run = _run
    assert run(cli, capsys, "users", "add", "Ada", "--role", "admin", "--badge", "BDG0001")[0] == 0
    admin = ["--badge", "BDG0001"]
    # One parcel packed from the DHL range the seed made by hand (its start is not recorded:
    # the numbers parcels carry say how much is used).
    station = make_station(engine, now)
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips["P-1"]).id
    mug = world.product_codes["MUG-BLUE"]
    station.packing.record_scan(session, order_id, uuid.uuid4().hex, mug)
    station.packing.complete_order(session, order_id, "desk-1")
    code, said = run(cli, capsys, "ranges", "list", *admin)
    assert code == 0
    assert said.splitlines() == [
        "DHL S10 JJ…DE            10000000-10000009  used 1  remaining 9",
        "SSCC 0 4012345           1-100  used 1  remaining 99",
    ]

    s10 = ["ranges", "add", "s10", "--service-indicator", "JJ", *admin]
    refusals = [
        (
            ["--carrier", "UPS", "--country", "DE", "--first", "10000005", "--last", "10000100"],
            "10000005-10000100 overlaps the range 10000000-10000009 of DHL S10 JJ…DE: the same "
            "numbers would be issued twice.",
        ),
        (
            ["--carrier", "UPS", "--country", "DE", "--first", "9", "--last", "5"],
            "The range 9-5 is reversed: --first is after --last.",
        ),
        (
            ["--carrier", "UPS", "--country", "EU", "--first", "1", "--last", "5"],
            "Country 'EU' is not an ISO 3166 country code (two letters, such as DE, NL or GB).",
        ),
        (
            ["--carrier", "DHL", "--country", "DE", "--first", "20000000", "--last", "20000009"],
            "DHL S10 JJ…DE still has 9 of 10000000-10000009 left. A second range can only "
            "continue it (--first 10000010) or replace it once it is used up (one range per "
            "carrier).",
        ),
    ]
    for args, message in refusals:
        assert run(cli, capsys, *s10, *args) == (2, f"packbench: {message}")
    sscc = ["ranges", "add", "sscc", "--extension", "3", *admin]
    short = ["--company-prefix", "401234", "--first", "1", "--last", "9"]
    code, said = run(cli, capsys, *sscc, *short)
    assert (code, said) == (
        2,
        "packbench: Company prefix '401234': a GS1 company prefix is 7 to 10 digits.",
    )
    code, said = run(
        cli, capsys, *sscc, "--company-prefix", "40123456", "--first", "1", "--last", "100000000"
    )
    assert code == 2 and "with a 8-digit company prefix an SSCC serial has 8 digits" in said

    ups = ["--carrier", "UPS", "--country", "NL", "--first", "100", "--last", "109"]
    assert run(cli, capsys, *s10, *ups) == (
        0,
        "added: UPS S10 JJ…NL            100-109  used 0  remaining 10",
    )
    for _ in range(9):
        with SqlUnitOfWork.factory(engine)() as uow:
            assert uow.tracking.allocate("UPS") is not None
            uow.commit()
    code, said = run(cli, capsys, "ranges", "list", *admin)
    assert "UPS S10 JJ…NL            100-109  used 9  remaining 1  WARNING: 90% used" in said
    with SqlUnitOfWork.factory(engine)() as uow:
        uow.tracking.allocate("UPS")
        uow.commit()
    code, said = run(cli, capsys, "ranges", "list", *admin)
    assert "used 10  remaining 0  WARNING: used up, no label can be made" in said
    more = ["--carrier", "UPS", "--country", "NL", "--first", "110", "--last", "209"]
    assert run(cli, capsys, *s10, *more) == (
        0,
        "added: UPS S10 JJ…NL            100-209  used 10  remaining 100",
    )
    with SqlUnitOfWork.factory(engine)() as uow:
        assert uow.tracking.allocate("UPS") == ("JJ", 110, "NL")
    with engine.connect() as conn:
        assert (
            conn.execute(
                select(func.count())
                .select_from(t.tracking_ranges)
                .where(t.tracking_ranges.c.carrier == "UPS")
            ).scalar_one()
            == 1
        )
    actions = _audit(engine)
    assert actions.count("range_add") == 1 and actions.count("range_extend") == 1
    assert actions.count("admin_refused") == 6


def test_unlock_a_user_locked_out_after_wrong_pins(
    engine: Engine, cli: list[str], now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    first = ["users", "add", "Ada Admin", "--role", "admin", "--badge", "BDG0001"]
    assert _run(cli, capsys, *first)[0] == 0
    hasher = Argon2CredentialHasher()
    with engine.begin() as conn:
        conn.execute(
            t.users.insert().values(
                name="Pat Packer",
                role="packer",
                badge_hash=hasher.badge_digest("BDG1001"),
                pin_hash=hasher.hash_pin("2468"),
            )
        )
    station = make_station(engine, now)
    other = station.packing.register_station("PACK-02")
    # Wrong PINs at two stations count together: the lockout lives in the database.
    for attempt in range(5):
        record = station.record if attempt % 2 else other
        with pytest.raises(NotAllowed, match="Wrong PIN"):
            station.packing.sign_in(record, "BDG1001", "0000")
    with pytest.raises(NotAllowed, match="locked"):
        station.packing.sign_in(station.record, "BDG1001", "2468")

    assert _run(cli, capsys, "users", "unlock", "BDG1001", "--admin-badge", "BDG0001") == (
        0,
        "Pat Packer unlocked: their badge and PIN sign in again",
    )
    assert station.packing.sign_in(station.record, "BDG1001", "2468").session.user_name == (
        "Pat Packer"
    )
    assert _run(cli, capsys, "users", "unlock", "BDG4242", "--admin-badge", "BDG0001") == (
        2,
        "packbench: No user has the badge BDG4242.",
    )
    assert _audit(engine)[-3:] == ["sign_in_failed", "unlock", "sign_in"]
    # Unlocking someone who is not locked says so, and changes nothing (the attempt audited).
    assert _run(cli, capsys, "users", "unlock", "BDG1001", "--admin-badge", "BDG0001") == (
        0,
        "Pat Packer was not locked: their badge signs in already; nothing changed",
    )
    with engine.connect() as conn:
        detail = conn.execute(
            select(t.audit_log.c.detail).order_by(t.audit_log.c.id.desc()).limit(1)
        ).scalar_one()
    assert detail == "Pat Packer was not locked"


def test_users_list_columns_fit_a_long_name(
    cli: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = "Maximiliane Alexandra von Hohenberg-Schillingsfürst"  # 51 characters
    admin = ["--admin-badge", "BDG0001"]
    assert _run(cli, capsys, "users", "add", "Ada", "--role", "admin", "--badge", "BDG0001")[0] == 0
    add = ["users", "add", long_name, "--role", "supervisor", "--badge", "BDG1001", *admin]
    assert _run(cli, capsys, *add)[0] == 0
    code, said = _run(cli, capsys, "users", "list", *admin)
    assert code == 0
    lines = said.splitlines()
    assert long_name in lines[2]
    # Every column starts where its heading does, the long name's row too.
    for heading in ("ROLE", "STATE", "PIN", "LANGUAGE"):
        column = lines[0].index(heading)
        assert all(line[column - 2 : column] == "  " for line in lines), (heading, said)
    assert lines[1][lines[0].index("ROLE") :].split() == ["admin", "active", "no", "station"]
    assert lines[2][lines[0].index("ROLE") :].split() == ["supervisor", "active", "no", "station"]
