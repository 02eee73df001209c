"""An order's story: finding orders the way a customer's complaint arrives (a reference, a
tracking number, an SSCC, a tote, a packer, a station, a time range) and the timeline of one
order from import to hand-off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class StoryQuery:
    """What to look for; every field given must match (``text`` matches an order reference,
    slip, tote, tracking number or SSCC exactly)."""

    text: str = ""
    packer: str = ""
    station: str = ""
    since: datetime | None = None
    until: datetime | None = None
    limit: int = 200


@dataclass(frozen=True)
class FoundOrder:
    order_id: int
    reference: str
    status: str
    carrier: str
    packed_by: str | None
    station: str | None
    updated_at: datetime
    tracking: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoryEvent:
    """One moment in an order's life: ``what`` in floor words, who and where when known."""

    at: datetime
    what: str
    who: str | None = None
    where: str | None = None
    detail: str = ""


class Story(Protocol):
    def find(self, query: StoryQuery) -> Sequence[FoundOrder]: ...
    def events(self, order_id: int) -> Sequence[StoryEvent]:
        """Every audit entry about the order, every scan of it, every parcel and print job,
        oldest first."""
        ...
