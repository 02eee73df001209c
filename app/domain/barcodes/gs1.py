"""GS1 data: element strings (with or without their separators), the printed form
("(01)...(10)..."), Digital Link URIs, and the checks for a lost separator. Parsing is ``biip``'s;
this module explains what it cannot read and turns what it reads into a ``ScannedCode``.
"""

from __future__ import annotations

import re
from typing import Final

from biip import ParseConfig
from biip.checksums import gs1_standard_check_digit
from biip.gs1_application_identifiers import GS1ApplicationIdentifier
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from biip.gs1_element_strings import GS1ElementString
from biip.gs1_messages import GS1Message

from app.domain.barcodes.codes import (
    _AGAIN,
    _SCANNER,
    CodeKind,
    InterpreterConfig,
    ScannedCode,
    _is_digits,
    _is_url,
    _Scan,
    _shown,
)
from app.domain.errors import InvalidBarcode
from app.domain.message import Message

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

# SSCC and GTIN are the same words in every language: plain text, not messages.
_FIELD_NAMES: Final[dict[str, str]] = {
    "00": "SSCC",
    "01": "GTIN",
    "02": Message("GTIN of the contents"),
    "10": Message("lot number"),
    "11": Message("production date"),
    "12": Message("due date"),
    "13": Message("packaging date"),
    "15": Message("best-before date"),
    "16": Message("sell-by date"),
    "17": Message("expiry date"),
    "21": Message("serial number"),
    "22": Message("consumer product variant"),
    "30": Message("count"),
    "37": Message("count"),
}


def _starts_like_gs1(content: str) -> bool:
    """AI 00 + an SSCC or AI 01/02 + a GTIN-14, with a valid check digit, at the start."""
    match = _GS1_START.match(content)
    if match is None:
        return False
    number = match.group(1) or match.group(2)
    return gs1_standard_check_digit(number[:-1]) == int(number[-1])


def _interpret_gs1(scan: _Scan, *, allow_uri: bool) -> ScannedCode:
    separators = "".join(scan.config.separators)
    content = scan.content.strip(separators).strip()
    if not content:
        raise InvalidBarcode(Message("GS1 barcode holds no data. {again}", again=_AGAIN))
    if not all(char.isascii() for char in content if char not in separators):
        raise InvalidBarcode(
            Message(
                "GS1 barcode {code} holds characters GS1 does not allow. {again}",
                code=_shown(content),
                again=_AGAIN,
            )
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
                Message(
                    "GS1 separator missing: the {field} swallowed the next field (it reached "
                    "its maximum of {limit} characters and the rest does not fit). {check}",
                    field=name,
                    limit=limit,
                    check=_SCANNER,
                )
            )
    where = (
        Message("after the {field}", field=_field_name(previous.ai))
        if previous is not None
        else Message("at the start")
    )
    try:
        ai: GS1ApplicationIdentifier | None = GS1ApplicationIdentifier.extract(rest)
    except Exception:
        ai = None
    if ai is None:
        first = rest[0]
        if first.isdigit():
            return InvalidBarcode(
                Message(
                    "GS1 barcode not readable: unknown GS1 field {start}... {where}. {again}",
                    start=_shown(rest[:4]),
                    where=where,
                    again=_AGAIN,
                )
            )
        if previous is not None and previous.ai.separator_required:
            return InvalidBarcode(
                Message(
                    "GS1 barcode not readable: unexpected character {character} {where}. "
                    "If the scanner sends {sent} in place of the GS1 separator, set it as the "
                    "station's substitute separator. {again}",
                    character=repr(_shown(first)),
                    where=where,
                    sent=repr(first),
                    again=_AGAIN,
                )
            )
        return InvalidBarcode(
            Message(
                "GS1 barcode not readable: unexpected character {character} {where}. {again}",
                character=repr(_shown(first)),
                where=where,
                again=_AGAIN,
            )
        )
    data = repr(_shown(rest[len(ai.ai) :][:20]))
    if ai.ai in _DATE_AIS:
        return InvalidBarcode(
            Message(
                "GS1 barcode not readable: the {field} {data} is not a real date. {again}",
                field=_field_name(ai),
                data=data,
                again=_AGAIN,
            )
        )
    return InvalidBarcode(
        Message(
            "GS1 barcode not readable: the {field} field {ai} is malformed ({data}). {again}",
            field=_field_name(ai),
            ai=str(ai),
            data=data,
            again=_AGAIN,
        )
    )


# --- Lost separators ----------------------------------------------------------------------------


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
                Message(
                    "GS1 separator missing: the {field} swallowed the next field (the {field} "
                    "{value} ends in {tail}, which reads as the {next_field}). {check}",
                    field=_field_name(element.ai),
                    value=repr(_shown(value)),
                    tail="".join(part.as_hri() for part in swallowed),
                    next_field=_field_name(swallowed[0].ai),
                    check=_SCANNER,
                )
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


# --- Printed form, Digital Link, the code understood --------------------------------------------


def _gs1_from_hri(scan: _Scan, content: str) -> ScannedCode:
    try:
        message = GS1Message.parse_hri(content, config=_parse_config(scan.config))
    except Exception as exc:
        raise InvalidBarcode(
            Message(
                "GS1 text {code} could not be read: every field must be an AI in parentheses "
                "followed by its data. {again}",
                code=_shown(content),
                again=_AGAIN,
            )
        ) from exc
    return _from_elements(scan, list(message.element_strings))


def _digital_link(scan: _Scan, content: str, *, required: bool) -> ScannedCode | None:
    """A Digital Link URI; None for a URI that is not one (unless ``required``)."""
    try:
        uri = GS1DigitalLinkURI.parse(content, config=_parse_config(scan.config))
    except Exception as exc:
        if required or _DIGITAL_LINK_KEY.search(content):
            raise InvalidBarcode(
                Message(
                    "GS1 Digital Link {code} could not be read. {again}",
                    code=_shown(content),
                    again=_AGAIN,
                )
            ) from exc
        return None
    return _from_elements(scan, list(uri.element_strings))


def _from_elements(scan: _Scan, elements: list[GS1ElementString]) -> ScannedCode:
    by_ai: dict[str, GS1ElementString] = {}
    for element in elements:
        earlier = by_ai.setdefault(element.ai.ai, element)
        if earlier.value != element.value:
            raise InvalidBarcode(
                Message(
                    "GS1 barcode holds the {field} twice, with different values "
                    "({first} and {second}). {again}",
                    field=_field_name(element.ai),
                    first=repr(earlier.value),
                    second=repr(element.value),
                    again=_AGAIN,
                )
            )
    gtin = _element_gtin(by_ai.get("01"))
    content_gtin = _element_gtin(by_ai.get("02"))
    sscc: str | None = None
    if (sscc_element := by_ai.get("00")) is not None:
        if sscc_element.sscc is None:
            raise InvalidBarcode(
                Message(
                    "Invalid SSCC {code}: the check digit is wrong. {again}",
                    code=sscc_element.value,
                    again=_AGAIN,
                )
            )
        sscc = sscc_element.sscc.value
    count: int | None = None
    if (count_element := by_ai.get("30") or by_ai.get("37")) is not None:
        if not _is_digits(count_element.value):
            raise InvalidBarcode(Message("GS1 barcode holds an empty count. {again}", again=_AGAIN))
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
            Message(
                "Invalid {field} {code} in the GS1 barcode: the check digit is wrong. {again}",
                field=_field_name(element.ai),
                code=element.value,
                again=_AGAIN,
            )
        )
    return element.gtin.as_gtin_14()


def _field_name(ai: GS1ApplicationIdentifier) -> str:
    known = _FIELD_NAMES.get(ai.ai)
    if known is not None:
        return known
    return Message("field {ai} ({title})", ai=str(ai), title=ai.data_title)


def _max_data_length(ai: GS1ApplicationIdentifier) -> int | None:
    """The most characters the data of ``ai`` may have, from biip's format ("N2+X..20")."""
    total = 0
    for part in ai.format.split("+")[1:]:
        match = _FORMAT_PART.fullmatch(part)
        if match is None:
            return None
        total += int(match.group(1))
    return total
