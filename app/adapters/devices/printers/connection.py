"""What every printer connection promises, and the checks a two-way connection makes.

``send(data, job_id=None, on_sending=None)`` returns only once the printer took every byte. On a
two-way connection (network, serial, USB) that is known from the printer itself: the status is
asked before the job (no reply, or not ready: ``PrinterProblem`` with ``bytes_sent=False``,
nothing of the job written) and again after it (ESC/POS ``DLE EOT``, ZPL ``~HS``): the printer
answers a request only once it has taken the bytes before it. No answer after the job, or a
printer that now reports a problem, is ``bytes_sent=True``: the label may or may not have come
out. ``on_sending`` is called after the connection is open and the printer said it is ready,
right before the first byte of the job is written; a job refused earlier never calls it, and
if it raises, nothing is written and the exception goes to the caller.

Every problem is a ``ConnectionProblem`` (a ``PrinterProblem``) whose ``what`` says what went
wrong without naming the printer, so the station's printer can name itself.
"""

from __future__ import annotations

import errno
import re
import socket
import uuid
from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import ClassVar

from app.adapters.devices.printers.status import Channel, Language, check_language, query
from app.domain.errors import PrinterProblem
from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending

#: Seconds a status query may take before the printer counts as not answering. Printers
#: answer DLE EOT and ~HS at once, in real time; 0.8 s keeps a hung printer on the banner
#: within a second.
DEFAULT_STATUS_TIMEOUT = 0.8

_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")

UNCERTAIN = Message("check whether the label came out before printing it again")
NOTHING_SENT = Message("nothing was sent")


def status_failed(what: str) -> str:
    """The status question before a job failed on the connection (``what``): nothing sent."""
    return Message("status before the job: {problem}, nothing was sent", problem=what)


def failed_during_job(what: str, tail: str) -> str:
    """The connection failed while the job was going out (``what``); ``tail`` says whether
    anything was sent."""
    return Message("{problem} during the job; {tail}", problem=what, tail=tail)


def timed_out(seconds: float, tail: str) -> str:
    """The printer did not take the job in time; ``tail`` says whether anything was sent."""
    return Message(
        "timed out: the printer did not take the job within {seconds} s; {tail}",
        seconds=f"{seconds:g}",
        tail=tail,
    )


class ConnectionProblem(PrinterProblem):
    """A job or query failed on a connection. ``where`` is the connection ("network
    10.0.4.21:9100"), ``what`` the problem in words for the packer."""

    def __init__(self, name: str, where: str, what: str, *, bytes_sent: bool) -> None:
        said = Message("Printer {printer}: {problem}", printer=f"{name} ({where})", problem=what)
        super().__init__(said, bytes_sent=bytes_sent)
        self.where = where
        self.what = what


def check_job_id(job_id: str) -> str:
    if not _JOB_ID.fullmatch(job_id):
        raise ValueError(
            f"job id {job_id!r} is not usable: 1 to 128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return job_id


def new_job_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"job-{stamp}-{uuid.uuid4().hex[:8]}"


def positive(value: float, what: str) -> float:
    if not value > 0:
        raise ValueError(f"the {what} must be positive, not {value!r}")
    return float(value)


def describe_error(error: BaseException) -> str:
    """An OS or library error in words for the packer."""
    if isinstance(error, TimeoutError):
        return "timed out (no answer)"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused (is the printer switched on, and is the address right?)"
    if isinstance(error, ConnectionResetError | BrokenPipeError | ConnectionAbortedError) or (
        isinstance(error, OSError) and error.errno == errno.ENOTCONN
    ):
        return f"the printer closed the connection ({error.strerror or 'reset'})"
    if isinstance(error, socket.gaierror):
        return f"unknown host name ({error.strerror})"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error) or type(error).__name__


class Connection(ABC):
    """One way to reach one printer; see the module docstring.

    ``two_way``: the printer can answer on this connection (status queries are possible).
    ``language`` ("escpos" or "zpl") is the one the status is asked in.
    """

    kind: ClassVar[str]
    two_way: ClassVar[bool]

    def __init__(self, name: str | None, language: str = "escpos") -> None:
        self.name = name or self.kind
        self.language: Language = check_language(language)

    @abstractmethod
    def describe(self) -> str:
        """Where the printer is, for people: "network 10.0.4.21:9100"."""

    @abstractmethod
    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        """Deliver one job (the bytes as they are) or raise ``ConnectionProblem``; see the
        module docstring for when ``on_sending`` is called and what ``bytes_sent`` says.

        ``job_id`` names the job where the connection can use a name (file name, spooler job
        title); it must be 1 to 128 letters, digits, ".", "_" or "-".
        """

    @abstractmethod
    def status(self, language: str | None = None) -> PrinterState:
        """Ask the printer how it is, in ``language`` (by default the connection's). Never
        raises for a printer that cannot be reached or does not answer: that is a state too."""

    def close(self) -> None:  # noqa: B027 - most connections hold nothing open between jobs
        """Let go of anything held open between jobs."""

    def _language(self, language: str | None) -> Language:
        return self.language if language is None else check_language(language)

    def _problem(self, what: str, *, bytes_sent: bool = False) -> ConnectionProblem:
        return ConnectionProblem(self.name, self.describe(), what, bytes_sent=bytes_sent)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {self.describe()}>"


class TwoWayConnection(Connection):
    """A connection the printer answers on: every job is checked before and after."""

    two_way = True
    status_timeout: float

    #: False for a printer on a two-way connection that does not answer status requests (no
    #: receive line, or no DLE EOT / ~HS support): it is sent to like a one-way queue, and a
    #: job counts as sent once every byte was written and the connection closed cleanly.
    asks_status: bool = True

    def _not_asked(self) -> PrinterState:
        return PrinterState(
            PrinterCondition.UNKNOWN, "not asked: the printer is set not to answer status"
        )

    def _check_ready(self, channel: Channel) -> None:
        """Ask before the job; raise (``bytes_sent=False``) unless the printer says ready."""
        if not self.asks_status:
            return
        state = query(self.language, channel, self.status_timeout)
        if state.ok:
            return
        if not state.known:
            raise self._problem(
                Message("no status before the job, nothing was sent: {detail}", detail=state.detail)
            )
        raise self._problem(Message("it {state}; nothing was sent", state=state.words))

    def _confirm_taken(self, channel: Channel, wait: float) -> PrinterState:
        """Ask after the job: the reply says the printer took every byte. No reply, or a
        printer that now reports a problem: ``bytes_sent=True``."""
        if not self.asks_status:
            return self._not_asked()
        state = query(self.language, channel, max(wait, self.status_timeout))
        if state.ok:
            return state
        if not state.known:
            raise self._problem(
                Message(
                    "the job was sent but the printer did not confirm it ({detail}); {check}",
                    detail=state.detail,
                    check=UNCERTAIN,
                ),
                bytes_sent=True,
            )
        raise self._problem(
            Message(
                "after the job the printer reports {detail} (status {state}); {check}",
                detail=state.detail,
                state=state.state.value,
                check=UNCERTAIN,
            ),
            bytes_sent=True,
        )
