"""What a printer says about itself: status requests, and decoding their replies.

ESC/POS (``language="escpos"``): real-time status requests ``DLE EOT n`` (``10 04 n``), one byte
back each (Epson ESC/POS reference, "DLE EOT"). Every reply has bit 1 and bit 4 set and bits 0
and 7 clear (``byte & 0x93 == 0x12``); any other byte is not a status reply.

* ``n = 1`` printer status: bit 3 set = offline.
* ``n = 2`` offline cause, asked only when offline: bit 2 cover open, bit 5 printing stopped by a
  paper end, bit 6 an error occurred (bit 3: paper being fed with the feed button).
* ``n = 4`` roll paper sensor: bits 2-3 paper near its end, bits 5-6 paper end (no paper).

Real-time requests are taken from the receive buffer as they arrive, so a reply to a request
sent after a job also says that the printer has taken every byte before it.

ZPL (``language="zpl"``): ``~HS`` (host status return, ZPL II Programming Guide). The printer
sends three strings, each ``STX ... ETX CR LF``, fields separated by commas:

* string 1 ``aaa,b,c,dddd,eee,f,g,h,iii,j,k,l``: field 2 (b) paper out, field 3 (c) pause
  active, field 5 (eee) formats in the receive buffer, field 6 (f) receive buffer full, field
  10 (j) corrupt RAM (configuration lost), field 11 (k) under temperature, field 12 (l) over
  temperature;
* string 2 ``mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www``: field 3 (o) head up (print head open), field 4
  (p) ribbon out;
* string 3 (password, static RAM) is not used.

Current Zebra firmware does not answer ``~HS`` at all while the media or ribbon is out, the head
is open or too hot: for ZPL, "unknown" often means "go and look at the printer".

States (``app.domain.printing.PrinterCondition``), most urgent first: cover open, paper out,
error, offline (offline or paused, or not reachable at all: connection refused, no such port or
device), ready. Unknown means no usable reply (silence within the status timeout, a reply that
is not a status, or a one-way connection): a connection never reports "ready" without a reply
from the printer (a folder is the exception: it can be checked).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import Literal, Protocol, get_args

from app.domain.message import Message
from app.domain.printing import PrinterCondition, PrinterState

__all__ = [
    "DLE_EOT",
    "HOST_STATUS_REQUEST",
    "LANGUAGES",
    "Channel",
    "Language",
    "check_language",
    "decode_escpos_status",
    "parse_zpl_host_status",
    "query",
    "unknown",
    "zpl_formats_in_buffer",
]

Language = Literal["escpos", "zpl"]
LANGUAGES: tuple[str, ...] = get_args(Language)

DLE_EOT = b"\x10\x04"
HOST_STATUS_REQUEST = b"~HS"

_ESCPOS_FIXED_MASK = 0x93  # bits 0, 1, 4, 7
_ESCPOS_FIXED_VALUE = 0x12  # bits 1 and 4 set, 0 and 7 clear
_OFFLINE = 0x08  # DLE EOT 1, bit 3
_COVER_OPEN = 0x04  # DLE EOT 2, bit 2
_FEED_BUTTON = 0x08  # DLE EOT 2, bit 3
_PAPER_END_STOP = 0x20  # DLE EOT 2, bit 5
_ERROR_OCCURRED = 0x40  # DLE EOT 2, bit 6
_PAPER_NEAR_END = 0x0C  # DLE EOT 4, bits 2-3
_PAPER_END = 0x60  # DLE EOT 4, bits 5-6

READY = PrinterCondition.READY
OFFLINE = PrinterCondition.OFFLINE
PAPER_OUT = PrinterCondition.PAPER_OUT
COVER_OPEN = PrinterCondition.COVER_OPEN
ERROR = PrinterCondition.ERROR


def unknown(detail: str) -> PrinterState:
    return PrinterState(PrinterCondition.UNKNOWN, detail)


def check_language(language: str) -> Language:
    normalized = language.strip().lower()
    if normalized == "escpos":
        return "escpos"
    if normalized == "zpl":
        return "zpl"
    raise ValueError(f"unknown printer language {language!r}: use 'escpos' or 'zpl'")


def _is_escpos_status(byte: int) -> bool:
    return byte & _ESCPOS_FIXED_MASK == _ESCPOS_FIXED_VALUE


def decode_escpos_status(
    printer: int, paper: int | None = None, offline_cause: int | None = None
) -> PrinterState:
    """The state in the replies to DLE EOT 1 (``printer``), DLE EOT 4 (``paper``) and DLE EOT 2
    (``offline_cause``); see the module docstring for the bits. A byte that is not a status
    reply (fixed bits wrong) makes the state unknown; so does a missing ``paper`` reply from
    an online printer (it might be out of paper)."""
    for n, byte in ((1, printer), (4, paper), (2, offline_cause)):
        if byte is not None and not _is_escpos_status(byte):
            return unknown(f"the reply 0x{byte:02X} to DLE EOT {n} is not a status byte")
    offline = bool(printer & _OFFLINE)
    cause = offline_cause or 0
    if offline and cause & _COVER_OPEN:
        return PrinterState(COVER_OPEN, Message("cover open"))
    if paper is not None and paper & _PAPER_END:
        return PrinterState(PAPER_OUT, Message("paper out"))
    if offline and cause & _PAPER_END_STOP:
        return PrinterState(PAPER_OUT, Message("printing stopped: paper end"))
    if offline and cause & _ERROR_OCCURRED:
        return PrinterState(ERROR, Message("printer error (cutter jam, overheating or similar)"))
    if offline:
        if cause & _FEED_BUTTON:
            return PrinterState(
                OFFLINE, Message("offline: paper is being fed with the feed button")
            )
        return PrinterState(OFFLINE, Message("offline"))
    if paper is None:
        return unknown(Message("online, but no reply about the paper (DLE EOT 4)"))
    if paper & _PAPER_NEAR_END:
        return PrinterState(READY, Message("ready, paper near its end"))
    return PrinterState(READY, Message("ready"))


_ZPL_FRAME = re.compile(rb"\x02([^\x02\x03]*)\x03")


def _zpl_frames(reply: bytes) -> list[bytes]:
    return _ZPL_FRAME.findall(reply)


def zpl_formats_in_buffer(reply: bytes) -> int | None:
    """Field 5 of string 1 of a ``~HS`` reply: formats received and not printed yet."""
    frames = _zpl_frames(reply)
    fields = frames[0].decode("ascii", "replace").split(",") if frames else []
    if len(fields) < 5 or not fields[4].strip().isdigit():
        return None
    return int(fields[4])


def parse_zpl_host_status(reply: bytes) -> PrinterState:
    """The state in a ZPL ``~HS`` reply (see the module docstring for the fields used).

    Needs strings 1 and 2 with at least the fields used, each flag "0" or "1"; anything else
    is unknown.
    """
    frames = _zpl_frames(reply)
    if len(frames) < 2:
        return unknown(f"incomplete ~HS reply ({len(frames)} of 3 strings)")
    string_1 = frames[0].decode("ascii", "replace").split(",")
    string_2 = frames[1].decode("ascii", "replace").split(",")
    if len(string_1) < 12 or len(string_2) < 4:
        return unknown("the ~HS reply does not have the documented fields")

    def flag(fields: list[str], number: int) -> bool | None:
        value = fields[number - 1].strip()
        return {"0": False, "1": True}.get(value)

    paper_out = flag(string_1, 2)
    paused = flag(string_1, 3)
    buffer_full = flag(string_1, 6)
    corrupt_ram = flag(string_1, 10)
    under_temperature = flag(string_1, 11)
    over_temperature = flag(string_1, 12)
    head_up = flag(string_2, 3)
    ribbon_out = flag(string_2, 4)
    flags = (
        paper_out,
        paused,
        buffer_full,
        corrupt_ram,
        under_temperature,
        over_temperature,
        head_up,
        ribbon_out,
    )
    if any(value is None for value in flags):
        return unknown("the ~HS reply has flags that are not 0 or 1")

    if head_up:
        return PrinterState(COVER_OPEN, Message("print head open"))
    if paper_out:
        return PrinterState(PAPER_OUT, Message("paper (media) out"))
    errors = [
        text
        for present, text in (
            (ribbon_out, Message("ribbon out")),
            (over_temperature, Message("print head too hot")),
            (under_temperature, Message("print head too cold")),
            (corrupt_ram, Message("configuration lost (corrupt RAM)")),
        )
        if present
    ]
    if errors:
        return PrinterState(ERROR, errors[0] if len(errors) == 1 else ", ".join(errors))
    if paused:
        return PrinterState(OFFLINE, Message("paused"))
    waiting = zpl_formats_in_buffer(reply) or 0
    queued = f", {waiting} label format(s) in the buffer" if waiting else ""
    if buffer_full:
        return PrinterState(READY, f"ready, receive buffer full{queued}")
    return PrinterState(READY, f"ready{queued}")


class Channel(Protocol):
    """An open two-way line to a printer, for status queries."""

    def write(self, data: bytes) -> None: ...

    def read(self, wait: float) -> bytes:
        """Bytes that arrive within ``wait`` seconds (at least one if any arrive), or b""."""
        ...


def _read_until(
    channel: Channel, buffer: bytearray, enough: Callable[[bytearray], bool], deadline: float
) -> bool:
    """Read into ``buffer`` until ``enough(buffer)`` or ``deadline``; True if enough."""
    while not enough(buffer):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        buffer += channel.read(left)
    return True


def _query_escpos(channel: Channel, deadline: float, timeout: float) -> PrinterState:
    buffer = bytearray()

    def ask(n: int) -> int | None:
        buffer.clear()
        channel.write(DLE_EOT + bytes([n]))
        if not _read_until(channel, buffer, lambda got: len(got) >= 1, deadline):
            return None
        return buffer[0]

    printer = ask(1)
    if printer is None:
        return unknown(
            Message(
                "no reply to the status request (DLE EOT 1) within {seconds} s",
                seconds=f"{timeout:g}",
            )
        )
    if not _is_escpos_status(printer):
        return decode_escpos_status(printer)
    cause = ask(2) if printer & _OFFLINE else None
    paper = ask(4)
    return decode_escpos_status(printer, paper, cause)


def _query_zpl(channel: Channel, deadline: float, timeout: float) -> PrinterState:
    buffer = bytearray()
    channel.write(HOST_STATUS_REQUEST)
    if _read_until(channel, buffer, lambda got: len(_zpl_frames(bytes(got))) >= 3, deadline):
        return parse_zpl_host_status(bytes(buffer))
    if len(_zpl_frames(bytes(buffer))) >= 2:
        return parse_zpl_host_status(bytes(buffer))
    if buffer:
        return unknown(f"incomplete reply to ~HS within {timeout:g} s")
    return unknown(
        Message(
            "no reply to ~HS within {seconds} s (Zebra printers stay silent while the media or "
            "ribbon is out or the head is open)",
            seconds=f"{timeout:g}",
        )
    )


def query(language: Language, channel: Channel, timeout: float) -> PrinterState:
    """Ask over ``channel`` and decode the reply; ``timeout`` seconds in all. Errors of the
    channel (``OSError`` and the like) are the caller's to handle."""
    deadline = time.monotonic() + timeout
    if language == "escpos":
        return _query_escpos(channel, deadline, timeout)
    return _query_zpl(channel, deadline, timeout)
