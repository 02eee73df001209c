"""The building blocks of label and packing-slip layouts: positioned elements (text blocks,
rules, Code 128 / GS1-128 barcodes, QR codes), text fitting, and a ``Builder`` that makes
horizontal bands ("pieces") for one ``LabelSize`` and stacks them.

Sizes are in millimetres converted to the size's dots. Barcodes keep a quiet zone of 10
modules (on receipt paper partly in the unprinted paper margin) and a module of 0.5 mm down to
0.25 mm, whichever fits the width.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from app.adapters.devices.labels.charset import printable_text
from app.adapters.devices.labels.fonts import font, text_height, wrap_text
from app.adapters.devices.labels.symbols import QUIET_MODULES, Code128, QrSymbol
from app.domain.labels import LabelSize

__all__ = [
    "Align",
    "Barcode",
    "Box",
    "Builder",
    "CanPrint",
    "Element",
    "LabelDoesNotFit",
    "Layout",
    "Piece",
    "QrCode",
    "Rule",
    "TextBlock",
    "column",
    "fit_text",
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
