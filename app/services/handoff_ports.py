"""The ports of hand-off (``app.services.handoff``, ``app.services.tracking_events``): the
manifests and tracking events in the database, the manifest's printed document and the folder
its files go to.

Kept beside ``ports.py`` (which is at its size limit): a unit of work that hands off is a
``UnitOfWork`` with ``manifests`` and ``tracking_events`` repositories too.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import NamedTuple, Protocol

from app.domain.figures import Period
from app.domain.handoff import DockParcel, ManifestHeader, ManifestLine
from app.domain.handoff_figures import CarrierDay, ExceptionCause
from app.services.outbox_ports import Outbox
from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class ManifestRecord:
    id: int
    carrier: str
    group: str
    pickup_at: datetime
    status: str
    opened_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    parcel_count: int | None
    weight_g: int | None
    folder: str | None
    file_stem: str | None
    file_format: str | None
    written_at: datetime | None
    #: When the dock last put the carrier's labelled parcels on this manifest (None: never).
    attached_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.status == "open"

    @property
    def header(self) -> ManifestHeader:
        return ManifestHeader(
            self.id, self.carrier, self.group, self.pickup_at, self.closed_at, self.closed_by
        )


@dataclass(frozen=True)
class LoadedOut:
    """A dock's load: whether the parcel was loaded now (False: it was already), whether its
    order was handed over by it, and the manifest's (loaded, expected) after it."""

    loaded: bool
    handed_over: bool
    loaded_count: int
    expected: int


@dataclass(frozen=True)
class ServiceFilter:
    """Which services of a carrier go on a manifest: ``only`` these (None: any), and never
    those in ``never`` (the services of the carrier's other groups)."""

    only: Sequence[str] | None
    never: Sequence[str]


class Manifests(Protocol):
    def get(self, manifest_id: int, *, lock: bool = False) -> ManifestRecord | None:
        """The manifest; ``lock``: held by this unit of work until it ends (PostgreSQL)."""
        ...

    def open_for(self, carrier: str, group: str) -> ManifestRecord | None: ...

    def carrier_known(self, carrier: str) -> bool: ...

    def last_closed_pickup(self, carrier: str, group: str) -> datetime | None:
        """The latest pick-up of the carrier's (and group's) closed manifests, if any."""
        ...

    def create(self, carrier: str, group: str, pickup_at: datetime, at: datetime) -> int:
        """Open a manifest; where another opened one for the carrier and group meanwhile,
        that one's id."""
        ...

    def listing(self, status: str | None, limit: int) -> Sequence[ManifestRecord]:
        """Open ones first, then the newest pick-ups."""
        ...

    def find_parcel(self, tracking_number: str | None, sscc: str | None) -> DockParcel | None: ...

    def assign(self, parcel_id: int, manifest_id: int, at: datetime) -> None: ...

    def mark_loaded(
        self, parcel_id: int, manifest_id: int, at: datetime, user_id: int, station_id: int | None
    ) -> bool:
        """Set the parcel loaded on the manifest; False when it already was (counted once)."""
        ...

    def load(
        self,
        parcel_id: int,
        manifest_id: int,
        at: datetime,
        user_id: int,
        station_id: int | None,
        *,
        assign: bool,
    ) -> bool:
        """:meth:`mark_loaded`; with ``assign`` (the parcel on no manifest yet) it joins the
        manifest loaded, in one statement. False when it was loaded already."""
        ...

    def cage_and_parcel(
        self, manifest_id: int, tracking_number: str | None, sscc: str | None
    ) -> tuple[ManifestRecord | None, DockParcel | None]:
        """:meth:`get` locked and :meth:`find_parcel` (one round trip on PostgreSQL)."""
        ...

    def load_out(
        self,
        parcel: DockParcel,
        manifest: ManifestRecord,
        at: datetime,
        user_id: int,
        station_id: int | None,
        *,
        hand_over: bool,
    ) -> LoadedOut:
        """:meth:`load` (assigning a parcel on no manifest), then with ``hand_over``
        :meth:`hand_over` if it was loaded now, then :meth:`kept_counts` (one statement on
        PostgreSQL)."""
        ...

    def attach_unassigned(
        self, manifest_id: int, carrier: str, services: ServiceFilter, at: datetime
    ) -> int:
        """Put every labelled parcel of the carrier (and services) on no manifest yet onto
        this manifest, and note ``at`` as its ``attached_at``; how many."""
        ...

    def counts(
        self, manifest_id: int, carrier: str, services: ServiceFilter | None
    ) -> tuple[int, int]:
        """(loaded, expected) of a manifest, not counting voided labels; with ``services``
        (an open manifest) also the carrier's labelled parcels on no manifest yet."""
        ...

    def kept_counts(self, manifest_id: int, opened_at: datetime) -> tuple[int, int]:
        """(loaded, on the manifest) from the counters kept on the manifest, less the labels
        voided since it opened: no count of rows, whatever the manifest's size."""
        ...

    def lines(self, manifest_id: int) -> Sequence[ManifestLine]:
        """Every parcel on the manifest, voided ones marked, by tracking number."""
        ...

    def after_pickup(self, since: datetime) -> Sequence[tuple[str, str, ManifestLine]]:
        """(carrier, service group, parcel) of parcels on a closed manifest: loaded, label
        voided at ``since`` or later (they left with the carrier); or of a cancelled order,
        label not voided (whenever the manifest closed)."""
        ...

    def unassigned(self, carrier: str, services: ServiceFilter) -> Sequence[ManifestLine]: ...

    def move(self, parcel_ids: Sequence[int], to_manifest_id: int, reason: str) -> None: ...

    def close(
        self,
        manifest_id: int,
        at: datetime,
        user_id: int,
        parcels: int,
        weight_g: int,
        folder: str | None,
        file_stem: str,
        file_format: str,
    ) -> None: ...

    def take_off(self, parcel_id: int, manifest_id: int) -> bool:
        """The parcel (its label voided) taken off the manifest's cage: no longer loaded
        (the counters kept); False if it was not loaded on it."""
        ...

    def mark_written(self, manifest_id: int, at: datetime, folder: str) -> None:
        """The manifest's files are in ``folder`` (where they were written last)."""
        ...

    def parcels_not_loaded(self, order_id: int) -> int:
        """Parcels of the order with a valid label not loaded on any manifest."""
        ...

    def set_order_status(self, order_id: int, status: str, at: datetime) -> None: ...

    def hand_over(self, order_id: int, at: datetime) -> bool:
        """The order ``handed_over`` if it is still waiting (packed, labelled) and every
        parcel of it with a valid label is loaded, in one statement; whether it was."""
        ...

    def open_carriers(self) -> Sequence[tuple[str, str]]:
        """(carrier, service) pairs of labelled parcels on no manifest yet."""
        ...


@dataclass(frozen=True)
class TrackedParcel:
    parcel_id: int
    order_id: int
    carrier: str


class NewTrackingEvent(NamedTuple):
    """An event to store; its identity is (parcel_id, at, status_code). A tuple: a million
    are made per import."""

    parcel_id: int
    at: datetime
    status_code: str
    state: str
    description: str
    location: str


@dataclass(frozen=True)
class ParcelTrackingState:
    parcel_id: int
    at: datetime
    status_code: str
    state: str
    description: str
    delivered_at: datetime | None


@dataclass(frozen=True)
class TrackingException:
    """A parcel whose latest event is an exception (address problem, damage, returned)."""

    parcel_id: int
    order_id: int
    order_reference: str
    tracking_number: str
    carrier: str
    at: datetime
    status_code: str
    description: str


class TrackingEvents(Protocol):
    def parcels(self, tracking_numbers: Sequence[str]) -> Mapping[str, TrackedParcel]: ...

    def add(self, events: Sequence[NewTrackingEvent], at: datetime) -> int:
        """Store the events not stored yet (by parcel, time and status code); how many were
        new."""
        ...

    def latest(self, parcel_ids: Sequence[int]) -> Mapping[int, ParcelTrackingState]: ...

    def save_latest(self, states: Sequence[ParcelTrackingState]) -> None: ...

    def orders_all_delivered(self, order_ids: Sequence[int]) -> Mapping[int, datetime]:
        """Of these orders, those not yet delivered whose every valid parcel is, each with
        the carrier's time of its last parcel's delivery."""
        ...

    def set_delivered(self, order_ids: Sequence[int], at: datetime) -> None: ...

    def exceptions(self, limit: int) -> Sequence[TrackingException]: ...


class HandoffFigureCounts(Protocol):
    def carrier_days(
        self, since: datetime, until: datetime, days: Sequence[Period]
    ) -> Sequence[CarrierDay]:
        """Parcels labelled in ``[since, until)`` per carrier and day (``days``' labels)."""
        ...

    def exception_causes(self, since: datetime, until: datetime) -> Sequence[ExceptionCause]:
        """Exception events in ``[since, until)`` per carrier and status code, most first."""
        ...


class HandoffUnitOfWork(UnitOfWork, Protocol):
    @property
    def manifests(self) -> Manifests: ...
    @property
    def tracking_events(self) -> TrackingEvents: ...
    @property
    def handoff_figures(self) -> HandoffFigureCounts: ...
    @property
    def outbox(self) -> Outbox: ...


class HandoffUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> HandoffUnitOfWork: ...


class ManifestDocument(Protocol):
    """The manifest's PDF for the driver to sign."""

    def pdf(self, header: ManifestHeader, lines: Sequence[ManifestLine]) -> bytes: ...


class ManifestFolder(Protocol):
    """Where manifest files go: written to a temporary name, flushed, renamed (the shipments
    export's folder). Failures raise ``ExportRefused`` naming the folder."""

    def check(self, folder: Path) -> None: ...
    def has(self, folder: Path, name: str) -> bool: ...
    def write_temporary(self, folder: Path, name: str, content: str | bytes) -> None: ...
    def publish(self, folder: Path, name: str) -> None: ...
