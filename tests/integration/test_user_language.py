"""A user's own language: set from the command line (audited), kept in the database on
SQLite and PostgreSQL, and handed to the station with the sign-in."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import DomainError
from app.main import main
from app.services.admin_access import Admin
from app.services.site_admin import SiteAdminService
from tests.support.station import StepClock, make_station


def run(cli: list[str], capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*cli, *args])
    said = capsys.readouterr()
    return code, (said.out + said.err).strip()


@pytest.fixture
def cli(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.delenv("PACKBENCH_ADMIN_PIN", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return ["--db", database_url]


def test_a_users_language_is_set_listed_audited_and_signed_in_with(
    engine: Engine, cli: list[str], now: datetime, capsys: pytest.CaptureFixture[str]
) -> None:
    admin = ["--admin-badge", "BDG0001"]
    assert run(cli, capsys, "users", "add", "Ada", "--role", "admin", "--badge", "BDG0001")[0] == 0
    add = ["users", "add", "Jonas", "--role", "packer", "--badge", "BDG1001", *admin]
    assert run(cli, capsys, *add)[0] == 0

    assert run(cli, capsys, "users", "set-language", "BDG1001", "de", *admin) == (
        0,
        "Jonas: stations switch to German (de) when Jonas signs in",
    )
    code, said = run(cli, capsys, "users", "list", *admin)
    assert code == 0
    assert [line.split()[-1] for line in said.splitlines()] == ["LANGUAGE", "station", "de"]
    with engine.connect() as conn:
        audited = conn.execute(
            select(t.audit_log.c.action, t.audit_log.c.detail).where(
                t.audit_log.c.action == "user_language"
            )
        ).all()
    assert [tuple(row) for row in audited] == [("user_language", "Jonas: language de")]

    station = make_station(engine, now)
    assert station.packing.sign_in(station.record, "BDG1001").session.language == "de"
    assert station.packing.sign_in(station.record, "BDG0001").session.language is None

    # Back to the station's language; an unknown one is refused with one line.
    assert run(cli, capsys, "users", "set-language", "BDG1001", "station", *admin) == (
        0,
        "Jonas: stations keep their own language when Jonas signs in",
    )
    assert station.packing.sign_in(station.record, "BDG1001").session.language is None
    with pytest.raises(SystemExit) as refused:
        run(cli, capsys, "users", "set-language", "BDG1001", "fr", *admin)
    said = capsys.readouterr().err
    assert refused.value.code == 2 and "invalid choice: 'fr'" in said and "Traceback" not in said


def test_set_language_explains_itself(cli: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as shown:
        run(cli, capsys, "users", "set-language", "--help")
    said = " ".join(capsys.readouterr().out.split())
    assert shown.value.code == 0
    assert "Choose the language a station switches to when this user signs in" in said
    assert "one of en, de, es, or 'station' for each station's own language" in said


def test_the_service_refuses_a_language_the_station_cannot_show(
    engine: Engine, now: datetime
) -> None:
    service = SiteAdminService(
        SqlUnitOfWork.factory(engine), StepClock(now), Argon2CredentialHasher()
    )
    with pytest.raises(DomainError, match="fr is not a language of the station; use one of en"):
        service.set_language(Admin(1, "Ada"), "BDG0001", "fr")
