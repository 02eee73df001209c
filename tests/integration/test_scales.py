"""Serial scale drivers against a scale played on a real pseudo-terminal (pyserial opens it as
it would /dev/ttyUSB0): per protocol, a stable weight, motion then settling, overload,
underload, line noise, no answer, unplug and replug; NCI's 7E1 framing; the simulated scale."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import serial

from app.adapters.devices.scales import SerialScale, SimulatedScale, make_scale
from app.adapters.devices.scales.protocols import make_protocol
from app.domain.weighing import ReadingKind, ScaleReading
from app.services.device_ports import DeviceState
from app.services.scale_ports import ScaleSource
from tests.support.fake_scale import FakeScale

WAIT = 5.0
SERIAL = ("mt-sics", "sma", "nci", "pattern")


class Readings:
    """A ScaleSource's two callbacks, into queues the test waits on."""

    def __init__(self) -> None:
        self.readings: queue.Queue[ScaleReading] = queue.Queue()
        self.states: queue.Queue[DeviceState] = queue.Queue()
        self.seen: list[ScaleReading] = []
        self.threads: set[threading.Thread] = set()

    def on_reading(self, reading: ScaleReading) -> None:
        self.threads.add(threading.current_thread())
        self.readings.put(reading)

    def on_state(self, state: DeviceState) -> None:
        self.states.put(state)

    def until(self, wanted: Callable[[ScaleReading], bool], timeout: float = WAIT) -> ScaleReading:
        """Skip readings until one is ``wanted``; return it."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                reading = self.readings.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no such reading within {timeout} s; seen: {self.seen[-8:]}")
            self.seen.append(reading)
            if wanted(reading):
                return reading

    def state(self, wanted: str, timeout: float = WAIT) -> DeviceState:
        deadline = time.monotonic() + timeout
        while True:
            try:
                state = self.states.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no state {wanted!r} within {timeout} s")
            if state.state == wanted:
                return state


def stable(grams: int) -> Callable[[ScaleReading], bool]:
    return lambda reading: reading.stable and reading.grams == grams


def kind(wanted: ReadingKind) -> Callable[[ScaleReading], bool]:
    return lambda reading: reading.kind is wanted


Start = Callable[..., tuple[SerialScale, Readings]]


@pytest.fixture(params=SERIAL)
def fake(request: pytest.FixtureRequest) -> Iterator[FakeScale]:
    with FakeScale(request.param, parity_bits=request.param == "nci") as scale:
        yield scale


@pytest.fixture
def start() -> Iterator[Start]:
    started: list[SerialScale] = []

    def run(fake: FakeScale, **options: Any) -> tuple[SerialScale, Readings]:
        options.setdefault("reconnect_initial_s", 0.02)
        options.setdefault("reconnect_max_s", 0.2)
        scale = make_scale(fake.protocol, str(fake.path), **options)
        assert isinstance(scale, SerialScale)
        readings = Readings()
        started.append(scale)
        scale.start(readings.on_reading, readings.on_state)
        return scale, readings

    yield run
    for scale in started:
        scale.stop()
        assert not scale.running


def test_is_a_scale_source(fake: FakeScale) -> None:
    source: ScaleSource = make_scale(fake.protocol, str(fake.path), name="Pack scale")
    assert source.name == "Pack scale"


def test_stable_weight(fake: FakeScale, start: Start) -> None:
    fake.settle(1234)
    scale, readings = start(fake)
    assert readings.state("connected").detail.endswith(fake.protocol)
    assert readings.until(lambda r: r.kind is not ReadingKind.DISCONNECTED) == (
        ScaleReading.weighed(1234, stable=True)
    )
    assert readings.threads == {scale._thread}


def test_motion_then_settle_publishes_moving_then_the_stable_weight(
    fake: FakeScale, start: Start
) -> None:
    fake.set("moving", 1180)
    _, readings = start(fake)
    moving = readings.until(kind(ReadingKind.MOVING))
    assert moving.grams == 1180 and not moving.stable
    fake.set("moving", 1251)
    assert readings.until(kind(ReadingKind.MOVING)).grams == 1251
    fake.settle(1234)
    readings.until(stable(1234))
    # Nothing stable was published before it settled.
    assert [r for r in readings.seen if r.stable] == [ScaleReading.weighed(1234, stable=True)]


def test_overload_and_underload_are_no_weight(fake: FakeScale, start: Start) -> None:
    _, readings = start(fake)
    readings.until(stable(0))
    fake.set("overload")
    assert "take the parcel off" in readings.until(kind(ReadingKind.OVERLOAD)).detail
    fake.set("underload")
    assert "zero the scale" in readings.until(kind(ReadingKind.UNDERLOAD)).detail
    fake.settle(800)
    readings.until(stable(800))


@pytest.mark.parametrize("protocol", ["mt-sics", "sma", "nci"])  # CAS frames have no fault flag
def test_a_fault_is_an_error(protocol: str, start: Start) -> None:
    with FakeScale(protocol) as fake:
        _, readings = start(fake)
        readings.until(stable(0))
        fake.set("error")
        assert readings.until(kind(ReadingKind.ERROR)).detail
        fake.settle(10)
        readings.until(stable(10))


def test_garbage_is_ignored(fake: FakeScale, start: Start) -> None:
    scale, readings = start(fake)
    readings.until(stable(0))
    noise = [b"\x00\xff\xfe garbage \r\n", b"S X 12 kg\r\n", b"\n?? 1G\r", b"\x03", b"ST,GS\r\n"]
    fake.set("silent")
    for chunk in noise:
        fake.inject(chunk)
    fake.settle(2500)
    readings.until(stable(2500))
    assert scale.protocol.garbage >= 1
    fake.inject(b"#noise#ST,GS,+   9.999kg\r\n" if fake.protocol == "pattern" else b"junk\r\n")
    fake.settle(2600)
    readings.until(stable(2600))
    assert all(r.kind in (ReadingKind.STABLE, ReadingKind.NO_ANSWER) for r in readings.seen), (
        readings.seen
    )


def test_no_answer_is_reported_and_polling_goes_on(fake: FakeScale, start: Start) -> None:
    fake.set("silent")
    _, readings = start(fake, reply_timeout_s=0.05, no_answer_polls=2)
    assert "check" in readings.until(kind(ReadingKind.NO_ANSWER)).detail
    fake.settle(321)
    readings.until(stable(321))


def test_unplug_and_replug(fake: FakeScale, start: Start) -> None:
    fake.settle(1000)
    _, readings = start(fake)
    readings.until(stable(1000))
    for grams in (1100, 1200, 1300):
        fake.unplug()
        readings.state("disconnected")
        readings.state("reconnecting")
        readings.until(kind(ReadingKind.DISCONNECTED))
        fake.replug()
        fake.settle(grams)
        readings.state("connected")
        readings.until(stable(grams))


def test_stop_during_backoff_is_prompt(fake: FakeScale, start: Start) -> None:
    fake.unplug()
    scale, readings = start(fake, reconnect_initial_s=5.0, reconnect_max_s=5.0)
    readings.state("reconnecting")
    began = time.monotonic()
    scale.stop()
    assert time.monotonic() - began < 1.0
    assert not scale.running


# --- NCI framing -------------------------------------------------------------------------------


def test_nci_asks_for_7e1_and_reads_parity_bits() -> None:
    """NCI scales talk 7E1. The driver asks the port for 7 data bits and even parity; where
    the port refuses (this machine's ptys refuse CS7 and PARENB), it reads 8N1, which has the
    same 10-bit frame, and masks the parity bit the scale sends in bit 7."""
    asked: list[dict[str, Any]] = []

    def factory(port: str, **settings: Any) -> Any:
        asked.append(settings)
        return serial.serial_for_url(port, **settings)

    with FakeScale("nci", parity_bits=True) as fake:
        fake.settle(1234)
        scale = SerialScale(
            str(fake.path), make_protocol("nci"), serial_factory=factory, reconnect_initial_s=0.02
        )
        readings = Readings()
        scale.start(readings.on_reading, readings.on_state)
        try:
            connected = readings.state("connected")
            readings.until(stable(1234))
        finally:
            scale.stop()
    assert (asked[0]["bytesize"], asked[0]["parity"]) == (7, "E")
    if len(asked) > 1:  # the port refused 7E1
        assert (asked[1]["bytesize"], asked[1]["parity"]) == (8, "N")
        assert "8N1 (7E1 refused by the port)" in connected.detail
    else:
        assert "7E1" in connected.detail


def test_nci_in_pounds() -> None:
    with FakeScale("nci", unit="lb") as fake:
        fake.settle(1247)  # sent as 2.75 lb = 1247.379 g
        scale = make_scale("nci", str(fake.path))
        readings = Readings()
        scale.start(readings.on_reading, readings.on_state)
        try:
            readings.until(stable(1247))
        finally:
            scale.stop()


def test_pattern_resyncs_when_connected_mid_frame() -> None:
    with FakeScale("pattern") as fake:
        fake.set("silent")
        scale = make_scale(
            "pattern", str(fake.path), pattern=r"(?P<weight>[\d.]+)(?P<unit>kg) (?P<status>ST|US)"
        )
        readings = Readings()
        scale.start(readings.on_reading, readings.on_state)
        try:
            readings.state("connected")
            fake.inject(b"2.500kg ST\r\n12.500kg ST\r\n")
            first = readings.until(lambda r: r.kind is not ReadingKind.DISCONNECTED)
        finally:
            scale.stop()
    assert first == ScaleReading.weighed(12500, stable=True)


# --- The simulated scale ------------------------------------------------------------------------


def test_simulated_scale_moves_then_settles_on_the_expected_weight() -> None:
    scale = SimulatedScale(motion_steps=3, step_s=0.01, noise_g=0)
    source: ScaleSource = scale
    readings = Readings()
    source.start(readings.on_reading, readings.on_state)
    try:
        readings.state("connected")
        readings.until(stable(0))
        scale.set_expected(1450)
        readings.until(stable(1450))
        assert [r.kind for r in readings.seen[1:]] == [ReadingKind.MOVING] * 3 + [
            ReadingKind.STABLE
        ]
        scale.set_reading(ScaleReading(ReadingKind.OVERLOAD, detail="test"))
        readings.until(kind(ReadingKind.OVERLOAD))
        scale.clear()
        readings.until(stable(0))
    finally:
        source.stop()
    readings.state("disconnected")
    assert not scale.running


def test_the_demos_simulated_scale_moves_first_and_reads_with_a_little_noise() -> None:
    """As the demo wires it (no options): a moving phase, then a stable weight near the
    expected one, inside the weight check's tolerance but not always exactly on it."""
    from app.adapters.devices.scales.simulated import noise_for
    from app.domain.weight_check import Tolerance

    scale = SimulatedScale(step_s=0.005, seed=7)
    readings = Readings()
    scale.start(readings.on_reading, readings.on_state)
    settled: list[int] = []
    try:
        readings.until(stable(0))
        for expected in (1450, 1450, 1450, 1450, 1450, 1450, 320, 320, 320, 320):
            readings.seen.clear()
            scale.set_expected(expected)
            reading = readings.until(lambda r: r.stable)
            kinds = [r.kind for r in readings.seen]
            assert kinds == [ReadingKind.MOVING] * 5 + [ReadingKind.STABLE]
            moving = [r.grams for r in readings.seen[:-1]]
            assert moving[0] is not None and abs(moving[0] - expected) > 20  # it sways first
            assert reading.grams is not None
            assert abs(reading.grams - expected) <= noise_for(expected)
            assert abs(reading.grams - expected) <= Tolerance().allowance(expected)
            settled.append(reading.grams)
        scale.clear()
        readings.until(stable(0))
    finally:
        scale.stop()
    assert noise_for(1450) == 7 and noise_for(320) == 1 and noise_for(50_000) == 8
    assert set(settled[:6]) != {1450}  # not always the expected weight to the gram


def test_the_simulated_scale_reads_off_weight_by_its_offset() -> None:
    scale = make_scale("simulated", "", offset_g=-400)
    assert isinstance(scale, SimulatedScale)
    scale.step_s = 0.005
    readings = Readings()
    scale.start(readings.on_reading, readings.on_state)
    try:
        readings.until(stable(0))
        scale.set_expected(1450)
        reading = readings.until(lambda r: r.stable)
        assert reading.grams is not None and abs(reading.grams - 1050) <= 7
        scale.clear()
        readings.until(stable(0))  # the empty platter reads 0 g whatever the offset
    finally:
        scale.stop()
