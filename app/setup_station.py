"""The setup wizard's work outside the window, and running it: ``packbench setup``, and the
first start of a station that has no configuration yet.

The wizard writes the station's config file (``app.settings.save_config``: atomically,
checked by the rules it is read with). A PostgreSQL password never goes into that file: Finish
puts it into libpq's own password file (``PGPASSFILE``, else ``~/.pgpass``, or
``%APPDATA%\\postgresql\\pgpass.conf`` on Windows), mode 0600, where the driver finds it.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine, make_url

from app.bootstrap import build_station, current_schema, open_database
from app.config_file import save_config
from app.domain.errors import DatabaseUnavailable, DomainError, SchemaMismatch
from app.domain.printing import PrinterState
from app.services.results import PrintReport
from app.setting_checks import database_url as url_problem
from app.setting_checks import station_name as station_problem
from app.settings import LANGUAGES, PRINTER_SETTINGS, ConfigError, Settings
from app.ui.setup.wizard import SetupActions, SetupChoices


def password_file(environ: Mapping[str, str] | None = None) -> Path:
    """Where libpq looks for passwords."""
    environ = os.environ if environ is None else environ
    if environ.get("PGPASSFILE"):
        return Path(environ["PGPASSFILE"])
    if sys.platform == "win32":
        return Path(environ.get("APPDATA", "~")).expanduser() / "postgresql" / "pgpass.conf"
    return Path("~/.pgpass").expanduser()


def split_password(url: str) -> tuple[str, str]:
    """(the URL without its password, the password or "")."""
    try:
        parsed = make_url(url)
    except Exception:  # not a URL at all: the URL check says why
        return url, ""
    if not parsed.password:
        return url, ""
    bare = parsed._replace(password=None).render_as_string(hide_password=False)
    return bare, str(parsed.password)


def _with_password(url: str, password: str) -> str:
    if not password:
        return url
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def _escaped(field: str) -> str:
    return field.replace("\\", "\\\\").replace(":", "\\:")


def save_password(url: str, password: str, environ: Mapping[str, str] | None = None) -> Path:
    """Put ``password`` for the server, database and user of ``url`` into libpq's password
    file (replacing an entry for the same four), readable by this user only."""
    parsed = make_url(url)
    fields = [
        parsed.host or "localhost",
        str(parsed.port or 5432),
        parsed.database or "*",
        parsed.username or "*",
    ]
    key = ":".join(_escaped(field) for field in fields) + ":"
    path = password_file(environ)
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    kept = [line for line in lines if not line.startswith(key)]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".pgpass-")
    try:
        os.chmod(temporary, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write("\n".join([*kept, key + _escaped(password)]) + "\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def check_database(url: str, password: str) -> str:
    """Connect to ``url`` and say what is there; raise ``DomainError`` with one line if not."""
    problem = url_problem(url)
    if problem:
        raise DatabaseUnavailable(f"URL {url}: {problem}")
    from app.adapters.db.engine import safe_url
    from app.adapters.db.schema import head_revision, is_known

    revision = current_schema(_with_password(url, password))
    where = f"Connected to {safe_url(url)}"
    if revision is None:
        return f"{where}: empty; Packbench makes its tables at the first start."
    if not is_known(revision):
        raise SchemaMismatch(
            f"{where}, but its schema {revision} is from a newer Packbench: update this station."
        )
    if revision != head_revision():
        return f"{where}: schema {revision}; run 'packbench db upgrade' before the first start."
    return f"{where}: Packbench's tables are there (schema {revision})."


class PrinterTrial:
    """Test labels before the station's database is chosen: on a station built over a
    scratch SQLite database (its audit rows are thrown away), with the real printer."""

    def __init__(self, settings: Settings) -> None:
        self._settings = replace(settings, printer_kind="file", printer_target="")
        self._lock = threading.Lock()
        self._folder: str | None = None
        self._engine: Engine | None = None

    def __call__(self, station: str, choice: dict[str, Any]) -> tuple[PrinterState, PrintReport]:
        with self._lock:
            if self._engine is None:
                self._folder = tempfile.mkdtemp(prefix="packbench-setup-")
                self._engine = open_database(f"sqlite:///{self._folder}/trial.sqlite")
            name = station if station_problem(station) is None else "SETUP"
            trial = build_station(replace(self._settings, station=name), engine=self._engine)
        try:
            return trial.try_printer(choice)
        except ConfigError as exc:
            raise DomainError(str(exc)) from exc

    def close(self) -> None:
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            if self._folder is not None:
                shutil.rmtree(self._folder, ignore_errors=True)
            self._engine = self._folder = None


def found_printers() -> list[tuple[str, str, str]]:
    """Printer connections found on this machine: the serial ports (USB and network printers
    are not searched for; type their address)."""
    from app.adapters.devices.serial_scanner import discover_ports

    return [("serial", port.device, f"serial: {port.label}") for port in discover_ports()]


def save_choices(path: Path, choices: SetupChoices) -> Path:
    """Write what the wizard was told into the config file at ``path`` (the password into
    libpq's password file). Raises ``ConfigError`` with one line."""
    try:
        if choices.database_url and choices.password:
            save_password(choices.database_url, choices.password)
        save_config(
            path,
            {
                "station": {"name": choices.station, "language": choices.language},
                "database": {"url": choices.database_url},
                "printer": choices.printer,
                "scanner": {"max_gap_ms": choices.scan_max_gap_ms},
            },
            whole=("printer",),
        )
    except OSError as exc:
        where = exc.filename or path
        raise ConfigError(f"cannot write {where}: {exc.strerror or exc}") from exc
    return path


def setup_actions(settings: Settings, path: Path, trial: PrinterTrial) -> SetupActions:
    from app.bootstrap import interpreter_config

    current = SetupChoices(
        database_url=settings.database_url,
        station=settings.station,
        printer={key: getattr(settings, name) for key, name in PRINTER_SETTINGS.items()},
        scan_max_gap_ms=settings.scan_max_gap_ms,
        language=settings.language,
    )
    return SetupActions(
        current=current,
        config_file=path,
        local_database=settings.effective_database_url.removeprefix("sqlite:///"),
        password_file=password_file(),
        check_database=check_database,
        split_password=split_password,
        url_problem=url_problem,
        station_problem=station_problem,
        try_printer=trial,
        found_printers=found_printers,
        save=lambda choices: save_choices(path, choices),
        languages=dict(LANGUAGES),
        codes=interpreter_config(settings),
    )


def run_setup(settings: Settings, path: Path, *, quit_after: float | None = None) -> Path | None:
    """Show the wizard; the config file it wrote, or None when it was cancelled (nothing is
    written then). ``quit_after``: cancel it that many seconds after it was shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QGuiApplication

    from app.gui import application
    from app.ui.setup.wizard import SetupWizard
    from app.ui.style import STYLESHEET

    app = application()
    app.setStyleSheet(STYLESHEET)
    trial = PrinterTrial(settings)
    wizard = SetupWizard(setup_actions(settings, path, trial))
    wizard.install_capture(app)
    if quit_after is not None:

        def shown_then_cancel() -> None:
            shown = "shown" if wizard.isVisible() else "NOT shown"
            print(f"packbench: setup wizard {shown} on {QGuiApplication.platformName()}")
            sys.stdout.flush()
            wizard.reject()

        QTimer.singleShot(round(quit_after * 1000), shown_then_cancel)
    try:
        wizard.exec()
    finally:
        app.removeEventFilter(wizard.capture)
        wizard.shutdown()
        trial.close()
    return wizard.saved if wizard.result() else None
