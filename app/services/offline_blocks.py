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

from app.domain import text
from app.domain.errors import NotAllowed, NotFound
from app.domain.message import Message
from app.services.offline_ports import NumberBlock, NumberBlocks
from app.services.ports import Clock
from app.services.results import Session


def describe(block: NumberBlock) -> str:
    state = "live" if block.retired_at is None else f"retired {block.retired_at:%Y-%m-%d %H:%M}"
    what = "SSCC" if block.scheme == "sscc" else f"{block.carrier} tracking"
    return f"{what} {block.first}-{block.last} ({block.last - block.first + 1}): {state}"


NOT_A_SUPERVISOR = Message(
    "Only a supervisor or an admin can see or retire a station's reserved numbers."
)


class NumberBlockService:
    """Supervisors and admins only (``Session`` as signed in); a refusal is audited."""

    def __init__(self, blocks: NumberBlocks, clock: Clock) -> None:
        self._blocks = blocks
        self._clock = clock

    def blocks(self, session: Session, station_name: str) -> Sequence[NumberBlock]:
        name = text.station_name(station_name)
        self._check(session, name, "see")
        return self._blocks.blocks(name)

    def retire(self, session: Session, station_name: str, reason: str) -> Sequence[NumberBlock]:
        """Retire every live block of the station, with a reason."""
        name = text.station_name(station_name)
        self._check(session, name, "retire")
        why = text.reason(reason, "reason for retiring the numbers")
        retired = self._blocks.retire(name, why, self._clock.now(), session.user_id)
        if not retired:
            raise NotFound(
                Message("No reserved numbers of {station} are still live.", station=name)
            )
        return retired

    def _check(self, session: Session, station_name: str, what: str) -> None:
        if session.role.can_supervise:
            return
        detail = f"{what} the reserved numbers of {station_name}: {session.user_name} is a " + (
            f"{session.role.value}"
        )
        self._blocks.refused(detail, self._clock.now(), session.user_id, session.station_id)
        raise NotAllowed(NOT_A_SUPERVISOR)
