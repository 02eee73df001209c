"""The printable demo sheet: the command barcodes, badges, a short how-to, and a slip for
every demo order.

A4 pages at 300 dpi, drawn with Pillow and saved as one PDF. Barcodes are encoded by
python-barcode and drawn here at a whole number of pixels per module (4 px = 0.34 mm), so every
bar has the same width and a handheld scanner reads them off an office printout. Pages are
1-bit, which Pillow stores losslessly (CCITT G4) instead of as a blurry JPEG.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import barcode
from barcode.errors import BarcodeError
from PIL import Image, ImageDraw, ImageFont

from app.adapters.db.demo_data import DemoBadge, DemoLine, DemoOrder, DemoProduct, DemoSummary
from app.domain.barcodes import gtin_check_digit

DPI = 300
PAGE_SIZE = (2480, 3508)  # A4 at 300 dpi
MARGIN = 130  # 11 mm
CONTENT_WIDTH = PAGE_SIZE[0] - 2 * MARGIN
FOOTER_HEIGHT = 70
MODULE_PX = 4  # 0.34 mm per module at 300 dpi: comfortably above the 0.25 mm scanners need
QUIET_MODULES = 10
FONT_DIR = Path(__file__).resolve().parents[3] / "resources" / "fonts"

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

HOW_TO = (
    "1. Scan your badge",
    "2. Scan an order slip or tote",
    "3. Scan every unit",
    "4. Complete",
)

_INTERNAL_CODE_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
BADGE_SIZE = (1011, 638)  # ID-1 card, 85.6 x 54 mm
_SLIP_HEADER = 300
_SLIP_ROW = 215
_PRODUCT_COLUMNS = 4
_PRODUCT_CELL = (CONTENT_WIDTH // _PRODUCT_COLUMNS, 262)


# -- barcodes --------------------------------------------------------------------------------


def render_code128(value: str, bar_height: int = 150, human_text: bool = True) -> Image.Image:
    """A Code 128 image of an internal code (badge, order slip, tote...) with its quiet zones
    and, below the bars, the code in plain text. Only digits and A-Z are allowed: other
    characters come out differently on scanners set to another keyboard layout."""
    if not value or not set(value) <= _INTERNAL_CODE_CHARS:
        raise ValueError(
            f"internal code {value!r} must be digits and capital letters A-Z only "
            "(anything else is unsafe on scanner keyboards)"
        )
    try:
        pattern = barcode.get("code128", value).build()[0]
    except BarcodeError as exc:  # pragma: no cover - the check above keeps these out
        raise ValueError(f"cannot encode {value!r} as Code 128: {exc}") from exc
    image, draw = _bars(pattern, bar_height, QUIET_MODULES, QUIET_MODULES, text_room=human_text)
    if human_text:
        draw.text((image.width // 2, bar_height + 8), value, font=_font(38), fill=0, anchor="mt")
    return image


def render_ean13(code: str, bar_height: int = 130) -> Image.Image:
    """An EAN-13 image with extended guard bars and the digits in the usual places. Raises
    ``ValueError`` unless ``code`` is 13 digits with a correct check digit (python-barcode
    would silently replace a wrong one, printing a code that is not the product's)."""
    _check_gtin(code, 13, "EAN-13")
    pattern = barcode.get("ean13-guard", code).build()[0]
    left, right = 11, 7  # the quiet zones EAN-13 requires, in modules
    image, draw = _bars(pattern, bar_height, left, right, text_room=True, guard_extra=24)
    font = _font(38)
    top = bar_height + 4

    def centre(first_module: int, last_module: int) -> int:
        return (left + (first_module + last_module) // 2) * MODULE_PX

    draw.text(((left - 4) * MODULE_PX, top), code[0], font=font, fill=0, anchor="rt")
    draw.text((centre(3, 45), top), code[1:7], font=font, fill=0, anchor="mt")
    draw.text((centre(50, 92), top), code[7:], font=font, fill=0, anchor="mt")
    return image


def render_itf14(code: str, bar_height: int = 110) -> Image.Image:
    """An ITF-14 image (the usual symbol for a case's GTIN-14), wide bars 2.5 times the narrow
    ones, with bearer bars above and below. Raises ``ValueError`` for a wrong check digit."""
    _check_gtin(code, 14, "GTIN-14")
    # narrow=2, wide=5 modules of 2 px: narrow bars 4 px, wide bars 10 px
    pattern = barcode.get("itf", code, options={"narrow": 2, "wide": 5}).build()[0]
    half = MODULE_PX // 2
    bearer = 3 * MODULE_PX
    quiet = QUIET_MODULES * MODULE_PX
    width = 2 * quiet + len(pattern) * half
    height = bar_height + 2 * bearer + 52
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, bearer - 1), fill=0)
    draw.rectangle((0, bearer + bar_height, width - 1, 2 * bearer + bar_height - 1), fill=0)
    for start, run in _runs(pattern, "1"):
        x = quiet + start * half
        draw.rectangle((x, bearer, x + run * half - 1, bearer + bar_height - 1), fill=0)
    draw.text(
        (width // 2, 2 * bearer + bar_height + 8),
        f"{code[0]} {code[1:3]} {code[3:8]} {code[8:13]} {code[13]}",
        font=_font(38),
        fill=0,
        anchor="mt",
    )
    return image


def _check_gtin(code: str, length: int, name: str) -> None:
    if len(code) != length or not (code.isascii() and code.isdigit()):
        raise ValueError(f"{name} {code!r} must be exactly {length} digits")
    expected = gtin_check_digit(code[:-1])
    if expected != int(code[-1]):
        raise ValueError(f"{name} {code} has a wrong check digit (expected {expected})")


def _runs(pattern: str, chars: str) -> Iterable[tuple[int, int]]:
    """(start, length) of every run of characters from ``chars`` in ``pattern``."""
    start = None
    for i, char in enumerate([*pattern, "0"]):
        if char in chars and start is None:
            start = i
        elif char not in chars and start is not None:
            yield start, i - start
            start = None


def _bars(
    pattern: str,
    bar_height: int,
    left_quiet: int,
    right_quiet: int,
    *,
    text_room: bool,
    guard_extra: int = 0,
) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    """A white image with ``pattern`` drawn as bars: '1' a module of bar, 'G' a module of guard
    bar (``guard_extra`` px longer), '0' a module of space."""
    width = (left_quiet + len(pattern) + right_quiet) * MODULE_PX
    height = bar_height + (56 if text_room else guard_extra)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for chars, extra in (("1", 0), ("G", guard_extra)):
        for start, run in _runs(pattern, chars):
            x = (left_quiet + start) * MODULE_PX
            draw.rectangle((x, 0, x + run * MODULE_PX - 1, bar_height + extra - 1), fill=0)
    return image, draw


# -- text --------------------------------------------------------------------------------------


@lru_cache(maxsize=32)
def _font(size: int, bold: bool = False) -> Font:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int) -> str:
    """``text``, cut with an ellipsis if it is wider than ``width``."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, lines: int) -> list[str]:
    """``text`` broken at spaces into at most ``lines`` lines no wider than ``width``."""
    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and draw.textlength(f"{line} {words[0]}", font=font) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = _fit(draw, f"{out[-1]} {' '.join(words)}", font, width)
    return [_fit(draw, line, font, width) for line in out]


def _dashed_line(draw: ImageDraw.ImageDraw, y: int, x0: int, x1: int) -> None:
    for x in range(x0, x1, 36):
        draw.line((x, y, min(x + 18, x1), y), fill=0, width=3)


def _dashed_box(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int]) -> None:
    x0, y0, x1, y1 = box
    for x in range(x0, x1, 36):
        draw.line((x, y0, min(x + 18, x1), y0), fill=0, width=3)
        draw.line((x, y1, min(x + 18, x1), y1), fill=0, width=3)
    for y in range(y0, y1, 36):
        draw.line((x0, y, x0, min(y + 18, y1)), fill=0, width=3)
        draw.line((x1, y, x1, min(y + 18, y1)), fill=0, width=3)


# -- pages -----------------------------------------------------------------------------------


def _new_page() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    page = Image.new("L", PAGE_SIZE, 255)
    return page, ImageDraw.Draw(page)


def _badge_page(badges: Sequence[DemoBadge]) -> Image.Image:
    page, draw = _new_page()
    y = MARGIN
    draw.text((MARGIN, y), "Packbench demo sheet", font=_font(96, bold=True), fill=0)
    y += 130
    draw.text(
        (MARGIN, y),
        "Demo data only. Print at 100 % (no 'fit to page') so the barcodes keep their size.",
        font=_font(40),
        fill=0,
    )
    y += 110
    draw.text((MARGIN, y), "How to pack an order", font=_font(60, bold=True), fill=0)
    y += 90
    for step in HOW_TO:
        draw.text((MARGIN + 20, y), step, font=_font(52), fill=0)
        y += 72
    y += 10
    for note in (
        "A barcode marked 'case of N' counts N units with one scan.",
        "Commands (Complete, Acknowledge, New parcel, label answers) are on the first two",
        "pages; box barcodes, order slips and totes follow (kits, serials, notes, two parcels",
        "on the last four slips); the last pages list every demo product.",
    ):
        draw.text((MARGIN + 20, y), note, font=_font(40), fill=0)
        y += 56
    y += 70
    draw.text((MARGIN, y), "Badges (cut out along the dashes)", font=_font(60, bold=True), fill=0)
    y += 110
    gap = CONTENT_WIDTH - 2 * BADGE_SIZE[0]
    for i, badge in enumerate(badges):
        x = MARGIN + (i % 2) * (BADGE_SIZE[0] + gap)
        top = y + (i // 2) * (BADGE_SIZE[1] + 80)
        page.paste(badge_card(badge), (x, top))
    return page


def badge_card(badge: DemoBadge) -> Image.Image:
    """A badge to cut out: ID-1 card size, the name, the role and the code as Code 128."""
    card = Image.new("L", BADGE_SIZE, 255)
    draw = ImageDraw.Draw(card)
    width, height = BADGE_SIZE
    _dashed_box(draw, (0, 0, width - 1, height - 1))
    draw.text(
        (50, 45), _fit(draw, badge.name, _font(64, True), width - 100), font=_font(64, True), fill=0
    )
    draw.text((50, 130), badge.role.capitalize(), font=_font(46), fill=0)
    code = render_code128(badge.code, bar_height=230)
    card.paste(code, ((width - code.width) // 2, height - code.height - 40))
    return card


def _slip(order: DemoOrder) -> Image.Image:
    from app.adapters.documents.demo_packout import SERIAL_ROW, kit_rows, notes_block, serial_row

    rows: list[tuple[DemoLine, str]] = [row for line in order.lines for row in kit_rows(line)]
    serials = {line.sku: serial_row(line) for line in order.lines if line.serials}
    notes = notes_block(order)
    height = _SLIP_HEADER + len(rows) * _SLIP_ROW + len(serials) * SERIAL_ROW + 50
    height += notes.height + 30 if notes is not None else 0
    slip = Image.new("L", (CONTENT_WIDTH, height), 255)
    draw = ImageDraw.Draw(slip)

    codes = [("Order slip", render_code128(order.slip_code))]
    if order.tote_code is not None:
        codes.insert(0, ("Tote", render_code128(order.tote_code)))
    x = CONTENT_WIDTH
    for caption, image in reversed(codes):
        x -= image.width
        draw.text((x + MODULE_PX * QUIET_MODULES, 20), caption, font=_font(34), fill=0)
        slip.paste(image, (x, 70))
        x -= 40
    text_width = x - 20
    units = sum(line.quantity for line in order.lines)
    draw.text((0, 20), order.reference, font=_font(72, bold=True), fill=0)
    details = (
        f"{order.carrier} {order.service}",
        order.ship_to,
        f"{len(order.lines)} line{'s' if len(order.lines) != 1 else ''}, "
        f"{units} unit{'s' if units != 1 else ''}",
    )
    for i, text in enumerate(details):
        draw.text(
            (0, 115 + i * 52), _fit(draw, text, _font(40), text_width), font=_font(40), fill=0
        )

    y = _SLIP_HEADER
    if notes is not None:
        slip.paste(notes, (0, y - 12))
        y += notes.height + 30
    for line, caption in rows:
        draw.line((0, y - 12, CONTENT_WIDTH, y - 12), fill=0, width=2)
        _slip_row(slip, draw, line, y, caption)
        y += _SLIP_ROW
        if line.sku in serials:
            slip.paste(serials[line.sku], (0, y - 20))
            y += SERIAL_ROW
    _dashed_line(draw, height - 8, 0, CONTENT_WIDTH)
    return slip


def _slip_row(
    slip: Image.Image, draw: ImageDraw.ImageDraw, line: DemoLine, y: int, caption: str = ""
) -> None:
    case_x = CONTENT_WIDTH - 570
    ean = render_ean13(line.ean13)
    ean_x = case_x - 40 - ean.width
    quantity = f"{line.quantity}×"
    qty_font = _font(64, bold=True)
    if line.quantity > 1:  # the easy one to miss: white on black
        box = draw.textbbox((20, y + 20), quantity, font=qty_font)
        draw.rounded_rectangle(
            (box[0] - 14, box[1] - 12, box[2] + 14, box[3] + 12), radius=12, fill=0
        )
        draw.text((20, y + 20), quantity, font=qty_font, fill=255)
    else:
        draw.text((20, y + 20), quantity, font=qty_font, fill=0)
    name_x = 210
    name_lines = _wrap(draw, line.name, _font(42, bold=True), ean_x - name_x - 30, 2)
    for i, text in enumerate(name_lines):
        draw.text((name_x, y + 10 + i * 54), text, font=_font(42, bold=True), fill=0)
    below = f"{line.sku} · {caption}" if caption else line.sku
    sku_text = _fit(draw, below, _font(36), ean_x - name_x - 30)
    draw.text((name_x, y + 10 + len(name_lines) * 54 + 6), sku_text, font=_font(36), fill=0)
    slip.paste(ean, (ean_x, y + 10))
    if line.case_code is not None and line.case_units and line.quantity >= line.case_units:
        # only where it helps: a case scan on a smaller line would be an over-scan
        draw.text((case_x, y), f"case of {line.case_units}", font=_font(34, bold=True), fill=0)
        slip.paste(render_itf14(line.case_code, bar_height=90), (case_x, y + 40))


def _product_cell(product: DemoProduct) -> Image.Image:
    cell = Image.new("L", _PRODUCT_CELL, 255)
    draw = ImageDraw.Draw(cell)
    font = _font(30, bold=True)
    for i, text in enumerate(_wrap(draw, product.name, font, _PRODUCT_CELL[0] - 30, 2)):
        draw.text((0, i * 36), text, font=font, fill=0)
    draw.text((0, 74), product.sku, font=_font(28), fill=0)
    cell.paste(render_ean13(product.ean13, bar_height=80), (0, 114))
    return cell


def _product_rows(products: Sequence[DemoProduct]) -> list[Image.Image]:
    rows = []
    for start in range(0, len(products), _PRODUCT_COLUMNS):
        row = Image.new("L", (CONTENT_WIDTH, _PRODUCT_CELL[1]), 255)
        for i, product in enumerate(products[start : start + _PRODUCT_COLUMNS]):
            row.paste(_product_cell(product), (i * _PRODUCT_CELL[0], 0))
        rows.append(row)
    return rows


def _flow(title: str, blocks: Sequence[Image.Image], gap: int = 30) -> list[Image.Image]:
    """Pages with ``title`` at the top and ``blocks`` stacked under it, as many as fit."""
    pages: list[Image.Image] = []
    bottom = PAGE_SIZE[1] - MARGIN - FOOTER_HEIGHT
    y = bottom + 1
    page: Image.Image | None = None
    for block in blocks:
        if page is None or y + block.height > bottom:
            page, draw = _new_page()
            pages.append(page)
            draw.text((MARGIN, MARGIN), title, font=_font(56, bold=True), fill=0)
            y = MARGIN + 100
        page.paste(block, (MARGIN, y))
        y += block.height + gap
    return pages


def _add_footers(pages: Sequence[Image.Image]) -> None:
    for number, page in enumerate(pages, start=1):
        ImageDraw.Draw(page).text(
            (PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN),
            f"Packbench demo sheet, page {number} of {len(pages)}",
            font=_font(32),
            fill=0,
            anchor="ms",
        )


def demo_sheet_pages(
    summary: DemoSummary, command_prefix: str = "CMD", box_prefix: str = "BOX"
) -> list[Image.Image]:
    """The sheet's pages as 1-bit A4 images at 300 dpi: first the command barcodes (the
    commands sheet's two pages: ACKNOWLEDGE and NEW PARCEL among them, the hold reasons, the
    answers to an interrupted label and the reasons for a reprint), then badges and the
    how-to, the box barcodes, the order slips and the products."""
    # Imported here: these draw with this module's barcodes and sizes.
    from app.adapters.documents.commands_sheet import command_pages
    from app.adapters.documents.demo_packout import BOX_HOW_TO, box_rows

    pages = [image for image, _ in command_pages(command_prefix)]
    pages.append(_badge_page(summary.badges))
    if summary.boxes:
        how_to = _text_block(BOX_HOW_TO)
        pages += _flow("Boxes", [how_to, *box_rows(summary.boxes, box_prefix)], gap=60)
    pages += _flow("Order slips", [_slip(order) for order in summary.orders])
    pages += _flow("Demo products", _product_rows(summary.products))
    _add_footers(pages)
    return [page.convert("1", dither=Image.Dither.NONE) for page in pages]


def _text_block(lines: Sequence[str]) -> Image.Image:
    block = Image.new("L", (CONTENT_WIDTH, len(lines) * 56 + 10), 255)
    draw = ImageDraw.Draw(block)
    for i, text in enumerate(lines):
        draw.text((0, i * 56), text, font=_font(40), fill=0)
    return block


def write_demo_sheet(
    path: Path, summary: DemoSummary, command_prefix: str = "CMD", box_prefix: str = "BOX"
) -> Path:
    """Write the demo sheet as a multi-page A4 PDF to ``path`` (atomically) and return it."""
    pages = demo_sheet_pages(summary, command_prefix, box_prefix)
    return write_pages(path, pages, "Packbench demo sheet")


def write_pages(path: Path, images: Sequence[Image.Image], title: str) -> Path:
    """Write ``images`` (300 dpi pages) as one PDF to ``path``, atomically; return ``path``."""
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        images[0].save(
            tmp, "PDF", save_all=True, append_images=images[1:], resolution=DPI, title=title
        )
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
