"""What an import reports (the same figures for every kind of file), how it tells its
progress, and how a file it imported is recorded (the watch folder's memory)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Final

from app.services.ports import UnitOfWork

#: The audit entry that records an imported file by the SHA-256 of its bytes.
FILE_IMPORTED: Final = "file_imported"
FILE_ENTITY: Final = "file"


@dataclass(frozen=True)
class ImportReport:
    """What an import did (or, with ``dry_run``, would do)."""

    noun: ClassVar[str] = "record"

    file: str
    added: int
    changed: int
    unchanged: int
    dry_run: bool

    @property
    def summary(self) -> str:
        total = self.added + self.changed + self.unchanged
        counted = f"1 {self.noun}" if total == 1 else f"{total} {self.noun}s"
        text = (
            f"{self.file}: {counted}, {self.added} added, {self.changed} changed, "
            f"{self.unchanged} unchanged"
        )
        return text + (" (dry run: nothing was written)" if self.dry_run else "")


class Count(str):
    """A progress step that counts, e.g. ``orders.csv: 12,000 / 25,000 orders written``: its
    text (so a callback that takes steps as text takes it too) and its figures."""

    done: int
    total: int

    def __new__(cls, file: str, done: int, total: int, what: str) -> Count:
        made = super().__new__(cls, f"{file}: {done:,} / {total:,} {what}")
        made.done = done
        made.total = total
        return made


def digest_key(digest: str) -> int:
    """The audit entry's ``entity_id`` for a file's SHA-256 (hex): its first 60 bits, so the
    look-up uses the (entity, entity_id) index; the whole digest is in the detail."""
    return int(digest[:15], 16)


def file_detail(digest: str, name: str, summary: str) -> str:
    return f"sha256:{digest} {name}: {summary}"


def record_file(uow: UnitOfWork, at: datetime, digest: str, report: ImportReport) -> None:
    """Record, in the import's own transaction, that the file with this digest is in."""
    uow.audit.record(
        at=at,
        user_id=None,
        station_id=None,
        action=FILE_IMPORTED,
        entity=FILE_ENTITY,
        entity_id=digest_key(digest),
        detail=file_detail(digest, report.file, report.summary),
    )
