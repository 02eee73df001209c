"""The packing domain: orders, lines, scans and their outcomes. Plain Python, no I/O.

``Order`` is the write model. It decides whether a station may claim or work on it, what each
scan does (and records it), undo, hold and completion; services load an order, ask it, and
persist what it changed (``Order.changes``). Every rule and its message lives here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from app.domain import order_messages as says
from app.domain import text
from app.domain.barcodes import CodeKind, ScannedCode
from app.domain.errors import DomainError, OrderIncomplete, OrderUnavailable


class OrderStatus(StrEnum):
    """The states of WORKFLOW.md, in order, then the two side states."""

    RECEIVED = "received"
    READY = "ready"
    PACKING = "packing"
    PACKED = "packed"
    LABELLED = "labelled"
    HANDED_OVER = "handed_over"
    DELIVERED = "delivered"
    ON_HOLD = "on_hold"
    CANCELLED = "cancelled"


class Role(StrEnum):
    PACKER = "packer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def can_supervise(self) -> bool:
        return self in (Role.SUPERVISOR, Role.ADMIN)


class ScanOutcome(StrEnum):
    """Exactly one of these ends every scan of an item during verification."""

    ACCEPTED = "accepted"
    WRONG_ITEM = "wrong_item"
    OVER_SCAN = "over_scan"
    UNKNOWN_BARCODE = "unknown_barcode"
    INVALID_BARCODE = "invalid_barcode"
    DATA_NEEDED = "data_needed"
    EXPIRED = "expired"
    DUPLICATE_SERIAL = "duplicate_serial"
    NOT_AN_ITEM = "not_an_item"
    UNDO = "undo"
    REFUSED_UNACKNOWLEDGED = "refused_unacknowledged"  # an error on screen not acknowledged
    REFUSED_KEYED = "refused_keyed"  # a unit's code typed by hand where the site refuses it
    WEIGHT_REFUSED = "weight_refused"  # a parcel's weight outside its range (no unit scanned)

    @property
    def is_error(self) -> bool:
        return self not in (ScanOutcome.ACCEPTED, ScanOutcome.UNDO)


@dataclass(frozen=True)
class Product:
    """A product as a scanned barcode names it; ``units`` > 1 for a case-pack barcode."""

    id: int
    sku: str
    name: str
    units: int = 1
    requires_serial: bool = False
    requires_lot: bool = False

    @property
    def title(self) -> str:
        """How messages name it: "Blue mug (MUG-BLUE)"."""
        return f"{self.name} ({self.sku})"


@dataclass(frozen=True)
class PendingUnit:
    """A unit scanned whose lot or serial number is still needed ("data needed"): the next
    scan of plain text (or a GS1 code carrying AI 10 or 21) completes it."""

    product_id: int
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None


@dataclass(frozen=True)
class ScanVerdict:
    """The one outcome of one scan, with everything its scan event stores."""

    outcome: ScanOutcome
    message: str
    line_id: int | None = None
    units: int = 0
    product_id: int | None = None
    symbology: str | None = None
    lot: str | None = None
    expiry: date | None = None
    serial: str | None = None


@dataclass(frozen=True)
class StandingScan:
    """An accepted scan that no undo took back: the last one is what undo takes back."""

    id: int
    line_id: int
    units: int


@dataclass
class OrderLine:
    id: int
    line_no: int
    product_id: int
    sku: str
    name: str
    quantity: int
    verified: int = 0

    @property
    def remaining(self) -> int:
        return self.quantity - self.verified

    @property
    def complete(self) -> bool:
        return self.verified >= self.quantity


@dataclass
class OrderChanges:
    """What a use case changed on an order, for the repository to write: units added per
    line, and whether the order's own row (status, claim, hold, pending unit) changed."""

    line_units: dict[int, int] = field(default_factory=dict)
    row: bool = False


SerialPacked = Callable[[int, str], bool]
"""Asks whether an accepted, not undone scan already packed ``serial`` of product ``id``."""


@dataclass
class Order:
    """An order with its lines, as the station works on it."""

    id: int
    reference: str
    status: OrderStatus
    lines: list[OrderLine] = field(default_factory=list)
    carrier: str = ""
    service: str = ""
    priority: int = 0
    cut_off: datetime | None = None
    claimed_by: int | None = None
    claimed_by_name: str | None = None
    hold_reason: str | None = None
    pending: PendingUnit | None = None
    changes: OrderChanges = field(default_factory=OrderChanges, compare=False, repr=False)

    # -- figures -----------------------------------------------------------------------------

    @property
    def units_expected(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def units_verified(self) -> int:
        return sum(min(line.verified, line.quantity) for line in self.lines)

    @property
    def fully_verified(self) -> bool:
        return bool(self.lines) and all(line.complete for line in self.lines)

    @property
    def destination(self) -> str:
        """Where the finished parcel goes."""
        return f"cage {self.carrier}"

    # -- claiming ----------------------------------------------------------------------------

    def check_claimable_by(self, station_id: int) -> None:
        """Raise ``OrderUnavailable`` unless the order is ready for this station to claim.
        An order this station already claimed is claimable (it resumes)."""
        if self.status is OrderStatus.READY:
            return
        if self.status is OrderStatus.PACKING:
            if self.claimed_by == station_id:
                return
            raise OrderUnavailable(says.packed_elsewhere(self.reference, self.claimed_by_name))
        self._refuse_by_status()

    def check_workable_by(self, station_id: int) -> None:
        """Raise ``OrderUnavailable`` unless this station holds the order for packing."""
        if self.status is OrderStatus.PACKING and self.claimed_by == station_id:
            return
        if self.status is OrderStatus.PACKING or self.status is OrderStatus.READY:
            raise OrderUnavailable(says.not_open_here(self.reference, self.status.value))
        self._refuse_by_status()

    def _refuse_by_status(self) -> None:
        raise OrderUnavailable(
            says.not_workable(self.reference, self.status.value, self.hold_reason)
        )

    def claim(self, station_id: int) -> bool:
        """Claim the order for ``station_id``; False when the station already had it."""
        self.check_claimable_by(station_id)
        if self.status is OrderStatus.PACKING:
            return False
        self.status = OrderStatus.PACKING
        self.claimed_by = station_id
        self.changes.row = True
        return True

    def release(self) -> None:
        """Give the order held by a station back to the queue."""
        if self.status is not OrderStatus.PACKING:
            raise OrderUnavailable(says.not_held(self.reference))
        self.status = OrderStatus.READY
        self.claimed_by = None
        self.pending = None
        self.changes.row = True

    def hold(self, station_id: int, reason: str) -> str | None:
        """Put the order on hold (missing, damaged or wrong unit); returns the reason kept,
        or None when the order is already on hold for that reason (a retried request whose
        first reply was lost): nothing to do then."""
        kept = text.reason(reason, "hold reason")
        if self.status is OrderStatus.ON_HOLD and self.hold_reason == kept:
            return None
        self.check_workable_by(station_id)
        self.status = OrderStatus.ON_HOLD
        self.hold_reason = kept
        self.claimed_by = None
        self.pending = None
        self.changes.row = True
        return kept

    def wants_unit_data(self, code: ScannedCode) -> bool:
        """True when ``code``, which names no known product, is the lot or serial number a
        waiting unit needs: plain text, or a GS1 code carrying AI 10 or 21 but no GTIN. A code
        that names a product by GTIN, and any slip, tote, badge, box or command, is answered
        as what it is instead."""
        if self.pending is None or code.kind is not CodeKind.PRODUCT:
            return False
        if code.hri is None:
            return True
        return code.gtin is None and bool(code.serial or code.lot)

    def scan(
        self,
        code: ScannedCode,
        product: Product | None,
        today: date,
        serial_packed: SerialPacked,
    ) -> ScanVerdict:
        """Decide one scan during verification and record it on the order. ``product`` is the
        product the code names, None when no product has it."""
        if code.kind is not CodeKind.PRODUCT:
            return self._not_an_item(code)
        if product is None:
            return ScanVerdict(
                ScanOutcome.UNKNOWN_BARCODE,
                says.unknown_barcode(_shown(code)),
                symbology=code.symbology,
            )
        verdict = self._place(product, product.units, code.symbology)
        if verdict.outcome is not ScanOutcome.ACCEPTED:
            return verdict
        return self._check_unit_data(
            product, verdict, code.lot, code.expiry, code.serial, today, serial_packed
        )

    def refuse_scan(self, message: str) -> ScanVerdict:
        """A scan that is no readable barcode at all."""
        return ScanVerdict(ScanOutcome.INVALID_BARCODE, message)

    def _not_an_item(self, code: ScannedCode) -> ScanVerdict:
        unit_data = self.pending is not None
        message = says.not_an_item(code.kind, code.value, self.reference, unit_data)
        return ScanVerdict(ScanOutcome.NOT_AN_ITEM, message, symbology=code.symbology)

    def fill_pending(
        self, code: ScannedCode, product: Product, today: date, serial_packed: SerialPacked
    ) -> ScanVerdict:
        """The scan after "data needed" (``wants_unit_data``): the lot or serial number asked
        for, stored as scanned. ``product`` is the waiting unit's product."""
        pending = self.pending
        assert pending is not None
        value = _content(code)
        if len(value) > text.UNIT_DATA_MAX:
            return ScanVerdict(
                ScanOutcome.INVALID_BARCODE,
                says.too_long_for_unit_data(value, text.UNIT_DATA_MAX),
                symbology=code.symbology,
            )
        lot, serial = pending.lot, pending.serial
        if product.requires_lot and not lot:
            lot = value
        else:
            serial = value
        verdict = self._place(product, 1, code.symbology)
        if verdict.outcome is not ScanOutcome.ACCEPTED:
            self._set_pending(None)
            return verdict
        return self._check_unit_data(
            product, verdict, lot, pending.expiry, serial, today, serial_packed
        )

    def _place(self, product: Product, units: int, symbology: str | None) -> ScanVerdict:
        """Which line ``units`` of ``product`` go on, or why they go on none."""
        lines = [line for line in self.lines if line.product_id == product.id]
        if not lines:
            return ScanVerdict(
                ScanOutcome.WRONG_ITEM,
                says.wrong_item(product.title, self.reference),
                product_id=product.id,
                symbology=symbology,
            )
        open_lines = [line for line in lines if line.remaining >= units]
        if not open_lines:
            remaining = sum(max(line.remaining, 0) for line in lines)
            message = says.over_scan(product.title, units, remaining)
            return ScanVerdict(
                ScanOutcome.OVER_SCAN, message, product_id=product.id, symbology=symbology
            )
        line = open_lines[0]
        return ScanVerdict(
            ScanOutcome.ACCEPTED,
            says.counted(line.name, line.verified + units, line.quantity),
            line_id=line.id,
            units=units,
            product_id=product.id,
            symbology=symbology,
        )

    def _check_unit_data(
        self,
        product: Product,
        verdict: ScanVerdict,
        lot: str | None,
        expiry: date | None,
        serial: str | None,
        today: date,
        serial_packed: SerialPacked,
    ) -> ScanVerdict:
        """Expiry, and the lot and serial numbers a product requires (GS1 AIs 17, 10, 21)."""
        found = ScanVerdict(
            ScanOutcome.ACCEPTED,
            verdict.message,
            line_id=verdict.line_id,
            units=verdict.units,
            product_id=product.id,
            symbology=verdict.symbology,
            lot=lot,
            expiry=expiry,
            serial=serial,
        )
        if expiry is not None and expiry < today:
            self._set_pending(None)
            return replace(
                found,
                outcome=ScanOutcome.EXPIRED,
                message=says.expired(product.title, lot, expiry.isoformat()),
                line_id=None,
                units=0,
            )
        lot_missing = bool(product.requires_lot and not lot)
        serial_missing = bool(product.requires_serial and not serial)
        if lot_missing or serial_missing or (product.requires_serial and verdict.units > 1):
            self._set_pending(PendingUnit(product.id, lot, expiry, serial))
            return replace(
                found,
                outcome=ScanOutcome.DATA_NEEDED,
                message=says.data_needed(product.title, lot_missing, serial_missing),
                units=0,
            )
        self._set_pending(None)
        if serial and serial_packed(product.id, serial):
            return replace(
                found,
                outcome=ScanOutcome.DUPLICATE_SERIAL,
                message=says.serial_packed(serial, product.title),
                line_id=None,
                units=0,
            )
        return self._record(found)

    def _record(self, verdict: ScanVerdict) -> ScanVerdict:
        if verdict.outcome is ScanOutcome.ACCEPTED and verdict.line_id is not None:
            self._add_units(verdict.line_id, verdict.units)
        return verdict

    def undo(self, last: StandingScan | None) -> ScanVerdict:
        """Take back the last accepted scan (the unit goes back to the tote)."""
        if last is None:
            raise DomainError(says.NOTHING_TO_UNDO)
        line = self._add_units(last.line_id, -last.units)
        self._set_pending(None)
        return ScanVerdict(
            ScanOutcome.UNDO,
            says.undone(line.name, line.verified, line.quantity),
            line_id=line.id,
            units=-last.units,
        )

    def _add_units(self, line_id: int, units: int) -> OrderLine:
        for line in self.lines:
            if line.id == line_id:
                line.verified += units
                self.changes.line_units[line_id] = self.changes.line_units.get(line_id, 0) + units
                return line
        raise KeyError(line_id)

    def _set_pending(self, pending: PendingUnit | None) -> None:
        if pending != self.pending:
            self.pending = pending
            self.changes.row = True

    # -- completing --------------------------------------------------------------------------

    def complete(self, station_id: int) -> None:
        """Every unit verified: the order is packed and leaves the station."""
        self.check_workable_by(station_id)
        if not self.fully_verified:
            missing = [f"{line.remaining} x {line.sku}" for line in self.lines if line.remaining]
            count = self.units_expected - self.units_verified
            raise OrderIncomplete(says.units_missing(count, ", ".join(missing)))
        self.status = OrderStatus.PACKED
        self.claimed_by = None
        self.pending = None
        self.changes.row = True


def _content(code: ScannedCode) -> str:
    """What a lot or serial scan carries: the AI's value of a GS1 code, else the text as
    scanned (without the scanner's symbology identifier)."""
    if code.serial:
        return code.serial
    if code.lot:
        return code.lot
    raw = code.raw.strip()
    if code.symbology and raw.startswith(code.symbology):
        raw = raw[len(code.symbology) :].strip()
    return raw


def _shown(code: ScannedCode) -> str:
    return text.storable(_content(code), 40)
