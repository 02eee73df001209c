"""What printers say about themselves: status queries over real sockets and pseudo-terminals
(``VirtualPrinter``, ``VirtualSerialPrinter``) and the decoding of their replies."""

from __future__ import annotations

import time

import pytest

from app.adapters.devices.printers import NetworkConnection, SerialConnection
from app.adapters.devices.printers.connection import DEFAULT_STATUS_TIMEOUT
from app.adapters.devices.printers.status import (
    decode_escpos_status,
    parse_zpl_host_status,
    zpl_formats_in_buffer,
)
from app.domain.printing import PrinterCondition, PrinterState
from tests.support.virtual_printer import (
    PAPER_OUT,
    VirtualPrinter,
    VirtualSerialPrinter,
    ZplHostStatus,
)

READY = PrinterState(PrinterCondition.READY, "ready")
PAPER_IS_OUT = PrinterState(PrinterCondition.PAPER_OUT, "paper out")


ASK_S = DEFAULT_STATUS_TIMEOUT  # how long a printer has to answer a status question


def assert_takes(elapsed: float, low: float, high: float) -> None:
    assert low <= elapsed < high, f"took {elapsed:.3f} s, expected {low} to {high} s"


# -- network ------------------------------------------------------------------------------


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
    assert isinstance(status, PrinterState)  # the domain's one printer-state type
    assert status.state == state
    assert status.detail.startswith(detail)
    assert virtual.status_requests == requests
    assert virtual.jobs == [b"".join(b"\x10\x04" + bytes([n]) for n in requests)]


def test_network_escpos_paper_out_and_back_to_ready() -> None:
    with VirtualPrinter(status_preset="paper_out") as virtual:
        printer = NetworkConnection("127.0.0.1", virtual.port)
        assert printer.status() == PAPER_IS_OUT  # the connection's language: ESC/POS
        virtual.set_state("ready")  # paper loaded
        assert printer.status("escpos") == READY
        virtual.status[4] = PAPER_OUT  # only the paper sensor, printer still online
        assert printer.status("escpos").state is PrinterCondition.PAPER_OUT


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
        (ZplHostStatus(formats_in_buffer=2), "ready", "ready, 2 label format(s) in the buffer"),
    ],
)
def test_network_zpl_host_status(zpl: ZplHostStatus, state: str, detail: str) -> None:
    with VirtualPrinter() as virtual:
        virtual.zpl = zpl
        status = NetworkConnection("127.0.0.1", virtual.port, language="zpl").status()
        virtual.wait_for_jobs(1)
    assert status == PrinterState(PrinterCondition(state), detail)
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
    assert status.state is PrinterCondition.UNKNOWN
    assert "no reply" in status.detail
    assert not status.ok
    assert_takes(elapsed, ASK_S - 0.05, ASK_S + 0.6)


def test_network_hanging_printer_status_is_unknown() -> None:
    with VirtualPrinter("hang") as virtual:
        started = time.monotonic()
        status = NetworkConnection("127.0.0.1", virtual.port).status("escpos")
        assert_takes(time.monotonic() - started, ASK_S - 0.05, ASK_S + 0.6)
    assert status.state is PrinterCondition.UNKNOWN


def test_network_refused_status_is_offline_at_once() -> None:
    with VirtualPrinter("refuse") as virtual:
        started = time.monotonic()
        status = NetworkConnection("127.0.0.1", virtual.port).status("zpl")
        assert time.monotonic() - started < 0.5
    assert status.state is PrinterCondition.OFFLINE
    assert "refused" in status.detail


def test_network_reply_that_is_no_status_byte_is_unknown() -> None:
    with VirtualPrinter(status={1: 0xFF, 4: 0x12}) as virtual:
        status = NetworkConnection("127.0.0.1", virtual.port).status("escpos")
    assert status == PrinterState(
        PrinterCondition.UNKNOWN, "the reply 0xFF to DLE EOT 1 is not a status byte"
    )


def test_unknown_languages_are_refused() -> None:
    with pytest.raises(ValueError, match="'escpos' or 'zpl'"):
        NetworkConnection("127.0.0.1", 9100).status("tspl")
    with pytest.raises(ValueError, match="'escpos' or 'zpl'"):
        NetworkConnection("127.0.0.1", 9100, language="tspl")


# -- decoding, directly -----------------------------------------------------------------------


def test_decode_escpos_status_without_paper_reply_is_never_ready() -> None:
    assert decode_escpos_status(0x12, None).state is PrinterCondition.UNKNOWN
    assert decode_escpos_status(0x12 | 0x08, None) == PrinterState(
        PrinterCondition.OFFLINE, "offline"
    )
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
    assert parse_zpl_host_status(reply).state is PrinterCondition.UNKNOWN


def test_parse_zpl_host_status_of_a_real_printer_reply() -> None:
    # As a ZD420 sends it while paused, with the head closed and media loaded.
    reply = (
        b"\x02030,0,1,0812,000,0,0,0,000,0,0,0\x03\r\n"
        b"\x02001,0,0,0,0,2,4,0,00000000,1,000\x03\r\n"
        b"\x021234,0\x03\r\n"
    )
    assert parse_zpl_host_status(reply) == PrinterState(PrinterCondition.OFFLINE, "paused")
    assert zpl_formats_in_buffer(reply) == 0
    assert zpl_formats_in_buffer(ZplHostStatus(formats_in_buffer=3).reply()) == 3
    assert zpl_formats_in_buffer(b"\x02030,0\x03") is None


# -- serial (pseudo-terminal) -----------------------------------------------------------------


def test_serial_escpos_status_paper_out_then_ready() -> None:
    with VirtualSerialPrinter(status_preset="paper_out") as virtual:
        printer = SerialConnection(virtual.path, 9600)
        assert printer.status("escpos") == PAPER_IS_OUT
        virtual.set_state("ready")
        assert printer.status("escpos") == READY
        virtual.set_state("offline")
        assert printer.status("escpos") == PrinterState(PrinterCondition.OFFLINE, "offline")
    assert virtual.status_requests == [1, 2, 4, 1, 4, 1, 2, 4]


def test_serial_zpl_status() -> None:
    with VirtualSerialPrinter(status_preset="cover_open") as virtual:
        printer = SerialConnection(virtual.path, 9600, language="zpl")
        assert printer.status() == PrinterState(PrinterCondition.COVER_OPEN, "print head open")
        virtual.set_state("ready")
        assert printer.status() == READY


def test_serial_printer_that_never_answers_is_unknown_within_a_second() -> None:
    with VirtualSerialPrinter(answer_status=False) as virtual:
        printer = SerialConnection(virtual.path, 9600)
        started = time.monotonic()
        status = printer.status("escpos")
        elapsed = time.monotonic() - started
        assert virtual.wait_for_bytes(3) == b"\x10\x04\x01"
    assert status.state is PrinterCondition.UNKNOWN
    assert_takes(elapsed, ASK_S - 0.05, ASK_S + 0.6)


def test_serial_echoing_line_is_not_taken_for_a_status() -> None:
    # pyserial's loop:// sends every byte straight back: DLE is no status byte.
    status = SerialConnection("loop://", 9600).status("escpos")
    assert status == PrinterState(
        PrinterCondition.UNKNOWN, "the reply 0x10 to DLE EOT 1 is not a status byte"
    )
