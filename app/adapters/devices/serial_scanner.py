"""Serial and USB-CDC barcode scanners (pyserial): one reader thread per scanner.

``SerialScanner`` implements the ``ScannerSource`` port. Its thread opens the port, reads bytes,
cuts them into scans at the terminator (``ScanFramer``) and hands each scan to ``on_scan``; every
change of the device's state goes to ``on_state`` as a ``DeviceState``. Both callbacks run on the
reader thread: a GUI must forward them by a queued Qt signal (``app.ui.device_bridge``).

What a caller may rely on:

* Scans arrive in the order they were scanned, each exactly once, without the terminator.
* Bytes are decoded as UTF-8; bytes that are not UTF-8 become U+FFFD (``errors="replace"``), so
  the scan is still delivered and the barcode interpreter refuses it as unreadable. GS (0x1D,
  the GS1 separator) and every other byte pass through unchanged.
* A runaway line (no terminator within ``max_length`` bytes) is delivered once, as its first
  ``max_length`` bytes followed by ``TRUNCATED`` (U+FFFD), so the interpreter always refuses it;
  the rest of that line is dropped and reading resyncs at the next terminator.
* Unplugging (``SerialException`` / ``OSError`` on read, or the port's path vanishing while the
  line is idle) gives "disconnected" with the reason, then "reconnecting" while the thread
  retries with exponential backoff (``reconnect_initial_s`` doubling up to
  ``reconnect_max_s``), then "connected" once the port opens again. Open failures that
  retrying alone will not fix (permission denied, port busy, bad settings) are reported as
  "error"; the thread keeps retrying anyway, so fixing the cause (a udev rule, closing the other
  program) is enough. A partial scan that was in the buffer when the device went away is
  dropped: it is never joined to the first scan after the reconnect.
* ``stop`` wakes the thread at once (also during a backoff wait), closes the port and joins.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import serial
import serial.tools.list_ports

from app.adapters.devices.reader import DeviceReader, ignore, reason_of
from app.services.device_ports import DeviceState

log = logging.getLogger(__name__)

#: Appended to a scan that was cut at ``max_length``: the interpreter refuses any scan with it.
TRUNCATED = "\ufffd"

#: Errors on opening that mean "the device is not there (yet)": keep quietly reconnecting.
_ABSENT_ERRNOS = frozenset(
    {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR, errno.ECONNREFUSED}
)
#: While the line is idle this long, check that the port's path still exists (a fallback for
#: drivers whose reads just time out after an unplug instead of failing).
_GONE_CHECK_S = 1.0

SerialFactory = Callable[..., Any]


class ScanFramer:
    """Cuts a byte stream into scans at ``terminator``; see the module docstring for the rules.

    Variants of line endings: with ``b"\\r"`` (the default) a ``\\n`` right after the ``\\r``
    (a scanner sending CR LF) is dropped; with ``b"\\n"`` a ``\\r`` before it is dropped; any
    other terminator (``b"\\r\\n"``, ``b"\\t"``, ``b"\\x04"`` ...) is matched exactly. Empty
    lines (a lone terminator) are not scans and are skipped.
    """

    def __init__(self, terminator: bytes = b"\r", max_length: int = 512) -> None:
        if not terminator:
            raise ValueError("The scan terminator must not be empty.")
        if max_length < 1:
            raise ValueError("max_length must be at least 1.")
        self.terminator = bytes(terminator)
        self.max_length = max_length
        self._buf = bytearray()
        self._discarding = False
        self._skip_lf = False
        # Bytes at the end of the buffer that may still turn out to be (part of) the ending.
        self._slack = len(self.terminator) - 1 + (self.terminator == b"\n")

    def reset(self) -> None:
        """Forget a partial scan (the device went away)."""
        self._buf.clear()
        self._discarding = False
        self._skip_lf = False

    @property
    def pending(self) -> int:
        """Bytes of an unfinished scan held in the buffer."""
        return len(self._buf)

    def feed(self, data: bytes) -> list[str]:
        """Add bytes; return the scans they complete, in order."""
        buf = self._buf
        buf += data
        term = self.terminator
        scans: list[str] = []
        while True:
            if self._skip_lf and buf:
                if buf[0] == 0x0A:
                    del buf[0]
                self._skip_lf = False
            end = buf.find(term)
            if end < 0:
                break
            line = bytes(buf[:end])
            del buf[: end + len(term)]
            self._skip_lf = term.endswith(b"\r")
            if self._discarding:  # the tail of a runaway line, already delivered
                self._discarding = False
                continue
            if term == b"\n" and line.endswith(b"\r"):
                line = line[:-1]
            if len(line) > self.max_length:
                scans.append(self._capped(line))
            elif line:
                scans.append(_decode(line))
        if len(buf) > self.max_length + self._slack:
            if not self._discarding:
                scans.append(self._capped(bytes(buf)))
                self._discarding = True
            del buf[: len(buf) - self._slack]
        return scans

    def _capped(self, line: bytes) -> str:
        return _decode(line[: self.max_length]) + TRUNCATED


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", errors="replace")


class SerialScanner(DeviceReader):
    """A serial / USB-CDC scanner on ``port`` (a device path or any pyserial URL, such as
    ``loop://`` or ``socket://host:port``). Implements ``ScannerSource``.

    ``terminator`` ends each scan: b"\\r" (the default), b"\\n", b"\\r\\n" or the scanner's own
    suffix bytes; a station sets it with ``[scanner] serial_terminator`` ("cr", "lf", "crlf",
    "suffix:<text>"; see ``app.settings``). A wrong one delivers nothing but capped runaway
    lines, so it must match what the scanner sends.

    ``name`` (default: the port) is the ``DeviceState.device`` of its states. ``serial_factory``
    opens the port (``serial.serial_for_url`` with ``baudrate`` and ``timeout`` keywords);
    tests pass their own.

    A partial scan in the buffer when the device disconnects is dropped, never merged with the
    next scan after the reconnect: a scanner sends each scan in one burst, so a fragment can
    only be the start of a scan that was cut off.
    """

    def __init__(
        self,
        port: str,
        baudrate: int = 9600,
        terminator: bytes = b"\r",
        name: str | None = None,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 10.0,
        read_timeout_s: float = 0.2,
        max_length: int = 512,
        serial_factory: SerialFactory = serial.serial_for_url,
    ) -> None:
        if reconnect_initial_s <= 0 or reconnect_max_s < reconnect_initial_s:
            raise ValueError("Need 0 < reconnect_initial_s <= reconnect_max_s.")
        if read_timeout_s <= 0:
            raise ValueError("read_timeout_s must be positive.")
        ScanFramer(terminator, max_length)  # validate now, not on the reader thread
        super().__init__(name if name is not None else port)
        self.port = port
        self.baudrate = baudrate
        self.terminator = terminator
        self.max_length = max_length
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self.read_timeout_s = read_timeout_s
        self._factory = serial_factory
        self._watch_path = os.path.isabs(port)
        self._lock = threading.Lock()  # guards _serial against close vs. cancel_read
        self._serial: Any = None
        self._on_scan: Callable[[str], None] = ignore

    # --- ScannerSource ---------------------------------------------------------------------

    def start(
        self, on_scan: Callable[[str], None], on_state: Callable[[DeviceState], None]
    ) -> None:
        """Start the reader thread and return at once."""
        self._on_scan = on_scan
        self._start_thread(on_state)

    def _interrupt(self) -> None:
        with self._lock:
            if self._serial is not None:
                try:
                    self._serial.cancel_read()
                except Exception:  # no cancel_read: the read times out within read_timeout_s
                    log.debug("%s: cancel_read failed", self.name, exc_info=True)

    def _close(self) -> None:
        self._close_port()

    # --- Reader thread ---------------------------------------------------------------------

    def _loop(self) -> None:
        delay = self.reconnect_initial_s
        while not self._stop.is_set():
            port = self._open()
            if port is None:
                if self._stop.wait(delay):
                    return
                delay = min(delay * 2, self.reconnect_max_s)
                continue
            opened_at = time.monotonic()
            reason = self._read_until_gone(port)
            self._close_port()
            if reason is None:  # stopped
                return
            log.warning("%s: disconnected: %s", self.name, reason)
            self._set_state("disconnected", reason)
            self._set_state("reconnecting", reason)
            # A connection that stayed up resets the backoff; a flapping one keeps it growing.
            stable = time.monotonic() - opened_at >= self.reconnect_max_s
            delay = self.reconnect_initial_s if stable else min(delay * 2, self.reconnect_max_s)
            if self._stop.wait(delay):
                return

    def _open(self) -> Any:
        """Open the port; on failure report it and return None."""
        try:
            port = self._factory(self.port, baudrate=self.baudrate, timeout=self.read_timeout_s)
        except (serial.SerialException, OSError) as exc:
            absent = exc.errno is None or exc.errno in _ABSENT_ERRNOS
            log.debug("%s: open failed: %s", self.name, exc)
            self._set_state("reconnecting" if absent else "error", reason_of(exc))
            return None
        except Exception as exc:  # ValueError for bad settings, unknown URL schemes ...
            log.debug("%s: open failed: %s", self.name, exc)
            self._set_state("error", reason_of(exc))
            return None
        with self._lock:
            if self._stop.is_set():
                _close_quietly(port)
                return None
            self._serial = port
        log.info("%s: connected", self.name)
        self._set_state("connected", f"{self.port} at {self.baudrate} baud")
        return port

    def _read_until_gone(self, port: Any) -> str | None:
        """Read and deliver scans until the device goes away (return why) or stop (None)."""
        framer = ScanFramer(self.terminator, self.max_length)  # a new one: no leftovers
        idle_since = time.monotonic()
        while not self._stop.is_set():
            try:
                data = port.read(1)
                if data:
                    waiting = port.in_waiting
                    if waiting:
                        data += port.read(waiting)
            except (serial.SerialException, OSError) as exc:
                return self._dropped(framer, reason_of(exc))
            if not data:
                now = time.monotonic()
                if now - idle_since >= _GONE_CHECK_S:
                    idle_since = now
                    if self._watch_path and not os.path.exists(self.port):
                        return self._dropped(framer, f"{self.port} no longer exists")
                continue
            idle_since = time.monotonic()
            for code in framer.feed(data):
                self._deliver(code)
        return None

    def _dropped(self, framer: ScanFramer, reason: str) -> str:
        if framer.pending:
            log.warning(
                "%s: dropped a partial scan of %d bytes on disconnect", self.name, framer.pending
            )
        framer.reset()
        return reason

    def _deliver(self, code: str) -> None:
        try:
            self._on_scan(code)
        except Exception:
            log.exception("%s: on_scan failed for scan %r", self.name, code)

    def _close_port(self) -> None:
        with self._lock:
            port, self._serial = self._serial, None
        if port is not None:
            _close_quietly(port)


def _close_quietly(port: Any) -> None:
    try:
        port.close()
    except Exception:
        log.debug("closing the port failed", exc_info=True)


# --- Discovery -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PortInfo:
    """A serial port the system knows of (for choosing a scanner in the settings)."""

    device: str
    description: str
    vid: int | None
    pid: int | None
    serial_number: str | None
    hwid: str

    @property
    def label(self) -> str:
        """E.g. "/dev/ttyACM0 — Honeywell 1900 (0c2e:0b61)"."""
        text = self.device
        if self.description and self.description not in ("n/a", self.device):
            text += f" — {self.description}"
        if self.vid is not None and self.pid is not None:
            text += f" ({self.vid:04x}:{self.pid:04x})"
        return text


def discover_ports() -> list[PortInfo]:
    """The serial ports present now (``serial.tools.list_ports.comports()``), by device name.

    Returns an empty list if the system cannot be asked (logged)."""
    try:
        found = serial.tools.list_ports.comports()
    except OSError:
        log.warning("Listing serial ports failed", exc_info=True)
        return []
    ports = [
        PortInfo(
            device=str(info.device),
            description=str(info.description or ""),
            vid=info.vid,
            pid=info.pid,
            serial_number=info.serial_number,
            hwid=str(info.hwid or ""),
        )
        for info in found
    ]
    return sorted(ports, key=lambda port: port.device)
