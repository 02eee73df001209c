"""The setup wizard: what it needs from outside the UI, what it hands back, and its pages in
order. Every page works without a mouse: each field and button has an Alt key, shown
underlined, and the wizard's own buttons say theirs (Alt+N next, Alt+B back, Alt+F finish,
Esc cancel)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget, QWizard

from app.domain.barcodes import InterpreterConfig
from app.domain.printing import PrinterState
from app.services.results import PrintReport
from app.ui.runner import Worker
from app.ui.scan_capture import ScanCapture, ScanRouter


@dataclass(frozen=True)
class SetupChoices:
    """What the wizard was told. ``database_url`` None: the station's own SQLite file; a
    PostgreSQL URL never holds the password, which is in ``password`` ("": none given)."""

    database_url: str | None = None
    password: str = ""
    station: str = "PACK-01"
    printer: dict[str, Any] = field(default_factory=dict)
    scan_max_gap_ms: int = 80
    language: str = "en"


@dataclass(frozen=True)
class SetupActions:
    """The wizard's work outside the window (``app.setup_station`` provides it).

    ``check_database(url, password)`` and ``try_printer(station, choice)`` run on the wizard's
    worker and raise ``DomainError`` with a one-line message; ``save`` writes the config file
    (and the password file) and raises ``ValueError`` or ``OSError`` with a message."""

    current: SetupChoices
    config_file: Path
    local_database: str
    password_file: Path
    check_database: Callable[[str, str], str]
    split_password: Callable[[str], tuple[str, str]]
    url_problem: Callable[[str], str | None]
    station_problem: Callable[[str], str | None]
    try_printer: Callable[[str, dict[str, Any]], tuple[PrinterState, PrintReport]]
    found_printers: Callable[[], Sequence[tuple[str, str, str]]]
    save: Callable[[SetupChoices], Path]
    languages: dict[str, str] = field(default_factory=lambda: {"en": "English"})
    codes: InterpreterConfig = field(default_factory=InterpreterConfig)


BUTTON_TEXT = {
    QWizard.WizardButton.BackButton: "< &Back",
    QWizard.WizardButton.NextButton: "&Next >",
    QWizard.WizardButton.FinishButton: "&Finish",
    QWizard.WizardButton.CancelButton: "Cancel (Esc)",
}


class SetupWizard(QWizard):
    """Finish saves (on the last page, so a refusal shows there and the wizard stays open);
    ``saved`` is then the config file written. Cancel writes nothing."""

    def __init__(self, actions: SetupActions, parent: QWidget | None = None) -> None:
        from app.ui.setup.pages import (
            DatabasePage,
            LanguagePage,
            PrinterPage,
            ScannerPage,
            StationPage,
        )

        super().__init__(parent)
        self.setWindowTitle("Packbench setup")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for which, text in BUTTON_TEXT.items():
            self.setButtonText(which, text)
        self._actions = actions
        self.saved: Path | None = None
        self.worker = Worker("setup", self)
        self.capture = ScanCapture(actions.current.scan_max_gap_ms, parent=self)
        self.router = ScanRouter(lambda _code: None, parent=self)
        self.capture.scanned.connect(self.router.deliver)
        self.capture.enabled = False
        self.database = DatabasePage(actions, self.worker)
        self.station = StationPage(actions)
        self.printer = PrinterPage(actions, self.worker, self.station_name)
        self.scanner = ScannerPage(actions, self.capture, self.router)
        self.language = LanguagePage(actions, self.save)
        for page in (self.database, self.station, self.printer, self.scanner, self.language):
            self.addPage(page)
        self.currentIdChanged.connect(self._on_current_id_changed)
        self.finished.connect(self._on_finished)
        self.resize(1200, 720)

    def station_name(self) -> str:
        return str(self.station.name.text()).strip()

    def choices(self) -> SetupChoices:
        url, password = self.database.chosen()
        return SetupChoices(
            database_url=url,
            password=password,
            station=self.station_name(),
            printer=self.printer.panel.choice(),
            scan_max_gap_ms=self.scanner.chosen_gap(),
            language=self.language.chosen(),
        )

    def save(self) -> Path:
        self.saved = self._actions.save(self.choices())
        return self.saved

    def install_capture(self, app: QCoreApplication) -> None:
        """Let the scanner page see the keys (an application-wide event filter, removed
        when the wizard is done)."""
        self.capture.install(app)
        self.finished.connect(lambda _result: self.capture.uninstall())

    def _on_current_id_changed(self, _page_id: int) -> None:
        on_scanner = self.currentPage() is self.scanner
        self.capture.enabled = on_scanner
        self.scanner.panel.listen(on_scanner)
        if on_scanner:
            self.scanner.scan_field.setFocus()

    def _on_finished(self, _result: int) -> None:
        self.capture.enabled = False
        self.scanner.panel.listen(False)

    def shutdown(self) -> None:
        """Wait for a connection or printer test still running."""
        self.worker.shutdown()
