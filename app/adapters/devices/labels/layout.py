"""One layout of a shipping label: positioned elements, computed from the content and a size.

Every renderer draws the same ``Layout``: the PNG preview, PDF and ESC/POS raster draw it dot
for dot, ZPL places each element at its position (``^FO``), and native ESC/POS prints the
elements top to bottom in the same order with the printer's own fonts.

Top to bottom: the sender (small), SHIP TO and the address (large, bold), the carrier and
service, order reference, parcel n of m and weight (with the QR code beside them on wide
labels, below them on narrow paper), the tracking number as Code 128 with its text below, and
the SSCC as GS1-128 (AI 00) with "(00) ..." below.

Sizes are in millimetres converted to the size's dots. On a die-cut label everything must fit
its height: the address gets the room the rest leaves and its text shrinks (down to 2.5 mm
lines) and wraps until it fits; if it cannot, barcode heights shrink, and if the label still
cannot hold it, ``LabelDoesNotFit`` says so. On continuous receipt paper the layout is as long
as its content. Every element box is inside ``(0, 0, width, height)``; barcodes keep a quiet
zone of 10 modules (on receipt paper partly in the unprinted paper margin).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from app.adapters.devices.labels.charset import clean, printable_text
from app.adapters.devices.labels.fonts import font, has_glyph, text_height, wrap_text
from app.adapters.devices.labels.symbols import QUIET_MODULES, Code128, QrSymbol
from app.domain.labels import Address, LabelContent, LabelSize
from app.domain.sscc import validate_sscc

__all__ = [
    "Barcode",
    "Box",
    "Builder",
    "Element",
    "LabelDoesNotFit",
    "Layout",
    "Piece",
    "QrCode",
    "Rule",
    "TextBlock",
    "column",
    "fit_text",
    "layout_label",
    "side_by_side",
    "stack",
]

Align = Literal["left", "center"]
CanPrint = Callable[[str], bool]


class LabelDoesNotFit(ValueError):
    """The content cannot be laid out on (or printed at) this size; the message says why."""


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int

    @property
    def right(self) -> int:
        return self.x + self.width

    @property
    def bottom(self) -> int:
        return self.y + self.height

    def within(self, width: int, height: int) -> bool:
        return self.x >= 0 and self.y >= 0 and self.right <= width and self.bottom <= height


@dataclass(frozen=True)
class TextBlock:
    """Lines of text, each ``cell`` dots high, wrapped to fit ``box.width`` in DejaVu Sans.

    ``paragraphs`` is the text before wrapping (already made printable for the target), for
    renderers that wrap with their own fonts. ``complete`` is False when some character could
    not be made printable (it shows as "?").
    """

    role: str
    box: Box
    lines: tuple[str, ...]
    paragraphs: tuple[str, ...]
    cell: int
    bold: bool = False
    align: Align = "left"
    complete: bool = True


@dataclass(frozen=True)
class Rule:
    role: str
    box: Box


@dataclass(frozen=True)
class Barcode:
    """A Code 128 / GS1-128 symbol: ``box`` includes the quiet zones; the bars start at
    ``bars_x`` and are ``module`` dots a module and ``box.height`` high."""

    role: str
    box: Box
    symbol: Code128
    module: int
    bars_x: int


@dataclass(frozen=True)
class QrCode:
    """A QR code: ``box`` includes a 4-module quiet zone around the symbol."""

    role: str
    box: Box
    symbol: QrSymbol
    module: int

    @property
    def origin(self) -> tuple[int, int]:
        """Where the symbol's first module is."""
        quiet = 4 * self.module
        return self.box.x + quiet, self.box.y + quiet


Element = TextBlock | Rule | Barcode | QrCode


@dataclass(frozen=True)
class Layout:
    """Positioned elements in reading order on a ``width`` x ``height`` dot page."""

    size: LabelSize
    width: int
    height: int
    elements: tuple[Element, ...]
    margin: int = 0

    def find(self, role: str) -> Element:
        for element in self.elements:
            if element.role == role:
                return element
        raise KeyError(role)

    def roles(self) -> list[str]:
        return [element.role for element in self.elements]


# -- text fitting ----------------------------------------------------------------------------


def _words_fit(paragraphs: Sequence[str], cell: int, bold: bool, width: int) -> bool:
    face = font(cell, bold)
    return all(face.getlength(word) <= width for text in paragraphs for word in text.split())


def _wrapped(paragraphs: Sequence[str], cell: int, bold: bool, width: int) -> list[str]:
    face = font(cell, bold)
    return [line for text in paragraphs for line in wrap_text(text, face, width)]


def fit_text(
    paragraphs: Sequence[str],
    *,
    bold: bool,
    width: int,
    max_cell: int,
    min_cell: int,
    max_height: int | None = None,
    max_extra_lines: int | None = None,
) -> tuple[int, list[str]] | None:
    """The largest cell from ``max_cell`` down to ``min_cell`` at which ``paragraphs`` wrap into
    ``width`` and fit ``max_height``; None if nothing fits the height.

    Sizes at which no word has to be broken (and, with ``max_extra_lines``, wrapping adds no
    more lines than that) are preferred; under a height limit only while they are at least
    3/4 of the largest size that fits with broken words (a long street name should not make
    the whole address tiny).
    """
    step = max(1, (max_cell - min_cell) // 24)
    cells = [*range(max_cell, min_cell, -step), min_cell]
    cache: dict[int, list[str]] = {}

    def wrapped(cell: int) -> list[str]:
        if cell not in cache:
            cache[cell] = _wrapped(paragraphs, cell, bold, width)
        return cache[cell]

    def fits(cell: int) -> bool:
        return max_height is None or text_height(len(wrapped(cell)), cell) <= max_height

    def few_lines(cell: int) -> bool:
        extra = len(wrapped(cell)) - len(paragraphs)
        return max_extra_lines is None or extra <= max_extra_lines

    def words_fit(cell: int) -> bool:
        return _words_fit(paragraphs, cell, bold, width)

    any_fit = next((cell for cell in cells if fits(cell)), None)
    if any_fit is None:
        return None
    good_enough = any_fit * 3 / 4 if max_height is not None else 0
    for strict in (True, False):
        best = next(
            (
                cell
                for cell in cells
                if cell >= good_enough
                and words_fit(cell)
                and fits(cell)
                and (few_lines(cell) or not strict)
            ),
            None,
        )
        if best is not None:
            return best, wrapped(best)
    if max_height is None:
        return min_cell, wrapped(min_cell)
    return any_fit, wrapped(any_fit)


# -- building blocks -------------------------------------------------------------------------


@dataclass
class Piece:
    """A horizontal band of the layout: its height and how to place it at a y."""

    height: int
    place: Callable[[int], list[Element]]


@dataclass
class Builder:
    """Makes the pieces of a layout for one size: text fitted and wrapped, rules, gaps,
    barcodes with their module width chosen for the width, QR codes. Shared by the label and
    the packing slip."""

    size: LabelSize
    can_print: CanPrint
    compact: bool = False
    width: int = field(init=False)
    margin: int = field(init=False)

    def __post_init__(self) -> None:
        self.width = self.size.width_px
        self.margin = self.size.px(1.5 if self.size.continuous else 3.0)

    @property
    def content_width(self) -> int:
        return self.width - 2 * self.margin

    def px(self, mm: float) -> int:
        return self.size.px(mm)

    def printable(self, texts: Sequence[str]) -> tuple[list[str], bool]:
        out: list[str] = []
        complete = True
        for text in texts:
            printed, ok = printable_text(text, self.can_print)
            complete = complete and ok
            if printed:
                out.append(printed)
        return out, complete

    def text(
        self,
        role: str,
        texts: Sequence[str],
        *,
        mm: float,
        min_mm: float | None = None,
        bold: bool = False,
        align: Align = "left",
        x: int | None = None,
        width: int | None = None,
        max_extra_lines: int | None = None,
    ) -> Piece:
        paragraphs, complete = self.printable(texts)
        box_x = self.margin if x is None else x
        box_width = self.content_width if width is None else width
        fitted = fit_text(
            paragraphs,
            bold=bold,
            width=box_width,
            max_cell=self.px(mm),
            min_cell=self.px(min_mm if min_mm is not None else mm),
            max_extra_lines=max_extra_lines,
        )
        assert fitted is not None  # no height limit
        cell, lines = fitted
        return self.text_piece(
            role, paragraphs, complete, cell, lines, bold, align, box_x, box_width
        )

    def text_piece(
        self,
        role: str,
        paragraphs: Sequence[str],
        complete: bool,
        cell: int,
        lines: Sequence[str],
        bold: bool,
        align: Align,
        x: int,
        width: int,
    ) -> Piece:
        height = text_height(len(lines), cell)

        def place(y: int) -> list[Element]:
            if not lines:
                return []
            box = Box(x, y, width, height)
            return [
                TextBlock(role, box, tuple(lines), tuple(paragraphs), cell, bold, align, complete)
            ]

        return Piece(height, place)

    def rule(self, role: str) -> Piece:
        thickness = self.px(0.4)
        pad = self.px(1.2)

        def place(y: int) -> list[Element]:
            return [Rule(role, Box(self.margin, y + pad, self.content_width, thickness))]

        return Piece(thickness + 2 * pad, place)

    def gap(self, mm: float) -> Piece:
        return Piece(self.px(mm), lambda y: [])

    def barcode(self, role: str, symbol: Code128, height_mm: float, what: str) -> Piece:
        side = self.px(self.size.side_margin_mm) if self.size.side_margin_mm else 0
        largest = max(2, round(0.5 * self.size.dots_per_mm))  # X = 0.5 mm
        smallest = 2 if self.size.dots_per_mm < 10 else 3  # 0.25 mm
        for module in range(largest, smallest - 1, -1):
            quiet = max(0, QUIET_MODULES * module - side)
            bars = symbol.width_modules * module
            if bars + 2 * quiet <= self.width:
                break
        else:
            raise LabelDoesNotFit(
                f"The {what} {symbol.text!r} is too long for a barcode on {self.size.name}: "
                f"{symbol.width_modules} modules of at least {smallest} dots do not fit "
                f"{self.width} dots with their quiet zones."
            )
        height = self.px(height_mm)
        left = (self.width - bars - 2 * quiet) // 2

        def place(y: int) -> list[Element]:
            box = Box(left, y, bars + 2 * quiet, height)
            return [Barcode(role, box, symbol, module, left + quiet)]

        return Piece(height, place)

    def qr_module(self, symbol: QrSymbol, max_mm: float) -> int:
        modules = symbol.size_modules + 8
        largest = max(2, round(0.5 * self.size.dots_per_mm))
        module = min(largest, self.px(max_mm) // modules)
        if module < 2:
            raise LabelDoesNotFit(
                f"The QR code data ({len(symbol.data)} characters) is too long for "
                f"{self.size.name}."
            )
        return module

    def qr(self, symbol: QrSymbol, module: int, x: int) -> Piece:
        side = (symbol.size_modules + 8) * module

        def place(y: int) -> list[Element]:
            return [QrCode("qr", Box(x, y, side, side), symbol, module)]

        return Piece(side, place)


def stack(pieces: Sequence[Piece], y: int) -> tuple[list[Element], int]:
    elements: list[Element] = []
    for piece in pieces:
        elements.extend(piece.place(y))
        y += piece.height
    return elements, y


def column(pieces: Sequence[Piece]) -> Piece:
    def place(y: int) -> list[Element]:
        return stack(pieces, y)[0]

    return Piece(sum(piece.height for piece in pieces), place)


def side_by_side(left: Piece, right: Piece) -> Piece:
    def place(y: int) -> list[Element]:
        return [*left.place(y), *right.place(y)]

    return Piece(max(left.height, right.height), place)


# -- the shipping label ----------------------------------------------------------------------


def _sender_text(sender: Address) -> str:
    return "From: " + ", ".join(clean(part) for part in sender.lines())


def _check_content(content: LabelContent) -> None:
    if content.parcel_count < 1 or not 1 <= content.parcel_no <= content.parcel_count:
        raise ValueError(
            f"parcel {content.parcel_no} of {content.parcel_count}: "
            "the parcel number must be between 1 and the parcel count"
        )
    if content.weight_g is not None and content.weight_g < 0:
        raise ValueError(f"weight {content.weight_g} g is negative")


_TRACKING_MM: Final = {False: 18.0, True: 12.0}  # bar height by "compact"
_SSCC_MM: Final = {False: 20.0, True: 12.0}
_RECEIPT_BARS_MM: Final = 13.0


def layout_label(content: LabelContent, size: LabelSize, can_print: CanPrint = has_glyph) -> Layout:
    """The label for ``content`` on ``size``; text is made printable with ``can_print`` (the
    target's character repertoire: DejaVu's glyphs for images) before it is measured.

    Raises ``ValueError`` for a tracking number that cannot be a Code 128 or an impossible
    parcel number, ``InvalidBarcode`` for an invalid SSCC, and ``LabelDoesNotFit`` (a
    ``ValueError``) when the content cannot fit the label.
    """
    _check_content(content)
    tracking = Code128(content.tracking_number)
    sscc = None if content.sscc is None else Code128("00" + validate_sscc(content.sscc), gs1=True)
    qr = None if not content.qr_data else QrSymbol(content.qr_data)
    if size.continuous:
        return _layout(content, size, can_print, tracking, sscc, qr, compact=False)
    try:
        return _layout(content, size, can_print, tracking, sscc, qr, compact=False)
    except _AddressTooLong:
        pass
    try:
        return _layout(content, size, can_print, tracking, sscc, qr, compact=True)
    except _AddressTooLong as error:
        raise LabelDoesNotFit(
            f"The ship-to address is too long for {size.name}: it does not fit even in "
            f"{error.min_mm} mm text. Shorten the address."
        ) from None


class _AddressTooLong(Exception):
    def __init__(self, min_mm: float) -> None:
        super().__init__(min_mm)
        self.min_mm = min_mm


def _layout(
    content: LabelContent,
    size: LabelSize,
    can_print: CanPrint,
    tracking: Code128,
    sscc: Code128 | None,
    qr: QrSymbol | None,
    *,
    compact: bool,
) -> Layout:
    b = Builder(size, can_print, compact)
    width = b.content_width

    top = [
        b.text("sender", [_sender_text(content.sender)], mm=3.0, min_mm=2.5, max_extra_lines=1),
        b.rule("rule_sender"),
        b.text("ship_to_heading", ["SHIP TO"], mm=3.0, bold=True),
    ]

    # The information row: carrier, order, parcel, weight; the QR code beside or below it.
    info_width = width
    qr_module = 0
    qr_beside = False
    if qr is not None:
        qr_module = b.qr_module(qr, 32.0 if not compact else 26.0)
        qr_side = (qr.size_modules + 8) * qr_module
        qr_beside = width - qr_side >= b.px(45)
        if qr_beside:
            info_width = width - qr_side - b.px(2)
    info_texts = [
        b.text(
            "carrier",
            [f"{content.carrier} {content.service}"],
            mm=5.5,
            min_mm=3.5,
            bold=True,
            width=info_width,
            max_extra_lines=1,
        ),
        b.text("order", [f"Order {content.order_reference}"], mm=4.0, min_mm=3.0, width=info_width),
        b.text(
            "parcel",
            [f"Parcel {content.parcel_no} of {content.parcel_count}"],
            mm=5.0,
            bold=True,
            width=info_width,
        ),
    ]
    if content.weight_g is not None:
        info_texts.append(
            b.text("weight", [f"Weight {content.weight_g / 1000:.2f} kg"], mm=4.0, width=info_width)
        )
    info = column(info_texts)
    if qr is not None and qr_beside:
        info = side_by_side(info, b.qr(qr, qr_module, b.width - b.margin - qr_side))
    middle = [b.rule("rule_address"), info]
    if qr is not None and not qr_beside:
        qr_side = (qr.size_modules + 8) * qr_module
        middle += [b.gap(1.0), b.qr(qr, qr_module, (b.width - qr_side) // 2)]

    bars_mm = _RECEIPT_BARS_MM if size.continuous else _TRACKING_MM[compact]
    bottom = [
        b.rule("rule_info"),
        b.gap(1.0),
        b.barcode("tracking", tracking, bars_mm, "tracking number"),
        b.gap(0.8),
        b.text("tracking_text", [tracking.text], mm=3.5, align="center"),
    ]
    if sscc is not None:
        sscc_mm = _RECEIPT_BARS_MM if size.continuous else _SSCC_MM[compact]
        bottom += [
            b.gap(1.5),
            b.text("sscc_caption", ["SSCC"], mm=2.5, bold=True),
            b.barcode("sscc", sscc, sscc_mm, "SSCC"),
            b.gap(0.8),
            b.text("sscc_text", [sscc.hri], mm=3.5, align="center"),
        ]

    address_lines, address_complete = b.printable([clean(line) for line in content.ship_to.lines()])
    fixed = b.margin * 2 + sum(piece.height for piece in [*top, *middle, *bottom])
    label_height = size.height_px
    min_mm = 2.5
    if label_height is None:
        fitted = fit_text(
            address_lines,
            bold=True,
            width=width,
            max_cell=b.px(7.0),
            min_cell=b.px(3.5),
            max_extra_lines=2,
        )
    else:
        fitted = fit_text(
            address_lines,
            bold=True,
            width=width,
            max_cell=b.px(7.0),
            min_cell=b.px(min_mm),
            max_height=label_height - fixed,
        )
    if fitted is None:
        raise _AddressTooLong(min_mm)
    cell, lines = fitted
    address = b.text_piece(
        "ship_to", address_lines, address_complete, cell, lines, True, "left", b.margin, width
    )

    elements, bottom_y = stack([*top, address, *middle, *bottom], b.margin)
    height = label_height if label_height is not None else bottom_y + b.margin
    return Layout(size, b.width, height, tuple(elements), b.margin)
