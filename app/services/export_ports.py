"""The ports of shipment export (``app.services.exports``): the batches in the database and the
folder the files go to.

Kept beside ``ports.py`` (which is at its size limit): a unit of work that can export is a
``UnitOfWork`` with an ``exports`` repository too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from app.domain.exports import Shipment
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class ExportBatchRecord:
    """A recorded batch: its file's name, folder and whole content."""

    id: int
    file_name: str
    folder: str
    format: str
    created_at: datetime
    shipments: int
    again: bool
    content: str


class ShipmentExports(Protocol):
    def lock(self) -> None:
        """Make this unit of work the only exporter until it ends (two exporters never pick
        the same shipments)."""
        ...

    def unwritten(self) -> Sequence[ExportBatchRecord]:
        """Batches recorded whose file is not known to be in place, oldest first."""
        ...

    def exportable(self, limit: int) -> Sequence[int]:
        """Up to ``limit`` order ids, lowest first, of shipments ready to go and in no first
        export yet: the order labelled (or handed over, delivered) with a label sent to a
        printer for a parcel whose label is not void."""
        ...

    def exported_since(self, since: datetime, after_order_id: int, limit: int) -> Sequence[int]:
        """Order ids above ``after_order_id`` whose first export was made at or after
        ``since``, lowest first."""
        ...

    def shipments(self, order_ids: Sequence[int]) -> Sequence[Shipment]:
        """The shipments of these orders as they stand, in the order of ``order_ids``."""
        ...

    def add_batch(
        self,
        *,
        folder: str,
        fmt: str,
        at: datetime,
        user_id: int | None,
        again: bool,
        since: datetime | None,
    ) -> int:
        """Start a batch row (file name and content follow with ``fill_batch``); its id."""
        ...

    def fill_batch(
        self, batch_id: int, file_name: str, content: str, order_ids: Sequence[int], again: bool
    ) -> None: ...

    def mark_written(self, batch_id: int, at: datetime) -> None: ...


class ExportUnitOfWork(UnitOfWork, Protocol):
    @property
    def exports(self) -> ShipmentExports: ...


class ExportUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> ExportUnitOfWork: ...


class BatchFolder(Protocol):
    """Where batch files go: written to a temporary name, flushed to disk, then renamed, so a
    reader never sees half a file. Failures raise ``ExportRefused`` naming the folder."""

    def check(self, folder: Path) -> None:
        """Refuse a folder that does not exist, is a file, or cannot be written."""
        ...

    def remove_temporaries(self, folder: Path) -> int:
        """Delete temporary files a crash left behind; how many."""
        ...

    def has(self, folder: Path, name: str) -> bool: ...

    def write_temporary(self, folder: Path, name: str, content: str) -> None:
        """Write ``content`` under the temporary name of ``name`` and flush it to disk."""
        ...

    def publish(self, folder: Path, name: str) -> None:
        """Rename the temporary file to ``name`` (and flush the folder)."""
        ...
