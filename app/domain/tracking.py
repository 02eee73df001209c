"""Tracking-number rules: UPU S10 for postal items. Pure functions; allocation is a service."""

from __future__ import annotations

from app.domain.errors import InvalidBarcode

_S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """The UPU S10 mod-11 check digit of an 8-digit serial number."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError(f"an S10 serial number has 8 digits, not {serial!r}")
    remainder = sum(int(d) * w for d, w in zip(serial, _S10_WEIGHTS, strict=True)) % 11
    check = 11 - remainder
    if check == 10:
        return 0
    if check == 11:
        return 5
    return check


def format_s10(service: str, serial_number: int, country: str) -> str:
    """``service`` (2 letters) + 8 digits + check digit + ``country`` (2 letters)."""
    if len(service) != 2 or not service.isalpha() or len(country) != 2 or not country.isalpha():
        raise ValueError("S10 service indicator and country code are two letters each")
    if not 0 <= serial_number <= 99_999_999:
        raise ValueError(f"S10 serial number out of range: {serial_number}")
    serial = f"{serial_number:08d}"
    return f"{service.upper()}{serial}{s10_check_digit(serial)}{country.upper()}"


def validate_s10(number: str) -> str:
    """Return ``number`` if it is a well-formed S10 identifier, else raise ``InvalidBarcode``."""
    ok = (
        len(number) == 13
        and number[:2].isalpha()
        and number[2:11].isdigit()
        and number[11:].isalpha()
    )
    if not ok or s10_check_digit(number[2:10]) != int(number[10]):
        raise InvalidBarcode(f"{number!r} is not a valid UPU S10 tracking number")
    return number
