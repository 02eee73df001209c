"""Station settings: one declaration, a config file, the environment, the command line; every
bad value refused with one line naming the source, the setting as written, and the value."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

import pytest

from app.settings import (
    PRINTER_SETTINGS,
    ConfigError,
    Settings,
    load_settings,
    save_printer_settings,
    serial_terminator_bytes,
)


def write(tmp_path: Path, body: str | bytes) -> Path:
    path = tmp_path / "packbench.toml"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def refused(path: Path | None = None, environ: dict[str, str] | None = None, **options: Any) -> str:
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={} if environ is None else environ, **options)
    message = str(caught.value)
    assert "\n" not in message
    assert "scan_" not in message and "serial_scanner" not in message  # never internal names
    return message


def test_defaults_use_an_sqlite_file_in_the_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "nothing-here"))
    settings = load_settings(environ={"PACKBENCH_DATA_DIR": "/srv/pb"})
    assert settings.config_file == tmp_path / "nothing-here" / "packbench" / "packbench.toml"
    assert not settings.config_file.exists()  # the default file may be missing
    assert settings.station == "PACK-01"
    assert settings.effective_database_url == "sqlite:////srv/pb/packbench.sqlite"
    assert settings.printer_kind == "file"
    assert settings.serial_scanner_terminator_bytes == b"\r"
    assert settings.windowed is False  # a station runs full screen


def test_a_station_can_run_in_a_window(tmp_path: Path) -> None:
    path = write(tmp_path, '[station]\nname = "PACK-07"\nwindowed = true\n')
    assert load_settings(path, environ={}).windowed is True


def test_config_file_then_environment_then_options(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[station]\nname = "PACK-07"\n[database]\nurl = "postgresql://pb@db.local/pb"\n'
        '[printer]\nkind = "network"\ntarget = "10.1.2.3:9100"\ntimeout_s = 5\n'
        '[scanner]\nmax_gap_ms = 40\nserial_terminator = "lf"\ngs_substitute = "|"\n',
    )
    settings = load_settings(path, environ={})
    assert (settings.station, settings.database_url) == ("PACK-07", "postgresql://pb@db.local/pb")
    assert (settings.printer_kind, settings.printer_target) == ("network", "10.1.2.3:9100")
    assert settings.printer_timeout_s == 5.0 and isinstance(settings.printer_timeout_s, float)
    assert settings.scan_max_gap_ms == 40
    assert settings.serial_scanner_terminator_bytes == b"\n"
    settings = load_settings(path, environ={"PACKBENCH_STATION": "PACK-08"})
    assert settings.station == "PACK-08"
    settings = load_settings(path, environ={"PACKBENCH_STATION": "PACK-08"}, station="PACK-09")
    assert settings.station == "PACK-09"
    settings = load_settings(path, environ={"PACKBENCH_STATION": ""})  # empty: unset
    assert settings.station == "PACK-07"


def test_a_password_in_the_config_file_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "postgresql://pb:hunter2@db.local/pb"\n')
    message = refused(path)
    assert message == (
        f"config file {path}: [database] url holds a password. Remove it and use ~/.pgpass or "
        "PGPASSWORD (or PACKBENCH_DB_URL) instead."
    )
    assert "hunter2" not in message


USE_URL = "use sqlite:///PATH or postgresql://USER@HOST/DATABASE"
PROFILE_HINT = "is not a python-escpos profile; use 4inch-203 or one of AF-240, "


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Structure
        ('station = "PACK-02"\n', 'station = "PACK-02": [station] is a section; write [station]'),
        ("max_gap_ms = 30\n", "max_gap_ms = 30: a setting outside any section; put it under"),
        ('name = "X"\n', 'name = "X": a setting outside any section (sections: [station], '),
        ("[[scanner]]\nmax_gap_ms = 30\n", "[[scanner]]: write [scanner] (one table, not a list)"),
        ("[scaner]\nmax_gap_ms = 30\n", "unknown section [scaner] (did you mean [scanner]?)"),
        ("[printer]\ncolour = 1\n", "unknown setting [printer] colour"),
        (
            "[scanner]\nmax_gap = 30\n",
            "unknown setting [scanner] max_gap (did you mean max_gap_ms?)",
        ),
        ("[printer\n", "is not valid TOML: "),
        # Types
        ("[scanner]\nmax_gap_ms = 'fast'\n", '[scanner] max_gap_ms = "fast": use a whole number'),
        ("[scanner]\nmax_gap_ms = 1.9\n", "[scanner] max_gap_ms = 1.9: use a whole number from"),
        ("[scanner]\nmax_gap_ms = true\n", "[scanner] max_gap_ms = true: use a whole number"),
        ("[printer]\ntimeout_s = '5'\n", '[printer] timeout_s = "5": use a number from 0.5 to 120'),
        ("[printer]\npacking_slip = 1\n", "[printer] packing_slip = 1: use true or false"),
        ("[printer]\npacking_slip = 'yes'\n", '[printer] packing_slip = "yes": use true or false'),
        ("[station]\nwindowed = 'yes'\n", '[station] windowed = "yes": use true or false'),
        ("[station]\nname = 7\n", "[station] name = 7: use text in double quotes"),
        ("[station]\nname = ['A']\n", "[station] name = an array: use text in double quotes"),
        ("[scanner.extra]\nx = 1\n", "unknown setting [scanner] extra"),
        # Numbers out of range, infinite, not a number
        ("[printer]\ntimeout_s = inf\n", "[printer] timeout_s = inf: use a number from 0.5 to 120"),
        ("[printer]\ntimeout_s = nan\n", "[printer] timeout_s = nan: use a number from 0.5 to 120"),
        ("[printer]\ntimeout_s = 0\n", "[printer] timeout_s = 0: use a number from 0.5 to 120"),
        ("[scanner]\nmax_gap_ms = -5\n", "[scanner] max_gap_ms = -5: use a whole number from 1 to"),
        ("[scanner]\nmax_gap_ms = 0\n", "[scanner] max_gap_ms = 0: use a whole number from 1 to"),
        (
            "[scanner]\nmin_length = 0\n",
            "[scanner] min_length = 0: use a whole number from 1 to 64",
        ),
        (
            "[session]\nidle_lock_minutes = -1\n",
            "idle_lock_minutes = -1: use a whole number from 0",
        ),
        ("[sound]\nvolume = 1.5\n", "[sound] volume = 1.5: use a number from 0 to 1"),
        ("[sound]\nvolume = -inf\n", "[sound] volume = -inf: use a number from 0 to 1"),
        ("[scanner]\nserial_baudrate = 9601\n", "serial_baudrate = 9601: use one of 1200, 2400"),
        # Words and text
        ('[printer]\nkind = "carrier-pigeon"\n', "use one of file, network, serial, usb, cups"),
        ('[printer]\nlanguage = "pcl"\n', '[printer] language = "pcl": use one of escpos, zpl'),
        ('[printer]\nlabel_size = "A4"\n', 'label_size = "A4": use one of 4x6-203, 4x6-300, 80mm'),
        ('[printer]\nprofile = "TM-T88X"\n', f'[printer] profile = "TM-T88X": {PROFILE_HINT}'),
        ('[scanner]\nterminator = "cr"\n', "use one of enter, tab, enter_or_tab"),
        ('[scanner]\ngs_substitute = "A"\n', '[scanner] gs_substitute = "A": use one visible'),
        ('[scanner]\ngs_substitute = "7"\n', '[scanner] gs_substitute = "7": use one visible'),
        ('[scanner]\ngs_substitute = "-"\n', '[scanner] gs_substitute = "-": use one visible'),
        ('[scanner]\ngs_substitute = " "\n', '[scanner] gs_substitute = " ": use one visible'),
        ('[scanner]\ngs_substitute = "||"\n', '[scanner] gs_substitute = "||": use one visible'),
        ('[scanner]\ncommand_prefix = ""\n', '[scanner] command_prefix = "": use 1 to 7 letters'),
        ('[scanner]\ncommand_prefix = "C-1"\n', 'command_prefix = "C-1": use 1 to 7 letters A-Z'),
        ('[scanner]\ncommand_prefix = "COMMANDS"\n', 'command_prefix = "COMMANDS": use 1 to 7'),
        ('[scanner]\ncommand_prefix = "400"\n', 'command_prefix = "400": use 1 to 7 letters'),
        (
            '[scanner]\ncommand_prefix = "ord"\n',
            '[scanner] command_prefix = "ord": [scanner] command_prefix "ORD" and [scanner] '
            'order_prefix "ORD" clash',
        ),
        ('[scanner]\ntote_prefix = "BD"\n', 'tote_prefix "BD" and [scanner] badge_prefix "BDG"'),
        ('[scanner]\nprefix = "\\u0002"\n', '[scanner] prefix = "\\u0002": must be printable'),
        ('[scanner]\nserial_terminator = "cr lf"\n', 'serial_terminator = "cr lf": use "cr", "lf"'),
        ('[scanner]\nserial_terminator = "suffix:"\n', 'serial_terminator = "suffix:": use "cr"'),
        ('[scanner]\nserial_terminator = "suffix:X"\n', 'serial_terminator = "suffix:X": use'),
        ('[station]\nname = ""\n', '[station] name = "": must not be empty'),
        ('[station]\nname = "   "\n', '[station] name = "   ": must not be empty'),
        ('[station]\nname = " PACK-01"\n', 'name = " PACK-01": must not start or end with a space'),
        ('[station]\nname = "PACK\\u001b[2J"\n', 'name = "PACK\\u001b[2J": must be printable text'),
        ('[station]\nname = "A\\tB"\n', 'name = "A\\tB": must be printable text'),
        ('[station]\nname = "' + "S" * 65 + '"\n', "is 65 characters long; use at most 64"),
        ('[sender]\ncountry = "Germany"\n', '[sender] country = "Germany": use a two-letter code'),
        ('[sender]\nname = ""\n', '[sender] name = "": must not be empty'),
        ('[database]\nurl = ""\n', '[database] url = "": must not be empty; leave it out to use'),
        ('[database]\nurl = "mysql://u@h/db"\n', f'"mysql" is not supported; {USE_URL}'),
        ('[database]\nurl = "not a url"\n', f'url = "not a url": is not a database URL; {USE_URL}'),
        ('[database]\nurl = "sqlite://"\n', f'url = "sqlite://": {USE_URL} (three slashes)'),
        ('[database]\nurl = "postgresql://h:99999/db"\n', 'url = "postgresql://h:99999/db": is'),
    ],
)
def test_bad_config_files_say_where_what_and_which_value(
    tmp_path: Path, body: str, expected: str
) -> None:
    path = write(tmp_path, body)
    message = refused(path)
    assert message.startswith(f"config file {path}: ")
    assert expected in message


def test_the_station_name_fits_the_database_column(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, f'[station]\nname = "{"S" * 64}"\n'), environ={})
    assert load_settings(write(tmp_path, '[station]\nname = "Packtisch Süd 3"\n'), environ={})


@pytest.mark.parametrize(
    ("body", "setting", "value"),
    [
        ("[scanner]\nmax_gap_ms = 1\n", "scan_max_gap_ms", 1),
        ("[scanner]\nmax_gap_ms = 1000\n", "scan_max_gap_ms", 1000),
        ("[printer]\ntimeout_s = 120\n", "printer_timeout_s", 120.0),
        ("[sound]\nvolume = 0\n", "sound_volume", 0.0),
        ("[session]\nidle_lock_minutes = 0\n", "idle_lock_minutes", 0),
        ('[printer]\nprofile = "TM-T88V"\n', "printer_profile", "TM-T88V"),
        ('[scanner]\ngs_substitute = "~"\n', "scan_gs_substitute", "~"),
        ('[scanner]\ncommand_prefix = "CMDX123"\n', "command_prefix", "CMDX123"),
        ('[scanner]\nserial_terminator = "CRLF"\n', "serial_scanner_terminator", "CRLF"),
        ("[scanner]\nserial_baudrate = 115200\n", "serial_scanner_baudrate", 115200),
    ],
)
def test_values_at_the_bounds_are_accepted(
    tmp_path: Path, body: str, setting: str, value: object
) -> None:
    assert getattr(load_settings(write(tmp_path, body), environ={}), setting) == value


def test_serial_terminator_spellings() -> None:
    assert serial_terminator_bytes("cr") == b"\r"
    assert serial_terminator_bytes("lf") == b"\n"
    assert serial_terminator_bytes("CRLF") == b"\r\n"
    assert serial_terminator_bytes("suffix:\x04") == b"\x04"
    assert serial_terminator_bytes("suffix:#~") == b"#~"
    with pytest.raises(ConfigError, match=r'serial terminator "tab": use "cr"'):
        serial_terminator_bytes("tab")


@pytest.mark.parametrize(
    ("options", "environ", "expected"),
    [
        ({"database_url": "not a url"}, {}, f'--db "not a url": is not a database URL; {USE_URL}'),
        ({"database_url": "foo://x"}, {}, '--db "foo://x": the database "foo" is not supported'),
        (
            {"database_url": "mysql://u:secret@h/db"},
            {},
            f'--db "mysql://u:***@h/db": the database "mysql" is not supported; {USE_URL}',
        ),
        ({"database_url": ""}, {}, '--db "": must not be empty; leave it out'),
        ({"station": ""}, {}, '--station "": must not be empty'),
        ({"station": "A\x1bB"}, {}, '--station "A\\u001bB": must be printable text'),
        ({"station": "S" * 65}, {}, "is 65 characters long; use at most 64"),
        (
            {},
            {"PACKBENCH_DB_URL": "mysql://u@h/db"},
            'environment variable PACKBENCH_DB_URL="mysql://u@h/db": the database "mysql" is',
        ),
        (
            {},
            {"PACKBENCH_STATION": "\x07"},
            'environment variable PACKBENCH_STATION="\\u0007": must be printable text',
        ),
        (
            {},
            {"PACKBENCH_DATA_DIR": "__FILE__"},
            'environment variable PACKBENCH_DATA_DIR="__FILE__": is a file; give a folder',
        ),
    ],
)
def test_bad_options_and_environment_variables(
    tmp_path: Path, options: dict[str, str], environ: dict[str, str], expected: str
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    environ = {key: value.replace("__FILE__", str(a_file)) for key, value in environ.items()}
    expected = expected.replace("__FILE__", str(a_file))
    config = write(tmp_path, "")
    assert expected in refused(config, environ, **options)
    assert "secret" not in refused(config, environ, **options)


def test_a_config_file_that_was_asked_for_must_exist(tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    assert refused(missing) == f"config file {missing}: not found (given by --config)"
    assert refused(environ={"PACKBENCH_CONFIG": str(missing)}) == (
        f"config file {missing}: not found (given by PACKBENCH_CONFIG)"
    )


def test_unreadable_config_files(tmp_path: Path) -> None:
    assert refused(tmp_path) == f"config file {tmp_path}: is a folder, not a file"
    latin1 = write(tmp_path, '[station]\nname = "Packtisch S\xfcd"\n'.encode("latin-1"))
    assert refused(latin1) == f"config file {latin1}: is not UTF-8 text (invalid start byte)"


def test_every_setting_is_declared_with_its_spelling() -> None:
    declared = {f.name for f in fields(Settings) if f.metadata}
    assert declared == {f.name for f in fields(Settings)} - {"config_file"}
    assert PRINTER_SETTINGS["timeout_s"] == "printer_timeout_s"


def test_the_label_sizes_are_those_the_printer_knows() -> None:
    from app.adapters.devices.station_printer import SIZES

    size = next(f for f in fields(Settings) if f.name == "printer_label_size")
    assert set(size.metadata["rule"].choices) == {*SIZES, "receipt"}


def test_saving_printer_settings_checks_them_and_keeps_other_tables(tmp_path: Path) -> None:
    path = write(tmp_path, '[station]\nname = "PACK-04"\n')
    with pytest.raises(ConfigError, match=r"\[printer\] timeout_s = -1: use a number from"):
        save_printer_settings(path, {"kind": "file", "timeout_s": -1})
    save_printer_settings(path, {"kind": "network", "target": "10.0.0.9:9100", "timeout_s": 3})
    settings = load_settings(path, environ={})
    assert (settings.station, settings.printer_kind, settings.printer_timeout_s) == (
        "PACK-04",
        "network",
        3.0,
    )


def test_the_example_in_the_readme_is_accepted(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Configuration", 1)[1]
    example = section.split("```toml\n", 1)[1].split("```", 1)[0]
    settings = load_settings(write(tmp_path, example), environ={})
    assert (settings.station, settings.serial_scanner_terminator_bytes) == ("PACK-03", b"\r")
