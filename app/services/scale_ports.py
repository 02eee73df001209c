"""The scale port: what the services need from a scale, whatever its protocol.

Adapters (``app.adapters.devices.scales``) implement it: one driver per protocol (MT-SICS,
SMA, NCI, continuous output by pattern, USB HID) and a simulated scale for the demo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.domain.weighing import ScaleReading
from app.services.device_ports import DeviceState

OnReading = Callable[[ScaleReading], None]
OnDeviceState = Callable[[DeviceState], None]


class ScaleSource(Protocol):
    """A scale that reports from its own thread, like a ``ScannerSource``.

    ``start`` returns at once. ``on_reading`` gets each reading that differs from the one
    before (a stable weight, moving, overload, underload, an error, disconnected), and
    ``on_state`` each change of the connection ("connected", "disconnected", "reconnecting",
    "error"), both on the driver's thread: a GUI forwards them by a queued signal. Only a
    ``stable`` reading is a weight. ``stop`` ends the thread and closes the device; it is safe
    to call twice.
    """

    name: str

    def start(self, on_reading: OnReading, on_state: OnDeviceState) -> None: ...

    def stop(self) -> None: ...
