"""What every device read on a thread of its own shares (serial scanners, serial and USB HID
scales): start and stop, the thread that survives a bug in itself, and states reported once
each (``DeviceState``: connected, reconnecting, disconnected, error), never twice in a row.
Subclasses read in ``_loop`` until ``_stop`` is set, and close what they opened in ``_close``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from app.domain.message import Message
from app.domain.weighing import ScaleReading
from app.services.device_ports import DeviceState
from app.services.scale_ports import OnDeviceState, OnReading

log = logging.getLogger(__name__)

STOPPED = Message("stopped")


def ignore(_: Any) -> None:
    return None


def reason_of(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


class DeviceReader:
    #: "scanner", "scale": in the reader thread's name and in the log.
    kind = "device"

    def __init__(self, name: str) -> None:
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_state: OnDeviceState = ignore
        self._last_state: tuple[str, str] | None = None

    def _start_thread(self, on_state: OnDeviceState) -> None:
        """Start the reader thread and return at once (once: a second start is a bug)."""
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError(f"{self.kind.capitalize()} {self.name} is already started.")
        self._on_state = on_state
        self._last_state = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, name=f"{self.kind} {self.name}", daemon=True
        )
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        """Wake the reader thread, close the device and join the thread. Safe to call twice."""
        self._stop.set()
        self._interrupt()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return
        thread.join(timeout_s)
        if thread.is_alive():
            log.warning("%s: %s thread did not stop within %.1f s", self.name, self.kind, timeout_s)
        else:
            self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # --- the thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        except Exception as exc:  # a bug: report it rather than die silently
            log.exception("%s: %s reader failed", self.name, self.kind)
            self._set_state("error", f"Reader stopped: {type(exc).__name__}: {exc}")
        finally:
            self._close()
        if self._stop.is_set():
            self._set_state("disconnected", STOPPED)

    def _loop(self) -> None:
        raise NotImplementedError

    def _interrupt(self) -> None:
        """Wake a read that is waiting on the device (after ``_stop`` was set)."""

    def _close(self) -> None:
        """Close what the reader opened (on the reader thread, when it ends)."""

    def _set_state(self, state: str, detail: str) -> None:
        if self._last_state == (state, detail):
            return
        self._last_state = (state, detail)
        try:
            self._on_state(DeviceState(self.name, state, detail))
        except Exception:
            log.exception("%s: on_state failed for %s", self.name, state)


class ScaleReader(DeviceReader):
    """A scale: readings as well as states, each reading passed on only when it changed."""

    kind = "scale"

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._on_reading: OnReading = ignore
        self._last_reading: ScaleReading | None = None

    def start(self, on_reading: OnReading, on_state: OnDeviceState) -> None:
        self._on_reading = on_reading
        self._last_reading = None
        self._start_thread(on_state)

    def _publish(self, reading: ScaleReading) -> None:
        if reading == self._last_reading:
            return
        self._last_reading = reading
        try:
            self._on_reading(reading)
        except Exception:
            log.exception("%s: on_reading failed for %s", self.name, reading)
