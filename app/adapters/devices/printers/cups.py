"""A CUPS queue, printed to raw with ``lp``."""

from __future__ import annotations

import re
import shutil
import subprocess

from app.adapters.devices.printers.connection import (
    UNCERTAIN,
    Connection,
    check_job_id,
    describe_error,
    positive,
)
from app.adapters.devices.printers.status import unknown
from app.domain.message import Message
from app.domain.printing import PrinterState
from app.services.device_ports import OnSending

_CUPS_QUEUE = re.compile(r"[^\s/#\\'\"-][^\s/#\\'\"]{0,126}")


class CupsRawConnection(Connection):
    """A CUPS queue, printed to with ``lp -d QUEUE -o raw`` (the job on its standard input,
    unfiltered). "Took every byte" means CUPS queued the whole job (``lp`` exit 0); a failing
    ``lp`` queued nothing. One-way: CUPS tells nothing about the printer, so ``status`` is
    unknown."""

    kind = "cups"
    two_way = False

    def __init__(
        self,
        queue: str,
        timeout: float = 10.0,
        *,
        name: str | None = None,
        language: str = "escpos",
        lp_command: str = "lp",
    ) -> None:
        super().__init__(name, language)
        if not _CUPS_QUEUE.fullmatch(queue):
            raise ValueError(
                f"{queue!r} is not a CUPS queue name (no spaces, '/', '#' or quotes, "
                "not starting with '-')"
            )
        self.queue = queue
        self.timeout = positive(timeout, "printer timeout")
        self.lp_command = lp_command

    def describe(self) -> str:
        return Message("CUPS queue {queue} (raw)", queue=self.queue)

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        command = ["-d", self.queue, "-o", "raw"]
        if job_id is not None:
            command += ["-t", check_job_id(job_id)]
        lp = shutil.which(self.lp_command)
        if lp is None:
            raise self._problem(
                f"the CUPS command {self.lp_command!r} is not installed "
                "(install the cups-client package)"
            )
        if on_sending is not None:
            on_sending()
        try:
            result = subprocess.run(
                [lp, *command], input=data, capture_output=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise self._problem(
                f"timed out: lp did not finish within {self.timeout:g} s; {UNCERTAIN}",
                bytes_sent=True,
            ) from error
        except OSError as error:
            raise self._problem(f"cannot run lp: {describe_error(error)}") from error
        if result.returncode != 0:
            said = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
            if "does not exist" in said.lower():
                raise self._problem(f"CUPS has no queue {self.queue!r} ({said})")
            raise self._problem(f"lp failed: {said}")

    def status(self, language: str | None = None) -> PrinterState:
        self._language(language)
        return unknown("a CUPS raw queue is one-way: the printer cannot be asked")
