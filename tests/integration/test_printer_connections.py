"""Printer connections against real sockets, pseudo-terminals and subprocesses.

Network: ``VirtualPrinter`` on 127.0.0.1. Serial: ``VirtualSerialPrinter`` on a pty, opened by
pyserial like any tty. CUPS: a fake ``lp`` shell script on PATH (a real subprocess). USB: there
is no USB bus here, so pyusb is faked (see ``FakePyusb``); python-escpos's ``Usb`` runs
unchanged on top of it. Windows: only the refusal on other systems.
"""

from __future__ import annotations

import errno
import os
import socket
import stat
import sys
import time
import types
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import serial

from app.adapters.devices.printer_connections import (
    USB_DEPENDENCY_HINT,
    Connection,
    CupsRawConnection,
    FileConnection,
    NetworkConnection,
    PrinterStatus,
    SerialConnection,
    UsbConnection,
    WindowsRawConnection,
    _import_escpos_usb,
    connection_from_settings,
    decode_escpos_status,
    parse_zpl_host_status,
)
from app.domain.errors import PrinterProblem
from tests.support.virtual_printer import (
    PAPER_OUT,
    StatusResponder,
    VirtualPrinter,
    VirtualSerialPrinter,
    ZplHostStatus,
)

ESCPOS_JOB = (
    b"\x1b@" + b"Ship to: Erika Mustermann\n" + b"\x1dh\x60\x1dkI\x0f{BRR123456785DE\x1dV\x00"
)
ZPL_JOB = (
    "^XA^CI28^FO40,40^A0N,40,40^FDZoë Ångström^FS"
    "^FO40,120^BCN,100,Y,N,N,D^FD(00)340123450000000018^FS^XZ"
).encode()
EVERY_BYTE = bytes(range(256)) * 64


def assert_takes(elapsed: float, low: float, high: float) -> None:
    assert low <= elapsed < high, f"took {elapsed:.3f} s, expected {low} to {high} s"


# -- PrinterStatus ----------------------------------------------------------------------------


def test_printer_status_flags() -> None:
    assert PrinterStatus("ready", "ready").ok
    assert PrinterStatus("ready").known
    assert not PrinterStatus("paper_out").ok
    assert PrinterStatus("paper_out").known
    unknown = PrinterStatus("unknown", "no reply")
    assert not unknown.ok
    assert not unknown.known
    with pytest.raises(ValueError, match="unknown printer state 'busy'"):
        PrinterStatus("busy")  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        unknown.state = "ready"  # type: ignore[misc]


# -- network: sending -------------------------------------------------------------------------


def test_network_send_delivers_the_exact_bytes() -> None:
    with VirtualPrinter() as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=2.0, name="bench-1")
        printer.send(ESCPOS_JOB)
        printer.send(ZPL_JOB, job_id="job-0002")
        printer.send(EVERY_BYTE)
        jobs = virtual.wait_for_jobs(3)

    assert jobs == [ESCPOS_JOB, ZPL_JOB, EVERY_BYTE]
    assert printer.describe() == f"network 127.0.0.1:{virtual.port}"
    assert printer.two_way


def test_network_send_of_a_large_job_waits_for_the_printer_to_take_it_all() -> None:
    job = os.urandom(4 * 1024 * 1024)
    with VirtualPrinter() as virtual:
        NetworkConnection("127.0.0.1", virtual.port, timeout=5.0).send(job)
        # send returned: the printer has read everything already, nothing is in flight
        assert virtual.jobs == [job]
        virtual.wait_for_jobs(1)


def test_network_refused_is_a_printer_problem_at_once() -> None:
    with VirtualPrinter("refuse") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=3.0, name="bench-1")
        started = time.monotonic()
        with pytest.raises(PrinterProblem) as caught:
            printer.send(ESCPOS_JOB)
        elapsed = time.monotonic() - started

    assert elapsed < 1.0
    message = caught.value.message
    assert message.startswith(f"Printer bench-1 (network 127.0.0.1:{virtual.port}): ")
    assert "refused" in message
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


def test_network_hanging_printer_times_out_instead_of_blocking() -> None:
    with VirtualPrinter("hang") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=0.5, name="bench-1")
        started = time.monotonic()
        with pytest.raises(PrinterProblem, match="timed out"):
            printer.send(b"\x00" * (32 * 1024 * 1024))
        assert_takes(time.monotonic() - started, 0.45, 3.0)


def test_network_printer_dropping_mid_job_is_a_printer_problem() -> None:
    with VirtualPrinter("drop", drop_after=100) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=2.0, name="bench-1")
        # A job far larger than the socket buffers fails while sending ...
        with pytest.raises(PrinterProblem, match=f"network 127.0.0.1:{virtual.port}"):
            printer.send(b"\x00" * (32 * 1024 * 1024))
        # ... and a small one, all of it handed to the OS before the reset, fails too: send
        # waits for the printer to take the job instead of trusting sendall.
        with pytest.raises(PrinterProblem, match="closed the connection"):
            printer.send(b"\x01" * 1000)
        jobs = virtual.wait_for_jobs(2)
    assert jobs == [b"\x00" * 100, b"\x01" * 100]


def test_network_nothing_listening_any_more() -> None:
    with VirtualPrinter() as virtual:
        port = virtual.port
    with pytest.raises(PrinterProblem):
        NetworkConnection("127.0.0.1", port, timeout=1.0).send(b"x")


# -- network: status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("preset", "state", "detail", "requests"),
    [
        ("ready", "ready", "ready", [1, 4]),
        ("paper_low", "ready", "ready, paper near its end", [1, 4]),
        ("offline", "offline", "offline", [1, 2, 4]),
        ("paper_out", "paper_out", "paper out", [1, 2, 4]),
        ("cover_open", "cover_open", "cover open", [1, 2, 4]),
        ("error", "error", "printer error", [1, 2, 4]),
    ],
)
def test_network_escpos_status(preset: str, state: str, detail: str, requests: list[int]) -> None:
    with VirtualPrinter(status_preset=preset) as virtual:
        status = NetworkConnection("127.0.0.1", virtual.port).status("escpos")
        virtual.wait_for_jobs(1)
    assert status.state == state
    assert status.detail.startswith(detail)
    assert virtual.status_requests == requests
    assert virtual.jobs == [b"".join(b"\x10\x04" + bytes([n]) for n in requests)]


def test_network_escpos_paper_out_and_back_to_ready() -> None:
    with VirtualPrinter(status_preset="paper_out") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port)
        assert printer.status("escpos") == PrinterStatus("paper_out", "paper out")
        virtual.set_state("ready")  # paper loaded
        assert printer.status("escpos") == PrinterStatus("ready", "ready")
        virtual.status[4] = PAPER_OUT  # only the paper sensor, printer still online
        assert printer.status("escpos").state == "paper_out"


@pytest.mark.parametrize(
    ("zpl", "state", "detail"),
    [
        (ZplHostStatus(), "ready", "ready"),
        (ZplHostStatus(paper_out=True), "paper_out", "paper (media) out"),
        (ZplHostStatus(paused=True), "offline", "paused"),
        (ZplHostStatus(head_open=True), "cover_open", "print head open"),
        (ZplHostStatus(head_open=True, paused=True), "cover_open", "print head open"),
        (ZplHostStatus(ribbon_out=True), "error", "ribbon out"),
        (ZplHostStatus(over_temperature=True), "error", "print head too hot"),
        (ZplHostStatus(buffer_full=True), "ready", "ready, receive buffer full"),
    ],
)
def test_network_zpl_host_status(zpl: ZplHostStatus, state: str, detail: str) -> None:
    with VirtualPrinter() as virtual:
        virtual.zpl = zpl
        status = NetworkConnection("127.0.0.1", virtual.port).status("zpl")
        virtual.wait_for_jobs(1)
    assert status == PrinterStatus(state, detail)  # type: ignore[arg-type]
    assert virtual.hs_requests == 1
    assert virtual.jobs == [b"~HS"]


@pytest.mark.parametrize(
    ("preset", "state"),
    [
        ("ready", "ready"),
        ("paper_out", "paper_out"),
        ("paused", "offline"),
        ("cover_open", "cover_open"),
    ],
)
def test_network_zpl_presets(preset: str, state: str) -> None:
    with VirtualPrinter(status_preset=preset) as virtual:
        assert NetworkConnection("127.0.0.1", virtual.port).status("ZPL").state == state


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_network_printer_that_never_answers_is_unknown_within_a_second(language: str) -> None:
    with VirtualPrinter(answer_status=False) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=5.0)
        started = time.monotonic()
        status = printer.status(language)
        elapsed = time.monotonic() - started
    assert status.state == "unknown"
    assert "no reply" in status.detail
    assert not status.ok
    assert_takes(elapsed, 0.95, 1.6)


def test_network_hanging_printer_status_is_unknown() -> None:
    with VirtualPrinter("hang") as virtual:
        started = time.monotonic()
        status = NetworkConnection("127.0.0.1", virtual.port).status("escpos")
        assert_takes(time.monotonic() - started, 0.95, 1.6)
    assert status.state == "unknown"


def test_network_refused_status_is_offline_at_once() -> None:
    with VirtualPrinter("refuse") as virtual:
        started = time.monotonic()
        status = NetworkConnection("127.0.0.1", virtual.port).status("zpl")
        assert time.monotonic() - started < 0.5
    assert status.state == "offline"
    assert "refused" in status.detail


def test_network_reply_that_is_no_status_byte_is_unknown() -> None:
    with VirtualPrinter(status={1: 0xFF, 4: 0x12}) as virtual:
        status = NetworkConnection("127.0.0.1", virtual.port).status("escpos")
    assert status == PrinterStatus("unknown", "the reply 0xFF to DLE EOT 1 is not a status byte")


def test_network_status_rejects_an_unknown_language() -> None:
    with pytest.raises(ValueError, match="'escpos' or 'zpl'"):
        NetworkConnection("127.0.0.1", 9100).status("tspl")


# -- decoding, directly -----------------------------------------------------------------------


def test_decode_escpos_status_without_paper_reply_is_never_ready() -> None:
    assert decode_escpos_status(0x12, None).state == "unknown"
    assert decode_escpos_status(0x12 | 0x08, None) == PrinterStatus("offline", "offline")
    assert decode_escpos_status(0x12 | 0x08, 0x12, 0x12 | 0x08).detail == (
        "offline: paper is being fed with the feed button"
    )


@pytest.mark.parametrize(
    "reply",
    [
        b"",
        b"\x02030,0,0,1218,000,0,0,0,000,0,0,0\x03\r\n",  # string 1 only
        b"\x02030,0,0\x03\r\n\x02001,0,0,0\x03\r\n\x021234,0\x03\r\n",  # fields missing
        b"\x02030,X,0,1218,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,0,2,6,0,00000000,1,000\x03\r\n",
    ],
)
def test_parse_zpl_host_status_rejects_what_is_not_a_host_status(reply: bytes) -> None:
    assert parse_zpl_host_status(reply).state == "unknown"


def test_parse_zpl_host_status_of_a_real_printer_reply() -> None:
    # As a ZD420 sends it while paused, with the head closed and media loaded.
    reply = (
        b"\x02030,0,1,0812,000,0,0,0,000,0,0,0\x03\r\n"
        b"\x02001,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"
        b"\x021234,0\x03\r\n"
    )
    assert parse_zpl_host_status(reply) == PrinterStatus("offline", "paused")


# -- serial (pseudo-terminal) -----------------------------------------------------------------


def test_serial_send_delivers_the_exact_bytes() -> None:
    opened: list[dict[str, Any]] = []

    def factory(port: str, **kwargs: Any) -> serial.Serial:
        opened.append({"port": port, **kwargs})
        return serial.serial_for_url(port, **kwargs)

    with VirtualSerialPrinter() as virtual:
        printer = SerialConnection(virtual.path, 115200, timeout=2.0, serial_factory=factory)
        printer.send(ESCPOS_JOB)
        printer.send(EVERY_BYTE, job_id="job-2")
        received = virtual.wait_for_bytes(len(ESCPOS_JOB) + len(EVERY_BYTE))

    assert received == ESCPOS_JOB + EVERY_BYTE
    assert opened[0]["port"] == virtual.path
    assert opened[0]["baudrate"] == 115200
    assert opened[0]["write_timeout"] == 2.0
    assert printer.describe() == f"serial {virtual.path} at 115200 baud"


def test_serial_escpos_status_paper_out_then_ready() -> None:
    with VirtualSerialPrinter(status_preset="paper_out") as virtual:
        printer = SerialConnection(virtual.path, 9600)
        assert printer.status("escpos") == PrinterStatus("paper_out", "paper out")
        virtual.set_state("ready")
        assert printer.status("escpos") == PrinterStatus("ready", "ready")
        virtual.set_state("offline")
        assert printer.status("escpos") == PrinterStatus("offline", "offline")
    assert virtual.status_requests == [1, 2, 4, 1, 4, 1, 2, 4]


def test_serial_zpl_status() -> None:
    with VirtualSerialPrinter(status_preset="cover_open") as virtual:
        printer = SerialConnection(virtual.path, 9600)
        assert printer.status("zpl") == PrinterStatus("cover_open", "print head open")
        virtual.set_state("ready")
        assert printer.status("zpl") == PrinterStatus("ready", "ready")


def test_serial_printer_that_never_answers_is_unknown_within_a_second() -> None:
    with VirtualSerialPrinter(answer_status=False) as virtual:
        printer = SerialConnection(virtual.path, 9600)
        started = time.monotonic()
        status = printer.status("escpos")
        elapsed = time.monotonic() - started
        assert virtual.wait_for_bytes(3) == b"\x10\x04\x01"
    assert status.state == "unknown"
    assert_takes(elapsed, 0.95, 1.6)


def test_serial_echoing_line_is_not_taken_for_a_status() -> None:
    # pyserial's loop:// sends every byte straight back: DLE is no status byte.
    status = SerialConnection("loop://", 9600).status("escpos")
    assert status == PrinterStatus("unknown", "the reply 0x10 to DLE EOT 1 is not a status byte")


def test_serial_printer_that_stops_reading_times_out() -> None:
    with VirtualSerialPrinter("hang") as virtual:
        printer = SerialConnection(virtual.path, 9600, timeout=0.5, name="desk-2")
        started = time.monotonic()
        with pytest.raises(PrinterProblem, match=r"desk-2 .*: timed out"):
            printer.send(b"\x00" * (1024 * 1024))
        assert_takes(time.monotonic() - started, 0.45, 3.0)


def test_serial_port_that_does_not_exist(tmp_path: Path) -> None:
    missing = str(tmp_path / "ttyUSB9")
    printer = SerialConnection(missing, 9600, name="desk-2")
    with pytest.raises(PrinterProblem, match=f"desk-2 \\(serial {missing} at 9600 baud\\)"):
        printer.send(ESCPOS_JOB)
    status = printer.status("escpos")
    assert status.state == "offline"
    assert "cannot open the port" in status.detail


# -- USB (fake pyusb) -------------------------------------------------------------------------


class FakeUSBError(OSError):
    """pyusb's ``usb.core.USBError`` (an IOError)."""


class FakeUSBTimeoutError(FakeUSBError):
    """pyusb's ``usb.core.USBTimeoutError``."""


class FakeNoBackendError(ValueError):
    """pyusb's ``usb.core.NoBackendError``."""


class FakeLibusb1Backend:
    """Looks like pyusb's libusb1 backend to python-escpos (which checks the module name)."""


FakeLibusb1Backend.__module__ = "usb.backend.libusb1"


class FakeUsbPrinter:
    """Stands in for a pyusb ``usb.core.Device``: the calls python-escpos's ``Usb`` and
    ``UsbConnection`` make (kernel driver check, configuration, reset, bulk ``write`` and
    ``read`` with millisecond timeouts). Status requests are answered by a
    ``StatusResponder``, like the network and serial virtual printers."""

    def __init__(self, vendor: int, product: int, responder: StatusResponder) -> None:
        self.idVendor = vendor
        self.idProduct = product
        self.backend = FakeLibusb1Backend()
        self.responder = responder
        self.written = bytearray()
        self.write_calls: list[tuple[int, int]] = []
        self.read_calls: list[tuple[int, int, int]] = []
        self.replies = bytearray()
        self.jammed = False
        self.kernel_driver_detached = False
        self.configured = 0
        self.resets = 0

    def is_kernel_driver_active(self, interface: int) -> bool:
        return not self.kernel_driver_detached

    def detach_kernel_driver(self, interface: int) -> None:
        self.kernel_driver_detached = True

    def set_configuration(self) -> None:
        self.configured += 1

    def reset(self) -> None:
        self.resets += 1

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        self.write_calls.append((endpoint, timeout))
        if self.jammed:
            time.sleep(timeout / 1000)
            raise FakeUSBTimeoutError(errno.ETIMEDOUT, "Operation timed out")
        self.written += data
        self.replies += self.responder.feed(bytes(data))
        return len(data)

    def read(self, endpoint: int, size: int, timeout: int) -> array[int]:
        self.read_calls.append((endpoint, size, timeout))
        if not self.replies:
            time.sleep(timeout / 1000)
            raise FakeUSBTimeoutError(errno.ETIMEDOUT, "Operation timed out")
        reply = bytes(self.replies[:size])
        del self.replies[:size]
        return array("B", reply)


class FakePyusb:
    """A stand-in for the pyusb package (``usb``, ``usb.core``, ``usb.util``) with one
    printer on the bus: ``find`` by vendor and product id, the error classes, and
    ``dispose_resources``. Nothing above pyusb is faked."""

    def __init__(self) -> None:
        self.responder = StatusResponder()
        self.device: FakeUsbPrinter | None = FakeUsbPrinter(0x04B8, 0x0E15, self.responder)
        self.find_calls: list[dict[str, Any]] = []
        self.disposed: list[object] = []
        self.core = types.ModuleType("usb.core")
        self.core.find = self.find  # type: ignore[attr-defined]
        self.core.USBError = FakeUSBError  # type: ignore[attr-defined]
        self.core.USBTimeoutError = FakeUSBTimeoutError  # type: ignore[attr-defined]
        self.core.NoBackendError = FakeNoBackendError  # type: ignore[attr-defined]
        self.util = types.ModuleType("usb.util")
        self.util.dispose_resources = self.disposed.append  # type: ignore[attr-defined]
        self.package = types.ModuleType("usb")
        self.package.core = self.core  # type: ignore[attr-defined]
        self.package.util = self.util  # type: ignore[attr-defined]

    def find(self, **kwargs: Any) -> FakeUsbPrinter | None:
        self.find_calls.append(kwargs)
        device = self.device
        if device and (kwargs["idVendor"], kwargs["idProduct"]) == (
            device.idVendor,
            device.idProduct,
        ):
            return device
        return None


@pytest.fixture
def fake_pyusb(monkeypatch: pytest.MonkeyPatch) -> FakePyusb:
    fake = FakePyusb()
    escpos_usb = _import_escpos_usb()
    monkeypatch.setitem(sys.modules, "usb", fake.package)
    monkeypatch.setitem(sys.modules, "usb.core", fake.core)
    monkeypatch.setitem(sys.modules, "usb.util", fake.util)
    monkeypatch.setattr(escpos_usb, "usb", fake.package, raising=False)
    monkeypatch.setattr(escpos_usb, "_DEP_USB", True)
    return fake


@pytest.fixture
def usb_connections() -> Iterator[list[Connection]]:
    """Connections to close before the fake pyusb is taken away again."""
    made: list[Connection] = []
    yield made
    for connection in made:
        connection.close()


def test_usb_send_goes_through_python_escpos_to_the_bulk_endpoint(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15, timeout=2.5, name="desk-4")
    usb_connections.append(printer)
    printer.send(ESCPOS_JOB)
    printer.send(ZPL_JOB, job_id="job-2")

    device = fake_pyusb.device
    assert device is not None
    assert bytes(device.written) == ESCPOS_JOB + ZPL_JOB
    assert device.write_calls == [(0x01, 2500), (0x01, 2500)]  # OUT endpoint, milliseconds
    # opened once, the way python-escpos does it: usblp detached, configured, reset
    assert fake_pyusb.find_calls == [{"idVendor": 0x04B8, "idProduct": 0x0E15}]
    assert device.kernel_driver_detached
    assert (device.configured, device.resets) == (1, 1)
    printer.close()
    assert fake_pyusb.disposed == [device]
    assert printer.describe() == "USB 04b8:0e15"


def test_usb_status_asks_over_the_in_endpoint(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15)
    usb_connections.append(printer)
    fake_pyusb.responder.set_state("paper_out")
    assert printer.status("escpos") == PrinterStatus("paper_out", "paper out")
    fake_pyusb.responder.set_state("ready")
    assert printer.status("escpos") == PrinterStatus("ready", "ready")
    fake_pyusb.responder.set_state("cover_open")
    assert printer.status("zpl") == PrinterStatus("cover_open", "print head open")
    device = fake_pyusb.device
    assert device is not None
    assert {endpoint for endpoint, _, _ in device.read_calls} == {0x82}


def test_usb_printer_that_never_answers_is_unknown_within_a_second(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15)
    usb_connections.append(printer)
    fake_pyusb.responder.answer_status = False
    started = time.monotonic()
    status = printer.status("escpos")
    assert_takes(time.monotonic() - started, 0.95, 1.6)
    assert status.state == "unknown"


def test_usb_write_timeout_is_a_printer_problem_and_the_device_is_reopened(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15, timeout=0.3)
    usb_connections.append(printer)
    device = fake_pyusb.device
    assert device is not None
    device.jammed = True
    started = time.monotonic()
    with pytest.raises(PrinterProblem, match="timed out"):
        printer.send(ESCPOS_JOB)
    assert_takes(time.monotonic() - started, 0.25, 1.5)
    device.jammed = False
    printer.send(b"again")
    assert bytes(device.written) == b"again"
    assert len(fake_pyusb.find_calls) == 2


def test_usb_printer_not_plugged_in(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    fake_pyusb.device = None
    printer = UsbConnection(0x04B8, 0x0E15, name="desk-4")
    usb_connections.append(printer)
    with pytest.raises(PrinterProblem, match=r"desk-4 \(USB 04b8:0e15\): not found"):
        printer.send(ESCPOS_JOB)
    status = printer.status("escpos")
    assert status.state == "offline"
    assert status.detail.startswith("not found: is it plugged in and switched on?")


def test_usb_without_pyusb_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, usb_connections: list[Connection]
) -> None:
    # The project's environment has no pyusb; make sure of it for this test.
    monkeypatch.setattr(_import_escpos_usb(), "_DEP_USB", False)
    printer = UsbConnection(0x04B8, 0x0E15)
    usb_connections.append(printer)
    with pytest.raises(PrinterProblem, match="pip install pyusb libusb-package"):
        printer.send(ESCPOS_JOB)
    assert printer.status("escpos") == PrinterStatus("error", USB_DEPENDENCY_HINT)


# -- CUPS (a fake lp on PATH) -----------------------------------------------------------------

FAKE_LP = """#!/bin/sh
# A stand-in for CUPS's lp: records its arguments and the job, and behaves by queue name.
printf '%s\\n' "$@" > "{record}/args"
cat > "{record}/stdin"
case "$2" in
  missing) echo 'lp: The printer or class does not exist.' >&2; exit 1 ;;
  broken) echo 'lp: Unable to connect to server' >&2; exit 1 ;;
  slow) exec sleep 30 ;;
esac
echo "request id is $2-17 (1 file(s))"
"""


@pytest.fixture
def fake_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake ``lp`` first on PATH; returns the folder where it records each call."""
    bin_dir = tmp_path / "bin"
    record = tmp_path / "lp-record"
    bin_dir.mkdir()
    record.mkdir()
    script = bin_dir / "lp"
    script.write_text(FAKE_LP.replace("{record}", str(record)))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    return record


def test_cups_sends_the_job_raw_to_the_queue(fake_lp: Path) -> None:
    printer = CupsRawConnection("Zebra_ZD420")
    printer.send(ZPL_JOB, job_id="job-0042")
    assert (fake_lp / "stdin").read_bytes() == ZPL_JOB
    assert (fake_lp / "args").read_text().splitlines() == [
        "-d",
        "Zebra_ZD420",
        "-o",
        "raw",
        "-t",
        "job-0042",
    ]
    printer.send(EVERY_BYTE)
    assert (fake_lp / "stdin").read_bytes() == EVERY_BYTE
    assert printer.describe() == "CUPS queue Zebra_ZD420 (raw)"


def test_cups_unknown_queue(fake_lp: Path) -> None:
    with pytest.raises(
        PrinterProblem,
        match=r"CUPS has no queue 'missing' \(lp: The printer or class does not exist\.\)",
    ):
        CupsRawConnection("missing", name="desk-5").send(ESCPOS_JOB)


def test_cups_other_failure(fake_lp: Path) -> None:
    with pytest.raises(PrinterProblem, match="lp failed: lp: Unable to connect to server"):
        CupsRawConnection("broken").send(ESCPOS_JOB)


def test_cups_lp_that_does_not_finish_times_out(fake_lp: Path) -> None:
    started = time.monotonic()
    with pytest.raises(PrinterProblem, match=r"timed out: lp did not finish within 0\.5 s"):
        CupsRawConnection("slow", timeout=0.5).send(ESCPOS_JOB)
    assert_takes(time.monotonic() - started, 0.45, 3.0)


def test_cups_without_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(PrinterProblem, match="'lp' is not installed"):
        CupsRawConnection("Zebra_ZD420").send(ESCPOS_JOB)


def test_cups_is_one_way(fake_lp: Path) -> None:
    printer = CupsRawConnection("Zebra_ZD420")
    assert not printer.two_way
    status = printer.status("zpl")
    assert status.state == "unknown"
    assert not (fake_lp / "args").exists()  # nothing was run to find that out


@pytest.mark.parametrize("queue", ["", "-o evil", "two words", "a/b", "Q#1"])
def test_cups_queue_names_that_would_be_options_or_paths_are_refused(queue: str) -> None:
    with pytest.raises(ValueError, match="not a CUPS queue name"):
        CupsRawConnection(queue)


# -- Windows ----------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="tests the refusal on other systems")
def test_windows_printer_is_refused_elsewhere() -> None:
    with pytest.raises(ValueError, match="can only be used on Windows"):
        WindowsRawConnection("ZDesigner ZD420-203dpi ZPL")
    with pytest.raises(ValueError, match="can only be used on Windows"):
        connection_from_settings("windows", "ZDesigner ZD420-203dpi ZPL", Path("."))


# -- file -------------------------------------------------------------------------------------


def test_file_connection_writes_one_file_per_job(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    printer = FileConnection(spool)
    printer.send(ESCPOS_JOB, job_id="job-0001")
    printer.send(ZPL_JOB)
    printer.send(ZPL_JOB)

    files = sorted(spool.iterdir())
    assert (spool / "job-0001.bin").read_bytes() == ESCPOS_JOB
    assert len(files) == 3  # the two jobs without an id got distinct names
    assert [f.read_bytes() for f in files if f.name != "job-0001.bin"] == [ZPL_JOB, ZPL_JOB]
    assert not [f for f in files if f.name.startswith(".")]  # no temporary files left
    assert not printer.two_way


def test_file_connection_replaces_a_job_file_atomically(tmp_path: Path) -> None:
    printer = FileConnection(tmp_path, suffix=".zpl")
    printer.send(b"old job", job_id="job-7")
    path = tmp_path / "job-7.zpl"
    with path.open("rb") as reader_of_the_old_file:
        old_inode = path.stat().st_ino
        printer.send(b"new job", job_id="job-7")
        # A reader that had the old file open still reads all of the old job: the new job
        # was written elsewhere and renamed over it, never written into it.
        assert reader_of_the_old_file.read() == b"old job"
    assert path.read_bytes() == b"new job"
    assert path.stat().st_ino != old_inode


def test_file_connection_failure_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PrinterProblem, match="No space left on device"):
        FileConnection(tmp_path, name="file").send(ESCPOS_JOB, job_id="job-1")
    assert list(tmp_path.iterdir()) == []


def test_file_connection_job_id_must_be_a_plain_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"job id '\.\./escape' is not usable"):
        FileConnection(tmp_path).send(b"x", job_id="../escape")
    assert list(tmp_path.iterdir()) == []


def test_file_connection_status(tmp_path: Path) -> None:
    assert FileConnection(tmp_path).status("escpos") == PrinterStatus(
        "ready", "ready (writable folder)"
    )
    assert FileConnection(tmp_path / "new" / "spool").status("zpl").state == "ready"
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    broken = FileConnection(blocker / "spool", name="desk-3")
    status = broken.status("escpos")
    assert status.state == "error"
    assert "not-a-folder is not a folder" in status.detail
    with pytest.raises(PrinterProblem, match="desk-3"):
        broken.send(b"x")


# -- settings ---------------------------------------------------------------------------------


def test_connection_from_settings(tmp_path: Path) -> None:
    network = connection_from_settings("network", "10.0.4.21:9101", tmp_path, timeout=3.0)
    assert isinstance(network, NetworkConnection)
    assert (network.host, network.port, network.timeout) == ("10.0.4.21", 9101, 3.0)
    assert network.describe() == "network 10.0.4.21:9101"

    default_port = connection_from_settings(" Network ", " printer-3.local ", tmp_path)
    assert isinstance(default_port, NetworkConnection)
    assert (default_port.host, default_port.port) == ("printer-3.local", 9100)

    v6 = connection_from_settings("network", "[fe80::1]:9100", tmp_path)
    assert isinstance(v6, NetworkConnection)
    assert v6.host == "fe80::1"
    assert v6.describe() == "network [fe80::1]:9100"

    tty = connection_from_settings("serial", "/dev/ttyUSB0@115200", tmp_path, timeout=2.0)
    assert isinstance(tty, SerialConnection)
    assert (tty.port, tty.baudrate, tty.timeout) == ("/dev/ttyUSB0", 115200, 2.0)
    com = connection_from_settings("serial", "COM3@9600", tmp_path)
    assert isinstance(com, SerialConnection)
    assert (com.port, com.baudrate) == ("COM3", 9600)
    plain = connection_from_settings("serial", "/dev/ttyS0", tmp_path)
    assert isinstance(plain, SerialConnection)
    assert (plain.port, plain.baudrate) == ("/dev/ttyS0", 9600)

    usb = connection_from_settings("usb", "04b8:0e15", tmp_path, timeout=4.0)
    assert isinstance(usb, UsbConnection)
    assert (usb.vendor_id, usb.product_id, usb.timeout) == (0x04B8, 0x0E15, 4.0)
    usb_hex = connection_from_settings("usb", "0x0A5F:0x0164", tmp_path)
    assert isinstance(usb_hex, UsbConnection)
    assert (usb_hex.vendor_id, usb_hex.product_id) == (0x0A5F, 0x0164)

    cups = connection_from_settings("cups", "Zebra_ZD420", tmp_path)
    assert isinstance(cups, CupsRawConnection)
    assert cups.queue == "Zebra_ZD420"

    file = connection_from_settings("file", "", tmp_path, name="desk-1")
    assert isinstance(file, FileConnection)
    assert (file.directory, file.name) == (tmp_path, "desk-1")


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("bluetooth", "x", "unknown printer kind 'bluetooth': use one of network, serial"),
        ("network", "", "a network printer needs a target"),
        ("network", "host:port", "is not host:port"),
        ("network", "host:70000", "no valid port"),
        ("network", "[fe80::1", "is not host:port"),
        ("serial", "/dev/ttyUSB0@fast", "is not PORT or PORT@BAUD"),
        ("serial", "@9600", "is not PORT or PORT@BAUD"),
        ("serial", "/dev/ttyUSB0@0", "is not PORT or PORT@BAUD"),
        ("usb", "04b8", "is not VENDOR:PRODUCT"),
        ("usb", "04b8:zz15", "is not VENDOR:PRODUCT"),
        ("usb", "0000:0e15", "is not VENDOR:PRODUCT"),
        ("cups", "-o raw", "not a CUPS queue name"),
        ("cups", "", "a cups printer needs a target"),
    ],
)
def test_connection_from_settings_rejects(
    tmp_path: Path, kind: str, target: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        connection_from_settings(kind, target, tmp_path)


def test_every_connection_names_the_printer_in_its_problems(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        printer = NetworkConnection("127.0.0.1", port, name="Packtisch 3")
        with pytest.raises(PrinterProblem) as caught:
            printer.send(b"x")
    assert caught.value.message.startswith(f"Printer Packtisch 3 (network 127.0.0.1:{port}): ")
    assert repr(printer) == f"<NetworkConnection 'Packtisch 3': network 127.0.0.1:{port}>"
