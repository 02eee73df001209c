"""What a scan is understood as, and what the readers of each kind of code share.

``ScannedCode`` and ``CodeKind`` are what ``interpret`` returns; ``InterpreterConfig`` holds a
station's settings. The rest (the scan being read, limits, the endings of messages, a code shown
in a message) is shared by ``reader``, ``retail`` and ``gs1``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from biip.gs1_application_identifiers import GS1ApplicationIdentifier

from app.domain.message import Message

MAX_CODE_LENGTH = 512
#: The longest plain code (a product's own barcode, a badge, slip, tote, box or command code):
#: the size of the columns they are kept in. GS1 messages and Digital Link URIs may be longer,
#: up to ``MAX_CODE_LENGTH``.
MAX_PLAIN_CODE_LENGTH = 64


class CodeKind(StrEnum):
    """What a scanned code stands for."""

    PRODUCT = "product"
    BADGE = "badge"
    ORDER_SLIP = "order_slip"
    TOTE = "tote"
    BOX = "box"
    COMMAND = "command"
    SSCC = "sscc"
    """A logistic unit (pallet, case) identified by a GS1 SSCC, AI 00, without a GTIN."""


_GS = "\x1d"


@dataclass(frozen=True)
class InterpreterConfig:
    """Per-station settings that decide how internal codes are told apart and GS1 is read.

    ``gs1_separators`` and ``substitute_separator`` together are the characters that end a
    variable-length GS1 field. The substitute (for scanners that cannot send GS) must be a single
    character that no GS1 field may contain, such as "|", "~", "^" or "#"; an empty string means
    none. Invalid separators raise ``ValueError`` when the config is made.
    ``gs1_without_symbology`` lets codes without a symbology identifier be read as GS1 when they
    look like GS1; ``detect_lost_separator`` refuses a lot or serial that ends with what reads as
    the fields after it (see the ``app.domain.barcodes`` docstring for both).
    """

    badge_prefix: str = "BDG"
    order_prefix: str = "ORD"
    tote_prefix: str = "TOT"
    box_prefix: str = "BOX"
    command_prefix: str = "CMD"
    gs1_separators: tuple[str, ...] = (_GS,)
    substitute_separator: str | None = None
    gs1_without_symbology: bool = True
    detect_lost_separator: bool = True

    def __post_init__(self) -> None:
        for separator in self.separators:
            _check_separator(separator)

    @property
    def separators(self) -> tuple[str, ...]:
        """Every character that ends a GS1 field: ``gs1_separators`` plus the substitute."""
        if not self.substitute_separator:
            return self.gs1_separators
        return (*self.gs1_separators, self.substitute_separator)


@dataclass(frozen=True)
class ScannedCode:
    """A code understood. For products ``value`` is the lookup key: the GTIN-14 of a GTIN, the
    code as scanned for anything else. For internal codes it is the whole code.

    ``raw`` is the input unchanged. ``symbology`` is the AIM identifier as sent (``"]C1"``), or
    None. ``gtin`` is the GTIN-14 of the item (EAN/UPC, AI 01 or a Digital Link); ``lot`` (AI 10),
    ``expiry`` (AI 17), ``serial`` (AI 21), ``count`` (AI 30, else 37), ``sscc`` (AI 00, 18
    digits) and ``content_gtin`` (AI 02, GTIN-14 of the items inside a logistic unit) come from
    GS1 data. ``add_on`` is the 2- or 5-digit EAN/UPC add-on (``]E3``). ``alternative_value`` is
    the other reading of an 8-digit code valid both as EAN-8 and as UPC-E. ``hri`` is the GS1
    printed form ("(01)...(10)...") of any GS1 code.
    """

    raw: str
    kind: CodeKind
    value: str
    symbology: str | None = None
    gtin: str | None = None
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None
    count: int | None = None
    sscc: str | None = None
    content_gtin: str | None = None
    add_on: str | None = None
    alternative_value: str | None = None
    hri: str | None = None


UNEXPECTED_FAILURE: Final = Message(  # the message of a failure that is a bug
    "This code could not be interpreted. Scan again; if it keeps happening, "
    "show the barcode to a supervisor."
)

_AGAIN = Message("Scan again; if it keeps failing, the label is misprinted.")
_SCANNER = Message(
    "Check the scanner's GS1 settings; if it keeps happening, the label is misprinted."
)
_SHOWN_MAX = 40
_DIGITS = re.compile(r"[0-9]+", re.ASCII)


@dataclass(frozen=True)
class _Scan:
    raw: str
    symbology: str | None
    content: str
    config: InterpreterConfig

    def product(
        self,
        value: str,
        *,
        gtin: str | None = None,
        add_on: str | None = None,
        alternative_value: str | None = None,
    ) -> ScannedCode:
        return ScannedCode(
            raw=self.raw,
            kind=CodeKind.PRODUCT,
            value=value,
            symbology=self.symbology,
            gtin=gtin,
            add_on=add_on,
            alternative_value=alternative_value,
        )


def _check_separator(separator: str) -> None:
    if len(separator) != 1:
        raise ValueError(f"A GS1 separator must be one character, got {separator!r}.")
    lot_ai = GS1ApplicationIdentifier.extract("10")
    if separator.isalnum() or separator == " " or re.fullmatch(lot_ai.pattern, "10" + separator):
        raise ValueError(
            f"{separator!r} cannot be a GS1 separator: GS1 fields may contain it. "
            'Use a character such as "|", "~", "^" or "#".'
        )


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _shown(text: str) -> str:
    """``text`` as it may appear in a message: printable, not too long."""
    printable = "".join(char if char.isprintable() else "<GS>" for char in text)
    if len(printable) > _SHOWN_MAX:
        return printable[: _SHOWN_MAX - 1] + "…"
    return printable


def _has_gs(text: str, config: InterpreterConfig) -> bool:
    return any(separator in text for separator in config.gs1_separators)


def _is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))
