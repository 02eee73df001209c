"""What every device module shares: where the bundled resources are, python-escpos's cache,
and wrapping text to a width in pixels.

Importing this module points python-escpos's capabilities cache at the user cache folder; it
must be imported before escpos anywhere in the process (python-escpos otherwise unpickles its
capabilities into a new temporary folder on every import).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PIL import ImageFont
from platformdirs import user_cache_dir

ESCPOS_CACHE = Path(
    os.environ.setdefault(
        "ESCPOS_CAPABILITIES_PICKLE_DIR", str(Path(user_cache_dir("packbench")) / "escpos")
    )
)
ESCPOS_CACHE.mkdir(parents=True, exist_ok=True)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def resource_path(*parts: str) -> Path:
    """A file under the project's ``resources/`` folder, in a checkout or a frozen build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root, "resources", *parts)
    return Path(__file__).resolve().parents[3].joinpath("resources", *parts)


def clean_text(text: str) -> str:
    """One line of printable text: control characters (ESC/POS commands!) and runs of
    whitespace become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _split_word(word: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Break a word wider than ``max_width`` into pieces that fit, character by character."""
    pieces: list[str] = []
    current = ""
    for ch in word:
        if current and font.getlength(current + ch) > max_width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """``text`` as lines that each fit into ``max_width`` pixels in ``font``.

    Breaks between words; a word wider than the line is broken between characters. Empty text
    gives no lines.
    """
    lines: list[str] = []
    current = ""
    for word in clean_text(text).split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= max_width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        if font.getlength(word) <= max_width:
            current = word
        else:
            *full, current = _split_word(word, font, max_width)
            lines.extend(full)
    if current:
        lines.append(current)
    return lines
