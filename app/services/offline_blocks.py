"""Reserved numbers of offline stations: list them, and retire a dead station's.

A station reserves blocks of tracking numbers and SSCCs while online so it can label offline
(``app.services.offline``). The shared ranges moved past each block when it was reserved, so
its numbers are never issued by anyone else; a block a station will never use again (the
station is gone) is retired by a supervisor with a reason, audited. A retired block is never
used by the station either: it reserves a fresh one when it is next online.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain import text
from app.domain.errors import NotAllowed, NotFound
from app.domain.model import Role
from app.services.offline_ports import NumberBlock, NumberBlocks
from app.services.ports import Clock


def describe(block: NumberBlock) -> str:
    state = "live" if block.retired_at is None else f"retired {block.retired_at:%Y-%m-%d %H:%M}"
    what = "SSCC" if block.scheme == "sscc" else f"{block.carrier} tracking"
    return f"{what} {block.first}-{block.last} ({block.last - block.first + 1}): {state}"


class NumberBlockService:
    def __init__(self, blocks: NumberBlocks, clock: Clock) -> None:
        self._blocks = blocks
        self._clock = clock

    def blocks(self, station_name: str) -> Sequence[NumberBlock]:
        return self._blocks.blocks(text.station_name(station_name))

    def retire(
        self, user_id: int | None, role: Role, station_name: str, reason: str
    ) -> Sequence[NumberBlock]:
        """Retire every live block of the station (supervisors, with a reason)."""
        if not role.can_supervise:
            raise NotAllowed("Only a supervisor can retire a station's reserved numbers.")
        name = text.station_name(station_name)
        why = text.reason(reason, "reason for retiring the numbers")
        retired = self._blocks.retire(name, why, self._clock.now(), user_id)
        if not retired:
            raise NotFound(f"Station {name} holds no reserved numbers that are still live.")
        return retired
