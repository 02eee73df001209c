"""The printable command-barcode sheet a station tapes next to its scanner.

One A4 page at 300 dpi, drawn with Pillow in the demo sheet's style (``demo_sheet``) and saved
as a 1-bit PDF so the bars stay sharp. Every command is a large Code 128 barcode (4 px modules,
18 mm tall bars) with its title in big type and a one-line explanation; the hold reasons,
scanned after HOLD, are grouped at the bottom. The codes are the station's command prefix
followed by ``app.domain.commands.Command``.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from app.adapters.documents.demo_sheet import (
    CONTENT_WIDTH,
    DPI,
    FONT_DIR,
    MARGIN,
    MODULE_PX,
    PAGE_SIZE,
    QUIET_MODULES,
    render_code128,
)
from app.domain.commands import (
    DEFAULT_PREFIX,
    HOLD_REASONS,
    LABEL_ANSWERS,
    REPRINT_REASON_COMMANDS,
    Command,
    command_barcode,
)

TITLE = "Packbench command barcodes"
HOLD_HEADING = "Hold reasons (scan after HOLD)"
LABELS_HEADING = "Labels: interrupted labels and reasons for printing again"
NOTE = (
    "Tape this next to the scanner. Print at 100 % (no 'fit to page') so the barcodes "
    "keep their size."
)

COMMANDS: tuple[tuple[Command, str, str], ...] = (
    (Command.COMPLETE, "Complete order", "Close the parcel and print its label."),
    (Command.UNDO, "Undo last scan", "Take back the last scanned unit."),
    (Command.NEXT, "Next order", "Take the next order from the queue."),
    (Command.REPRINT, "Reprint label", "Print a label again: scan it, then a reason."),
    (Command.HOLD, "Hold order", "Put the order on hold, then scan a reason."),
    (Command.CANCEL, "Cancel", "Cancel the current prompt."),
    (Command.ACKNOWLEDGE, "Acknowledge", "I saw the error: carry on scanning."),
    (Command.NEW_PARCEL, "New parcel", "Weigh and label this parcel; open the next."),
    (Command.ACCEPT_WEIGHT, "Accept weight", "Supervisor: ship a refused weight (reason)."),
    (Command.SIGN_OUT, "Sign out", "Sign out of this station."),
    (Command.HOLD_MISSING, HOLD_REASONS[Command.HOLD_MISSING], "A unit is not in the tote."),
    (Command.HOLD_DAMAGED, HOLD_REASONS[Command.HOLD_DAMAGED], "A unit is damaged."),
    (Command.HOLD_WRONG, HOLD_REASONS[Command.HOLD_WRONG], "The tote holds an item not ordered."),
    (Command.LABEL_OK, "Yes, it came out", "The interrupted label came out whole."),
    (Command.LABEL_AGAIN, "No, print it", "The interrupted label did not come out."),
    (Command.REPRINT_DAMAGED, "Reason: damaged", "Scan after Reprint label."),
    (Command.REPRINT_NOT_PRINTED, "Reason: not printed", "Scan after Reprint label."),
    (Command.REPRINT_SMUDGED, "Reason: smudged", "Scan after Reprint label."),
    (Command.REPRINT_LOST, "Reason: lost", "Scan after Reprint label."),
)
"""Every command on the sheet: (code after the prefix, title, one-line explanation)."""

_COLUMNS = 2
_COLUMN_GAP = 160  # 13.5 mm between neighbouring barcodes, so a scan line catches only one
_CELL_WIDTH = (CONTENT_WIDTH - _COLUMN_GAP) // _COLUMNS
_BAR_HEIGHT = 210  # 17.8 mm
_CELL_HEIGHT = 470
_QUIET_PX = QUIET_MODULES * MODULE_PX

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> Font:
    path = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size)


def _fitting_font(draw: ImageDraw.ImageDraw, text: str, size: int, bold: bool, width: int) -> Font:
    """The font of at most ``size`` px in which ``text`` is no wider than ``width``."""
    while size > 20 and draw.textlength(text, font=_font(size, bold)) > width:
        size -= 2
    return _font(size, bold)


def _cell(command: Command, title: str, explanation: str, prefix: str) -> Image.Image:
    cell = Image.new("L", (_CELL_WIDTH, _CELL_HEIGHT), 255)
    draw = ImageDraw.Draw(cell)
    # Text starts where the bars start, past the barcode's left quiet zone.
    text_width = _CELL_WIDTH - _QUIET_PX
    draw.text(
        (_QUIET_PX, 0),
        title,
        font=_fitting_font(draw, title, 72, True, text_width),
        fill=0,
    )
    draw.text(
        (_QUIET_PX, 95),
        explanation,
        font=_fitting_font(draw, explanation, 40, False, text_width),
        fill=0,
    )
    code = render_code128(command_barcode(command, prefix), bar_height=_BAR_HEIGHT)
    if code.width > _CELL_WIDTH:
        raise ValueError(f"prefix {prefix!r} is too long: the barcodes no longer fit the sheet")
    cell.paste(code, (0, 165))
    return cell


def _grid(
    page: Image.Image, entries: tuple[tuple[Command, str, str], ...], top: int, prefix: str
) -> int:
    """Paste the cells of ``entries`` in rows under ``top``; return the y below them."""
    for i, (command, title, explanation) in enumerate(entries):
        x = MARGIN + (i % _COLUMNS) * (_CELL_WIDTH + _COLUMN_GAP)
        y = top + (i // _COLUMNS) * _CELL_HEIGHT
        page.paste(_cell(command, title, explanation, prefix), (x, y))
    rows = -(-len(entries) // _COLUMNS)
    return top + rows * _CELL_HEIGHT


def commands_page(prefix: str = DEFAULT_PREFIX) -> Image.Image:
    """The first page (greyscale, no footer): the commands and the hold reasons. The demo
    sheet starts with it too."""
    prefix = prefix.upper()
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    y = MARGIN
    draw.text((MARGIN, y), TITLE, font=_font(96, bold=True), fill=0)
    y += 135
    draw.text((MARGIN, y), NOTE, font=_fitting_font(draw, NOTE, 40, False, CONTENT_WIDTH), fill=0)
    y += 110
    main = tuple(
        entry for entry in COMMANDS if entry[0] not in HOLD_REASONS and entry not in _labels()
    )
    holds = tuple(entry for entry in COMMANDS if entry[0] in HOLD_REASONS)
    y = _grid(page, main, y, prefix)
    draw.line((MARGIN, y - 10, PAGE_SIZE[0] - MARGIN, y - 10), fill=0, width=4)
    y += 25
    draw.text((MARGIN, y), HOLD_HEADING, font=_font(64, bold=True), fill=0)
    y += 110
    _grid(page, holds, y, prefix)
    return page


def _labels() -> tuple[tuple[Command, str, str], ...]:
    label_commands = LABEL_ANSWERS.keys() | REPRINT_REASON_COMMANDS.keys()
    return tuple(entry for entry in COMMANDS if entry[0] in label_commands)


def _labels_page(prefix: str) -> Image.Image:
    page = Image.new("L", PAGE_SIZE, 255)
    draw = ImageDraw.Draw(page)
    heading = _fitting_font(draw, LABELS_HEADING, 64, True, CONTENT_WIDTH)
    draw.text((MARGIN, MARGIN), LABELS_HEADING, font=heading, fill=0)
    _grid(page, _labels(), MARGIN + 135, prefix)
    return page


def commands_sheet_pages(prefix: str = DEFAULT_PREFIX) -> list[Image.Image]:
    """The sheet as 1-bit A4 images at 300 dpi (two pages: the commands and hold reasons,
    then the label commands). ``prefix`` is the station's command prefix; it must be digits
    and capital letters (lower case is raised)."""
    prefix = prefix.upper()
    pages = [commands_page(prefix), _labels_page(prefix)]
    for number, page in enumerate(pages, 1):
        ImageDraw.Draw(page).text(
            (PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN),
            f"Packbench command barcodes, prefix {prefix}, page {number} of 2",
            font=_font(32),
            fill=0,
            anchor="ms",
        )
    return [sheet.convert("1", dither=Image.Dither.NONE) for sheet in pages]


def write_commands_sheet(path: Path, prefix: str = DEFAULT_PREFIX) -> Path:
    """Write the command sheet as an A4 PDF to ``path`` (atomically) and return it."""
    path = Path(path)
    images = commands_sheet_pages(prefix)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        images[0].save(
            tmp, "PDF", save_all=True, append_images=images[1:], resolution=DPI, title=TITLE
        )
        with tmp.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
