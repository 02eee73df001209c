"""Labels bought upstream (by the shop, from the carrier) printed as they came.

A ZPL label goes to a ZPL printer unchanged. A PNG or PDF label is turned into the printer's
own raster format at the printer's resolution, without scaling: ESC/POS raster for ESC/POS
printers, a ZPL ``^GFA`` graphic for ZPL printers. A label wider than the printer's paper is
refused with the sizes, never clipped. (A ZPL label cannot go to an ESC/POS printer: refused.)
"""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image

from app.adapters.devices.labels.escpos_render import EscposProfile, escpos_raster_job
from app.adapters.devices.labels.layout import LabelDoesNotFit
from app.domain.labels import LabelSize

FORMATS = ("zpl", "png", "pdf")


def upstream_image(data: bytes, label_format: str, dpi: int) -> Image.Image:
    """A PNG or the first page of a PDF as a 1-bit image at ``dpi`` (PDF pages are drawn at
    that resolution; a PNG is taken as it is)."""
    if label_format == "png":
        with Image.open(io.BytesIO(data)) as image:
            return image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
    if label_format == "pdf":
        document = pypdfium2.PdfDocument(data)
        try:
            if len(document) == 0:
                raise LabelDoesNotFit("The PDF label has no page.")
            page = document[0]
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            page_image: Image.Image = bitmap.to_pil()
        finally:
            document.close()
        return page_image.convert("L").point(lambda v: 255 if v >= 128 else 0).convert("1")
    raise LabelDoesNotFit(f"A {label_format.upper()} label is not an image.")


def zpl_graphic_job(image: Image.Image, size: LabelSize) -> str:
    """``image`` as one ZPL label: a ``^GFA`` graphic at the top left corner."""
    if image.width > size.width_px:
        raise LabelDoesNotFit(
            f"The label image is {image.width} dots wide, but the printer's labels are "
            f"{size.width_px} dots wide."
        )
    bitmap = image.convert("1")
    row_bytes = (bitmap.width + 7) // 8
    # PIL "1" packs 1 for white; ZPL wants 1 for black: invert while packing.
    raw = bytes(b ^ 0xFF for b in bitmap.tobytes("raw", "1"))
    padded = b"".join(raw[row * row_bytes : (row + 1) * row_bytes] for row in range(bitmap.height))
    total = len(padded)
    height = size.height_px or bitmap.height
    return (
        f"^XA^CI28^PW{size.width_px}^LL{height}"
        f"^FO0,0^GFA,{total},{total},{row_bytes},{padded.hex().upper()}^FS^XZ"
    )


def upstream_job(
    data: bytes, label_format: str, language: str, size: LabelSize, profile: EscposProfile
) -> tuple[bytes, Image.Image | None]:
    """The bytes to send for a label bought upstream, and its image for the preview (None for
    ZPL passed through)."""
    label_format = label_format.strip().lower()
    if label_format not in FORMATS:
        raise LabelDoesNotFit(f"An upstream label in {label_format!r}: only ZPL, PNG or PDF.")
    if label_format == "zpl":
        if language != "zpl":
            raise LabelDoesNotFit("A ZPL label bought upstream needs a ZPL printer.")
        return data, None
    image = upstream_image(data, label_format, size.dpi)
    if language == "zpl":
        return zpl_graphic_job(image, size).encode("ascii"), image
    return escpos_raster_job(image, profile), image
