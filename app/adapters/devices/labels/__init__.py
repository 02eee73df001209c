"""Shipping labels and packing slips: one layout, rendered for every kind of printer.

* ``layout_label(content, size)``: the label as positioned elements (``layout``).
* ``render_png(content, size)``: a 1-bit image (preview; what raster printers print).
* ``render_escpos(content, size, profile, mode="native"|"raster")``: an ESC/POS job.
* ``render_zpl(content, size)``: a ZPL II job for Zebra-type label printers.
* ``render_pdf(content, size)``: a one-page PDF at the label's size, for office printers.
* ``packing_slip``: the packing slip as PNG pages, PDF and ESC/POS text.

Sizes are ``app.domain.labels.LabelSize`` values: ``LABEL_4X6_203``, ``LABEL_4X6_300``,
``RECEIPT_80MM``, ``RECEIPT_58MM`` (and ``PAGE_A4`` for slips).
"""

# resources points python-escpos's capabilities cache at the user cache dir; it must run
# before the first import of escpos (in escpos_render).
from app.adapters.devices import resources as _resources  # noqa: F401
from app.adapters.devices.labels.escpos_render import (
    ESCPOS_4INCH_203,
    EscposProfile,
    escpos_raster_job,
    receipt_size_for,
    render_escpos,
)
from app.adapters.devices.labels.image_render import render_png
from app.adapters.devices.labels.layout import LabelDoesNotFit, Layout, layout_label
from app.adapters.devices.labels.packing_slip import (
    render_packing_slip_escpos,
    render_packing_slip_pages,
    render_packing_slip_pdf,
)
from app.adapters.devices.labels.pdf_render import render_pdf
from app.adapters.devices.labels.zpl_render import render_zpl

__all__ = [
    "ESCPOS_4INCH_203",
    "EscposProfile",
    "LabelDoesNotFit",
    "Layout",
    "escpos_raster_job",
    "layout_label",
    "receipt_size_for",
    "render_escpos",
    "render_packing_slip_escpos",
    "render_packing_slip_pages",
    "render_packing_slip_pdf",
    "render_pdf",
    "render_png",
    "render_zpl",
]
