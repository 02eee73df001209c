"""Every setting of a station, declared once with its type and default.

Sources, later ones winning: defaults here, the station's config file (TOML), environment
variables (``PACKBENCH_*``), command-line options. Secrets (the database password) are never
read from the config file: use PostgreSQL's ``~/.pgpass`` / ``PGPASSWORD`` or
``PACKBENCH_DB_URL``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import platformdirs

APP_NAME = "packbench"


def data_dir() -> Path:
    """Where the station keeps its SQLite database, labels and previews."""
    override = os.environ.get("PACKBENCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def config_path() -> Path:
    override = os.environ.get("PACKBENCH_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "packbench.toml"


class ConfigError(ValueError):
    """The config file or an option is unusable; the message says which and why."""


@dataclass(frozen=True)
class Settings:
    # The station: each running app is one station.
    station: str = "PACK-01"
    # The config file these settings were read from (where the settings dialog saves).
    config_file: Path | None = None
    # Database: None means the default SQLite file in the data directory.
    database_url: str | None = None
    data_dir: Path = field(default_factory=data_dir)
    # Printer: how it is connected ("file": jobs and previews into the data directory;
    # "network", "serial", "usb", "cups", "windows"), where ("10.0.4.21:9100",
    # "/dev/ttyUSB0@115200", "04b8:0e15", a CUPS queue or Windows printer name), its language
    # ("escpos" or "zpl"), the label size ("4x6-203", "4x6-300", "80mm", "58mm", or "receipt":
    # as wide as the ESC/POS profile prints) and, for ESC/POS, a python-escpos profile name
    # or "4inch-203" (a 4-inch ESC/POS label printer).
    printer_kind: str = "file"
    printer_target: str = ""
    printer_language: str = "escpos"
    printer_label_size: str = "4x6-203"
    printer_profile: str = "4inch-203"
    printer_timeout_s: float = 5.0
    print_packing_slip: bool = False  # a packing slip after each label, on the same printer
    # Keyboard-wedge scanner: a scan is keys closer together than this, then the terminator.
    scan_max_gap_ms: int = 80
    scan_min_length: int = 3
    scan_prefix: str = ""  # characters the scanner sends before each code, stripped
    scan_suffix: str = ""  # ... and after it, before the terminator
    scan_terminator: str = "enter"  # "enter", "tab" or "enter_or_tab"
    scan_gs_substitute: str = ""  # a visible stand-in for GS (ASCII 29), e.g. "|"
    # Serial / USB-CDC scanners: a port (or "" for none), its speed and terminator.
    serial_scanner_port: str = ""
    serial_scanner_baudrate: int = 9600
    # Scan sounds: 0.0 (silent) to 1.0.
    sound_volume: float = 0.8
    # Codes of internal barcodes.
    badge_prefix: str = "BDG"
    order_prefix: str = "ORD"
    tote_prefix: str = "TOT"
    box_prefix: str = "BOX"
    command_prefix: str = "CMD"
    # The station locks itself after this many idle minutes (0: never).
    idle_lock_minutes: int = 10
    # The sender printed on labels.
    sender_name: str = "Packbench Demo Warehouse"
    sender_line1: str = "Lagerstrasse 1"
    sender_postcode: str = "20095"
    sender_city: str = "Hamburg"
    sender_country: str = "DE"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'packbench.sqlite'}"

    @property
    def labels_dir(self) -> Path:
        return self.data_dir / "labels"


_SECTIONS = {
    "station": {"name": "station"},
    "database": {"url": "database_url"},
    "printer": {
        "kind": "printer_kind",
        "target": "printer_target",
        "language": "printer_language",
        "label_size": "printer_label_size",
        "profile": "printer_profile",
        "timeout_s": "printer_timeout_s",
        "packing_slip": "print_packing_slip",
    },
    "scanner": {
        "max_gap_ms": "scan_max_gap_ms",
        "min_length": "scan_min_length",
        "prefix": "scan_prefix",
        "suffix": "scan_suffix",
        "terminator": "scan_terminator",
        "gs_substitute": "scan_gs_substitute",
        "serial_port": "serial_scanner_port",
        "serial_baudrate": "serial_scanner_baudrate",
        "badge_prefix": "badge_prefix",
        "order_prefix": "order_prefix",
        "tote_prefix": "tote_prefix",
        "box_prefix": "box_prefix",
        "command_prefix": "command_prefix",
    },
    "session": {"idle_lock_minutes": "idle_lock_minutes"},
    "sound": {"volume": "sound_volume"},
    "sender": {
        "name": "sender_name",
        "line1": "sender_line1",
        "postcode": "sender_postcode",
        "city": "sender_city",
        "country": "sender_country",
    },
}


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if kind == "int":
            return int(value)
        if kind == "float":
            return float(value)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            if str(value).lower() in ("1", "true", "yes", "on"):
                return True
            if str(value).lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(value)
        if kind == "Path":
            return Path(value)
        return str(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"setting {name}: {value!r} is not a valid {kind}") from exc


def load_settings(
    path: Path | None = None, environ: dict[str, str] | None = None, **overrides: Any
) -> Settings:
    """Build the station's settings from its config file, the environment and ``overrides``
    (command-line options; ``None`` values are ignored)."""
    environ = dict(os.environ) if environ is None else environ
    values: dict[str, Any] = {}
    path = path or config_path()
    if path.exists():
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        for section, keys in _SECTIONS.items():
            table = document.get(section, {})
            for key, value in table.items():
                if key not in keys:
                    raise ConfigError(f"config file {path}: unknown setting [{section}] {key}")
                values[keys[key]] = _coerce(keys[key], value)
        url = values.get("database_url")
        if url and _has_password(url):
            raise ConfigError(
                f"config file {path} holds a database password. Remove it and use "
                "~/.pgpass or PGPASSWORD (or PACKBENCH_DB_URL) instead."
            )
    env_map = {
        "PACKBENCH_DB_URL": "database_url",
        "PACKBENCH_STATION": "station",
        "PACKBENCH_DATA_DIR": "data_dir",
    }
    for variable, name in env_map.items():
        if environ.get(variable):
            values[name] = _coerce(name, environ[variable])
    for name, value in overrides.items():
        if value is not None:
            values[name] = _coerce(name, value)
    values.setdefault("config_file", path)
    settings = replace(Settings(), **values)
    if settings.scan_terminator not in ("enter", "tab", "enter_or_tab"):
        raise ConfigError(
            f"scanner terminator {settings.scan_terminator!r}: use enter, tab or enter_or_tab"
        )
    if not 0.0 <= settings.sound_volume <= 1.0:
        raise ConfigError(f"sound volume {settings.sound_volume}: use 0.0 to 1.0")
    kinds = ("file", "network", "serial", "usb", "cups", "windows")
    if settings.printer_kind not in kinds:
        raise ConfigError(f"printer kind {settings.printer_kind!r}: use {', '.join(kinds)}")
    if settings.printer_language not in ("escpos", "zpl"):
        raise ConfigError(f"printer language {settings.printer_language!r}: use escpos or zpl")
    return settings


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


# The [printer] table: config key -> setting. The printer settings dialog edits exactly these.
PRINTER_SETTINGS: dict[str, str] = _SECTIONS["printer"]


def save_printer_settings(path: Path, printer: dict[str, Any]) -> None:
    """Write ``printer`` as the ``[printer]`` table of the station's config file, keeping
    every other table, atomically (a crash never leaves half a file)."""
    import tempfile

    import tomli_w

    unknown = set(printer) - set(PRINTER_SETTINGS)
    if unknown:
        raise ConfigError(f"unknown printer setting(s): {', '.join(sorted(unknown))}")
    document: dict[str, Any] = {}
    if path.exists():
        try:
            document = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    document["printer"] = {key: printer[key] for key in PRINTER_SETTINGS if key in printer}
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".packbench-", suffix=".toml")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(tomli_w.dumps(document))
    os.replace(temporary, path)
