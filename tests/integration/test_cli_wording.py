"""The command line's words, on SQLite and PostgreSQL: a code that is no badge is named with
its option (not "scan your badge", a station's words); the events export's refusal speaks of
events; the tracking watch folder is not called the intake folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from app.main import main
from tests.support.factories import seed


@pytest.fixture
def cli(engine: Engine, now: datetime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(engine, now)
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))


def test_the_command_lines_own_words(
    cli: None, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", database_url]
    void = [*db, "labels", "void", "SHOP-1", "--reason", "damaged"]
    assert main([*void, "--badge", "4006381333931"]) == 2
    err = capsys.readouterr().err
    assert "--badge '4006381333931' is not a badge code" in err
    assert "Scan your badge" not in err
    close = [*db, "manifest", "close", "DHL", "--badge", "4006381333931"]
    assert main(close) == 2
    assert "is not a badge code" in capsys.readouterr().err

    out = tmp_path / "events"
    out.mkdir()
    assert main([*db, "export", "events", "--to", str(out), "--badge", "BDG1001"]) == 2
    err = capsys.readouterr().err
    assert "Only a supervisor or an admin can export events" in err
    assert "shipments" not in err

    missing = tmp_path / "no-such-folder"
    assert main([*db, "import", "tracking", "--watch", str(missing), "--once"]) == 2
    err = capsys.readouterr().err
    assert f"tracking watch folder {missing}: does not exist" in err
    assert "intake" not in err
