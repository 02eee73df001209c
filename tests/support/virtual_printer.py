"""A network printer on 127.0.0.1 for tests: records what it is sent, answers status queries,
and misbehaves on request.

To python-escpos (``escpos.printer.Network``) and to any raw-port sender it is a real printer on
TCP port "9100" (really a free port the OS picks). One background thread serves every
connection with ``selectors``; ``stop()`` (or leaving the ``with`` block) closes all sockets and
joins the thread.

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

Status: in "normal" and "drop" modes the printer answers ESC/POS real-time status requests
``DLE EOT n`` (n = 1 printer, 2 offline cause, 3 error, 4 paper roll sensor) with one byte taken
from ``status[n]``; the defaults are those of a healthy Epson printer (0x12). Change
``status`` at any time (e.g. ``printer.status[4] = PAPER_OUT``), or set ``answer_status`` to
False to model a printer that does not answer. The request bytes stay in the recorded job.

Example::

    with VirtualPrinter() as printer:
        NetworkPrinter("127.0.0.1", printer.port).print_label(label, "job-1")
        assert printer.wait_for_jobs(1) == [expected_bytes]
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Literal, Self

Mode = Literal["normal", "refuse", "hang", "drop"]

DLE_EOT = b"\x10\x04"

#: DLE EOT 1 (printer status): online. Bit 3 set = offline.
STATUS_ONLINE = 0x12
STATUS_OFFLINE = 0x12 | 0x08
#: DLE EOT 4 (paper roll sensor): paper present, near its end (bits 2-3), out (bits 5-6).
PAPER_OK = 0x12
PAPER_LOW = 0x12 | 0x0C
PAPER_OUT = 0x12 | 0x0C | 0x60

_RECV_SIZE = 65536


def default_status() -> dict[int, int]:
    """The status bytes of an online printer with paper, by DLE EOT ``n``."""
    return {1: STATUS_ONLINE, 2: 0x12, 3: 0x12, 4: PAPER_OK}


@dataclass
class _Connection:
    sock: socket.socket
    data: bytearray = field(default_factory=bytearray)
    # Bytes at the end of ``data`` that may be the start of a DLE EOT n request.
    pending: bytes = b""


class VirtualPrinter:
    """A loopback ESC/POS network printer; see the module docstring."""

    def __init__(
        self,
        mode: Mode = "normal",
        *,
        drop_after: int = 16,
        status: dict[int, int] | None = None,
        answer_status: bool = True,
        receive_buffer: int = 4096,
    ) -> None:
        if mode not in ("normal", "refuse", "hang", "drop"):
            raise ValueError(f"unknown virtual printer mode {mode!r}")
        if drop_after < 0:
            raise ValueError("drop_after must not be negative")
        self.mode: Mode = mode
        self.drop_after = drop_after
        self.status = default_status() if status is None else dict(status)
        self.answer_status = answer_status
        self.host = "127.0.0.1"
        self._receive_buffer = receive_buffer
        self._lock = threading.Condition()
        self._jobs: list[bytearray] = []
        self._finished = 0
        self._status_requests: list[int] = []
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

    @property
    def status_requests(self) -> list[int]:
        """The ``n`` of every DLE EOT request seen, in order (answered or not)."""
        with self._lock:
            return list(self._status_requests)

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
                for sock in [*connections, *hung]:
                    sock.close()
                with self._lock:
                    self._finished += len(connections) + len(hung)
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
        if self.mode == "drop":
            size = max(0, min(size, self.drop_after - len(connection.data)))
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
        """Find DLE EOT n requests (also split across chunks) and answer each one."""
        stream = connection.pending + chunk
        start = 0
        while True:
            found = stream.find(DLE_EOT, start)
            if found < 0 or found + 2 >= len(stream):
                break
            n = stream[found + 2]
            if 1 <= n <= 4:
                with self._lock:
                    self._status_requests.append(n)
                    answer = self.status.get(n) if self.answer_status else None
                if answer is not None:
                    with contextlib.suppress(OSError):
                        connection.sock.sendall(bytes([answer]))
            start = found + 3
        # Keep a possible request prefix (DLE, or DLE EOT) for the next chunk.
        tail = stream[max(start, len(stream) - 2) :]
        if tail.endswith(DLE_EOT):
            connection.pending = DLE_EOT
        elif tail.endswith(DLE_EOT[:1]):
            connection.pending = DLE_EOT[:1]
        else:
            connection.pending = b""
