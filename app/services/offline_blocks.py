"""Reserved numbers of offline stations: list them, and retire a dead station's.

A station reserves blocks of tracking numbers and SSCCs while online so it can label offline
(``app.services.offline``). The shared ranges moved past each block when it was reserved, so
its numbers are never issued by anyone else; a block a station will never use again (the
station is gone) is retired by a supervisor or an admin with a reason, audited (a refusal
too). A retired block is never
used by the station either: it reserves a fresh one when it is next online.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from app.domain import text
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.floor import is_online
from app.domain.message import Message
from app.services.offline_ports import NumberBlock, NumberBlocks
from app.services.ports import Clock
from app.services.results import Session


def describe(block: NumberBlock) -> str:
    size = block.last - block.first + 1
    state = "live" if block.retired_at is None else f"retired {block.retired_at:%Y-%m-%d %H:%M}"
    what = "SSCC" if block.scheme == "sscc" else f"{block.carrier} tracking"
    unused = "left" if block.retired_at is None else "never to be used"
    used = f"{block.used} used, {size - block.used} {unused}"
    return f"{what} {block.first}-{block.last} ({size}): {state}; {used}"


def what(block: NumberBlock) -> str:
    """The block in a few words ("DHL tracking 101-120 (20)")."""
    kind = "SSCC" if block.scheme == "sscc" else f"{block.carrier} tracking"
    return f"{kind} {block.first}-{block.last} ({block.last - block.first + 1})"


NOT_A_SUPERVISOR = Message(
    "Only a supervisor or an admin can see or retire a station's reserved numbers."
)


STATION_LIVE = Message(
    "{station} is live: it sent a heartbeat within the last two. Retire its numbers only if "
    "you are sure (--force): it stops using them at its next contact with the database, and a "
    "label it prints from them offline before then is listed as a conflict when it syncs."
)


class StationLive(DomainError):
    """Retiring a live station's blocks without ``force``."""


class NumberBlockService:
    """Supervisors and admins only (``Session`` as signed in); a refusal is audited."""

    def __init__(self, blocks: NumberBlocks, clock: Clock) -> None:
        self._blocks = blocks
        self._clock = clock

    def blocks(self, session: Session, station_name: str) -> Sequence[NumberBlock]:
        """The station's blocks, with how many of their numbers are used (on parcels of the
        shared database: issued and synced); an unknown station is refused."""
        name = text.station_name(station_name)
        self._check(session, name, "see")
        self._known(name)
        return self._blocks.blocks(name)

    def retire(
        self, session: Session, station_name: str, reason: str, *, force: bool = False
    ) -> Sequence[NumberBlock]:
        """Retire every live block of the station, with a reason. A station seen within two
        heartbeats is alive: refused (audited) unless ``force``; it stops using the blocks at
        its next contact with the shared database."""
        name = text.station_name(station_name)
        self._check(session, name, "retire")
        why = text.reason(reason, "reason for retiring the numbers")
        last_seen = self._known(name)
        if not force and is_online(last_seen, self._clock.now()):
            detail = f"retire the reserved numbers of {name}: the station is live"
            self._blocks.refused(detail, self._clock.now(), session.user_id, session.station_id)
            raise StationLive(STATION_LIVE.format(station=name))
        retired = self._blocks.retire(name, why, self._clock.now(), session.user_id)
        if not retired:
            raise NotFound(
                Message("No reserved numbers of {station} are still live.", station=name)
            )
        return retired

    def _known(self, name: str) -> datetime | None:
        known, last_seen = self._blocks.last_seen(name)
        if not known:
            raise NotFound(Message("No station is called {station}.", station=name))
        return last_seen

    def _check(self, session: Session, station_name: str, what: str) -> None:
        if session.role.can_supervise:
            return
        detail = f"{what} the reserved numbers of {station_name}: {session.user_name} is a " + (
            f"{session.role.value}"
        )
        self._blocks.refused(detail, self._clock.now(), session.user_id, session.station_id)
        raise NotAllowed(NOT_A_SUPERVISOR)
