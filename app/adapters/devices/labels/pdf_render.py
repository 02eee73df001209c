"""Labels and pages as PDF for office printers: the 1-bit image of each page, placed at the
label's physical size (a 4x6 in label is a 288 x 432 pt page), CCITT G4 compressed by Pillow
(about 9 KB a label)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image

from app.adapters.devices.labels.image_render import render_png
from app.domain.labels import LabelContent, LabelSize

__all__ = ["images_to_pdf", "render_pdf"]


def images_to_pdf(pages: Sequence[Image.Image], size: LabelSize) -> bytes:
    """``pages`` (images ``size.width_px`` wide) as a PDF, one page each, at the size's
    resolution so that a page is ``size.width_mm`` wide."""
    if not pages:
        raise ValueError("a PDF needs at least one page")
    resolution = size.width_px / (size.width_mm / 25.4)
    buffer = io.BytesIO()
    first, *rest = [page.convert("1") for page in pages]
    first.save(
        buffer,
        format="PDF",
        resolution=resolution,
        save_all=bool(rest),
        append_images=rest,
        title="Packbench",
    )
    return buffer.getvalue()


def render_pdf(content: LabelContent, size: LabelSize) -> bytes:
    """The label as a one-page PDF of the label's size."""
    return images_to_pdf([render_png(content, size)], size)
