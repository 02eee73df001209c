"""What the supervisor's hand-off calls return (``app.services.handoff``): the reconcile view of
an open manifest and a closed manifest. Kept apart so ``handoff.py`` stays under 500 lines;
``app.services.handoff`` imports them for its callers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from app.domain.handoff import ManifestLine
from app.services.handoff_ports import ManifestRecord


@dataclass(frozen=True)
class Reconcile:
    """One open manifest (or a carrier with labelled parcels and none open yet)."""

    carrier: str
    group: str
    manifest_id: int | None
    pickup_at: datetime
    loaded: int
    missing: Sequence[ManifestLine]
    #: Loaded on this open manifest, label voided since: take them off the cage.
    voided_loaded: Sequence[ManifestLine]
    #: Loaded on a closed manifest (gone with the carrier), label voided in the last
    #: ``VOIDED_GONE_SHOWN``: tell the carrier.
    voided_gone: Sequence[ManifestLine] = ()

    def to_cut_off(self, now: datetime) -> timedelta:
        return self.pickup_at - now


@dataclass(frozen=True)
class Closed:
    manifest: ManifestRecord
    moved: int
    moved_to: int | None
    files: Sequence[Path]
