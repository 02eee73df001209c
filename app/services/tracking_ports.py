"""The tracking numbers' ranges as the services need them (S10 per carrier, the site's
SSCC range): allocation across stations and their administration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TrackingRangeRecord:
    """One row of tracking numbers: an S10 range of a carrier, or the site's SSCC range
    (``scheme`` "sscc", with its company prefix and extension digit). ``next_serial`` is the
    next number to hand out; the range is used up when it is past ``last_serial``."""

    id: int
    carrier: str
    scheme: str
    service_indicator: str
    country: str
    next_serial: int
    last_serial: int
    company_prefix: str | None = None
    extension_digit: int = 0


class TrackingRanges(Protocol):
    def allocate_sscc(self) -> tuple[int, str, int] | None:
        """The next SSCC serial reference: (extension digit, company prefix, serial), or None
        when the site has no SSCC range. Raises nothing; a used-up range gives None too."""
        ...

    def has_sscc_range(self) -> bool: ...

    def allocate(self, carrier: str) -> tuple[str, int, str] | None:
        """Take the next serial number of the carrier's range, atomically across stations.

        Returns (service indicator, serial number, country) or None when the range is used up
        or the carrier has none.
        """
        ...

    # Used by site administration (app.services.site_admin).
    def ranges(self) -> Sequence[TrackingRangeRecord]:
        """Every range: S10 ranges by carrier, then the SSCC range."""
        ...

    def add_range(self, record: TrackingRangeRecord) -> int:
        """Store a new range (``record.id`` is ignored); its id."""
        ...

    def replace_range(self, record: TrackingRangeRecord) -> None:
        """Overwrite the row ``record.id`` (a range extended, or a used-up one renewed)."""
        ...

    def numbers_issued(self, record: TrackingRangeRecord, first: int, last: int) -> int:
        """How many parcels carry a number of ``record``'s kind (same service indicator and
        country, or same extension digit and company prefix) with a serial in first..last,
        voided ones included: those numbers are taken for ever."""
        ...
