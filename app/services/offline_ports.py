"""Ports of the offline station (``app.services.offline``): the station's local store with its
journal, and the shared database's record of journal operations already applied.

"Arming" is how an operation and its journal entry share one transaction: the use case runs
unchanged through a unit of work of the store; the first write it commits on the arming thread
also writes the armed entry (local store: the journal row; shared database: the applied row).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from app.services.ports import StationRecord, UnitOfWorkFactory


@dataclass(frozen=True)
class JournalEntry:
    """One operation made offline, in the order it was made."""

    id: int
    op_uid: str
    kind: str
    args: dict[str, Any]
    at: datetime


class LocalStore(Protocol):
    """The station's local store: the same schema as the shared database, in a file of the
    station's own. ``uow`` runs the unchanged use cases against it."""

    @property
    def uow(self) -> UnitOfWorkFactory: ...

    def arm(self, op_uid: str, kind: str, args: dict[str, Any], at: datetime) -> None:
        """The next write committed on this thread also appends this journal entry."""

    def disarm(self) -> bool:
        """Stop arming; True when the entry was written (its operation committed)."""
        ...

    def waiting(self) -> int:
        """How many journal entries are not yet applied to the shared database."""
        ...

    def next_batch(self, limit: int) -> list[JournalEntry]: ...

    def annotate(self, op_uid: str, extra: dict[str, Any]) -> None:
        """Add ``extra`` to the arguments of the journal entry ``op_uid`` (what its operation
        did offline, for its replay)."""

    def mark_done(self, entry_id: int, outcome: str, at: datetime) -> None: ...

    def cache(
        self, station_id: int, user_id: int, order_id: int | None, *, reserve: bool = False
    ) -> None:
        """Copy from the shared database what the station needs to go on without it: the
        station, the user (with credential hashes and lockout), the site's settings and the
        order with its lines, products, barcodes, totes, scans and parcels. ``reserve``: and
        see that the local store holds a block of tracking numbers for the order's carrier
        (and of SSCCs where the site has a range), reserved from the shared ranges. Raises
        ``DatabaseUnavailable`` when the shared database cannot be read."""

    def refresh(self, order_id: int) -> None:
        """After a write online: bring the kept order up to date (its row, lines, new scans
        and parcels), cheaply. Raises ``DatabaseUnavailable`` like ``cache``."""

    def keep_ahead(self, station_id: int, count: int, at: datetime) -> list[str]:
        """Look-ahead: see that ``count`` ready orders are assigned to the station on the
        shared database (those assigned already first, then the queue's next, audited), and
        keep them in the local store with what packing them needs (blocks of numbers for
        their carriers too). Their slip codes, in queue order. Runs after ``cache``. Raises
        ``DatabaseUnavailable`` like it."""
        ...

    def kept_ahead(self) -> list[str]:
        """Slip codes of the ready orders kept in the local store, in queue order."""
        ...

    def kept_station(self, name: str) -> StationRecord | None:
        """The station of that name as kept in the local store (None: never kept here)."""
        ...

    def parcel_numbers(self, order_id: int, seq: int) -> tuple[str, str | None] | None:
        """(tracking number, SSCC) of the order's parcel ``seq`` as made in the local store."""
        ...

    def retired_numbers(self, station_id: int, numbers: Sequence[str]) -> list[str]:
        """Those of ``numbers`` (tracking numbers, SSCCs) that lie in blocks of the station
        a supervisor retired (the shared database must answer)."""
        ...

    def renew(self, station_id: int) -> int:
        """Drop the blocks a supervisor retired, reserving fresh ones (the shared database
        must answer); how many were dropped."""
        ...

    def settle_labels(self, order_id: int) -> None:
        """Carry the state of the order's labels printed offline to the shared database."""


class AppliedOperations(Protocol):
    """The shared database's record of journal operations applied (by operation id)."""

    @property
    def uow(self) -> UnitOfWorkFactory: ...

    def arm(self, op_uid: str, kind: str, station_id: int, at: datetime) -> None: ...

    def disarm(self) -> bool: ...

    def applied(self, op_uid: str) -> bool:
        """Whether the shared database holds this operation (raises ``DatabaseUnavailable``)."""
        ...


@dataclass(frozen=True)
class NumberBlock:
    """Tracking numbers (``scheme`` "s10") or SSCCs a station reserved to label offline."""

    id: int
    station_id: int
    scheme: str
    carrier: str
    first: int
    last: int
    retired_at: datetime | None
    #: How many of its numbers the shared database holds on parcels (issued and synced).
    used: int = 0


class NumberBlocks(Protocol):
    def blocks(self, station_name: str) -> Sequence[NumberBlock]: ...

    def last_seen(self, station_name: str) -> tuple[bool, datetime | None]:
        """Whether the station is known, and when its last heartbeat was."""
        ...

    def retire(
        self, station_name: str, reason: str, at: datetime, user_id: int | None
    ) -> Sequence[NumberBlock]:
        """Retire the station's blocks still live (audited); those retired."""
        ...

    def refused(self, detail: str, at: datetime, user_id: int, station_id: int) -> None:
        """Audit a refused look at, or retiring of, a station's blocks."""
