"""Text from outside (scans, reasons, names, file contents) checked before it reaches a column.

PostgreSQL refuses NUL and values longer than their column, where SQLite stores them
silently; a station must refuse them with a message, or store a readable form of what was
scanned, never let a database error escape. Plain Python, no I/O.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from app.domain.errors import DomainError
from app.domain.message import Message

#: Column sizes the domain writes into (app/adapters/db/tables.py keeps them in step).
RAW_SCAN_MAX: Final = 600
MESSAGE_MAX: Final = 300
REASON_MAX: Final = 200
STATION_NAME_MAX: Final = 64
UNIT_DATA_MAX: Final = 20
SYMBOLOGY_MAX: Final = 16

_GS: Final = "\x1d"


class InvalidText(DomainError):
    """Text from outside that cannot be stored: control characters, too long, blank."""


def _control_name(char: str) -> str:
    return {"\x00": "NUL", "\t": "TAB", "\n": "LF", "\r": "CR", "\x1b": "ESC"}.get(
        char, f"0x{ord(char):02X}"
    )


def checked(value: str, what: str, max_length: int, *, allow_blank: bool = False) -> str:
    """``value`` without surrounding spaces, or ``InvalidText`` naming ``what`` and why:
    control or unprintable characters, more than ``max_length`` characters, or blank. The
    refusal is a ``Message``: ``what`` is one too where the station shows it."""
    text = value.strip()
    if not text and not allow_blank:
        raise InvalidText(Message("The {what} is empty.", what=what))
    bad = [char for char in text if not char.isprintable()]
    if bad:
        names = ", ".join(dict.fromkeys(_control_name(char) for char in bad))
        raise InvalidText(
            Message(
                "The {what} contains characters that cannot be stored ({names}).",
                what=what,
                names=names,
            )
        )
    if len(text) > max_length:
        raise InvalidText(
            Message(
                "The {what} is {length} characters long; at most {most} are allowed.",
                what=what,
                length=len(text),
                most=max_length,
            )
        )
    return text


def station_name(value: str) -> str:
    """A station's name: printable, not blank, at most 64 characters."""
    return checked(value, "station name", STATION_NAME_MAX)


def reason(value: str, what: str = "reason") -> str:
    """A reason a person gives (hold, release, reprint, void): printable, at most 200."""
    return checked(value, what, REASON_MAX)


def storable(value: str, max_length: int) -> str:
    """A readable, storable form of anything scanned: control characters other than GS shown
    as ``<NUL>``-style names, unencodable characters as U+FFFD, cut to ``max_length`` with an
    ellipsis. What the scanner sent is kept as far as a column can keep it."""
    parts: list[str] = []
    for char in value:
        if char == _GS:
            parts.append(char)
        elif unicodedata.category(char) == "Cc":
            parts.append(f"<{_control_name(char)}>")
        elif unicodedata.category(char) == "Cs":
            parts.append("\ufffd")
        else:
            parts.append(char)
    text = "".join(parts)
    if len(text) > max_length:
        return text[: max_length - 1] + "…"
    return text
