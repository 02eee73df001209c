"""The manifest for the driver to sign: A4 pages as a vector PDF (``vector_pdf``): every
barcode drawn as bars, sharp at any printer's resolution, written in a fraction of a second for
thousands of parcels (the raster pages took seconds of Pillow drawing and G4 encoding).

Page one says the carrier, the pick-up, the parcel count and total weight, carries the
manifest's own barcode (scanned at the dock, it chooses that cage) and the lines to sign. Then
every parcel: its tracking number as a Code 128 barcode with the order reference beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.adapters.documents.vector_pdf import (
    MODULE_PX,
    PAGE_SIZE,
    QUIET_MODULES,
    VectorPdf,
    code128_modules,
)
from app.domain.handoff import ManifestHeader, ManifestLine, cage_name, total_weight_g

MARGIN = 130  # 11 mm at 300 dpi
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
_COLUMNS = 2
_COLUMN_GAP = 160  # a scan line catches only one barcode
_CELL_WIDTH = (CONTENT_WIDTH - _COLUMN_GAP) // _COLUMNS
_CELL_HEIGHT = 200
_BAR_HEIGHT = 100
_FOOTER = 90


def _parcel_cell(doc: VectorPdf, x: int, y: int, line: ManifestLine) -> None:
    try:
        doc.code128(x, y, line.tracking_number, _BAR_HEIGHT, human_text=True)
    except ValueError:  # characters a scanner keyboard may mistype: printed as text only
        doc.text(x + 40, y + 40 + 33, line.tracking_number, 44, bold=True)
    weight = "" if line.weight_g is None else f"  {line.weight_g / 1000:.2f} kg"
    doc.text(x + 40, y + _BAR_HEIGHT + 62 + 23, f"{line.order_reference[:40]}{weight}", 30)


def _first_page(doc: VectorPdf, header: ManifestHeader, lines: Sequence[ManifestLine]) -> int:
    doc.new_page()
    y = MARGIN
    title = f"Manifest {cage_name(header.carrier, header.group)}"
    doc.text(MARGIN, y + 80, title, 96, bold=True)
    width = (2 * QUIET_MODULES + len(code128_modules(header.code))) * MODULE_PX
    doc.code128(PAGE_SIZE[0] - MARGIN - width, y, header.code, 150, human_text=True)
    y += 140
    facts = (
        f"Pick-up: {header.pickup_at:%Y-%m-%d %H:%M %Z}",
        f"Parcels: {len(lines)}    Total weight: {total_weight_g(lines) / 1000:.2f} kg",
        "Closed: "
        + (f"{header.closed_at:%Y-%m-%d %H:%M %Z}" if header.closed_at else "not yet (draft)")
        + (f" by {header.closed_by}" if header.closed_by else ""),
    )
    y += 80  # below the manifest's barcode and its text
    for fact in facts:
        doc.text(MARGIN, y + 40, fact, 48)
        y += 70
    y += 60
    for label in ("Driver's name", "Signature", "Time of pick-up"):
        doc.text(MARGIN, y + 34, label, 40)
        doc.line(MARGIN + 420, y + 44, MARGIN + 1500, y + 44, 3)
        y += 95
    doc.line(MARGIN, y, PAGE_SIZE[0] - MARGIN, y, 4)
    return y + 40


def manifest_pdf(header: ManifestHeader, lines: Sequence[ManifestLine]) -> bytes:
    """The manifest as a PDF of A4 pages."""
    doc = VectorPdf(f"Manifest {header.code}")
    y = _first_page(doc, header, lines)
    bottom = PAGE_SIZE[1] - MARGIN - _FOOTER
    for start in range(0, len(lines), _COLUMNS):
        if y + _CELL_HEIGHT > bottom:
            doc.new_page()
            y = MARGIN
        for column, line in enumerate(lines[start : start + _COLUMNS]):
            _parcel_cell(doc, MARGIN + column * (_CELL_WIDTH + _COLUMN_GAP), y, line)
        y += _CELL_HEIGHT
    count = doc.page_count
    for number in range(1, count + 1):
        doc.text_on(
            number - 1,
            MARGIN,
            PAGE_SIZE[1] - MARGIN,
            f"{header.code}  {cage_name(header.carrier, header.group)}  page {number} of {count}",
            32,
        )
    return doc.pdf()


class ManifestSheet:
    """``app.services.handoff_ports.ManifestDocument``: the PDF's bytes."""

    def pdf(self, header: ManifestHeader, lines: Sequence[ManifestLine]) -> bytes:
        return manifest_pdf(header, lines)
