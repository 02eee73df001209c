"""The USB HID scale driver against a fake device at hidapi's boundary: an object with
hid.device's methods (open, open_path, read, close) that plays DYMO M10/M25 reports, and can be
unplugged (read raises OSError, opening fails) and plugged in again."""

from __future__ import annotations

import queue
import sys
import threading
from typing import Any

import pytest

from app.adapters.devices.scales import HidScale, make_scale
from app.adapters.devices.scales.hid_scale import (
    HIDAPI_MISSING,
    HidTarget,
    discover_hid_scales,
    parse_report,
)
from app.domain.weighing import ReadingKind, ScaleReading
from app.services.device_ports import DeviceState

DYMO = (0x0922, 0x8003)


def report(status: int, grams_or_count: int, unit: int = 2, scaling: int = 0) -> list[int]:
    return [3, status, unit, scaling & 0xFF, grams_or_count & 0xFF, grams_or_count >> 8]


class FakeHidBus:
    """The scale's side: what it reports next, and whether it is plugged in."""

    def __init__(self) -> None:
        self.reports: queue.Queue[list[int]] = queue.Queue()
        self.plugged = threading.Event()
        self.plugged.set()
        self.opened: list[tuple[Any, ...]] = []

    def device(self) -> FakeHidDevice:
        return FakeHidDevice(self)


class FakeHidDevice:
    """Same methods as hid.device."""

    def __init__(self, bus: FakeHidBus) -> None:
        self.bus = bus
        self.open_ = False

    def open(self, vendor_id: int = 0, product_id: int = 0, serial_number: Any = None) -> None:
        if not self.bus.plugged.is_set():
            raise OSError("open failed")
        self.bus.opened.append((vendor_id, product_id))
        self.open_ = True

    def open_path(self, path: bytes) -> None:
        if not self.bus.plugged.is_set():
            raise OSError("open failed")
        self.bus.opened.append((path,))
        self.open_ = True

    def read(self, max_length: int, timeout_ms: int = 0) -> list[int]:
        if not self.open_:
            raise ValueError("not open")
        if not self.bus.plugged.is_set():
            raise OSError("read error")
        try:
            return self.bus.reports.get(timeout=timeout_ms / 1000)[:max_length]
        except queue.Empty:
            return []

    def close(self) -> None:
        self.open_ = False


class Readings:
    def __init__(self) -> None:
        self.readings: queue.Queue[ScaleReading] = queue.Queue()
        self.states: list[DeviceState] = []

    def on_state(self, state: DeviceState) -> None:
        self.states.append(state)

    def next(self, skip: tuple[ReadingKind, ...] = (ReadingKind.DISCONNECTED,)) -> ScaleReading:
        while True:
            reading = self.readings.get(timeout=5)
            if reading.kind not in skip:
                return reading


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (report(4, 1234), ScaleReading.weighed(1234, True)),
        (report(3, 1180), ScaleReading.weighed(1180, False)),
        (report(2, 0), ScaleReading.weighed(0, True)),
        (report(4, 44, unit=11, scaling=-1), ScaleReading.weighed(125, True)),  # 4.4 oz
        (report(4, 275, unit=12, scaling=-2), ScaleReading.weighed(1247, True)),  # 2.75 lb
        (report(4, 12, unit=3, scaling=-1), ScaleReading.weighed(1200, True)),  # 1.2 kg
        (report(4, 0x1234), ScaleReading.weighed(0x1234, True)),  # little-endian
    ],
)
def test_reports(raw: list[int], expected: ScaleReading) -> None:
    assert parse_report(raw) == expected


def test_error_reports() -> None:
    assert parse_report(report(6, 0)).kind is ReadingKind.OVERLOAD  # type: ignore[union-attr]
    assert parse_report(report(5, 20)).kind is ReadingKind.UNDERLOAD  # type: ignore[union-attr]
    assert parse_report(report(1, 0)).kind is ReadingKind.ERROR  # type: ignore[union-attr]
    assert parse_report(report(4, 5, unit=7)).detail == "unknown unit code 7"  # type: ignore[union-attr]
    assert parse_report([2, 4, 2, 0, 1, 0]) is None  # another report
    assert parse_report([3, 4, 2]) is None


def test_targets() -> None:
    assert HidTarget.parse("0922:8003") == HidTarget(0x0922, 0x8003)
    assert HidTarget.parse("/dev/hidraw3") == HidTarget(path=b"/dev/hidraw3")
    with pytest.raises(ValueError, match="VID:PID"):
        HidTarget.parse("")


def test_driver_reads_moving_then_stable_and_survives_unplug() -> None:
    bus = FakeHidBus()
    scale = make_scale("hid", "0922:8003", device_factory=bus.device, reconnect_initial_s=0.01)
    assert isinstance(scale, HidScale)
    readings = Readings()
    scale.start(readings.readings.put, readings.on_state)
    try:
        bus.reports.put(report(3, 900))
        assert readings.next() == ScaleReading.weighed(900, False)
        bus.reports.put(report(4, 1234))
        bus.reports.put(report(4, 1234))  # repeated reports are published once
        bus.reports.put(report(6, 0))
        assert readings.next() == ScaleReading.weighed(1234, True)
        assert readings.next().kind is ReadingKind.OVERLOAD
        bus.plugged.clear()
        gone = readings.next(skip=())
        assert gone.kind is ReadingKind.DISCONNECTED and "read error" in gone.detail
        bus.plugged.set()
        bus.reports.put(report(4, 500))
        assert readings.next() == ScaleReading.weighed(500, True)
    finally:
        scale.stop()
    assert not scale.running
    assert bus.opened[0] == DYMO and len(bus.opened) >= 2
    assert [s.state for s in readings.states][:1] == ["connected"]
    assert "reconnecting" in [s.state for s in readings.states]


def test_without_hidapi_the_scale_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "hid", None)  # import hid now raises ImportError
    scale = HidScale("0922:8003")
    readings = Readings()
    scale.start(readings.readings.put, readings.on_state)
    try:
        reading = readings.next()
    finally:
        scale.stop()
    assert reading == ScaleReading(ReadingKind.ERROR, detail=HIDAPI_MISSING)
    assert readings.states[0].state == "error"


def test_discovery_picks_scales() -> None:
    devices = [
        {
            "path": b"/dev/hidraw1",
            "vendor_id": 0x0922,
            "product_id": 0x8003,
            "usage_page": 0x8D,
            "product_string": "M10 10 lb Digital Postal Scale",
        },
        {
            "path": b"/dev/hidraw2",
            "vendor_id": 0x046D,
            "product_id": 0xC52B,
            "usage_page": 1,
            "product_string": "Unifying Receiver",
        },
        {
            "path": b"/dev/hidraw3",
            "vendor_id": 0x1234,
            "product_id": 0x0001,
            "usage_page": 0x8D,
            "product_string": "",
        },
    ]
    found = discover_hid_scales(lambda: devices)
    assert [(s.vendor_id, s.product_id) for s in found] == [DYMO, (0x1234, 0x0001)]
    assert found[0].label == "0922:8003 — M10 10 lb Digital Postal Scale (USB HID scale)"
