"""``save_config``: the one writer of the station's config file (the setup wizard and the
printer dialog use it). It checks by the reading rules and writes atomically."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from app.config_file import save_config
from app.settings import ConfigError, load_settings

BEFORE = (
    '[station]\nname = "PACK-03"\n\n[scanner]\nmax_gap_ms = 45\nmin_length = 5\n\n'
    '[printer]\nkind = "network"\ntarget = "10.0.0.9:9100"\n\n[database]\n'
    'url = "postgresql://packbench@db/packbench"\n'
)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "station" / "packbench.toml"
    path.parent.mkdir()
    path.write_text(BEFORE, encoding="utf-8")
    return path


def refused(path: Path, tables: dict[str, dict[str, object]]) -> str:
    with pytest.raises(ConfigError) as caught:
        save_config(path, tables)
    assert path.read_text(encoding="utf-8") == BEFORE  # untouched
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temporary file left
    return str(caught.value)


def test_keys_are_set_kept_and_removed_and_whole_tables_replaced(config: Path) -> None:
    save_config(
        config,
        {
            "station": {"language": "en"},
            "scanner": {"max_gap_ms": 30},
            "database": {"url": None},
            "printer": {"kind": "file"},
        },
        whole=("printer",),
    )
    assert tomllib.loads(config.read_text(encoding="utf-8")) == {
        "station": {"name": "PACK-03", "language": "en"},
        "scanner": {"max_gap_ms": 30, "min_length": 5},
        "printer": {"kind": "file"},
    }
    settings = load_settings(config, environ={})
    assert (settings.database_url, settings.printer_target, settings.scan_min_length) == (
        None,
        "",
        5,
    )


def test_a_new_file_and_its_folder_are_made(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "packbench.toml"
    save_config(path, {"station": {"name": "PACK-09"}})
    assert load_settings(path, environ={}).station == "PACK-09"


def test_values_are_checked_by_the_reading_rules(config: Path) -> None:
    # The same line packbench would print at start, naming the real file.
    assert refused(config, {"scanner": {"max_gap_ms": 0}}) == (
        f"config file {config}: [scanner] max_gap_ms = 0: use a whole number from 1 to 1000"
    )
    assert refused(config, {"station": {"language": "xx"}}) == (
        f'config file {config}: [station] language = "xx": use one of en, de, es'
    )
    assert refused(config, {"station": {"nmae": "X"}}) == (
        f"config file {config}: unknown setting [station] nmae (did you mean name?)"
    )
    assert refused(config, {"scaner": {"max_gap_ms": 30}}).startswith(
        f"config file {config}: unknown section [scaner] (did you mean [scanner]?)"
    )
    assert refused(config, {"scanner": {"order_prefix": "BD"}}).endswith(
        "clash; every prefix must differ and none may be the start of another"
    )


def test_a_refused_first_file_leaves_no_folder_behind(tmp_path: Path) -> None:
    path = tmp_path / "new" / "folder" / "packbench.toml"
    with pytest.raises(ConfigError, match=r"\[scanner\] max_gap_ms = 0"):
        save_config(path, {"scanner": {"max_gap_ms": 0}})
    assert list(tmp_path.iterdir()) == []


def test_a_broken_file_is_refused_not_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "packbench.toml"
    path.write_text("[scanner]\nmax_gap_ms = -3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"max_gap_ms = -3: use a whole number"):
        save_config(path, {"station": {"name": "PACK-01"}})
    assert path.read_text(encoding="utf-8") == "[scanner]\nmax_gap_ms = -3\n"


def test_a_password_never_reaches_the_file(config: Path) -> None:
    message = refused(config, {"database": {"url": "postgresql://packbench:s3cret@db/packbench"}})
    assert message == (
        f"config file {config}: [database] url holds a password. Remove it and use "
        "~/.pgpass or PGPASSWORD (or PACKBENCH_DB_URL) instead."
    )
    assert "s3cret" not in message
