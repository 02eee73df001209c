"""A simulated scale for the demo and for tests of what uses a scale; implements ``ScaleSource``.

``set_expected(grams)`` puts a parcel of that weight on it: a few moving readings around the
weight (``motion_steps``, ``step_s`` apart), then a stable reading of exactly ``grams``.
``set_reading`` publishes any reading at once (overload, an error ...); ``clear`` takes the
parcel off (stable 0 g). Readings go to ``on_reading`` on the scale's own thread, like a real
driver's.
"""

from __future__ import annotations

import queue
import threading
from typing import Any

from app.domain.weighing import ReadingKind, ScaleReading
from app.services.device_ports import DeviceState
from app.services.scale_ports import OnDeviceState, OnReading

_SWAY = (37, -21, 9, -4)  # grams off the final weight while the platter settles


class SimulatedScale:
    def __init__(self, name: str = "Simulated scale", motion_steps: int = 3, step_s: float = 0.08):
        self.name = name
        self.port = "simulated"
        self.motion_steps = motion_steps
        self.step_s = step_s
        self._commands: queue.Queue[tuple[str, Any]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._on_reading: OnReading = _ignore
        self._on_state: OnDeviceState = _ignore

    def start(self, on_reading: OnReading, on_state: OnDeviceState) -> None:
        if self._thread is not None and self._thread.is_alive():
            raise RuntimeError(f"Scale {self.name} is already started.")
        self._on_reading, self._on_state = on_reading, on_state
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 2.0) -> None:
        thread = self._thread
        if thread is None:
            return
        self._commands.put(("stop", None))
        thread.join(timeout_s)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def set_expected(self, grams: int) -> None:
        """A parcel of ``grams`` goes on the scale: a little motion, then stable."""
        if grams < 0:
            raise ValueError("a parcel weighs 0 g or more")
        self._commands.put(("weigh", grams))

    def set_reading(self, reading: ScaleReading) -> None:
        self._commands.put(("reading", reading))

    def clear(self) -> None:
        self.set_expected(0)

    def _run(self) -> None:
        self._on_state(DeviceState(self.name, "connected", "simulated"))
        self._on_reading(ScaleReading.weighed(0, stable=True))
        pending: list[ScaleReading] = []
        while True:
            try:
                command, value = self._commands.get(timeout=self.step_s if pending else None)
            except queue.Empty:
                self._on_reading(pending.pop(0))
                continue
            if command == "stop":
                break
            if command == "reading":
                pending = []
                self._on_reading(value)
                continue
            grams = int(value)
            pending = [
                ScaleReading(ReadingKind.MOVING, max(0, grams + sway))
                for sway in _SWAY[: self.motion_steps]
            ] + [ScaleReading.weighed(grams, stable=True)]
            self._on_reading(pending.pop(0))
        self._on_state(DeviceState(self.name, "disconnected", "stopped"))


def _ignore(_: Any) -> None:
    return None
