"""What the offline station (``app.services.offline``) tells the packer and its strip: the
messages of what cannot be done offline (translated at the station), and the link's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.domain.errors import DatabaseUnavailable, DomainError
from app.domain.message import Message
from app.services.results import OrderView, Session

OFFLINE_NO_NEW_ORDERS = Message(
    "The database cannot be reached: finish this order; new orders when the database is back."
)
OFFLINE_NO_KEPT_ORDERS = Message(
    "The database cannot be reached: finish this order; the orders kept at this station for "
    "this are packed or not this one; other orders when the database is back."
)
OFFLINE_NO_NUMBERS = Message(
    "The database cannot be reached and this station has no tracking numbers kept for this "
    "carrier: complete the order when the database is back. Its scans are kept; hold it or wait."
)
OFFLINE_NOT_KEPT = Message(
    "The database cannot be reached, and this order is not kept at this station: wait for "
    "the database, or hold the order on paper."
)
OFFLINE_NO_REPRINTS = Message(
    "The database cannot be reached: a label is printed again or voided only when it is back, "
    "so that the shared record of labels holds every copy and every void. Hold the order or "
    "put the parcel aside, and do it then."
)
OFFLINE_UNKNOWN_BADGE = Message(
    "The database cannot be reached, and this badge has not signed in at this station before: "
    "offline, only those who have can sign in. Wait for the database or use another station."
)


@dataclass(frozen=True)
class LinkState:
    """What the offline strip shows: whether the station works offline, how many journal
    entries wait to be applied to the shared database, and how many orders are kept for an
    outage (look-ahead) not opened yet; ``held``: what the packer is told of orders the sync
    put on hold (a conflict), until dismissed."""

    offline: bool
    waiting: int
    kept: int = 0
    held: tuple[str, ...] = ()


def session_args(session: Session) -> dict[str, Any]:
    return {
        "station_id": session.station_id,
        "station_name": session.station_name,
        "user_id": session.user_id,
        "user_name": session.user_name,
        "role": session.role.value,
    }


# Writes whose copy into the local store waits until after the reply (``settle``): the ones a
# packer makes many of, each replayed idempotently by its scan id should the copy fail.
AFTER_REPLY = frozenset({"scan", "undo", "refuse_scan"})


@dataclass(frozen=True)
class Unsettled:
    """A write made online whose copy into the local store has not been made yet."""

    kind: str
    op_uid: str
    args: dict[str, Any]
    local: Callable[[], object]


def resume_offline(local: Callable[[], OrderView | None], message: str) -> OrderView:
    """Offline, only an order this station holds or keeps (in its local store) opens; any
    other refusal is ``message``."""
    try:
        view = local()
    except DomainError as exc:
        raise DatabaseUnavailable(message) from exc
    if view is None or view.status.value != "packing":
        raise DatabaseUnavailable(message)
    return view
