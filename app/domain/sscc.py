"""SSCC-18, the GS1 Serial Shipping Container Code that identifies one parcel or pallet.

Eighteen digits: an extension digit (0-9, free for the company to use), the GS1 company
prefix (7 to 10 digits), a serial reference (so that these three make 17 digits) and a mod-10
check digit, the same as a GTIN's. On a label it is a GS1-128 barcode with AI 00:
``(00)106141411234567897``.
"""

from __future__ import annotations

from typing import Final

from app.domain.barcodes import gtin_check_digit
from app.domain.errors import InvalidBarcode

SSCC_LENGTH: Final = 18
_BODY_LENGTH: Final = SSCC_LENGTH - 1
MIN_PREFIX_LENGTH: Final = 7
MAX_PREFIX_LENGTH: Final = 10


def _is_digits(value: str) -> bool:
    return value.isascii() and value.isdigit()


def make_sscc(extension: int, company_prefix: str, serial_reference: int) -> str:
    """The SSCC of ``serial_reference`` under ``company_prefix``, with its check digit.

    The serial reference is zero-padded to ``16 - len(company_prefix)`` digits. Raises
    ``ValueError`` when the extension is not 0-9, the company prefix is not 7 to 10 digits, or
    the serial reference is negative or has too many digits for the prefix.
    """
    if isinstance(extension, bool) or not 0 <= extension <= 9:
        raise ValueError(f"SSCC extension digit must be 0-9, got {extension!r}")
    if not _is_digits(company_prefix) or not (
        MIN_PREFIX_LENGTH <= len(company_prefix) <= MAX_PREFIX_LENGTH
    ):
        raise ValueError(
            f"GS1 company prefix must be {MIN_PREFIX_LENGTH} to {MAX_PREFIX_LENGTH} digits, "
            f"got {company_prefix!r}"
        )
    serial_digits = _BODY_LENGTH - 1 - len(company_prefix)
    if isinstance(serial_reference, bool) or not 0 <= serial_reference < 10**serial_digits:
        raise ValueError(
            f"SSCC serial reference must be 0 to {10**serial_digits - 1} "
            f"({serial_digits} digits with a {len(company_prefix)}-digit company prefix), "
            f"got {serial_reference!r}"
        )
    body = f"{extension}{company_prefix}{serial_reference:0{serial_digits}d}"
    return body + str(gtin_check_digit(body))


def validate_sscc(value: str) -> str:
    """``value`` (surrounding whitespace stripped) if it is a valid SSCC-18.

    Raises ``InvalidBarcode`` naming what is wrong: not 18 digits, or a wrong check digit
    (never corrected).
    """
    sscc = value.strip() if isinstance(value, str) else ""
    if not _is_digits(sscc) or len(sscc) != SSCC_LENGTH:
        raise InvalidBarcode(f"Invalid SSCC {value!r}: an SSCC is {SSCC_LENGTH} digits.")
    expected = gtin_check_digit(sscc[:_BODY_LENGTH])
    if int(sscc[-1]) != expected:
        raise InvalidBarcode(f"Invalid SSCC {sscc}: the check digit is wrong.")
    return sscc


def sscc_in_scan(scanned: str) -> str | None:
    """The SSCC a scan of a parcel's label carries, as stored (18 digits): its GS1-128 (with or
    without the "]C1" prefix, "(00)" written out), its QR code (a GS1 Digital Link,
    https://id.gs1.org/00/...) or the digits typed. None when the text carries none."""
    from app.domain.barcodes import interpret

    text = scanned.strip()
    if not text:
        return None
    code = text.removeprefix("]C1").removeprefix("(00)")
    if len(code) == 20 and code.startswith("00"):
        code = code[2:]
    if len(code) == 18 and code.isdigit():
        return code
    try:
        found = interpret(text)
    except InvalidBarcode:
        return None
    return found.sscc
