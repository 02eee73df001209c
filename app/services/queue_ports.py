"""The queues as a supervisor steers them: the ready queue in its real order with filters,
and per carrier what is still to pack before the next cut-off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class QueueFilter:
    """Every field given must match; ``search`` is an order reference or a tote (exactly, or
    the start of a reference)."""

    carrier: str = ""
    service: str = ""
    channel: str = ""
    status: str = "ready"
    min_priority: int | None = None
    cut_off_before: datetime | None = None
    search: str = ""
    limit: int = 500


@dataclass(frozen=True)
class QueuedOrder:
    order_id: int
    reference: str
    status: str
    priority: int
    cut_off: datetime | None
    carrier: str
    service: str
    channel: str
    created_at: datetime
    units: int
    claimed_by: str | None = None
    #: The station a supervisor assigned this ready order to (it claims it next).
    assigned_to: str | None = None


@dataclass(frozen=True)
class CarrierLoad:
    """One carrier's orders still to pack (ready or being packed) due at its next cut-off
    still ahead (``open_orders``; later cut-offs, tomorrow's, are not counted), that cut-off
    (None when none is ahead), how many the site packed for that carrier in the last hour,
    and ``late``: the orders whose cut-off has passed."""

    carrier: str
    open_orders: int
    next_cut_off: datetime | None
    packed_last_hour: int
    late: int = 0


class Queues(Protocol):
    def queue(self, wanted: QueueFilter) -> Sequence[QueuedOrder]: ...
    def carrier_loads(self, now: datetime) -> Sequence[CarrierLoad]: ...
    def set_priority(self, order_id: int, priority: int, at: datetime) -> str | None:
        """Set the order's priority; its reference, or None when there is no such order."""
        ...

    def packing_station(self, station_id: int) -> str | None:
        """The name of this packing station; None for a console or no station at all."""
        ...

    def assign(self, order_id: int, station_id: int | None, at: datetime) -> str | None:
        """Assign a ready order to a station (None: to none); its reference, or None when
        there is no such order or, to assign it, it is not ready."""
        ...
