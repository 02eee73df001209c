"""Command barcodes: what a packer scans instead of using the mouse or keyboard.

A command barcode is an internal Code 128 code: the station's command prefix
(``InterpreterConfig.command_prefix``, "CMD" by default) followed by a ``Command`` value, e.g.
``CMDCOMPLETE``. The printed sheet is made by ``app.adapters.documents.commands_sheet``. Plain
Python, no I/O.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Final


class Command(StrEnum):
    """Every command a station understands. The value follows the prefix in the barcode."""

    COMPLETE = "COMPLETE"
    UNDO = "UNDO"
    HOLD = "HOLD"
    NEXT = "NEXT"
    REPRINT = "REPRINT"
    SIGN_OUT = "SIGNOUT"
    HOLD_MISSING = "HOLDMISSING"
    HOLD_DAMAGED = "HOLDDAMAGED"
    HOLD_WRONG = "HOLDWRONG"
    CANCEL = "CANCEL"
    LABEL_OK = "LABELOK"
    LABEL_AGAIN = "LABELAGAIN"
    REPRINT_DAMAGED = "WHYDAMAGED"
    REPRINT_NOT_PRINTED = "WHYNOPRINT"
    REPRINT_SMUDGED = "WHYSMUDGED"
    REPRINT_LOST = "WHYLOST"
    ACKNOWLEDGE = "ACKNOWLEDGE"
    NEW_PARCEL = "NEWPARCEL"
    ACCEPT_WEIGHT = "WEIGHTOK"


HOLD_REASONS: Final[dict[Command, str]] = {
    Command.HOLD_MISSING: "Missing unit",
    Command.HOLD_DAMAGED: "Damaged unit",
    Command.HOLD_WRONG: "Wrong item in tote",
}
"""The hold reasons a packer can scan (after HOLD), with the reason recorded on the order."""

LABEL_ANSWERS: Final[dict[Command, bool]] = {
    Command.LABEL_OK: True,
    Command.LABEL_AGAIN: False,
}
"""The answers to "did the label come out?" (an interrupted label): True for "yes, it came
out", False for "no, print it"."""

REPRINT_REASON_COMMANDS: Final[dict[Command, str]] = {
    Command.REPRINT_DAMAGED: "damaged",
    Command.REPRINT_NOT_PRINTED: "not printed",
    Command.REPRINT_SMUDGED: "smudged",
    Command.REPRINT_LOST: "lost",
}
"""The reprint reasons a packer can scan in the Print again window (words of
``app.domain.reprints.REPRINT_REASONS``)."""

DEFAULT_PREFIX: Final = "CMD"

# An AIM symbology identifier ("]C0") a scanner may send in front of the code.
_SYMBOLOGY_ID = re.compile(r"^\][A-Za-z][0-9A-Za-z]")


def command_barcode(command: Command, prefix: str = DEFAULT_PREFIX) -> str:
    """The text encoded in ``command``'s barcode: ``prefix`` + the command, upper case."""
    return f"{prefix}{command.value}".upper()


def parse_command(value: str, prefix: str = DEFAULT_PREFIX) -> Command | None:
    """The command a scanned code stands for, or None if it is not exactly a command code.

    ``value`` is the whole code as scanned; surrounding whitespace and a leading symbology
    identifier are ignored, and case does not matter. The rest after ``prefix`` must be a
    command exactly: ``CMDHOLDMISSING`` is HOLD_MISSING, ``CMDHOLDX`` is not a command.
    """
    if not prefix:
        raise ValueError("a command prefix must not be empty")
    code = _SYMBOLOGY_ID.sub("", value.strip(), count=1).upper()
    prefix = prefix.upper()
    if not code.startswith(prefix):
        return None
    try:
        return Command(code[len(prefix) :])
    except ValueError:
        return None
