"""The packing slip in the same layout system as the label: PNG pages, PDF, ESC/POS text.

Top: "PACKING SLIP", the order reference with its Code 128 (the pack screen opens an order by
scanning it), the ship-to address and the sender. Then one row per order line: quantity, SKU
and name, with the lots and serials captured while packing below the name. On pages at least
100 mm wide the rows are columns (Qty, SKU, Item); on receipt paper they are stacked.

On die-cut labels and pages (4x6 in, A4) the rows are spread over as many pages as needed,
each with "Page i of n" at the bottom; lot and serial lists break between lines. On receipt
paper the slip is one strip as long as it needs.
"""

from __future__ import annotations

from PIL import Image

from app.adapters.devices.labels.charset import clean
from app.adapters.devices.labels.escpos_render import (
    ProfileArg,
    escpos_can_print,
    receipt_size_for,
    render_layout_escpos,
)
from app.adapters.devices.labels.fonts import has_glyph
from app.adapters.devices.labels.image_render import draw_layout
from app.adapters.devices.labels.layout import (
    Builder,
    CanPrint,
    Element,
    LabelDoesNotFit,
    Layout,
    Piece,
    column,
    fit_text,
    side_by_side,
    stack,
)
from app.adapters.devices.labels.pdf_render import images_to_pdf
from app.adapters.devices.labels.symbols import Code128
from app.domain.labels import LabelSize, PackingSlip, PackingSlipLine, kg_text

__all__ = [
    "layout_packing_slip",
    "render_packing_slip_escpos",
    "render_packing_slip_pages",
    "render_packing_slip_pdf",
]

_WIDE_MM = 100.0


def _lines_of(b: Builder, role: str, text: str, *, mm: float, x: int, width: int) -> list[Piece]:
    """``text`` wrapped into ``width``, one piece a line (so that pages can break anywhere)."""
    paragraphs, complete = b.printable([text])
    if not paragraphs:
        return []
    fitted = fit_text(paragraphs, bold=False, width=width, max_cell=b.px(mm), min_cell=b.px(mm))
    assert fitted is not None
    cell, lines = fitted
    return [
        b.text_piece(f"{role}_{i}", [line], complete, cell, [line], False, "left", x, width)
        for i, line in enumerate(lines)
    ]


def _tracking_texts(line: PackingSlipLine) -> list[tuple[str, str]]:
    out = []
    if line.missing_text:
        out.append(("missing", clean(line.missing_text)))
    if line.lots:
        out.append(("lots", "Lot: " + ", ".join(clean(lot) for lot in line.lots)))
    if line.serials:
        out.append(("serials", "Serial: " + ", ".join(clean(s) for s in line.serials)))
    return out


def _row(b: Builder, index: int, line: PackingSlipLine, wide: bool) -> list[Piece]:
    role = f"line{index}"
    if line.quantity < 0:
        raise ValueError(f"order line {line.sku!r}: negative quantity {line.quantity}")
    name = f"+ {line.name}" if line.in_kit else line.name  # a component, under its kit
    if wide:
        qty_w, sku_w, gap = b.px(15), b.px(40), b.px(2)
        name_x = b.margin + qty_w + sku_w + 2 * gap
        name_w = b.width - b.margin - name_x
        first = side_by_side(
            side_by_side(
                b.text(f"{role}_qty", [str(line.quantity)], mm=3.5, bold=True, width=qty_w),
                b.text(f"{role}_sku", [line.sku], mm=3.5, x=b.margin + qty_w + gap, width=sku_w),
            ),
            b.text(f"{role}_name", [name], mm=3.5, x=name_x, width=name_w),
        )
        pieces = [first]
        detail_x, detail_w = name_x, name_w
    else:
        pieces = [
            b.text(f"{role}_qty", [f"{line.quantity} x {line.sku}"], mm=3.5, bold=True),
            b.text(f"{role}_name", [name], mm=3.5),
        ]
        detail_x, detail_w = b.margin + b.px(3), b.content_width - b.px(3)
    for kind, text in _tracking_texts(line):
        pieces += _lines_of(b, f"{role}_{kind}", text, mm=3.0, x=detail_x, width=detail_w)
    pieces.append(b.gap(1.5))
    return pieces


def _header(b: Builder, slip: PackingSlip) -> list[Piece]:
    pieces = [
        b.text("title", ["PACKING SLIP"], mm=5.0, bold=True),
        b.text("order", [f"Order {slip.order_reference}"], mm=4.5, bold=True),
    ]
    try:
        symbol = Code128(slip.order_reference)
        barcode = b.barcode("order_barcode", symbol, 10.0, "order reference")
    except ValueError:
        pass  # not a Code 128 (or too long for the paper): the text alone
    else:
        pieces += [b.gap(1.0), barcode, b.gap(1.0)]
    pieces += [
        b.rule("rule_order"),
        b.text("ship_to_heading", ["Ship to"], mm=3.0, bold=True),
        b.text("ship_to", [clean(line) for line in slip.ship_to.lines()], mm=3.5),
    ]
    if slip.sender is not None:
        sender = ", ".join(clean(part) for part in slip.sender.lines())
        pieces.append(b.text("sender", [f"From: {sender}"], mm=3.0))
    pieces.append(b.rule("rule_lines"))
    return pieces


def _table_header(b: Builder, wide: bool) -> list[Piece]:
    if not wide:
        return [b.text("columns", ["Qty x SKU / item"], mm=3.0, bold=True)]
    qty_w, sku_w, gap = b.px(15), b.px(40), b.px(2)
    name_x = b.margin + qty_w + sku_w + 2 * gap
    return [
        side_by_side(
            side_by_side(
                b.text("columns_qty", ["Qty"], mm=3.0, bold=True, width=qty_w),
                b.text(
                    "columns_sku", ["SKU"], mm=3.0, bold=True, x=b.margin + qty_w + gap, width=sku_w
                ),
            ),
            b.text(
                "columns_item",
                ["Item"],
                mm=3.0,
                bold=True,
                x=name_x,
                width=b.width - b.margin - name_x,
            ),
        )
    ]


def layout_packing_slip(
    slip: PackingSlip,
    size: LabelSize,
    can_print: CanPrint = has_glyph,
    *,
    columns: bool | None = None,
) -> list[Layout]:
    """The slip as pages (one ``Layout`` on continuous paper). ``columns`` forces the column
    or the stacked rows (default: columns from 100 mm width)."""
    b = Builder(size, can_print)
    wide = size.width_mm >= _WIDE_MM if columns is None else columns
    header = _header(b, slip)
    rows = [piece for index, line in enumerate(slip.lines) for piece in _row(b, index, line, wide)]
    if not slip.lines:
        rows = [b.text("no_lines", ["(no order lines)"], mm=3.5)]
    table_header = _table_header(b, wide)
    ordered = [line for line in slip.lines if not line.in_kit]  # a kit counts once
    total_units = sum(line.quantity for line in ordered)
    summary = [
        b.rule("rule_total"),
        b.text("total", [f"{len(ordered)} lines, {total_units} units"], mm=3.5, bold=True),
    ]
    parcel = [f"Parcel {slip.parcel_no}"] if slip.several else []
    if slip.box is not None:
        parcel.append(f"box {slip.box}")
    if slip.weight_g is not None:
        parcel.append(f"weight {kg_text(slip.weight_g)}")
    if parcel:
        summary.append(b.text("parcel", [", ".join(parcel)], mm=3.5, bold=True))

    height = size.height_px
    if height is None:
        strip, bottom = stack([*header, *table_header, *rows, *summary], b.margin)
        return [Layout(size, b.width, bottom + b.margin, tuple(strip), b.margin)]

    footer_height = b.px(3.0) + b.px(1.0)
    available = height - 2 * b.margin - footer_height
    pages: list[list[Piece]] = []
    current: list[Piece] = [*header, *table_header]
    used = sum(piece.height for piece in current)
    if used > available:
        raise LabelDoesNotFit(f"The packing slip's header does not fit {size.name}.")
    continued = [
        b.text("order", [f"Order {slip.order_reference} (continued)"], mm=4.0, bold=True),
        *table_header,
    ]
    for piece in [*rows, *summary]:
        if used + piece.height > available and used > 0:
            pages.append(current)
            current = list(continued)
            used = sum(p.height for p in current)
        if used + piece.height > available:
            raise LabelDoesNotFit(f"A packing slip row does not fit a page of {size.name}.")
        current.append(piece)
        used += piece.height
    pages.append(current)

    layouts: list[Layout] = []
    for number, pieces in enumerate(pages, 1):
        elements: list[Element]
        elements, _ = stack(pieces, b.margin)
        footer = column(
            [b.text("page", [f"Page {number} of {len(pages)}"], mm=3.0, align="center")]
        )
        elements += footer.place(height - b.margin - footer.height)
        layouts.append(Layout(size, b.width, height, tuple(elements), b.margin))
    return layouts


def render_packing_slip_pages(slip: PackingSlip, size: LabelSize) -> list[Image.Image]:
    """The slip as 1-bit images, one a page (one on continuous paper)."""
    return [draw_layout(layout) for layout in layout_packing_slip(slip, size)]


def render_packing_slip_pdf(slip: PackingSlip, size: LabelSize) -> bytes:
    """The slip as a PDF, one page a page of ``size`` (``PAGE_A4`` for office printers)."""
    return images_to_pdf(render_packing_slip_pages(slip, size), size)


def render_packing_slip_escpos(slip: PackingSlip, profile: ProfileArg) -> bytes:
    """The slip as a native ESC/POS job for a receipt printer: printer fonts, stacked rows,
    the order reference as a native Code 128, as long as it needs."""
    size = receipt_size_for(profile)
    layout = layout_packing_slip(slip, size, escpos_can_print(profile), columns=False)[0]
    return render_layout_escpos(
        layout, profile, lambda: layout_packing_slip(slip, size, columns=False)[0]
    )
