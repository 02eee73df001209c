"""A watch folder on disk (the order intake's, the tracking import's): ``done/`` and
``failed/`` inside it, files moved there by rename (the same file system, so a move is never
half done). Its messages name it as the caller does ("intake folder", "tracking folder")."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from app.services.watch_folder import DroppedFile, Outcome, WatchFolderUnusable

LABEL_MAX_BYTES = 5 * 1024 * 1024
OUTCOMES: tuple[Outcome, ...] = ("done", "failed")


class LocalDropFolder:
    def __init__(self, path: Path, name: str = "intake folder") -> None:
        self.path = path
        self.name = name
        self._check()

    def _check(self) -> None:
        """One clear message for a folder that is missing, a file, or not writable."""
        where = f"{self.name} {self.path}"
        if not self.path.exists():
            raise WatchFolderUnusable(f"{where}: does not exist; create it or give another one")
        if not self.path.is_dir():
            raise WatchFolderUnusable(f"{where}: is a file, not a folder")
        try:
            for outcome in OUTCOMES:
                (self.path / outcome).mkdir(exist_ok=True)
                handle, probe = tempfile.mkstemp(dir=self.path / outcome, prefix=".probe-")
                os.close(handle)
                os.unlink(probe)
        except OSError as exc:
            raise WatchFolderUnusable(
                f"{where}: cannot be written ({exc.strerror or exc}); files are moved into "
                "done/ and failed/ inside it, so it needs write access"
            ) from exc

    def files(self) -> list[DroppedFile]:
        found = []
        try:
            entries = list(os.scandir(self.path))
        except OSError as exc:
            raise WatchFolderUnusable(
                f"{self.name} {self.path}: cannot be read ({exc.strerror or exc})"
            ) from exc
        for entry in entries:
            with contextlib.suppress(OSError):  # gone between listing and looking
                if entry.is_file(follow_symlinks=False):
                    st = entry.stat(follow_symlinks=False)
                    found.append(DroppedFile(entry.name, st.st_size, st.st_mtime_ns))
        return found

    def read(self, name: str) -> bytes | str | None:
        try:
            return (self.path / name).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{name}: cannot be read ({exc.strerror or exc})"

    def read_label(self, name: str) -> bytes | str:
        path = self.path / name
        try:
            if path.stat().st_size > LABEL_MAX_BYTES:
                return f"larger than {LABEL_MAX_BYTES:,} bytes"
            return path.read_bytes()
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"

    def finish(self, name: str, outcome: Outcome, report: str | None = None) -> str:
        target = self._free(self.path / outcome, name)
        try:
            if report is not None:
                _write_atomically(target.with_name(target.name + ".errors.txt"), report + "\n")
            os.rename(self.path / name, target)
        except OSError as exc:
            raise WatchFolderUnusable(
                f"{self.name} {self.path}: {name} cannot be moved to {outcome}/ "
                f"({exc.strerror or exc})"
            ) from exc
        return f"{outcome}/{target.name}"

    @staticmethod
    def _free(folder: Path, name: str) -> Path:
        """``name`` in ``folder``, or ``stem-2.suffix``, ``stem-3.suffix``... if taken."""
        stem, dot, suffix = name.rpartition(".")
        if not stem:
            stem, dot, suffix = name, "", ""
        candidate, number = folder / name, 1
        while candidate.exists() or candidate.with_name(candidate.name + ".errors.txt").exists():
            number += 1
            candidate = folder / f"{stem}-{number}{dot}{suffix}"
        return candidate


def _write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)
