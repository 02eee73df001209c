"""Shipments out, exactly once: batch files of labelled shipments for the shop's order system.

How exactly once holds across crashes: a batch is recorded first, in one transaction with its
shipments and the file's whole content (``export_batches``, ``export_shipments``); only then
is the file written under a temporary name, flushed, and renamed into place, and the batch
marked written. Every export starts by finishing the batches recorded but not marked written
(a file already in place is left as it is; a missing one is written again from the stored
content: same name, same bytes) and by deleting temporary files a crash left. So a crash at any
point leaves each shipment in exactly one recorded batch, and that batch's file appears once
the next export runs. A consumer that took a file away in the instant between the rename and
the mark would see it again under the same name: file names are unique, so it can tell.

Exporting is for supervisors and admins, identified by badge (and PIN); every batch, every
re-export, every failure and every refusal is audited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import InvalidBarcode, NotAllowed
from app.domain.exports import FORMATS, BatchHeader, ExportRefused, batch_file_name, render
from app.services.export_ports import (
    BatchFolder,
    ExportBatchRecord,
    ExportUnitOfWork,
    ExportUnitOfWorkFactory,
)
from app.services.ports import Clock, CredentialHasher

#: Shipments per file at most: a day of a large site in a handful of files.
BATCH_SIZE: Final = 1000

Step = Callable[[str, ExportBatchRecord], None]
"""Told after each step of a batch: "recorded" (in the database, no file yet), "temporary"
(the temporary file is on disk), "renamed" (the file is in place), "written" (marked so)."""


@dataclass(frozen=True)
class Exporter:
    """Who exports: a supervisor or admin identified by badge."""

    user_id: int
    name: str


@dataclass(frozen=True)
class BatchWritten:
    batch_id: int
    file_name: str
    folder: str
    shipments: int
    again: bool
    #: A batch an earlier run recorded and could not finish, finished by this one.
    recovered: bool = False


@dataclass
class ExportRun:
    batches: list[BatchWritten] = field(default_factory=list)

    @property
    def shipments(self) -> int:
        return sum(b.shipments for b in self.batches if not b.recovered)

    @property
    def summary(self) -> str:
        recovered = [b for b in self.batches if b.recovered]
        new = [b for b in self.batches if not b.recovered]
        parts = []
        if recovered:
            parts.append(f"finished {len(recovered)} batch file(s) an earlier run left")
        if new:
            parts.append(f"{self.shipments} shipment(s) in {len(new)} file(s)")
        return "; ".join(parts) or "nothing new to export"


def _no_step(step: str, batch: ExportBatchRecord) -> None:
    return None


class ExportService:
    def __init__(
        self,
        uow: ExportUnitOfWorkFactory,
        clock: Clock,
        folder: BatchFolder,
        hasher: CredentialHasher,
        codes: InterpreterConfig | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._folder = folder
        self._hasher = hasher
        self._codes = codes or InterpreterConfig()
        self._batch_size = max(1, batch_size)

    # -- who exports -------------------------------------------------------------------------

    def _badge_digest(self, badge_code: str) -> str:
        code = badge_code.strip()
        try:
            scanned = interpret(code, self._codes) if code.isprintable() else None
        except InvalidBarcode:
            scanned = None
        if scanned is None or scanned.kind is not CodeKind.BADGE:
            raise InvalidBarcode(
                f"{code!r} is not a badge code: a badge code starts with the site's badge "
                f"prefix {self._codes.badge_prefix}."
            )
        return self._hasher.badge_digest(scanned.value)

    def pin_required(self, badge_code: str) -> bool:
        with self._uow(read_only=True) as uow:
            user = uow.users.by_badge_hash(self._badge_digest(badge_code))
        return user is not None and user.pin_hash is not None

    def identify(
        self, badge_code: str, pin: str | None = None, what: str = "shipments"
    ) -> Exporter:
        """The supervisor or admin with this badge (and PIN, if they have one); NotAllowed
        for anyone else, audited. ``what`` is exported (for the refusal's words)."""
        digest = self._badge_digest(badge_code)
        with self._uow() as uow:
            user = uow.users.by_badge_hash(digest)
            if user is None or not user.active:
                problem = "Badge not recognised."
            elif user.pin_hash is not None and (
                pin is None or not self._hasher.verify_pin(user.pin_hash, pin)
            ):
                problem = "PIN required or wrong PIN."
            elif not user.role.can_supervise:
                problem = (
                    f"Only a supervisor or an admin can export {what}; {user.name} is a "
                    f"{user.role}."
                )
            else:
                return Exporter(user.id, user.name)
            self._audit(uow, None if user is None else user.id, "export_refused", None, problem)
            uow.commit()
        raise NotAllowed(problem)

    # -- exporting ---------------------------------------------------------------------------

    def export(
        self, exporter: Exporter, folder: Path, fmt: str, on_step: Step = _no_step
    ) -> ExportRun:
        """Finish what an earlier run left, then write every shipment not yet exported into
        batch files in ``folder``. Nothing new to export writes no file."""
        run = self.begin(exporter, folder, fmt, on_step)
        while (batch := self._next_batch(exporter, folder, fmt, None, 0, on_step)) is not None:
            run.batches.append(batch[0])
        return run

    def export_again(
        self, exporter: Exporter, folder: Path, fmt: str, since: datetime, on_step: Step = _no_step
    ) -> ExportRun:
        """Write again, on purpose, every shipment first exported at or after ``since``, as
        they stand now, into new files marked as re-exports (``shipments-again-...``)."""
        run = self.begin(exporter, folder, fmt, on_step)
        after = 0
        while (batch := self._next_batch(exporter, folder, fmt, since, after, on_step)) is not None:
            run.batches.append(batch[0])
            after = batch[1]
        return run

    def finish_unwritten(self, exporter: Exporter, on_step: Step = _no_step) -> list[BatchWritten]:
        """Write the files of batches recorded but not marked written (a crash, a folder that
        went away), each into its own folder under its own name, from the stored content."""
        with self._uow(read_only=True) as uow:
            pending = list(uow.exports.unwritten())
        finished = []
        for record in pending:
            self.write_recorded(exporter, record, on_step, recovering=True)
            finished.append(_written(record, recovered=True))
        return finished

    def begin(self, exporter: Exporter, folder: Path, fmt: str, on_step: Step) -> ExportRun:
        """Check the format and folder, clear a crash's temporary files, and finish every
        batch recorded but not written (of shipments or of outbox events)."""
        try:
            if fmt not in FORMATS:
                raise ExportRefused(f"Unknown export format {fmt!r}: use csv or json.")
            self._folder.check(folder)
            self._folder.remove_temporaries(folder)
        except ExportRefused as refused:
            self._failed(exporter, None, refused.message)
            raise
        return ExportRun(self.finish_unwritten(exporter, on_step))

    def _next_batch(
        self,
        exporter: Exporter,
        folder: Path,
        fmt: str,
        since: datetime | None,
        after: int,
        on_step: Step,
    ) -> tuple[BatchWritten, int] | None:
        """Record the next batch with its shipments, then write its file. None when there is
        nothing (more) to export. Also returns the batch's highest order id."""
        again = since is not None
        with self._uow() as uow:
            uow.exports.lock()
            if since is None:
                ids = list(uow.exports.exportable(self._batch_size))
            else:
                ids = list(uow.exports.exported_since(since, after, self._batch_size))
            if not ids:
                return None
            shipments = list(uow.exports.shipments(ids))
            now = self._clock.now()
            where = str(folder.absolute())
            batch_id = uow.exports.add_batch(
                folder=where, fmt=fmt, at=now, user_id=exporter.user_id, again=again, since=since
            )
            name = batch_file_name(batch_id, now, fmt, again)
            content = render(BatchHeader(batch_id, name, now, again, since), shipments, fmt)
            uow.exports.fill_batch(batch_id, name, content, ids, again)
            detail = f"{name}: {len(ids)} shipment(s) to {where}"
            if since is not None:
                detail += f", re-export of those first exported since {since.isoformat()}"
            action = "export_again" if again else "export_batch"
            self._audit(uow, exporter.user_id, action, batch_id, detail)
            uow.commit()
        record = ExportBatchRecord(batch_id, name, where, fmt, now, len(ids), again, content)
        on_step("recorded", record)
        self.write_recorded(exporter, record, on_step, recovering=False)
        return _written(record, recovered=False), max(ids)

    def write_recorded(
        self, exporter: Exporter, record: ExportBatchRecord, on_step: Step, recovering: bool
    ) -> None:
        """Put a recorded batch's file in place (unless it is) and mark the batch written."""
        folder = Path(record.folder)
        try:
            in_place = self._folder.has(folder, record.file_name)
            if not in_place:
                self._folder.write_temporary(folder, record.file_name, record.content)
                on_step("temporary", record)
                self._folder.publish(folder, record.file_name)
                on_step("renamed", record)
        except ExportRefused as refused:
            self._failed(exporter, record.id, f"{record.file_name}: {refused.message}")
            raise
        with self._uow() as uow:
            uow.exports.mark_written(record.id, self._clock.now())
            if recovering:
                how = "was in place" if in_place else "written again from the database"
                detail = f"{record.file_name} (recorded, not finished by an earlier run) {how}"
                self._audit(uow, exporter.user_id, "export_recovered", record.id, detail)
            uow.commit()
        on_step("written", record)

    def _failed(self, exporter: Exporter, batch_id: int | None, message: str) -> None:
        with self._uow() as uow:
            self._audit(uow, exporter.user_id, "export_failed", batch_id, message)
            uow.commit()

    def _audit(
        self,
        uow: ExportUnitOfWork,
        user_id: int | None,
        action: str,
        batch_id: int | None,
        detail: str,
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=user_id,
            station_id=None,
            action=action,
            entity="export_batch",
            entity_id=batch_id,
            detail=detail[:2000],
        )


def _written(record: ExportBatchRecord, *, recovered: bool) -> BatchWritten:
    return BatchWritten(
        record.id, record.file_name, record.folder, record.shipments, record.again, recovered
    )
