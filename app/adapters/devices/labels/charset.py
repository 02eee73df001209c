"""Text a printer can print: cleaning and transliteration.

The rule, the same for every renderer (only "what the target can print" differs):

1. Control characters (which could smuggle printer commands into an address) and runs of
   whitespace become single spaces.
2. A character the target can print is printed as it is: on ESC/POS, any character of one of
   the profile's code pages (python-escpos switches code pages with ``ESC t``: umlauts,
   accents, ``€``, ``Ł``, Greek and Cyrillic print as such on a TM-T88V); in ZPL, any character
   of Windows-1252 (what the printer's built-in font 0 has; the job is UTF-8, ``^CI28``); in the
   PNG and PDF, any character the bundled DejaVu Sans font has.
3. Otherwise it is transliterated, and only it: a small table first (``€`` -> ``EUR``,
   ``ß`` -> ``ss``, ``Æ`` -> ``AE``, ``Ł`` -> ``L``, typographic quotes and dashes), then Greek
   (ELOT 743; omicron-upsilon is "ou") and Cyrillic (ICAO 9303 style: ``Ж`` -> ``Zh``,
   ``Щ`` -> ``Shch``) letters, then Unicode compatibility decomposition with accents dropped
   (``é`` -> ``e``, ``ﬁ`` -> ``fi``, full-width letters -> ASCII).
   A word is transliterated in one script or not at all: where one Greek (Cyrillic) letter of
   a word has no code page, all its Greek (Cyrillic) letters are transliterated.
4. A character that none of these turns into printable text is untransliterable
   (``UNPRINTABLE``). The ESC/POS renderer prints a text block holding one as a raster image
   of the text when DejaVu Sans has its glyphs (Hebrew, Armenian, Georgian, ...); everything else
   prints "?" in its place. Chinese, Japanese and Korean need a CJK font, which is not bundled.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from typing import Final

UNPRINTABLE: Final = "?"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")

_SPECIAL: Final = {
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "ß": "ss",
    "ẞ": "SS",
    "Æ": "AE",
    "æ": "ae",
    "Œ": "OE",
    "œ": "oe",
    "Ø": "O",
    "ø": "o",
    "Ł": "L",
    "ł": "l",
    "Đ": "D",
    "đ": "d",
    "Ð": "D",
    "ð": "d",
    "Þ": "Th",
    "þ": "th",
    "ı": "i",
    "ĸ": "k",
    "Ŋ": "N",
    "ŋ": "n",
    "Ħ": "H",
    "ħ": "h",
    "Ŧ": "T",
    "ŧ": "t",
    "‘": "'",
    "’": "'",
    "‚": ",",
    "‛": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "«": '"',
    "»": '"',
    "‹": "'",
    "›": "'",
    "‐": "-",
    "‑": "-",
    "‒": "-",
    "–": "-",
    "—": "-",
    "―": "-",
    "−": "-",
    "…": "...",
    "•": "*",
    "·": ".",
    "×": "x",
    "°": "o",
    "№": "No",
    "\u00a0": " ",
}

# Greek, ELOT 743 / ISO 843 (simplified: one spelling per letter, accents dropped first).
_GREEK: Final = {
    "α": "a",
    "β": "v",
    "γ": "g",
    "δ": "d",
    "ε": "e",
    "ζ": "z",
    "η": "i",
    "θ": "th",
    "ι": "i",
    "κ": "k",
    "λ": "l",
    "μ": "m",
    "ν": "n",
    "ξ": "x",
    "ο": "o",
    "π": "p",
    "ρ": "r",
    "σ": "s",
    "ς": "s",
    "τ": "t",
    "υ": "y",
    "φ": "f",
    "χ": "ch",
    "ψ": "ps",
    "ω": "o",
}

# Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian), ICAO 9303 style.
_CYRILLIC: Final = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "ґ": "g",
    "д": "d",
    "ђ": "dj",
    "ѓ": "gj",
    "е": "e",
    "ё": "e",
    "є": "ie",
    "ж": "zh",
    "з": "z",
    "ѕ": "dz",
    "и": "i",
    "і": "i",
    "ї": "i",
    "й": "i",
    "ј": "j",
    "к": "k",
    "л": "l",
    "љ": "lj",
    "м": "m",
    "н": "n",
    "њ": "nj",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "ћ": "c",
    "ќ": "kj",
    "у": "u",
    "ў": "u",
    "ф": "f",
    "х": "kh",
    "ц": "ts",
    "ч": "ch",
    "џ": "dz",
    "ш": "sh",
    "щ": "shch",
    "ъ": "ie",
    "ы": "y",
    "ь": "",
    "э": "e",
    "ю": "iu",
    "я": "ia",
}


def clean(text: str) -> str:
    """One line of text: control characters and runs of whitespace become single spaces."""
    return " ".join(_CONTROL.sub(" ", text).split())


def _letter_table(char: str) -> str | None:
    """A Greek or Cyrillic letter in Latin letters (capitalised like the letter), else None."""
    base = unicodedata.normalize("NFD", char)[:1]
    lower = base.lower()
    latin = _GREEK.get(lower)
    if latin is None:
        latin = _CYRILLIC.get(lower)
    if latin is None:
        return None
    return latin.capitalize() if base != lower else latin


def _decomposed(char: str) -> str:
    """``char`` decomposed (NFKD) with combining marks dropped."""
    return "".join(
        part
        for part in unicodedata.normalize("NFKD", char)
        if not unicodedata.combining(part) and unicodedata.category(part) != "Mn"
    )


def transliterate_char(char: str, can_print: Callable[[str], bool]) -> str | None:
    """``char`` as text the target can print, None if it cannot be transliterated."""
    for candidate in (_SPECIAL.get(char), _letter_table(char), _decomposed(char)):
        if candidate is None:
            continue
        if candidate == "" and unicodedata.category(char).startswith("L"):
            return ""  # a letter that is not pronounced (Cyrillic soft sign)
        if candidate and all(can_print(part) for part in candidate):
            return candidate
    if unicodedata.combining(char):
        return ""  # a stray accent: drop it
    return None


def _script(char: str) -> str | None:
    """ "greek" or "cyrillic" for a letter of the scripts the tables transliterate."""
    if "\u0370" <= char <= "\u03ff" or "\u1f00" <= char <= "\u1fff":
        return "greek"
    if "\u0400" <= char <= "\u052f":
        return "cyrillic"
    return None


def _word(word: str, can_print: Callable[[str], bool]) -> tuple[str, bool]:
    # A word is transliterated in one script or not at all: where one Greek letter has no code
    # page, all of the word's Greek letters are transliterated (never a mix of both scripts).
    mixed = {_script(char) for char in word if not can_print(char)} - {None}
    out: list[str] = []
    complete = True
    i = 0
    while i < len(word):
        char = word[i]
        if can_print(char) and _script(char) not in mixed:
            out.append(char)
            i += 1
            continue
        pair = "".join(unicodedata.normalize("NFD", c)[0] for c in word[i : i + 2])
        if pair.lower() == "ου":  # ELOT 743 spells the digraph "ou"
            out.append("OU" if pair.isupper() else "Ou" if char.isupper() else "ou")
            i += 2
            continue
        replacement = transliterate_char(char, can_print)
        if replacement is None:
            complete = False
            replacement = UNPRINTABLE
        out.append(replacement)
        i += 1
    return "".join(out), complete


def printable_text(text: str, can_print: Callable[[str], bool]) -> tuple[str, bool]:
    """``text`` cleaned, with every character ``can_print`` refuses transliterated.

    Returns the text and whether it is complete: False when some character could not be
    transliterated (it is ``UNPRINTABLE`` in the text).
    """
    words: list[str] = []
    complete = True
    for word in clean(text).split(" "):
        printed, ok = _word(word, can_print)
        words.append(printed)
        complete = complete and ok
    return " ".join(words), complete


@lru_cache(maxsize=4096)
def windows_1252(char: str) -> bool:
    """Whether ``char`` is a printable character of Windows-1252 (Zebra font 0's repertoire)."""
    if _CONTROL.match(char):
        return False
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
