"""Return labels: for the carriers a site sets up for returns, each parcel gets a second label
the customer sticks on the box to send it back: to the return address, from the customer,
with the order reference and a tracking number of its own, from the carrier's return range.

A return range is an S10 tracking range named ``<CARRIER>-RETURN`` (``packbench ranges`` or the
console's admin panel add it like any other), so return numbers never repeat across stations
and never clash with outbound ones.

Settings: ``[returns] carriers = "UPS, DHL"`` and ``[returns] address = "Returns desk,
Lagerstrasse 1, 20095 Hamburg, DE"`` (name, street, postcode and city, country; the sender
address of outbound labels when empty).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from app.domain.countries import is_country
from app.domain.labels import Address, LabelContent

RETURN_SUFFIX: Final = "-RETURN"
CARRIER_MAX: Final = 32 - len(RETURN_SUFFIX)
_CARRIER: Final = re.compile(r"[A-Za-z0-9_.-]+")


def return_range(carrier: str) -> str:
    """The tracking range a carrier's return numbers come from: ``UPS-RETURN``."""
    return f"{carrier}{RETURN_SUFFIX}"


def return_carriers(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def return_carriers_problem(text: str) -> str | None:
    for carrier in return_carriers(text):
        if not _CARRIER.fullmatch(carrier) or len(carrier) > CARRIER_MAX:
            return (
                f"{carrier!r} is not a carrier name (letters, digits, - _ . and at most "
                f'{CARRIER_MAX} characters); write e.g. "UPS, DHL"'
            )
    return None


def return_address(text: str) -> Address | None:
    """``Name, Street 1, 20095 City, DE`` (a second street line may follow the first); None
    for empty text."""
    parts = [part.strip() for part in text.split(",")]
    if not text.strip():
        return None
    if len(parts) < 4 or not all(parts):
        raise ValueError("write it as name, street, postcode and city, country")
    name, line1, *middle, place, country = parts
    if not is_country(country.upper()):
        raise ValueError(f"{country!r} is not a two-letter country code (DE, FR, GB)")
    postcode, _, city = place.partition(" ")
    if not any(c.isdigit() for c in postcode):
        postcode, city = "", place
    line2 = ", ".join(middle)
    return Address(name, line1, line2, postcode, city.strip(), country.upper())


def return_address_problem(text: str) -> str | None:
    if len(text) > 250 or not text.isprintable():
        return "must be printable text of at most 250 characters"
    try:
        return_address(text)
    except ValueError as exc:
        return f'{exc} ("Returns desk, Lagerstrasse 1, 20095 Hamburg, DE")'
    return None


@dataclass(frozen=True)
class ReturnSetup:
    """Which carriers get return labels, and where returns go."""

    carriers: frozenset[str]
    address: Address


def return_label(
    setup: ReturnSetup, customer: Address, reference: str, carrier: str, tracking_number: str
) -> LabelContent:
    """The return label: to the return address, from the customer; "RETURN" as its service,
    the order reference, and a Code 128 and QR code of its own tracking number (no SSCC)."""
    return LabelContent(
        ship_to=setup.address,
        sender=customer,
        order_reference=reference,
        carrier=carrier,
        service="RETURN",
        tracking_number=tracking_number,
        qr_data=tracking_number,
    )
