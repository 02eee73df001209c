"""The folder export batch files go to: each written under a temporary name, flushed to disk,
then renamed into place, so a reader never sees half a file.

The temporary name of ``shipments-...csv`` is ``.shipments-...csv.<process>-<thread>.tmp``:
hidden, ending in ``.tmp`` (an order system that takes ``*.csv`` or ``*.json`` never picks it
up), and of one exporter alone, so two finishing the same batch never write into one file.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from app.domain.exports import ExportRefused

_TEMPORARY_PREFIX = ".shipments-"
#: Leftovers of batch files of shipments and of outbox events (``events-...``).
_LEFTOVER_PREFIXES = (_TEMPORARY_PREFIX, ".events-")
_TEMPORARY_SUFFIX = ".tmp"


def temporary_name(name: str) -> str:
    return f".{name}.{os.getpid()}-{threading.get_ident()}{_TEMPORARY_SUFFIX}"


class LocalBatchFolder:
    """A folder on this machine (or a mounted share). ``what`` names it in a refusal and
    ``nothing`` says what was not done (the manifests' folder has its own words)."""

    def __init__(self, what: str = "export folder", nothing: str = "nothing was exported") -> None:
        self._what = what
        self._nothing = nothing

    def _refused(self, folder: Path, exc: OSError) -> ExportRefused:
        return ExportRefused(
            f"{self._what} {folder}: cannot be written ({exc.strerror or exc}); {self._nothing}."
        )

    def check(self, folder: Path) -> None:
        if not folder.exists():
            raise ExportRefused(f"{self._what} {folder}: does not exist; {self._nothing}.")
        if not folder.is_dir():
            raise ExportRefused(f"{self._what} {folder}: is a file, not a folder.")
        probe = folder / f"{_TEMPORARY_PREFIX}probe-{os.getpid()}{_TEMPORARY_SUFFIX}"
        try:
            with probe.open("wb") as file:
                file.write(b"probe")
            probe.unlink()
        except OSError as exc:
            raise self._refused(folder, exc) from exc

    def remove_temporaries(self, folder: Path) -> int:
        removed = 0
        try:
            for path in folder.iterdir():
                name = path.name
                if name.startswith(_LEFTOVER_PREFIXES) and name.endswith(_TEMPORARY_SUFFIX):
                    path.unlink(missing_ok=True)
                    removed += 1
        except OSError as exc:
            raise self._refused(folder, exc) from exc
        return removed

    def has(self, folder: Path, name: str) -> bool:
        return (folder / name).is_file()

    def write_temporary(self, folder: Path, name: str, content: str | bytes) -> None:
        path = folder / temporary_name(name)
        try:
            with path.open("wb") as file:
                file.write(content if isinstance(content, bytes) else content.encode("utf-8"))
                file.flush()
                os.fsync(file.fileno())
        except OSError as exc:
            path.unlink(missing_ok=True)
            raise self._refused(folder, exc) from exc

    def publish(self, folder: Path, name: str) -> None:
        try:
            os.replace(folder / temporary_name(name), folder / name)
            _sync_folder(folder)
        except FileNotFoundError as exc:
            # Another exporter finishing the same batch took our temporary file away as a
            # leftover: its own copy (the same bytes) is in place, or it fails and says so.
            if not self.has(folder, name):
                raise self._refused(folder, exc) from exc
        except OSError as exc:
            raise self._refused(folder, exc) from exc


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry of the renamed file (POSIX; Windows has no folder handles)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
