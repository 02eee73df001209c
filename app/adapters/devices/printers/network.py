"""A printer on a raw TCP port (9100, "JetDirect"): one TCP connection per job."""

from __future__ import annotations

import errno
import select
import socket
import time

from app.adapters.devices.printers.connection import (
    DEFAULT_STATUS_TIMEOUT,
    NOTHING_SENT,
    UNCERTAIN,
    TwoWayConnection,
    check_job_id,
    describe_error,
    positive,
    status_failed,
)
from app.adapters.devices.printers.status import query
from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState
from app.services.device_ports import OnSending

_CHUNK = 65536


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

    def discard_waiting(self) -> None:
        """Drop bytes the printer sent on its own (automatic status), so they are not taken
        for the reply to the next request."""
        while select.select([self.sock], [], [], 0)[0]:
            if not self.sock.recv(_CHUNK):
                raise ConnectionResetError(errno.ECONNRESET, "the printer closed the connection")


class NetworkConnection(TwoWayConnection):
    """A printer on a raw TCP port.

    ``send`` connects (within ``timeout``), asks the status (``status_timeout``), calls
    ``on_sending``, writes the job (each write limited by what is left of ``timeout``), asks
    the status again (its reply means the printer read the whole job; waits what is left of
    ``timeout``, at least ``status_timeout``), then half-closes (``shutdown(SHUT_WR)``) and
    closes; ``close_wait`` seconds (none by default: the status reply already proved the
    printer has every byte, and every moment here widens the window in which a crash leaves
    an "uncertain" label) may be given for printers that want to close their side first.
    A printer that accepts the connection and never reads is therefore never a success.

    ``status`` uses a separate short connection, ``status_timeout`` seconds in all.

    Looking up a host name is not covered by the timeouts (the system resolver has its own):
    give station printers fixed IP addresses.
    """

    kind = "network"

    def __init__(
        self,
        host: str,
        port: int = 9100,
        timeout: float = 5.0,
        *,
        name: str | None = None,
        language: str = "escpos",
        status_timeout: float = DEFAULT_STATUS_TIMEOUT,
        close_wait: float = 0.0,
    ) -> None:
        super().__init__(name, language)
        if not host:
            raise ValueError("a network printer needs a host name or address")
        if not 0 < port < 65536:
            raise ValueError(f"port {port} is not a TCP port")
        self.host = host
        self.port = port
        self.timeout = positive(timeout, "printer timeout")
        self.status_timeout = positive(status_timeout, "status timeout")
        self.close_wait = max(0.0, close_wait)

    @property
    def address(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{host}:{self.port}"

    def describe(self) -> str:
        return Message("network {address}", address=self.address)

    def send(
        self, data: bytes, job_id: str | None = None, on_sending: OnSending | None = None
    ) -> None:
        if job_id is not None:
            check_job_id(job_id)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
        except OSError as error:
            raise self._problem(describe_error(error)) from error
        with sock:
            channel = _SocketChannel(sock)
            try:
                # Status requests are a few bytes each, answered at once: without this, Nagle
                # and delayed ACKs add some 40 ms to every job.
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sock.settimeout(self.status_timeout)
                self._check_ready(channel)
            except OSError as error:
                what = describe_error(error)
                raise self._problem(status_failed(what)) from error
            if on_sending is not None:
                on_sending()
            deadline = time.monotonic() + self.timeout
            view = memoryview(data)
            handed = 0
            try:
                while handed < len(view):
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise TimeoutError(errno.ETIMEDOUT, "timed out")
                    sock.settimeout(left)
                    handed += sock.send(view[handed : handed + _CHUNK])
                channel.discard_waiting()
                self._confirm_taken(channel, deadline - time.monotonic())
            except TimeoutError as error:
                tail = UNCERTAIN if handed else NOTHING_SENT
                raise self._problem(
                    Message(
                        "timed out: the printer did not take the job within {seconds} s "
                        "({handed} of {size} bytes sent); {tail}",
                        seconds=f"{self.timeout:g}",
                        handed=handed,
                        size=len(data),
                        tail=tail,
                    ),
                    bytes_sent=handed > 0,
                ) from error
            except OSError as error:
                tail = UNCERTAIN if handed else NOTHING_SENT
                raise self._problem(
                    Message(
                        "{problem} during the job ({handed} of {size} bytes sent); {tail}",
                        problem=describe_error(error),
                        handed=handed,
                        size=len(data),
                        tail=tail,
                    ),
                    bytes_sent=handed > 0,
                ) from error
            self._close_cleanly(sock)

    def _close_cleanly(self, sock: socket.socket) -> None:
        """Half-close and give the printer ``close_wait`` seconds to close its side, reading
        what it still sends so that closing never turns into a reset."""
        try:
            sock.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + self.close_wait
            while (left := deadline - time.monotonic()) > 0:
                readable, _, _ = select.select([sock], [], [], left)
                if readable and not sock.recv(_CHUNK):
                    return
        except OSError:
            return  # the printer answered after the job: it has it all

    def status(self, language: str | None = None) -> PrinterState:
        if not self.asks_status:
            return self._not_asked()
        checked = self._language(language)
        try:
            sock = socket.create_connection((self.host, self.port), timeout=self.status_timeout)
        except TimeoutError:
            return PrinterState(
                PrinterCondition.OFFLINE,
                f"not reachable: no answer within {self.status_timeout:g} s",
            )
        except OSError as error:
            return PrinterState(PrinterCondition.OFFLINE, f"not reachable: {describe_error(error)}")
        with sock:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                return query(checked, _SocketChannel(sock), self.status_timeout)
            except OSError as error:
                return PrinterState(
                    PrinterCondition.UNKNOWN, f"the status query failed: {describe_error(error)}"
                )
