"""Writing the station's config file: the one writer, used by the setup wizard and the printer
settings dialog.

What is written is checked by reading it back with ``load_settings`` (the file alone, no
environment) before it replaces the old file, so a file this writes always starts the
station, and a refusal says what ``packbench`` would say about it, naming the real file."""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomli_w

from app.settings import ConfigError, load_settings


def save_config(
    path: Path, tables: Mapping[str, Mapping[str, Any]], whole: tuple[str, ...] = ()
) -> None:
    """Set ``tables`` (section -> key -> value) in the config file at ``path``: other tables
    and keys are kept; a section named in ``whole`` is replaced entirely; a value ``None``
    removes its key (an emptied section goes). Atomic: a temporary file in the same folder,
    flushed to disk, checked, then renamed over the old one. Raises ``ConfigError`` (one line)
    and leaves the old file as it was."""
    document: dict[str, Any] = {}
    if path.exists():
        load_settings(path, environ={})  # a broken file is refused as at start, not rewritten
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    for section, table in tables.items():
        kept = {} if section in whole else dict(document.get(section) or {})
        kept.update(table)
        kept = {key: value for key, value in kept.items() if value is not None}
        if kept:
            document[section] = kept
        else:
            document.pop(section, None)
    try:
        text = tomli_w.dumps(document)
    except TypeError as exc:
        raise ConfigError(f"config file {path}: cannot be written: {exc}") from exc
    missing = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".packbench-", suffix=".toml")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        try:
            load_settings(Path(temporary), environ={})
        except ConfigError as exc:
            raise ConfigError(str(exc).replace(temporary, str(path))) from None
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        for folder in missing:  # innermost first: the folders made for this file
            try:
                folder.rmdir()
            except OSError:
                break
        raise
