"""Whole numbers on the command line, checked by one parser: a number too big for the
database (or for a timer) ends in one line and exit code 2 like any bad argument, never in an
OverflowError's traceback."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

#: The largest id the databases store (a signed 64-bit integer).
LARGEST_ID = 2**63 - 1
#: The longest wait a command takes in seconds (a week): ``time.sleep`` and timers overflow.
LONGEST_WAIT_S = 7 * 24 * 3600


def whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high``."""

    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: give {low} to {high}")
        return value

    parse.__name__ = "whole number"
    return parse


def seconds(low: float = 0.0, high: float = LONGEST_WAIT_S) -> Callable[[str], float]:
    """An argparse ``type``: seconds from ``low`` to ``high`` (not inf, not nan)."""

    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
        if math.isnan(value) or not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range: give {low:g} to {high:g}")
        return value

    parse.__name__ = "seconds"
    return parse


#: A database id (a manifest's, a print job's, a parcel's number).
record_id = whole(1, LARGEST_ID)
#: Seconds between looks or exports (a --every).
every_s = whole(1, LONGEST_WAIT_S)
#: How many at most in one file (a --batch-size).
batch_size = whole(1, 1_000_000)
#: A tracking or SSCC serial number (the range's own rules check it further).
serial = whole(0, LARGEST_ID)
