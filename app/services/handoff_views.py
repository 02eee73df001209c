"""What the supervisor's hand-off calls return (``app.services.handoff``): the reconcile view of
an open manifest, a closed manifest, who acts and a scan at the dock. Kept apart so
``handoff.py`` stays under 500 lines; ``app.services.handoff`` imports them for its callers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from app.domain.handoff import LoadOutcome, ManifestLine, cage_name
from app.domain.model import Role
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
    #: On this open manifest, their order cancelled since they were labelled: not expected,
    #: never shipped; void their labels (and take them off the cage if loaded).
    cancelled: Sequence[ManifestLine] = ()
    #: On a closed manifest, their order cancelled, label not voided (loaded or not): listed
    #: until their label is voided.
    cancelled_gone: Sequence[ManifestLine] = ()

    def to_cut_off(self, now: datetime) -> timedelta:
        return self.pickup_at - now


@dataclass(frozen=True)
class Closed:
    manifest: ManifestRecord
    moved: int
    moved_to: int | None
    files: Sequence[Path]


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in user at a station (a dock), or a supervisor at the command line."""

    user_id: int
    name: str
    role: Role
    station_id: int | None = None


@dataclass(frozen=True)
class DockResult:
    """One scan at the dock: its outcome, the words for the screen, and the cage it is on."""

    outcome: LoadOutcome
    message: str
    cage: ManifestRecord | None
    loaded: int = 0
    expected: int = 0
    tracking_number: str | None = None
    order_handed_over: str | None = None


def not_due(found: ManifestRecord, now: datetime, zone: tzinfo | None) -> str | None:
    """Why the open manifest ``found`` is not closed unnamed: its pick-up is after today."""
    zone = zone or UTC
    if found.pickup_at.astimezone(zone).date() <= now.astimezone(zone).date():
        return None
    return (
        f"{cage_name(found.carrier, found.group)}: the open manifest {found.id} is for the "
        f"pick-up on {found.pickup_at.astimezone(zone):%a %d %b %H:%M}, not today's: nothing "
        f"closed. To close it early, name it: --pickup {found.id}."
    )


def close_problem(
    manifest_id: int, missing: Sequence[ManifestLine], voided: Sequence[ManifestLine]
) -> str | None:
    """Why a manifest cannot close without a reason: parcels not loaded, or parcels loaded
    whose label was voided since (still on the cage); None if neither."""
    if missing:
        shown = ", ".join(x.tracking_number for x in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        return (
            f"{len(missing)} parcel(s) of manifest {manifest_id} are not loaded: "
            f"{shown}{more}. Load them, or move them to the next pick-up with a reason."
        )
    if voided:
        shown = ", ".join(x.tracking_number for x in voided[:5])
        return (
            f"{len(voided)} parcel(s) on manifest {manifest_id} have a VOIDED label and are "
            f"still loaded: {shown}. Take them off the cage (scan them at the dock), or close "
            "with a reason."
        )
    return None
