"""Checks on a ZPL label bought upstream before it goes to the printer unchanged.

A ZPL file is a program for the printer, not a picture: besides drawing a label it can reset
the printer, save settings, rename it, change its network, erase its memory or cancel the
labels queued behind it. A label bought upstream is accepted only when it is

* at most ``MAX_ZPL_BYTES`` long, and text: UTF-8 without control characters other than
  TAB, CR and LF (no ESC sequences, no binary downloads);
* one or more ``^XA`` ... ``^XZ`` formats with nothing but white space between them, of which
  at most one prints something (one label per parcel), asking for one copy (``^PQ`` of 1);
* free of the commands in ``DENIED`` below, whichever prefix (``^`` or ``~``) and letter case
  they are written with. Tilde commands act as soon as the printer reads them, even inside
  field data, so the whole text is searched.

Allowed, because every carrier label uses them and they only shape the label being printed:
``^PW`` width, ``^LL`` length, ``^LH``/``^LT``/``^LS`` positions, ``^PO`` orientation, ``^CI``
character set, ``^MM`` print mode, ``^PR`` speed, ``^MD``/``~SD`` darkness, ``~TA`` tear-off.
"""

from __future__ import annotations

import re
import unicodedata

from app.adapters.devices.labels.layout import LabelDoesNotFit

MAX_ZPL_BYTES = 2 * 1024 * 1024  # a full 4x6 label at 300 dpi as a ^GFA hex graphic is ~560 KB

# Reason each refused command is refused, in the words a supervisor is shown.
_RESETS = {
    "JR": "resets the printer",
    "JA": "cancels every label waiting in the printer",
    "JP": "pauses the printer and cancels a label",
    "JX": "cancels the label being received",
    "PP": "pauses the printer",
    "PS": "resumes a paused printer",
    "ZZ": "puts the printer to sleep",
    "ID": "deletes files stored on the printer",
    "EG": "erases graphics stored on the printer",
    "JB": "erases the printer's memory",
    "RO": "resets the printer's counters",
}
_CONFIGURATION = {
    "JU": "saves or reloads the printer's configuration",
    "JS": "changes the printer's sensor or backfeed settings",
    "JZ": "changes how the printer reprints after an error",
    "JD": "switches on communications diagnostics",
    "JE": "switches off communications diagnostics",
    "JC": "starts a media calibration",
    "JL": "sets the label length by feeding labels",
    "JG": "prints a sensor graph",
    "JN": "changes the printhead test settings",
    "JO": "changes the printhead test settings",
    "JT": "changes the printhead test interval",
    "JW": "changes the ribbon tension",
    "JJ": "changes the auxiliary port",
    "JI": "starts the printer's BASIC interpreter",
    "JQ": "stops the printer's BASIC interpreter",
    "MT": "switches between thermal transfer and direct thermal for every later label",
    "MN": "changes the media sensing for every later label",
    "MP": "locks or unlocks the printer's front panel",
    "MF": "changes what the printer does at power-up",
    "MW": "changes the printhead cold warning",
    "SS": "changes the media sensor settings",
    "SC": "changes the serial port settings",
    "SR": "changes the printhead resistance",
    "ST": "sets the printer's clock",
    "SL": "changes the printer's clock mode",
    "SO": "changes the printer's clock offset",
    "SX": "changes the printer's alerts",
    "SQ": "stops the printer's alerts",
    "SZ": "switches the printer's ZPL version",
    "KN": "renames the printer",
    "KP": "sets the printer's password",
    "KD": "changes the printer's date format",
    "KL": "changes the printer's display language",
    "KV": "changes the printer's kiosk settings",
    "CC": "changes ZPL's command characters for every later label",
    "CT": "changes ZPL's command characters for every later label",
    "CD": "changes ZPL's delimiter for every later label",
    "WC": "prints the printer's configuration label",
    "WD": "prints the printer's directory label",
    "WL": "prints the printer's network configuration label",
    "WT": "writes an RFID tag",
    "WF": "writes an RFID tag",
    "WV": "changes the RFID verification",
    "CM": "changes the printer's memory letters",
}
_ANSWERS = "asks the printer to answer (the station asks for the printer's status itself)"
_QUERIES = dict.fromkeys(
    ("HS", "HI", "HM", "HD", "HB", "HQ", "HU", "HH"), _ANSWERS
) | dict.fromkeys(("HW", "HT", "HZ", "HY", "HV", "HF", "HG", "WQ"), _ANSWERS)
# Every command beginning with N changes the wired network settings (^NC, ^ND, ^NI, ^NN, ^NP,
# ^NS, ^NT, ^NW, ~NC, ~NT, ...); the wireless ones begin with W (^WA, ^WE, ^WI, ^WP, ~WR, ...).
_FAMILIES = {
    "N": "changes the printer's network settings",
    "W": "changes the printer's wireless settings",
}
DENIED: dict[str, str] = {**_RESETS, **_CONFIGURATION, **_QUERIES}

_COMMAND = re.compile(r"[\^~]([A-Za-z0-9@]{2})")
_FORMAT_START = re.compile(r"\^XA", re.IGNORECASE)
_FORMAT_END = re.compile(r"\^XZ", re.IGNORECASE)
_COPIES = re.compile(r"\^PQ\s*(\d*)", re.IGNORECASE)
# Commands that put something on the label: a format with one of them prints a label.
_PRINTS = re.compile(r"\^(F[DV]|G[BCDEFS]|XG|IM)", re.IGNORECASE)
_ALLOWED_CONTROLS = "\t\r\n"


class UpstreamZplRefused(LabelDoesNotFit):
    """The ZPL cannot be sent as it is; the message says why, naming the command."""


def check_zpl(data: bytes) -> None:
    """Raise ``UpstreamZplRefused`` unless ``data`` is a ZPL label safe to send unchanged."""
    if len(data) > MAX_ZPL_BYTES:
        raise UpstreamZplRefused(
            f"The ZPL label bought upstream is {len(data) // 1024} KB; "
            f"at most {MAX_ZPL_BYTES // 1024} KB is accepted for one label."
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UpstreamZplRefused(
            f"The ZPL label bought upstream is not text (byte {exc.start} is not UTF-8)."
        ) from exc
    _check_characters(text)
    _check_commands(text)
    _check_formats(text)


def _check_characters(text: str) -> None:
    for position, char in enumerate(text):
        if unicodedata.category(char) == "Cc" and char not in _ALLOWED_CONTROLS:
            raise UpstreamZplRefused(
                f"The ZPL label bought upstream holds the control character "
                f"0x{ord(char):02X} at character {position}; only text is accepted."
            )


def _check_commands(text: str) -> None:
    for match in _COMMAND.finditer(text):
        code = match.group(1).upper()
        reason = DENIED.get(code) or _FAMILIES.get(code[0])
        if reason is not None:
            raise UpstreamZplRefused(
                f"The ZPL label bought upstream contains the command {match.group(0)}, which "
                f"{reason}; it is not sent."
            )
    for match in _COPIES.finditer(text):
        copies = int(match.group(1) or "1")
        if copies > 1:
            raise UpstreamZplRefused(
                f"The ZPL label bought upstream asks for {copies} copies ({match.group(0)}); "
                "one label per parcel is expected."
            )


def _check_formats(text: str) -> None:
    """One or more ``^XA`` ... ``^XZ`` formats, white space between, one label printed."""
    position = 0
    printing = 0
    formats = 0
    while True:
        start = _FORMAT_START.search(text, position)
        between = text[position : start.start() if start else len(text)]
        if between.strip("\ufeff \t\r\n"):
            where = "before the first ^XA" if formats == 0 else "after a ^XZ"
            raise UpstreamZplRefused(
                f"The ZPL label bought upstream has text {where} "
                f"({_excerpt(between)}); a label must be ^XA ... ^XZ formats only."
            )
        if start is None:
            break
        end = _FORMAT_END.search(text, start.end())
        if end is None:
            raise UpstreamZplRefused(
                "The ZPL label bought upstream is cut short: a ^XA has no ^XZ after it."
            )
        body = text[start.end() : end.start()]
        if _FORMAT_START.search(body):
            raise UpstreamZplRefused(
                "The ZPL label bought upstream starts a ^XA before the previous one ends (^XZ)."
            )
        formats += 1
        printing += bool(_PRINTS.search(body))
        position = end.end()
    if formats == 0:
        raise UpstreamZplRefused("The ZPL label bought upstream has no ^XA ... ^XZ format.")
    if printing > 1:
        raise UpstreamZplRefused(
            f"The ZPL label bought upstream prints {printing} labels; "
            "one label per parcel is expected."
        )


def _excerpt(text: str) -> str:
    stripped = " ".join(text.split())
    return repr(stripped if len(stripped) <= 30 else stripped[:30] + "...")
