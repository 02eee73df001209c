"""Checks of an order's contact and free-text fields and of a line's expected serials: each
returns the problem (without the "file line N, field:" prefix the reader puts before it), or
None. Plain Python."""

from __future__ import annotations

import re
from typing import Final

from app.domain.import_files import shown
from app.domain.order_records import SIZES

#: Free text that may run over several lines (a note to the packer, a gift message).
MULTILINE: Final = ("notes", "gift_message", "packing_instructions")
#: Separates the expected serials of a line in one CSV cell.
SERIAL_SEPARATOR: Final = "|"

# One "@", something before it, a domain with a dot after it; no spaces, no quotes, no angle
# brackets. Deliverability is the order system's business: this catches the pasted wrong
# column ("Keizersgracht 12") and typing slips ("ann@example", "ann@@example.com").
_EMAIL: Final = re.compile(
    r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
_PHONE: Final = re.compile(r"\+?[0-9 ()./-]+")
_PHONE_DIGITS_MIN: Final = 5


def email_problem(value: str) -> str | None:
    local = value.split("@", 1)[0]
    if not _EMAIL.fullmatch(value) or len(local) > 64 or ".." in value:
        return f"{shown(value)} is not an email address (name@example.com)"
    return None


def phone_problem(value: str) -> str | None:
    digits = sum(c.isdigit() for c in value)
    if not _PHONE.fullmatch(value) or digits < _PHONE_DIGITS_MIN:
        return (
            f"{shown(value)} is not a phone number (at least {_PHONE_DIGITS_MIN} digits; "
            "spaces and + ( ) - . / allowed, a + only first)"
        )
    return None


def control_problem(key: str, value: str) -> str | None:
    """A control character where none belongs (a line break only in ``MULTILINE`` fields)."""
    if value.isprintable():  # the usual case, checked at C speed
        return None
    allowed = "\n\t" if key in MULTILINE else ""
    if any(ord(c) < 32 and c not in allowed for c in value) or "\x7f" in value:
        return "holds a control character"
    return None


def read_serials(value: object, quantity: int | None) -> tuple[tuple[str, ...], list[str]]:
    """A line's expected serials, from a CSV cell (``SERIAL_SEPARATOR`` between them) or a
    JSON list of strings; and the problems found: each serial 1 to 20 printable characters,
    each once in the line, no more of them than the line's quantity."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return (), []
    if isinstance(value, str):
        parts = [part.strip() for part in value.split(SERIAL_SEPARATOR)]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = [v.strip() for v in value]
    else:
        return (), [f"{shown(value)} is not a list of serial numbers"]
    problems: list[str] = []
    limit = SIZES["serial"]
    seen: set[str] = set()
    for serial in parts:
        if not serial:
            problems.append(f"{shown(value)} holds an empty serial number")
        elif len(serial) > limit:
            problems.append(f"{shown(serial)} is longer than the {limit} characters of a serial")
        elif any(ord(c) < 32 or c == "\x7f" for c in serial):
            problems.append(f"{shown(serial)} holds a control character")
        elif serial in seen:
            problems.append(f"{shown(serial)} is listed twice in the line")
        seen.add(serial)
    if quantity is not None and len(parts) > quantity:
        problems.append(f"{len(parts)} serial numbers for a quantity of {quantity}")
    return (tuple(parts), []) if not problems else ((), problems)
