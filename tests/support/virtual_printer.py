"""Virtual printers for tests: a network printer on 127.0.0.1 and a serial printer on a
pseudo-terminal. Both record what they are sent, answer status queries (ESC/POS ``DLE EOT n``
and ZPL ``~HS``) from a state that tests can change while they run, and misbehave on request.

``VirtualPrinter``: to python-escpos (``escpos.printer.Network``) and to any raw-port sender it is
a real printer on TCP port "9100" (really a free port the OS picks). One background thread
serves every connection with ``selectors``; ``stop()`` (or leaving the ``with`` block) closes all
sockets and joins the thread.

Modes (fixed for the printer's lifetime):

``"normal"``
    Accepts, reads everything and records it; one job per connection.
``"refuse"``
    The port is bound but never listened on, so connects fail with "connection refused" at once
    (and no other program can take the port meanwhile).
``"hang"``
    Accepts and never reads: the sender's ``sendall`` stalls once the (small) socket buffers
    are full, as with a printer that is jammed or busy. Nothing is recorded.
``"drop"``
    Reads ``drop_after`` bytes of each connection, records them, then closes the connection:
    a printer that resets mid-job. The sender sees a reset or broken pipe if it is still sending.
``"stall"``
    Reads (and answers) ``drop_after`` bytes of each connection, then never reads again and
    keeps the connection open: a printer that jams mid-job. A sender's status request after
    the job is never answered; a large job stalls once the socket buffers are full.

Status: in "normal", "drop" and "stall" modes the printer answers

* ESC/POS real-time status requests ``DLE EOT n`` (n = 1 printer, 2 offline cause, 3 error,
  4 paper roll sensor) with one byte taken from ``status[n]``; the defaults are those of a
  healthy Epson printer (0x12);
* ZPL ``~HS`` (also ``~hs``) with the three-line host status reply of a Zebra printer built from
  ``zpl`` (a ``ZplHostStatus``): each line ``STX fields ETX CR LF``.

The request bytes stay in the recorded job. Change the state at any time, also while the printer
runs: ``printer.set_state("paper_out")`` (one of ``STATE_PRESETS``: ready, paper_low,
paper_out, offline, paused, cover_open, error) sets both the ESC/POS bytes and the ZPL flags;
``printer.status[4] = PAPER_OUT`` or ``printer.zpl = ZplHostStatus(head_open=True)`` set one
detail. ``answer_status=False`` (an attribute too) is the silent mode: requests are recorded but
never answered, as by a printer whose back channel is dead.

``VirtualSerialPrinter``: the same printer behind a pseudo-terminal; give ``path`` to pyserial as
if it were ``/dev/ttyUSB0``. A thread on the master side records every byte and answers status
requests; in "hang" mode nobody reads, so a writer blocks once the pty buffer is full, and in
"stall" mode the printer reads (and answers) ``stall_after`` bytes and then stops reading.

Every status request a sender makes is part of what the printer records: ``payload(job)``
strips them, for tests that compare the job alone.

``StatusResponder``: the status answers alone (``feed(bytes) -> reply``), for fakes of other
transports such as a fake USB device.

Example::

    with VirtualPrinter() as printer:
        NetworkConnection("127.0.0.1", printer.port).send(job_bytes)
        assert [payload(job) for job in printer.wait_for_jobs(1)] == [job_bytes]
        printer.set_state("paper_out")
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import selectors
import socket
import threading
import time
import tty
from dataclasses import dataclass, field, replace
from types import TracebackType
from typing import Literal, Self

Mode = Literal["normal", "refuse", "hang", "drop", "stall"]
SerialMode = Literal["normal", "hang", "stall"]

DLE_EOT = b"\x10\x04"
HOST_STATUS = b"~HS"

#: DLE EOT 1 (printer status): online. Bit 3 set = offline.
STATUS_ONLINE = 0x12
STATUS_OFFLINE = 0x12 | 0x08
#: DLE EOT 2 (offline cause): bit 2 cover open, bit 5 stopped by paper end, bit 6 error.
OFFLINE_CAUSE_NONE = 0x12
OFFLINE_COVER_OPEN = 0x12 | 0x04
OFFLINE_PAPER_END = 0x12 | 0x20
OFFLINE_ERROR = 0x12 | 0x40
#: DLE EOT 3 (error cause): bit 3 autocutter, bit 5 unrecoverable, bit 6 auto-recoverable.
ERROR_NONE = 0x12
ERROR_UNRECOVERABLE = 0x12 | 0x20
#: DLE EOT 4 (paper roll sensor): paper present, near its end (bits 2-3), out (bits 5-6).
PAPER_OK = 0x12
PAPER_LOW = 0x12 | 0x0C
PAPER_OUT = 0x12 | 0x0C | 0x60

_RECV_SIZE = 65536
_STATUS_REQUEST = re.compile(rb"\x10\x04[\x01-\x04]|~[Hh][Ss]")


def payload(received: bytes) -> bytes:
    """``received`` without the status requests in it (DLE EOT n, ~HS): the job a sender
    sent, for job bytes that do not themselves contain such a request."""
    return _STATUS_REQUEST.sub(b"", received)


def default_status() -> dict[int, int]:
    """The status bytes of an online printer with paper, by DLE EOT ``n``."""
    return {1: STATUS_ONLINE, 2: OFFLINE_CAUSE_NONE, 3: ERROR_NONE, 4: PAPER_OK}


def _flag(value: bool) -> str:
    return "1" if value else "0"


@dataclass(frozen=True)
class ZplHostStatus:
    """What a Zebra printer reports in its ``~HS`` reply (ZPL II Programming Guide, "~HS Host
    Status Return"); the fields not modelled here are sent as a healthy printer sends them."""

    paper_out: bool = False  # string 1, field 2
    paused: bool = False  # string 1, field 3
    label_length_dots: int = 1218  # string 1, field 4 (6 in at 203 dpi)
    formats_in_buffer: int = 0  # string 1, field 5
    buffer_full: bool = False  # string 1, field 6
    corrupt_ram: bool = False  # string 1, field 10
    under_temperature: bool = False  # string 1, field 11
    over_temperature: bool = False  # string 1, field 12
    head_open: bool = False  # string 2, field 3 ("head up")
    ribbon_out: bool = False  # string 2, field 4
    print_mode: int = 2  # string 2, field 6 (2 = tear-off)
    labels_remaining: int = 0  # string 2, field 9

    def reply(self) -> bytes:
        """The three strings, each ``STX ... ETX CR LF``."""
        string_1 = ",".join(
            [
                "030",  # interface settings (a bit field), as 9600 8N1 printers report it
                _flag(self.paper_out),
                _flag(self.paused),
                f"{self.label_length_dots:04d}",
                f"{self.formats_in_buffer:03d}",
                _flag(self.buffer_full),
                "0",  # communications diagnostic mode
                "0",  # partial format in progress
                "000",  # unused
                _flag(self.corrupt_ram),
                _flag(self.under_temperature),
                _flag(self.over_temperature),
            ]
        )
        string_2 = ",".join(
            [
                "001",  # function settings (a bit field)
                "0",  # unused
                _flag(self.head_open),
                _flag(self.ribbon_out),
                "0",  # thermal transfer mode: direct thermal
                str(self.print_mode),
                "6",  # print width mode
                "0",  # label waiting (peel-off)
                f"{self.labels_remaining:08d}",
                "1",  # format while printing: always 1
                "000",  # graphic images stored
            ]
        )
        string_3 = "1234,0"  # password, static RAM installed
        return b"".join(
            b"\x02" + text.encode("ascii") + b"\x03\r\n" for text in (string_1, string_2, string_3)
        )


@dataclass(frozen=True)
class _Preset:
    escpos: dict[int, int]
    zpl: ZplHostStatus


def _escpos(changes: dict[int, int] | None = None) -> dict[int, int]:
    """Healthy status bytes with ``changes`` (by DLE EOT ``n``)."""
    return default_status() | (changes or {})


#: Named printer states, each as ESC/POS status bytes and as ZPL host status.
STATE_PRESETS: dict[str, _Preset] = {
    "ready": _Preset(_escpos(), ZplHostStatus()),
    "paper_low": _Preset(_escpos({4: PAPER_LOW}), ZplHostStatus()),
    "paper_out": _Preset(
        _escpos({1: STATUS_OFFLINE, 2: OFFLINE_PAPER_END, 4: PAPER_OUT}),
        ZplHostStatus(paper_out=True),
    ),
    "offline": _Preset(_escpos({1: STATUS_OFFLINE}), ZplHostStatus(paused=True)),
    "paused": _Preset(_escpos({1: STATUS_OFFLINE}), ZplHostStatus(paused=True)),
    "cover_open": _Preset(
        _escpos({1: STATUS_OFFLINE, 2: OFFLINE_COVER_OPEN}), ZplHostStatus(head_open=True)
    ),
    "error": _Preset(
        _escpos({1: STATUS_OFFLINE, 2: OFFLINE_ERROR, 3: ERROR_UNRECOVERABLE}),
        ZplHostStatus(over_temperature=True),
    ),
}


class _RequestScanner:
    """Finds status requests (``DLE EOT n``, ``~HS``) in a byte stream, also when a request is
    split across chunks."""

    _PATTERNS = (DLE_EOT, HOST_STATUS)

    def __init__(self) -> None:
        # Bytes at the end of the stream so far that may be the start of a request.
        self.pending = b""

    def feed(self, chunk: bytes) -> list[int | str]:
        """The requests completed by ``chunk``: ``n`` for DLE EOT n, ``"~HS"`` for ZPL."""
        stream = self.pending + chunk
        upper = stream.upper()  # ZPL commands are not case sensitive; DLE/EOT are unchanged
        requests: list[int | str] = []
        start = 0
        while True:
            found = [at for at in (upper.find(p, start) for p in self._PATTERNS) if at >= 0]
            if not found:
                break
            at = min(found)
            if upper.startswith(HOST_STATUS, at):
                requests.append("~HS")
                start = at + len(HOST_STATUS)
                continue
            if at + 2 >= len(stream):
                break  # DLE EOT at the very end: n comes with the next chunk
            n = stream[at + 2]
            if 1 <= n <= 4:
                requests.append(n)
            start = at + 3
        rest = upper[start:]
        self.pending = b""
        for size in (2, 1):
            tail = rest[-size:] if len(rest) >= size else b""
            if tail and any(p.startswith(tail) for p in self._PATTERNS):
                self.pending = stream[len(stream) - size :]
                break
        return requests


class _StatusModel:
    """The state a virtual printer reports, shared by its server thread and the test."""

    def __init__(
        self,
        status: dict[int, int] | None,
        status_preset: str | None,
        answer_status: bool,
    ) -> None:
        if status is not None and status_preset is not None:
            raise ValueError("give either status bytes or a status preset, not both")
        self._lock = threading.Condition()
        self.status = default_status() if status is None else dict(status)
        self.zpl = ZplHostStatus()
        self.answer_status = answer_status
        self._status_requests: list[int] = []
        self._hs_requests = 0
        if status_preset is not None:
            self.set_state(status_preset)

    def set_state(self, name: str) -> None:
        """Report the named state (see ``STATE_PRESETS``) from now on, in both languages."""
        try:
            preset = STATE_PRESETS[name]
        except KeyError:
            known = ", ".join(STATE_PRESETS)
            raise ValueError(f"unknown printer state {name!r}: use one of {known}") from None
        with self._lock:
            self.status.clear()
            self.status.update(preset.escpos)
            self.zpl = replace(preset.zpl)

    @property
    def status_requests(self) -> list[int]:
        """The ``n`` of every DLE EOT request seen, in order (answered or not)."""
        with self._lock:
            return list(self._status_requests)

    @property
    def hs_requests(self) -> int:
        """How many ZPL ``~HS`` requests were seen (answered or not)."""
        with self._lock:
            return self._hs_requests

    def _answer(self, requests: list[int | str]) -> bytes:
        """Record ``requests`` and build the reply bytes (none in the silent mode)."""
        out = bytearray()
        with self._lock:
            for request in requests:
                if isinstance(request, int):
                    self._status_requests.append(request)
                    answer = self.status.get(request)
                    if self.answer_status and answer is not None:
                        out.append(answer)
                else:
                    self._hs_requests += 1
                    if self.answer_status:
                        out += self.zpl.reply()
        return bytes(out)


class StatusResponder(_StatusModel):
    """The status answers of a virtual printer on their own, for fakes of other transports
    (a fake USB device): ``feed`` the bytes the printer receives, get back its reply."""

    def __init__(
        self,
        *,
        status: dict[int, int] | None = None,
        status_preset: str | None = None,
        answer_status: bool = True,
    ) -> None:
        super().__init__(status, status_preset, answer_status)
        self._scanner = _RequestScanner()

    def feed(self, data: bytes) -> bytes:
        return self._answer(self._scanner.feed(data))


@dataclass
class _Connection:
    sock: socket.socket
    data: bytearray = field(default_factory=bytearray)
    scanner: _RequestScanner = field(default_factory=_RequestScanner)


class VirtualPrinter(_StatusModel):
    """A loopback ESC/POS and ZPL network printer; see the module docstring."""

    def __init__(
        self,
        mode: Mode = "normal",
        *,
        drop_after: int = 16,
        status: dict[int, int] | None = None,
        status_preset: str | None = None,
        answer_status: bool = True,
        receive_buffer: int = 4096,
    ) -> None:
        if mode not in ("normal", "refuse", "hang", "drop", "stall"):
            raise ValueError(f"unknown virtual printer mode {mode!r}")
        if drop_after < 0:
            raise ValueError("drop_after must not be negative")
        super().__init__(status, status_preset, answer_status)
        self.mode: Mode = mode
        self.drop_after = drop_after
        self.host = "127.0.0.1"
        self._receive_buffer = receive_buffer
        self._jobs: list[bytearray] = []
        self._stalled: list[socket.socket] = []
        self._finished = 0
        self._listener: socket.socket | None = None
        self._wake_r: socket.socket | None = None
        self._wake_w: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.port = 0

    # -- lifecycle ------------------------------------------------------------------------

    def start(self) -> Self:
        """Bind a free port and start serving (in "refuse" mode: only bind)."""
        if self._listener is not None:
            raise RuntimeError("the virtual printer is already started")
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # A small receive buffer (inherited by accepted sockets) makes "hang" stall a sender
        # after kilobytes instead of megabytes.
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, self._receive_buffer)
        listener.bind((self.host, 0))
        self.port = listener.getsockname()[1]
        self._listener = listener
        if self.mode == "refuse":
            return self
        listener.listen(8)
        listener.setblocking(False)
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(
            target=self._serve, name=f"VirtualPrinter:{self.port}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Close every socket and join the server thread. Safe to call twice."""
        self._stopping = True
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                self._wake_w.send(b"x")
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError("the virtual printer thread did not stop")
            self._thread = None
        for sock in (self._listener, self._wake_r, self._wake_w):
            if sock is not None:
                sock.close()
        self._listener = self._wake_r = self._wake_w = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- what the printer saw -------------------------------------------------------------

    @property
    def address(self) -> tuple[str, int]:
        return (self.host, self.port)

    @property
    def jobs(self) -> list[bytes]:
        """Bytes received, one entry per connection (including connections still open)."""
        with self._lock:
            return [bytes(job) for job in self._jobs]

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """Wait until ``count`` connections have been closed (by either side) and return all
        jobs; raises ``TimeoutError`` if that does not happen within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._finished < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"virtual printer saw {self._finished} finished jobs, not {count}"
                    )
                self._lock.wait(left)
            return [bytes(job) for job in self._jobs]

    # -- the server thread ----------------------------------------------------------------

    def _serve(self) -> None:
        assert self._listener is not None and self._wake_r is not None
        connections: dict[socket.socket, _Connection] = {}
        hung: list[socket.socket] = []
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ, "accept")
            selector.register(self._wake_r, selectors.EVENT_READ, "wake")
            try:
                while not self._stopping:
                    for key, _ in selector.select(timeout=1.0):
                        if key.data == "wake":
                            continue
                        if key.data == "accept":
                            self._accept(selector, connections, hung)
                        else:
                            self._receive(selector, connections, key.fileobj)  # type: ignore[arg-type]
            finally:
                for sock in [*connections, *hung, *self._stalled]:
                    sock.close()
                with self._lock:
                    self._finished += len(connections) + len(hung) + len(self._stalled)
                    self._lock.notify_all()

    def _accept(
        self,
        selector: selectors.BaseSelector,
        connections: dict[socket.socket, _Connection],
        hung: list[socket.socket],
    ) -> None:
        assert self._listener is not None
        try:
            sock, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        if self.mode == "hang":
            hung.append(sock)  # never read, never answered
            with self._lock:
                self._jobs.append(bytearray())
            return
        sock.setblocking(False)
        connection = _Connection(sock)
        with self._lock:
            self._jobs.append(connection.data)
        connections[sock] = connection
        selector.register(sock, selectors.EVENT_READ, "data")

    def _receive(
        self,
        selector: selectors.BaseSelector,
        connections: dict[socket.socket, _Connection],
        sock: socket.socket,
    ) -> None:
        connection = connections[sock]
        size = _RECV_SIZE
        if self.mode in ("drop", "stall"):
            size = max(0, min(size, self.drop_after - len(connection.data)))
        if self.mode == "stall" and not size:
            selector.unregister(sock)  # jammed: never read again, connection kept open
            del connections[sock]
            self._stalled.append(sock)
            return
        chunk = b""
        if size:
            try:
                chunk = sock.recv(size)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                chunk = b""
        if chunk:
            with self._lock:
                connection.data.extend(chunk)
            self._answer_status(connection, chunk)
        finished = not chunk or (self.mode == "drop" and len(connection.data) >= self.drop_after)
        if finished:
            selector.unregister(sock)
            del connections[sock]
            sock.close()
            with self._lock:
                self._finished += 1
                self._lock.notify_all()

    def _answer_status(self, connection: _Connection, chunk: bytes) -> None:
        """Answer every status request that ``chunk`` completes."""
        answer = self._answer(connection.scanner.feed(chunk))
        if answer:
            with contextlib.suppress(OSError):
                connection.sock.sendall(answer)


class VirtualSerialPrinter(_StatusModel):
    """A serial printer on a pseudo-terminal; see the module docstring.

    ``path`` is the pty's slave side (``/dev/pts/N``). The printer keeps its own handle on the
    slave open, so a sender closing the port does not hang the line up and bytes in flight are
    not lost.
    """

    def __init__(
        self,
        mode: SerialMode = "normal",
        *,
        status: dict[int, int] | None = None,
        status_preset: str | None = None,
        answer_status: bool = True,
        stall_after: int = 16,
    ) -> None:
        if mode not in ("normal", "hang", "stall"):
            raise ValueError(f"unknown virtual serial printer mode {mode!r}")
        super().__init__(status, status_preset, answer_status)
        self.mode: SerialMode = mode
        self.stall_after = stall_after
        self._received = bytearray()
        self._master: int | None = None
        self._slave: int | None = None
        self._wake_r: int | None = None
        self._wake_w: int | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self.path = ""

    def start(self) -> Self:
        if self._master is not None:
            raise RuntimeError("the virtual serial printer is already started")
        master, slave = os.openpty()
        # Raw from the start: no echo of the printer's answers back to the printer.
        tty.setraw(slave)
        os.set_blocking(master, False)
        self._master, self._slave = master, slave
        self.path = os.ttyname(slave)
        if self.mode != "hang":
            self._wake_r, self._wake_w = os.pipe()
            self._thread = threading.Thread(
                target=self._serve, name=f"VirtualSerialPrinter:{self.path}", daemon=True
            )
            self._thread.start()
        return self

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread and close the pty. Safe to call twice."""
        self._stopping = True
        if self._wake_w is not None:
            with contextlib.suppress(OSError):
                os.write(self._wake_w, b"x")
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise RuntimeError("the virtual serial printer thread did not stop")
            self._thread = None
        for fd in (self._master, self._slave, self._wake_r, self._wake_w):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._master = self._slave = self._wake_r = self._wake_w = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def received(self) -> bytes:
        """Every byte received so far (status requests included)."""
        with self._lock:
            return bytes(self._received)

    def wait_for_bytes(self, count: int, timeout: float = 5.0) -> bytes:
        """Wait until at least ``count`` bytes have arrived and return all of them."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self._received) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(
                        f"virtual serial printer got {len(self._received)} bytes, not {count}"
                    )
                self._lock.wait(left)
            return bytes(self._received)

    def _serve(self) -> None:
        assert self._master is not None and self._wake_r is not None
        master, wake = self._master, self._wake_r
        scanner = _RequestScanner()
        while not self._stopping:
            size = _RECV_SIZE
            if self.mode == "stall":
                size = self.stall_after - len(self._received)
            readable, _, _ = select.select([master, wake] if size > 0 else [wake], [], [], 1.0)
            if master not in readable:
                continue
            try:
                chunk = os.read(master, size)
            except BlockingIOError:
                continue
            except OSError:  # EIO: no slave handle open (cannot happen while we hold one)
                time.sleep(0.01)
                continue
            with self._lock:
                self._received.extend(chunk)
                self._lock.notify_all()
            answer = self._answer(scanner.feed(chunk))
            if answer:
                self._write(master, answer)

    @staticmethod
    def _write(fd: int, data: bytes, timeout: float = 2.0) -> None:
        view = memoryview(data)
        deadline = time.monotonic() + timeout
        while view and time.monotonic() < deadline:
            _, writable, _ = select.select([], [fd], [], 0.1)
            if writable:
                with contextlib.suppress(BlockingIOError):
                    view = view[os.write(fd, view) :]
