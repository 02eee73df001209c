"""``interpret``: the one entry point. Checks the characters of a scan, splits off its
symbology identifier and hands the content to the reader it calls for (``retail`` for EAN/UPC,
``gs1`` for GS1 data); internal codes and codes without a declared symbology are told apart here.
The rules are in the docstring of ``app.domain.barcodes``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from biip.symbology import GS1Symbology, ISOSymbology

from app.domain.barcodes.codes import (
    _AGAIN,
    MAX_CODE_LENGTH,
    MAX_PLAIN_CODE_LENGTH,
    UNEXPECTED_FAILURE,
    CodeKind,
    InterpreterConfig,
    ScannedCode,
    _has_gs,
    _is_digits,
    _is_url,
    _Scan,
    _shown,
)
from app.domain.barcodes.gs1 import _digital_link, _gs1_from_hri, _interpret_gs1, _starts_like_gs1
from app.domain.barcodes.retail import (
    _GTIN_LENGTHS,
    _interpret_ean_upc,
    _numeric_gtin,
    _strict_gtin,
)
from app.domain.errors import InvalidBarcode
from app.domain.message import Message


def interpret(raw: str, config: InterpreterConfig | None = None) -> ScannedCode:
    """Understand ``raw`` or raise ``InvalidBarcode`` saying what is wrong with it.

    Never raises anything but ``InvalidBarcode``; see the ``app.domain.barcodes`` docstring for
    the rules.
    """
    config = config or InterpreterConfig()
    try:
        return _interpret(raw, config)
    except InvalidBarcode:
        raise
    except Exception as exc:
        # A safety net: a scan must never crash the station. Reaching it is a bug.
        raise InvalidBarcode(UNEXPECTED_FAILURE) from exc


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

_HRI_START = re.compile(r"\([0-9]{2,4}\)", re.ASCII)

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


def _interpret(raw: str, config: InterpreterConfig) -> ScannedCode:
    code = raw.strip()
    if not code:
        raise InvalidBarcode(Message("Empty scan: nothing was read. Scan again."))
    if len(code) > MAX_CODE_LENGTH:
        raise InvalidBarcode(
            Message(
                "Scan too long ({length} characters, at most {most}). Scan one barcode at a time.",
                length=len(code),
                most=MAX_CODE_LENGTH,
            )
        )
    _check_characters(code, config.separators)
    symbology, content = _split_symbology(code)
    if not content:
        raise InvalidBarcode(
            Message(
                "Only the scanner's symbology identifier {symbology} was read, no data. "
                "Scan again.",
                symbology=symbology,
            )
        )
    scan = _Scan(raw=raw, symbology=symbology, content=content, config=config)
    key = symbology[1:] if symbology else None
    if key in _GS1_MESSAGE_SYMBOLOGIES:
        return _interpret_gs1(scan, allow_uri=key in _DIGITAL_LINK_SYMBOLOGIES)
    if key in _EAN_UPC_SYMBOLOGIES:
        return _interpret_ean_upc(scan, key)
    if key in _ADD_ON_SYMBOLOGIES:
        raise InvalidBarcode(
            Message(
                "Only the small add-on part of an EAN/UPC barcode was read. "
                "Scan the main barcode next to it."
            )
        )
    if key == GS1Symbology.ITF_14.value and len(content) == 14 and _is_digits(content):
        gtin = _strict_gtin(content)
        return scan.product(gtin, gtin=gtin)
    return _interpret_other(scan, key)


# --- Characters and symbology identifiers -------------------------------------------------------


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
            Message(
                "Scan contains control characters ({controls}) that no barcode here carries. "
                "Check the scanner's prefix/suffix settings and scan again.",
                controls=", ".join(controls),
            )
        )
    if unreadable:
        raise InvalidBarcode(
            Message(
                "Scan contains unreadable characters; the scanner may be set to the wrong "
                "keyboard layout or interface. Check the scanner and scan again."
            )
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


# --- Internal codes, plain codes ----------------------------------------------------------------


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
            _check_plain_length(code)
            if _has_gs(code, config):
                raise InvalidBarcode(
                    Message(
                        "The code {code} contains a GS1 separator (GS), which an internal code "
                        "never does. {again}",
                        code=_shown(code),
                        again=_AGAIN,
                    )
                )
            return ScannedCode(
                raw=scan.raw, kind=kind, value=code.upper(), symbology=scan.symbology
            )
    return None


def _as_scanned(scan: _Scan) -> ScannedCode:
    if _has_gs(scan.content, scan.config):
        raise InvalidBarcode(
            Message(
                "The code {code} contains a GS1 separator (GS) but was not read as a GS1 "
                "barcode. {again}",
                code=_shown(scan.content),
                again=_AGAIN,
            )
        )
    _check_plain_length(scan.content)
    return scan.product(scan.content)


def _check_plain_length(code: str) -> None:
    """A plain code longer than any kept here is an invalid barcode, not an unknown one."""
    if len(code) > MAX_PLAIN_CODE_LENGTH:
        raise InvalidBarcode(
            Message(
                "Code too long ({length} characters; a code here has at most {most}). "
                "Scan one barcode at a time.",
                length=len(code),
                most=MAX_PLAIN_CODE_LENGTH,
            )
        )
