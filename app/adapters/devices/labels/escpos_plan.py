"""How tall a native ESC/POS label prints: printer-font styles for the layout's text blocks,
the text wrapped at the columns the font has, and the height of every element as the printer
feeds it (text lines at their line pitch, ``ESC J`` feeds, barcodes and the line feed after
them, QR codes). ``fit_plan`` makes the large fonts smaller, then the QR code's modules, until
a die-cut label's job fits its height.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from app.adapters.devices.labels.elements import (
    Barcode,
    LabelDoesNotFit,
    Layout,
    QrCode,
    Rule,
    TextBlock,
)

__all__ = ["FONT_A", "NativePlan", "NativeStyle", "feed_dots", "fit_plan", "native_text_lines"]

FONT_A = (12, 24)  # dots wide, high (at 180/203 dpi)
FONT_B = (9, 17)


@dataclass(frozen=True)
class NativeStyle:
    font: Literal["a", "b"]
    magnification: int
    bold: bool
    align: Literal["left", "center"]

    @property
    def char_width(self) -> int:
        return (FONT_A if self.font == "a" else FONT_B)[0] * self.magnification

    @property
    def char_height(self) -> int:
        return (FONT_A if self.font == "a" else FONT_B)[1] * self.magnification


def _style(block: TextBlock, dots_per_mm: float, shrink: int) -> NativeStyle:
    cell = block.cell * 8 / dots_per_mm  # in 203-dpi dots
    if cell <= 26:
        return NativeStyle("b", 1, block.bold, block.align)
    magnification = max(1, min(8, round(cell / 28)) - shrink)
    return NativeStyle("a", magnification, block.bold, block.align)


def _wrap_columns(text: str, columns: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        rest = word
        while len(rest) > columns:
            if current:
                lines.append(current)
                current = ""
            lines.append(rest[:columns])
            rest = rest[columns:]
        if not rest:
            continue
        if current and len(current) + 1 + len(rest) > columns:
            lines.append(current)
            current = rest
        else:
            current = f"{current} {rest}" if current else rest
    if current:
        lines.append(current)
    return lines


def native_text_lines(block: TextBlock, style: NativeStyle) -> list[str]:
    """``block`` wrapped to the columns the printer font has in the block's width."""
    columns = max(1, block.box.width // style.char_width)
    return [line for text in block.paragraphs for line in _wrap_columns(text, columns)]


@dataclass
class NativePlan:
    styles: dict[str, NativeStyle]
    height: int
    qr_module: dict[str, int]


def _line_pitch(style: NativeStyle, dpi: int) -> int:
    return max(round(dpi / 6), style.char_height + 4)


def feed_dots(mm: float, dots_per_mm: float) -> int:
    return max(1, min(255, round(mm * dots_per_mm)))


def _plan(layout: Layout, shrink: dict[str, int], qr_shrink: int = 0) -> NativePlan:
    dpmm = layout.size.dots_per_mm
    dpi = layout.size.dpi
    styles: dict[str, NativeStyle] = {}
    qr_modules: dict[str, int] = {}
    height = 0
    blank_line = _line_pitch(NativeStyle("a", 1, False, "left"), dpi)
    for element in layout.elements:
        if isinstance(element, TextBlock):
            style = _style(element, dpmm, shrink.get(element.role, 0))
            styles[element.role] = style
            height += len(native_text_lines(element, style)) * _line_pitch(style, dpi)
        elif isinstance(element, Rule):
            height += _line_pitch(NativeStyle("b", 1, False, "left"), dpi)
        elif isinstance(element, Barcode):
            # ESC J before and after, the bars, and the line feed that follows them.
            height += min(255, element.box.height) + 2 * feed_dots(1.0, dpmm) + blank_line
        elif isinstance(element, QrCode):
            # The symbol (the printer's own quiet zone is the paper around it) and a line feed.
            module = min(element.module, max(_min_qr_module(dpmm), element.module - qr_shrink))
            qr_modules[element.role] = module
            height += element.symbol.size_modules * module + blank_line
    return NativePlan(styles, height, qr_modules)


def _min_qr_module(dots_per_mm: float) -> int:
    """The smallest QR module a native label uses: 0.375 mm (3 dots at 203 dpi)."""
    return max(2, round(0.375 * dots_per_mm))


def fit_plan(layout: Layout) -> NativePlan:
    """Printer-font sizes for every text block and QR module sizes; on a die-cut label, the
    large fonts made smaller (the address first), then the QR code's modules (down to
    0.375 mm), until the job fits the label's height. The native job prints the QR code below
    the carrier and parcel lines (the layout has it beside them), so it needs more height."""
    shrink: dict[str, int] = {}
    qr_shrink = 0
    plan = _plan(layout, shrink)
    limit = layout.size.height_px
    if limit is None:
        return plan
    order = ["ship_to", "carrier", "parcel", "order", "weight", "tracking_text", "sscc_text"]
    while plan.height > limit:
        candidates = [
            role for role in order if role in plan.styles and plan.styles[role].magnification > 1
        ]
        if not candidates:
            smaller = _plan(layout, shrink, qr_shrink + 1)
            if smaller.height < plan.height:
                qr_shrink += 1
                plan = smaller
                continue
            raise LabelDoesNotFit(
                f"The label does not fit {layout.size.name} in the printer's fonts "
                f"(about {plan.height} of {limit} dots): shorten the address."
            )
        biggest = max(candidates, key=lambda role: plan.styles[role].magnification)
        shrink[biggest] = shrink.get(biggest, 0) + 1
        plan = _plan(layout, shrink, qr_shrink)
    return plan
