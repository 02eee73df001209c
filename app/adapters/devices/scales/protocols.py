"""The serial scale protocols: what to send, how replies are framed and what they mean.

Each protocol turns the bytes a scale sends into ``ScaleReading``s (``feed``); bytes that do
not make a reply it knows (line noise, another program's chatter, a half frame) are dropped
and counted in ``garbage``, never turned into a weight. ``reset`` forgets a partial frame
(after a reconnect).

* ``MtSics`` (Mettler Toledo MT-SICS level 0): poll ``SI`` (weight now, stable or not), CR LF;
  ``S S      1.234 kg`` stable, ``S D      1.240 kg`` moving, ``S I`` busy, ``S +`` overload,
  ``S -`` underload, ``ES`` / ``ET`` / ``EL`` syntax, transmission and logical errors. The
  replies to ``Z`` (zero) and ``T`` (tare) and others (``Z A``, ``T S ...``) are ignored.
* ``Sma`` (SMA SCP-0499): poll ``<LF>W<CR>``; reply ``<LF><s><r><n><m><f>`` + 10-character
  weight + 3-character unit + ``<CR>``: status ``Z`` centre of zero, ``O`` over capacity,
  ``U`` under capacity, ``E`` / ``I`` / ``T`` zero, initial-zero and tare errors; range digit;
  ``G``/``N``/``g``/``n`` gross or net (``T``, a tare figure, is ignored); ``M`` in motion.
  ``<LF>?<CR>``: the scale did not understand the command.
* ``Nci`` (NCI / Weigh-Tronix, usually 7E1 at 9600): poll ``W<CR>``; reply
  ``<LF>weight+unit<CR><LF>status bytes<CR><ETX>``. Weight field ``^^^^`` over capacity,
  ``____`` under capacity, ``----`` zero error. Status byte 1: bit 0 motion, bit 1 at zero,
  bit 2 RAM error, bit 3 EEPROM error; byte 2: bit 0 under capacity, bit 1 over capacity,
  bit 2 ROM error, bit 3 calibration fault, bit 6 a third byte follows; byte 3: bit 3 initial
  zero error. Bits 4 and 5 are always set and bit 7 is the parity bit, masked off (a port read
  as 8 bits delivers it).
* ``Pattern`` (continuous output, CAS and most streaming scales): no request; each line is
  searched for a regular expression with the groups ``weight``, ``unit`` and ``status`` (see
  ``app.domain.weighing``). Resynchronisation: the first line after connecting (or after a
  runaway line) may be the tail of a frame, so it is dropped; within a line the search finds the
  frame's start after any noise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.domain.message import Message
from app.domain.weighing import (
    DEFAULT_PATTERN,
    OVER_CAPACITY,
    UNDER_ZERO,
    ReadingKind,
    ScaleReading,
    parse_decimal,
    pattern_problem,
    reading_from_match,
    to_grams,
)

MAX_FRAME = 256  # a reply longer than this is noise
NOT_UNDERSTOOD_W = Message("the scale did not understand W")


def _text(raw: bytes) -> str:
    return raw.decode("latin-1")


@dataclass
class _Lines:
    """Cuts bytes into lines at LF (a CR before it dropped); a runaway line is dropped."""

    buffer: bytearray = field(default_factory=bytearray)
    overflowed: bool = False

    def feed(self, data: bytes) -> list[bytes]:
        self.buffer += data
        lines = []
        while (end := self.buffer.find(b"\n")) >= 0:
            line = bytes(self.buffer[:end]).rstrip(b"\r")
            del self.buffer[: end + 1]
            if self.overflowed:
                self.overflowed = False
                continue
            lines.append(line)
        if len(self.buffer) > MAX_FRAME:
            self.buffer.clear()
            self.overflowed = True
        return lines


class ScaleProtocol:
    """Base: a name, serial settings, the poll request (None: the scale talks on its own)."""

    name = ""
    request: bytes | None = None
    bytesize = 8
    parity = "N"
    stopbits = 1
    #: Bit 7 of every byte is dropped (a 7-bit protocol read as 8 bits keeps parity there).
    masks_parity = False

    def __init__(self) -> None:
        self.garbage = 0

    def reset(self) -> None:
        raise NotImplementedError

    def feed(self, data: bytes) -> list[ScaleReading]:
        raise NotImplementedError

    def _keep(self, readings: list[ScaleReading], reading: ScaleReading | None) -> None:
        if reading is None:
            self.garbage += 1
        else:
            readings.append(reading)


class MtSics(ScaleProtocol):
    name = "mt-sics"
    request = b"SI\r\n"
    _WEIGHT = re.compile(r"S\s+([SD])\s+([+-]?\s*[\d.]+)\s+(\S+)")
    _ERRORS = {
        "ES": Message("the scale did not understand the command (ES)"),
        "ET": Message("transmission error (ET): check baud rate and parity"),
        "EL": Message("logical error (EL): the scale cannot do that now"),
        "S I": Message("the scale is busy (S I): try again"),
    }
    _IGNORED = re.compile(r"(Z|T|TA|@|I\d+)\b.*")  # replies to other commands

    def __init__(self) -> None:
        super().__init__()
        self._lines = _Lines()

    def reset(self) -> None:
        self._lines = _Lines()

    def feed(self, data: bytes) -> list[ScaleReading]:
        readings: list[ScaleReading] = []
        for raw in self._lines.feed(data):
            line = " ".join(_text(raw).split())
            if not line or self._IGNORED.fullmatch(line):
                continue
            self._keep(readings, self.parse(line))
        return readings

    def parse(self, line: str) -> ScaleReading | None:
        if line in self._ERRORS:
            return ScaleReading(ReadingKind.ERROR, detail=self._ERRORS[line])
        if line == "S +":
            return ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY)
        if line == "S -":
            return ScaleReading(ReadingKind.UNDERLOAD, detail=UNDER_ZERO)
        match = self._WEIGHT.fullmatch(line)
        if match is None:
            return None
        try:
            grams = to_grams(parse_decimal(match.group(2)), match.group(3))
        except ValueError:
            return None
        return ScaleReading.weighed(grams, match.group(1) == "S")


class Sma(ScaleProtocol):
    name = "sma"
    request = b"\nW\r"
    _STATUS_ERRORS = {
        "E": Message("zero error: empty the platter and zero the scale"),
        "I": Message("initial zero error: empty the platter and restart the scale"),
        "T": Message("tare error"),
    }

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buffer += data
        readings: list[ScaleReading] = []
        while True:
            start = self._buffer.find(b"\n")
            if start < 0:
                if self._buffer:
                    self.garbage += 1
                self._buffer.clear()
                break
            if start > 0:  # noise before the frame's start
                self.garbage += 1
                del self._buffer[:start]
            end = self._buffer.find(b"\r")
            restart = self._buffer.find(b"\n", 1)
            if 0 <= restart < end or (end < 0 and restart > 0):  # a frame cut short
                self.garbage += 1
                del self._buffer[:restart]
                continue
            if end < 0:
                if len(self._buffer) > MAX_FRAME:
                    self.garbage += 1
                    self._buffer.clear()
                break
            frame = _text(bytes(self._buffer[1:end]))
            del self._buffer[: end + 1]
            if frame.startswith("T", 2) and len(frame) >= 16:  # a tare figure, not a weight
                continue
            self._keep(readings, self.parse(frame))
        return readings

    def parse(self, frame: str) -> ScaleReading | None:
        if frame == "?":
            return ScaleReading(ReadingKind.ERROR, detail=NOT_UNDERSTOOD_W)
        if len(frame) < 16 or not frame[1].isdigit() or frame[2] not in "GNgn":
            return None
        if frame[3] not in " M":
            return None
        status, moving = frame[0], frame[3] == "M"
        figure, unit = frame[5:15], frame[15:].strip()
        if status in self._STATUS_ERRORS:
            return ScaleReading(ReadingKind.ERROR, detail=self._STATUS_ERRORS[status])
        if status == "O":
            return ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY)
        if status == "U":
            return ScaleReading(ReadingKind.UNDERLOAD, detail=UNDER_ZERO)
        if status not in " Z":
            return None
        try:
            grams = to_grams(parse_decimal(figure), unit)
        except ValueError:
            return None
        return ScaleReading.weighed(grams, not moving)


class Nci(ScaleProtocol):
    name = "nci"
    request = b"W\r"
    bytesize = 7
    parity = "E"
    masks_parity = True
    _FIGURE = re.compile(r"([+-]?\s*[\d.]+)\s*([A-Za-z#]+)")

    def __init__(self) -> None:
        super().__init__()
        self._buffer = bytearray()

    def reset(self) -> None:
        self._buffer.clear()

    def feed(self, data: bytes) -> list[ScaleReading]:
        self._buffer += bytes(byte & 0x7F for byte in data)
        readings: list[ScaleReading] = []
        while (end := self._buffer.find(b"\x03")) >= 0:
            frame = _text(bytes(self._buffer[:end]))
            del self._buffer[: end + 1]
            fields = [part for part in re.split(r"[\r\n]+", frame) if part.strip()]
            if fields and fields[-1].strip() == "?":
                self._keep(
                    readings,
                    ScaleReading(ReadingKind.ERROR, detail=NOT_UNDERSTOOD_W),
                )
            elif len(fields) >= 2 and _status_bytes(fields[-1]):
                self._keep(readings, self.parse(fields[-2], fields[-1]))
            elif not (len(fields) == 1 and _status_bytes(fields[0])):  # status only: ignore
                self.garbage += 1
        if len(self._buffer) > MAX_FRAME:
            self.garbage += 1
            self._buffer.clear()
        return readings

    def parse(self, figure: str, status: str) -> ScaleReading | None:
        first, second = ord(status[0]), ord(status[1])
        third = ord(status[2]) if len(status) > 2 and second & 0x40 else 0x30
        faults = [
            text
            for flag, text in (
                (first & 0x04, Message("RAM error")),
                (first & 0x08, Message("EEPROM error")),
                (second & 0x04, Message("ROM error")),
                (second & 0x08, Message("calibration fault")),
                (
                    third & 0x08,
                    Message("initial zero error: empty the platter and restart the scale"),
                ),
            )
            if flag
        ]
        shown = figure.strip()
        if faults:
            detail = faults[0]
            for fault in faults[1:]:  # each translated: "RAM error, ROM error"
                detail = Message("{faults}, {fault}", faults=detail, fault=fault)
            return ScaleReading(ReadingKind.ERROR, detail=detail)
        if second & 0x02 or shown.startswith("^"):
            return ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY)
        if second & 0x01 or shown.startswith("_"):
            return ScaleReading(ReadingKind.UNDERLOAD, detail=UNDER_ZERO)
        if shown.startswith("-") and set(shown) <= {"-", " "}:
            return ScaleReading(ReadingKind.ERROR, detail=Message("zero error: zero the scale"))
        match = self._FIGURE.fullmatch(shown)
        if match is None:
            return None
        try:
            grams = to_grams(parse_decimal(match.group(1)), match.group(2))
        except ValueError:
            return None
        return ScaleReading.weighed(grams, not first & 0x01)


def _status_bytes(text: str) -> bool:
    """Two or more NCI status bytes: bits 4 and 5 set, nothing else around them."""
    return len(text) >= 2 and all(ord(char) & 0x70 in (0x30, 0x70) for char in text)


class Pattern(ScaleProtocol):
    name = "pattern"
    request = None

    def __init__(self, pattern: str = DEFAULT_PATTERN) -> None:
        super().__init__()
        problem = pattern_problem(pattern)
        if problem:
            raise ValueError(f"scale pattern {pattern!r} {problem}")
        self.pattern = re.compile(pattern)
        self._lines = _Lines()
        self._synced = False

    def reset(self) -> None:
        self._lines = _Lines()
        self._synced = False

    def feed(self, data: bytes) -> list[ScaleReading]:
        readings: list[ScaleReading] = []
        overflowed = self._lines.overflowed
        for raw in self._lines.feed(data):
            if not self._synced:  # maybe the tail of a frame: wait for the next start
                self._synced = True
                continue
            match = self.pattern.search(_text(raw))
            self._keep(readings, reading_from_match(match) if match else None)
        if self._lines.overflowed and not overflowed:
            self.garbage += 1
        return readings


PROTOCOLS: dict[str, type[ScaleProtocol]] = {
    "mt-sics": MtSics,
    "sma": Sma,
    "nci": Nci,
    "pattern": Pattern,
}


def make_protocol(name: str, pattern: str | None = None) -> ScaleProtocol:
    """The protocol called ``name`` (see ``PROTOCOLS``); ``pattern`` for "pattern" only."""
    if name == "pattern":
        return Pattern(pattern or DEFAULT_PATTERN)
    if name not in PROTOCOLS:
        raise ValueError(f"unknown scale protocol {name!r}; use one of {', '.join(PROTOCOLS)}")
    return PROTOCOLS[name]()
