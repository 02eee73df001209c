"""Plain result objects the use cases return: safe to hand to the GUI thread and Qt models."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.model import Order, OrderLine, OrderStatus, Role, ScanOutcome, ScanVerdict
from app.domain.packing_notes import PackingNotes


@dataclass(frozen=True)
class Session:
    """Who works where: the signed-in user at this station."""

    station_id: int
    station_name: str
    user_id: int
    user_name: str
    role: Role
    language: str | None = None
    """The user's own language (None: the station's)."""


@dataclass(frozen=True)
class ComponentView:
    """A component of a kit line: ``needed`` units in all, ``scanned`` so far."""

    sku: str
    name: str
    needed: int
    scanned: int

    @property
    def complete(self) -> bool:
        return self.scanned >= self.needed


@dataclass(frozen=True)
class LineView:
    """A line as the screen shows it; a kit packed from its components lists them
    (``components``), a line with expected serials the ones not ticked off (``serials_left``)."""

    line_id: int
    line_no: int
    sku: str
    name: str
    quantity: int
    verified: int
    components: tuple[ComponentView, ...] = ()
    expected_serials: tuple[str, ...] = ()
    serials_left: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.verified >= self.quantity

    @property
    def units_expected(self) -> int:
        if self.components:
            return sum(c.needed for c in self.components)
        return self.quantity

    @property
    def units_verified(self) -> int:
        if self.components:
            return sum(min(c.scanned, c.needed) for c in self.components)
        return min(self.verified, self.quantity)

    @classmethod
    def of(cls, line: OrderLine) -> LineView:
        return cls(
            line.id,
            line.line_no,
            line.sku,
            line.name,
            line.quantity,
            line.verified,
            tuple(
                ComponentView(c.sku, c.name, c.per_kit * line.quantity, c.scanned)
                for c in line.components
            ),
            line.expected_serials,
            line.serials_left,
        )


@dataclass(frozen=True)
class OrderView:
    id: int
    reference: str
    status: OrderStatus
    carrier: str
    service: str
    lines: tuple[LineView, ...]
    notes: PackingNotes = field(default_factory=PackingNotes)

    @property
    def units_expected(self) -> int:
        return sum(line.units_expected for line in self.lines)

    @property
    def units_verified(self) -> int:
        return sum(line.units_verified for line in self.lines)

    @property
    def fully_verified(self) -> bool:
        return bool(self.lines) and all(line.complete for line in self.lines)

    @classmethod
    def of(cls, order: Order) -> OrderView:
        return cls(
            id=order.id,
            reference=order.reference,
            status=order.status,
            carrier=order.carrier,
            service=order.service,
            lines=tuple(LineView.of(line) for line in order.lines),
            notes=order.notes,
        )


@dataclass(frozen=True)
class ScanResult:
    """The one outcome of one scan (the domain's verdict), and the order as it stands after
    it was committed. ``repeated``: the scan was stored already (a retry); nothing changed."""

    scan_uid: str
    verdict: ScanVerdict
    order: OrderView
    repeated: bool = False

    @property
    def outcome(self) -> ScanOutcome:
        return self.verdict.outcome

    @property
    def message(self) -> str:
        return self.verdict.message

    @property
    def line_id(self) -> int | None:
        return self.verdict.line_id

    @property
    def units(self) -> int:
        return self.verdict.units


@dataclass(frozen=True)
class Completion:
    """An order completed: its parcel, the tracking number and the label job to print."""

    order: OrderView
    parcel_id: int
    tracking_number: str
    print_job_id: int
    destination: str


@dataclass(frozen=True)
class PrintReport:
    job_id: int
    state: str
    tracking_number: str
    destination: str
    preview_path: str | None
    error: str | None = None
