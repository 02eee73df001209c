"""Layouts drawn dot for dot as 1-bit images: the PNG preview, and what PDF and ESC/POS raster
print."""

from __future__ import annotations

from PIL import Image, ImageDraw

from app.adapters.devices.labels.fonts import font, line_gap
from app.adapters.devices.labels.layout import (
    Barcode,
    Element,
    Layout,
    QrCode,
    Rule,
    TextBlock,
    layout_label,
)
from app.domain.labels import LabelContent, LabelSize

__all__ = ["draw_element", "draw_layout", "render_png"]


def _draw_text(draw: ImageDraw.ImageDraw, block: TextBlock, offset: tuple[int, int]) -> None:
    face = font(block.cell, block.bold)
    x0, y0 = block.box.x - offset[0], block.box.y - offset[1]
    step = block.cell + line_gap(block.cell)
    for index, line in enumerate(block.lines):
        x = x0
        if block.align == "center":
            x = x0 + max(0, (block.box.width - round(face.getlength(line))) // 2)
        draw.text((x, y0 + index * step), line, font=face, fill=0, anchor="la")


def _draw_barcode(draw: ImageDraw.ImageDraw, barcode: Barcode, offset: tuple[int, int]) -> None:
    top = barcode.box.y - offset[1]
    bottom = top + barcode.box.height - 1
    x = barcode.bars_x - offset[0]
    module = barcode.module
    modules = barcode.symbol.modules
    i = 0
    while i < len(modules):
        if modules[i] == "1":
            start = i
            while i < len(modules) and modules[i] == "1":
                i += 1
            draw.rectangle((x + start * module, top, x + i * module - 1, bottom), fill=0)
        else:
            i += 1


def _draw_qr(draw: ImageDraw.ImageDraw, qr: QrCode, offset: tuple[int, int]) -> None:
    ox, oy = qr.origin
    ox -= offset[0]
    oy -= offset[1]
    m = qr.module
    for row_index, row in enumerate(qr.symbol.matrix):
        for col_index, dark in enumerate(row):
            if dark:
                x, y = ox + col_index * m, oy + row_index * m
                draw.rectangle((x, y, x + m - 1, y + m - 1), fill=0)


def draw_element(
    draw: ImageDraw.ImageDraw, element: Element, offset: tuple[int, int] = (0, 0)
) -> None:
    """Draw ``element`` on ``draw`` (a 1-bit image; 0 is ink), moved by ``-offset``."""
    if isinstance(element, TextBlock):
        _draw_text(draw, element, offset)
    elif isinstance(element, Barcode):
        _draw_barcode(draw, element, offset)
    elif isinstance(element, QrCode):
        _draw_qr(draw, element, offset)
    elif isinstance(element, Rule):
        box = element.box
        x, y = box.x - offset[0], box.y - offset[1]
        draw.rectangle((x, y, x + box.width - 1, y + box.height - 1), fill=0)


def draw_layout(layout: Layout) -> Image.Image:
    """``layout`` as a 1-bit image of its full size (white paper, black ink)."""
    image = Image.new("1", (layout.width, layout.height), 1)
    draw = ImageDraw.Draw(image)
    for element in layout.elements:
        draw_element(draw, element)
    return image


def render_png(content: LabelContent, size: LabelSize) -> Image.Image:
    """The label as a 1-bit (mode "1") image, ``size.width_px`` wide; as high as the label
    (``size.height_px``) or, on continuous paper, as its content. Save it with
    ``image.save(path, "PNG", dpi=(size.dpi, size.dpi))``."""
    return draw_layout(layout_label(content, size))
