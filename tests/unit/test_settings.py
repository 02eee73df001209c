"""Station settings: one declaration, a config file, the environment, the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.settings import ConfigError, load_settings


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "packbench.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_defaults_use_an_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.toml", environ={"PACKBENCH_DATA_DIR": "/srv/pb"})
    assert settings.station == "PACK-01"
    assert settings.effective_database_url == "sqlite:////srv/pb/packbench.sqlite"
    assert settings.printer_kind == "file"


def test_config_file_then_environment_then_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[station]\nname = "PACK-07"\n[database]\nurl = "postgresql://pb@db.local/pb"\n'
        '[printer]\nkind = "network"\ntarget = "10.1.2.3:9100"\n[scanner]\nmax_gap_ms = 40\n',
    )
    settings = load_settings(path, environ={})
    assert (settings.station, settings.database_url) == ("PACK-07", "postgresql://pb@db.local/pb")
    assert (settings.printer_kind, settings.printer_target) == ("network", "10.1.2.3:9100")
    assert settings.scan_max_gap_ms == 40
    settings = load_settings(path, environ={"PACKBENCH_STATION": "PACK-08"})
    assert settings.station == "PACK-08"
    settings = load_settings(path, environ={"PACKBENCH_STATION": "PACK-08"}, station="PACK-09")
    assert settings.station == "PACK-09"


def test_a_password_in_the_config_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "postgresql://pb:hunter2@db.local/pb"\n')
    with pytest.raises(ConfigError, match="pgpass") as caught:
        load_settings(path, environ={})
    assert "hunter2" not in str(caught.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[printer]\ncolour = 1\n", "unknown setting"),
        ("[scanner]\nmax_gap_ms = 'fast'\n", "not a valid int"),
        ("[printer\n", "not valid TOML"),
        ('[printer]\nkind = "carrier-pigeon"\n', "use file, network, serial"),
    ],
)
def test_bad_config_files_say_what_is_wrong(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings(write(tmp_path, body), environ={})
