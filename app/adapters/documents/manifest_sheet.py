"""The manifest for the driver to sign: A4 pages at 300 dpi, drawn with Pillow in the demo
sheet's style and saved as a 1-bit PDF (lossless, sharp bars).

Page one says the carrier, the pick-up, the parcel count and total weight, carries the
manifest's own barcode (scanned at the dock, it chooses that cage) and the lines to sign. Then
every parcel: its tracking number as a Code 128 barcode with the order reference beside it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from app.adapters.documents.demo_sheet import (
    CONTENT_WIDTH,
    DPI,
    FONT_DIR,
    MARGIN,
    PAGE_SIZE,
    render_code128,
)
from app.domain.handoff import ManifestHeader, ManifestLine, cage_name, total_weight_g

_COLUMNS = 2
_COLUMN_GAP = 160  # a scan line catches only one barcode
_CELL_WIDTH = (CONTENT_WIDTH - _COLUMN_GAP) // _COLUMNS
_CELL_HEIGHT = 200
_BAR_HEIGHT = 100
_FOOTER = 90

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> Font:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def _parcel_cell(line: ManifestLine) -> Image.Image:
    cell = Image.new("L", (_CELL_WIDTH, _CELL_HEIGHT), 255)
    draw = ImageDraw.Draw(cell)
    try:
        bars = render_code128(line.tracking_number, bar_height=_BAR_HEIGHT)
    except ValueError:  # characters a scanner keyboard may mistype: printed as text only
        draw.text((40, 40), line.tracking_number, font=_font(44, True), fill=0)
    else:
        cell.paste(bars, (0, 0))
    weight = "" if line.weight_g is None else f"  {line.weight_g / 1000:.2f} kg"
    draw.text(
        (40, _BAR_HEIGHT + 62), f"{line.order_reference[:40]}{weight}", font=_font(30), fill=0
    )
    return cell


def _first_page(header: ManifestHeader, lines: Sequence[ManifestLine]) -> tuple[Image.Image, int]:
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    title = f"Manifest {cage_name(header.carrier, header.group)}"
    draw.text((MARGIN, y), title, font=_font(96, True), fill=0)
    code = render_code128(header.code, bar_height=150)
    page.paste(code, (PAGE_SIZE[0] - MARGIN - code.width, y))
    y += 140
    facts = (
        f"Pick-up: {header.pickup_at:%Y-%m-%d %H:%M %Z}",
        f"Parcels: {len(lines)}    Total weight: {total_weight_g(lines) / 1000:.2f} kg",
        "Closed: "
        + (f"{header.closed_at:%Y-%m-%d %H:%M %Z}" if header.closed_at else "not yet (draft)")
        + (f" by {header.closed_by}" if header.closed_by else ""),
    )
    for fact in facts:
        draw.text((MARGIN, y), fact, font=_font(48), fill=0)
        y += 70
    y += 60
    for label in ("Driver's name", "Signature", "Time of pick-up"):
        draw.text((MARGIN, y), label, font=_font(40), fill=0)
        draw.line((MARGIN + 420, y + 44, MARGIN + 1500, y + 44), fill=0, width=3)
        y += 95
    draw.line((MARGIN, y, PAGE_SIZE[0] - MARGIN, y), fill=0, width=4)
    return page.convert("1", dither=Image.Dither.NONE), y + 40


def manifest_pages(header: ManifestHeader, lines: Sequence[ManifestLine]) -> list[Image.Image]:
    """The manifest as 1-bit A4 images at 300 dpi."""
    page, y = _first_page(header, lines)
    pages = [page]
    bottom = PAGE_SIZE[1] - MARGIN - _FOOTER
    for start in range(0, len(lines), _COLUMNS):
        if y + _CELL_HEIGHT > bottom:
            page = Image.new("1", PAGE_SIZE, 1)
            pages.append(page)
            y = MARGIN
        for column, line in enumerate(lines[start : start + _COLUMNS]):
            page.paste(
                _parcel_cell(line).convert("1", dither=Image.Dither.NONE),
                (MARGIN + column * (_CELL_WIDTH + _COLUMN_GAP), y),
            )
        y += _CELL_HEIGHT
    for number, sheet in enumerate(pages, 1):
        ImageDraw.Draw(sheet).text(
            (PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN),
            f"{header.code}  {cage_name(header.carrier, header.group)}  "
            f"page {number} of {len(pages)}",
            font=_font(32),
            fill=0,
            anchor="ms",
        )
    return pages


class ManifestSheet:
    """``app.services.handoff_ports.ManifestDocument``: the PDF's bytes."""

    def pdf(self, header: ManifestHeader, lines: Sequence[ManifestLine]) -> bytes:
        images = manifest_pages(header, lines)
        out = io.BytesIO()
        images[0].save(
            out,
            "PDF",
            save_all=True,
            append_images=images[1:],
            resolution=DPI,
            title=f"Manifest {header.code}",
        )
        return out.getvalue()
