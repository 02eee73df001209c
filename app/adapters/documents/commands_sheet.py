"""The printable command-barcode sheet a station tapes next to its scanner.

One A4 page at 300 dpi, drawn with Pillow in the demo sheet's style (``demo_sheet``) and saved
as a 1-bit PDF so the bars stay sharp. Every command is a large Code 128 barcode (4 px modules,
18 mm tall bars) with its title in big type and a one-line explanation; the second page holds
the hold reasons (scanned after HOLD) and the label commands. The codes are the station's
command prefix followed by ``app.domain.commands.Command``.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Placed:
    """Where an element of a page went: ``what`` (a command's code, a heading, the footer)
    and its box (left, top, right, bottom) in pixels, for checking that nothing overlaps."""

    what: str
    box: tuple[int, int, int, int]

    def overlaps(self, other: Placed) -> bool:
        a, b = self.box, other.box
        return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


Page = tuple[Image.Image, list[Placed]]


def _cell(command: Command, title: str, explanation: str, prefix: str) -> tuple[Image.Image, int]:
    """The command's cell and how far down its ink goes (the bars' bottom)."""
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
    return cell, 165 + code.height


def _grid(page: Page, entries: tuple[tuple[Command, str, str], ...], top: int, prefix: str) -> int:
    """Paste the cells of ``entries`` in rows under ``top``; return the y below them."""
    image, placed = page
    for i, (command, title, explanation) in enumerate(entries):
        x = MARGIN + (i % _COLUMNS) * (_CELL_WIDTH + _COLUMN_GAP)
        y = top + (i // _COLUMNS) * _CELL_HEIGHT
        cell, ink = _cell(command, title, explanation, prefix)
        image.paste(cell, (x, y))
        placed.append(Placed(command.value, (x, y, x + _CELL_WIDTH, y + ink)))
    rows = -(-len(entries) // _COLUMNS)
    return top + rows * _CELL_HEIGHT


def _text(page: Page, xy: tuple[int, int], text: str, font: Font, what: str) -> int:
    """Draw ``text`` at ``xy``; return the y below its ink."""
    image, placed = page
    draw = ImageDraw.Draw(image)
    draw.text(xy, text, font=font, fill=0)
    left, top, right, bottom = (round(v) for v in draw.textbbox(xy, text, font=font))
    placed.append(Placed(what, (left, top, right, bottom)))
    return bottom


def _new_page() -> Page:
    return Image.new("L", PAGE_SIZE, 255), []


def _main_page(prefix: str) -> Page:
    page = _new_page()
    draw = ImageDraw.Draw(page[0])
    y = MARGIN
    _text(page, (MARGIN, y), TITLE, _font(96, bold=True), "title")
    y += 135
    _text(page, (MARGIN, y), NOTE, _fitting_font(draw, NOTE, 40, False, CONTENT_WIDTH), "note")
    y += 110
    main = tuple(
        entry for entry in COMMANDS if entry[0] not in HOLD_REASONS and entry not in _labels()
    )
    _grid(page, main, y, prefix)
    return page


def _labels() -> tuple[tuple[Command, str, str], ...]:
    label_commands = LABEL_ANSWERS.keys() | REPRINT_REASON_COMMANDS.keys()
    return tuple(entry for entry in COMMANDS if entry[0] in label_commands)


def _holds_and_labels_page(prefix: str) -> Page:
    page = _new_page()
    draw = ImageDraw.Draw(page[0])
    holds = tuple(entry for entry in COMMANDS if entry[0] in HOLD_REASONS)
    _text(page, (MARGIN, MARGIN), HOLD_HEADING, _font(64, bold=True), "hold heading")
    y = _grid(page, holds, MARGIN + 110, prefix)
    draw.line((MARGIN, y - 10, PAGE_SIZE[0] - MARGIN, y - 10), fill=0, width=4)
    y += 25
    heading = _fitting_font(draw, LABELS_HEADING, 64, True, CONTENT_WIDTH)
    _text(page, (MARGIN, y), LABELS_HEADING, heading, "labels heading")
    _grid(page, _labels(), y + 110, prefix)
    return page


def command_pages(prefix: str = DEFAULT_PREFIX) -> list[Page]:
    """The sheet's pages (greyscale, no footer) with where each element went: the commands,
    then the hold reasons and the label commands (the answers to an interrupted label and the
    reasons for printing again). The demo sheet starts with them too."""
    prefix = prefix.upper()
    return [_main_page(prefix), _holds_and_labels_page(prefix)]


def commands_page(prefix: str = DEFAULT_PREFIX) -> Image.Image:
    """The first page (greyscale, no footer): the commands."""
    return _main_page(prefix.upper())[0]


def commands_sheet_layout(prefix: str = DEFAULT_PREFIX) -> list[Page]:
    """The sheet's pages with their footers, and where each element went."""
    pages = command_pages(prefix)
    for number, (image, placed) in enumerate(pages, 1):
        footer = f"Packbench command barcodes, prefix {prefix.upper()}, page {number} of 2"
        xy = (PAGE_SIZE[0] // 2, PAGE_SIZE[1] - MARGIN)
        draw = ImageDraw.Draw(image)
        draw.text(xy, footer, font=_font(32), fill=0, anchor="ms")
        box = draw.textbbox(xy, footer, font=_font(32), anchor="ms")
        left, top, right, bottom = (round(value) for value in box)
        placed.append(Placed("footer", (left, top, right, bottom)))
    return pages


def commands_sheet_pages(prefix: str = DEFAULT_PREFIX) -> list[Image.Image]:
    """The sheet as 1-bit A4 images at 300 dpi (two pages: the commands, then the hold reasons
    and the label commands). ``prefix`` is the station's command prefix; it must be digits
    and capital letters (lower case is raised)."""
    return [
        image.convert("1", dither=Image.Dither.NONE) for image, _ in commands_sheet_layout(prefix)
    ]


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
