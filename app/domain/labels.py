"""What goes on a shipping label, independent of how a printer draws it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    name: str
    line1: str
    line2: str = ""
    postcode: str = ""
    city: str = ""
    country: str = ""

    def lines(self) -> list[str]:
        """The address as printed, top to bottom, without empty lines."""
        place = " ".join(part for part in (self.postcode, self.city) if part)
        return [part for part in (self.name, self.line1, self.line2, place, self.country) if part]


@dataclass(frozen=True)
class LabelContent:
    ship_to: Address
    sender: Address
    order_reference: str
    carrier: str
    service: str
    tracking_number: str
    parcel_no: int = 1
    parcel_count: int = 1
    weight_g: int | None = None
