"""Interpret a scanned code the way a warehouse means it.

One entry point, ``interpret``, for every code a station meets: retail GTINs (EAN-13, UPC-A,
EAN-8, UPC-E, ITF-14), GS1 element strings (GS1-128, GS1 DataMatrix, GS1 QR, GS1 DataBar, and
their printed "(01)...(10)..." form), GS1 Digital Link URIs, internal Code 128 codes told apart
by prefix (badge, order slip, tote, box, command), and anything else a product may carry.
GS1 parsing is done by ``biip``; this module decides what a scan *means* and what is refused.

What callers may rely on:

* ``interpret`` returns a ``ScannedCode`` or raises ``InvalidBarcode`` with a message written
  for a packer. It raises nothing else, whatever text it is given. It does no I/O.
* A check digit is never corrected: a wrong one is refused ("the check digit is wrong").
* For products ``value`` is the lookup key: the GTIN-14 of any GTIN (UPC-A ``036000291452``,
  EAN-13 ``0036000291452`` and GTIN-14 ``00036000291452`` all give ``00036000291452``; UPC-E
  is expanded first), else the code as scanned, stripped of whitespace and of the symbology
  identifier. GS1 data with neither a GTIN (AI 01) nor an SSCC (AI 00) has its GS1 printed form
  ("(10)ABC") as ``value``. A logistic unit (AI 00 without AI 01) is ``CodeKind.SSCC`` with the
  18-digit SSCC as ``value``. Internal codes have the whole code, upper-cased, as ``value``.

Rules for the ambiguous cases:

* Symbology identifiers (AIM, ISO/IEC 15424: ``]C1``, ``]E0``, ``]d2`` ...) at the start are
  stripped and kept in ``ScannedCode.symbology``. They decide how the rest is read:
  ``]C1 ]e0 ]e1 ]e2 ]d2 ]Q3 ]J1`` must hold GS1 data (``]d2``/``]Q3`` may also hold a Digital
  Link URI); ``]E0 ]E3 ]E4`` must hold an EAN/UPC; ``]I1`` with 14 digits must be an ITF-14 GTIN.
  Any other identifier (``]C0`` plain Code 128, ``]A0`` Code 39, ``]Q1`` plain QR ...) is never
  read as GS1 element strings; its content is an internal code, a GTIN if it is 8/12/13/14 digits
  with a valid check digit, a Digital Link URI if a 2D code holds one, else the code as scanned.
* 8 digits are either an EAN-8 or a UPC-E (number system 0 or 1). ``]E4`` means EAN-8 only.
  ``]E0`` (the identifier of UPC-E; EAN-8 should come as ``]E4``) prefers UPC-E and falls back to
  EAN-8. Without an identifier EAN-8 is preferred when its check digit is valid, as biip does, and
  UPC-E is tried otherwise. When both readings are valid the other one is in
  ``alternative_value`` (a service may look it up when ``value`` is not found; the two can never
  be the same product, as a UPC-A starting with 0000 is not issued).
* Without a symbology identifier (scanner not set to send them), 8/12/13/14 digits are a GTIN and
  a wrong check digit is refused; text starting "(" and a GS1 AI is the GS1 printed form; and,
  unless ``InterpreterConfig.gs1_without_symbology`` is off, text starting with two digits and
  containing a GS, or starting with AI 00 + a valid SSCC or AI 01/02 + a valid GTIN-14, is read
  as GS1 element strings.
* Separators: GS (ASCII 29) and the station's ``substitute_separator`` (for scanners that send
  e.g. "|" for FNC1) end a variable-length GS1 field. Anywhere else GS is refused.
* Lost separator: a variable-length field (lot, serial) without its GS swallows what follows.
  The scan is refused ("GS1 separator missing: ...") when the field's value ends with what reads as
  further GS1 fields that start with a production, best-before or expiry date (AI 11/15/17, a
  real date) or a GTIN (AI 01, valid check digit), that are all common AIs (00-02, 10, 11-17, 21,
  30, 37), and that are not otherwise in the code (``detect_lost_separator`` switches this off);
  and when the code cannot be read past a variable-length field that ended at its maximum length
  without a separator. Trade-offs: a lot that merely contains "10" or "21" is accepted, as a lost
  separator before a lot or serial cannot be told from such a lot; an all-digit lot or serial
  that happens to end in "17" + a real date (or 11/15 + date, 01 + GTIN) in a code without that
  field is refused: about 1 in 1000 random 12-20 digit serials, practically never a lot with
  letters.
* Expiry is AI 17; day 00 means the last day of the month. Count is AI 30, else AI 37.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Final

from biip import ParseConfig
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin
from biip.symbology import GS1Symbology, ISOSymbology
from biip.upc import Upc, UpcFormat

from app.domain.errors import InvalidBarcode

MAX_CODE_LENGTH = 512


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
    the fields after it (see the module docstring for both).
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


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits ``body`` (the code without its check digit).

    Raises ``ValueError`` if ``body`` is not all digits.
    """
    return gs1_standard_check_digit(body)


UNEXPECTED_FAILURE: Final = (  # the message of a failure that is a bug
    "This code could not be interpreted. Scan again; if it keeps happening, "
    "show the barcode to a supervisor."
)


def interpret(raw: str, config: InterpreterConfig | None = None) -> ScannedCode:
    """Understand ``raw`` or raise ``InvalidBarcode`` saying what is wrong with it.

    Never raises anything but ``InvalidBarcode``; see the module docstring for the rules.
    """
    config = config or InterpreterConfig()
    try:
        return _interpret(raw, config)
    except InvalidBarcode:
        raise
    except Exception as exc:
        # A safety net: a scan must never crash the station. Reaching it is a bug.
        raise InvalidBarcode(UNEXPECTED_FAILURE) from exc


_AGAIN = "Scan again; if it keeps failing, the label is misprinted."
_SCANNER = "Check the scanner's GS1 settings; if it keeps happening, the label is misprinted."
_GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})
_SHOWN_MAX = 40

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
_AIM_ID = re.compile(r"\]([A-Za-z])([0-9A-Za-z])", re.ASCII)
_ISO_LETTERS: Final = frozenset(symbology.value for symbology in ISOSymbology)
_GS1_MESSAGE_SYMBOLOGIES: Final = frozenset(
    {symbology.value for symbology in GS1Symbology.with_gs1_messages()}
    | {
        GS1Symbology.GS1_COMPOSITE_WITH_SEPARATOR_CHAR.value,
        GS1Symbology.GS1_COMPOSITE_WITH_ESCAPE_CHAR.value,
    }
)
_DIGITAL_LINK_SYMBOLOGIES: Final = frozenset(
    symbology.value for symbology in GS1Symbology.with_gs1_digital_link_uri()
)
_EAN_UPC_SYMBOLOGIES: Final = frozenset(
    {GS1Symbology.EAN_13.value, GS1Symbology.EAN_13_WITH_ADD_ON.value, GS1Symbology.EAN_8.value}
)
_ADD_ON_SYMBOLOGIES: Final = frozenset(
    {GS1Symbology.EAN_TWO_DIGIT_ADD_ON.value, GS1Symbology.EAN_FIVE_DIGIT_ADD_ON.value}
)
# 2D symbologies (QR, DataMatrix, Aztec, DotCode) whose plain form may carry a Digital Link URI.
_URI_LETTERS: Final = frozenset({"Q", "d", "z", "J"})
# Length of the content of an ``]E3`` scan -> length of the main code before its add-on.
_ADD_ON_SPLIT: Final = {15: 13, 18: 13, 14: 12, 17: 12, 10: 8, 13: 8}

_HRI_START = re.compile(r"\([0-9]{2,4}\)", re.ASCII)
_GS1_START = re.compile(r"00([0-9]{18})|0[12]([0-9]{14})", re.ASCII)
_DIGITAL_LINK_KEY = re.compile(r"/0[01]/[0-9]", re.ASCII)
_FORMAT_PART = re.compile(r"\[?[NXYZ](?:\.\.)?([0-9]+)\]?", re.ASCII)

_DATE_AIS: Final = frozenset({"11", "12", "13", "15", "16", "17"})
# Variable-length fields checked for having swallowed the fields after a lost separator.
_SWALLOWING_AIS: Final = frozenset({"10", "21", "22", "240", "241", "250", "251"})
# A swallowed tail starts with one of these (production, best-before, expiry date; GTIN) and
# consists of common fields only. Few AIs keep false alarms on numeric lots and serials rare.
_SWALLOWED_FIRST_AIS: Final = frozenset({"11", "15", "17", "01"})
_SWALLOWED_AIS: Final = _DATE_AIS | {"00", "01", "02", "10", "21", "30", "37"}

_FIELD_NAMES: Final = {
    "00": "SSCC",
    "01": "GTIN",
    "02": "GTIN of the contents",
    "10": "lot number",
    "11": "production date",
    "12": "due date",
    "13": "packaging date",
    "15": "best-before date",
    "16": "sell-by date",
    "17": "expiry date",
    "21": "serial number",
    "22": "consumer product variant",
    "30": "count",
    "37": "count",
}
_CONTROL_NAMES: Final = {
    "\x00": "NUL",
    "\x04": "EOT",
    "\t": "TAB",
    "\n": "LF",
    "\r": "CR",
    "\x1b": "ESC",
    "\x1c": "FS",
    "\x1d": "GS",
    "\x1e": "RS",
    "\x1f": "US",
    "\x7f": "DEL",
}


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


def _interpret(raw: str, config: InterpreterConfig) -> ScannedCode:
    code = raw.strip()
    if not code:
        raise InvalidBarcode("Empty scan: nothing was read. Scan again.")
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidBarcode(
            f"Scan too long ({len(code)} characters, at most {MAX_CODE_LENGTH}). "
            "Scan one barcode at a time."
        )
    _check_characters(code, config.separators)
    symbology, content = _split_symbology(code)
    if not content:
        raise InvalidBarcode(
            f"Only the scanner's symbology identifier {symbology} was read, no data. Scan again."
        )
    scan = _Scan(raw=raw, symbology=symbology, content=content, config=config)
    key = symbology[1:] if symbology else None
    if key in _GS1_MESSAGE_SYMBOLOGIES:
        return _interpret_gs1(scan, allow_uri=key in _DIGITAL_LINK_SYMBOLOGIES)
    if key in _EAN_UPC_SYMBOLOGIES:
        return _interpret_ean_upc(scan, key)
    if key in _ADD_ON_SYMBOLOGIES:
        raise InvalidBarcode(
            "Only the small add-on part of an EAN/UPC barcode was read. "
            "Scan the main barcode next to it."
        )
    if key == GS1Symbology.ITF_14.value and len(content) == 14 and _is_digits(content):
        gtin = _strict_gtin(content)
        return scan.product(gtin, gtin=gtin)
    return _interpret_other(scan, key)


# --- Characters and symbology identifiers ---------------------------------------------------


def _check_separator(separator: str) -> None:
    if len(separator) != 1:
        raise ValueError(f"A GS1 separator must be one character, got {separator!r}.")
    lot_ai = GS1ApplicationIdentifier.extract("10")
    if separator.isalnum() or separator == " " or re.fullmatch(lot_ai.pattern, "10" + separator):
        raise ValueError(
            f"{separator!r} cannot be a GS1 separator: GS1 fields may contain it. "
            'Use a character such as "|", "~", "^" or "#".'
        )


def _check_characters(code: str, separators: tuple[str, ...]) -> None:
    controls: list[str] = []
    unreadable = False
    for char in code:
        if char in separators:
            continue
        if unicodedata.category(char) == "Cc":
            name = _CONTROL_NAMES.get(char, f"0x{ord(char):02X}")
            if name not in controls:
                controls.append(name)
        elif char == "\ufffd" or not char.isprintable():
            unreadable = True
    if controls:
        raise InvalidBarcode(
            f"Scan contains control characters ({', '.join(controls)}) that no barcode here "
            "carries. Check the scanner's prefix/suffix settings and scan again."
        )
    if unreadable:
        raise InvalidBarcode(
            "Scan contains unreadable characters; the scanner may be set to the wrong keyboard "
            "layout or interface. Check the scanner and scan again."
        )


def _split_symbology(code: str) -> tuple[str | None, str]:
    """Split off a leading AIM symbology identifier ("]" + code character + modifier)."""
    match = _AIM_ID.match(code)
    if match is None or match.group(1) not in _ISO_LETTERS:
        return None, code
    identifier = match.group(0)
    if match.group(1) == ISOSymbology.SYSTEM_EXPANSION.value:
        # "]Y" + digit n + n more modifier characters.
        modifier = match.group(2)
        if not modifier.isdigit():
            return None, code
        extra = code[3 : 3 + int(modifier)]
        if len(extra) != int(modifier) or (extra and not (extra.isascii() and extra.isalnum())):
            return None, code
        identifier = code[: 3 + len(extra)]
    return identifier, code[len(identifier) :].strip()


def _is_digits(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None


def _shown(text: str) -> str:
    """``text`` as it may appear in a message: printable, not too long."""
    printable = "".join(char if char.isprintable() else "<GS>" for char in text)
    if len(printable) > _SHOWN_MAX:
        return printable[: _SHOWN_MAX - 1] + "…"
    return printable


# --- Internal codes, plain codes ------------------------------------------------------------


def _interpret_other(scan: _Scan, key: str | None) -> ScannedCode:
    """Content that is not declared GS1 or EAN/UPC by its symbology identifier."""
    internal = _internal_code(scan)
    if internal is not None:
        return internal
    content = scan.content
    if _is_url(content) and (key is None or key[0] in _URI_LETTERS):
        link = _digital_link(scan, content, required=False)
        return link if link is not None else _as_scanned(scan)
    if _is_digits(content) and len(content) in _GTIN_LENGTHS:
        if key is None:
            return _numeric_gtin(scan, content, prefer_upc_e=False)
        # The symbology has its own check; digits that are no valid GTIN are some other number.
        try:
            return _numeric_gtin(scan, content, prefer_upc_e=False)
        except InvalidBarcode:
            return _as_scanned(scan)
    if key is None:
        if _HRI_START.match(content):
            return _gs1_from_hri(scan, content)
        if scan.config.gs1_without_symbology and (
            (_has_gs(content, scan.config) and _is_digits(content[:2])) or _starts_like_gs1(content)
        ):
            return _interpret_gs1(scan, allow_uri=False)
    return _as_scanned(scan)


def _internal_code(scan: _Scan) -> ScannedCode | None:
    config = scan.config
    code = scan.content
    for kind, prefix in (
        (CodeKind.BADGE, config.badge_prefix),
        (CodeKind.ORDER_SLIP, config.order_prefix),
        (CodeKind.TOTE, config.tote_prefix),
        (CodeKind.BOX, config.box_prefix),
        (CodeKind.COMMAND, config.command_prefix),
    ):
        if prefix and code.upper().startswith(prefix.upper()) and len(code) > len(prefix):
            if _has_gs(code, config):
                raise InvalidBarcode(
                    f"Code {_shown(code)} contains a GS1 separator (GS), which an internal code "
                    f"never does. {_AGAIN}"
                )
            return ScannedCode(
                raw=scan.raw, kind=kind, value=code.upper(), symbology=scan.symbology
            )
    return None


def _as_scanned(scan: _Scan) -> ScannedCode:
    if _has_gs(scan.content, scan.config):
        raise InvalidBarcode(
            f"Code {_shown(scan.content)} contains a GS1 separator (GS) but was not read as a "
            f"GS1 barcode. {_AGAIN}"
        )
    return scan.product(scan.content)


def _has_gs(text: str, config: InterpreterConfig) -> bool:
    return any(separator in text for separator in config.gs1_separators)


def _is_url(text: str) -> bool:
    return text[:8].lower().startswith(("http://", "https://"))


def _starts_like_gs1(content: str) -> bool:
    """AI 00 + an SSCC or AI 01/02 + a GTIN-14, with a valid check digit, at the start."""
    match = _GS1_START.match(content)
    if match is None:
        return False
    number = match.group(1) or match.group(2)
    return gs1_standard_check_digit(number[:-1]) == int(number[-1])


# --- EAN / UPC / GTIN -----------------------------------------------------------------------


def _interpret_ean_upc(scan: _Scan, key: str) -> ScannedCode:
    content = scan.content
    add_on: str | None = None
    if key == GS1Symbology.EAN_13_WITH_ADD_ON.value:
        main_length = _ADD_ON_SPLIT.get(len(content))
        if main_length is None or not _is_digits(content):
            raise InvalidBarcode(
                f"EAN/UPC barcode with add-on {_shown(content)} could not be split. {_AGAIN}"
            )
        content, add_on = content[:main_length], content[main_length:]
    if not _is_digits(content):
        raise InvalidBarcode(
            f"EAN/UPC barcode {_shown(content)} holds something other than digits. {_AGAIN}"
        )
    length = len(content)
    if key == GS1Symbology.EAN_8.value and length != 8:
        raise InvalidBarcode(f"EAN-8 barcode {content} does not have 8 digits. {_AGAIN}")
    if length in (6, 7) and key != GS1Symbology.EAN_8.value:
        # UPC-E sent without number system and/or check digit: biip computes the check digit.
        gtin = _upc_e_gtin14(content)
        if gtin is None:
            raise InvalidBarcode(f"UPC-E barcode {content} is not valid. {_AGAIN}")
        return scan.product(gtin, gtin=gtin, add_on=add_on)
    if length not in _GTIN_LENGTHS:
        raise InvalidBarcode(f"EAN/UPC barcode {content} has {length} digits. {_AGAIN}")
    if key == GS1Symbology.EAN_8.value:
        gtin = _strict_gtin(content)
        return scan.product(gtin, gtin=gtin, add_on=add_on)
    return _numeric_gtin(scan, content, prefer_upc_e=True, add_on=add_on)


def _numeric_gtin(
    scan: _Scan, digits: str, *, prefer_upc_e: bool, add_on: str | None = None
) -> ScannedCode:
    """8/12/13/14 digits as a GTIN (8 digits: EAN-8 or UPC-E), refusing a wrong check digit."""
    if len(digits) != 8:
        gtin = _strict_gtin(digits)
        return scan.product(gtin, gtin=gtin, add_on=add_on)
    ean_8 = _gtin14(digits)
    upc_e = _upc_e_gtin14(digits)
    first, second = (upc_e, ean_8) if prefer_upc_e else (ean_8, upc_e)
    value = first or second
    if value is None:
        raise InvalidBarcode(
            f"Invalid barcode {digits}: the check digit is wrong (read as EAN-8 and as UPC-E). "
            f"{_AGAIN}"
        )
    alternative = second if first is not None and second is not None else None
    if alternative == value:
        alternative = None
    return scan.product(value, gtin=value, add_on=add_on, alternative_value=alternative)


def _strict_gtin(digits: str) -> str:
    gtin = _gtin14(digits)
    if gtin is None:
        raise InvalidBarcode(f"Invalid barcode {digits}: the check digit is wrong. {_AGAIN}")
    return gtin


def _gtin14(digits: str) -> str | None:
    """The GTIN-14 of ``digits`` (8/12/13/14 ASCII digits), None if its check digit is wrong."""
    try:
        return Gtin.parse(digits).as_gtin_14()
    except Exception:
        return None


def _upc_e_gtin14(digits: str) -> str | None:
    """The GTIN-14 of the UPC-A a UPC-E expands to, None if ``digits`` is no valid UPC-E."""
    try:
        upc = Upc.parse(digits)
        return upc.as_gtin_14() if upc.format == UpcFormat.UPC_E else None
    except Exception:
        return None


# --- GS1 ------------------------------------------------------------------------------------


def _interpret_gs1(scan: _Scan, *, allow_uri: bool) -> ScannedCode:
    separators = "".join(scan.config.separators)
    content = scan.content.strip(separators).strip()
    if not content:
        raise InvalidBarcode(f"GS1 barcode holds no data. {_AGAIN}")
    if not all(char.isascii() for char in content if char not in separators):
        raise InvalidBarcode(
            f"GS1 barcode {_shown(content)} holds characters GS1 does not allow. {_AGAIN}"
        )
    if allow_uri and _is_url(content):
        link = _digital_link(scan, content, required=True)
        assert link is not None
        return link
    if content.startswith("("):
        return _gs1_from_hri(scan, content)
    elements = _extract_elements(content, scan.config)
    _check_swallowed(elements, scan.config)
    return _from_elements(scan, elements)


def _parse_config(config: InterpreterConfig) -> ParseConfig:
    return ParseConfig(separator_chars=config.separators)


def _extract_elements(content: str, config: InterpreterConfig) -> list[GS1ElementString]:
    """Read element strings one by one, so that a failure can be explained."""
    parse_config = _parse_config(config)
    separators = config.separators
    elements: list[GS1ElementString] = []
    rest = content
    separated = True
    while rest:
        try:
            element = GS1ElementString.extract(rest, config=parse_config)
        except Exception as exc:
            raise _unreadable_gs1(rest, elements, separated=separated) from exc
        elements.append(element)
        rest = rest[len(element) :]
        separated = rest.startswith(separators)
        rest = rest.lstrip("".join(separators))
    return elements


def _unreadable_gs1(
    rest: str, elements: list[GS1ElementString], *, separated: bool
) -> InvalidBarcode:
    previous = elements[-1] if elements else None
    if previous is not None and previous.ai.separator_required and not separated:
        limit = _max_data_length(previous.ai)
        if limit is not None and len(previous.value) >= limit:
            name = _field_name(previous.ai)
            return InvalidBarcode(
                f"GS1 separator missing: the {name} swallowed the next field (it reached its "
                f"maximum of {limit} characters and the rest does not fit). {_SCANNER}"
            )
    where = f"after the {_field_name(previous.ai)}" if previous is not None else "at the start"
    try:
        ai: GS1ApplicationIdentifier | None = GS1ApplicationIdentifier.extract(rest)
    except Exception:
        ai = None
    if ai is None:
        first = rest[0]
        if first.isdigit():
            return InvalidBarcode(
                f"GS1 barcode not readable: unknown GS1 field {_shown(rest[:4])}... {where}. "
                f"{_AGAIN}"
            )
        hint = ""
        if previous is not None and previous.ai.separator_required:
            hint = (
                f" If the scanner sends {first!r} in place of the GS1 separator, set it as the "
                "station's substitute separator."
            )
        return InvalidBarcode(
            f"GS1 barcode not readable: unexpected character {_shown(first)!r} {where}.{hint} "
            f"{_AGAIN}"
        )
    data = _shown(rest[len(ai.ai) :][:20])
    if ai.ai in _DATE_AIS:
        return InvalidBarcode(
            f"GS1 barcode not readable: the {_field_name(ai)} {data!r} is not a real date. {_AGAIN}"
        )
    return InvalidBarcode(
        f"GS1 barcode not readable: the {_field_name(ai)} field {ai} is malformed ({data!r}). "
        f"{_AGAIN}"
    )


def _check_swallowed(elements: list[GS1ElementString], config: InterpreterConfig) -> None:
    """Refuse a variable-length field whose value ends with what reads as the fields after it."""
    if not config.detect_lost_separator:
        return
    present = {element.ai.ai for element in elements}
    for element in elements:
        if element.ai.ai not in _SWALLOWING_AIS:
            continue
        value = element.value
        for start in range(1, len(value) - 1):
            tail = value[start:]
            if tail[:2] not in _SWALLOWED_FIRST_AIS:
                continue
            swallowed = _parse_tail(tail, config)
            if swallowed is None or not _plausible_tail(swallowed, present):
                continue
            raise InvalidBarcode(
                f"GS1 separator missing: the {_field_name(element.ai)} swallowed the next field "
                f"(the {_field_name(element.ai)} {_shown(value)!r} ends in "
                f"{''.join(part.as_hri() for part in swallowed)}, which reads as the "
                f"{_field_name(swallowed[0].ai)}). {_SCANNER}"
            )


def _parse_tail(tail: str, config: InterpreterConfig) -> list[GS1ElementString] | None:
    try:
        return list(GS1Message.parse(tail, config=_parse_config(config)).element_strings)
    except Exception:
        return None


def _plausible_tail(swallowed: list[GS1ElementString], present: set[str]) -> bool:
    ais = [part.ai.ai for part in swallowed]
    if any(ai not in _SWALLOWED_AIS for ai in ais):
        return False
    if len(set(ais)) != len(ais) or present.intersection(ais):
        return False
    if any(not part.value for part in swallowed):
        return False
    first = swallowed[0]
    if first.ai.ai in _DATE_AIS:
        return first.date is not None
    return first.gtin is not None


def _gs1_from_hri(scan: _Scan, content: str) -> ScannedCode:
    try:
        message = GS1Message.parse_hri(content, config=_parse_config(scan.config))
    except Exception as exc:
        raise InvalidBarcode(
            f"GS1 text {_shown(content)} could not be read: every field must be an AI in "
            f"parentheses followed by its data. {_AGAIN}"
        ) from exc
    return _from_elements(scan, list(message.element_strings))


def _digital_link(scan: _Scan, content: str, *, required: bool) -> ScannedCode | None:
    """A Digital Link URI; None for a URI that is not one (unless ``required``)."""
    try:
        uri = GS1DigitalLinkURI.parse(content, config=_parse_config(scan.config))
    except Exception as exc:
        if required or _DIGITAL_LINK_KEY.search(content):
            raise InvalidBarcode(
                f"GS1 Digital Link {_shown(content)} could not be read. {_AGAIN}"
            ) from exc
        return None
    return _from_elements(scan, list(uri.element_strings))


def _from_elements(scan: _Scan, elements: list[GS1ElementString]) -> ScannedCode:
    by_ai: dict[str, GS1ElementString] = {}
    for element in elements:
        earlier = by_ai.setdefault(element.ai.ai, element)
        if earlier.value != element.value:
            raise InvalidBarcode(
                f"GS1 barcode holds the {_field_name(element.ai)} twice, with different values "
                f"({earlier.value!r} and {element.value!r}). {_AGAIN}"
            )
    gtin = _element_gtin(by_ai.get("01"))
    content_gtin = _element_gtin(by_ai.get("02"))
    sscc: str | None = None
    if (sscc_element := by_ai.get("00")) is not None:
        if sscc_element.sscc is None:
            raise InvalidBarcode(
                f"Invalid SSCC {sscc_element.value}: the check digit is wrong. {_AGAIN}"
            )
        sscc = sscc_element.sscc.value
    count: int | None = None
    if (count_element := by_ai.get("30") or by_ai.get("37")) is not None:
        if not _is_digits(count_element.value):
            raise InvalidBarcode(f"GS1 barcode holds an empty count. {_AGAIN}")
        count = int(count_element.value)
    hri = "".join(element.as_hri() for element in elements)
    lot = by_ai["10"].value if "10" in by_ai else None
    serial = by_ai["21"].value if "21" in by_ai else None
    expiry = by_ai["17"].date if "17" in by_ai else None
    if gtin is not None:
        kind, value = CodeKind.PRODUCT, gtin
    elif sscc is not None:
        kind, value = CodeKind.SSCC, sscc
    else:
        kind, value = CodeKind.PRODUCT, hri
    return ScannedCode(
        raw=scan.raw,
        kind=kind,
        value=value,
        symbology=scan.symbology,
        gtin=gtin,
        lot=lot,
        expiry=expiry,
        serial=serial,
        count=count,
        sscc=sscc,
        content_gtin=content_gtin,
        hri=hri,
    )


def _element_gtin(element: GS1ElementString | None) -> str | None:
    if element is None:
        return None
    if element.gtin is None:
        raise InvalidBarcode(
            f"Invalid {_field_name(element.ai)} {element.value} in the GS1 barcode: "
            f"the check digit is wrong. {_AGAIN}"
        )
    return element.gtin.as_gtin_14()


def _field_name(ai: GS1ApplicationIdentifier) -> str:
    return _FIELD_NAMES.get(ai.ai, f"field {ai} ({ai.data_title})")


def _max_data_length(ai: GS1ApplicationIdentifier) -> int | None:
    """The most characters the data of ``ai`` may have, from biip's format ("N2+X..20")."""
    total = 0
    for part in ai.format.split("+")[1:]:
        match = _FORMAT_PART.fullmatch(part)
        if match is None:
            return None
        total += int(match.group(1))
    return total
