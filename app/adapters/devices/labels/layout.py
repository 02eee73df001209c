"""One layout of a shipping label: positioned elements, computed from the content and a size.

Every renderer draws the same ``Layout``: the PNG preview, PDF and ESC/POS raster draw it dot
for dot, ZPL places each element at its position (``^FO``), and native ESC/POS prints the
elements top to bottom in the same order with the printer's own fonts.

Top to bottom: the sender (small), SHIP TO and the address (large, bold), the carrier and
service, order reference, parcel n of m and weight (with the QR code beside them on wide
labels, below them on narrow paper), the tracking number as Code 128 with its text below, and
the SSCC as GS1-128 (AI 00) with "(00) 3 4012345 000000001 7" below. The weight reads
"Weight 1.234 kg"; the QR code holds ``LabelContent.qr_text`` (by default the SSCC's GS1
Digital Link URI, or the tracking number on a label without an SSCC). The building blocks
(elements, text fitting, ``Builder``) are in ``elements``.

Sizes are in millimetres converted to the size's dots. On a die-cut label everything must fit
its height: the address gets the room the rest leaves and its text shrinks (down to 2.5 mm
lines) and wraps until it fits; if it cannot, barcode heights shrink, and if the label still
cannot hold it, ``LabelDoesNotFit`` says so. On continuous receipt paper the layout is as long
as its content. Every element box is inside ``(0, 0, width, height)``; barcodes keep a quiet
zone of 10 modules (on receipt paper partly in the unprinted paper margin).
"""

from __future__ import annotations

from typing import Final

from app.adapters.devices.labels.charset import clean
from app.adapters.devices.labels.elements import (
    Align,
    Barcode,
    Box,
    Builder,
    CanPrint,
    Element,
    LabelDoesNotFit,
    Layout,
    Piece,
    QrCode,
    Rule,
    TextBlock,
    column,
    fit_text,
    side_by_side,
    stack,
)
from app.adapters.devices.labels.fonts import has_glyph
from app.adapters.devices.labels.symbols import Code128, QrSymbol
from app.domain.labels import Address, LabelContent, LabelSize
from app.domain.sscc import validate_sscc

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
    "layout_label",
    "side_by_side",
    "stack",
]


# -- the shipping label ----------------------------------------------------------------------


def _sender_text(sender: Address) -> str:
    return "From: " + ", ".join(clean(part) for part in sender.lines())


def _check_content(content: LabelContent) -> None:
    if content.parcel_count == 0 and content.parcel_no >= 1:
        pass  # the order is still being packed: the count is not known yet
    elif content.parcel_count < 1 or not 1 <= content.parcel_no <= content.parcel_count:
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
    qr_text = content.qr_text
    qr = None if qr_text is None else QrSymbol(qr_text)
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
            [content.parcel_text],
            mm=5.0,
            bold=True,
            width=info_width,
        ),
    ]
    if content.weight_text is not None:
        info_texts.append(
            b.text("weight", [f"Weight {content.weight_text}"], mm=4.0, width=info_width)
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
