"""The floor as a supervisor sees it: stations alive or silent, held orders and how a hold is
resolved. Plain Python, no I/O; the rules and their messages live here once.

A station sends a heartbeat every ``HEARTBEAT_S`` seconds while it runs; one silent for two
heartbeats (and a little slack for a busy network) is offline, and an order it holds is "held
by an offline station", which a supervisor may release.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from app.domain import text
from app.domain.errors import DomainError
from app.domain.model import Order, OrderStatus
from app.domain.order_changes import LINES_CHANGED
from app.domain.order_records import PRIORITY_MAX

HEARTBEAT_S: Final = 5
#: With no packing rate to judge by, a cut-off this close is a risk all the same.
NO_RATE_WARNING_MIN: Final = 60
#: Silent for longer than this: offline (two heartbeats and one second of slack).
OFFLINE_AFTER: Final = timedelta(seconds=2 * HEARTBEAT_S + 1)
NOTE_MAX: Final = 300
DEVICE_STATE_MAX: Final = 40


def is_online(last_seen: datetime | None, now: datetime) -> bool:
    """Whether a station last heard of at ``last_seen`` counts as online at ``now``."""
    return last_seen is not None and now - last_seen <= OFFLINE_AFTER


@dataclass(frozen=True)
class Devices:
    """What a station says about its devices in its heartbeat: a short state word each
    (``ready``, ``out of paper``, ``unplugged``, ``none``...)."""

    printer: str = "none"
    scanner: str = "none"
    scale: str = "none"

    def as_text(self) -> str:
        return json.dumps(
            {"printer": self.printer, "scanner": self.scanner, "scale": self.scale},
            sort_keys=True,
        )

    @classmethod
    def from_text(cls, stored: str | None) -> Devices:
        """The stored form back; anything unreadable reads as "unknown" (never an error: a
        board row must always show)."""
        try:
            data = json.loads(stored or "{}")
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}

        def word(key: str) -> str:
            value = data.get(key, "none")
            return value[:DEVICE_STATE_MAX] if isinstance(value, str) else "unknown"

        return cls(word("printer"), word("scanner"), word("scale"))

    def checked(self) -> Devices:
        return Devices(
            *(
                text.checked(value, f"{name} state", DEVICE_STATE_MAX)
                for name, value in (
                    ("printer", self.printer),
                    ("scanner", self.scanner),
                    ("scale", self.scale),
                )
            )
        )


@dataclass(frozen=True)
class SyncReport:
    """What an offline-capable station says of its journal in its heartbeat: how many changes
    made offline still wait to be applied to the shared database, and when it was last in
    sync with it (now, when nothing waits and it is online)."""

    waiting: int
    last_sync_at: datetime

    def checked(self) -> SyncReport:
        return SyncReport(max(0, self.waiting), self.last_sync_at)


def claim_lost(order: Order, station_id: int) -> str | None:
    """What the packer at ``station_id`` must be told when the order open there is no longer
    theirs (cancelled or changed by the order system, held, released by a supervisor), or
    None while the station still holds it."""
    if order.status is OrderStatus.PACKING and order.claimed_by == station_id:
        return None
    if order.status is OrderStatus.CANCELLED:
        return (
            f"Order {order.reference} was cancelled. Do not ship it: set it aside for a supervisor."
        )
    if order.status is OrderStatus.ON_HOLD:
        why = f" ({order.hold_reason})" if order.hold_reason else ""
        return f"Order {order.reference} was put on hold{why}: set it aside for a supervisor."
    if order.status is OrderStatus.PACKING:
        return f"Order {order.reference} is now being packed at another station: set it aside."
    return f"Order {order.reference} was taken off this station by a supervisor: set it aside."


class HoldResolution(StrEnum):
    """The three ways a supervisor ends a hold."""

    BACK_TO_READY = "back_to_ready"
    CANCEL = "cancel"
    SHIP_SHORT = "ship_short"


class HoldNotResolved(DomainError):
    """The resolution asked for does not fit the order (not on hold, shorts that make no
    sense); nothing was changed."""


class InvalidPriority(DomainError):
    """A priority outside 0..``PRIORITY_MAX``."""


def priority_checked(priority: int) -> int:
    if not 0 <= priority <= PRIORITY_MAX:
        raise InvalidPriority(f"Priority {priority}: give a whole number from 0 to {PRIORITY_MAX}.")
    return priority


def note_checked(note: str) -> str:
    """A note for the next packer: one line of text, at most ``NOTE_MAX`` characters."""
    return text.checked(note, "note", NOTE_MAX, allow_blank=True)


def require_on_hold(order: Order) -> None:
    if order.status is not OrderStatus.ON_HOLD:
        raise HoldNotResolved(
            f"Order {order.reference} is not on hold ({order.status.value}): nothing to resolve."
        )


def back_to_ready(order: Order, *, labelled: bool = False) -> None:
    """A held order goes back to the ready queue; what was verified stays verified (the
    held units wait in their tote), and the hold reason is cleared.

    Refused for an order whose lines the order system changed after packing began (the new
    lines are not applied: a station would pack the old ones again) and for an order packed
    and labelled already (``labelled``: a station would open it with nothing left to pack and
    a parcel it cannot close). Such an order is cancelled (its label voided, the parcel taken
    off the cage) and sent again by the order system."""
    require_on_hold(order)
    reason = order.hold_reason or ""
    if LINES_CHANGED in reason:
        raise HoldNotResolved(
            f"Order {order.reference} cannot go back to ready: the order system changed its "
            "lines after packing began, and the new lines are not applied. Cancel it (take "
            "any parcel off the cage) and have the order system send it again."
        )
    if labelled and all(line.verified >= line.quantity for line in order.lines):
        raise HoldNotResolved(
            f"Order {order.reference} cannot go back to ready: it is packed and its label "
            "is printed, so there is nothing left to pack. Cancel it (take the parcel off the "
            "cage) and have the order system send it again."
        )
    order.status = OrderStatus.READY
    order.hold_reason = None
    order.claimed_by = None
    order.pending = None
    order.changes.row = True


def cancel_held(order: Order) -> None:
    """A held order is cancelled: it never ships."""
    require_on_hold(order)
    order.status = OrderStatus.CANCELLED
    order.claimed_by = None
    order.pending = None
    order.changes.row = True


@dataclass(frozen=True)
class Short:
    """One line shipped short: ``missing`` units of it do not ship."""

    line_id: int
    missing: int


def ship_short(order: Order, shorts: list[Short]) -> dict[int, int]:
    """Reduce lines of a held order by what is missing and send it back to the queue, where
    it is packed with what there is. Returns the new quantity per changed line. Refused when
    a line is unknown, a count is not positive, more is missing than was ordered and not yet
    verified, or nothing at all would ship."""
    require_on_hold(order)
    if not shorts:
        raise HoldNotResolved("Say which lines are short and by how many units.")
    lines = {line.id: line for line in order.lines}
    new: dict[int, int] = {}
    for short in shorts:
        line = lines.get(short.line_id)
        if line is None:
            raise HoldNotResolved(f"Order {order.reference} has no line {short.line_id}.")
        if short.missing <= 0:
            raise HoldNotResolved(f"{line.sku}: the number missing must be at least 1.")
        quantity = new.get(line.id, line.quantity) - short.missing
        if quantity < line.verified:
            raise HoldNotResolved(
                f"{line.sku}: {line.verified} of {line.quantity} are packed already; at most "
                f"{line.quantity - line.verified} can be missing."
            )
        new[line.id] = quantity
    if all(new.get(line.id, line.quantity) == 0 for line in order.lines):
        raise HoldNotResolved(
            f"Nothing of order {order.reference} would ship: cancel the order instead."
        )
    back_to_ready(order)
    for line_id, quantity in new.items():
        index = order.lines.index(lines[line_id])
        order.lines[index] = replace(lines[line_id], quantity=quantity)
    return new


@dataclass(frozen=True)
class CutOffOutlook:
    """A carrier's orders still to pack against its next cut-off, at the rate the site packed
    that carrier's orders in the last hour. ``at_risk``: they cannot all be packed in time at
    that rate; with no rate (nothing packed in the last hour, as at the start of a shift),
    when the cut-off is less than ``NO_RATE_WARNING_MIN`` minutes away. ``late``: orders
    whose cut-off has passed (shown apart, never counted against the next cut-off)."""

    carrier: str
    open_orders: int
    next_cut_off: datetime | None
    minutes_left: int | None
    minutes_needed: int | None
    at_risk: bool
    late: int = 0

    @property
    def has_rate(self) -> bool:
        """Whether the last hour gave a rate to judge by (else "no rate yet": not on time)."""
        return self.minutes_needed is not None


def cut_off_outlook(
    carrier: str,
    open_orders: int,
    next_cut_off: datetime | None,
    packed_last_hour: int,
    now: datetime,
    late: int = 0,
) -> CutOffOutlook:
    if next_cut_off is None or next_cut_off <= now:  # no cut-off ahead: nothing to judge
        return CutOffOutlook(carrier, open_orders, None, None, None, False, late)
    left = int((next_cut_off - now).total_seconds() // 60)
    needed = None if packed_last_hour <= 0 else -(-open_orders * 60 // packed_last_hour)
    if needed is None:  # nothing packed in the last hour: no rate to judge by (yet)
        at_risk = open_orders > 0 and left < NO_RATE_WARNING_MIN
    else:
        at_risk = open_orders > 0 and (left <= 0 or needed > left)
    return CutOffOutlook(carrier, open_orders, next_cut_off, left, needed, at_risk, late)
