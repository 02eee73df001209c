"""An order as an orders file (or the database) gives it, and its fields' sizes. Plain Python,
shared by the orders file reader, the change rules and order intake's repository."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, NamedTuple

#: Column sizes of the orders tables.
SIZES: Final = {
    "reference": 64,
    "slip": 64,
    "channel": 64,
    "carrier": 32,
    "service": 32,
    "ship_to_name": 120,
    "ship_to_company": 120,
    "ship_to_line1": 200,
    "ship_to_line2": 200,
    "ship_to_line3": 200,
    "ship_to_postcode": 20,
    "ship_to_city": 120,
    "ship_to_region": 64,
    "ship_to_country": 2,
    "ship_to_phone": 32,
    "ship_to_email": 254,
    "notes": 1000,
    "gift_message": 500,
    "packing_instructions": 1000,
    "label_tracking": 64,
    "label_file": 500,
    "sku": 64,
    "serial": 20,
    "tote": 64,
    "status": 16,
}
QUANTITY_MAX: Final = 10_000
PRIORITY_MAX: Final = 1_000
#: The statuses a file may give; ``cancelled`` only for an order already imported.
STATUSES: Final = ("received", "ready", "cancelled")
CANCELLED: Final = "cancelled"

#: Fields printed on the label (or that choose it): changed after packing, the order is held.
SHIPPING: Final = (
    "carrier",
    "service",
    "ship_to_name",
    "ship_to_company",
    "ship_to_line1",
    "ship_to_line2",
    "ship_to_line3",
    "ship_to_postcode",
    "ship_to_city",
    "ship_to_region",
    "ship_to_country",
    "label_tracking",
    "label_format",
    "label_data",
)
#: Fields that change nothing already packed: applied to an order in any open state.
HARMLESS: Final = (
    "slip",
    "channel",
    "priority",
    "cut_off",
    "ship_to_phone",
    "ship_to_email",
    "notes",
    "gift_message",
    "packing_instructions",
    "notes_important",
)

_COMPARED: Final = (
    "slip",
    "channel",
    "priority",
    "cut_off",
    "carrier",
    "service",
    "ship_to_name",
    "ship_to_company",
    "ship_to_line1",
    "ship_to_line2",
    "ship_to_line3",
    "ship_to_postcode",
    "ship_to_city",
    "ship_to_region",
    "ship_to_country",
    "ship_to_phone",
    "ship_to_email",
    "notes",
    "gift_message",
    "packing_instructions",
    "notes_important",
    "label_tracking",
    "label_format",
    "label_data",
)


class IntakeLine(NamedTuple):
    """One order line: a SKU, its quantity, and the serial numbers expected where known."""

    sku: str
    quantity: int
    serials: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderRecord:
    """An order as a file (or the database) gives it. ``where`` (where it was read) and
    ``label_file`` (a path the database does not keep) are not compared."""

    reference: str
    slip: str
    status: str
    priority: int
    cut_off: datetime | None
    carrier: str
    service: str
    ship_to_name: str
    ship_to_line1: str
    ship_to_line2: str
    ship_to_postcode: str
    ship_to_city: str
    ship_to_country: str
    lines: tuple[IntakeLine, ...]
    totes: tuple[str, ...] = ()
    label_tracking: str | None = None
    label_format: str | None = None
    label_data: bytes | None = None
    channel: str = ""
    ship_to_company: str = ""
    ship_to_line3: str = ""
    ship_to_region: str = ""
    ship_to_phone: str = ""
    ship_to_email: str = ""
    notes: str = ""
    gift_message: str = ""
    packing_instructions: str = ""
    notes_important: bool = False
    label_file: str | None = field(default=None, compare=False)
    where: str = field(default="", compare=False)

    @property
    def cancelled(self) -> bool:
        return self.status == CANCELLED

    def differences(self, other: OrderRecord) -> list[str]:
        """The fields of ``other`` that differ from this one (the status is not compared:
        a file's ``received`` or ``ready`` is where a new order starts)."""
        changed = [n for n in _COMPARED if getattr(self, n) != getattr(other, n)]
        if self.lines != other.lines:
            changed.append("lines")
        if set(self.totes) != set(other.totes):
            changed.append("totes")
        return changed


@dataclass(frozen=True)
class StoredOrder:
    """An order as order intake finds it in the database. ``started``: units of it were
    scanned (its lines are referenced by scans and cannot be replaced)."""

    id: int
    status: str
    claimed: bool
    record: OrderRecord
    started: bool = False
    hold_reason: str | None = None


@dataclass(frozen=True)
class OrderUpdate:
    """A stored order to overwrite with the file's fields; ``lines``: its lines too."""

    order_id: int
    record: OrderRecord
    lines: bool = True
