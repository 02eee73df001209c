"""Box types, the box a barcode names, and the box to suggest for what is left to pack.

Plain Python, no I/O.

* A **box type** has a code (``M2``), inside dimensions in millimetres, a tare (the empty
  box's weight) and the heaviest parcel it may carry, in grams.
* Its **barcode** is the station's box prefix followed by the code (``BOXM2`` with the default
  prefix "BOX"): every internal code at a station is told apart by its prefix, so a box code can
  never be mistaken for a product's barcode. ``code_of`` reads the code back from a scan.
* The **suggestion** is the smallest box (by inside volume, then tare, then code) that takes
  the units: their volume fits in the box's volume times the fill factor (site setting
  ``box_fill_factor``, default 0.8: packing material and the shapes that do not tile), each unit
  fits in the box's inside dimensions in some orientation, and the units plus the tare weigh no
  more than the box's maximum. Units whose product has no dimensions make no suggestion (the
  packer chooses); units without a weight are not weighed against the maximum.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

from app.domain.errors import DomainError
from app.domain.message import Message

BOX_FILL_FACTOR: Final = "box_fill_factor"
DEFAULT_FILL_FACTOR: Final = Decimal("0.8")
FILL_FACTOR_MIN: Final = Decimal("0.1")
CODE_MAX: Final = 32
NAME_MAX: Final = 120
DIMENSION_MAX_MM: Final = 5_000
WEIGHT_MAX_G: Final = 1_000_000
CODE_PATTERN: Final = re.compile(r"[A-Z0-9][A-Z0-9_-]*")


class InvalidBox(DomainError):
    """A box type or a box setting that cannot be stored as given (the message says why)."""


@dataclass(frozen=True)
class BoxType:
    """A box type. ``code`` is upper case; dimensions are inside, in millimetres."""

    code: str
    length_mm: int
    width_mm: int
    height_mm: int
    tare_g: int
    max_weight_g: int
    name: str = ""
    active: bool = True

    @property
    def volume_mm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm

    @property
    def dimensions(self) -> tuple[int, int, int]:
        return _sorted3(self.length_mm, self.width_mm, self.height_mm)

    def describe(self) -> Message:
        """E.g. "M2 (300x200x150 mm, tare 250 g)", in the station's language where shown."""
        return Message(
            "{code} ({length}x{width}x{height} mm, tare {tare} g)",
            code=self.code,
            length=self.length_mm,
            width=self.width_mm,
            height=self.height_mm,
            tare=self.tare_g,
        )

    def problems(self) -> list[str]:
        """What is wrong with this box type, one problem per field ("length_mm: ...")."""
        found = []
        problem = code_problem(self.code)
        if problem is not None:
            found.append(f"code: {self.code!r} {problem}")
        if len(self.name) > NAME_MAX:
            found.append(f"name: longer than the {NAME_MAX} characters allowed")
        elif any(ord(c) < 32 for c in self.name):
            found.append("name: holds a control character")
        for key, value, low, high in (
            ("length_mm", self.length_mm, 1, DIMENSION_MAX_MM),
            ("width_mm", self.width_mm, 1, DIMENSION_MAX_MM),
            ("height_mm", self.height_mm, 1, DIMENSION_MAX_MM),
            ("tare_g", self.tare_g, 0, WEIGHT_MAX_G),
            ("max_weight_g", self.max_weight_g, 1, WEIGHT_MAX_G),
        ):
            if not low <= value <= high:
                found.append(f"{key}: {value} is not a whole number from {low} to {high:,}")
        if not found and self.max_weight_g <= self.tare_g:
            found.append(
                f"max_weight_g: {self.max_weight_g} is not more than the tare ({self.tare_g} g)"
            )
        return found

    def checked(self) -> BoxType:
        """This box type, or ``InvalidBox`` naming every problem."""
        problems = self.problems()
        if problems:
            raise InvalidBox(f"Box {self.code}: " + "; ".join(problems) + ".")
        return self


def code_problem(code: str) -> str | None:
    """Why ``code`` (upper case) is no box code, or None."""
    if not CODE_PATTERN.fullmatch(code) or len(code) > CODE_MAX:
        return f"is not a box code (1 to {CODE_MAX} letters, digits, - or _)"
    return None


def box_barcode(code: str, prefix: str) -> str:
    """The text of a box type's barcode: the station's box prefix and the code."""
    return f"{prefix}{code}".upper()


def code_of(scanned_value: str, prefix: str) -> str:
    """The box code in a scanned box barcode (``BOXM2`` -> ``M2``; case does not matter)."""
    value = scanned_value.strip().upper()
    prefix = prefix.upper()
    return value[len(prefix) :] if prefix and value.startswith(prefix) else value


def fill_factor(stored: str | None) -> Decimal:
    """The site's fill factor from its stored text; a value that does not parse (stored by
    hand) keeps the default."""
    try:
        return check_fill_factor(stored) if stored is not None else DEFAULT_FILL_FACTOR
    except InvalidBox:
        return DEFAULT_FILL_FACTOR


def check_fill_factor(value: str) -> Decimal:
    """The fill factor as given ("0.8"), or ``InvalidBox``: a decimal from 0.1 to 1."""
    try:
        number = Decimal(value.strip())
    except (InvalidOperation, ValueError):
        number = Decimal(-1)
    if not number.is_finite() or not FILL_FACTOR_MIN <= number <= 1:
        raise InvalidBox(
            f"{BOX_FILL_FACTOR} must be a decimal from {FILL_FACTOR_MIN} to 1 (such as 0.8), "
            f"not {value.strip()[:20]!r}."
        )
    return number.normalize() if number != 1 else Decimal(1)


@dataclass(frozen=True)
class UnitsToPack:
    """Units of one product still to pack, with the product's size and weight where known."""

    sku: str
    units: int
    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    weight_g: int | None = None

    @property
    def dimensions(self) -> tuple[int, int, int] | None:
        if self.length_mm is None or self.width_mm is None or self.height_mm is None:
            return None
        return _sorted3(self.length_mm, self.width_mm, self.height_mm)


@dataclass(frozen=True)
class BoxSuggestion:
    """The box to suggest (None: none), and the packer's line about it."""

    box: BoxType | None
    message: str
    units_volume_mm3: int | None = None
    units_weight_g: int | None = None


def suggest_box(
    boxes: Iterable[BoxType], units: Sequence[UnitsToPack], factor: Decimal = DEFAULT_FILL_FACTOR
) -> BoxSuggestion:
    """The smallest active box that takes ``units`` (see the module docstring)."""
    items = [item for item in units if item.units > 0]
    if not items:
        return BoxSuggestion(None, Message("Nothing left to pack: no box to suggest."))
    unknown = [item.sku for item in items if item.dimensions is None]
    if unknown:
        shown = ", ".join(unknown[:3]) + (" ..." if len(unknown) > 3 else "")
        return BoxSuggestion(
            None,
            Message("No box suggested: the size of {skus} is not known. Choose a box.", skus=shown),
        )
    volume = 0
    for item in items:
        length, width, height = item.dimensions or (0, 0, 0)
        volume += length * width * height * item.units
    weights = [item.weight_g * item.units for item in items if item.weight_g is not None]
    weight = sum(weights)
    candidates = sorted(
        (box for box in boxes if box.active),
        key=lambda box: (box.volume_mm3, box.tare_g, box.code),
    )
    if not candidates:
        nothing = Message("No box types are set up: choose any box.")
        return BoxSuggestion(None, nothing, volume, weight)
    for box in candidates:
        if volume > box.volume_mm3 * factor:
            continue
        if weight + box.tare_g > box.max_weight_g:
            continue
        if not all(_fits(item.dimensions or (0, 0, 0), box.dimensions) for item in items):
            continue
        share = round(100 * volume / box.volume_mm3)
        said = Message("Suggested box: {box}, {share}% full.", box=box.describe(), share=share)
        return BoxSuggestion(box, said, volume, weight)
    biggest = candidates[-1]
    if weight + biggest.tare_g > biggest.max_weight_g:
        said = Message(
            "No one box takes it all (too heavy for {box}): pack it in several parcels.",
            box=biggest.code,
        )
    else:
        said = Message(
            "No one box takes it all (too large for {box}): pack it in several parcels.",
            box=biggest.code,
        )
    return BoxSuggestion(None, said, volume, weight)


def _fits(item: tuple[int, int, int], box: tuple[int, int, int]) -> bool:
    """Whether a unit fits in a box turned to match it: both sorted, each side no longer."""
    return all(side <= inside for side, inside in zip(item, box, strict=True))


def _sorted3(a: int, b: int, c: int) -> tuple[int, int, int]:
    first, second, third = sorted((a, b, c))
    return first, second, third
