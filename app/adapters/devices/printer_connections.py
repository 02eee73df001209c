"""How a station's label printer is reached, and what state it says it is in.

A station prints rendered labels (ESC/POS bytes, or ZPL text encoded as UTF-8) to one printer
through one ``Connection``:

* ``NetworkConnection``: raw TCP, usually port 9100 (JetDirect / "raw" port);
* ``SerialConnection``: RS-232 or USB-serial through pyserial;
* ``UsbConnection``: a USB printer through python-escpos's ``escpos.printer.Usb`` (pyusb and a
  libusb backend needed);
* ``CupsRawConnection``: a CUPS queue, ``lp -d QUEUE -o raw``;
* ``WindowsRawConnection``: the Windows spooler, a RAW job through pywin32's ``win32print``;
* ``FileConnection``: one file per job in a folder (stations without a printer, tests, and
  folders another program watches).

``send(data, job_id=None)`` delivers one job or raises ``PrinterProblem`` naming the printer and
the problem; every connection has an explicit time limit, none can block a worker thread for
good. ``status(language)`` asks the printer, where the connection is two-way, and returns a
``PrinterStatus``. ``connection_from_settings`` turns a station's printer settings into a
connection.

Status queries
--------------

ESC/POS (``language="escpos"``): real-time status requests ``DLE EOT n`` (``10 04 n``), one byte
back each (Epson ESC/POS reference, "DLE EOT"). Every reply has bit 1 and bit 4 set and bits 0
and 7 clear (``byte & 0x93 == 0x12``); any other byte is not a status reply.

* ``n = 1`` printer status: bit 3 set = offline.
* ``n = 2`` offline cause, asked only when offline: bit 2 cover open, bit 5 printing stopped by a
  paper end, bit 6 an error occurred (bit 3: paper being fed with the feed button).
* ``n = 4`` roll paper sensor: bits 2-3 paper near its end, bits 5-6 paper end (no paper).

ZPL (``language="zpl"``): ``~HS`` (host status return, ZPL II Programming Guide). The printer
sends three strings, each ``STX ... ETX CR LF``, fields separated by commas:

* string 1 ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``: field 2 (b) paper out, field 3 (c) pause
  active, field 6 (f) receive buffer full, field 10 (j) corrupt RAM (configuration lost),
  field 11 (k) under temperature, field 12 (l) over temperature;
* string 2 ``mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www``: field 3 (o) head up (print head open), field 4
  (p) ribbon out;
* string 3 (password, static RAM) is not used.

Current Zebra firmware does not answer ``~HS`` at all while the media or ribbon is out, the head
is open or too hot: for ZPL, "unknown" often means "go and look at the printer".

States, most urgent first: ``cover_open``, ``paper_out``, ``error``, ``offline`` (offline or
paused, or not reachable at all: connection refused, no such port or device), ``ready``.
``unknown`` means no usable reply (silence within the status timeout, a reply that is not a
status, or a one-way connection): a connection never reports "ready" without a reply from the
printer (``FileConnection`` is the exception: its "printer" is a folder, which can be checked).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Literal, Protocol, get_args

import serial

from app.domain.errors import PrinterProblem

__all__ = [
    "LANGUAGES",
    "STATES",
    "Connection",
    "CupsRawConnection",
    "FileConnection",
    "NetworkConnection",
    "PrinterState",
    "PrinterStatus",
    "SerialConnection",
    "UsbConnection",
    "WindowsRawConnection",
    "connection_from_settings",
    "decode_escpos_status",
    "parse_zpl_host_status",
]

PrinterState = Literal["ready", "offline", "paper_out", "cover_open", "error", "unknown"]
STATES: tuple[str, ...] = get_args(PrinterState)
Language = Literal["escpos", "zpl"]
LANGUAGES: tuple[str, ...] = get_args(Language)

#: Seconds a status query may take before the printer counts as not answering.
DEFAULT_STATUS_TIMEOUT = 1.0

USB_DEPENDENCY_HINT = "USB printing needs pyusb and libusb: pip install pyusb libusb-package"

_JOB_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True)
class PrinterStatus:
    """What the printer said about itself: ``state`` (one of ``STATES``) and a ``detail`` for
    people ("paper out", "no reply to ~HS within 1.0 s")."""

    state: PrinterState
    detail: str = ""

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown printer state {self.state!r}: use one of {STATES}")

    @property
    def ok(self) -> bool:
        """The printer answered and can print."""
        return self.state == "ready"

    @property
    def known(self) -> bool:
        """The printer answered (or, for a folder, the folder was checked)."""
        return self.state != "unknown"


def _unknown(detail: str) -> PrinterStatus:
    return PrinterStatus("unknown", detail)


def _check_language(language: str) -> Language:
    normalized = language.strip().lower()
    if normalized == "escpos":
        return "escpos"
    if normalized == "zpl":
        return "zpl"
    raise ValueError(f"unknown printer language {language!r}: use 'escpos' or 'zpl'")


def _check_job_id(job_id: str) -> str:
    if not _JOB_ID.fullmatch(job_id):
        raise ValueError(
            f"job id {job_id!r} is not usable: 1 to 128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return job_id


def _new_job_id() -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    return f"job-{stamp}-{uuid.uuid4().hex[:8]}"


def _describe(error: BaseException) -> str:
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


# --------------------------------------------------------------------------------------------
# Decoding status replies
# --------------------------------------------------------------------------------------------

DLE_EOT = b"\x10\x04"
HOST_STATUS_REQUEST = b"~HS"

_ESCPOS_FIXED_MASK = 0x93  # bits 0, 1, 4, 7
_ESCPOS_FIXED_VALUE = 0x12  # bits 1 and 4 set, 0 and 7 clear
_OFFLINE = 0x08  # DLE EOT 1, bit 3
_COVER_OPEN = 0x04  # DLE EOT 2, bit 2
_FEED_BUTTON = 0x08  # DLE EOT 2, bit 3
_PAPER_END_STOP = 0x20  # DLE EOT 2, bit 5
_ERROR_OCCURRED = 0x40  # DLE EOT 2, bit 6
_PAPER_NEAR_END = 0x0C  # DLE EOT 4, bits 2-3
_PAPER_END = 0x60  # DLE EOT 4, bits 5-6


def _is_escpos_status(byte: int) -> bool:
    return byte & _ESCPOS_FIXED_MASK == _ESCPOS_FIXED_VALUE


def decode_escpos_status(
    printer: int, paper: int | None = None, offline_cause: int | None = None
) -> PrinterStatus:
    """The state in the replies to DLE EOT 1 (``printer``), DLE EOT 4 (``paper``) and DLE EOT 2
    (``offline_cause``); see the module docstring for the bits. A byte that is not a status
    reply (fixed bits wrong) makes the state "unknown"; so does a missing ``paper`` reply
    from an online printer (it might be out of paper)."""
    for n, byte in ((1, printer), (4, paper), (2, offline_cause)):
        if byte is not None and not _is_escpos_status(byte):
            return _unknown(f"the reply 0x{byte:02X} to DLE EOT {n} is not a status byte")
    offline = bool(printer & _OFFLINE)
    cause = offline_cause or 0
    if offline and cause & _COVER_OPEN:
        return PrinterStatus("cover_open", "cover open")
    if paper is not None and paper & _PAPER_END:
        return PrinterStatus("paper_out", "paper out")
    if offline and cause & _PAPER_END_STOP:
        return PrinterStatus("paper_out", "printing stopped: paper end")
    if offline and cause & _ERROR_OCCURRED:
        return PrinterStatus("error", "printer error (cutter jam, overheating or similar)")
    if offline:
        if cause & _FEED_BUTTON:
            return PrinterStatus("offline", "offline: paper is being fed with the feed button")
        return PrinterStatus("offline", "offline")
    if paper is None:
        return _unknown("online, but no reply about the paper (DLE EOT 4)")
    if paper & _PAPER_NEAR_END:
        return PrinterStatus("ready", "ready, paper near its end")
    return PrinterStatus("ready", "ready")


_ZPL_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")


def _zpl_frames(reply: bytes) -> list[bytes]:
    return _ZPL_FRAME.findall(reply)


def parse_zpl_host_status(reply: bytes) -> PrinterStatus:
    """The state in a ZPL ``~HS`` reply (see the module docstring for the fields used).

    Needs strings 1 and 2 with at least the fields used, each flag "0" or "1"; anything else
    is "unknown".
    """
    frames = _zpl_frames(reply)
    if len(frames) < 2:
        return _unknown(f"incomplete ~HS reply ({len(frames)} of 3 strings)")
    string_1 = frames[0].decode("ascii", "replace").split(",")
    string_2 = frames[1].decode("ascii", "replace").split(",")
    if len(string_1) < 12 or len(string_2) < 4:
        return _unknown("the ~HS reply does not have the documented fields")

    def flag(fields: list[str], number: int) -> bool | None:
        value = fields[number - 1].strip()
        return {"0": False, "1": True}.get(value)

    paper_out = flag(string_1, 2)
    paused = flag(string_1, 3)
    buffer_full = flag(string_1, 6)
    corrupt_ram = flag(string_1, 10)
    under_temperature = flag(string_1, 11)
    over_temperature = flag(string_1, 12)
    head_up = flag(string_2, 3)
    ribbon_out = flag(string_2, 4)
    flags = (
        paper_out,
        paused,
        buffer_full,
        corrupt_ram,
        under_temperature,
        over_temperature,
        head_up,
        ribbon_out,
    )
    if any(value is None for value in flags):
        return _unknown("the ~HS reply has flags that are not 0 or 1")

    if head_up:
        return PrinterStatus("cover_open", "print head open")
    if paper_out:
        return PrinterStatus("paper_out", "paper (media) out")
    errors = [
        text
        for present, text in (
            (ribbon_out, "ribbon out"),
            (over_temperature, "print head too hot"),
            (under_temperature, "print head too cold"),
            (corrupt_ram, "configuration lost (corrupt RAM)"),
        )
        if present
    ]
    if errors:
        return PrinterStatus("error", ", ".join(errors))
    if paused:
        return PrinterStatus("offline", "paused")
    if buffer_full:
        return PrinterStatus("ready", "ready, receive buffer full")
    return PrinterStatus("ready", "ready")


class _Channel(Protocol):
    """An open two-way line to a printer, for status queries."""

    def write(self, data: bytes) -> None: ...

    def read(self, wait: float) -> bytes:
        """Bytes that arrive within ``wait`` seconds (at least one if any arrive), or b""."""
        ...


def _read_until(
    channel: _Channel, buffer: bytearray, enough: Callable[[bytearray], bool], deadline: float
) -> bool:
    """Read into ``buffer`` until ``enough(buffer)`` or ``deadline``; True if enough."""
    while not enough(buffer):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        buffer += channel.read(left)
    return True


def _query_escpos(channel: _Channel, deadline: float, timeout: float) -> PrinterStatus:
    buffer = bytearray()

    def ask(n: int) -> int | None:
        buffer.clear()
        channel.write(DLE_EOT + bytes([n]))
        if not _read_until(channel, buffer, lambda got: len(got) >= 1, deadline):
            return None
        return buffer[0]

    printer = ask(1)
    if printer is None:
        return _unknown(f"no reply to the status request (DLE EOT 1) within {timeout:g} s")
    if not _is_escpos_status(printer):
        return decode_escpos_status(printer)
    cause = ask(2) if printer & _OFFLINE else None
    paper = ask(4)
    return decode_escpos_status(printer, paper, cause)


def _query_zpl(channel: _Channel, deadline: float, timeout: float) -> PrinterStatus:
    buffer = bytearray()
    channel.write(HOST_STATUS_REQUEST)
    if _read_until(channel, buffer, lambda got: len(_zpl_frames(bytes(got))) >= 3, deadline):
        return parse_zpl_host_status(bytes(buffer))
    if len(_zpl_frames(bytes(buffer))) >= 2:
        return parse_zpl_host_status(bytes(buffer))
    if buffer:
        return _unknown(f"incomplete reply to ~HS within {timeout:g} s")
    return _unknown(
        f"no reply to ~HS within {timeout:g} s (Zebra printers stay silent while the media or "
        "ribbon is out or the head is open)"
    )


def _query(language: Language, channel: _Channel, timeout: float) -> PrinterStatus:
    deadline = time.monotonic() + timeout
    if language == "escpos":
        return _query_escpos(channel, deadline, timeout)
    return _query_zpl(channel, deadline, timeout)


# --------------------------------------------------------------------------------------------
# The connections
# --------------------------------------------------------------------------------------------


def _positive(value: float, what: str) -> float:
    if not value > 0:
        raise ValueError(f"the {what} must be positive, not {value!r}")
    return float(value)


class Connection(ABC):
    """One way to reach one printer; see the module docstring.

    ``two_way``: the printer can answer on this connection (status queries are possible).
    """

    kind: ClassVar[str]
    two_way: ClassVar[bool]

    def __init__(self, name: str | None) -> None:
        self.name = name or self.kind

    @abstractmethod
    def describe(self) -> str:
        """Where the printer is, for people: "network 10.0.4.21:9100"."""

    @abstractmethod
    def send(self, data: bytes, job_id: str | None = None) -> None:
        """Deliver one job (the bytes as they are); raise ``PrinterProblem`` if that fails.

        ``job_id`` names the job where the connection can use a name (file name, spooler job
        title); it must be 1 to 128 letters, digits, ".", "_" or "-".
        """

    @abstractmethod
    def status(self, language: str) -> PrinterStatus:
        """Ask the printer how it is, in ``language`` ("escpos" or "zpl"). Never raises for
        a printer that cannot be reached or does not answer: that is a status too."""

    def close(self) -> None:  # noqa: B027 - most connections hold nothing open between jobs
        """Let go of anything held open between jobs."""

    def _problem(self, what: str) -> PrinterProblem:
        return PrinterProblem(f"Printer {self.name} ({self.describe()}): {what}")

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name!r}: {self.describe()}>"


# -- network ----------------------------------------------------------------------------------


def _unacknowledged_bytes(sock: socket.socket) -> int | None:
    """Bytes (plus a FIN) sent on ``sock`` that the peer has not acknowledged yet (Linux
    ``SIOCOUTQ``); None where the platform cannot tell."""
    if not sys.platform.startswith("linux"):
        return None
    import fcntl
    import termios

    try:
        raw = fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0")
    except OSError:
        return None
    count: int = struct.unpack("i", raw)[0]
    return count


class _SocketChannel:
    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock

    def write(self, data: bytes) -> None:
        self.sock.sendall(data)

    def read(self, wait: float) -> bytes:
        readable, _, _ = select.select([self.sock], [], [], max(0.0, wait))
        if not readable:
            return b""
        chunk = self.sock.recv(4096)
        if not chunk:
            raise ConnectionResetError(errno.ECONNRESET, "the printer closed the connection")
        return chunk


class NetworkConnection(Connection):
    """A printer on a raw TCP port (9100): one TCP connection per job.

    ``send`` connects, sends the job and half-closes (``shutdown(SHUT_WR)``: "that was all"),
    then waits until the data has really left: the printer closes the connection (it read
    everything), or, on Linux, every byte has been acknowledged by the printer's TCP stack
    (``SIOCOUTQ`` is 0) and the printer has not reset the connection within ``close_wait``
    seconds. A printer that resets mid-job is reported, not taken for a printed label. Bytes
    the printer sends meanwhile (status it volunteers) are read and dropped, so closing never
    turns into a reset that could discard the job. Connecting, sending and that wait together
    take at most ``timeout`` seconds.

    ``status`` uses a separate short connection, ``status_timeout`` seconds in all.

    Looking up a host name is not covered by the timeouts (the system resolver has its own):
    give station printers fixed IP addresses.
    """

    kind = "network"
    two_way = True

    def __init__(
        self,
        host: str,
        port: int = 9100,
        timeout: float = 5.0,
        *,
        name: str | None = None,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        close_wait: float = 0.2,
    ) -> None:
        super().__init__(name)
        if not host:
            raise ValueError("a network printer needs a host name or address")
        if not 0 < port < 65536:
            raise ValueError(f"port {port} is not a TCP port")
        self.host = host
        self.port = port
        self.timeout = _positive(timeout, "printer timeout")
        self.status_timeout = _positive(status_timeout, "status timeout")
        self.close_wait = max(0.0, close_wait)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def describe(self) -> str:
        return f"network {self.address}"

    def send(self, data: bytes, job_id: str | None = None) -> None:
        if job_id is not None:
            _check_job_id(job_id)
        deadline = time.monotonic() + self.timeout
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise self._problem(_describe(error)) from error
        with sock:
            try:
                sock.settimeout(max(0.001, deadline - time.monotonic()))
                sock.sendall(data)
                sock.shutdown(socket.SHUT_WR)
                self._wait_delivered(sock, len(data), deadline)
            except OSError as error:
                raise self._problem(_describe(error)) from error

    def _wait_delivered(self, sock: socket.socket, size: int, deadline: float) -> None:
        closed_by_printer = False
        acknowledged_since: float | None = None
        while True:
            pending = _unacknowledged_bytes(sock)
            now = time.monotonic()
            if not pending:  # 0, or the platform cannot tell
                if closed_by_printer:
                    return
                if acknowledged_since is None:
                    acknowledged_since = now
                if now - acknowledged_since >= self.close_wait:
                    return
            else:
                acknowledged_since = None
            if now >= deadline:
                if not pending:
                    return
                raise self._problem(
                    f"timed out: the printer did not take the whole job "
                    f"({pending} of {size} bytes unacknowledged)"
                )
            wait = min(0.02, deadline - now)
            if closed_by_printer:
                # Still bytes unacknowledged after the printer's FIN: a reset may follow.
                failure = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if failure:
                    raise OSError(failure, os.strerror(failure))
                time.sleep(wait)
                continue
            readable, _, _ = select.select([sock], [], [], wait)
            if readable and not sock.recv(65536):
                closed_by_printer = True

    def status(self, language: str) -> PrinterStatus:
        checked = _check_language(language)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.status_timeout)
        except TimeoutError:
            return PrinterStatus(
                "offline", f"not reachable: no answer within {self.status_timeout:g} s"
            )
        except OSError as error:
            return PrinterStatus("offline", f"not reachable: {_describe(error)}")
        with sock:
            try:
                return _query(checked, _SocketChannel(sock), self.status_timeout)
            except OSError as error:
                return _unknown(f"the status query failed: {_describe(error)}")


# -- serial -----------------------------------------------------------------------------------


class _SerialChannel:
    def __init__(self, port: Any) -> None:
        self.port = port

    def write(self, data: bytes) -> None:
        self.port.write(data)

    def read(self, wait: float) -> bytes:
        self.port.timeout = max(0.0, wait)
        waiting = max(1, int(self.port.in_waiting or 0))
        return bytes(self.port.read(waiting))


class SerialConnection(Connection):
    """A printer on a serial port (or any pyserial URL), opened for each job or query.

    ``send`` writes with a write timeout, then waits until the port's output queue is empty
    (the bytes left the computer), ``timeout`` seconds in all; on a time-out the queue is
    discarded so that closing the port cannot block. ``status`` asks over the same line:
    printers without a receive wire never answer and read "unknown".
    """

    kind = "serial"
    two_way = True

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        timeout: float = 5.0,
        serial_factory: Callable[..., Any] = serial.serial_for_url,
        *,
        name: str | None = None,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
    ) -> None:
        super().__init__(name)
        if not port:
            raise ValueError("a serial printer needs a port such as /dev/ttyUSB0 or COM3")
        if not 0 < baudrate <= 4_000_000:
            raise ValueError(f"{baudrate} is not a baud rate")
        self.port = port
        self.baudrate = baudrate
        self.timeout = _positive(timeout, "printer timeout")
        self.status_timeout = _positive(status_timeout, "status timeout")
        self.serial_factory = serial_factory
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"serial {self.port} at {self.baudrate} baud"

    def _open(self, write_timeout: float) -> Any:
        return self.serial_factory(
            self.port,
            baudrate=self.baudrate,
            timeout=self.status_timeout,
            write_timeout=write_timeout,
        )

    def send(self, data: bytes, job_id: str | None = None) -> None:
        if job_id is not None:
            _check_job_id(job_id)
        with self._lock:
            deadline = time.monotonic() + self.timeout
            try:
                port = self._open(self.timeout)
            except (serial.SerialException, OSError, ValueError) as error:
                raise self._problem(f"cannot open the port: {_describe(error)}") from error
            delivered = False
            try:
                port.write_timeout = max(0.001, deadline - time.monotonic())
                port.write(data)
                self._wait_drained(port, len(data), deadline)
                delivered = True
            except serial.SerialTimeoutException as error:
                raise self._problem(
                    f"timed out: the printer did not take the job within {self.timeout:g} s "
                    "(busy, out of paper, or handshake lines holding the data back)"
                ) from error
            except (serial.SerialException, OSError) as error:
                raise self._problem(_describe(error)) from error
            finally:
                if not delivered:
                    with contextlib.suppress(Exception):
                        port.reset_output_buffer()
                with contextlib.suppress(Exception):
                    port.close()

    def _wait_drained(self, port: Any, size: int, deadline: float) -> None:
        while True:
            try:
                waiting = int(port.out_waiting)
            except (AttributeError, NotImplementedError, OSError, serial.SerialException):
                return  # the port cannot tell: the write returning is all we know
            if waiting <= 0:
                return
            if time.monotonic() >= deadline:
                raise self._problem(
                    f"timed out: {waiting} of {size} bytes still waiting to go out after "
                    f"{self.timeout:g} s (handshake lines holding the data back?)"
                )
            time.sleep(0.005)

    def status(self, language: str) -> PrinterStatus:
        checked = _check_language(language)
        with self._lock:
            try:
                port = self._open(self.status_timeout)
            except (serial.SerialException, OSError, ValueError) as error:
                return PrinterStatus("offline", f"cannot open the port: {_describe(error)}")
            try:
                with contextlib.suppress(Exception):
                    port.reset_input_buffer()  # nothing stale is taken for a reply
                return _query(checked, _SerialChannel(port), self.status_timeout)
            except (serial.SerialException, OSError) as error:
                return _unknown(f"the status query failed: {_describe(error)}")
            finally:
                with contextlib.suppress(Exception):
                    port.reset_output_buffer()
                with contextlib.suppress(Exception):
                    port.close()


# -- USB --------------------------------------------------------------------------------------


def _import_escpos_usb() -> Any:
    """python-escpos's USB module, imported on first use (after ``resources`` has pointed
    python-escpos's capabilities cache at the user cache folder)."""
    from escpos.printer import usb as escpos_usb

    from app.adapters.devices import resources  # noqa: F401

    return escpos_usb


@cache
def _usb_printer_class() -> Any:
    _import_escpos_usb()  # sets the capabilities cache first
    from escpos.printer import Usb

    class _Usb(Usb):  # type: ignore[misc]
        """``escpos.printer.Usb`` whose ``close`` does nothing when nothing is open: the
        original needs pyusb even then, and ``Escpos.__del__`` calls it."""

        def close(self) -> None:
            if self._device:
                super().close()

    return _Usb


def _libusb_package_backend() -> Any:
    """The libusb backend of the ``libusb-package`` wheel, if installed (else pyusb looks for
    a system libusb)."""
    try:
        import libusb_package
    except ImportError:
        return None
    return libusb_package.get_libusb1_backend()


class _UsbUnavailable(Exception):
    """The USB printer cannot be opened; ``what`` says why, ``state`` is its status."""

    def __init__(self, what: str, state: PrinterState = "offline") -> None:
        super().__init__(what)
        self.what = what
        self.state: PrinterState = state


class _UsbChannel:
    def __init__(self, printer: Any, usb_core: Any) -> None:
        self.printer = printer
        self.usb_core = usb_core

    def write(self, data: bytes) -> None:
        self.printer._raw(data)

    def read(self, wait: float) -> bytes:
        milliseconds = max(1, int(wait * 1000))
        try:
            return bytes(self.printer.device.read(self.printer.in_ep, 64, milliseconds))
        except self.usb_core.USBError as error:
            if _is_usb_timeout(self.usb_core, error):
                return b""
            raise


def _is_usb_timeout(usb_core: Any, error: BaseException) -> bool:
    timeout_class = getattr(usb_core, "USBTimeoutError", None)
    if timeout_class is not None and isinstance(error, timeout_class):
        return True
    return getattr(error, "errno", None) in (errno.ETIMEDOUT, 110)


class UsbConnection(Connection):
    """A USB printer through python-escpos's ``escpos.printer.Usb`` (pyusb underneath).

    The device is found by vendor and product id (``backend``: a pyusb backend; by default the
    ``libusb-package`` wheel's, if installed, else the system libusb), configured once by
    python-escpos (which detaches the ``usblp`` kernel driver and resets the device) and kept
    open between jobs: reopening for every job would reset the printer every time. After a USB
    error it is reopened on the next use. Bulk writes and status reads get ``timeout`` and
    ``status_timeout`` (python-escpos's own default is no timeout at all).
    """

    kind = "usb"
    two_way = True

    def __init__(
        self,
        vendor_id: int,
        product_id: int,
        timeout: float = 5.0,
        backend: Any = None,
        *,
        name: str | None = None,
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        in_ep: int = 0x82,
        out_ep: int = 0x01,
    ) -> None:
        super().__init__(name)
        for what, value in (("vendor", vendor_id), ("product", product_id)):
            if not 0 < value <= 0xFFFF:
                raise ValueError(f"USB {what} id {value!r} is not between 0001 and ffff")
        self.vendor_id = vendor_id
        self.product_id = product_id
        self.timeout = _positive(timeout, "printer timeout")
        self.status_timeout = _positive(status_timeout, "status timeout")
        self.backend = backend
        self.in_ep = in_ep
        self.out_ep = out_ep
        self._lock = threading.Lock()
        self._printer: Any = None
        self._usb_core: Any = None

    def describe(self) -> str:
        return f"USB {self.vendor_id:04x}:{self.product_id:04x}"

    def _open(self) -> Any:
        """The open python-escpos printer (opened now if needed)."""
        if self._printer is not None:
            return self._printer
        escpos_usb = _import_escpos_usb()
        if not escpos_usb.is_usable():
            raise _UsbUnavailable(USB_DEPENDENCY_HINT, "error")
        try:
            import usb.core
        except ImportError as error:
            raise _UsbUnavailable(USB_DEPENDENCY_HINT, "error") from error
        from escpos.exceptions import DeviceNotFoundError

        backend = self.backend if self.backend is not None else _libusb_package_backend()
        printer = _usb_printer_class()(
            self.vendor_id,
            self.product_id,
            usb_args={} if backend is None else {"backend": backend},
            timeout=max(1, int(self.timeout * 1000)),  # pyusb counts milliseconds
            in_ep=self.in_ep,
            out_ep=self.out_ep,
        )
        try:
            printer.open()
        except usb.core.NoBackendError as error:
            raise _UsbUnavailable(f"no libusb found. {USB_DEPENDENCY_HINT}", "error") from error
        except DeviceNotFoundError as error:
            raise _UsbUnavailable(
                "not found: is it plugged in and switched on? (On Linux, a udev rule must "
                f"give this user access.) {str(error).splitlines()[-1]}"
            ) from error
        except usb.core.USBError as error:
            raise _UsbUnavailable(f"cannot open the device: {_describe(error)}") from error
        if not printer.device:  # python -O removes python-escpos's own check
            raise _UsbUnavailable("not found: is it plugged in and switched on?")
        self._printer = printer
        self._usb_core = usb.core
        return printer

    def _drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is not None:
            with contextlib.suppress(Exception):
                printer.close()

    def close(self) -> None:
        with self._lock:
            self._drop()

    def send(self, data: bytes, job_id: str | None = None) -> None:
        if job_id is not None:
            _check_job_id(job_id)
        with self._lock:
            try:
                printer = self._open()
            except _UsbUnavailable as unavailable:
                raise self._problem(unavailable.what) from unavailable.__cause__
            try:
                printer._raw(data)
            except self._usb_core.USBError as error:
                self._drop()
                if _is_usb_timeout(self._usb_core, error):
                    raise self._problem(
                        f"timed out: the printer did not take the job within {self.timeout:g} s"
                    ) from error
                raise self._problem(_describe(error)) from error

    def status(self, language: str) -> PrinterStatus:
        checked = _check_language(language)
        with self._lock:
            try:
                printer = self._open()
            except _UsbUnavailable as unavailable:
                return PrinterStatus(unavailable.state, unavailable.what)
            try:
                return _query(checked, _UsbChannel(printer, self._usb_core), self.status_timeout)
            except self._usb_core.USBError as error:
                self._drop()
                if _is_usb_timeout(self._usb_core, error):
                    return _unknown(f"the status request timed out after {self.timeout:g} s")
                return _unknown(f"the status query failed: {_describe(error)}")


# -- CUPS -------------------------------------------------------------------------------------

_CUPS_QUEUE = re.compile(r"[^\s/#\\'\"-][^\s/#\\'\"]{0,126}")


class CupsRawConnection(Connection):
    """A CUPS queue, printed to with ``lp -d QUEUE -o raw`` (the job on its standard input,
    unfiltered). One-way: CUPS tells nothing about the printer, so ``status`` is "unknown"."""

    kind = "cups"
    two_way = False

    def __init__(
        self,
        queue: str,
        timeout: float = 10.0,
        *,
        name: str | None = None,
        lp_command: str = "lp",
    ) -> None:
        super().__init__(name)
        if not _CUPS_QUEUE.fullmatch(queue):
            raise ValueError(
                f"{queue!r} is not a CUPS queue name (no spaces, '/', '#' or quotes, "
                "not starting with '-')"
            )
        self.queue = queue
        self.timeout = _positive(timeout, "printer timeout")
        self.lp_command = lp_command

    def describe(self) -> str:
        return f"CUPS queue {self.queue} (raw)"

    def send(self, data: bytes, job_id: str | None = None) -> None:
        lp = shutil.which(self.lp_command)
        if lp is None:
            raise self._problem(
                f"the CUPS command {self.lp_command!r} is not installed "
                "(install the cups-client package)"
            )
        command = [lp, "-d", self.queue, "-o", "raw"]
        if job_id is not None:
            command += ["-t", _check_job_id(job_id)]
        try:
            result = subprocess.run(
                command, input=data, capture_output=True, timeout=self.timeout, check=False
            )
        except subprocess.TimeoutExpired as error:
            raise self._problem(
                f"timed out: lp did not finish within {self.timeout:g} s"
            ) from error
        except OSError as error:
            raise self._problem(f"cannot run lp: {_describe(error)}") from error
        if result.returncode != 0:
            said = result.stderr.decode("utf-8", "replace").strip() or f"exit {result.returncode}"
            if "does not exist" in said.lower():
                raise self._problem(f"CUPS has no queue {self.queue!r} ({said})")
            raise self._problem(f"lp failed: {said}")

    def status(self, language: str) -> PrinterStatus:
        _check_language(language)
        return _unknown("a CUPS raw queue is one-way: the printer cannot be asked")


# -- Windows ----------------------------------------------------------------------------------

# Win32 PRINTER_STATUS_* flags (winspool.h) and PRINTER_ATTRIBUTE_WORK_OFFLINE.
_WIN_PAUSED = 0x1
_WIN_ERROR = 0x2
_WIN_PAPER_JAM = 0x8
_WIN_PAPER_OUT = 0x10
_WIN_PAPER_PROBLEM = 0x40
_WIN_OFFLINE = 0x80
_WIN_NOT_AVAILABLE = 0x1000
_WIN_USER_INTERVENTION = 0x100000
_WIN_DOOR_OPEN = 0x400000
_WIN_WORK_OFFLINE = 0x400


class WindowsRawConnection(Connection):
    """A printer installed in Windows, sent a RAW spooler job through pywin32's
    ``win32print`` (the bytes reach the printer unchanged).

    The spooler accepts the job at once; ``timeout`` does not apply to it. ``status`` reports
    the problems the spooler knows of (offline, paper out, door open, error) and otherwise
    "unknown": the spooler's "no problem" is not a reply from the printer.
    """

    kind = "windows"
    two_way = False
    _win32print: Any

    def __init__(self, printer_name: str, *, name: str | None = None) -> None:
        super().__init__(name)
        if not printer_name.strip():
            raise ValueError("a Windows printer needs the printer's name")
        self.printer_name = printer_name
        if sys.platform != "win32":
            raise ValueError(
                f"the Windows printer {printer_name!r} can only be used on Windows "
                f"(this computer runs {sys.platform}): use a 'cups', 'network', 'serial' or "
                "'usb' printer here"
            )
        try:
            import win32print
        except ImportError as error:
            raise ValueError("Windows printing needs pywin32: pip install pywin32") from error
        self._win32print = win32print

    def describe(self) -> str:
        return f"Windows printer {self.printer_name!r} (raw)"

    def send(self, data: bytes, job_id: str | None = None) -> None:
        title = _check_job_id(job_id) if job_id is not None else "Packbench label"
        win32print = self._win32print
        try:
            handle = win32print.OpenPrinter(self.printer_name)
        except Exception as error:  # pywintypes.error
            raise self._problem(f"cannot open the printer: {error}") from error
        try:
            win32print.StartDocPrinter(handle, 1, (title, None, "RAW"))
            try:
                win32print.StartPagePrinter(handle)
                written = win32print.WritePrinter(handle, data)
                win32print.EndPagePrinter(handle)
            finally:
                win32print.EndDocPrinter(handle)
        except Exception as error:  # pywintypes.error
            raise self._problem(f"the spooler refused the job: {error}") from error
        finally:
            with contextlib.suppress(Exception):
                win32print.ClosePrinter(handle)
        if written != len(data):
            raise self._problem(f"the spooler took {written} of {len(data)} bytes")

    def status(self, language: str) -> PrinterStatus:
        _check_language(language)
        win32print = self._win32print
        try:
            handle = win32print.OpenPrinter(self.printer_name)
            try:
                info = win32print.GetPrinter(handle, 2)
            finally:
                win32print.ClosePrinter(handle)
        except Exception as error:  # pywintypes.error
            return PrinterStatus("offline", f"the spooler does not know it: {error}")
        flags = int(info.get("Status", 0))
        attributes = int(info.get("Attributes", 0))
        if flags & _WIN_DOOR_OPEN:
            return PrinterStatus("cover_open", "door open (spooler)")
        if flags & _WIN_PAPER_OUT:
            return PrinterStatus("paper_out", "paper out (spooler)")
        if flags & (_WIN_ERROR | _WIN_PAPER_JAM | _WIN_PAPER_PROBLEM | _WIN_USER_INTERVENTION):
            return PrinterStatus("error", f"error (spooler status 0x{flags:x})")
        if flags & (_WIN_OFFLINE | _WIN_NOT_AVAILABLE | _WIN_PAUSED) or (
            attributes & _WIN_WORK_OFFLINE
        ):
            return PrinterStatus("offline", f"offline or paused (spooler status 0x{flags:x})")
        return _unknown("the spooler knows of no problem, but cannot ask the printer")


# -- file -------------------------------------------------------------------------------------


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
    watching the folder never sees half a job); without a ``job_id`` a new unique one is made.
    Sending the same job id again replaces that job's file.

    ``status``: there is no printer to ask, and the folder is the "printer": "ready" when it
    exists (or can be created) and is writable, "error" otherwise.
    """

    kind = "file"
    two_way = False

    def __init__(self, directory: Path, *, name: str | None = None, suffix: str = ".bin") -> None:
        super().__init__(name)
        if suffix and not re.fullmatch(r"\.[A-Za-z0-9]{1,10}", suffix):
            raise ValueError(f"file suffix {suffix!r} is not like '.bin'")
        self.directory = Path(directory)
        self.suffix = suffix

    def describe(self) -> str:
        return f"folder {self.directory}"

    def path_for(self, job_id: str) -> Path:
        return self.directory / f"{_check_job_id(job_id)}{self.suffix}"

    def send(self, data: bytes, job_id: str | None = None) -> None:
        path = self.path_for(job_id if job_id is not None else _new_job_id())
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            _write_atomically(path, data)
        except OSError as error:
            raise self._problem(f"cannot write {path.name}: {_describe(error)}") from error

    def status(self, language: str) -> PrinterStatus:
        _check_language(language)
        existing = self.directory
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            return PrinterStatus("error", f"{existing} is not a folder")
        if not os.access(existing, os.W_OK | os.X_OK):
            return PrinterStatus("error", f"the folder {existing} is not writable")
        if existing != self.directory:
            return PrinterStatus("ready", f"ready (the folder {self.directory} will be created)")
        return PrinterStatus("ready", "ready (writable folder)")


# --------------------------------------------------------------------------------------------
# Settings
# --------------------------------------------------------------------------------------------

KINDS = ("network", "serial", "usb", "cups", "windows", "file")


def _parse_host_port(target: str) -> tuple[str, int]:
    match = re.fullmatch(
        r"\[(?P<v6>[^\]\s]+)\](?::(?P<p6>\d+))?|(?P<host>[^:\s\[\]]+)(?::(?P<port>\d+))?",
        target,
    )
    if not match:
        raise ValueError(
            f"network printer {target!r} is not host:port (e.g. 10.0.4.21:9100, "
            "printer-3.local or [fe80::1]:9100)"
        )
    host = match["v6"] or match["host"]
    port_text = match["p6"] or match["port"]
    port = int(port_text) if port_text else 9100
    if not 0 < port < 65536:
        raise ValueError(f"network printer {target!r} has no valid port (1 to 65535)")
    return host, port


def _parse_serial(target: str) -> tuple[str, int]:
    port, at, baud_text = target.rpartition("@")
    if not at:
        port, baud_text = target, "9600"
    if not port or not baud_text.isdigit() or not 0 < int(baud_text) <= 4_000_000:
        raise ValueError(
            f"serial printer {target!r} is not PORT or PORT@BAUD (e.g. /dev/ttyUSB0@115200 "
            "or COM3@9600)"
        )
    return port, int(baud_text)


def _parse_usb(target: str) -> tuple[int, int]:
    match = re.fullmatch(r"(?:0x)?([0-9A-Fa-f]{1,4}):(?:0x)?([0-9A-Fa-f]{1,4})", target)
    if not match or 0 in (int(match[1], 16), int(match[2], 16)):
        raise ValueError(
            f"USB printer {target!r} is not VENDOR:PRODUCT in hex (e.g. 04b8:0e15; "
            "lsusb shows them)"
        )
    return int(match[1], 16), int(match[2], 16)


def connection_from_settings(
    kind: str, target: str, directory: Path, timeout: float = 5.0, *, name: str | None = None
) -> Connection:
    """The connection a station's printer settings name.

    ``kind`` and ``target``:

    * "network": "host:port" or "host" (port 9100); IPv6 as "[addr]:port";
    * "serial": "PORT@BAUD" or "PORT" (9600 baud): "/dev/ttyUSB0@115200", "COM3@9600";
    * "usb": "VENDOR:PRODUCT" in hex: "04b8:0e15";
    * "cups": the queue name;
    * "windows": the printer's name as Windows shows it (Windows only);
    * "file": ``target`` is ignored; jobs are written into ``directory``.

    Raises ``ValueError`` with a message for the person setting the station up when the kind
    is unknown or the target does not fit it.
    """
    normalized = kind.strip().lower()
    target = target.strip()
    if normalized == "file":
        return FileConnection(directory, name=name)
    if normalized not in KINDS:
        raise ValueError(f"unknown printer kind {kind!r}: use one of {', '.join(KINDS)}")
    if not target:
        raise ValueError(f"a {normalized} printer needs a target (where the printer is)")
    if normalized == "network":
        host, port = _parse_host_port(target)
        return NetworkConnection(host, port, timeout, name=name)
    if normalized == "serial":
        port_name, baudrate = _parse_serial(target)
        return SerialConnection(port_name, baudrate, timeout, name=name)
    if normalized == "usb":
        vendor_id, product_id = _parse_usb(target)
        return UsbConnection(vendor_id, product_id, timeout, name=name)
    if normalized == "cups":
        return CupsRawConnection(target, timeout, name=name)
    return WindowsRawConnection(target, name=name)
