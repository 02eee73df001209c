"""What an import reports: the same figures for every kind of file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar


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
