"""The hand-off's figures (issue 12, item 7): per carrier and local day of labelling, the
parcels labelled, loaded, loaded before their pick-up's cut-off, the time from label to
hand-off and from hand-off to delivery; and the tracking exceptions by cause. Plain rows: the
database adds them up, the console shows them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CarrierDay:
    """One carrier's parcels labelled on one local day (voided labels not counted)."""

    carrier: str
    day: str
    parcels: int
    loaded: int
    #: Loaded at or before the pick-up time of the manifest they were loaded on.
    loaded_on_time: int
    #: Mean seconds from the label to the dock's scan-out, over the loaded parcels.
    label_to_handoff_s: float | None
    delivered: int
    #: Mean seconds from the dock's scan-out to the carrier's delivered event.
    delivery_s: float | None
    #: Parcels whose latest tracking event is an exception.
    exceptions: int

    @property
    def on_time_percent(self) -> float | None:
        """Loaded before the cut-off, in percent of the parcels loaded (None: none loaded)."""
        return None if self.loaded == 0 else 100.0 * self.loaded_on_time / self.loaded


@dataclass(frozen=True)
class ExceptionCause:
    """Tracking exception events of a carrier with one status code over the range."""

    carrier: str
    status_code: str
    description: str
    events: int
    parcels: int


@dataclass(frozen=True)
class HandoffFigures:
    days: list[CarrierDay]
    causes: list[ExceptionCause]


def duration(seconds: float | None) -> str:
    """``1 h 05 min``, ``35 min``, ``2 d 3 h`` or ``-`` (no parcel to measure)."""
    if seconds is None:
        return "-"
    minutes = round(seconds / 60)
    if minutes >= 48 * 60:
        return f"{minutes // 1440} d {minutes % 1440 // 60} h"
    if minutes >= 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes} min"


def percent(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f} %"
