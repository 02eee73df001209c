"""The badge sheet an admin prints for the site's people: A4 pages of ID-1 badge cards to cut
out, each with the person's name, role and badge code as Code 128.

The cards are the demo sheet's (``demo_sheet.badge_card``): the same barcode drawing, 4 px
modules at 300 dpi, 1-bit pages. The database keeps only a digest of each badge, so the codes
come from the admin (``packbench users badge-sheet``); the names and roles printed are the
ones the database holds for them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from app.adapters.db.demo_data import DemoBadge
from app.adapters.documents.demo_sheet import (
    BADGE_SIZE,
    CONTENT_WIDTH,
    FOOTER_HEIGHT,
    MARGIN,
    PAGE_SIZE,
    badge_card,
    write_pages,
)
from app.adapters.documents.demo_sheet import _font as font

TITLE = "Packbench badges"
NOTE = (
    "Cut out along the dashes. Print at 100 % (no 'fit to page') so the barcodes keep their size."
)
_CARD = BADGE_SIZE
_ROW = _CARD[1] + 80
_TOP = MARGIN + 200
ROWS = (PAGE_SIZE[1] - MARGIN - FOOTER_HEIGHT - _TOP) // _ROW
PER_PAGE = 2 * ROWS


def badge_sheet_pages(badges: Sequence[DemoBadge]) -> list[Image.Image]:
    """The badges, ``PER_PAGE`` to a page, as 1-bit A4 images at 300 dpi."""
    if not badges:
        raise ValueError("no badges to print")
    chunks = [badges[i : i + PER_PAGE] for i in range(0, len(badges), PER_PAGE)]
    pages = []
    gap = CONTENT_WIDTH - 2 * _CARD[0]
    for number, chunk in enumerate(chunks, start=1):
        page = Image.new("L", PAGE_SIZE, 255)
        draw = ImageDraw.Draw(page)
        draw.text((MARGIN, MARGIN), TITLE, font=font(80, bold=True), fill=0)
        draw.text((MARGIN, MARGIN + 110), NOTE, font=font(36), fill=0)
        for i, badge in enumerate(chunk):
            x = MARGIN + (i % 2) * (_CARD[0] + gap)
            page.paste(badge_card(badge), (x, _TOP + (i // 2) * _ROW))
        draw.text(
            (PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN),
            f"{TITLE}, page {number} of {len(chunks)}",
            font=font(32),
            fill=0,
            anchor="ms",
        )
        pages.append(page.convert("1", dither=Image.Dither.NONE))
    return pages


def write_badge_sheet(path: Path, badges: Sequence[DemoBadge]) -> Path:
    """Write the badge sheet as an A4 PDF to ``path`` (atomically) and return it."""
    return write_pages(path, badge_sheet_pages(badges), TITLE)
