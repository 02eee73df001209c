"""The packing domain: orders, lines, scans and their outcomes. Plain Python, no I/O.

``Order`` is the write model. It decides whether a station may claim or work on it, what each
scan does (and records it), undo, hold and completion; services load an order, ask it, and
persist what it changed (``Order.changes``). Every rule and its message lives here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from app.domain import order_messages as says
from app.domain import text
from app.domain.barcodes import CodeKind, ScannedCode
from app.domain.errors import DomainError, OrderIncomplete, OrderUnavailable
from app.domain.lines import (
    KitComponent,
    OrderLine,
    PendingUnit,
    Product,
    SerialPacked,
    check_unit_data,
    content,
    place,
    shown,
    shown_value,
)
from app.domain.message import Message
from app.domain.packing_notes import PackingNotes
from app.domain.verdicts import ScanOutcome, ScanVerdict, StandingScan

_SERIAL_REFUSALS = (ScanOutcome.UNEXPECTED_SERIAL, ScanOutcome.DUPLICATE_SERIAL)

# Defined in app.domain.lines and app.domain.verdicts, still imported from here by most callers.
__all__ = [
    "KitComponent",
    "Order",
    "OrderChanges",
    "OrderLine",
    "OrderStatus",
    "PendingUnit",
    "Product",
    "Role",
    "ScanOutcome",
    "ScanVerdict",
    "SerialPacked",
    "StandingScan",
]


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


@dataclass
class OrderChanges:
    """What a use case changed on an order, for the repository to write: units added per
    line, and whether the order's own row (status, claim, hold, pending unit) changed."""

    line_units: dict[int, int] = field(default_factory=dict)
    row: bool = False


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
    notes: PackingNotes = field(default_factory=PackingNotes)
    changes: OrderChanges = field(default_factory=OrderChanges, compare=False, repr=False)

    # -- figures -----------------------------------------------------------------------------

    @property
    def units_expected(self) -> int:
        return sum(line.units_expected for line in self.lines)

    @property
    def units_verified(self) -> int:
        return sum(line.units_verified for line in self.lines)

    @property
    def fully_verified(self) -> bool:
        return bool(self.lines) and all(line.complete for line in self.lines)

    @property
    def destination(self) -> Message:
        """Where the finished parcel goes (a message: "cage" is translated at the station)."""
        return Message("cage {carrier}", carrier=self.carrier)

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
        kept = text.reason(reason, Message("hold reason"))
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
                says.unknown_barcode(shown(code)),
                symbology=code.symbology,
            )
        verdict = place(
            self.reference, self.lines, product, product.units, code.symbology, code.serial
        )
        if verdict.outcome is not ScanOutcome.ACCEPTED:
            return verdict
        found = replace(verdict, lot=code.lot, expiry=code.expiry, serial=code.serial)
        return self._check_unit_data(product, found, today, serial_packed)

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
        value = content(code)
        if len(value) > text.UNIT_DATA_MAX:
            return ScanVerdict(
                ScanOutcome.INVALID_BARCODE,
                says.too_long_for_unit_data(value, text.UNIT_DATA_MAX),
                symbology=code.symbology,
            )
        lot, serial = pending.lot, pending.serial
        serial_asked = not (product.requires_lot and not lot)
        if serial_asked:
            serial = value
        else:
            lot = value
        verdict = place(self.reference, self.lines, product, 1, code.symbology, serial)
        if verdict.outcome is not ScanOutcome.ACCEPTED:
            self._set_pending(None)
            return verdict
        found = replace(verdict, lot=lot, expiry=pending.expiry, serial=serial)
        checked = self._check_unit_data(product, found, today, serial_packed)
        if serial_asked and checked.outcome in _SERIAL_REFUSALS:
            # The serial scanned is refused, not the request: the next serial scanned answers
            # it (the packer puts this unit aside and scans another unit's serial).
            self._set_pending(replace(pending, lot=lot, serial=None))
            shown_serial = shown_value(value)
            if checked.outcome is ScanOutcome.UNEXPECTED_SERIAL:
                message = says.unexpected_serial(shown_serial, product.title, waiting=True)
            else:
                message = says.serial_packed(shown_serial, product.title, waiting=True)
            checked = replace(checked, message=message)
        return checked

    def _check_unit_data(
        self, product: Product, found: ScanVerdict, today: date, serial_packed: SerialPacked
    ) -> ScanVerdict:
        line = self._line(found.line_id) if found.line_id is not None else None
        checked = check_unit_data(product, line, found, today, serial_packed)
        self._set_pending(checked.pending)
        verdict = checked.verdict
        if verdict.outcome is ScanOutcome.ACCEPTED and line is not None:
            self._add_units(line, verdict.units, verdict.product_id)
            if verdict.serial and verdict.serial in line.expected_serials:
                line.serials_packed.append(verdict.serial)
        return verdict

    def undo(self, last: StandingScan | None) -> ScanVerdict:
        """Take back the last accepted scan (the unit goes back to the tote)."""
        if last is None:
            raise DomainError(says.NOTHING_TO_UNDO)
        line = self._line(last.line_id)
        self._add_units(line, -last.units, last.product_id)
        if last.serial in line.serials_packed:
            line.serials_packed.remove(last.serial)
        self._set_pending(None)
        part = line.component(last.product_id) if last.product_id is not None else None
        if part is not None:
            back = says.undone_part(
                line.name, part.name, part.scanned, part.per_kit * line.quantity
            )
        else:
            back = says.undone(line.name, line.verified, line.quantity)
        return ScanVerdict(
            ScanOutcome.UNDO,
            back,
            line_id=line.id,
            units=-last.units,
            product_id=last.product_id,
        )

    def _line(self, line_id: int) -> OrderLine:
        for line in self.lines:
            if line.id == line_id:
                return line
        raise KeyError(line_id)

    def _add_units(self, line: OrderLine, units: int, product_id: int | None) -> None:
        """``units`` more (or fewer) on ``line``; on a kit packed from its components, of the
        component ``product_id``: the line then counts the whole kits."""
        part = line.component(product_id) if product_id is not None else None
        if part is not None:
            part.scanned += units
            units = line.kits_complete() - line.verified
        line.verified += units
        if units:
            self.changes.line_units[line.id] = self.changes.line_units.get(line.id, 0) + units

    def _set_pending(self, pending: PendingUnit | None) -> None:
        if pending != self.pending:
            self.pending = pending
            self.changes.row = True

    # -- completing --------------------------------------------------------------------------

    def complete(self, station_id: int) -> None:
        """Every unit verified: the order is packed and leaves the station."""
        self.check_workable_by(station_id)
        if not self.fully_verified:
            missing = [
                f"{line.units_expected - line.units_verified} x {line.sku}"
                for line in self.lines
                if not line.complete
            ]
            count = self.units_expected - self.units_verified
            raise OrderIncomplete(says.units_missing(count, ", ".join(missing)))
        serials = [
            f"{line.sku} {', '.join(line.serials_left)}"
            for line in self.lines
            if line.serials_missing
        ]
        if serials:
            raise OrderIncomplete(says.serials_missing("; ".join(serials)))
        self.status = OrderStatus.PACKED
        self.claimed_by = None
        self.pending = None
        self.changes.row = True
