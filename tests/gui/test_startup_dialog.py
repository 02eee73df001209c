"""Starting the station's window with bad settings or a bad database: the same one line that
``packbench`` prints appears in a dialog, and the exit code is 2."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.main import main


def start_and_read_dialog(
    qapp: QApplication, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str, str]:
    """Run ``main(argv)``; close the dialog it opens; return (exit code, stderr line, dialog
    title, dialog text)."""
    seen: list[tuple[str, str]] = []

    def close_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            seen.append((dialog.windowTitle(), dialog.text()))
            dialog.accept()
        else:
            QTimer.singleShot(10, close_dialog)

    QTimer.singleShot(0, close_dialog)
    code = main(argv)
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert len(seen) == 1, "no dialog"
    return code, err.removeprefix("packbench: ").rstrip("\n"), *seen[0]


@pytest.fixture
def station_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    for name in ("PACKBENCH_CONFIG", "PACKBENCH_DB_URL", "PACKBENCH_STATION"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_a_bad_config_file_shows_the_same_line_in_a_dialog(
    qapp: QApplication, station_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = station_files / "station.toml"
    path.write_text("[scanner]\nmax_gap_ms = -3\n", encoding="utf-8")
    code, line, title, text = start_and_read_dialog(qapp, ["--config", str(path)], capsys)
    assert code == 2
    assert (
        line == f"config file {path}: [scanner] max_gap_ms = -3: use a whole number from 1 to 1000"
    )
    assert (title, text) == ("Packbench cannot start", line)


def test_a_corrupt_database_shows_the_same_line_in_a_dialog(
    qapp: QApplication, station_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = station_files / "corrupt.sqlite"
    corrupt.write_bytes(os.urandom(4096))
    code, line, title, text = start_and_read_dialog(qapp, ["--db", f"sqlite:///{corrupt}"], capsys)
    assert code == 2
    assert line == f"Cannot open the database sqlite:///{corrupt}: file is not a database"
    assert (title, text) == ("Packbench cannot start", line)
