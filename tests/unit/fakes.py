"""In-memory fakes of the ports (the cosmicpython way): a unit of work, a clock and a hasher
that keep the service rules testable in milliseconds. They follow the Protocols in
app.services.ports; the integration suite runs the same services on SQLite and PostgreSQL."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import TracebackType
from typing import Any, Self

from app.domain.floor import Devices, SyncReport
from app.domain.labels import PackingSlipLine
from app.domain.model import (
    KitComponent,
    Order,
    OrderChanges,
    OrderLine,
    OrderStatus,
    Product,
    Role,
    ScanOutcome,
    StandingScan,
)
from app.domain.order_records import OrderRecord, OrderUpdate, StoredOrder
from app.domain.products_file import Barcode, ProductRecord
from app.domain.station import PastError
from app.services.floor_ports import HeldOrder, StationRow
from app.services.ports import (
    LabelRecord,
    LoadedOn,
    NewScanEvent,
    OrderHeader,
    OrderLookup,
    ParcelRecord,
    PrintJobRecord,
    ScanEventRecord,
    StationEntry,
    StationRecord,
    UncertainJobRecord,
    UserRecord,
)
from app.services.tracking_ports import TrackingRangeRecord


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


class FakeHasher:
    def badge_digest(self, badge_code: str) -> str:
        return f"digest:{badge_code}"

    def verify_pin(self, pin_hash: str, pin: str) -> bool:
        return pin_hash == f"pin:{pin}"

    def hash_pin(self, pin: str) -> str:
        return f"pin:{pin}"


@dataclass
class Store:
    """Everything the fake database holds; a unit of work works on a copy and swaps it in
    on commit, so a refused use case leaves the store as it was."""

    users: dict[int, UserRecord] = field(default_factory=dict)
    stations: dict[int, StationRecord] = field(default_factory=dict)
    products: dict[int, Product] = field(default_factory=dict)
    barcodes: dict[str, tuple[int, int]] = field(default_factory=dict)
    orders: dict[int, Order] = field(default_factory=dict)
    slips: dict[str, int] = field(default_factory=dict)
    totes: dict[str, int | None] = field(default_factory=dict)
    upstream: dict[int, str] = field(default_factory=dict)
    scans: list[ScanEventRecord] = field(default_factory=list)
    parcels: list[ParcelRecord] = field(default_factory=list)
    ranges: dict[str, list[Any]] = field(default_factory=dict)
    # kits packed from their components: kit product id -> (component product id, per kit)
    kits: dict[int, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    # pre-packed kits: kit product id -> its component product ids
    prepacked: dict[int, frozenset[int]] = field(default_factory=dict)
    jobs: list[PrintJobRecord] = field(default_factory=list)
    audit: list[dict[str, Any]] = field(default_factory=list)
    scan_times: dict[int, datetime] = field(default_factory=dict)
    site: dict[str, str] = field(default_factory=dict)
    heartbeats: dict[int, tuple[datetime, int | None, Devices]] = field(default_factory=dict)
    packer_notes: dict[int, str | None] = field(default_factory=dict)
    shorted: dict[int, tuple[int, str]] = field(default_factory=dict)
    consoles: set[int] = field(default_factory=set)
    commits: int = 0

    # -- seeding, for tests --------------------------------------------------------------------

    def add_user(self, name: str, badge: str, role: Role = Role.PACKER, **kw: Any) -> UserRecord:
        user = UserRecord(len(self.users) + 1, name, role, kw.get("active", True), kw.get("pin"))
        self.users[user.id] = user
        self.barcodes.setdefault(f"badge:{badge}", (user.id, 0))
        return user

    def add_product(
        self,
        sku: str,
        code: str,
        *,
        case: tuple[str, int] | None = None,
        serial: bool = False,
        lot: bool = False,
    ) -> Product:
        product = Product(len(self.products) + 1, sku, f"Product {sku}", 1, serial, lot)
        self.products[product.id] = product
        self.barcodes[code] = (product.id, 1)
        if case is not None:
            self.barcodes[case[0]] = (product.id, case[1])
        return product

    def add_kit(
        self, kit: Product, *components: tuple[Product, int], prepacked: bool = False
    ) -> None:
        """``kit`` is packed from ``components`` (product, units per kit), or comes
        ``prepacked`` with them inside."""
        if prepacked:
            self.prepacked[kit.id] = frozenset(product.id for product, _ in components)
            return
        self.kits[kit.id] = tuple((product.id, per_kit) for product, per_kit in components)

    def add_order(
        self,
        reference: str,
        lines: Sequence[tuple[Product, int] | tuple[Product, int, tuple[str, ...]]],
        *,
        status: OrderStatus = OrderStatus.READY,
        priority: int = 0,
        carrier: str = "DHL",
        tote: str | None = None,
    ) -> Order:
        order_id = len(self.orders) + 1
        order = Order(
            id=order_id,
            reference=reference,
            status=status,
            lines=[
                OrderLine(
                    order_id * 100 + n,
                    n,
                    line[0].id,
                    line[0].sku,
                    line[0].name,
                    line[1],
                    expected_serials=line[2] if len(line) > 2 else (),
                )
                for n, line in enumerate(lines, start=1)
            ],
            carrier=carrier,
            service="standard",
            priority=priority,
        )
        self.orders[order_id] = order
        self.slips[f"ORD{reference}"] = order_id
        if tote is not None:
            self.totes[tote] = order_id
        return order

    def actions(self) -> list[str]:
        return [entry["action"] for entry in self.audit]


class _PackOut:
    """No box is ever chosen here (boxes and parcel contents are tested on the databases)."""

    def box(self, order_id: int, parcel_no: int) -> None:
        return None


class FakeUnitOfWork:
    store: Store
    users: _Users
    stations: _Stations
    products: _Products
    orders: _Orders
    scans: _Scans
    parcels: _Parcels
    tracking: _Tracking
    print_jobs: _Jobs
    audit: _Audit
    site_settings: _SiteSettings
    floor: _Floor
    story: Any  # the story's read model is tested against the real databases
    queues: Any  # so are the queues
    pack_out: Any  # and the parcels' contents and weights
    figures: Any  # and the figures
    boxes: Any  # and the box types

    def __init__(self, db: FakeDatabase, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only

    def __enter__(self) -> Self:
        self.store = copy.deepcopy(self.db.store)
        self.users = _Users(self.store)
        self.stations = _Stations(self.store)
        self.products = _Products(self.store)
        self.orders = _Orders(self.store)
        self.scans = _Scans(self.store)
        self.parcels = _Parcels(self.store)
        self.tracking = _Tracking(self.store)
        self.print_jobs = _Jobs(self.store)
        self.audit = _Audit(self.store)
        self.site_settings = _SiteSettings(self.store)
        self.floor = _Floor(self.store)
        self.pack_out = _PackOut()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.store = None  # type: ignore[assignment]

    def commit(self) -> None:
        assert not self.read_only, "a read-only unit of work was committed"
        self.store.commits += 1
        self.db.store = self.store
        self.db.after_commit(self)


class FakeDatabase:
    """The fake database and its unit-of-work factory: ``db.uow`` goes to the services."""

    def __init__(self) -> None:
        self.store = Store()
        self.opened: list[bool] = []

    def uow(self, *, read_only: bool = False) -> FakeUnitOfWork:
        self.opened.append(read_only)
        return FakeUnitOfWork(self, read_only)

    def after_commit(self, uow: object) -> None:
        """Tests replace this to fail right after a commit (a lost reply)."""


class _Repo:
    def __init__(self, store: Store) -> None:
        self.s = store


class _Users(_Repo):
    def by_badge_hash(self, badge_hash: str) -> UserRecord | None:
        found = self.s.barcodes.get(f"badge:{badge_hash.removeprefix('digest:')}")
        return self.s.users.get(found[0]) if found else None

    def get(self, user_id: int) -> UserRecord | None:
        return self.s.users.get(user_id)

    def pin_failed(self, user_id: int) -> int:
        user = self.s.users[user_id]
        self.s.users[user_id] = replace(user, failed_pins=user.failed_pins + 1)
        return user.failed_pins + 1

    def set_lock(self, user_id: int, until: datetime | None) -> None:
        self.s.users[user_id] = replace(self.s.users[user_id], failed_pins=0, locked_until=until)

    def add(self, name: str, role: Role, badge_hash: str, pin_hash: str | None) -> UserRecord:
        user = UserRecord(len(self.s.users) + 1, name, role, True, pin_hash)
        self.s.users[user.id] = user
        self.s.barcodes[f"badge:{badge_hash.removeprefix('digest:')}"] = (user.id, 0)
        return user

    def all(self) -> Sequence[UserRecord]:
        return sorted(self.s.users.values(), key=lambda user: (user.name, user.id))

    def count_admins(self, *, active_only: bool) -> int:
        return sum(
            1
            for user in self.s.users.values()
            if user.role is Role.ADMIN and (user.active or not active_only)
        )

    def set_pin(self, user_id: int, pin_hash: str | None) -> None:
        self.s.users[user_id] = replace(self.s.users[user_id], pin_hash=pin_hash)

    def set_role(self, user_id: int, role: Role) -> None:
        self.s.users[user_id] = replace(self.s.users[user_id], role=role)

    def set_active(self, user_id: int, active: bool) -> None:
        self.s.users[user_id] = replace(self.s.users[user_id], active=active)

    def set_language(self, user_id: int, language: str | None) -> None:
        self.s.users[user_id] = replace(self.s.users[user_id], language=language)


class _Stations(_Repo):
    def get_or_create(self, name: str, at: datetime) -> StationRecord:
        for station in self.s.stations.values():
            if station.name == name:
                return station
        station = StationRecord(len(self.s.stations) + 1, name)
        self.s.stations[station.id] = station
        return station

    def by_id(self, station_id: int) -> StationRecord | None:
        return self.s.stations.get(station_id)

    def entries(self) -> Sequence[StationEntry]:
        return [
            StationEntry(s.id, s.name, "station", None, "{}")
            for s in sorted(self.s.stations.values(), key=lambda s: s.name)
        ]

    def touch(self, station_id: int, at: datetime) -> None:
        pass


class _Products(_Repo):
    def by_code(self, code: str, alternative: str | None = None) -> Product | None:
        for candidate in (code, alternative):
            if candidate is not None and candidate in self.s.barcodes:
                product_id, units = self.s.barcodes[candidate]
                return replace(self.s.products[product_id], units=units)
        return None

    def by_id(self, product_id: int) -> Product | None:
        return self.s.products.get(product_id)

    def catalogue(
        self, skus: Sequence[str], codes: Sequence[str]
    ) -> tuple[dict[str, tuple[int, ProductRecord]], dict[str, str]]:
        """The fake keeps what ``Product`` holds: name, flags and barcodes."""
        wanted = set(skus)
        stored = {
            p.sku: (
                p.id,
                ProductRecord(
                    p.sku,
                    p.name,
                    tuple(
                        Barcode(code, units)
                        for code, (product_id, units) in self.s.barcodes.items()
                        if product_id == p.id and not code.startswith("badge:")
                    ),
                    requires_lot=p.requires_lot,
                    requires_serial=p.requires_serial,
                ),
            )
            for p in self.s.products.values()
            if p.sku in wanted
        }
        owners = {
            code: self.s.products[self.s.barcodes[code][0]].sku
            for code in codes
            if code in self.s.barcodes
        }
        return stored, owners

    def save_catalogue(
        self, added: Sequence[ProductRecord], changed: Sequence[tuple[int, ProductRecord]]
    ) -> dict[str, int]:
        ids: dict[str, int] = {}
        for record in added:
            ids[record.sku] = max(self.s.products, default=0) + 1
        for product_id, record in [*changed, *((ids[r.sku], r) for r in added)]:
            self.s.products[product_id] = Product(
                product_id,
                record.sku,
                record.name,
                requires_serial=record.requires_serial,
                requires_lot=record.requires_lot,
            )
            for code, (owner, _) in list(self.s.barcodes.items()):
                if owner == product_id and not code.startswith("badge:"):
                    del self.s.barcodes[code]
            for barcode in record.barcodes:
                self.s.barcodes[barcode.code] = (product_id, barcode.units)
        return ids


class _Orders(_Repo):
    def _copy(self, order: Order) -> Order:
        found = copy.deepcopy(order)
        claimer = self.s.stations.get(found.claimed_by) if found.claimed_by else None
        found.claimed_by_name = claimer.name if claimer else None
        found.changes = OrderChanges()
        # As the real repository does: kit components and ticked-off serials from the scans.
        standing = [s.verdict for s in _Scans(self.s).standing() if s.order_id == found.id]
        for line in found.lines:
            mine = [v for v in standing if v.line_id == line.id]
            line.components = tuple(
                KitComponent(
                    part_id,
                    self.s.products[part_id].sku,
                    self.s.products[part_id].name,
                    per_kit,
                    sum(v.units for v in mine if v.product_id == part_id),
                    self.s.products[part_id].requires_serial,
                )
                for part_id, per_kit in self.s.kits.get(line.product_id, ())
            )
            line.prepacked_parts = self.s.prepacked.get(line.product_id, frozenset())
            line.serials_packed = [
                v.serial for v in mine if v.serial and v.serial in line.expected_serials
            ]
        return found

    def get(self, order_id: int) -> Order | None:
        order = self.s.orders.get(order_id)
        return self._copy(order) if order else None

    def _lookup(self, order_id: int | None, station_id: int) -> OrderLookup:
        if order_id is None:
            return OrderLookup(None)
        claim = next(
            (
                o.reference
                for o in self.s.orders.values()
                if o.claimed_by == station_id
                and o.status is OrderStatus.PACKING
                and o.id != order_id
            ),
            None,
        )
        return OrderLookup(self.get(order_id), claim)

    def by_slip(self, slip_code: str, station_id: int) -> OrderLookup:
        return self._lookup(self.s.slips.get(slip_code), station_id)

    def by_tote(self, tote_code: str, station_id: int) -> OrderLookup:
        found = self._lookup(self.s.totes.get(tote_code), station_id)
        if found.order is None:
            return OrderLookup(None, tote_known=tote_code in self.s.totes)
        return found

    def claim(self, order: Order, user_id: int, at: datetime) -> bool:
        stored = self.s.orders[order.id]
        if stored.status is not OrderStatus.READY:
            return False
        stored.status, stored.claimed_by = OrderStatus.PACKING, order.claimed_by
        order.changes = OrderChanges()
        return True

    def claim_next(self, station_id: int, user_id: int, at: datetime, detail: str) -> Order | None:
        if self.claimed_by(station_id) is not None:
            return None
        ready = [o for o in self.s.orders.values() if o.status is OrderStatus.READY]
        if not ready:
            return None
        first = min(ready, key=lambda o: (-o.priority, o.cut_off is None, o.cut_off or at, o.id))
        first.status, first.claimed_by = OrderStatus.PACKING, station_id
        _Audit(self.s).record(
            at=at,
            user_id=user_id,
            station_id=station_id,
            action="claim",
            entity="order",
            entity_id=first.id,
            detail=detail,
        )
        return self.get(first.id)

    def claimed_by(self, station_id: int) -> int | None:
        return next(
            (
                o.id
                for o in self.s.orders.values()
                if o.claimed_by == station_id and o.status is OrderStatus.PACKING
            ),
            None,
        )

    def save(self, order: Order, at: datetime) -> None:
        stored = self.s.orders[order.id]
        for line in stored.lines:
            line.verified += order.changes.line_units.get(line.id, 0)
            assert 0 <= line.verified <= line.quantity, "verified_in_range"
        if order.changes.row:
            stored.status, stored.claimed_by = order.status, order.claimed_by
            stored.hold_reason, stored.pending = order.hold_reason, order.pending
        order.changes = OrderChanges()

    def header(self, order_id: int) -> OrderHeader | None:
        o = self.s.orders.get(order_id)
        if o is None:
            return None
        return OrderHeader(
            o.id,
            o.reference,
            "",
            o.status,
            o.priority,
            o.carrier,
            o.service,
            o.cut_off,
            o.claimed_by,
            o.hold_reason,
        )

    def set_status(
        self, order_id: int, status: OrderStatus, at: datetime, hold_reason: str | None = None
    ) -> None:
        self.s.orders[order_id].status = status

    def label_data(self, order_id: int) -> dict[str, Any]:
        return {"reference": self.s.orders[order_id].reference}

    def packed_lines(self, order_id: int) -> Sequence[PackingSlipLine]:
        return []

    def upstream_tracking(self, order_id: int) -> str | None:
        return self.s.upstream.get(order_id)

    # Order intake is tested on the real databases (tests/integration/test_order_import.py).
    def sku_ids(self, skus: Sequence[str]) -> dict[str, int]:
        raise NotImplementedError("order intake is tested against the real databases")

    def intake(self, references: Sequence[str]) -> dict[str, StoredOrder]:
        raise NotImplementedError("order intake is tested against the real databases")

    def intake_owners(
        self, slips: Sequence[str], totes: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        raise NotImplementedError("order intake is tested against the real databases")

    def save_intake(
        self,
        added: Sequence[OrderRecord],
        changed: Sequence[OrderUpdate],
        sku_ids: dict[str, int],
        at: datetime,
    ) -> dict[str, int]:
        raise NotImplementedError("order intake is tested against the real databases")


class _Scans(_Repo):
    def add(self, event: NewScanEvent) -> int | None:
        if self.by_uid(event.scan_uid) is not None:
            return None
        record = ScanEventRecord(
            len(self.s.scans) + 1,
            event.scan_uid,
            event.order_id,
            event.verdict,
            event.undoes_scan_id,
        )
        self.s.scans.append(record)
        self.s.scan_times[record.id] = event.at
        return record.id

    def by_uid(self, scan_uid: str) -> ScanEventRecord | None:
        return next((scan for scan in self.s.scans if scan.scan_uid == scan_uid), None)

    def standing(self) -> list[ScanEventRecord]:
        undone = {scan.undoes_scan_id for scan in self.s.scans}
        return [
            scan
            for scan in self.s.scans
            if scan.verdict.outcome is ScanOutcome.ACCEPTED and scan.id not in undone
        ]

    def last_standing(self, order_id: int) -> StandingScan | None:
        mine = [scan for scan in self.standing() if scan.order_id == order_id]
        if not mine or mine[-1].verdict.line_id is None:
            return None
        last = mine[-1]
        assert last.verdict.line_id is not None
        return StandingScan(
            last.id,
            last.verdict.line_id,
            last.verdict.units,
            last.verdict.product_id,
            last.verdict.serial,
        )

    def serial_packed(self, product_id: int, serial: str) -> bool:
        return any(
            scan.verdict.product_id == product_id and scan.verdict.serial == serial
            for scan in self.standing()
        )

    def last_error(self, order_id: int, outcomes: frozenset[ScanOutcome]) -> PastError | None:
        mine = [
            scan
            for scan in self.s.scans
            if scan.order_id == order_id and scan.verdict.outcome in outcomes
        ]
        if not mine:
            return None
        last = mine[-1]
        return PastError(last.verdict.outcome, last.verdict.message, self.s.scan_times[last.id])

    def last_acknowledged(self, order_id: int) -> datetime | None:
        times = [
            entry["at"]
            for entry in self.s.audit
            if entry["action"] == "acknowledge"
            and entry["entity"] == "order"
            and entry["entity_id"] == order_id
        ]
        return max(times, default=None)


class _Parcels(_Repo):
    def get(self, parcel_id: int) -> ParcelRecord | None:
        return next((p for p in self.s.parcels if p.id == parcel_id), None)

    def by_tracking(self, tracking_number: str) -> ParcelRecord | None:
        return next((p for p in self.s.parcels if p.tracking_number == tracking_number), None)

    def for_order(self, order_id: int) -> Sequence[ParcelRecord]:
        return [p for p in self.s.parcels if p.order_id == order_id]

    def find(self, scanned: str) -> Sequence[ParcelRecord]:
        return [p for p in self.s.parcels if scanned in (p.tracking_number, p.sscc)]

    def void(self, parcel_id: int, at: datetime, reason: str) -> bool:
        parcel = self.get(parcel_id)
        if parcel is None or parcel.voided:
            return False
        self.s.parcels = [
            replace(p, voided_at=at, void_reason=reason) if p.id == parcel_id else p
            for p in self.s.parcels
        ]
        return True

    def loaded_on(self, parcel_id: int) -> LoadedOn | None:
        return None  # no dock in the fakes: the database tests load parcels

    def add(
        self,
        order_id: int,
        seq: int,
        tracking_number: str,
        carrier: str,
        at: datetime,
        sscc: str | None = None,
    ) -> ParcelRecord:
        parcel = ParcelRecord(
            len(self.s.parcels) + 1, order_id, seq, tracking_number, carrier, sscc
        )
        self.s.parcels.append(parcel)
        return parcel


class _Tracking(_Repo):
    """``ranges[carrier] = [service indicator, next serial, last serial, country]``;
    ``ranges["sscc"] = [extension digit, next serial, last serial, company prefix]``."""

    def has_sscc_range(self) -> bool:
        return "sscc" in self.s.ranges

    def allocate_sscc(self) -> tuple[int, str, int] | None:
        taken = self._take("sscc")
        return None if taken is None else (taken[0], taken[2], taken[1])

    def allocate(self, carrier: str) -> tuple[str, int, str] | None:
        taken: tuple[str, int, str] | None = self._take(carrier)
        return taken

    def ranges(self) -> Sequence[TrackingRangeRecord]:
        found = []
        for n, (key, (head, next_serial, last, tail)) in enumerate(self.s.ranges.items(), 1):
            if key == "sscc":
                record = TrackingRangeRecord(
                    n, "SSCC", "sscc", "--", "--", next_serial, last, tail, head
                )
                found.append(record)
            else:
                found.append(TrackingRangeRecord(n, key, "s10", head, tail, next_serial, last))
        return sorted(found, key=lambda r: (r.scheme != "s10", r.carrier))

    @staticmethod
    def _entry(record: TrackingRangeRecord) -> tuple[str, list[Any]]:
        if record.scheme == "sscc":
            head: Any = record.extension_digit
            return "sscc", [head, record.next_serial, record.last_serial, record.company_prefix]
        return record.carrier, [
            record.service_indicator,
            record.next_serial,
            record.last_serial,
            record.country,
        ]

    def add_range(self, record: TrackingRangeRecord) -> int:
        key, entry = self._entry(record)
        assert key not in self.s.ranges  # the column is unique
        self.s.ranges[key] = entry
        return len(self.s.ranges)

    def replace_range(self, record: TrackingRangeRecord) -> None:
        key, entry = self._entry(record)
        assert list(self.s.ranges).index(key) + 1 == record.id
        self.s.ranges[key] = entry

    def numbers_issued(self, record: TrackingRangeRecord, first: int, last: int) -> int:
        if record.scheme == "sscc":
            head = f"{record.extension_digit}{record.company_prefix}"
            numbers = [p.sscc for p in self.s.parcels if p.sscc and p.sscc.startswith(head)]
            serials = [int(n[len(head) : 17]) for n in numbers]
        else:
            serials = [
                int(p.tracking_number[2:10])
                for p in self.s.parcels
                if len(p.tracking_number) == 13
                and p.tracking_number.startswith(record.service_indicator)
                and p.tracking_number.endswith(record.country)
            ]
        return sum(1 for serial in serials if first <= serial <= last)

    def _take(self, key: str) -> Any:
        entry = self.s.ranges.get(key)
        if entry is None or entry[1] > entry[2]:
            return None
        entry[1] += 1
        return (entry[0], entry[1] - 1, entry[3])


class _Jobs(_Repo):
    def add(
        self,
        job_uid: str,
        parcel_id: int,
        kind: str,
        printer: str,
        at: datetime,
        station_id: int | None = None,
        reason: str | None = None,
    ) -> PrintJobRecord:
        job = PrintJobRecord(
            len(self.s.jobs) + 1, job_uid, parcel_id, "queued", 0, None, kind, printer, reason
        )
        self.s.jobs.append(job)
        return job

    def for_parcel(self, parcel_id: int) -> Sequence[PrintJobRecord]:
        return [job for job in self.s.jobs if job.parcel_id == parcel_id]

    def get(self, job_id: int) -> PrintJobRecord | None:
        return next((job for job in self.s.jobs if job.id == job_id), None)

    def mark(
        self,
        job_id: int,
        state: str,
        at: datetime,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        attempted: bool = False,
    ) -> None:
        self.s.jobs = [
            replace(
                job,
                state=state,
                error=error,
                next_attempt_at=next_attempt_at,
                attempts=job.attempts + int(attempted),
            )
            if job.id == job_id
            else job
            for job in self.s.jobs
        ]

    def waiting(self, printer: str) -> Sequence[PrintJobRecord]:
        return [
            job
            for job in self.s.jobs
            if job.printer == printer and job.state in ("queued", "failed")
        ]

    def stuck_sending(
        self, printer: str | None, before: datetime | None = None
    ) -> Sequence[PrintJobRecord]:
        return [
            job for job in self.s.jobs if job.state == "sending" and printer in (None, job.printer)
        ]

    def served_printers(self, online_since: datetime, recent_since: datetime) -> dict[str, bool]:
        return {job.printer: False for job in self.s.jobs if job.state == "sent"}

    def move(self, from_printer: str, to_printer: str, at: datetime) -> int:
        moving = {job.id for job in self.waiting(from_printer)}
        self.s.jobs = [
            replace(job, printer=to_printer) if job.id in moving else job for job in self.s.jobs
        ]
        return len(moving)

    def printers(self) -> Sequence[tuple[str, int]]:
        names = sorted({job.printer for job in self.s.jobs})
        return [(name, len(self.waiting(name))) for name in names]

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
        job = self.get(job_id)
        if job is None or job.state not in from_states:
            return False
        self.mark(job_id, state, at, error, next_attempt_at, attempted)
        return True

    def cancel_waiting(
        self, parcel_id: int, at: datetime, error: str, states: Sequence[str]
    ) -> int:
        ids = [job.id for job in self.for_parcel(parcel_id) if job.state in states]
        for job_id in ids:
            self.mark(job_id, "cancelled", at, error)
        return len(ids)

    def uncertain(self, printer: str | None = None) -> Sequence[UncertainJobRecord]:
        return []  # the packing rules never leave a job uncertain

    def label_record(self, parcel_id: int) -> LabelRecord | None:
        return None  # labels are drawn by the print queue, tested on real databases


class _SiteSettings(_Repo):
    def get(self, key: str) -> str | None:
        return self.s.site.get(key)

    def put(self, key: str, value: str, at: datetime) -> None:
        self.s.site[key] = value


class _Audit(_Repo):
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
    ) -> None:
        self.s.audit.append(
            {
                "at": at,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": detail,
                "user_id": user_id,
                "station_id": station_id,
            }
        )


class _Floor(_Repo):
    def heartbeat(
        self,
        station_id: int,
        at: datetime,
        user_id: int | None,
        devices: Devices,
        sync: SyncReport | None = None,
    ) -> None:
        self.s.heartbeats[station_id] = (at, user_id, devices)

    def stations(self) -> Sequence[StationRow]:
        raise NotImplementedError("the board's read model is tested against the real databases")

    def held(self) -> Sequence[HeldOrder]:
        raise NotImplementedError("the holds' read model is tested against the real databases")

    def set_packer_note(self, order_id: int, note: str | None) -> None:
        self.s.packer_notes[order_id] = note

    def ship_short(self, line_id: int, quantity: int, missing: int, reason: str) -> None:
        before = self.s.shorted.get(line_id, (0, ""))[0]
        self.s.shorted[line_id] = (before + missing, reason)
        for order in self.s.orders.values():
            for line in order.lines:
                if line.id == line_id:
                    line.quantity = quantity

    def parcel_ids(self, order_id: int) -> Sequence[int]:
        return [parcel.id for parcel in self.s.parcels if parcel.order_id == order_id]

    def mark_console(self, station_id: int) -> None:
        self.s.consoles.add(station_id)
