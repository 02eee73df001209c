"""Sending jobs over the two-way connections, against real sockets and pseudo-terminals.

Network: ``VirtualPrinter`` on 127.0.0.1. Serial: ``VirtualSerialPrinter`` on a pty, opened by
pyserial like any tty. The contract (``printers.connection``): ``send`` returns once the printer
took every byte (it answered a status request sent after the job), raises ``PrinterProblem``
with ``bytes_sent=False`` when nothing of the job left and ``bytes_sent=True`` when it was cut
off, and calls ``on_sending`` after the printer said it is ready, right before the first byte.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import serial

from app.adapters.devices.printers import (
    CupsRawConnection,
    FileConnection,
    NetworkConnection,
    SerialConnection,
    UsbConnection,
    connection_from_settings,
)
from app.adapters.devices.printers.connection import DEFAULT_STATUS_TIMEOUT
from app.domain.errors import PrinterProblem
from tests.support.virtual_printer import VirtualPrinter, VirtualSerialPrinter, payload

ESCPOS_JOB = (
    b"\x1b@" + b"Ship to: Erika Mustermann\n" + b"\x1dh\x60\x1dkI\x0f{BRR123456785DE\x1dV\x00"
)
ZPL_JOB = (
    "^XA^CI28^FO40,40^A0N,40,40^FDZoë Ångström^FS"
    "^FO40,120^BCN,100,Y,N,N,D^FD(00)340123450000000018^FS^XZ"
).encode()
EVERY_BYTE = bytes(range(256)) * 64
#: What a ready ESC/POS printer is asked before and after each job: DLE EOT 1, DLE EOT 4.
ASK_ESCPOS = b"\x10\x04\x01\x10\x04\x04"
ASK_ZPL = b"~HS"
ASK_S = DEFAULT_STATUS_TIMEOUT


def assert_takes(elapsed: float, low: float, high: float) -> None:
    assert low <= elapsed < high, f"took {elapsed:.3f} s, expected {low} to {high} s"


class Sending:
    """An ``on_sending`` that counts its calls and runs ``then`` (if given) each time."""

    def __init__(self, then: Callable[[], Any] | None = None) -> None:
        self.calls = 0
        self.then = then
        self.seen: list[Any] = []

    def __call__(self) -> None:
        self.calls += 1
        if self.then is not None:
            self.seen.append(self.then())


def send_fails(
    connection: NetworkConnection | SerialConnection, data: bytes, on_sending: Sending
) -> PrinterProblem:
    with pytest.raises(PrinterProblem) as caught:
        connection.send(data, on_sending=on_sending)
    return caught.value


# -- network: what arrives ------------------------------------------------------------------


def test_network_send_delivers_the_exact_bytes_between_two_status_questions() -> None:
    with VirtualPrinter() as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=2.0, name="bench-1")
        # on_sending runs once the printer answered "ready" and before any job byte arrived
        sending = Sending(lambda: virtual.jobs[-1])
        printer.send(ESCPOS_JOB, on_sending=sending)
        printer.send(EVERY_BYTE, job_id="job-0002")
        jobs = virtual.wait_for_jobs(2)

    assert sending.calls == 1
    assert sending.seen == [ASK_ESCPOS]
    assert jobs == [ASK_ESCPOS + ESCPOS_JOB + ASK_ESCPOS, ASK_ESCPOS + EVERY_BYTE + ASK_ESCPOS]
    assert virtual.status_requests == [1, 4] * 4
    assert printer.describe() == f"network 127.0.0.1:{virtual.port}"
    assert printer.two_way


def test_network_zpl_job_is_asked_about_with_host_status() -> None:
    with VirtualPrinter() as virtual:
        NetworkConnection("127.0.0.1", virtual.port, language="zpl").send(ZPL_JOB)
        jobs = virtual.wait_for_jobs(1)
    assert jobs == [ASK_ZPL + ZPL_JOB + ASK_ZPL]
    assert [payload(job) for job in jobs] == [ZPL_JOB]
    assert virtual.hs_requests == 2


def test_network_send_of_a_large_job_returns_once_the_printer_has_it_all() -> None:
    # random bytes without a status request inside (no DLE, no "~"): the virtual printer
    # speaks both languages and would answer a "~HS" that turns up by chance
    job = os.urandom(4 * 1024 * 1024).replace(b"\x10", b"\x11").replace(b"~", b"}")
    with VirtualPrinter() as virtual:
        NetworkConnection("127.0.0.1", virtual.port, timeout=5.0).send(job)
        # send returned: the printer has read everything already, nothing is in flight
        assert virtual.jobs == [ASK_ESCPOS + job + ASK_ESCPOS]
        virtual.wait_for_jobs(1)


# -- network: faults ------------------------------------------------------------------------


def test_network_refused_is_nothing_sent_at_once() -> None:
    with VirtualPrinter("refuse") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=3.0, name="bench-1")
        sending = Sending()
        started = time.monotonic()
        problem = send_fails(printer, ESCPOS_JOB, sending)
        elapsed = time.monotonic() - started

    assert elapsed < 1.0
    assert problem.message.startswith(f"Printer bench-1 (network 127.0.0.1:{virtual.port}): ")
    assert "refused" in problem.message
    assert isinstance(problem.__cause__, ConnectionRefusedError)
    assert problem.bytes_sent is False
    assert sending.calls == 0


def test_network_nothing_listening_any_more() -> None:
    with VirtualPrinter() as virtual:
        port = virtual.port
    sending = Sending()
    problem = send_fails(NetworkConnection("127.0.0.1", port, timeout=1.0), b"x", sending)
    assert (problem.bytes_sent, sending.calls) == (False, 0)


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_network_printer_that_accepts_and_never_reads_is_no_success(language: str) -> None:
    with VirtualPrinter("hang") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=3.0, language=language)
        sending = Sending()
        started = time.monotonic()
        problem = send_fails(printer, ESCPOS_JOB, sending)
        assert_takes(time.monotonic() - started, ASK_S - 0.05, ASK_S + 0.8)  # the status timeout
    assert "no status before the job, nothing was sent" in problem.message
    assert (problem.bytes_sent, sending.calls) == (False, 0)


def test_network_printer_that_stops_reading_mid_job_times_out_with_bytes_sent() -> None:
    with VirtualPrinter("stall", drop_after=1000) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=0.5, name="bench-1")
        sending = Sending()
        started = time.monotonic()
        problem = send_fails(printer, b"\x00" * (32 * 1024 * 1024), sending)
        assert_takes(time.monotonic() - started, 0.45, 3.0)
    assert "timed out: the printer did not take the job within 0.5 s" in problem.message
    assert "check whether the label came out" in problem.message
    assert (problem.bytes_sent, sending.calls) == (True, 1)


def test_network_printer_that_never_confirms_a_small_job_is_uncertain() -> None:
    # The whole job fits the socket buffers, so every write succeeds: only the missing answer
    # after the job shows that the printer did not take it.
    with VirtualPrinter("stall", drop_after=len(ASK_ESCPOS) + 10) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=0.5)
        sending = Sending()
        started = time.monotonic()
        problem = send_fails(printer, ESCPOS_JOB, sending)
        assert_takes(time.monotonic() - started, ASK_S - 0.05, ASK_S + 1.0)  # >= the status timeout
    assert "the job was sent but the printer did not confirm it" in problem.message
    assert (problem.bytes_sent, sending.calls) == (True, 1)


def test_network_printer_dropping_mid_job_is_bytes_sent() -> None:
    with VirtualPrinter("drop", drop_after=100) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, timeout=2.0, name="bench-1")
        # A job far larger than the socket buffers fails while sending ...
        large = send_fails(printer, b"\x00" * (32 * 1024 * 1024), Sending())
        assert f"network 127.0.0.1:{virtual.port}" in large.message
        # ... and a small one, all of it handed to the OS before the reset, fails too: the
        # printer's answer after the job never comes.
        small = send_fails(printer, b"\x01" * 1000, Sending())
        jobs = virtual.wait_for_jobs(2)
    assert "closed the connection" in small.message
    assert large.bytes_sent is True and small.bytes_sent is True
    assert [len(job) for job in jobs] == [100, 100]
    assert jobs[1] == ASK_ESCPOS + b"\x01" * (100 - len(ASK_ESCPOS))


@pytest.mark.parametrize(
    ("language", "preset", "said"),
    [
        ("escpos", "paper_out", "it is out of paper"),
        ("escpos", "cover_open", "it has its cover open"),
        ("escpos", "offline", "it is offline"),
        ("zpl", "paper_out", "it is out of paper (paper (media) out)"),
        ("zpl", "error", "it reports an error (print head too hot)"),
    ],
)
def test_network_printer_not_ready_gets_nothing(language: str, preset: str, said: str) -> None:
    with VirtualPrinter(status_preset=preset) as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port, language=language, name="desk-1")
        sending = Sending()
        problem = send_fails(printer, ZPL_JOB if language == "zpl" else ESCPOS_JOB, sending)
        jobs = virtual.wait_for_jobs(1)
    assert problem.message.endswith(f"{said}; nothing was sent")
    assert problem.message.startswith("Printer desk-1 (network ")
    assert (problem.bytes_sent, sending.calls) == (False, 0)
    assert [payload(job) for job in jobs] == [b""]  # only the status question arrived


def test_network_paper_running_out_during_the_job_is_uncertain() -> None:
    with VirtualPrinter() as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port)
        problem = send_fails(printer, ESCPOS_JOB, Sending(lambda: virtual.set_state("paper_out")))
        jobs = virtual.wait_for_jobs(1)
    assert "after the job the printer reports paper out" in problem.message
    assert problem.bytes_sent is True
    assert payload(jobs[0]) == ESCPOS_JOB


def test_every_connection_names_the_printer_in_its_problems() -> None:
    with socket.socket() as probe:  # a port with nothing listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        printer = NetworkConnection("127.0.0.1", port, name="Packtisch 3")
        with pytest.raises(PrinterProblem) as caught:
            printer.send(b"x")
    assert caught.value.message.startswith(f"Printer Packtisch 3 (network 127.0.0.1:{port}): ")
    assert repr(printer) == f"<NetworkConnection 'Packtisch 3': network 127.0.0.1:{port}>"


# -- serial (pseudo-terminal) -----------------------------------------------------------------


def test_serial_send_delivers_the_exact_bytes() -> None:
    opened: list[dict[str, Any]] = []

    def factory(port: str, **kwargs: Any) -> serial.Serial:
        opened.append({"port": port, **kwargs})
        return serial.serial_for_url(port, **kwargs)

    with VirtualSerialPrinter() as virtual:
        printer = SerialConnection(virtual.path, 115200, timeout=2.0, serial_factory=factory)
        sending = Sending(lambda: virtual.received)
        printer.send(ESCPOS_JOB, on_sending=sending)
        printer.send(EVERY_BYTE, job_id="job-2")
        expected = ASK_ESCPOS + ESCPOS_JOB + ASK_ESCPOS + ASK_ESCPOS + EVERY_BYTE + ASK_ESCPOS
        received = virtual.wait_for_bytes(len(expected))

    assert received == expected
    assert sending.seen == [ASK_ESCPOS]
    assert opened[0]["port"] == virtual.path
    assert opened[0]["baudrate"] == 115200
    assert opened[0]["write_timeout"] == 2.0
    assert printer.describe() == f"serial {virtual.path} at 115200 baud"


def test_serial_printer_out_of_paper_gets_nothing() -> None:
    with VirtualSerialPrinter(status_preset="paper_out") as virtual:
        printer = SerialConnection(virtual.path, 9600, name="desk-2")
        sending = Sending()
        problem = send_fails(printer, ESCPOS_JOB, sending)
        assert payload(virtual.received) == b""
    assert "it is out of paper; nothing was sent" in problem.message
    assert (problem.bytes_sent, sending.calls) == (False, 0)


def test_serial_printer_that_never_answers_gets_nothing() -> None:
    with VirtualSerialPrinter(answer_status=False) as virtual:
        sending = Sending()
        problem = send_fails(SerialConnection(virtual.path, 9600), ESCPOS_JOB, sending)
        assert payload(virtual.received) == b""
    assert "no status before the job" in problem.message
    assert (problem.bytes_sent, sending.calls) == (False, 0)


def test_serial_printer_that_stops_reading_mid_job_times_out() -> None:
    with VirtualSerialPrinter("stall", stall_after=1000) as virtual:
        printer = SerialConnection(virtual.path, 9600, timeout=0.5, name="desk-2")
        sending = Sending()
        started = time.monotonic()
        problem = send_fails(printer, b"\x00" * (1024 * 1024), sending)
        assert_takes(time.monotonic() - started, 0.45, 3.0)
    assert problem.message.startswith(f"Printer desk-2 (serial {virtual.path} at 9600 baud)")
    assert "timed out" in problem.message
    assert (problem.bytes_sent, sending.calls) == (True, 1)


def test_serial_printer_that_never_confirms_a_small_job_is_uncertain() -> None:
    with VirtualSerialPrinter("stall", stall_after=len(ASK_ESCPOS) + 5) as virtual:
        sending = Sending()
        problem = send_fails(SerialConnection(virtual.path, 9600, timeout=0.5), ESCPOS_JOB, sending)
    assert "did not confirm" in problem.message
    assert (problem.bytes_sent, sending.calls) == (True, 1)


def test_serial_port_that_does_not_exist(tmp_path: Path) -> None:
    missing = str(tmp_path / "ttyUSB9")
    printer = SerialConnection(missing, 9600, name="desk-2")
    sending = Sending()
    problem = send_fails(printer, ESCPOS_JOB, sending)
    assert problem.message.startswith(f"Printer desk-2 (serial {missing} at 9600 baud): ")
    assert (problem.bytes_sent, sending.calls) == (False, 0)
    status = printer.status("escpos")
    assert status.state == "offline"
    assert "cannot open the port" in status.detail


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


def test_connection_from_settings_passes_the_language_on(tmp_path: Path) -> None:
    network = connection_from_settings("network", "10.0.4.21", tmp_path, language="zpl")
    assert network.language == "zpl"
    usb = connection_from_settings("usb", "0a5f:0164", tmp_path, language="ZPL")
    assert usb.language == "zpl"
    zpl_folder = connection_from_settings("file", "", tmp_path, language="zpl")
    assert isinstance(zpl_folder, FileConnection)
    assert zpl_folder.path_for("job-1") == tmp_path / "job-1.zpl"
    escpos_folder = connection_from_settings("file", "", tmp_path)
    assert isinstance(escpos_folder, FileConnection)
    assert escpos_folder.path_for("job-1") == tmp_path / "job-1.bin"
    with pytest.raises(ValueError, match="'escpos' or 'zpl'"):
        connection_from_settings("network", "10.0.4.21", tmp_path, language="epl")


def test_on_sending_that_raises_stops_the_job_before_any_byte() -> None:
    def refuse() -> None:
        raise RuntimeError("the queue could not mark the job")

    with VirtualPrinter() as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port)
        with pytest.raises(RuntimeError, match="could not mark"):
            printer.send(ESCPOS_JOB, on_sending=refuse)
        jobs = virtual.wait_for_jobs(1)
    assert jobs == [ASK_ESCPOS]
