"""A closed manifest's files (``HandoffService.documents`` and ``write_files``): the PDF for the
driver and the CSV/JSON file for the carrier's systems, each written under a temporary name,
flushed and renamed into place (the shipments export's folder), so a reader never sees half a
file. A file already in the folder is kept (the same manifest is never written differently).

The folder is the one given (``packbench manifest print ID --to FOLDER``), else the one the
manifest was closed with, else the site's ``[handoff] folder`` now: so a manifest closed while
no folder was configured gets its files later. The folder used is recorded with the manifest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from app.domain.exports import ExportRefused
from app.domain.handoff import ManifestRefused, manifest_file_stem, render_manifest
from app.services.handoff_ports import (
    HandoffUnitOfWorkFactory,
    ManifestDocument,
    ManifestFolder,
    ManifestRecord,
)

#: How a refusal is audited (the service's ``_refused``).
Refused = Callable[[str], None]


def documents(
    uow: HandoffUnitOfWorkFactory, document: ManifestDocument | None, manifest_id: int, fmt: str
) -> tuple[ManifestRecord, bytes, str]:
    """The manifest's PDF and its CSV/JSON file (a closed manifest; an open one as a draft of
    what is loaded so far)."""
    if document is None:
        raise ManifestRefused("No manifest document renderer is configured.")
    with uow(read_only=True) as work:
        record = work.manifests.get(manifest_id)
        if record is None:
            raise ManifestRefused(f"There is no manifest {manifest_id}.")
        lines = [
            x
            for x in work.manifests.lines(manifest_id)
            if x.loaded_at and not x.voided and not x.cancelled
        ]
    chosen = record.file_format or fmt
    return record, document.pdf(record.header, lines), render_manifest(record.header, lines, chosen)


def folder_for(record: ManifestRecord, given: Path | None, configured: Path | None) -> Path:
    """Where a closed manifest's files go; refused with what to do when nowhere is known."""
    if record.open:
        raise ManifestRefused(
            f"Manifest {record.id} is still open: close it first (packbench manifest close "
            f"{record.carrier}), or write a draft PDF with --out FILE.pdf."
        )
    if given is not None:
        return given
    if record.folder is not None:
        return Path(record.folder)
    if configured is not None:
        return configured
    raise ManifestRefused(
        f"Manifest {record.id} was closed with no [handoff] folder: write its files with "
        f"packbench manifest print {record.id} --to FOLDER (or set [handoff] folder)."
    )


def write(
    files: ManifestFolder,
    record: ManifestRecord,
    folder: Path,
    pdf: bytes,
    data: str,
    fmt: str,
    refused: Refused,
) -> list[tuple[Path, bool]]:
    """Write the files not in ``folder`` yet, atomically; the paths of both, each with whether
    it was written now (False: it was there already, left as it was)."""
    stem = record.file_stem or manifest_file_stem(record.header)
    written = []
    try:
        files.check(folder)
        for name, content in ((f"{stem}.pdf", pdf), (f"{stem}.{record.file_format or fmt}", data)):
            there = files.has(folder, name)
            if not there:
                files.write_temporary(folder, name, content)
                files.publish(folder, name)
            written.append((folder / name, not there))
    except ExportRefused as exc:
        refused(exc.message)
        raise ManifestRefused(
            f"{exc.message} The manifest is closed; write its files with "
            f"packbench manifest print {record.id} --to FOLDER."
        ) from exc
    return written
