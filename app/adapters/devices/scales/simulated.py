"""A simulated scale for the demo and for tests of what uses a scale; implements ``ScaleSource``.

``set_expected(grams)`` puts a parcel of that weight on it, as a real scale shows it: a moving
phase first (``motion_steps`` readings ``step_s`` apart, swaying less and less around the
weight), then a stable reading of the weight plus a little noise (``noise_g``: up to 0.5 % of
the weight, 1 to 8 g, well inside any weight check's tolerance; 0: exact) plus ``offset_g``
(the demo's ``[scale] simulate_offset_g``: a parcel that weighs what it should not, so that the
weight check can be seen refusing it). An empty platter reads 0 g. ``set_reading`` publishes
any reading at once (overload, an error ...); ``clear`` takes the parcel off. Readings go to
``on_reading`` on the scale's own thread, like a real driver's.
"""

from __future__ import annotations

import queue
import random
import threading
from typing import Any

from app.domain.message import Message
from app.domain.weighing import ReadingKind, ScaleReading
from app.services.device_ports import DeviceState
from app.services.scale_ports import OnDeviceState, OnReading

# While the platter settles: grams, and thousandths of the weight, off the final reading.
_SWAY = (37, -21, 9, -4, 2, -1)
_SWAY_PER_MILLE = (60, -35, 15, -6, 3, -1)
NOISE_MAX_G = 8
#: Its name in the station's header, translated there (a real scale's is its port).
SIMULATED_SCALE = Message("Simulated scale")


class SimulatedScale:
    def __init__(
        self,
        name: str = SIMULATED_SCALE,
        motion_steps: int = 5,
        step_s: float = 0.12,
        *,
        noise_g: int | None = None,
        offset_g: int = 0,
        seed: int | None = None,
    ):
        if not 0 <= motion_steps <= len(_SWAY):
            raise ValueError(f"motion_steps: 0 to {len(_SWAY)}")
        self.name = name
        self.port = "simulated"
        self.motion_steps = motion_steps
        self.step_s = step_s
        #: Noise on a stable reading, at most this many grams either way (None: by weight).
        self.noise_g = noise_g
        #: Grams added to every parcel's stable reading (the demo's off-weight parcel).
        self.offset_g = offset_g
        self._random = random.Random(seed)
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

    def reads(self, grams: int) -> int:
        """What the scale settles on for a parcel of ``grams`` (0: the empty platter, 0 g)."""
        if grams == 0:
            return 0
        most = self.noise_g if self.noise_g is not None else noise_for(grams)
        return max(0, grams + self.offset_g + self._random.randint(-most, most))

    def _run(self) -> None:
        self._on_state(DeviceState(self.name, "connected", Message("simulated")))
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
            final = self.reads(grams)
            swaying = zip(_SWAY, _SWAY_PER_MILLE, strict=True)
            pending = [
                ScaleReading(ReadingKind.MOVING, max(0, final + sway + final * per_mille // 1000))
                for sway, per_mille in list(swaying)[: self.motion_steps]
            ]
            pending.append(ScaleReading.weighed(final, stable=True))
            self._on_reading(pending.pop(0))
        self._on_state(DeviceState(self.name, "disconnected", Message("stopped")))


def noise_for(grams: int) -> int:
    """How many grams a stable reading of ``grams`` may be off either way: 0.5 %, 1 to 8 g."""
    return min(NOISE_MAX_G, max(1, grams // 200))


def _ignore(_: Any) -> None:
    return None
