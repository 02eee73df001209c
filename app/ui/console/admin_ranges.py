"""Adding numbers from the console's Admin tab: a carrier's S10 tracking range or the site's
SSCC range, as ``packbench ranges add`` does, over the same service
(``SiteAdminService.add_s10_range`` / ``add_sscc_range``: admins only, checked again in the
database, every change and every refusal audited). A new range for a carrier continues the
one it has, or replaces it once used up; the service says so when it cannot."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from app.services.site_admin import Admin, RangeView, SiteAdminService

RANGE_KEY: Final = "Ctrl+T"
SCHEMES: Final = ("S10: a carrier's tracking numbers", "SSCC: the site's parcel numbers")


@dataclass(frozen=True)
class RangeRequest:
    """A range as the admin wrote it; ``add`` runs on the console's worker."""

    service: SiteAdminService
    sscc: bool
    carrier: str
    indicator: str
    country: str
    prefix: str
    extension: int
    first: int
    last: int

    def add(self, admin: Admin) -> RangeView:
        if self.sscc:
            return self.service.add_sscc_range(
                admin, self.prefix, self.extension, self.first, self.last
            )
        return self.service.add_s10_range(
            admin, self.carrier, self.indicator, self.country, self.first, self.last
        )


def _field(placeholder: str) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    return field


class RangeFields:
    """The form's fields; ``request`` reads them (a message for numbers that are not)."""

    def __init__(self) -> None:
        self.scheme = QComboBox()
        self.scheme.addItems(SCHEMES)
        self.carrier = _field("S10: the carrier, e.g. DHL")
        self.indicator = _field("S10: two letters, e.g. JJ")
        self.country = _field("S10: the country, e.g. DE")
        self.prefix = _field("SSCC: the GS1 company prefix (7 to 10 digits)")
        self.extension = _field("SSCC: the extension digit, 0 to 9")
        self.extension.setText("0")
        self.first = _field("the first serial number")
        self.last = _field("the last serial number")

    def rows(self) -> Sequence[tuple[str, QWidget]]:
        return (
            ("Numbers", self.scheme),
            ("Carrier", self.carrier),
            ("Service indicator", self.indicator),
            ("Country", self.country),
            ("Company prefix", self.prefix),
            ("Extension digit", self.extension),
            ("First", self.first),
            ("Last", self.last),
        )

    def request(self, service: SiteAdminService) -> RangeRequest | str:
        numbers: dict[str, int] = {}
        for name, field in (
            ("First", self.first),
            ("Last", self.last),
            ("Extension digit", self.extension),
        ):
            text = field.text().strip()
            if not (text.isascii() and text.isdigit()) or len(text) > 18:
                return f"{name} {text!r}: write a whole number (digits only)."
            numbers[name] = int(text)
        return RangeRequest(
            service,
            sscc=self.scheme.currentIndex() == 1,
            carrier=self.carrier.text(),
            indicator=self.indicator.text(),
            country=self.country.text(),
            prefix=self.prefix.text(),
            extension=numbers["Extension digit"],
            first=numbers["First"],
            last=numbers["Last"],
        )


def added(view: RangeView) -> str:
    """What the admin reads once the range is stored."""
    left = f"{view.remaining} number{'' if view.remaining == 1 else 's'} left"
    return f"{view.label}: {view.first}-{view.record.last_serial}, {left}."
