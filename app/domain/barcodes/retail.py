"""EAN / UPC / GTIN: the digits of retail barcodes (EAN-13, UPC-A, EAN-8, UPC-E, ITF-14) read
as a GTIN-14. A wrong check digit is refused, never corrected.
"""

from __future__ import annotations

from typing import Final

from biip.checksums import gs1_standard_check_digit
from biip.gtin import Gtin
from biip.symbology import GS1Symbology
from biip.upc import Upc, UpcFormat

from app.domain.barcodes.codes import _AGAIN, ScannedCode, _is_digits, _Scan, _shown
from app.domain.errors import InvalidBarcode
from app.domain.message import Message


def gtin_check_digit(body: str) -> int:
    """The GS1 mod-10 check digit for the digits ``body`` (the code without its check digit).

    Raises ``ValueError`` if ``body`` is not all digits.
    """
    return gs1_standard_check_digit(body)


_GTIN_LENGTHS: Final = frozenset({8, 12, 13, 14})
# Length of the content of an ``]E3`` scan -> length of the main code before its add-on.
_ADD_ON_SPLIT: Final = {15: 13, 18: 13, 14: 12, 17: 12, 10: 8, 13: 8}


def _interpret_ean_upc(scan: _Scan, key: str) -> ScannedCode:
    content = scan.content
    add_on: str | None = None
    if key == GS1Symbology.EAN_13_WITH_ADD_ON.value:
        main_length = _ADD_ON_SPLIT.get(len(content))
        if main_length is None or not _is_digits(content):
            raise InvalidBarcode(
                Message(
                    "EAN/UPC barcode with add-on {code} could not be split. {again}",
                    code=_shown(content),
                    again=_AGAIN,
                )
            )
        content, add_on = content[:main_length], content[main_length:]
    if not _is_digits(content):
        raise InvalidBarcode(
            Message(
                "EAN/UPC barcode {code} holds something other than digits. {again}",
                code=_shown(content),
                again=_AGAIN,
            )
        )
    length = len(content)
    if key == GS1Symbology.EAN_8.value and length != 8:
        raise InvalidBarcode(
            Message(
                "EAN-8 barcode {code} does not have 8 digits. {again}", code=content, again=_AGAIN
            )
        )
    if length in (6, 7) and key != GS1Symbology.EAN_8.value:
        # UPC-E sent without number system and/or check digit: biip computes the check digit.
        gtin = _upc_e_gtin14(content)
        if gtin is None:
            raise InvalidBarcode(
                Message("UPC-E barcode {code} is not valid. {again}", code=content, again=_AGAIN)
            )
        return scan.product(gtin, gtin=gtin, add_on=add_on)
    if length not in _GTIN_LENGTHS:
        raise InvalidBarcode(
            Message(
                "EAN/UPC barcode {code} has {length} digits. {again}",
                code=content,
                length=length,
                again=_AGAIN,
            )
        )
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
            Message(
                "Invalid barcode {code}: the check digit is wrong (read as EAN-8 and as UPC-E). "
                "{again}",
                code=digits,
                again=_AGAIN,
            )
        )
    alternative = second if first is not None and second is not None else None
    if alternative == value:
        alternative = None
    return scan.product(value, gtin=value, add_on=add_on, alternative_value=alternative)


def _strict_gtin(digits: str) -> str:
    gtin = _gtin14(digits)
    if gtin is None:
        raise InvalidBarcode(
            Message(
                "Invalid barcode {code}: the check digit is wrong. {again}",
                code=digits,
                again=_AGAIN,
            )
        )
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
