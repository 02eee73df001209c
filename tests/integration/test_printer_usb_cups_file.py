"""USB, CUPS, Windows and folder connections.

USB: there is no USB bus here, so pyusb is faked (see ``FakePyusb``); python-escpos's ``Usb``
runs unchanged on top of it, and the status questions before and after each job are answered
by a ``StatusResponder``. CUPS: a fake ``lp`` shell script on PATH (a real subprocess).
Windows: only the refusal on other systems. Folder: real files.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
import types
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.adapters.devices.printers import (
    Connection,
    CupsRawConnection,
    FileConnection,
    UsbConnection,
    WindowsRawConnection,
    connection_from_settings,
)
from app.adapters.devices.printers.connection import DEFAULT_STATUS_TIMEOUT
from app.adapters.devices.printers.usb import USB_DEPENDENCY_HINT, import_escpos_usb
from app.domain.errors import PrinterProblem
from app.domain.printing import PrinterCondition, PrinterState
from tests.support.virtual_printer import StatusResponder, payload

ESCPOS_JOB = (
    b"\x1b@" + b"Ship to: Erika Mustermann\n" + b"\x1dh\x60\x1dkI\x0f{BRR123456785DE\x1dV\x00"
)
ZPL_JOB = (
    "^XA^CI28^FO40,40^A0N,40,40^FDZoë Ångström^FS"
    "^FO40,120^BCN,100,Y,N,N,D^FD(00)340123450000000018^FS^XZ"
).encode()
EVERY_BYTE = bytes(range(256)) * 64
ASK_ESCPOS = b"\x10\x04\x01\x10\x04\x04"


ASK_S = DEFAULT_STATUS_TIMEOUT  # how long a printer has to answer a status question


def assert_takes(elapsed: float, low: float, high: float) -> None:
    assert low <= elapsed < high, f"took {elapsed:.3f} s, expected {low} to {high} s"


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
        #: Writes longer than this time out (status requests are 3 bytes): a printer that
        #: answers but cannot take a job.
        self.jam_writes_over: int | None = None
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
        if self.jammed or (self.jam_writes_over is not None and len(data) > self.jam_writes_over):
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
    escpos_usb = import_escpos_usb()
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
    device = fake_pyusb.device
    assert device is not None
    seen: list[bytes] = []
    printer.send(ESCPOS_JOB, on_sending=lambda: seen.append(bytes(device.written)))
    printer.send(EVERY_BYTE, job_id="job-2")

    assert seen == [ASK_ESCPOS]  # asked and answered "ready" before the first job byte
    expected = ASK_ESCPOS + ESCPOS_JOB + ASK_ESCPOS + ASK_ESCPOS + EVERY_BYTE + ASK_ESCPOS
    assert bytes(device.written) == expected
    # every write to the OUT endpoint, with the timeout in milliseconds
    assert {call for call in device.write_calls} == {(0x01, 2500)}
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
    assert printer.status("escpos") == PrinterState(PrinterCondition.PAPER_OUT, "paper out")
    fake_pyusb.responder.set_state("ready")
    assert printer.status("escpos") == PrinterState(PrinterCondition.READY, "ready")
    fake_pyusb.responder.set_state("cover_open")
    assert printer.status("zpl") == PrinterState(PrinterCondition.COVER_OPEN, "print head open")
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
    assert_takes(time.monotonic() - started, ASK_S - 0.05, ASK_S + 0.6)
    assert status.state == "unknown"


def test_usb_write_timeout_is_a_printer_problem_and_the_device_is_reopened(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15, timeout=0.3)
    usb_connections.append(printer)
    device = fake_pyusb.device
    assert device is not None
    device.jam_writes_over = 3  # answers status requests, cannot take a job
    sending: list[int] = []
    started = time.monotonic()
    with pytest.raises(PrinterProblem, match="timed out") as caught:
        printer.send(ESCPOS_JOB, on_sending=lambda: sending.append(1))
    assert_takes(time.monotonic() - started, 0.25, 1.5)
    assert caught.value.bytes_sent is True
    assert "check whether the label came out" in caught.value.message
    assert sending == [1]
    device.jam_writes_over = None
    device.written.clear()
    printer.send(b"again")
    assert payload(bytes(device.written)) == b"again"
    assert len(fake_pyusb.find_calls) == 2


def test_usb_printer_that_never_answers_gets_nothing(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15, name="desk-4")
    usb_connections.append(printer)
    fake_pyusb.responder.answer_status = False
    sending: list[int] = []
    with pytest.raises(PrinterProblem, match="no status before the job") as caught:
        printer.send(ESCPOS_JOB, on_sending=lambda: sending.append(1))
    assert (caught.value.bytes_sent, sending) == (False, [])
    device = fake_pyusb.device
    assert device is not None
    assert payload(bytes(device.written)) == b""


def test_usb_printer_out_of_paper_gets_nothing(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    printer = UsbConnection(0x04B8, 0x0E15, language="zpl")
    usb_connections.append(printer)
    fake_pyusb.responder.set_state("paper_out")
    with pytest.raises(PrinterProblem, match=r"paper \(media\) out") as caught:
        printer.send(ZPL_JOB)
    assert caught.value.bytes_sent is False
    device = fake_pyusb.device
    assert device is not None
    assert bytes(device.written) == b"~HS"


def test_usb_printer_not_plugged_in(
    fake_pyusb: FakePyusb, usb_connections: list[Connection]
) -> None:
    fake_pyusb.device = None
    printer = UsbConnection(0x04B8, 0x0E15, name="desk-4")
    usb_connections.append(printer)
    with pytest.raises(PrinterProblem, match=r"desk-4 \(USB 04b8:0e15\): not found") as caught:
        printer.send(ESCPOS_JOB, on_sending=pytest.fail)
    assert caught.value.bytes_sent is False
    status = printer.status("escpos")
    assert status.state == "offline"
    assert status.detail.startswith("not found: is it plugged in and switched on?")


def test_usb_without_pyusb_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, usb_connections: list[Connection]
) -> None:
    # The project's environment has no pyusb; make sure of it for this test.
    monkeypatch.setattr(import_escpos_usb(), "_DEP_USB", False)
    printer = UsbConnection(0x04B8, 0x0E15)
    usb_connections.append(printer)
    with pytest.raises(PrinterProblem, match="pip install pyusb libusb-package"):
        printer.send(ESCPOS_JOB)
    assert printer.status("escpos") == PrinterState(PrinterCondition.ERROR, USB_DEPENDENCY_HINT)


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
    before_lp_ran: list[bool] = []
    printer.send(
        ZPL_JOB,
        job_id="job-0042",
        on_sending=lambda: before_lp_ran.append(not (fake_lp / "stdin").exists()),
    )
    assert before_lp_ran == [True]
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
    with pytest.raises(
        PrinterProblem, match=r"timed out: lp did not finish within 0\.5 s"
    ) as caught:
        CupsRawConnection("slow", timeout=0.5).send(ESCPOS_JOB)
    assert_takes(time.monotonic() - started, 0.45, 3.0)
    assert caught.value.bytes_sent is True  # lp may have queued it: a person must look


def test_cups_without_lp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(PrinterProblem, match="'lp' is not installed") as caught:
        CupsRawConnection("Zebra_ZD420").send(ESCPOS_JOB, on_sending=pytest.fail)
    assert caught.value.bytes_sent is False


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
    files_when_sending: list[list[Path]] = []
    printer.send(
        ESCPOS_JOB,
        job_id="job-0001",
        on_sending=lambda: files_when_sending.append(list(spool.iterdir())),
    )
    assert files_when_sending == [[]]  # the folder is there, the job not yet
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
    with pytest.raises(PrinterProblem, match="No space left on device") as caught:
        FileConnection(tmp_path, name="file").send(ESCPOS_JOB, job_id="job-1")
    assert list(tmp_path.iterdir()) == []
    assert caught.value.bytes_sent is False  # written atomically: nothing reached the folder


def test_file_connection_job_id_must_be_a_plain_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"job id '\.\./escape' is not usable"):
        FileConnection(tmp_path).send(b"x", job_id="../escape")
    assert list(tmp_path.iterdir()) == []


def test_file_connection_status(tmp_path: Path) -> None:
    assert FileConnection(tmp_path).status("escpos") == PrinterState(
        PrinterCondition.READY, "writable folder"
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
