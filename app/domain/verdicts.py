"""What one scan ends in: its outcome and the verdict its scan event stores. Plain Python.

Split from ``app.domain.model`` (which re-exports every name) so that the order's line rules
(``app.domain.lines``) and the order itself decide in the same words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class ScanOutcome(StrEnum):
    """Exactly one of these ends every scan of an item during verification."""

    ACCEPTED = "accepted"
    WRONG_ITEM = "wrong_item"
    OVER_SCAN = "over_scan"
    UNKNOWN_BARCODE = "unknown_barcode"
    INVALID_BARCODE = "invalid_barcode"
    DATA_NEEDED = "data_needed"
    EXPIRED = "expired"
    DUPLICATE_SERIAL = "duplicate_serial"
    UNEXPECTED_SERIAL = "unexpected_serial"  # a serial not on the line's expected list
    NOT_AN_ITEM = "not_an_item"
    UNDO = "undo"
    REFUSED_UNACKNOWLEDGED = "refused_unacknowledged"  # an error on screen not acknowledged
    REFUSED_KEYED = "refused_keyed"  # a unit's code typed by hand where the site refuses it
    WEIGHT_REFUSED = "weight_refused"  # a parcel's weight outside its range (no unit scanned)

    @property
    def is_error(self) -> bool:
        return self not in (ScanOutcome.ACCEPTED, ScanOutcome.UNDO)


@dataclass(frozen=True)
class ScanVerdict:
    """The one outcome of one scan, with everything its scan event stores. For a kit packed
    from its components, ``line_id`` is the kit's line, ``product_id`` the component scanned
    and ``units`` the component's units."""

    outcome: ScanOutcome
    message: str
    line_id: int | None = None
    units: int = 0
    product_id: int | None = None
    symbology: str | None = None
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None


@dataclass(frozen=True)
class StandingScan:
    """An accepted scan that no undo took back: the last one is what undo takes back.
    ``product_id`` and ``serial`` tell a kit's component and a ticked-off serial apart."""

    id: int
    line_id: int
    units: int
    product_id: int | None = None
    serial: str | None = None
