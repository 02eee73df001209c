"""An order's lines and the rules of one unit on them: which line a scanned unit goes on (a
kit's component included), and the lot, expiry and serial numbers it must carry. Plain Python.

Split from ``app.domain.model`` (which re-exports every name): ``Order`` keeps its state and
asks these functions. A line may list the serials the order system expects on it
(``expected_serials``): a unit of it then needs a serial, one of those, each ticked off once.
A kit packed from its components (``components``) expects each component scanned one by one;
the line counts a kit when all of one kit's components are in (``verified`` is whole kits); its
expected serials are those of its components that require one. A pre-packed kit's line knows its
components (``prepacked_parts``) only to tell a packer who scans one of them on its own to scan
the kit's barcode instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from app.domain import order_messages as says
from app.domain import text
from app.domain.barcodes import ScannedCode
from app.domain.verdicts import ScanOutcome, ScanVerdict

SerialPacked = Callable[[int, str], bool]
"""Asks whether an accepted, not undone scan already packed ``serial`` of product ``id``."""


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


@dataclass
class KitComponent:
    """One component of a kit line: ``per_kit`` units in each kit, ``scanned`` units of it
    scanned on the line so far (accepted, not undone)."""

    product_id: int
    sku: str
    name: str
    per_kit: int
    scanned: int = 0
    requires_serial: bool = False


@dataclass
class OrderLine:
    id: int
    line_no: int
    product_id: int
    sku: str
    name: str
    quantity: int
    verified: int = 0
    expected_serials: tuple[str, ...] = ()
    serials_packed: list[str] = field(default_factory=list)
    components: tuple[KitComponent, ...] = ()
    prepacked_parts: frozenset[int] = frozenset()

    @property
    def remaining(self) -> int:
        return self.quantity - self.verified

    @property
    def complete(self) -> bool:
        return self.verified >= self.quantity

    @property
    def serials_left(self) -> tuple[str, ...]:
        """The expected serials not ticked off yet, in the order system's order."""
        return tuple(s for s in self.expected_serials if s not in self.serials_packed)

    @property
    def units_expected(self) -> int:
        """Units to scan: a kit packed from components counts its components' units."""
        if self.components:
            return sum(c.per_kit * self.quantity for c in self.components)
        return self.quantity

    @property
    def serial_units(self) -> int:
        """Units that carry a serial of their own: a kit's components that require one, else
        every unit of the line."""
        if self.components:
            return sum(c.per_kit * self.quantity for c in self.components if c.requires_serial)
        return self.quantity

    @property
    def serials_missing(self) -> bool:
        """True while fewer expected serials are ticked off than the line's units can carry."""
        ticked = len(self.expected_serials) - len(self.serials_left)
        return ticked < min(len(self.expected_serials), self.serial_units)

    @property
    def units_verified(self) -> int:
        if self.components:
            return sum(min(c.scanned, c.per_kit * self.quantity) for c in self.components)
        return min(self.verified, self.quantity)

    def component_remaining(self, component: KitComponent) -> int:
        return component.per_kit * self.quantity - component.scanned

    def kits_complete(self) -> int:
        """Whole kits whose every component is in."""
        return min((c.scanned // c.per_kit for c in self.components), default=0)

    def component(self, product_id: int) -> KitComponent | None:
        return next((c for c in self.components if c.product_id == product_id), None)


def place(
    reference: str,
    lines: Sequence[OrderLine],
    product: Product,
    units: int,
    symbology: str | None,
    serial: str | None = None,
) -> ScanVerdict:
    """Which line ``units`` of ``product`` go on, or why they go on none. A unit whose serial
    is known goes on a line expecting that serial where there is one."""
    direct = [line for line in lines if line.product_id == product.id and not line.components]
    in_kits = [line for line in lines if line.component(product.id) is not None]
    if not direct and not in_kits:
        kits = [line for line in lines if line.product_id == product.id]
        boxed = [line for line in lines if product.id in line.prepacked_parts]
        if kits:
            names = ", ".join(c.sku for c in kits[0].components)
            message = says.kit_by_components(product.title, reference, names)
        elif boxed:
            kit = boxed[0]
            message = says.scan_the_kit(product.title, f"{kit.name} ({kit.sku})", reference)
        else:
            message = says.wrong_item(product.title, reference)
        return ScanVerdict(
            ScanOutcome.WRONG_ITEM, message, product_id=product.id, symbology=symbology
        )
    open_lines = [line for line in direct if line.remaining >= units]
    if serial is not None:
        open_lines.sort(key=lambda line: serial not in line.expected_serials)
    open_kits = [
        line for line in in_kits if line.component_remaining(_known(line, product)) >= units
    ]
    if serial is not None:
        open_kits.sort(key=lambda line: serial not in line.expected_serials)
    if open_lines:
        line = open_lines[0]
        return ScanVerdict(
            ScanOutcome.ACCEPTED,
            says.counted(line.name, line.verified + units, line.quantity),
            line_id=line.id,
            units=units,
            product_id=product.id,
            symbology=symbology,
        )
    if open_kits:
        line = open_kits[0]
        part = _known(line, product)
        return ScanVerdict(
            ScanOutcome.ACCEPTED,
            says.counted_part(
                line.name, part.name, part.scanned + units, part.per_kit * line.quantity
            ),
            line_id=line.id,
            units=units,
            product_id=product.id,
            symbology=symbology,
        )
    remaining = sum(max(line.remaining, 0) for line in direct) + sum(
        max(line.component_remaining(_known(line, product)), 0) for line in in_kits
    )
    message = says.over_scan(product.title, units, remaining)
    return ScanVerdict(ScanOutcome.OVER_SCAN, message, product_id=product.id, symbology=symbology)


def _known(line: OrderLine, product: Product) -> KitComponent:
    found = line.component(product.id)
    assert found is not None
    return found


@dataclass(frozen=True)
class UnitCheck:
    """What ``check_unit_data`` decided: the verdict, and the unit left waiting for its lot
    or serial number (None: none waits any more)."""

    verdict: ScanVerdict
    pending: PendingUnit | None = None


def needs_serial(product: Product, line: OrderLine | None) -> bool:
    """A serial is needed where the product requires one, and on a line (not a kit's)
    listing the serials it must ship."""
    if product.requires_serial:
        return True
    return line is not None and bool(line.expected_serials) and not line.components


def check_unit_data(
    product: Product,
    line: OrderLine | None,
    found: ScanVerdict,
    today: date,
    serial_packed: SerialPacked,
) -> UnitCheck:
    """Expiry, the lot and serial numbers a unit must carry (GS1 AIs 17, 10, 21), and its
    serial against the line's expected serials. ``found`` is the accepted placement carrying
    what the scan (and any earlier one waiting) gave."""
    lot, expiry, serial = found.lot, found.expiry, found.serial
    if expiry is not None and expiry < today:
        return UnitCheck(
            replace(
                found,
                outcome=ScanOutcome.EXPIRED,
                message=says.expired(product.title, lot, expiry.isoformat()),
                line_id=None,
                units=0,
            )
        )
    serial_needed = needs_serial(product, line)
    lot_missing = bool(product.requires_lot and not lot)
    serial_missing = bool(serial_needed and not serial)
    if lot_missing or serial_missing or (serial_needed and found.units > 1):
        return UnitCheck(
            replace(
                found,
                outcome=ScanOutcome.DATA_NEEDED,
                message=says.data_needed(product.title, lot_missing, serial_missing),
                units=0,
            ),
            PendingUnit(product.id, lot, expiry, serial),
        )
    if (
        serial
        and line is not None
        and line.expected_serials
        and serial not in line.expected_serials
    ):
        return UnitCheck(
            replace(
                found,
                outcome=ScanOutcome.UNEXPECTED_SERIAL,
                message=says.unexpected_serial(shown_value(serial), product.title),
                line_id=None,
                units=0,
            )
        )
    if serial and serial_packed(product.id, serial):
        return UnitCheck(
            replace(
                found,
                outcome=ScanOutcome.DUPLICATE_SERIAL,
                message=says.serial_packed(serial, product.title),
                line_id=None,
                units=0,
            )
        )
    if serial and line is not None and line.expected_serials:
        left = [s for s in line.serials_left if s != serial]
        found = replace(found, message=says.serial_ticked(found.message, serial, ", ".join(left)))
    return UnitCheck(found)


def content(code: ScannedCode) -> str:
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


def shown(code: ScannedCode) -> str:
    return shown_value(content(code))


def shown_value(value: str) -> str:
    return text.storable(value, 40)
