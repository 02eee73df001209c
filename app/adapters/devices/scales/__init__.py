"""Scale drivers behind the ``ScaleSource`` port: serial (MT-SICS, SMA, NCI, continuous output
by pattern), USB HID, and a simulated scale for the demo. ``make_scale`` builds one by name."""

from __future__ import annotations

from typing import Any

from app.adapters.devices.scales.hid_scale import HidScale
from app.adapters.devices.scales.protocols import PROTOCOLS, make_protocol
from app.adapters.devices.scales.serial_scale import SerialScale
from app.adapters.devices.scales.simulated import SimulatedScale

SCALE_PROTOCOLS = (*PROTOCOLS, "hid", "simulated")


def make_scale(
    protocol: str,
    port: str,
    baudrate: int = 9600,
    pattern: str | None = None,
    **options: Any,
) -> SerialScale | HidScale | SimulatedScale:
    """The driver for ``protocol`` (one of ``SCALE_PROTOCOLS``) on ``port`` (a serial port or
    pyserial URL; for "hid" VID:PID or a hidraw path). ``options`` go to the driver.
    Raises ``ValueError`` for an unknown protocol, a bad pattern or HID target."""
    if protocol == "simulated":
        return SimulatedScale(**options)
    if protocol == "hid":
        return HidScale(port, **options)
    return SerialScale(port, make_protocol(protocol, pattern), baudrate=baudrate, **options)


__all__ = ["SCALE_PROTOCOLS", "HidScale", "SerialScale", "SimulatedScale", "make_scale"]
