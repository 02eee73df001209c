"""The ports: what the services need from the outside world, as Protocols.

Adapters (``app.adapters``) implement them; only ``app.bootstrap`` wires the two together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol, Self

from app.domain.labels import Address, PackingSlipLine
from app.domain.model import Order, OrderStatus, Product, ScanOutcome, ScanVerdict, StandingScan
from app.domain.order_records import OrderRecord, OrderUpdate, StoredOrder
from app.domain.products_file import ProductRecord
from app.domain.station import Entry, PastError
from app.services.box_ports import Boxes
from app.services.figures_ports import Figures
from app.services.floor_ports import Floor
from app.services.pack_out_ports import PackOut
from app.services.queue_ports import Queues
from app.services.story_ports import Story
from app.services.tracking_ports import TrackingRanges

# Re-exported: the users port has a module of its own.
from app.services.user_ports import UserRecord as UserRecord  # noqa: PLC0414
from app.services.user_ports import Users as Users  # noqa: PLC0414


@dataclass(frozen=True)
class StationRecord:
    id: int
    name: str


@dataclass(frozen=True)
class OrderHeader:
    id: int
    reference: str
    slip_code: str
    status: OrderStatus
    priority: int
    carrier: str
    service: str
    cut_off: datetime | None
    claimed_by_station_id: int | None
    hold_reason: str | None


@dataclass(frozen=True)
class ScanEventRecord:
    """A stored scan event: its id, the station-made ``scan_uid``, and the verdict."""

    id: int
    scan_uid: str
    order_id: int | None
    verdict: ScanVerdict
    undoes_scan_id: int | None = None


@dataclass(frozen=True)
class NewScanEvent:
    """A scan event to store: who scanned what where, and the domain's verdict on it."""

    scan_uid: str
    station_id: int
    user_id: int
    order_id: int | None
    raw_code: str
    verdict: ScanVerdict
    at: datetime
    undoes_scan_id: int | None = None
    entry: Entry = Entry.SCANNED


@dataclass(frozen=True)
class OrderLookup:
    """An order found by its slip or tote, for a station about to claim it. ``order`` is None
    when the code names none (``tote_known``: the tote exists but is empty);
    ``station_claim`` is the reference of another order the station is still packing."""

    order: Order | None
    station_claim: str | None = None
    tote_known: bool = False


@dataclass(frozen=True)
class ParcelRecord:
    id: int
    order_id: int
    seq: int
    tracking_number: str
    carrier: str
    sscc: str | None = None
    voided_at: datetime | None = None
    void_reason: str | None = None

    @property
    def voided(self) -> bool:
        return self.voided_at is not None


@dataclass(frozen=True)
class LoadedOn:
    """The manifest a parcel was loaded onto at the dock (its cage, or the truck if closed)."""

    manifest_id: int
    carrier: str
    group: str
    pickup_at: datetime
    loaded_at: datetime
    closed_at: datetime | None


@dataclass(frozen=True)
class LabelRecord:
    """What a parcel's label is made from: the order's delivery data and, where the shop
    bought the label upstream, that label as it came. One mapper builds it for every job."""

    order_id: int
    reference: str
    ship_to: Address
    carrier: str
    service: str
    upstream_tracking: str | None = None
    upstream_label_format: str | None = None
    upstream_label: bytes | None = None
    weight_g: int | None = None
    parcel_count: int = 1
    box: str | None = None  # the code of the parcel's box type


@dataclass(frozen=True)
class UncertainJobRecord:
    """A job cut off after bytes left for the printer: did its label come out?"""

    job_id: int
    parcel_id: int
    parcel_no: int
    tracking_number: str
    order_id: int
    order_reference: str
    printer: str
    station_id: int | None
    since: datetime
    error: str | None


@dataclass(frozen=True)
class PrintJobRecord:
    id: int
    job_uid: str
    parcel_id: int
    state: str
    attempts: int
    error: str | None
    kind: str = "label"
    printer: str = ""
    reason: str | None = None
    next_attempt_at: datetime | None = None


@dataclass(frozen=True)
class StationEntry:
    """A station as the admin screens list it: its kind ("station" or "console"), when it
    was last heard from, and its stored settings (JSON text)."""

    id: int
    name: str
    kind: str
    last_seen_at: datetime | None
    settings: str


class Stations(Protocol):
    def get_or_create(self, name: str, at: datetime) -> StationRecord: ...
    def by_id(self, station_id: int) -> StationRecord | None: ...
    def touch(self, station_id: int, at: datetime) -> None: ...
    def entries(self) -> Sequence[StationEntry]:
        """Every station and console, by name."""
        ...


class Products(Protocol):
    def by_code(self, code: str, alternative: str | None = None) -> Product | None:
        """The product ``code`` names (``alternative``: the other reading of an ambiguous
        8-digit code, tried second), with the units the barcode counts."""
        ...

    def by_id(self, product_id: int) -> Product | None:
        """The product as one unit (``units`` is 1)."""
        ...

    def catalogue(
        self, skus: Sequence[str], codes: Sequence[str]
    ) -> tuple[dict[str, tuple[int, ProductRecord]], dict[str, str]]:
        """What a products file meets: the stored products with these SKUs (id and record,
        barcodes included) and, for each of ``codes`` already stored, the SKU it is on."""
        ...

    def save_catalogue(
        self, added: Sequence[ProductRecord], changed: Sequence[tuple[int, ProductRecord]]
    ) -> dict[str, int]:
        """Insert ``added`` and overwrite ``changed`` (by id), barcodes included (a changed
        product's barcodes become exactly its record's); the new products' ids by SKU."""
        ...


class Orders(Protocol):
    def get(self, order_id: int) -> Order | None:
        """The order with its lines; locked against other writers until the end of the unit
        of work (PostgreSQL's row lock, SQLite's write transaction)."""
        ...

    def by_slip(self, slip_code: str, station_id: int) -> OrderLookup: ...
    def by_tote(self, tote_code: str, station_id: int) -> OrderLookup: ...

    def claim(self, order: Order, user_id: int, at: datetime) -> bool:
        """Store the claim ``order.claim`` decided, guarded: False if another station was
        faster (the order is no longer ready)."""
        ...

    def claim_next(self, station_id: int, user_id: int, at: datetime, detail: str) -> Order | None:
        """Claim the first ready order in the queue's order (skipping rows other stations are
        claiming) and audit the claim; None: the queue is empty or the station is busy."""
        ...

    def claimed_by(self, station_id: int) -> int | None:
        """The order the station is packing, if any."""
        ...

    def save(self, order: Order, at: datetime) -> None:
        """Write what the order's use case changed (``order.changes``)."""
        ...

    # Used by the print queue.
    def header(self, order_id: int) -> OrderHeader | None: ...
    def set_status(
        self, order_id: int, status: OrderStatus, at: datetime, hold_reason: str | None = None
    ) -> None: ...
    def label_data(self, order_id: int) -> dict[str, Any]: ...
    def packed_lines(self, order_id: int) -> Sequence[PackingSlipLine]:
        """The order's lines with the lots and serials captured while packing (accepted
        scans that were not undone)."""
        ...

    def upstream_tracking(self, order_id: int) -> str | None:
        """The tracking number of a label bought upstream, if the order came with one."""
        ...

    # Used by order intake.
    def sku_ids(self, skus: Sequence[str]) -> dict[str, int]:
        """The product id of each of ``skus`` that exists."""
        ...

    def intake(self, references: Sequence[str]) -> dict[str, StoredOrder]:
        """The stored orders with these references, lines and totes included."""
        ...

    def intake_owners(
        self, slips: Sequence[str], totes: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """The reference of the order each stored slip code is on, and of the unfinished
        order each tote is on."""
        ...

    def save_intake(
        self,
        added: Sequence[OrderRecord],
        changed: Sequence[OrderUpdate],
        sku_ids: dict[str, int],
        at: datetime,
    ) -> dict[str, int]:
        """Insert ``added`` and overwrite ``changed`` (totes, and lines where the update
        says so, replaced); ids by reference."""
        ...


class ScanEvents(Protocol):
    def add(self, event: NewScanEvent) -> int | None:
        """Store the event; its id, or None when an event with its ``scan_uid`` is stored
        already (a retry): nothing is written then."""
        ...

    def by_uid(self, scan_uid: str) -> ScanEventRecord | None: ...
    def last_standing(self, order_id: int) -> StandingScan | None:
        """The order's last accepted scan that no undo took back."""
        ...

    def serial_packed(self, product_id: int, serial: str) -> bool:
        """True if an accepted, not undone scan already packed this unit."""
        ...

    def last_error(self, order_id: int, outcomes: frozenset[ScanOutcome]) -> PastError | None:
        """The order's last scan with one of ``outcomes`` (None: none, or no outcomes)."""
        ...

    def last_acknowledged(self, order_id: int) -> datetime | None:
        """When an error (or the packing notes) of the order was last acknowledged: the
        latest ``acknowledge`` audit entry about it (``app.services.acknowledgements``)."""
        ...


class Parcels(Protocol):
    def get(self, parcel_id: int) -> ParcelRecord | None: ...
    def by_tracking(self, tracking_number: str) -> ParcelRecord | None: ...
    def find(self, scanned: str) -> Sequence[ParcelRecord]:
        """The parcels ``scanned`` names: a tracking number, an SSCC (with or without its
        "00" AI), an order reference (all its parcels) or a parcel id ("#12" or "12")."""
        ...

    def void(self, parcel_id: int, at: datetime, reason: str) -> bool:
        """Mark the parcel's label void; False if it already was."""
        ...

    def loaded_on(self, parcel_id: int) -> LoadedOn | None:
        """The manifest the parcel was loaded onto at the dock; None if it was not loaded."""
        ...

    def for_order(self, order_id: int) -> Sequence[ParcelRecord]: ...
    def add(
        self,
        order_id: int,
        seq: int,
        tracking_number: str,
        carrier: str,
        at: datetime,
        sscc: str | None = None,
    ) -> ParcelRecord: ...


class PrintJobs(Protocol):
    def add(
        self,
        job_uid: str,
        parcel_id: int,
        kind: str,
        printer: str,
        at: datetime,
        station_id: int | None = None,
        reason: str | None = None,
    ) -> PrintJobRecord: ...
    def for_parcel(self, parcel_id: int) -> Sequence[PrintJobRecord]: ...
    def get(self, job_id: int) -> PrintJobRecord | None: ...
    def mark(
        self,
        job_id: int,
        state: str,
        at: datetime,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        attempted: bool = False,
    ) -> None:
        """Set the job's state; ``attempted`` counts one more try at the printer."""
        ...

    def waiting(self, printer: str) -> Sequence[PrintJobRecord]:
        """Jobs for ``printer`` not yet sent (queued or failed), oldest first."""
        ...

    def stuck_sending(
        self, printer: str | None, before: datetime | None = None
    ) -> Sequence[PrintJobRecord]:
        """Jobs in state sending: of one printer or of all (None); only those that have been
        sending since before ``before`` when it is given."""
        ...

    def served_printers(self, online_since: datetime, recent_since: datetime) -> dict[str, bool]:
        """Printers a running station serves, by name: True when a station online now queued
        a job for it lately (live), False when it only printed lately."""
        ...

    def move(self, from_printer: str, to_printer: str, at: datetime) -> int:
        """Move the jobs waiting for ``from_printer`` (queued, or failed before any byte
        left): never a sent, sending, uncertain or cancelled one."""
        ...

    def printers(self) -> Sequence[tuple[str, int]]:
        """Every printer the queue has seen, with how many jobs wait for it."""
        ...

    def change_state(
        self,
        job_id: int,
        from_states: Sequence[str],
        state: str,
        at: datetime,
        error: str | None = None,
        attempted: bool = False,
        next_attempt_at: datetime | None = None,
    ) -> bool:
        """Set the job's state only if it is in one of ``from_states`` (one statement, so two
        workers can never both take a job); False if it was not."""
        ...

    def cancel_waiting(
        self, parcel_id: int, at: datetime, error: str, states: Sequence[str]
    ) -> int:
        """Cancel the parcel's jobs in ``states``; how many were cancelled."""
        ...

    def uncertain(self, printer: str | None = None) -> Sequence[UncertainJobRecord]:
        """Uncertain jobs, oldest first: of one printer, or of every printer (None)."""
        ...

    def label_record(self, parcel_id: int) -> LabelRecord | None: ...


class SiteSettings(Protocol):
    """Settings of the whole site, shared by every station."""

    def get(self, key: str) -> str | None: ...
    def put(self, key: str, value: str, at: datetime) -> None: ...


class AuditLog(Protocol):
    def record(
        self,
        *,
        at: datetime,
        user_id: int | None,
        station_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
    ) -> None: ...


class UnitOfWork(Protocol):
    """One transaction. ``commit`` must be called; leaving without it rolls back."""

    @property
    def users(self) -> Users: ...
    @property
    def stations(self) -> Stations: ...
    @property
    def products(self) -> Products: ...
    @property
    def orders(self) -> Orders: ...
    @property
    def scans(self) -> ScanEvents: ...
    @property
    def parcels(self) -> Parcels: ...
    @property
    def tracking(self) -> TrackingRanges: ...
    @property
    def print_jobs(self) -> PrintJobs: ...
    @property
    def site_settings(self) -> SiteSettings: ...
    @property
    def audit(self) -> AuditLog: ...
    @property
    def floor(self) -> Floor: ...
    @property
    def story(self) -> Story: ...
    @property
    def queues(self) -> Queues: ...
    @property
    def pack_out(self) -> PackOut: ...
    @property
    def figures(self) -> Figures: ...
    @property
    def boxes(self) -> Boxes: ...

    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...
    def commit(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens a unit of work; a ``read_only`` one takes no write lock up front (SQLite's
    ``BEGIN DEFERRED``; PostgreSQL's ``READ ONLY``, which also refuses writes), so a poll never
    waits behind, or holds up, a station's scans."""

    def __call__(self, *, read_only: bool = False) -> UnitOfWork: ...


class Clock(Protocol):
    def now(self) -> datetime: ...


class CredentialHasher(Protocol):
    def badge_digest(self, badge_code: str) -> str: ...
    def verify_pin(self, pin_hash: str, pin: str) -> bool: ...
