"""The setup wizard's pages. Each checks its own input where it is left (``validatePage``)
and says what is wrong on the page itself."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.ui.runner import Worker
from app.ui.scan_capture import ScanCapture, ScanRouter
from app.ui.setup.wizard import SetupActions
from app.ui.views.printer_panel import PrinterPanel
from app.ui.views.test_scan_dialog import TestScanPanel


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _labelled(text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    return label


class DatabasePage(QWizardPage):
    """The station's own SQLite file (the default), or a PostgreSQL server shared by several
    stations, which must pass "Test connection" before Next."""

    def __init__(self, actions: SetupActions, worker: Worker) -> None:
        super().__init__()
        self.setTitle("Database")
        self.setSubTitle("Where this station keeps orders, scans and labels.")
        self._actions = actions
        self._worker = worker
        self._tested: tuple[str, str] | None = None  # the URL and password that connected
        self.local = QRadioButton(f"&Local SQLite file on this computer: {actions.local_database}")
        self.server = QRadioButton("&PostgreSQL server (stations share one database)")
        self.url = QLineEdit()
        self.url.setPlaceholderText("postgresql://packbench@db.warehouse.lan/packbench")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("(none: the server needs none, or it is set up already)")
        self.test_button = QPushButton("&Test connection")
        self.test_button.clicked.connect(self.request_test)
        self.outcome = _note()
        self.where = _note(
            "The password is never written into the config file. Finish stores it in "
            f"PostgreSQL's own password file {actions.password_file} (only you can read it), "
            "where the database driver finds it. Or leave it empty and set PGPASSWORD, or give "
            "the whole URL in PACKBENCH_DB_URL."
        )
        current = actions.current
        self.server.setChecked(current.database_url is not None)
        self.local.setChecked(current.database_url is None)
        self.url.setText(current.database_url or "")
        form = QFormLayout()
        form.addRow(_labelled("&URL", self.url), self.url)
        form.addRow(_labelled("Pass&word", self.password), self.password)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.local, self.server):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(self.where)
        self.server.toggled.connect(self._on_server_toggled)
        self._on_server_toggled(self.server.isChecked())

    def _on_server_toggled(self, on: bool) -> None:
        for widget in (self.url, self.password, self.test_button, self.where):
            widget.setEnabled(on)

    def chosen(self) -> tuple[str | None, str]:
        """(URL without password, password); (None, "") for the local file."""
        if self.local.isChecked():
            return None, ""
        url, password = self._actions.split_password(self.url.text().strip())
        return url, password or self.password.text()

    def _take_password_out_of_url(self) -> None:
        url, password = self._actions.split_password(self.url.text().strip())
        if password:
            self.url.setText(url)
            self.password.setText(password)

    def request_test(self) -> None:
        """Connect to the server on the worker: the same one line as at start when it fails."""
        self._take_password_out_of_url()
        url, password = self.chosen()
        problem = self._actions.url_problem(url or "")
        if url is None or problem:
            self.outcome.setText(f"✖ URL {url!r}: {problem}")
            return
        self.test_button.setEnabled(False)
        self.outcome.setText("Connecting…")
        self._worker.submit(
            self._actions.check_database,
            url,
            password,
            on_done=functools.partial(self._on_tested, (url, password)),
            on_error=self._on_test_failed,
        )

    def _on_tested(self, tested: tuple[str, str], said: object) -> None:
        self.test_button.setEnabled(True)
        self._tested = tested
        self.outcome.setText(f"✔ {said}")

    def _on_test_failed(self, message: str, _exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._tested = None
        self.outcome.setText(f"✖ {message}")

    def validatePage(self) -> bool:
        if self.local.isChecked():
            return True
        self._take_password_out_of_url()
        if self._tested != self.chosen():
            self.outcome.setText("✖ Test the connection first (Alt+T); Next needs one that works.")
            return False
        return True


class StationPage(QWizardPage):
    def __init__(self, actions: SetupActions) -> None:
        super().__init__()
        self.setTitle("Station name")
        self.setSubTitle(
            "Each station has its own name: it is recorded with every scan and label, and two "
            "stations must never share one."
        )
        self._actions = actions
        self.name = QLineEdit(actions.current.station)
        self.problem = _note()
        form = QFormLayout(self)
        form.addRow(_labelled("Station na&me", self.name), self.name)
        form.addRow("", self.problem)

    def initializePage(self) -> None:
        self.name.setFocus()
        self.name.selectAll()

    def validatePage(self) -> bool:
        problem = self._actions.station_problem(self.name.text())
        self.problem.setText(f"✖ The station name {problem}." if problem else "")
        return problem is None


class PrinterPage(QWizardPage):
    """The printer settings dialog's panel: connection (with the serial ports found), where,
    language, label size, and a test label with its preview."""

    def __init__(self, actions: SetupActions, worker: Worker, station: Callable[[], str]) -> None:
        super().__init__()
        self.setTitle("Printer")
        self.setSubTitle("Choose the label printer and print a test label (Alt+P).")
        self._actions = actions
        self._station = station
        current = actions.current.printer
        trial = functools.partial(actions.try_printer, actions.current.station)
        self.panel = PrinterPanel(current, trial, worker, actions.found_printers(), self)
        self.panel.buttons.addStretch(1)
        QVBoxLayout(self).addWidget(self.panel)

    def initializePage(self) -> None:
        self.panel.try_printer = functools.partial(self._actions.try_printer, self._station())
        self.panel.kind.setFocus()


class ScanField(QLineEdit):
    """Where keys that were not a scan land: Enter here never presses Next."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class ScannerPage(QWizardPage):
    """A test scan: the gaps between the scanner's keys, and the ``max_gap_ms`` they suggest,
    saved when the box is ticked."""

    def __init__(self, actions: SetupActions, capture: ScanCapture, router: ScanRouter) -> None:
        super().__init__()
        self.setTitle("Scanner")
        self.setSubTitle(
            "Scan any barcode with this station's scanner: the wizard measures how fast its "
            "keys come, to tell scans from typing."
        )
        self._current = actions.current.scan_max_gap_ms
        self.panel = TestScanPanel(capture, router, actions.codes, self)
        self.scan_field = ScanField()
        self.scan_field.setPlaceholderText("(scans are shown above; typing lands here)")
        self.keep = QCheckBox(f"&Save the measured max gap (now {self._current} ms)")
        self.keep.setEnabled(False)
        self.panel.measured.connect(self._on_panel_measured)
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)
        layout.addWidget(self.scan_field)
        layout.addWidget(self.keep)
        layout.addStretch(1)

    def _on_panel_measured(self, suggestion: object) -> None:
        if isinstance(suggestion, int):
            self.keep.setText(f"&Save max gap {suggestion} ms (now {self._current} ms)")
            self.keep.setEnabled(True)
            self.keep.setChecked(True)
        else:
            self.keep.setText(f"&Save the measured max gap (none fits; keeping {self._current} ms)")
            self.keep.setChecked(False)
            self.keep.setEnabled(False)

    def chosen_gap(self) -> int:
        suggestion = self.panel.suggestion
        if self.keep.isChecked() and suggestion is not None:
            return suggestion
        return self._current


class LanguagePage(QWizardPage):
    """The station's language; Finish writes the config file."""

    def __init__(self, actions: SetupActions, save: Callable[[], Path]) -> None:
        super().__init__()
        self.setTitle("Language")
        self.setSubTitle("The language of this station's screens.")
        self._save = save
        self.language = QComboBox()
        for code, name in actions.languages.items():
            self.language.addItem(f"{name} ({code})", code)
        index = self.language.findData(actions.current.language)
        self.language.setCurrentIndex(max(index, 0))
        self.outcome = _note(
            f"Finish (Alt+F) writes the configuration to {actions.config_file}; "
            "'packbench setup' opens this wizard again."
        )
        self.users = _note(
            "A new database has no users yet, and no badge signs in: an admin adds them with "
            "`packbench users add NAME --badge CODE --role admin` (the first admin needs no "
            "--admin-badge)."
        )
        form = QFormLayout(self)
        form.addRow(_labelled("&Language", self.language), self.language)
        form.addRow("", self.users)
        form.addRow("", self.outcome)
        self.setFinalPage(True)

    def chosen(self) -> str:
        return str(self.language.currentData())

    def initializePage(self) -> None:
        self.language.setFocus()

    def validatePage(self) -> bool:
        try:
            path = self._save()
        except (OSError, ValueError) as exc:
            self.outcome.setText(f"✖ Not saved: {exc}")
            return False
        self.outcome.setText(f"✔ Saved to {path}.")
        return True
