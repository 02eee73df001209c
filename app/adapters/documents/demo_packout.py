"""The pack-out parts of the demo sheet (``app.adapters.documents.demo_sheet``): the box
barcodes, and on an order's slip what packing it by scanner alone needs beyond its units: a
kit's components, the serials the shop expects (each a barcode to scan after its unit), and the
packing notes to read and acknowledge.

Drawn with the sheet's own barcodes and fonts, at 300 dpi.
"""

from __future__ import annotations

from collections.abc import Sequence

from PIL import Image, ImageDraw

from app.adapters.db.demo_data import DemoBox, DemoLine, DemoOrder
from app.adapters.documents.demo_sheet import (
    CONTENT_WIDTH,
    MODULE_PX,
    QUIET_MODULES,
    _font,
    _wrap,
    render_code128,
)

SERIAL_ROW = 190
_BOX_COLUMNS = 2
_BOX_CELL = (CONTENT_WIDTH // _BOX_COLUMNS, 330)
_NOTE_LINE = 50


def box_rows(boxes: Sequence[DemoBox], prefix: str = "BOX") -> list[Image.Image]:
    """The box types' barcodes (the station's box prefix and the code, ``BOXM2``), two a row:
    scanned for the open parcel, they set its box (and its tare in the expected weight)."""
    rows = []
    for start in range(0, len(boxes), _BOX_COLUMNS):
        row = Image.new("L", (CONTENT_WIDTH, _BOX_CELL[1]), 255)
        draw = ImageDraw.Draw(row)
        for i, box in enumerate(boxes[start : start + _BOX_COLUMNS]):
            x = i * _BOX_CELL[0]
            draw.text((x, 0), f"Box {box.code}", font=_font(48, bold=True), fill=0)
            draw.text((x, 62), f"{box.name}, {box.size} inside", font=_font(34), fill=0)
            row.paste(render_code128(f"{prefix}{box.code}", bar_height=160), (x, 120))
        rows.append(row)
    return rows


BOX_HOW_TO = (
    "Scan a box barcode while packing: it becomes the open parcel's box, and its",
    "weight (tare) is part of the expected weight. The screen suggests the smallest",
    "box that fits. For an order in two parcels: scan the first parcel's units and",
    "its box, then New parcel (page 1), then the second parcel's units and box,",
    "then Complete.",
)


def serial_row(line: DemoLine) -> Image.Image:
    """The serials the shop expects on ``line``, as barcodes: scan one after each unit (the
    station asks for it); a serial not on this list is refused."""
    row = Image.new("L", (CONTENT_WIDTH, SERIAL_ROW), 255)
    draw = ImageDraw.Draw(row)
    draw.text((210, 0), "Serials expected (scan one after each unit):", font=_font(34), fill=0)
    x = 210 - MODULE_PX * QUIET_MODULES
    for serial in line.serials:
        code = render_code128(serial, bar_height=90)
        row.paste(code, (x, 46))
        x += code.width + 30
    return row


def kit_rows(line: DemoLine) -> list[tuple[DemoLine, str]]:
    """The rows a kit line prints: for a kit packed from its components, each component with
    its units for the line (scan these, not the kit); otherwise the line itself, a pre-packed
    kit said so. With each row, a caption above the product's name ("" for none)."""
    if not line.parts:
        return [(line, "Pre-packed kit: scan the kit's barcode" if line.prepacked else "")]
    return [
        (
            DemoLine(part.sku, part.name, part.per_kit * line.quantity, part.ean13, None, None),
            f"part of kit {line.sku}",
        )
        for part in line.parts
    ]


def notes_block(order: DemoOrder, width: int = CONTENT_WIDTH) -> Image.Image | None:
    """The order's packing notes and gift message as the station shows them, and what to scan
    when they are important; None when the order has none."""
    if not order.notes and not order.gift_message:
        return None
    probe = ImageDraw.Draw(Image.new("L", (1, 1), 255))
    lines: list[tuple[str, bool]] = []
    if order.notes_important:
        lines.append(("Important notes: read them on screen, then scan Acknowledge.", True))
    for paragraph in order.notes.splitlines():
        lines += [(text, False) for text in _wrap(probe, paragraph, _font(38), width - 40, 3)]
    if order.gift_message:
        gift = f"Gift message: {order.gift_message}"
        lines += [(text, False) for text in _wrap(probe, gift, _font(38), width - 40, 3)]
    block = Image.new("L", (width, 20 + len(lines) * _NOTE_LINE + 20), 255)
    draw = ImageDraw.Draw(block)
    draw.rectangle((0, 0, width - 1, block.height - 1), outline=0, width=4)
    for i, (text, bold) in enumerate(lines):
        draw.text((20, 20 + i * _NOTE_LINE), text, font=_font(38, bold=bold), fill=0)
    return block
