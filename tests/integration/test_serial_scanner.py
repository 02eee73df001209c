"""SerialScanner against a real pseudo-terminal (pyserial opens it as it would /dev/ttyACM0),
against pyserial's ``loop://`` URL, and its framing rules byte by byte."""

from __future__ import annotations

import errno
import itertools
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import serial
from serial.tools.list_ports_common import ListPortInfo

from app.adapters.devices import serial_scanner
from app.adapters.devices.serial_scanner import (
    TRUNCATED,
    PortInfo,
    ScanFramer,
    SerialScanner,
    discover_ports,
)
from app.bootstrap import scanner_sources
from app.domain.barcodes import interpret
from app.domain.errors import InvalidBarcode
from app.services.device_ports import DeviceState, ScannerSource
from app.settings import ConfigError, load_settings
from tests.support.pty_device import PtyDevice

GS = b"\x1d"
GS1_WITH_GS = b"]C10109506000134352" + b"10ABC123" + GS + b"21XYZ9"
WAIT = 5.0  # how long to wait for something that should happen (fails the test if it doesn't)


class Recorder:
    """The two callbacks of a ScannerSource, into queues the test waits on."""

    def __init__(self) -> None:
        self.scans: queue.Queue[str] = queue.Queue()
        self.states: queue.Queue[DeviceState] = queue.Queue()
        self.seen: list[DeviceState] = []
        self.callback_threads: set[threading.Thread] = set()

    def on_scan(self, code: str) -> None:
        self.callback_threads.add(threading.current_thread())
        self.scans.put(code)

    def on_state(self, state: DeviceState) -> None:
        self.callback_threads.add(threading.current_thread())
        self.states.put(state)

    def scan(self, timeout: float = WAIT) -> str:
        try:
            return self.scans.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no scan within {timeout} s; states so far: {self.seen}")

    def take(self, count: int) -> list[str]:
        return [self.scan() for _ in range(count)]

    def state(self, timeout: float = WAIT) -> DeviceState:
        try:
            state = self.states.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no state change within {timeout} s; states so far: {self.seen}")
        self.seen.append(state)
        return state

    def wait_for(self, wanted: str, timeout: float = WAIT) -> DeviceState:
        """Skip states until ``wanted`` comes; return it."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.state(max(0.0, deadline - time.monotonic()))
            if state.state == wanted:
                return state


StartScanner = Callable[..., tuple[SerialScanner, Recorder]]


@pytest.fixture
def device() -> Iterator[PtyDevice]:
    with PtyDevice() as device:
        yield device


@pytest.fixture
def start_scanner() -> Iterator[StartScanner]:
    """Start a SerialScanner (fast backoff unless given) with a Recorder; stopped at the end."""
    started: list[SerialScanner] = []

    def start(port: str, **options: Any) -> tuple[SerialScanner, Recorder]:
        options.setdefault("reconnect_initial_s", 0.02)
        options.setdefault("reconnect_max_s", 0.2)
        scanner = SerialScanner(port, **options)
        recorder = Recorder()
        started.append(scanner)
        scanner.start(recorder.on_scan, recorder.on_state)
        return scanner, recorder

    yield start
    for scanner in started:
        scanner.stop()
        assert not scanner.running


@pytest.fixture
def connected(device: PtyDevice, start_scanner: StartScanner) -> tuple[SerialScanner, Recorder]:
    scanner, recorder = start_scanner(str(device.path))
    assert recorder.state().state == "connected"
    return scanner, recorder


def codes(count: int) -> list[bytes]:
    return [f"4006381{index:05d}X".encode() for index in range(count)]


def test_is_a_scanner_source(device: PtyDevice) -> None:
    source: ScannerSource = SerialScanner(str(device.path), name="Pack scanner")
    assert source.name == "Pack scanner"
    assert SerialScanner(str(device.path)).name == str(device.path)


# --- Scans over a real tty --------------------------------------------------------------------


def test_a_hundred_scans_in_one_write_arrive_in_order_exactly_once(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    scanner, recorder = connected
    sent = codes(100)
    device.write(b"".join(code + b"\r" for code in sent))
    assert recorder.take(100) == [code.decode() for code in sent]
    device.write(b"SENTINEL\r")
    assert recorder.scan() == "SENTINEL"  # nothing doubled before it
    assert recorder.callback_threads == {scanner._thread}
    assert threading.main_thread() not in recorder.callback_threads


@pytest.mark.parametrize(
    ("terminator", "ending"),
    [(b"\r", b"\r"), (b"\r", b"\r\n"), (b"\r\n", b"\r\n"), (b"\n", b"\n"), (b"\n", b"\r\n")],
)
def test_scans_split_across_reads_at_odd_bytes(
    device: PtyDevice,
    start_scanner: StartScanner,
    monkeypatch: pytest.MonkeyPatch,
    terminator: bytes,
    ending: bytes,
) -> None:
    reads: list[bytes] = []
    feed = ScanFramer.feed

    def counting_feed(self: ScanFramer, data: bytes) -> list[str]:
        reads.append(data)
        return feed(self, data)

    monkeypatch.setattr(ScanFramer, "feed", counting_feed)
    _, recorder = start_scanner(str(device.path), terminator=terminator)
    assert recorder.state().state == "connected"
    sent = codes(100)
    stream = b"".join(code + ending for code in sent)
    chunks = _odd_chunks(stream, random.Random(len(ending) * 7 + len(terminator)))
    for chunk in chunks:
        device.write(chunk)
        device.wait_read(settle=0.003)  # the reader has this chunk before the next comes
    assert recorder.take(100) == [code.decode() for code in sent]
    # The premise: the reader really got the stream in pieces, mostly as written.
    assert b"".join(reads) == stream
    assert len(reads) > len(chunks) // 2
    device.write(b"SENTINEL" + ending)
    assert recorder.scan() == "SENTINEL"


def _odd_chunks(data: bytes, rng: random.Random) -> list[bytes]:
    chunks, at = [], 0
    while at < len(data):
        size = rng.choice((1, 2, 3, 5, 7, 11, 13))
        chunks.append(data[at : at + size])
        at += size
    return chunks


def test_gs_survives_and_the_interpreter_reads_the_fields(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    _, recorder = connected
    device.write(GS1_WITH_GS + b"\r")
    code = recorder.scan()
    assert code == GS1_WITH_GS.decode()
    assert "\x1d" in code
    scanned = interpret(code)
    assert (scanned.gtin, scanned.lot, scanned.serial) == ("09506000134352", "ABC123", "XYZ9")


def test_non_utf8_bytes_give_a_refused_scan_and_the_next_scan_is_fine(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    scanner, recorder = connected
    device.write(b"AB\xff\xfeCD\r" + b"\xe9t\xe9\r" + b"4006381333931\r")
    bad = recorder.scan()
    assert bad == "AB\ufffd\ufffdCD"
    with pytest.raises(InvalidBarcode, match="unreadable"):
        interpret(bad)
    assert recorder.scan() == "\ufffdt\ufffd"  # Latin-1 "été"
    assert recorder.scan() == "4006381333931"
    assert scanner.running


def test_a_runaway_line_is_delivered_capped_once_then_reading_resyncs(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    _, recorder = connected
    device.write(b"9" * 3000 + b"\r" + b"4006381333931\r")
    capped = recorder.scan()
    assert capped == "9" * 512 + TRUNCATED
    with pytest.raises(InvalidBarcode, match="too long"):
        interpret(capped)
    assert recorder.scan() == "4006381333931"
    device.write(b"SENTINEL\r")
    assert recorder.scan() == "SENTINEL"  # the rest of the runaway line gave nothing


def test_a_runaway_line_across_many_reads_is_delivered_before_its_end_comes(
    device: PtyDevice, start_scanner: StartScanner
) -> None:
    _, recorder = start_scanner(str(device.path), max_length=64)
    assert recorder.state().state == "connected"
    for _ in range(10):
        device.write(b"Z" * 50)
        device.wait_read()
    capped = recorder.scan()  # delivered while the line is still going on
    assert capped == "Z" * 64 + TRUNCATED
    with pytest.raises(InvalidBarcode):
        interpret(capped)
    device.write(b"ZZZ\r" + b"NEXT\r")
    assert recorder.scan() == "NEXT"


@pytest.mark.allow_error_logs
def test_an_exception_in_on_scan_does_not_stop_the_reader(
    device: PtyDevice, caplog: pytest.LogCaptureFixture
) -> None:
    scanner = SerialScanner(str(device.path))
    got: queue.Queue[str] = queue.Queue()

    def on_scan(code: str) -> None:
        if code == "BOOM":
            raise RuntimeError("slot bug")
        got.put(code)

    connected = threading.Event()
    scanner.start(on_scan, lambda state: connected.set())
    try:
        assert connected.wait(WAIT)
        with caplog.at_level(logging.ERROR):
            device.write(b"BOOM\rAFTER\r")
            assert got.get(timeout=WAIT) == "AFTER"
        assert "on_scan failed" in caplog.text
    finally:
        scanner.stop()


# --- Unplug, replug, stop ---------------------------------------------------------------------


def test_unplug_reports_disconnected_then_reconnecting_and_replug_connects_again(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    _, recorder = connected
    device.write(b"BEFORE\r")
    assert recorder.scan() == "BEFORE"

    device.unplug()
    gone = recorder.state()
    assert gone.state == "disconnected"
    assert gone.device == str(device.path)
    assert "no data" in gone.detail  # pyserial's SerialException on a hung-up line
    assert recorder.state().state == "reconnecting"

    device.replug()
    back = recorder.wait_for("connected")
    assert {state.state for state in recorder.seen[2:-1]} == {"reconnecting"}
    assert back.device == str(device.path)
    device.write(b"AFTER\r")
    assert recorder.scan() == "AFTER"


def test_a_partial_scan_before_unplug_is_not_merged_with_the_next_one(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder], caplog: pytest.LogCaptureFixture
) -> None:
    _, recorder = connected
    with caplog.at_level(logging.WARNING, logger=serial_scanner.__name__):
        device.write(b"40063813")  # cut off: the cable was pulled mid-scan
        device.wait_read()
        device.unplug()
        recorder.wait_for("disconnected")
    assert "dropped a partial scan of 8 bytes" in caplog.text
    device.replug()
    recorder.wait_for("connected")
    device.write(b"4006381333931\r")
    assert recorder.scan() == "4006381333931"
    assert recorder.scans.empty()


def test_unplug_and_replug_several_times(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder]
) -> None:
    _, recorder = connected
    for round_ in range(5):
        device.unplug()
        recorder.wait_for("disconnected")
        device.replug()
        recorder.wait_for("connected")
        device.write(f"ROUND{round_}\r".encode())
        assert recorder.scan() == f"ROUND{round_}"


def test_a_vanished_port_whose_reads_never_fail_is_noticed(
    device: PtyDevice, connected: tuple[SerialScanner, Recorder], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(serial_scanner, "_GONE_CHECK_S", 0.1)
    _, recorder = connected
    device.unlink()  # the line stays up, reads just time out
    gone = recorder.wait_for("disconnected")
    assert "no longer exists" in gone.detail


def test_a_missing_port_at_start_reconnects_when_the_device_appears(
    start_scanner: StartScanner,
) -> None:
    with PtyDevice(plugged=False) as device:
        started = time.monotonic()
        scanner, recorder = start_scanner(str(device.path))
        assert time.monotonic() - started < 0.5  # start returns at once
        waiting = recorder.state()
        assert waiting.state == "reconnecting"
        assert "No such file" in waiting.detail
        device.plug()
        recorder.wait_for("connected")
        device.write(b"HELLO\r")
        assert recorder.scan() == "HELLO"
        scanner.stop()


def test_stop_returns_at_once_while_backing_off(start_scanner: StartScanner) -> None:
    with PtyDevice(plugged=False) as device:
        scanner, recorder = start_scanner(
            str(device.path), reconnect_initial_s=30.0, reconnect_max_s=60.0
        )
        assert recorder.state().state == "reconnecting"
        started = time.monotonic()
        scanner.stop()
        assert time.monotonic() - started < 1.0
        assert not scanner.running
        assert recorder.state() == DeviceState(str(device.path), "disconnected", "stopped")
        scanner.stop()  # twice is fine


def test_stop_while_connected_wakes_the_read_and_closes_the_port(
    device: PtyDevice, start_scanner: StartScanner
) -> None:
    scanner, recorder = start_scanner(str(device.path), read_timeout_s=30.0)
    assert recorder.state().state == "connected"
    started = time.monotonic()
    scanner.stop()
    assert time.monotonic() - started < 1.0
    assert not scanner.running
    assert recorder.state().state == "disconnected"
    # Closed: the port can be opened again (the scanner can be restarted, too).
    scanner.start(recorder.on_scan, recorder.on_state)
    recorder.wait_for("connected")
    device.write(b"AGAIN\r")
    assert recorder.scan() == "AGAIN"


def test_stop_without_start_is_harmless(device: PtyDevice) -> None:
    SerialScanner(str(device.path)).stop()


def test_backoff_doubles_up_to_the_maximum() -> None:
    attempts: list[float] = []
    failed_enough = threading.Event()

    def absent(port: str, **_: Any) -> Any:
        attempts.append(time.monotonic())
        if len(attempts) == 6:
            failed_enough.set()
        raise serial.SerialException(errno.ENOENT, f"could not open port {port}")

    scanner = SerialScanner(
        "/dev/ttyNOPE", reconnect_initial_s=0.05, reconnect_max_s=0.2, serial_factory=absent
    )
    recorder = Recorder()
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        assert failed_enough.wait(WAIT)
    finally:
        scanner.stop()
    gaps = [later - earlier for earlier, later in itertools.pairwise(attempts)]
    for gap, expected in zip(gaps, [0.05, 0.1, 0.2, 0.2, 0.2], strict=False):
        assert expected * 0.9 <= gap < expected + 0.5
    assert recorder.state().state == "reconnecting"  # once, not once per attempt
    assert recorder.state() == DeviceState("/dev/ttyNOPE", "disconnected", "stopped")


def test_permission_denied_is_an_error_state_and_keeps_retrying() -> None:
    calls: list[int] = []
    retried = threading.Event()

    def denied(port: str, **_: Any) -> Any:
        calls.append(1)
        if len(calls) >= 2:
            retried.set()
        raise serial.SerialException(errno.EACCES, f"could not open port {port}: Permission")

    scanner = SerialScanner("/dev/ttyS0", reconnect_initial_s=0.01, serial_factory=denied)
    recorder = Recorder()
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        assert retried.wait(WAIT)
    finally:
        scanner.stop()
    state = recorder.state()
    assert state.state == "error"
    assert "Permission" in state.detail


def test_an_unknown_url_is_an_error_state_not_an_exception(start_scanner: StartScanner) -> None:
    _, recorder = start_scanner("nosuchscheme://x")
    state = recorder.state()
    assert state.state == "error"
    assert "nosuchscheme" in state.detail


# --- The station's [scanner] serial_terminator, wired by bootstrap ------------------------------


@pytest.mark.parametrize(
    ("spelling", "ending"),
    [("lf", b"\n"), ("crlf", b"\r\n"), ("cr", b"\r"), ("suffix:\\u0004", b"\x04")],
    ids=["LF-only scanner", "CRLF scanner", "CR scanner", "EOT suffix"],
)
def test_a_thousand_scans_end_with_the_configured_terminator(
    device: PtyDevice, tmp_path: Path, spelling: str, ending: bytes
) -> None:
    config = tmp_path / "station.toml"
    config.write_text(
        f'[scanner]\nserial_port = "{device.path}"\nserial_terminator = "{spelling}"\n',
        encoding="utf-8",
    )
    [scanner] = scanner_sources(load_settings(config, environ={}))
    recorder = Recorder()
    scanner.start(recorder.on_scan, recorder.on_state)
    try:
        recorder.wait_for("connected")
        sent = codes(1000)
        for start in range(0, len(sent), 100):
            device.write(b"".join(code + ending for code in sent[start : start + 100]))
        assert recorder.take(1000) == [code.decode() for code in sent]
        device.write(b"SENTINEL" + ending)
        assert recorder.scan() == "SENTINEL"
        assert recorder.scans.empty()  # nothing doubled, no empty or partial scans
    finally:
        scanner.stop()


def test_an_unknown_serial_terminator_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "station.toml"
    config.write_text('[scanner]\nserial_terminator = "newline"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_settings(config, environ={})
    assert str(caught.value) == (
        f'config file {config}: [scanner] serial_terminator = "newline": use "cr", "lf", "crlf" '
        'or "suffix:" and 1 to 8 characters that are not letters or digits (e.g. '
        '"suffix:\\u0004")'
    )


# --- pyserial's loop:// -----------------------------------------------------------------------


def test_loop_url(start_scanner: StartScanner) -> None:
    opened: queue.Queue[Any] = queue.Queue()

    def open_loop(url: str, **options: Any) -> Any:
        port = serial.serial_for_url(url, **options)
        opened.put(port)
        return port

    _, recorder = start_scanner("loop://", name="loop scanner", serial_factory=open_loop)
    connected = recorder.state()
    assert (connected.device, connected.state) == ("loop scanner", "connected")
    port = opened.get(timeout=WAIT)
    port.write(b"LOOP1\r" + GS1_WITH_GS + b"\rLO")
    port.write(b"OP2\r")
    assert recorder.take(3) == ["LOOP1", GS1_WITH_GS.decode(), "LOOP2"]


# --- Framing, byte by byte --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terminator", "stream", "expected"),
    [
        (b"\r", b"A1\rB2\r", ["A1", "B2"]),
        (b"\r", b"A1\r\nB2\r\n", ["A1", "B2"]),
        (b"\r", b"A1\r\r\rB2\r", ["A1", "B2"]),  # empty lines are not scans
        (b"\r", b"A1\n\rB2\r", ["A1\n", "B2"]),  # LF kept: not after CR
        (b"\r\n", b"A1\r\nB\r2\r\n", ["A1", "B\r2"]),
        (b"\n", b"A1\nB2\r\n", ["A1", "B2"]),
        (b"\t", b"A1\tB2\r\t", ["A1", "B2\r"]),
        (b"\r", b"]C1\x1d01\x1d\r", ["]C1\x1d01\x1d"]),
        (b"\r", "Größe\r".encode(), ["Größe"]),
    ],
)
def test_framer_at_every_split_point(terminator: bytes, stream: bytes, expected: list[str]) -> None:
    assert ScanFramer(terminator).feed(stream) == expected
    for first in range(len(stream) + 1):
        for second in range(first, len(stream) + 1):
            framer = ScanFramer(terminator)
            got = framer.feed(stream[:first]) + framer.feed(stream[first:second])
            got += framer.feed(stream[second:])
            assert got == expected, (first, second)


@pytest.mark.parametrize("terminator", [b"\r", b"\r\n", b"\n"])
def test_framer_caps_at_max_length(terminator: bytes) -> None:
    framer = ScanFramer(terminator, max_length=8)
    assert framer.feed(b"12345678" + terminator) == ["12345678"]  # exactly the maximum
    assert framer.feed(b"123456789" + terminator) == ["12345678" + TRUNCATED]
    stream = b"X" * 30 + terminator + b"OK" + terminator
    for cut in range(len(stream) + 1):
        framer = ScanFramer(terminator, max_length=8)
        assert framer.feed(stream[:cut]) + framer.feed(stream[cut:]) == [
            "XXXXXXXX" + TRUNCATED,
            "OK",
        ], cut


def test_framer_holds_little_of_a_runaway_line() -> None:
    framer = ScanFramer(b"\r\n", max_length=16)
    assert framer.feed(b"Y" * 100) == ["Y" * 16 + TRUNCATED]
    for _ in range(100):
        assert framer.feed(b"Y" * 1000) == []
    assert framer.pending <= 1
    assert framer.feed(b"\r\nOK\r\n") == ["OK"]


def test_a_multibyte_character_cut_at_the_cap_is_still_refused() -> None:
    framer = ScanFramer(b"\r", max_length=5)
    capped = framer.feed("éééé\r".encode())  # 8 bytes, cut inside the third é
    assert capped == ["éé\ufffd" + TRUNCATED]
    with pytest.raises(InvalidBarcode):
        interpret(capped[0])


def test_bad_settings_are_refused_at_once() -> None:
    with pytest.raises(ValueError, match="terminator"):
        SerialScanner("/dev/ttyACM0", terminator=b"")
    with pytest.raises(ValueError):
        SerialScanner("/dev/ttyACM0", reconnect_initial_s=5, reconnect_max_s=1)


# --- Discovery --------------------------------------------------------------------------------


def test_discover_ports_lists_what_pyserial_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    honeywell = ListPortInfo("/dev/ttyACM0")
    honeywell.description = "Honeywell 1900"
    honeywell.vid, honeywell.pid, honeywell.serial_number = 0x0C2E, 0x0B61, "17123B4C56"
    honeywell.hwid = "USB VID:PID=0C2E:0B61 SER=17123B4C56"
    plain = ListPortInfo("/dev/ttyS0")  # description "n/a", no USB ids
    monkeypatch.setattr(serial.tools.list_ports, "comports", lambda: [plain, honeywell])

    ports = discover_ports()

    assert [port.device for port in ports] == ["/dev/ttyACM0", "/dev/ttyS0"]
    assert ports[0] == PortInfo(
        "/dev/ttyACM0",
        "Honeywell 1900",
        0x0C2E,
        0x0B61,
        "17123B4C56",
        "USB VID:PID=0C2E:0B61 SER=17123B4C56",
    )
    assert ports[0].label == "/dev/ttyACM0 — Honeywell 1900 (0c2e:0b61)"
    assert ports[1].label == "/dev/ttyS0"


def test_discover_ports_on_this_machine() -> None:
    ports = discover_ports()
    assert all(isinstance(port, PortInfo) and port.device for port in ports)
