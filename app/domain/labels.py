"""What goes on a shipping label or a packing slip, independent of how a printer draws it.

* ``Address`` and ``LabelContent``: the content of one parcel's shipping label.
* ``LabelSize``: the printable area a label is laid out on: a die-cut label (4x6 in at 203 or
  300 dpi) or continuous receipt paper (80 mm, 58 mm) whose length follows the content.
* ``PackingSlip``: the order lines that go into the parcel, for the packing slip.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


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
    """One parcel's shipping label.

    ``tracking_number`` is printed as a Code 128 with its text below. ``sscc`` is the
    parcel's 18-digit SSCC (see ``app.domain.sscc``), printed as a GS1-128 barcode with AI 00
    and its text "(00) 3 4012345 000000001 7" when given. ``weight_g`` is printed as
    "1.234 kg" when known; ``parcel_no`` of ``parcel_count`` as "Parcel 2 of 3" (a count of 0:
    not known yet, the order still being packed: "Parcel 2").

    The QR code holds ``qr_text``: ``qr_data`` when given (a carrier's own 2D code or tracking
    URL), ``""`` for no QR code, and by default (None) the parcel's GS1 Digital Link URI
    ``https://id.gs1.org/00/<SSCC>`` (a phone opens it; a station's scanner reads it as the
    SSCC), or the tracking number on a label without an SSCC.
    """

    ship_to: Address
    sender: Address
    order_reference: str
    carrier: str
    service: str
    tracking_number: str
    parcel_no: int = 1
    parcel_count: int = 1
    weight_g: int | None = None
    sscc: str | None = None
    qr_data: str | None = None

    @property
    def qr_text(self) -> str | None:
        """What the label's QR code holds; None for no QR code (see the class docstring)."""
        if self.qr_data is not None:
            return self.qr_data or None
        if self.sscc is not None:
            return sscc_digital_link(self.sscc)
        return self.tracking_number or None

    @property
    def weight_text(self) -> str | None:
        """The weight as printed, "1.234 kg"; None when unknown."""
        return None if self.weight_g is None else kg_text(self.weight_g)

    @property
    def parcel_text(self) -> str:
        if self.parcel_count == 0:
            return f"Parcel {self.parcel_no}"
        return f"Parcel {self.parcel_no} of {self.parcel_count}"


def kg_text(weight_g: int) -> str:
    """A weight as printed on labels and slips: "1.234 kg"."""
    kilograms, grams = divmod(weight_g, 1000)
    return f"{kilograms}.{grams:03d} kg"


#: The GS1 resolver for Digital Link URIs printed on labels.
GS1_RESOLVER: Final = "https://id.gs1.org"


def sscc_digital_link(sscc: str, resolver: str = GS1_RESOLVER) -> str:
    """The GS1 Digital Link URI of an SSCC (AI 00): ``https://id.gs1.org/00/<18 digits>``."""
    return f"{resolver.rstrip('/')}/00/{sscc.strip()}"


@dataclass(frozen=True)
class LabelSize:
    """The printable area of a label or of receipt paper.

    ``width_mm`` is the printable width and ``width_px`` the same width in printer dots (a
    "203 dpi" printer has 8 dots/mm and a "300 dpi" one 12 dots/mm, so the two are given
    rather than computed from ``dpi``). ``height_mm`` is None for continuous paper: the label
    is as long as its content. ``side_margin_mm`` is the paper left unprinted at each side of
    the printable width (receipt printers cannot print to the paper's edge); it counts towards
    a barcode's quiet zone.
    """

    name: str
    width_mm: float
    height_mm: float | None
    dpi: int
    width_px: int
    side_margin_mm: float = 0.0

    def __post_init__(self) -> None:
        if self.width_mm <= 0 or self.width_px <= 0 or self.dpi <= 0:
            raise ValueError(f"label size {self.name!r}: width and dpi must be positive")
        if self.height_mm is not None and self.height_mm <= 0:
            raise ValueError(f"label size {self.name!r}: height must be positive")

    @property
    def dots_per_mm(self) -> float:
        return self.width_px / self.width_mm

    @property
    def height_px(self) -> int | None:
        """The label's height in dots; None for continuous paper."""
        if self.height_mm is None:
            return None
        return round(self.height_mm * self.dots_per_mm)

    @property
    def continuous(self) -> bool:
        return self.height_mm is None

    def px(self, mm: float) -> int:
        """``mm`` millimetres in dots (at least 1)."""
        return max(1, round(mm * self.dots_per_mm))


# 4x6 in (101.6 x 152.4 mm, sold as "100x150 mm") die-cut shipping labels: 812x1218 dots at
# 8 dots/mm ("203 dpi"), 1218x1827 at 12 dots/mm ("300 dpi").
LABEL_4X6_203 = LabelSize("100x150 mm (4x6 in) label, 203 dpi", 101.6, 152.4, 203, 812)
LABEL_4X6_300 = LabelSize("100x150 mm (4x6 in) label, 300 dpi", 101.6, 152.4, 300, 1218)
# Receipt paper: 80 mm paper prints 72 mm (576 dots), 58 mm paper 48 mm (384 dots).
RECEIPT_80MM = LabelSize("80 mm receipt paper, 203 dpi", 72.0, None, 203, 576, side_margin_mm=4.0)
RECEIPT_58MM = LabelSize("58 mm receipt paper, 203 dpi", 48.0, None, 203, 384, side_margin_mm=5.0)
# An A4 page for office printers (packing slips as PDF): 210 x 297 mm at 8 dots/mm.
PAGE_A4 = LabelSize("A4 page, 203 dpi", 210.0, 297.0, 203, 1680)

LABEL_SIZES: tuple[LabelSize, ...] = (LABEL_4X6_203, LABEL_4X6_300, RECEIPT_80MM, RECEIPT_58MM)


@dataclass(frozen=True)
class PackingSlipLine:
    """One order line as packed: ``lots`` and ``serials`` as captured while packing (empty when
    none were). A kit packed from its components is followed by a line per component, whose
    ``in_kit`` is the kit's SKU. ``shorted``: units of the line a supervisor shipped short
    (they do not ship), with ``short_reason``; the slip says "1 missing: out of stock"."""

    sku: str
    name: str
    quantity: int
    lots: tuple[str, ...] = ()
    serials: tuple[str, ...] = ()
    in_kit: str = ""
    shorted: int = 0
    short_reason: str = ""

    @property
    def missing_text(self) -> str:
        """ "2 missing: out of stock" for a line shipped short; "" otherwise."""
        if self.shorted <= 0:
            return ""
        reason = self.short_reason.strip()
        return f"{self.shorted} missing: {reason}" if reason else f"{self.shorted} missing"


@dataclass(frozen=True)
class PackingSlip:
    order_reference: str
    ship_to: Address
    lines: tuple[PackingSlipLine, ...]
    sender: Address | None = None
    parcel_no: int = 1
    weight_g: int | None = None
    several: bool = False  # one of several parcels: the slip lists this parcel's units only
    box: str | None = None  # the code of the box type the parcel went in
