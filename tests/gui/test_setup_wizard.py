"""The setup wizard, on the real widgets, driven by the keyboard only: it writes a config file
that starts a working station; a PostgreSQL server is tested before it is taken; a password
never lands in the config file; Cancel writes nothing."""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.bootstrap import build_station
from app.settings import Settings, load_settings
from app.setup_station import PrinterTrial, password_file, setup_actions
from app.ui.setup.wizard import SetupWizard
from tests.support.pgserver import PgServer

WAIT_MS = 20_000
ALT = Qt.KeyboardModifier.AltModifier
NO_KEY = Qt.KeyboardModifier.NoModifier


@dataclass
class Setup:
    wizard: SetupWizard
    config: Path
    data: Path
    pgpass: Path
    qtbot: QtBot

    def alt(self, key: Qt.Key, until: Callable[[], object]) -> None:
        """Alt+key, the key shown underlined on a button, then wait for what it does (a
        button pressed by its key clicks after its short press animation)."""
        self.press(key, ALT)
        self.qtbot.waitUntil(lambda: bool(until()), timeout=WAIT_MS)

    def next(self, page: str) -> None:
        self.alt(Qt.Key.Key_N, lambda: self.page() == page)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = NO_KEY) -> None:
        """A key as the keyboard gives it: to the widget that has focus (shortcuts first)."""
        QTest.keyClick(self.focus(), key, modifier)

    def type(self, text: str) -> None:
        QTest.keyClicks(self.focus(), text)

    def focus(self) -> QWidget:
        return QApplication.focusWidget() or self.wizard

    def page(self) -> str:
        return self.wizard.currentPage().title()

    def environ(self) -> dict[str, str]:
        return {"PACKBENCH_DATA_DIR": str(self.data)}


MakeSetup = Callable[..., Setup]


@pytest.fixture
def make_setup(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[MakeSetup]:
    made: list[tuple[SetupWizard, PrinterTrial]] = []
    pgpass = tmp_path / "home" / ".pgpass"
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path / "data"))

    def make(settings: Settings | None = None) -> Setup:
        settings = settings or Settings(data_dir=tmp_path / "data")
        config = tmp_path / "config" / "packbench.toml"
        trial = PrinterTrial(settings)
        wizard = SetupWizard(setup_actions(settings, config, trial))
        wizard.install_capture(qapp)
        made.append((wizard, trial))
        wizard.show()
        qtbot.waitExposed(wizard)
        wizard.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
        return Setup(wizard, config, tmp_path / "data", pgpass, qtbot)

    yield make
    for wizard, trial in made:
        qapp.removeEventFilter(wizard.capture)
        wizard.shutdown()
        trial.close()
        wizard.close()
        wizard.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def scan(setup: Setup, code: str) -> None:
    """Keys as fast as a keyboard-wedge scanner types them, then Enter."""
    QTest.keyClicks(setup.focus(), code)
    QTest.keyClick(setup.focus(), Qt.Key.Key_Return)


def through_station_page(setup: Setup, name: str) -> None:
    assert setup.page() == "Station name"
    setup.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    setup.type(name)
    setup.next("Printer")


def finish(setup: Setup) -> None:
    assert setup.page() == "Language"
    setup.alt(Qt.Key.Key_F, lambda: not setup.wizard.isVisible())


def test_every_page_by_keyboard_writes_a_config_that_starts_a_station(
    qtbot: QtBot, make_setup: MakeSetup
) -> None:
    setup = make_setup()
    assert setup.page() == "Database"
    assert setup.wizard.database.local.isChecked()  # the station's own SQLite file by default
    setup.next("Station name")

    # A bad station name is refused on its page, with the rule's own words.
    setup.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    setup.press(Qt.Key.Key_Delete)
    problem = setup.wizard.station.problem
    setup.alt(Qt.Key.Key_N, problem.text)
    assert setup.page() == "Station name"
    assert problem.text() == "✖ The station name must not be empty."
    through_station_page(setup, "PACK-07")

    assert setup.page() == "Printer"
    panel = setup.wizard.printer.panel
    assert panel.kind.currentText() == "file"
    setup.alt(Qt.Key.Key_P, lambda: "Test label sent" in panel.outcome_label.text())
    assert not panel.preview.pixmap().isNull()
    setup.next("Scanner")

    assert setup.page() == "Scanner"
    scanner = setup.wizard.scanner
    scan(setup, "BDG1001")
    assert "counted as a scan: yes" in scanner.panel.timing.text()
    assert scanner.panel.meaning.text().startswith("badge")
    suggestion = scanner.panel.suggestion
    assert suggestion is not None and 30 <= suggestion <= 150
    assert scanner.keep.isChecked() and f"{suggestion} ms" in scanner.keep.text()
    # A person typing here is not a scan, and Enter does not press Next.
    for key in (Qt.Key.Key_A, Qt.Key.Key_B, Qt.Key.Key_C):
        QTest.keyClick(setup.focus(), key, NO_KEY, 200)  # 200 ms apart: a person
    QTest.keyClick(setup.focus(), Qt.Key.Key_Return)
    assert setup.page() == "Scanner"
    assert "counted as a scan: no" in scanner.panel.timing.text()
    assert scanner.panel.suggestion is None and not scanner.keep.isChecked()
    scan(setup, "BDG1001")  # the scanner again: its measurement is the one saved
    suggestion = scanner.panel.suggestion
    assert suggestion is not None
    setup.next("Language")

    assert setup.wizard.language.chosen() == "en"
    assert not setup.config.exists()
    finish(setup)
    assert setup.wizard.result() and setup.wizard.saved == setup.config

    written = tomllib.loads(setup.config.read_text(encoding="utf-8"))
    assert written["station"] == {"name": "PACK-07", "language": "en"}
    assert "database" not in written  # the station's own SQLite file
    assert written["scanner"] == {"max_gap_ms": suggestion}
    settings = load_settings(setup.config, environ=setup.environ())
    assert (settings.station, settings.scan_max_gap_ms, settings.printer_kind) == (
        "PACK-07",
        suggestion,
        "file",
    )
    station = build_station(settings)
    try:
        assert station.record.name == "PACK-07"
        assert Path(station.settings.effective_database_url.removeprefix("sqlite:///")).exists()
    finally:
        station.close()


def test_a_postgresql_server_must_pass_the_connection_test(
    qtbot: QtBot, make_setup: MakeSetup, pg_server: PgServer
) -> None:
    url = pg_server.create_database()
    setup = make_setup()
    page = setup.wizard.database
    setup.alt(Qt.Key.Key_P, page.server.isChecked)  # PostgreSQL server
    assert page.url.isEnabled()
    wrong = url.replace(f":{pg_server.port}/", ":1/")
    setup.press(Qt.Key.Key_U, ALT)
    setup.type(wrong)
    setup.alt(Qt.Key.Key_T, lambda: page.outcome.text().startswith("✖"))
    message = page.outcome.text()
    assert message.startswith(f"✖ Cannot reach the database {wrong}: ")
    assert "\n" not in message and "port 1 failed" in message
    setup.alt(Qt.Key.Key_N, lambda: "first" in page.outcome.text())
    assert setup.page() == "Database"
    assert page.outcome.text().startswith("✖ Test the connection first (Alt+T)")

    # The right port, with a password in the URL: it is tested, then moved out of the URL.
    with_password = url.replace("packbench@", "packbench:s3cr%3Aet@")
    setup.press(Qt.Key.Key_U, ALT)
    setup.press(Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    setup.type(with_password)
    setup.alt(Qt.Key.Key_T, lambda: page.outcome.text().startswith("✔"))
    assert page.outcome.text().startswith(f"✔ Connected to {url}: empty")
    assert page.url.text() == url and page.password.text() == "s3cr:et"
    setup.next("Station name")
    through_station_page(setup, "PACK-PG")
    setup.next("Scanner")
    setup.next("Language")
    finish(setup)

    text = setup.config.read_text(encoding="utf-8")
    assert "s3cr" not in text
    assert tomllib.loads(text)["database"] == {"url": url}
    dbname = url.rsplit("/", 1)[1]
    assert setup.pgpass.read_text(encoding="utf-8") == (
        f"{pg_server.host}:{pg_server.port}:{dbname}:packbench:s3cr\\:et\n"
    )
    assert stat.S_IMODE(os.stat(setup.pgpass).st_mode) == 0o600
    assert password_file() == setup.pgpass
    settings = load_settings(setup.config, environ=setup.environ())
    station = build_station(settings)
    try:
        assert station.record.name == "PACK-PG"
    finally:
        station.close()


def test_cancel_writes_nothing(qtbot: QtBot, make_setup: MakeSetup) -> None:
    setup = make_setup()
    setup.alt(Qt.Key.Key_P, setup.wizard.database.server.isChecked)
    setup.press(Qt.Key.Key_U, ALT)
    setup.type("postgresql://packbench:pw@127.0.0.1:1/x")
    setup.press(Qt.Key.Key_W, ALT)
    setup.press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not setup.wizard.isVisible())
    assert not setup.wizard.result() and setup.wizard.saved is None
    assert not setup.config.exists() and not setup.config.parent.exists()
    assert not setup.pgpass.exists()


def test_setup_again_starts_from_the_config_file_and_keeps_its_other_tables(
    qtbot: QtBot, make_setup: MakeSetup, tmp_path: Path
) -> None:
    config = tmp_path / "config" / "packbench.toml"
    config.parent.mkdir()
    config.write_text(
        '[station]\nname = "PACK-03"\n\n[scanner]\nmax_gap_ms = 45\nmin_length = 5\n\n'
        '[sender]\nname = "North Hall"\nline1 = "Dock 4"\ncity = "Bremen"\n',
        encoding="utf-8",
    )
    setup = make_setup(load_settings(config, environ={"PACKBENCH_DATA_DIR": str(tmp_path)}))
    setup.next("Station name")
    assert setup.wizard.station.name.text() == "PACK-03"
    for page in ("Printer", "Scanner", "Language"):
        setup.next(page)
    finish(setup)
    written = tomllib.loads(config.read_text(encoding="utf-8"))
    assert written["station"]["name"] == "PACK-03"
    assert written["scanner"] == {"max_gap_ms": 45, "min_length": 5}  # no scan: kept
    assert written["sender"]["city"] == "Bremen"
