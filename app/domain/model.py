"""The packing domain: orders, lines, scans and their outcomes. Plain Python, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


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

    @property
    def is_error(self) -> bool:
        return self not in (ScanOutcome.ACCEPTED, ScanOutcome.UNDO)


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


@dataclass(frozen=True)
class ScanDecision:
    """What one item scan does to an order: the outcome, the line it touches and by how much."""

    outcome: ScanOutcome
    message: str
    line_id: int | None = None
    units: int = 0


@dataclass
class Order:
    """An order as the station sees it while packing; ``lines`` carry the verified counts."""

    id: int
    reference: str
    status: OrderStatus
    lines: list[OrderLine] = field(default_factory=list)
    claimed_by_station_id: int | None = None
    hold_reason: str | None = None

    @property
    def units_expected(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def units_verified(self) -> int:
        return sum(min(line.verified, line.quantity) for line in self.lines)

    @property
    def fully_verified(self) -> bool:
        return bool(self.lines) and all(line.complete for line in self.lines)

    def check_workable_by(self, station_id: int) -> None:
        """Raise ``OrderUnavailable`` unless this station holds the order for packing."""
        from app.domain.errors import OrderUnavailable

        if self.status is OrderStatus.CANCELLED:
            raise OrderUnavailable(f"Order {self.reference} was cancelled. Do not ship it.")
        if self.status is OrderStatus.ON_HOLD:
            reason = f": {self.hold_reason}" if self.hold_reason else ""
            raise OrderUnavailable(f"Order {self.reference} is on hold{reason}.")
        if self.status is not OrderStatus.PACKING or self.claimed_by_station_id != station_id:
            raise OrderUnavailable(
                f"Order {self.reference} is not open at this station ({self.status.value})."
            )

    def decide_item_scan(self, product_id: int, units: int, sku: str) -> ScanDecision:
        """Decide the outcome of scanning ``units`` of a product (``units`` > 1 for a case).
        ``sku`` is how the product is named in messages.

        The order is not changed; ``apply`` does that once the decision is stored.
        """
        lines = [line for line in self.lines if line.product_id == product_id]
        if not lines:
            return ScanDecision(
                ScanOutcome.WRONG_ITEM,
                f"{sku} is not in order {self.reference}. Put it aside.",
            )
        open_lines = [line for line in lines if line.remaining >= units]
        if not open_lines:
            remaining = sum(max(line.remaining, 0) for line in lines)
            if remaining == 0:
                message = f"{sku} is already complete. Put this unit back."
            else:
                message = (
                    f"This barcode counts {units} units of {sku}, only {remaining} still needed."
                )
            return ScanDecision(ScanOutcome.OVER_SCAN, message)
        line = open_lines[0]
        return ScanDecision(
            ScanOutcome.ACCEPTED,
            f"{line.name}: {line.verified + units} of {line.quantity}",
            line_id=line.id,
            units=units,
        )

    def apply(self, line_id: int, units: int) -> OrderLine:
        """Add ``units`` (negative to undo) to the verified count of a line."""
        for line in self.lines:
            if line.id == line_id:
                line.verified += units
                return line
        raise KeyError(line_id)
