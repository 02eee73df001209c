"""What the floor service needs from storage (beside the unit of work's other areas), and the
read models of the supervisor console: one row per station, one per held order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.domain.floor import Devices, SyncReport


@dataclass(frozen=True)
class StationRow:
    """One station on the board, as stored: its heartbeat, who is signed in, the order it
    holds and its progress, its last scan, its labels waiting or uncertain, the orders
    assigned to it."""

    station_id: int
    name: str
    last_seen_at: datetime | None
    devices: Devices
    user_name: str | None = None
    order_id: int | None = None
    reference: str | None = None
    claimed_at: datetime | None = None
    units_expected: int = 0
    units_verified: int = 0
    last_scan_at: datetime | None = None
    labels_waiting: int = 0
    labels_uncertain: int = 0
    #: Ready orders a supervisor assigned to it, and the one it takes next.
    assigned: int = 0
    next_assigned: str | None = None
    #: The offline journal as of the last heartbeat (None: the station keeps none).
    sync: SyncReport | None = None


@dataclass(frozen=True)
class HeldOrder:
    """An order on hold with its reason, and who put it there, where and when (from the
    audit log; None when it was held by the system, e.g. a change from the order system)."""

    order_id: int
    reference: str
    carrier: str
    reason: str
    held_at: datetime | None
    held_by: str | None
    held_where: str | None
    units_expected: int
    units_verified: int


class FloorChanges(Protocol):
    """Announces that something on the floor changed (PostgreSQL's LISTEN/NOTIFY): ``start``
    calls ``on_change`` from its own thread after changes, until ``stop``."""

    def start(self, on_change: Callable[[], None]) -> None: ...
    def stop(self) -> None: ...


class Floor(Protocol):
    def heartbeat(
        self,
        station_id: int,
        at: datetime,
        user_id: int | None,
        devices: Devices,
        sync: SyncReport | None = None,
    ) -> None: ...
    def stations(self) -> Sequence[StationRow]:
        """Every packing station (not consoles), by name."""
        ...

    def held(self) -> Sequence[HeldOrder]:
        """Every order on hold, the longest held first."""
        ...

    def set_packer_note(self, order_id: int, note: str | None) -> None: ...
    def ship_short(self, line_id: int, quantity: int, missing: int, reason: str) -> None:
        """Set the line's quantity to ``quantity``, adding ``missing`` to what it shipped
        short, with the reason."""
        ...

    def parcel_ids(self, order_id: int) -> Sequence[int]: ...
    def mark_console(self, station_id: int) -> None:
        """This "station" is a supervisor's console: never on the station board."""
        ...
