"""The intake watch folder (``packbench intake --watch DIR``): order systems drop files, each
is imported once and moved to ``done/`` or ``failed/`` (with ``NAME.errors.txt`` beside it).

Rules, each poll:

- Only ``.csv`` and ``.json`` files directly in the folder are candidates. A name starting with
  ``products`` (any case) is a products file; every other one an orders file. Products files
  found in the same poll go first, then files oldest first. Anything else (a label file an
  orders file names, a ``.tmp`` file, a name starting with ``.``) is left alone.
- A file still being written is not read: it is read only once its size and modification time
  were the same on two polls in a row, and files ending in ``.tmp`` or starting with ``.`` are
  ignored until they are renamed (write ``orders.csv.tmp`` or ``.orders.csv``, then rename).
- A file is imported in one transaction that also records the SHA-256 of its bytes (audit
  ``file_imported``). A file whose bytes were imported before (a crash or stop between the
  commit and the move, or the same file sent twice) is moved to ``done/`` without importing it
  again.
- A refused file goes to ``failed/`` with ``NAME.errors.txt`` listing every problem. A file that
  could not be imported because the database is away stays where it is and is tried again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from app.domain.errors import DomainError
from app.domain.import_files import MAX_FILE_BYTES, FileRefused

log = logging.getLogger("packbench.intake")

Outcome = Literal["done", "failed"]
SUFFIXES = (".csv", ".json")
IGNORED_SUFFIX = ".tmp"


class WatchFolderUnusable(DomainError):
    """The watch folder is missing, not a folder, or cannot be written."""


@dataclass(frozen=True)
class DroppedFile:
    """A file directly in the watch folder, as one poll saw it."""

    name: str
    size: int
    mtime_ns: int


class DropFolder(Protocol):
    """The watch folder on disk (an adapter): list, read, and move away."""

    def files(self) -> list[DroppedFile]:
        """The regular files directly in the folder (not in ``done/`` or ``failed/``)."""
        ...

    def read(self, name: str) -> bytes | str | None:
        """The file's bytes; why it cannot be read (it is refused with that); None when it
        is gone."""
        ...

    def read_label(self, name: str) -> bytes | str:
        """An upstream label file an orders file names (relative to the folder), or why not."""
        ...

    def finish(self, name: str, outcome: Outcome, report: str | None = None) -> str:
        """Move the file into ``done/`` or ``failed/`` (a free name there: ``orders-2.csv``
        when ``orders.csv`` is taken) with ``report`` beside it as ``NAME.errors.txt``;
        the path it now has, relative to the folder."""
        ...


class ImportedFiles(Protocol):
    """What was imported before, by the SHA-256 (hex) of a file's bytes."""

    def imported(self, digest: str) -> str | None:
        """What was recorded when the file was imported, or None."""
        ...


class Summarised(Protocol):
    """What an import reports: one line for the log (``ImportReport``, ``TrackingImport``)."""

    @property
    def summary(self) -> str: ...


class FileImporter(Protocol):
    """``IntakeService.import_orders`` or ``CatalogueService.import_products`` bound up (or
    ``TrackingService.import_file``, for the tracking watch folder)."""

    def __call__(self, name: str, data: bytes, digest: str) -> Summarised: ...


@dataclass(frozen=True)
class Handled:
    """What became of one file."""

    name: str
    outcome: Outcome | None  # None: left in the folder, to be tried again
    moved_to: str | None
    message: str


def is_candidate(name: str) -> bool:
    lowered = name.lower()
    return (
        not lowered.startswith(".")
        and not lowered.endswith(IGNORED_SUFFIX)
        and lowered.endswith(SUFFIXES)
    )


def is_products(name: str) -> bool:
    return name.lower().startswith("products")


class WatchFolder:
    """Polls a ``DropFolder``; each file that stood still for two polls is imported."""

    def __init__(
        self,
        folder: DropFolder,
        imported: ImportedFiles,
        import_orders: FileImporter,
        import_products: FileImporter,
    ) -> None:
        self._folder = folder
        self._imported = imported
        self._orders = import_orders
        self._products = import_products
        self._seen: dict[str, tuple[int, int]] = {}

    def poll(self, stop: Callable[[], bool] = lambda: False) -> list[Handled]:
        """One look at the folder: import every file that is ready. ``stop`` is asked
        between files (a stop request lets the file being imported finish)."""
        files = [f for f in self._folder.files() if is_candidate(f.name)]
        ready: list[DroppedFile] = []
        seen: dict[str, tuple[int, int]] = {}
        for file in files:
            now = (file.size, file.mtime_ns)
            if self._seen.get(file.name) == now:
                ready.append(file)
            else:
                seen[file.name] = now
        self._seen = seen  # files gone or handled are forgotten; ready ones are re-seen if kept
        handled: list[Handled] = []
        for file in sorted(ready, key=lambda f: (not is_products(f.name), f.mtime_ns, f.name)):
            if stop():
                break
            result = self._handle(file)
            handled.append(result)
            if result.outcome is None:
                self._seen[file.name] = (file.size, file.mtime_ns)
        return handled

    def _handle(self, file: DroppedFile) -> Handled:
        name = file.name
        if file.size > MAX_FILE_BYTES:
            report = (
                f"{name}: refused, nothing was imported (1 problem):\n"
                f"{name}: {file.size:,} bytes is larger than the limit of "
                f"{MAX_FILE_BYTES:,} bytes; split it into smaller files"
            )
            return self._failed(name, report)
        data = self._folder.read(name)
        if isinstance(data, str):
            return self._failed(name, f"{name}: refused, nothing was imported (1 problem):\n{data}")
        if data is None or len(data) != file.size:
            return Handled(name, None, None, f"{name}: changed or gone while read; later")
        digest = hashlib.sha256(data).hexdigest()
        before = self._imported.imported(digest)
        if before is not None:
            moved = self._folder.finish(name, "done")
            message = f"{name}: imported before, not again ({before}) -> {moved}"
            log.info("%s", message)
            return Handled(name, "done", moved, message)
        importer = self._products if is_products(name) else self._orders
        try:
            result = importer(name, data, digest)
        except FileRefused as refused:
            return self._failed(name, _report(name, refused))
        except DomainError as exc:  # the database is away, ...: not the file's fault
            message = f"{name}: not imported now, tried again later: {exc.message}"
            log.warning("%s", " ".join(message.splitlines()))
            return Handled(name, None, None, message)
        moved = self._folder.finish(name, "done")
        message = f"{result.summary} -> {moved}"
        log.info("%s", message)
        return Handled(name, "done", moved, message)

    def _failed(self, name: str, report: str) -> Handled:
        moved = self._folder.finish(name, "failed", report)
        problems = report.count("\n")
        message = f"{name}: refused ({problems} problem(s)) -> {moved}, see {moved}.errors.txt"
        log.warning("%s", message)
        return Handled(name, "failed", moved, message)


def _report(name: str, refused: FileRefused) -> str:
    """Every problem (the message on screen stops after 200)."""
    count = len(refused.problems)
    problems = "1 problem" if count == 1 else f"{count} problems"
    return "\n".join([f"{name}: refused, nothing was imported ({problems}):", *refused.problems])
