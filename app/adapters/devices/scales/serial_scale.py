"""Serial scales (RS-232, USB-serial, USB-CDC) on a reader thread: one driver, one protocol
object per scale (``protocols``). Implements the ``ScaleSource`` port.

The thread opens the port with the protocol's framing (8N1, or 7E1 for NCI), then either polls
(sends the protocol's request every ``poll_interval_s`` and reads the reply) or, for
continuous-output scales, just listens. Every reading that differs from the one before goes to
``on_reading``; connection changes go to ``on_state`` as ``DeviceState`` (as the serial
scanner's: "connected", "disconnected", "reconnecting", "error"). Both run on the thread.

* A polled scale that does not answer ``no_answer_polls`` requests in a row (``reply_timeout_s``
  each) reads ``NO_ANSWER`` (wrong baud rate or protocol, scale switched off); polling goes on.
* Unplugging (a read or write fails, or the port's path vanishes) gives ``DISCONNECTED`` and
  "disconnected", then "reconnecting" while the thread retries with exponential backoff
  (``reconnect_initial_s`` doubling up to ``reconnect_max_s``). Open failures that retrying
  alone will not fix (permission, busy, bad settings) are reported as "error" and retried too.
* ``stop`` wakes the thread at once (also in a backoff wait), closes the port and joins.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Any

import serial

from app.adapters.devices.reader import ScaleReader, reason_of
from app.adapters.devices.scales.protocols import ScaleProtocol
from app.domain.message import Message
from app.domain.weighing import ReadingKind, ScaleReading

log = logging.getLogger(__name__)

try:  # pyserial lets termios.error through when a POSIX port refuses a setting
    import termios

    _REFUSED: tuple[type[BaseException], ...] = (termios.error, serial.SerialException, ValueError)
except ImportError:  # Windows
    _REFUSED = (serial.SerialException, ValueError)

_ABSENT_ERRNOS = frozenset(
    {errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO, errno.ENOTDIR, errno.ECONNREFUSED}
)
_GONE_CHECK_S = 1.0
_TAIL = 24
_READ_SLICE_S = 0.02  # one read waits at most this long, so stop and the poll clock are prompt

SerialFactory = Callable[..., Any]


class SerialScale(ScaleReader):
    """A serial scale on ``port`` (a device path or a pyserial URL) speaking ``protocol``."""

    def __init__(
        self,
        port: str,
        protocol: ScaleProtocol,
        baudrate: int = 9600,
        name: str | None = None,
        poll_interval_s: float = 0.1,
        reply_timeout_s: float = 0.5,
        no_answer_polls: int = 3,
        reconnect_initial_s: float = 0.5,
        reconnect_max_s: float = 10.0,
        serial_factory: SerialFactory = serial.serial_for_url,
    ) -> None:
        if reconnect_initial_s <= 0 or reconnect_max_s < reconnect_initial_s:
            raise ValueError("Need 0 < reconnect_initial_s <= reconnect_max_s.")
        if poll_interval_s <= 0 or reply_timeout_s <= 0 or no_answer_polls < 1:
            raise ValueError("poll_interval_s, reply_timeout_s and no_answer_polls must be > 0.")
        super().__init__(name if name is not None else port)
        self.port = port
        self.protocol = protocol
        self.baudrate = baudrate
        self.poll_interval_s = poll_interval_s
        self.reply_timeout_s = reply_timeout_s
        self.no_answer_polls = no_answer_polls
        self.reconnect_initial_s = reconnect_initial_s
        self.reconnect_max_s = reconnect_max_s
        self._factory = serial_factory
        self._watch_path = os.path.isabs(port)
        self._lock = threading.Lock()
        self._serial: Any = None
        #: Bytes received since the start, and the last few of them (what a port sends that
        #: makes no reading is shown as it came: ``packbench scale read`` names it).
        self.received = 0
        self.received_tail = b""
        #: The framing the port was opened with (see ``_open``).
        self.framing = f"{protocol.bytesize}{protocol.parity}{protocol.stopbits}"

    @property
    def settings(self) -> str:
        """E.g. "9600 7E1"."""
        return f"{self.baudrate} {self.framing}"

    def _close(self) -> None:
        self._close_port()

    # --- The thread ------------------------------------------------------------------------

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
            self.protocol.reset()
            reason = self._poll(port) if self.protocol.request else self._listen(port)
            self._close_port()
            if reason is None:
                return
            log.warning("%s: disconnected: %s", self.name, reason)
            self._publish(ScaleReading(ReadingKind.DISCONNECTED, detail=reason))
            self._set_state("disconnected", reason)
            self._set_state("reconnecting", reason)
            stable = time.monotonic() - opened_at >= self.reconnect_max_s
            delay = self.reconnect_initial_s if stable else min(delay * 2, self.reconnect_max_s)
            if self._stop.wait(delay):
                return

    def _open_port(self, bytesize: int, parity: str) -> Any:
        return self._factory(
            self.port,
            baudrate=self.baudrate,
            bytesize=bytesize,
            parity=parity,
            stopbits=self.protocol.stopbits,
            timeout=_READ_SLICE_S,
            write_timeout=1.0,
        )

    def _open(self) -> Any:
        protocol = self.protocol
        try:
            try:
                port = self._open_port(protocol.bytesize, protocol.parity)
                self.framing = f"{protocol.bytesize}{protocol.parity}1"
            except _REFUSED as exc:
                # 7E1 and 8N1 frames are both 10 bits long: where the port refuses 7 data bits
                # or parity, an 8N1 read gives the same bytes with the parity bit in bit 7,
                # which the protocol masks off.
                if not (protocol.masks_parity and os.path.exists(self.port)):
                    raise
                log.info("%s: %s refused (%s); reading as 8N1", self.name, self.framing, exc)
                port = self._open_port(8, "N")
                self.framing = f"8N1 ({protocol.bytesize}{protocol.parity}1 refused by the port)"
        except (serial.SerialException, OSError) as exc:
            absent = exc.errno is None or exc.errno in _ABSENT_ERRNOS
            self._set_state("reconnecting" if absent else "error", reason_of(exc))
            self._publish(ScaleReading(ReadingKind.DISCONNECTED, detail=reason_of(exc)))
            return None
        except Exception as exc:  # ValueError for bad settings, unknown URL schemes ...
            self._set_state("error", reason_of(exc))
            self._publish(ScaleReading(ReadingKind.DISCONNECTED, detail=reason_of(exc)))
            return None
        with self._lock:
            self._serial = port
        log.info("%s: connected (%s)", self.name, self.settings)
        self._set_state("connected", f"{self.port} at {self.settings}, {self.protocol.name}")
        return port

    def _poll(self, port: Any) -> str | None:
        """Ask, read the reply, wait for the next poll; until gone (return why) or stopped."""
        request = self.protocol.request
        assert request is not None
        unanswered = 0
        while not self._stop.is_set():
            asked_at = time.monotonic()
            try:
                port.write(request)
                answered = self._read_reply(port, asked_at + self.reply_timeout_s)
            except (serial.SerialException, OSError) as exc:
                return reason_of(exc)
            if answered is None:
                return None
            if answered:
                unanswered = 0
            else:
                unanswered += 1
                if self._gone():
                    return f"{self.port} no longer exists"
                if unanswered >= self.no_answer_polls:
                    self._publish(
                        ScaleReading(
                            ReadingKind.NO_ANSWER,
                            detail=Message(
                                "no reply to {protocol} requests at {settings}: check the "
                                "protocol, the speed and the power",
                                protocol=self.protocol.name,
                                settings=self.settings,
                            ),
                        )
                    )
            left = asked_at + self.poll_interval_s - time.monotonic()
            if left > 0 and self._stop.wait(left):
                return None
        return None

    def _read_reply(self, port: Any, deadline: float) -> bool | None:
        """Read until a reply made a reading (True), the deadline (False) or stop (None)."""
        while not self._stop.is_set():
            data = port.read(max(1, port.in_waiting))
            if data and self._deliver(data):
                return True
            if time.monotonic() >= deadline:
                return False
        return None

    def _listen(self, port: Any) -> str | None:
        idle_since = time.monotonic()
        while not self._stop.is_set():
            try:
                data = port.read(max(1, port.in_waiting))
            except (serial.SerialException, OSError) as exc:
                return reason_of(exc)
            if data:
                idle_since = time.monotonic()
                self._deliver(data)
            elif time.monotonic() - idle_since >= _GONE_CHECK_S:
                idle_since = time.monotonic()
                if self._gone():
                    return f"{self.port} no longer exists"
                self._publish(
                    ScaleReading(
                        ReadingKind.NO_ANSWER,
                        detail=Message(
                            "nothing received at {settings}: check the speed and that the "
                            "scale sends continuously",
                            settings=self.settings,
                        ),
                    )
                )
        return None

    def _gone(self) -> bool:
        return self._watch_path and not os.path.exists(self.port)

    def _deliver(self, data: bytes) -> bool:
        self.received += len(data)
        self.received_tail = (self.received_tail + data)[-_TAIL:]
        readings = self.protocol.feed(data)
        for reading in readings:
            self._publish(reading)
        return bool(readings)

    def _close_port(self) -> None:
        with self._lock:
            port, self._serial = self._serial, None
        if port is not None:
            try:
                port.close()
            except Exception:
                log.debug("closing the port failed", exc_info=True)
