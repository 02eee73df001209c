"""The bundled fonts (DejaVu Sans) as the layout measures and the image renderer draws them.

Text sizes are "cell" heights in printer dots: the height of one line of text, the ``h`` of a
ZPL ``^A0N,h``. DejaVu's ascent plus descent is 1.164 em, so a cell of ``h`` dots is drawn at
``h / 1.17`` pixels per em and never reaches into the next cell.
"""

from __future__ import annotations

from functools import lru_cache

from PIL import ImageFont

from app.adapters.devices.resources import resource_path, wrap_text

__all__ = ["font", "has_glyph", "line_gap", "text_height", "wrap_text"]

_EM_PER_CELL = 1.17


@lru_cache(maxsize=256)
def font(cell_px: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(
        str(resource_path("fonts", name)), max(6, round(cell_px / _EM_PER_CELL))
    )


def line_gap(cell_px: int) -> int:
    """Extra dots between two lines of a text block."""
    return max(1, round(cell_px * 0.18))


def text_height(lines: int, cell_px: int) -> int:
    """The height of a block of ``lines`` lines."""
    if lines <= 0:
        return 0
    return lines * cell_px + (lines - 1) * line_gap(cell_px)


def _signature(char: str, bold: bool) -> tuple[tuple[int, int], bytes]:
    mask = font(30, bold).getmask(char)
    return mask.size, bytes(mask)


@lru_cache(maxsize=8192)
def has_glyph(char: str) -> bool:
    """Whether DejaVu Sans (regular and bold) draws ``char`` as itself, not as the "missing
    glyph" box."""
    if char == " ":
        return True
    return all(_signature(char, bold) != _signature("\U000f0000", bold) for bold in (False, True))
