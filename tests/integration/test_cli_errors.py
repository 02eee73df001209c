"""Bad input to ``packbench``: every case ends in one line on stderr and exit code 2, never a
traceback. Most cases call ``main`` in this process; the ones that once crashed deepest run
the real command in a subprocess, where a traceback would really reach the terminal."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from app.main import main

USE_URL = "use sqlite:///PATH or postgresql://USER@HOST/DATABASE"


@pytest.fixture
def cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> object:
    """Run ``main`` with the station's files under ``tmp_path``; return its one error line."""
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.delenv("PACKBENCH_CONFIG", raising=False)
    monkeypatch.delenv("PACKBENCH_DB_URL", raising=False)
    monkeypatch.delenv("PACKBENCH_STATION", raising=False)

    def run(*argv: str) -> str:
        assert main(list(argv)) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err.endswith("\n") and err.count("\n") == 1, err
        assert err.startswith("packbench: ")
        return err.removeprefix("packbench: ").rstrip("\n")

    return run


def config(tmp_path: Path, body: str) -> str:
    path = tmp_path / "station.toml"
    path.write_text(body, encoding="utf-8")
    return str(path)


def corrupt_sqlite(tmp_path: Path) -> Path:
    path = tmp_path / "corrupt.sqlite"
    path.write_bytes(os.urandom(4096))
    return path


def test_config_file_structure(cli: object, tmp_path: Path) -> None:
    run = cli
    assert callable(run)
    path = config(tmp_path, 'station = "PACK-02"\n')
    assert run("--config", path, "db", "current") == (
        f'config file {path}: station = "PACK-02": [station] is a section; write [station] on '
        "its own line and its settings below it"
    )
    path = config(tmp_path, "[[scanner]]\nmax_gap_ms = 30\n")
    assert run("--config", path, "db", "current") == (
        f"config file {path}: [[scanner]]: write [scanner] (one table, not a list)"
    )
    path = config(tmp_path, "[scaner]\nmax_gap_ms = 30\n")
    assert run("--config", path, "db", "current").startswith(
        f"config file {path}: unknown section [scaner] (did you mean [scanner]?); use [station], "
    )
    assert run("--config", str(tmp_path), "db", "current") == (
        f"config file {tmp_path}: is a folder, not a file"
    )
    missing = tmp_path / "missing.toml"
    assert run("--config", str(missing), "db", "current") == (
        f"config file {missing}: not found (given by --config)"
    )


def test_config_file_values(cli: object, tmp_path: Path) -> None:
    run = cli
    assert callable(run)
    path = config(tmp_path, '[scanner]\ngs_substitute = "A"\n')
    assert run("--config", path, "db", "current") == (
        f'config file {path}: [scanner] gs_substitute = "A": use one visible character that '
        'never appears in barcodes, such as | ~ ^ or #, or "" for none'
    )
    path = config(tmp_path, "[printer]\ntimeout_s = inf\n")
    assert run("--config", path, "db", "current") == (
        f"config file {path}: [printer] timeout_s = inf: use a number from 0.5 to 120"
    )
    path = config(tmp_path, "[scanner]\nmax_gap_ms = 1.9\n")
    assert run("--config", path, "db", "current") == (
        f"config file {path}: [scanner] max_gap_ms = 1.9: use a whole number from 1 to 1000"
    )
    path = config(tmp_path, '[scanner]\ncommand_prefix = "C M"\n')
    assert run("--config", path, "commands-sheet", "--out", str(tmp_path / "c.pdf")) == (
        f'config file {path}: [scanner] command_prefix = "C M": use 1 to 7 letters A-Z and '
        "digits, starting with a letter"
    )
    assert not (tmp_path / "c.pdf").exists()


def test_database_urls(cli: object) -> None:
    run = cli
    assert callable(run)
    assert run("--db", "not a url", "db", "current") == (
        f'--db "not a url": is not a database URL; {USE_URL}'
    )
    assert run("--db", "foo://x", "db", "current") == (
        f'--db "foo://x": the database "foo" is not supported; {USE_URL}'
    )
    assert run("--db", "mysql://u@h/db", "db", "upgrade") == (
        f'--db "mysql://u@h/db": the database "mysql" is not supported; {USE_URL}'
    )


@pytest.mark.parametrize("action", ["current", "upgrade"])
def test_a_corrupt_sqlite_file(cli: object, tmp_path: Path, action: str) -> None:
    run = cli
    assert callable(run)
    path = corrupt_sqlite(tmp_path)
    assert run("--db", f"sqlite:///{path}", "db", action) == (
        f"Cannot open the database sqlite:///{path}: file is not a database"
    )


def test_an_sqlite_path_under_a_regular_file(cli: object, tmp_path: Path) -> None:
    run = cli
    assert callable(run)
    blocker = tmp_path / "plain-file"
    blocker.write_text("not a folder")
    url = f"sqlite:///{blocker / 'sub' / 'station.sqlite'}"
    assert run("--db", url, "db", "upgrade") == (
        f"Cannot open the database {url}: {blocker} is a file, not a folder"
    )


def test_an_sqlite_path_in_a_missing_folder_is_no_new_database(cli: object, tmp_path: Path) -> None:
    """A typo in --db must not silently become a new, empty database somewhere."""
    run = cli
    assert callable(run)
    missing = tmp_path / "no-such-folder"
    url = f"sqlite:///{missing / 'station.sqlite'}"
    for action in ("upgrade", "current"):
        assert run("--db", url, "db", action) == (
            f"Cannot open the database {url}: the folder {missing} does not exist (check the "
            "path; a new database is made in a folder that exists)."
        )
    assert not missing.exists()


def test_commands_sheet_output_paths(cli: object, tmp_path: Path) -> None:
    run = cli
    assert callable(run)
    assert run("commands-sheet", "--out", str(tmp_path)) == (
        f"--out {tmp_path}: is a folder; give a file name such as {tmp_path / 'x.pdf'}"
    )
    into_missing = tmp_path / "no-such-folder" / "sheet.pdf"
    assert run("commands-sheet", "--out", str(into_missing)) == (
        f"--out {into_missing}: the folder {into_missing.parent} does not exist"
    )
    assert list(tmp_path.iterdir()) == []  # nothing written, no temporary file left


def test_bad_station_names_and_environment(
    cli: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = cli
    assert callable(run)
    assert run("--station", "", "db", "current") == '--station "": must not be empty'
    assert run("--station", "PACK\x1b[31m", "db", "current") == (
        '--station "PACK\\u001b[31m": must be printable text (no control characters such as '
        "ESC or tab)"
    )
    assert run("--station", "S" * 65, "db", "current") == (
        f'--station "{"S" * 65}": is 65 characters long; use at most 64'
    )
    monkeypatch.setenv("PACKBENCH_DB_URL", "mysql://u:secret@h/db")
    assert run("db", "current") == (
        'environment variable PACKBENCH_DB_URL="mysql://u:***@h/db": the database "mysql" is '
        f"not supported; {USE_URL}"
    )
    monkeypatch.delenv("PACKBENCH_DB_URL")
    missing = tmp_path / "gone.toml"
    monkeypatch.setenv("PACKBENCH_CONFIG", str(missing))
    assert run("db", "current") == f"config file {missing}: not found (given by PACKBENCH_CONFIG)"


def test_a_bad_command_line_is_one_line_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--no-such-option"])
    assert caught.value.code == 2
    assert capsys.readouterr().err == (
        "packbench: unrecognized arguments: --no-such-option (see packbench --help)\n"
    )


# --- The real command, in a subprocess ---------------------------------------------------------


def packbench(*args: str, home: Path, user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PACKBENCH_DATA_DIR=str(home / "data"),
        XDG_CONFIG_HOME=str(home / "config-home"),
    )
    for name in ("PACKBENCH_CONFIG", "PACKBENCH_DB_URL", "PACKBENCH_STATION"):
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        user=user,
        timeout=120,
        check=False,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], expected: str) -> None:
    assert (result.returncode, result.stdout) == (2, ""), result.stderr
    assert result.stderr == f"packbench: {expected}\n"


@pytest.mark.parametrize(
    "args",
    [("db", "current"), ("db", "upgrade"), ("--smoke-test",)],
    ids=["db current", "db upgrade", "smoke test"],
)
def test_a_corrupt_sqlite_file_in_the_real_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    path = corrupt_sqlite(tmp_path)
    result = packbench("--db", f"sqlite:///{path}", *args, home=tmp_path)
    assert_one_line(result, f"Cannot open the database sqlite:///{path}: file is not a database")


def test_a_top_level_key_in_the_real_command(tmp_path: Path) -> None:
    path = config(tmp_path, "max_gap_ms = 30\n")
    result = packbench("--config", path, "db", "current", home=tmp_path)
    assert_one_line(
        result,
        f"config file {path}: max_gap_ms = 30: a setting outside any section; put it "
        "under [scanner]",
    )


def test_an_unreadable_config_file(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="packbench-unreadable-"))
    try:
        folder.chmod(0o755)
        path = Path(config(folder, '[station]\nname = "PACK-05"\n'))
        path.chmod(0)
        # root reads any file: then read it as an ordinary user, as a station would run.
        user = "nobody" if os.geteuid() == 0 else None
        result = packbench("--config", str(path), "db", "current", home=tmp_path, user=user)
        assert_one_line(result, f"config file {path}: cannot be read (Permission denied)")
    finally:
        shutil.rmtree(folder)


def test_a_config_file_in_a_folder_that_cannot_be_entered(tmp_path: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="packbench-closed-"))
    try:
        path = Path(config(folder, '[station]\nname = "PACK-05"\n'))
        folder.chmod(0)
        user = "nobody" if os.geteuid() == 0 else None
        result = packbench("--config", str(path), "db", "current", home=tmp_path, user=user)
        assert_one_line(result, f"config file {path}: cannot be read (Permission denied)")
    finally:
        folder.chmod(0o700)
        shutil.rmtree(folder)


def test_a_printer_target_that_makes_no_printer(tmp_path: Path) -> None:
    path = config(tmp_path, '[printer]\nkind = "network"\ntarget = "printer-3:abc"\n')
    database = tmp_path / "station.sqlite"
    result = packbench(
        "--config", path, "--db", f"sqlite:///{database}", "printer-test", home=tmp_path
    )
    assert_one_line(
        result,
        f'config file {path}: [printer] kind = "network", target = "printer-3:abc": network '
        "printer 'printer-3:abc' is not host:port (e.g. 10.0.4.21:9100, printer-3.local or "
        "[fe80::1]:9100)",
    )
    assert not database.exists()  # refused before the database was touched


def test_without_a_display_the_window_command_says_so(tmp_path: Path) -> None:
    """No DISPLAY: one line and exit code 2, not Qt aborting on its platform plugin."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "PACKBENCH_CONFIG")
    }
    env["PACKBENCH_DATA_DIR"] = str(tmp_path / "data")
    env["XDG_CONFIG_HOME"] = str(tmp_path / "config-home")
    result = subprocess.run(
        [sys.executable, "-m", "app.main", "--db", f"sqlite:///{tmp_path / 's.sqlite'}"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("packbench: no display to open the station's window on")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["manifest", "print", "99999999999999999999"],
        ["manifest", "close", "DHL", "--pickup", "99999999999999999999", "--badge", "B"],
        ["labels", "answer", "99999999999999999999", "yes", "--badge", "B"],
        ["labels", "reprint", "--parcel", "99999999999999999999", "--reason", "r", "--badge", "B"],
        ["export", "shipments", "--badge", "B", "--batch-size", "99999999999999999999"],
        ["export", "shipments", "--badge", "B", "--watch", "--every", "99999999999999999999"],
        [
            "ranges",
            "add",
            "sscc",
            "--company-prefix",
            "4012345",
            "--first",
            "1",
            "--last",
            "99999999999999999999999",
            "--badge",
            "B",
        ],
        ["scale", "read", "--port", "/dev/null", "--protocol", "mt-sics", "--baud", "1e99"],
        ["--quit-after", "1e308"],
    ],
)
def test_a_number_too_big_is_one_line_and_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("packbench") and err.count("\n") == 1, err
    assert "out of range" in err or "is not a whole number" in err, err


def test_a_manifest_id_too_big_from_the_real_command(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            f"sqlite:///{tmp_path}/x.sqlite",
            "manifest",
            "print",
            "99999999999999999999",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "out of range" in done.stderr
