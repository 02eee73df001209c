"""Barcode symbols, encoded once and drawn or sent by every renderer the same way.

``Code128`` picks the code sets (B for text, C for runs of digits) itself, so that a printer's
native barcode command, the ZPL and the image all hold the same symbol of the same width:
the ESC/POS data (``{B``/``{C`` selectors, ``{1`` for FNC1), the ZPL data (``>:``/``>;``
start codes, ``>5``/``>6`` switches, ``>8`` for FNC1) and the bar pattern come from one list of
segments. GS1-128 is Code 128 with FNC1 right after the start code.

``QrSymbol`` is a QR code (error correction M, 8-bit byte mode, the mode that needs the most
modules, so that a printer choosing its own mode never needs more room than laid out).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Final, Literal

import qrcode
import qrcode.util
from barcode.charsets import code128 as _charset
from biip import ParseError
from biip.sscc import Sscc

CodeSet = Literal["B", "C"]

#: Characters a tracking number may hold: printable ASCII except those that are commands or
#: escapes in ZPL (``^ ~ >``) or ESC/POS barcode data (``{``), and ``} \\ ` ``.
_FORBIDDEN: Final = frozenset("^~>{}\\`")
MAX_CODE128_LENGTH: Final = 48

_START: Final = {"B": 104, "C": 105}
_SWITCH: Final = {"B": 100, "C": 99}
_FNC1: Final = 102
_STOP: Final[str] = str(_charset.STOP) + "11"  # the stop pattern and its final bar: 13 modules
QUIET_MODULES: Final = 10


def check_code128_text(text: str, what: str = "tracking number") -> str:
    """``text`` if it can be a Code 128 barcode on every target, else ``ValueError``."""
    if not 1 <= len(text) <= MAX_CODE128_LENGTH or not all(
        " " <= char <= "~" and char not in _FORBIDDEN for char in text
    ):
        raise ValueError(
            f"{what} {text!r} cannot be a Code 128 barcode: 1 to {MAX_CODE128_LENGTH} "
            "printable ASCII characters are needed (not ^ ~ > { } \\ `)"
        )
    return text


def _digit_runs(text: str) -> list[tuple[int, int, bool]]:
    runs: list[tuple[int, int, bool]] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or text[i].isdigit() != text[start].isdigit():
            runs.append((start, i, text[start].isdigit()))
            start = i
    return runs


def _segments(text: str) -> tuple[tuple[CodeSet, str], ...]:
    """Code sets for ``text``: C for digit runs of at least 4 at either end (2 when the text is
    all digits) or 6 in the middle, B for the rest; an odd digit goes to B."""
    pieces: list[tuple[CodeSet, str]] = []
    for start, end, digits in _digit_runs(text):
        run = text[start:end]
        if not digits:
            pieces.append(("B", run))
            continue
        at_start, at_end = start == 0, end == len(text)
        threshold = 2 if at_start and at_end else 4 if at_start or at_end else 6
        if len(run) < threshold:
            pieces.append(("B", run))
        elif len(run) % 2 == 0:
            pieces.append(("C", run))
        elif at_start:
            pieces.extend([("C", run[:-1]), ("B", run[-1])])
        else:
            pieces.extend([("B", run[0]), ("C", run[1:])])
    merged: list[tuple[CodeSet, str]] = []
    for code_set, chars in pieces:
        if merged and merged[-1][0] == code_set:
            merged[-1] = (code_set, merged[-1][1] + chars)
        else:
            merged.append((code_set, chars))
    return tuple(merged)


@dataclass(frozen=True)
class Code128:
    """A Code 128 symbol for ``text``; with ``gs1`` a GS1-128 (FNC1 first, ``text`` is the
    element string without parentheses, e.g. ``"00" + sscc``)."""

    text: str
    gs1: bool = False

    def __post_init__(self) -> None:
        if self.gs1:
            if not (self.text.isascii() and self.text.isdigit() and len(self.text) % 2 == 0):
                raise ValueError(f"GS1-128 data {self.text!r} must be an even number of digits")
        else:
            check_code128_text(self.text)

    @cached_property
    def segments(self) -> tuple[tuple[CodeSet, str], ...]:
        return _segments(self.text)

    @cached_property
    def values(self) -> tuple[int, ...]:
        """Symbol values from the start code to the check symbol (without the stop)."""
        first = self.segments[0][0]
        values = [_START[first]]
        if self.gs1:
            values.append(_FNC1)
        for index, (code_set, chars) in enumerate(self.segments):
            if index:
                values.append(_SWITCH[code_set])
            if code_set == "C":
                values.extend(int(chars[i : i + 2]) for i in range(0, len(chars), 2))
            else:
                values.extend(ord(char) - 32 for char in chars)
        check = (values[0] + sum(i * value for i, value in enumerate(values[1:], 1))) % 103
        return (*values, check)

    @cached_property
    def modules(self) -> str:
        """The bars and spaces, one character a module: "1" bar, "0" space."""
        patterns: tuple[str, ...] = _charset.CODES
        return "".join(patterns[value] for value in self.values) + _STOP

    @property
    def width_modules(self) -> int:
        return len(self.modules)

    @property
    def hri(self) -> str:
        """The human-readable text under the bars; an SSCC as "(00) 3 4012345 000000001 7"
        (see ``sscc_hri``)."""
        if self.gs1 and self.text.startswith("00") and len(self.text) == 20:
            return f"(00) {sscc_hri(self.text[2:])}"
        return self.text

    def escpos_data(self) -> bytes:
        """The data of an ESC/POS ``GS k`` CODE128 command (m = 73): code set selectors
        ``{B``/``{C``, FNC1 as ``{1``, code set C as one byte (0-99) per digit pair."""
        out = bytearray()
        for index, (code_set, chars) in enumerate(self.segments):
            out += b"{" + code_set.encode()
            if index == 0 and self.gs1:
                out += b"{1"
            if code_set == "C":
                out += bytes(int(chars[i : i + 2]) for i in range(0, len(chars), 2))
            else:
                out += chars.encode("ascii")
        return bytes(out)

    def zpl_data(self) -> str:
        """The ``^FD`` data of a ZPL ``^BC`` in mode N: ``>:``/``>;`` start in code set B/C,
        ``>6``/``>5`` switch to B/C, ``>8`` is FNC1."""
        out: list[str] = []
        for index, (code_set, chars) in enumerate(self.segments):
            if index == 0:
                out.append(">:" if code_set == "B" else ">;")
                if self.gs1:
                    out.append(">8")
            else:
                out.append(">6" if code_set == "B" else ">5")
            out.append(chars)
        return "".join(out)


def sscc_hri(sscc: str) -> str:
    """An SSCC grouped for reading aloud: extension digit, GS1 company prefix, serial
    reference, check digit ("3 4012345 000000001 7"). The company prefix's length comes from
    GS1's prefix table (through biip); where the table does not know it, prefix and serial
    reference stay one group ("3 7610425002123456 9"). The digits are never changed."""
    try:
        grouped = str(Sscc.parse(sscc).as_hri())
    except ParseError:
        return sscc
    return grouped if grouped.replace(" ", "") == sscc else sscc


@dataclass(frozen=True)
class QrSymbol:
    data: str

    def __post_init__(self) -> None:
        if not self.data or len(self.data.encode("utf-8")) > 1000:
            raise ValueError("QR data must be 1 to 1000 bytes")

    def _code(self) -> qrcode.QRCode:
        code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
        code.add_data(qrcode.util.QRData(self.data.encode("utf-8"), qrcode.util.MODE_8BIT_BYTE))
        return code

    @cached_property
    def matrix(self) -> tuple[tuple[bool, ...], ...]:
        """The dark (True) and light modules, without the quiet zone (drawing it takes ~10 ms:
        only image renderers ask for it)."""
        code = self._code()
        code.make(fit=True)
        return tuple(tuple(bool(cell) for cell in row) for row in code.get_matrix())

    @cached_property
    def size_modules(self) -> int:
        """Modules a side: 17 + 4 x the smallest version that holds the data."""
        version: int = self._code().best_fit()
        return 17 + 4 * version
