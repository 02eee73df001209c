"""Every setting of a station, declared once with its type, default, spelling and bounds.

Sources, later ones winning: defaults here, the station's config file (TOML), environment
variables (``PACKBENCH_*``; an empty variable counts as unset), command-line options. Secrets
(the database password) are never read from the config file: use PostgreSQL's ``~/.pgpass`` /
``PGPASSWORD`` or ``PACKBENCH_DB_URL``.

Every value is checked where it is read. A bad one raises ``ConfigError`` whose message is one
line naming the source (the config file's path, the variable, the option), the setting as the
user wrote it (``[scanner] max_gap_ms``, never the field name) and the value, then what to
write instead. Unknown sections and keys are refused, so a typo never silently does nothing.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar

import platformdirs

from app import setting_checks as checks
from app.domain.weighing import DEFAULT_PATTERN, pattern_problem
from app.setting_rules import ConfigError, Rule, _setting
from app.settings_site import SiteSettings

__all__ = [
    "APP_NAME",
    "LANGUAGES",
    "PRINTER_SETTINGS",
    "ConfigError",
    "Rule",
    "Settings",
    "config_path",
    "data_dir",
    "load_settings",
    "save_printer_settings",
    "serial_terminator_bytes",
]

APP_NAME = "packbench"
T = TypeVar("T")
# The languages a station's screens can be shown in: code -> its own name.
LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch", "es": "Español"}


def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where the station keeps its SQLite database, labels and previews."""
    override = (os.environ if environ is None else environ).get("PACKBENCH_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME))


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    override = (os.environ if environ is None else environ).get("PACKBENCH_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "packbench.toml"


# --- The declaration --------------------------------------------------------------------------


@dataclass(frozen=True)
class Settings(SiteSettings):
    """The station's settings; the site's flows (export, intake, hand-off, tracking, mail,
    returns) are declared in ``app.settings_site``."""

    # The station: each running app is one station.
    station: str = _setting(
        "PACK-01",
        Rule("station", "name", "PACKBENCH_STATION", "--station", check=checks.station_name),
    )
    language: str = _setting("en", Rule("station", "language", choices=tuple(LANGUAGES)))
    # The station runs full screen; true: in a window (its size and place are kept).
    windowed: bool = _setting(False, Rule("station", "windowed"))
    # The config file these settings were read from (where the settings dialog saves).
    config_file: Path | None = None
    # Database: None means the default SQLite file in the data directory.
    database_url: str | None = _setting(
        None, Rule("database", "url", "PACKBENCH_DB_URL", "--db", check=checks.database_url)
    )
    data_dir: Path = field(
        default_factory=data_dir, metadata={"rule": Rule(None, "data_dir", "PACKBENCH_DATA_DIR")}
    )
    # Printer: how it is connected ("file": jobs and previews into the data directory),
    # where ("10.0.4.21:9100", "/dev/ttyUSB0@115200", "04b8:0e15", a CUPS queue or Windows
    # printer name), its language, the label size ("receipt": as wide as the ESC/POS profile
    # prints) and, for ESC/POS, a python-escpos profile name or "4inch-203".
    printer_kind: str = _setting(
        "file",
        Rule("printer", "kind", choices=("file", "network", "serial", "usb", "cups", "windows")),
    )
    printer_target: str = _setting("", Rule("printer", "target", check=checks.text(255)))
    printer_language: str = _setting(
        "escpos", Rule("printer", "language", choices=("escpos", "zpl"))
    )
    printer_label_size: str = _setting(
        "4x6-203",
        Rule("printer", "label_size", choices=("4x6-203", "4x6-300", "80mm", "58mm", "receipt")),
    )
    printer_profile: str = _setting(
        "4inch-203", Rule("printer", "profile", check=checks.escpos_profile)
    )
    printer_timeout_s: float = _setting(5.0, Rule("printer", "timeout_s", low=0.5, high=120))
    # A packing slip after each label, on the same printer.
    print_packing_slip: bool = _setting(False, Rule("printer", "packing_slip"))
    # False for a network, serial or USB printer that does not answer status requests (DLE
    # EOT / ~HS): its labels count as sent once written, and problems show only as failures.
    printer_asks_status: bool = _setting(True, Rule("printer", "asks_status"))
    # Keyboard-wedge scanner: a scan is keys closer together than this, then the terminator.
    scan_max_gap_ms: int = _setting(80, Rule("scanner", "max_gap_ms", low=1, high=1000))
    scan_min_length: int = _setting(3, Rule("scanner", "min_length", low=1, high=64))
    # Characters the scanner sends before / after each code (before the terminator), stripped.
    scan_prefix: str = _setting("", Rule("scanner", "prefix", check=checks.text(8)))
    scan_suffix: str = _setting("", Rule("scanner", "suffix", check=checks.text(8)))
    scan_terminator: str = _setting(
        "enter", Rule("scanner", "terminator", choices=("enter", "tab", "enter_or_tab"))
    )
    # A visible stand-in the scanner sends for GS (ASCII 29), e.g. "|"; "" for none.
    scan_gs_substitute: str = _setting(
        "", Rule("scanner", "gs_substitute", check=checks.gs_substitute)
    )
    # Serial / USB-CDC scanners: a port (or "" for none), its speed and how each scan ends.
    serial_scanner_port: str = _setting("", Rule("scanner", "serial_port", check=checks.text(255)))
    serial_scanner_baudrate: int = _setting(
        9600,
        Rule("scanner", "serial_baudrate", check=checks.baudrate),
    )
    serial_scanner_terminator: str = _setting(
        "cr", Rule("scanner", "serial_terminator", check=checks.serial_terminator)
    )
    # Scale: its protocol ("none": no scale), port (serial port or URL; for "hid" VID:PID or
    # a path), speed, and for "pattern" (continuous output) the frame's regular expression.
    scale_protocol: str = _setting(
        "none",
        Rule(
            "scale",
            "protocol",
            choices=("none", "mt-sics", "sma", "nci", "pattern", "hid", "simulated"),
        ),
    )
    scale_port: str = _setting("", Rule("scale", "port", check=checks.text(255)))
    scale_baudrate: int = _setting(9600, Rule("scale", "baud", check=checks.baudrate))
    scale_pattern: str = _setting(DEFAULT_PATTERN, Rule("scale", "pattern", check=pattern_problem))
    # The demo's simulated scale: grams added to every parcel it weighs (0: none), so that the
    # weight check can be seen refusing a parcel.
    scale_simulate_offset_g: int = _setting(
        0,
        Rule(
            "scale",
            "simulate_offset_g",
            env="PACKBENCH_SCALE_SIMULATE_OFFSET_G",
            low=-100_000,
            high=100_000,
        ),
    )
    # Scan sounds: 0.0 (silent) to 1.0.
    sound_volume: float = _setting(0.8, Rule("sound", "volume", low=0.0, high=1.0))
    # Prefixes of internal barcodes: all different, none the start of another.
    badge_prefix: str = _setting("BDG", Rule("scanner", "badge_prefix", check=checks.prefix))
    order_prefix: str = _setting("ORD", Rule("scanner", "order_prefix", check=checks.prefix))
    tote_prefix: str = _setting("TOT", Rule("scanner", "tote_prefix", check=checks.prefix))
    box_prefix: str = _setting("BOX", Rule("scanner", "box_prefix", check=checks.prefix))
    command_prefix: str = _setting("CMD", Rule("scanner", "command_prefix", check=checks.prefix))
    # The station locks itself after this many idle minutes (0: never; at most 12 hours).
    idle_lock_minutes: int = _setting(10, Rule("session", "idle_lock_minutes", low=0, high=720))
    # Offline (a shared PostgreSQL): keep packing in a local journal while it is away; tracking
    # numbers and SSCCs reserved per claim for labels made offline; how often to try syncing.
    offline_enabled: bool = _setting(False, Rule("offline", "enabled"))
    offline_block_size: int = _setting(20, Rule("offline", "block_size", low=1, high=1000))
    offline_sync_s: float = _setting(1.0, Rule("offline", "sync_interval_s", low=0.1, high=60))
    # Orders assigned to the station while online and kept for an outage (0: none).
    offline_look_ahead: int = _setting(0, Rule("offline", "look_ahead", low=0, high=20))
    # The sender printed on labels (the demo's until a site sets its own: the station says so).
    sender_name: str = _setting(
        "Packbench Demo Warehouse", Rule("sender", "name", check=checks.text(60, required=True))
    )
    sender_line1: str = _setting(
        "Lagerstrasse 1", Rule("sender", "line1", check=checks.text(60, required=True))
    )
    sender_postcode: str = _setting("20095", Rule("sender", "postcode", check=checks.text(12)))
    sender_city: str = _setting(
        "Hamburg", Rule("sender", "city", check=checks.text(60, required=True))
    )
    sender_country: str = _setting("DE", Rule("sender", "country", check=checks.country))
    # "dock" opens the dock screen instead of the pack screen.
    station_mode: str = _setting("pack", Rule("station", "mode", choices=("pack", "dock")))

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'packbench.sqlite'}"

    @property
    def labels_dir(self) -> Path:
        return self.data_dir / "labels"

    @property
    def serial_scanner_terminator_bytes(self) -> bytes:
        return serial_terminator_bytes(self.serial_scanner_terminator)


# The station's own settings first, then the site's flows: the order messages list sections in.
_SITE = {f.name for f in fields(SiteSettings)}
_ORDERED = sorted(fields(Settings), key=lambda f: f.name in _SITE)
_RULES: dict[str, Rule] = {f.name: f.metadata["rule"] for f in _ORDERED if f.metadata}
_KINDS: dict[str, str] = {f.name: str(f.type).removesuffix(" | None") for f in fields(Settings)}
_SECTIONS: dict[str, dict[str, str]] = {}
for _name, _rule in _RULES.items():
    if _rule.section:
        _SECTIONS.setdefault(_rule.section, {})[_rule.key] = _name
_PREFIXES = ("badge_prefix", "order_prefix", "tote_prefix", "box_prefix", "command_prefix")


def serial_terminator_bytes(spelling: str) -> bytes:
    """The bytes a serial scanner ends each scan with, from ``[scanner] serial_terminator``:
    "cr", "lf", "crlf" or "suffix:<characters>" (any case for the words)."""
    if spelling.lower() in checks.SERIAL_TERMINATORS:
        return checks.SERIAL_TERMINATORS[spelling.lower()]
    if spelling.lower().startswith(checks.SUFFIX) and checks.serial_terminator(spelling) is None:
        return spelling[len(checks.SUFFIX) :].encode("utf-8")
    raise ConfigError(f"serial terminator {_shown(spelling)}: {checks.serial_terminator(spelling)}")


# --- Reading and checking ---------------------------------------------------------------------


def _shown(value: Any) -> str:
    """A value as the user wrote it (TOML spelling), on one line, passwords masked."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    text = re.sub(r"(://[^:/@]*:)[^@/]*@", r"\1***@", str(value))
    if len(text) > 80:
        text = text[:80] + "…"
    return json.dumps(text, ensure_ascii=False)


def _expected(rule: Rule, kind: str) -> str:
    if kind in ("int", "float"):
        number = "a whole number" if kind == "int" else "a number"
        if rule.low is not None and rule.high is not None:
            return f"use {number} from {rule.low:g} to {rule.high:g}"
        return f"use {number}"
    if kind == "bool":
        return "use true or false"
    if rule.choices:
        return f"use one of {', '.join(rule.choices)}"
    return "use text in double quotes"


_TOML_TYPES: dict[str, type | tuple[type, ...]] = {
    "int": int,
    "float": (int, float),
    "bool": bool,
    "str": str,
    "Path": (str, Path),
}


def _has_toml_type(value: Any, kind: str) -> bool:
    return isinstance(value, _TOML_TYPES[kind]) and (kind == "bool" or not isinstance(value, bool))


def _in_range(rule: Rule, value: float) -> bool:
    return math.isfinite(value) and (
        (rule.low is None or value >= rule.low) and (rule.high is None or value <= rule.high)
    )


def _problem(name: str, value: Any, from_text: bool) -> tuple[Any, str | None]:
    """``value`` converted to the setting's type, and what is wrong with it (None: nothing).
    Values from the config file must have the right TOML type; text from the environment or
    the command line is converted."""
    rule, kind = _RULES[name], _KINDS[name]
    if from_text:
        if kind == "int":
            if not re.fullmatch(r"[+-]?\d+", value.strip()):
                return value, _expected(rule, kind)
            value = int(value)
        elif kind == "float":
            try:
                value = float(value)
            except ValueError:
                return value, _expected(rule, kind)
        elif kind == "bool":
            words = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}
            if value.lower() not in words:
                return value, _expected(rule, kind)
            value = words[value.lower()]
    else:
        if not _has_toml_type(value, kind):
            return value, _expected(rule, kind)
        if kind == "float":
            value = float(value)
    if kind in ("int", "float") and not _in_range(rule, value):
        return value, _expected(rule, kind)
    if rule.choices and value not in rule.choices:
        return value, _expected(rule, kind)
    if kind == "Path":
        if not str(value).strip():
            return value, "must not be empty"
        value = Path(value)
        if value.exists() and not value.is_dir():
            return value, "is a file; give a folder"
    if rule.check is not None:
        return value, rule.check(value)
    return value, None


def _read_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except IsADirectoryError:
        raise ConfigError(f"config file {path}: is a folder, not a file") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"config file {path}: is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise ConfigError(f"config file {path}: cannot be read ({exc.strerror})") from exc
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {path}: is not valid TOML: {exc}") from exc


def _from_document(path: Path, document: dict[str, Any]) -> dict[str, tuple[Any, str]]:
    """The settings in a parsed config file, checked: setting -> (value, how it was written)."""
    where = f"config file {path}"
    found: dict[str, tuple[Any, str]] = {}
    sections = ", ".join(f"[{section}]" for section in _SECTIONS)
    for section, table in document.items():
        if section not in _SECTIONS:
            if isinstance(table, dict | list):
                hint = _did_you_mean(section, _SECTIONS, "[{}]")
                raise ConfigError(f"{where}: unknown section [{section}]{hint}; use {sections}")
            homes = [name for name, keys in _SECTIONS.items() if section in keys]
            home = f"; put it under [{homes[0]}]" if len(homes) == 1 else f" (sections: {sections})"
            raise ConfigError(
                f"{where}: {section} = {_shown(table)}: a setting outside any section{home}"
            )
        if isinstance(table, list):
            raise ConfigError(f"{where}: [[{section}]]: write [{section}] (one table, not a list)")
        if not isinstance(table, dict):
            raise ConfigError(
                f"{where}: {section} = {_shown(table)}: [{section}] is a section; write "
                f"[{section}] on its own line and its settings below it"
            )
        for key, raw in table.items():
            if key not in _SECTIONS[section]:
                hint = _did_you_mean(key, _SECTIONS[section], "{}")
                raise ConfigError(f"{where}: unknown setting [{section}] {key}{hint}")
            name = _SECTIONS[section][key]
            origin = f"{where}: [{section}] {key} = {_shown(raw)}"
            value, problem = _problem(name, raw, from_text=False)
            if problem:
                raise ConfigError(f"{origin}: {problem}")
            found[name] = (value, origin)
    return found


def _did_you_mean(word: str, known: Mapping[str, Any], form: str) -> str:
    close = difflib.get_close_matches(word, list(known), n=1)
    return f" (did you mean {form.format(close[0])}?)" if close else ""


def load_settings(
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    scale_complete: bool = True,
    **overrides: Any,
) -> Settings:
    """Build the station's settings from its config file, the environment and ``overrides``
    (command-line options by setting name; ``None`` values are ignored).

    A config file named by ``path`` or ``PACKBENCH_CONFIG`` must exist; the default one may
    be missing (then the defaults apply). Raises ``ConfigError`` for anything unusable."""
    environ = dict(os.environ) if environ is None else environ
    given = path is not None
    chosen = given or bool(environ.get("PACKBENCH_CONFIG"))
    path = path if path is not None else config_path(environ)
    values: dict[str, tuple[Any, str]] = {}
    if chosen or _present(path):
        if not _present(path):
            how = "--config" if given else "PACKBENCH_CONFIG"
            raise ConfigError(f"config file {path}: not found (given by {how})")
        values.update(_from_document(path, _read_config(path)))
        url = values.get("database_url", (None, ""))[0]
        if url and _has_password(url):
            raise ConfigError(
                f"config file {path}: [database] url holds a password. Remove it and use "
                "~/.pgpass or PGPASSWORD (or PACKBENCH_DB_URL) instead."
            )
    for name, rule in _RULES.items():
        if rule.env and environ.get(rule.env):
            origin = f"environment variable {rule.env}={_shown(environ[rule.env])}"
            values[name] = _checked(name, environ[rule.env], origin)
    for name, raw in overrides.items():
        if raw is not None:
            option = _RULES[name].option if name in _RULES else None
            origin = f"{option or name} {_shown(raw)}"
            values[name] = _checked(name, str(raw) if option else raw, origin, text=bool(option))
    settings = replace(Settings(), config_file=path, **{k: v for k, (v, _) in values.items()})
    _check_prefixes(settings, values)
    if scale_complete:  # (``packbench scale read`` takes what is missing from its options)
        _check_scale(settings, values)
    return settings


def _check_scale(settings: Settings, values: dict[str, tuple[Any, str]]) -> None:
    needs_port = settings.scale_protocol not in ("none", "simulated")
    if needs_port and not settings.scale_port.strip():
        origin = values.get("scale_protocol", (None, "settings"))[1]
        raise ConfigError(
            f"{origin}: a {settings.scale_protocol} scale needs [scale] port (a serial port such "
            'as "/dev/ttyUSB0" or "COM3"; for hid "VID:PID"; see packbench ports)'
        )


def _present(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a folder on the way that may not be entered: reading says why
        return True


def _checked(name: str, raw: Any, origin: str, text: bool = True) -> tuple[Any, str]:
    value, problem = _problem(name, raw, from_text=text and isinstance(raw, str))
    if problem:
        raise ConfigError(f"{origin}: {problem}")
    return value, origin


def _check_prefixes(settings: Settings, values: dict[str, tuple[Any, str]]) -> None:
    seen: list[str] = []
    for name in _PREFIXES:
        mine = str(getattr(settings, name)).upper()
        for other in seen:
            theirs = str(getattr(settings, other)).upper()
            if mine.startswith(theirs) or theirs.startswith(mine):
                origin = values.get(name, values.get(other, (None, "settings")))[1]
                raise ConfigError(
                    f"{origin}: {_RULES[name].spelling} {_shown(mine)} and "
                    f"{_RULES[other].spelling} {_shown(theirs)} clash; every prefix must "
                    "differ and none may be the start of another"
                )
        seen.append(name)


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return False


# The [printer] table: config key -> setting. The printer settings dialog edits exactly these.
PRINTER_SETTINGS: dict[str, str] = _SECTIONS["printer"]


def save_printer_settings(path: Path, printer: dict[str, Any]) -> None:
    """Write ``printer`` as the whole ``[printer]`` table of the station's config file, keeping
    every other table (``app.config_file.save_config``: checked, atomic)."""
    from app.config_file import save_config

    save_config(path, {"printer": printer}, whole=("printer",))
