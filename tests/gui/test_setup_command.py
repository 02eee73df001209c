"""``packbench setup`` and the first start of a station without a configuration: the wizard
opens; Finish writes the config file (then the first start goes on to the station's window);
Cancel writes nothing and says how to start again."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard

from app.main import _first_start, _parser, main
from app.ui.main_window import MainWindow
from app.ui.setup.wizard import SetupWizard
from tests.gui.test_pack_screen import wedge

CANCELLED = "packbench: setup cancelled, nothing written; run 'packbench setup' to start again\n"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A station with nothing configured: no config file, no variables."""
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "pgpass"))
    for name in ("PACKBENCH_CONFIG", "PACKBENCH_DB_URL", "PACKBENCH_STATION"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def packbench(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
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
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("args", [("--quit-after", "0.5", "setup"), ("--quit-after", "0.5")])
def test_setup_and_a_first_start_open_the_wizard(home: Path, args: tuple[str, ...]) -> None:
    result = packbench(*args, home=home)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "packbench: setup wizard shown on offscreen\n" + CANCELLED
    assert not (home / "config-home").exists()


def test_what_counts_as_a_first_start(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse = _parser().parse_args
    assert _first_start(parse([]))
    assert _first_start(parse(["--quit-after", "3", "-v"]))
    for args in (["--demo"], ["--smoke-test"], ["--db", "sqlite:///x"], ["--station", "P"]):
        assert not _first_start(parse(args)), args
    assert not _first_start(parse(["--config", str(home / "x.toml")]))
    assert not _first_start(parse(["ports"]))
    monkeypatch.setenv("PACKBENCH_DB_URL", "sqlite:///x")
    assert not _first_start(parse([]))
    monkeypatch.delenv("PACKBENCH_DB_URL")
    config = home / "config-home" / "packbench" / "packbench.toml"
    config.parent.mkdir(parents=True)
    config.write_text("", encoding="utf-8")
    assert not _first_start(parse([]))


def test_a_first_start_finishes_the_wizard_then_opens_the_station(
    qapp: QApplication, home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[str] = []

    def drive() -> None:
        wizard = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, SetupWizard) and w.isVisible()),
            None,
        )
        window = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
            None,
        )
        if wizard is not None and wizard.currentPage() is wizard.database:
            seen.append("wizard")
            wizard.next()
            wizard.station.name.setText("PACK-NEW")
            for _page in range(3):
                wizard.next()
            wizard.button(QWizard.WizardButton.FinishButton).click()
        elif window is not None:
            seen.append(window.windowTitle())
            window.close()
            return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    assert main([]) == 0
    assert seen[0] == "wizard" and "PACK-NEW" in seen[-1]
    config = home / "config-home" / "packbench" / "packbench.toml"
    assert tomllib.loads(config.read_text(encoding="utf-8"))["station"]["name"] == "PACK-NEW"
    assert (home / "data" / "packbench.sqlite").exists()
    assert CANCELLED not in capsys.readouterr().out


def test_a_first_start_without_users_says_how_to_add_them(qapp: QApplication, home: Path) -> None:
    """The wizard's last page and the station's sign-in say that the new database has no
    users yet and how an admin adds them; a badge scanned then says the same, not "unknown"."""
    command = "packbench users add NAME --badge CODE --role admin"
    seen: dict[str, str] = {}
    tries = [0]

    def drive() -> None:
        tries[0] += 1
        wizard = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, SetupWizard) and w.isVisible()),
            None,
        )
        window = next(
            (w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()),
            None,
        )
        if wizard is not None and wizard.currentPage() is wizard.database:
            wizard.next()
            wizard.station.name.setText("PACK-NEW")
            for _page in range(3):
                wizard.next()
            seen["wizard"] = wizard.language.users.text()
            wizard.button(QWizard.WizardButton.FinishButton).click()
        elif window is not None:
            screen = window.pack_screen
            if "signed_out" not in seen and "No users yet" in screen.banner.text():
                seen["signed_out"] = screen.banner.text()
                wedge(screen.entry, "BDG1001")
            elif (
                "signed_out" in seen
                and not screen.busy
                and screen.banner.text() != seen.get("signed_out")
            ):
                seen["badge"] = screen.banner.text()
            if "badge" in seen or tries[0] > 500:
                window.close()
                return
        QTimer.singleShot(20, drive)

    QTimer.singleShot(0, drive)
    assert main([]) == 0
    assert command in seen["wizard"]
    assert seen["signed_out"].endswith(f"No users yet: an admin adds them with `{command}`.")
    assert "No users yet" in seen["badge"] and "not recognised" not in seen["badge"]
