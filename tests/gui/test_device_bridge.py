"""DeviceBridge and DeviceStatusLabel with a real SerialScanner on a pseudo-terminal: scans and
states cross from the reader thread to the GUI thread by queued signals."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.adapters.devices.serial_scanner import SerialScanner
from app.services.device_ports import DeviceState
from app.ui.device_bridge import (
    CONNECTED_COLOUR,
    DISCONNECTED_COLOUR,
    RECONNECTING_COLOUR,
    DeviceBridge,
    DeviceStatusLabel,
)
from tests.support.pty_device import PtyDevice

WAIT_MS = 5000


@pytest.fixture
def device() -> Iterator[PtyDevice]:
    with PtyDevice() as device:
        yield device


@pytest.fixture
def bridge() -> Iterator[DeviceBridge]:
    bridge = DeviceBridge()
    yield bridge
    bridge.detach_all()


def on_gui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def test_scans_reach_a_slot_on_the_gui_thread(
    qtbot: QtBot, device: PtyDevice, bridge: DeviceBridge
) -> None:
    received: list[tuple[str, str, bool]] = []
    states: list[tuple[str, bool]] = []
    bridge.scanned.connect(lambda name, code: received.append((name, code, on_gui_thread())))
    bridge.state_changed.connect(lambda state: states.append((state.state, on_gui_thread())))
    scanner = SerialScanner(str(device.path), name="Pack scanner")

    with qtbot.waitSignal(bridge.state_changed, timeout=WAIT_MS):
        bridge.attach(scanner)
    device.write(b"4006381333931\r]C10109506000134352\x1d21XYZ9\r")
    qtbot.waitUntil(lambda: len(received) == 2, timeout=WAIT_MS)

    assert received == [
        ("Pack scanner", "4006381333931", True),
        ("Pack scanner", "]C10109506000134352\x1d21XYZ9", True),
    ]
    assert states == [("connected", True)]
    bridge.detach_all()
    assert not scanner.running
    assert bridge.sources == []


def test_status_label_follows_unplug_and_replug(
    qtbot: QtBot, device: PtyDevice, bridge: DeviceBridge
) -> None:
    label = DeviceStatusLabel(bridge)
    qtbot.addWidget(label)
    label.show()
    seen: list[str] = []
    bridge.state_changed.connect(lambda state: seen.append(state.state))
    port = str(device.path)
    bridge.attach(SerialScanner(port, reconnect_initial_s=0.02, reconnect_max_s=0.2))

    def shows(text: str, colour: str) -> Callable[[], bool]:
        return lambda: label.describe(port) == (f"Scanner {port}: {text}", colour)

    qtbot.waitUntil(shows("connected", CONNECTED_COLOUR), timeout=WAIT_MS)
    assert f"Scanner {port}: connected" in label.text()
    assert CONNECTED_COLOUR in label.text()
    assert label.font().pixelSize() >= 20  # readable from the packing table

    device.unplug()
    qtbot.waitUntil(shows("disconnected (reconnecting)", RECONNECTING_COLOUR), timeout=WAIT_MS)
    assert RECONNECTING_COLOUR in label.text()
    assert CONNECTED_COLOUR not in label.text()
    assert "no data" in label.toolTip()  # the reason pyserial gave
    assert seen[:3] == ["connected", "disconnected", "reconnecting"]

    device.replug()
    qtbot.waitUntil(shows("connected", CONNECTED_COLOUR), timeout=WAIT_MS)
    with qtbot.waitSignal(bridge.scanned, timeout=WAIT_MS) as scan:
        device.write(b"AFTER\r")
    assert scan.args == [port, "AFTER"]


class FakeSource:
    """A ScannerSource without hardware: the test plays its reader thread."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.stopped = 0
        self.on_scan: Callable[[str], None] | None = None
        self.on_state: Callable[[DeviceState], None] | None = None

    def start(
        self, on_scan: Callable[[str], None], on_state: Callable[[DeviceState], None]
    ) -> None:
        self.on_scan, self.on_state = on_scan, on_state

    def stop(self) -> None:
        self.stopped += 1


def test_label_shows_each_device_and_errors(qtbot: QtBot, bridge: DeviceBridge) -> None:
    label = DeviceStatusLabel(bridge)
    qtbot.addWidget(label)
    first, second = FakeSource("COM3"), FakeSource("<gun 2>")
    bridge.attach(first)
    bridge.attach(second)

    def play() -> None:
        assert first.on_state is not None and second.on_state is not None
        first.on_state(DeviceState("COM3", "connected"))
        second.on_state(DeviceState("<gun 2>", "error", "Permission denied"))
        first.on_state(DeviceState("COM3", "disconnected", "unplugged"))

    with qtbot.waitSignals([bridge.state_changed] * 3, timeout=WAIT_MS):
        reader = threading.Thread(target=play)
        reader.start()
        reader.join()

    assert label.describe("COM3") == ("Scanner COM3: disconnected", DISCONNECTED_COLOUR)
    assert label.describe("<gun 2>") == (
        "Scanner <gun 2>: error: Permission denied",
        DISCONNECTED_COLOUR,
    )
    assert label.describe("never seen") == ("", "")
    assert "&lt;gun 2&gt;" in label.text()
    assert label.text().index("COM3") < label.text().index("gun 2")
    bridge.detach_all()
    bridge.detach_all()
    assert (first.stopped, second.stopped) == (1, 1)
