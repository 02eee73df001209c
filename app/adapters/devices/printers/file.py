"""A folder as the printer: one file per job (stations without a printer, tests, and folders
another program watches)."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from pathlib import Path

from app.adapters.devices.printers.connection import (
    Connection,
    check_job_id,
    describe_error,
    new_job_id,
)
from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending


def _write_atomically(path: Path, data: bytes) -> None:
    """Write ``path`` so that readers see no file (or the old one) or all of the new one: a
    hidden temporary file in the same folder, flushed to disk, renamed over ``path``."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        with contextlib.suppress(OSError):
            dir_fd = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)


class FileConnection(Connection):
    """Each job becomes ``<job_id><suffix>`` in ``directory``, written atomically (a program
    watching the folder never sees half a job, so a failed write sent nothing); without a
    ``job_id`` a new unique one is made. Sending the same job id again replaces that job's file.

    ``status``: there is no printer to ask, and the folder is the "printer": ready when it
    exists (or can be created) and is writable, error otherwise.
    """

    kind = "file"
    two_way = False

    def __init__(
        self,
        directory: Path,
        *,
        name: str | None = None,
        suffix: str = ".bin",
        language: str = "escpos",
    ) -> None:
        super().__init__(name, language)
        if suffix and not re.fullmatch(r"\.[A-Za-z0-9]{1,10}", suffix):
            raise ValueError(f"file suffix {suffix!r} is not like '.bin'")
        self.directory = Path(directory)
        self.suffix = suffix

    def describe(self) -> str:
        return Message("folder {path}", path=str(self.directory))

    def path_for(self, job_id: str) -> Path:
        return self.directory / f"{check_job_id(job_id)}{self.suffix}"

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        path = self.path_for(job_id if job_id is not None else new_job_id())
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise self._problem(
                Message("cannot create the folder: {error}", error=describe_error(error))
            ) from error
        if on_sending is not None:
            on_sending()
        try:
            _write_atomically(path, data)
        except OSError as error:
            raise self._problem(
                Message("cannot write {file}: {error}", file=path.name, error=describe_error(error))
            ) from error

    def status(self, language: str | None = None) -> PrinterState:
        self._language(language)
        existing = self.directory
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            return PrinterState(
                PrinterCondition.ERROR, Message("{path} is not a folder", path=str(existing))
            )
        if not os.access(existing, os.W_OK | os.X_OK):
            return PrinterState(
                PrinterCondition.ERROR,
                Message("the folder {path} is not writable", path=str(existing)),
            )
        if existing != self.directory:
            return PrinterState(
                PrinterCondition.READY,
                Message("the folder {path} will be created", path=str(self.directory)),
            )
        return PrinterState(PrinterCondition.READY, Message("writable folder"))
