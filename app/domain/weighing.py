"""What a scale says: a stable weight in whole grams, "moving", or why there is no weight.

Only a ``STABLE`` reading is a weight a label or a weight check may use. Weights are integer
grams everywhere; a scale's own figure (``1.234 kg``, ``2.75 lb``, ``10.4 oz``) is converted
exactly with ``to_grams``:

* the figure is read as a ``Decimal`` (never a float), so ``1.234`` is exactly 1234/1000;
* 1 kg = 1000 g, 1 lb = 453.59237 g (exact, by the international yard and pound agreement of
  1959), 1 oz = 1/16 lb = 28.349523125 g (exact);
* the product is rounded to whole grams half to even (``ROUND_HALF_EVEN``: 0.5 g -> 0 g,
  1.5 g -> 2 g), so rounding never drifts one way over many parcels. 1 lb = 454 g,
  1 oz = 28 g, 0.1 oz = 3 g, 2.75 lb = 1247 g.

A negative stable weight (the scale was zeroed with something on it) is not a parcel's weight:
it is reported as ``UNDERLOAD`` with the figure in the detail.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Final

from app.domain.errors import DomainError
from app.domain.message import Message

GRAMS_PER_POUND = Decimal("453.59237")
GRAMS_PER_UNIT: dict[str, Decimal] = {
    "g": Decimal(1),
    "kg": Decimal(1000),
    "lb": GRAMS_PER_POUND,
    "oz": GRAMS_PER_POUND / 16,  # 28.349523125, exact
}
#: Spellings scales use for the same units (case is ignored).
UNIT_ALIASES: dict[str, str] = {"lbs": "lb", "#": "lb", "gr": "g", "kgs": "kg"}

#: The continuous-output pattern of CAS scales (and many others): ``ST,GS,+  1.500kg``.
DEFAULT_PATTERN = (
    r"(?P<status>ST|US|OL|UL),(?:GS|NT|TR|GW|NW),\s*(?P<weight>[+-]?\s*[\d.]+)\s*"
    r"(?P<unit>kg|g|lb|oz)"
)
#: What the ``status`` group of a continuous-output pattern may say (upper case).
STATUS_STABLE = frozenset({"ST", "S", "STABLE"})
STATUS_MOVING = frozenset({"US", "D", "M", "MOTION"})
STATUS_OVERLOAD = frozenset({"OL", "O", "+"})
STATUS_UNDERLOAD = frozenset({"UL", "U", "-"})


class ScaleError(DomainError):
    """The scale cannot give a weight (for ``packbench scale read``): the message says why."""


#: No packing scale weighs more (1 t): a larger figure is refused as not a plausible reading.
MAX_READING_G: Final = 1_000_000

#: What a scale's readings say, in the station's language (drivers use these as ``detail``).
OVER_CAPACITY = Message("over capacity: take the parcel off")
UNDER_ZERO = Message("under zero: zero the scale")


class ReadingKind(enum.StrEnum):
    STABLE = "stable"
    MOVING = "moving"
    OVERLOAD = "overload"
    UNDERLOAD = "underload"
    ERROR = "error"  # the scale reports a fault, or answers what cannot be read
    NO_ANSWER = "no answer"  # connected, but the scale does not reply
    DISCONNECTED = "disconnected"


@dataclass(frozen=True)
class ScaleReading:
    """One reading. ``grams`` is the weight for ``STABLE`` (and the passing figure for
    ``MOVING`` where the scale sends one); ``detail`` says more in floor words."""

    kind: ReadingKind
    grams: int | None = None
    detail: str = ""

    def __post_init__(self) -> None:
        if self.kind is ReadingKind.STABLE and (self.grams is None or self.grams < 0):
            raise ValueError("a stable reading needs a weight of 0 g or more")

    @property
    def stable(self) -> bool:
        return self.kind is ReadingKind.STABLE

    @classmethod
    def weighed(cls, grams: int, stable: bool) -> ScaleReading:
        """A weight from the scale: stable, moving, or (below zero) underload; a figure no
        packing scale shows (more than ``MAX_READING_G`` either way: a garbled reply, a wrong
        unit or protocol) is an error, never a weight."""
        if abs(grams) > MAX_READING_G:
            return cls(
                ReadingKind.ERROR,
                detail=Message(
                    "{grams} g is not a plausible reading (at most {limit} g): check the scale",
                    grams=grams,
                    limit=MAX_READING_G,
                ),
            )
        if stable and grams < 0:
            return cls(
                ReadingKind.UNDERLOAD,
                grams,
                Message("below zero ({grams} g): zero the scale", grams=grams),
            )
        return cls(ReadingKind.STABLE if stable else ReadingKind.MOVING, grams)

    def describe(self) -> Message:
        """E.g. "1234 g", "moving (1200 g)", "overload: over capacity: take the parcel off"
        (a ``Message``: the station shows it in its language)."""
        if self.kind is ReadingKind.STABLE:
            return Message("{grams} g", grams=self.grams)
        text = _KIND_WORDS[self.kind]
        if self.kind is ReadingKind.MOVING and self.grams is not None:
            text = Message("moving ({grams} g)", grams=self.grams)
        if self.detail:
            return Message("{reading}: {detail}", reading=text, detail=self.detail)
        return text


_KIND_WORDS: Final = {
    ReadingKind.STABLE: Message("stable"),
    ReadingKind.MOVING: Message("moving"),
    ReadingKind.OVERLOAD: Message("overload"),
    ReadingKind.UNDERLOAD: Message("underload"),
    ReadingKind.ERROR: Message("error"),
    ReadingKind.NO_ANSWER: Message("no answer"),
    ReadingKind.DISCONNECTED: Message("disconnected"),
}


def normal_unit(unit: str) -> str | None:
    """``unit`` as one of g, kg, lb, oz; None if it is none of them."""
    word = unit.strip().lower()
    word = UNIT_ALIASES.get(word, word)
    return word if word in GRAMS_PER_UNIT else None


def to_grams(value: Decimal | str | int, unit: str) -> int:
    """``value`` in ``unit`` (g, kg, lb, oz and their aliases) as whole grams, exactly
    (see the module docstring). Raises ``ValueError`` for an unknown unit or a value that
    is not a plain decimal number."""
    known = normal_unit(unit)
    if known is None:
        raise ValueError(f"unknown weight unit {unit!r}")
    if isinstance(value, str):
        value = parse_decimal(value)
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"not a weight: {value!r}")
    grams = (number * GRAMS_PER_UNIT[known]).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return int(grams)


_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)")


def parse_decimal(text: str) -> Decimal:
    """A scale's figure such as ``-  1.234``, ``+0001.50`` or ``12``: a sign (spaces may follow
    it) and digits with at most one point. Raises ``ValueError`` for anything else."""
    compact = re.sub(r"(?<=[+-])\s+", "", text.strip())
    if not _DECIMAL.fullmatch(compact):
        raise ValueError(f"not a weight: {text!r}")
    try:
        return Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise ValueError(f"not a weight: {text!r}") from exc


def pattern_problem(pattern: str) -> str | None:
    """What is wrong with a continuous-output pattern (None: nothing). It must be a regular
    expression with the named groups ``weight``, ``unit`` and ``status`` (the scale's
    stable / motion / overload flag: without it a moving weight could pass as stable)."""
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        return f"is not a regular expression ({exc})"
    missing = [name for name in ("weight", "unit", "status") if name not in compiled.groupindex]
    if missing:
        return "needs the named groups (?P<weight>...), (?P<unit>...) and (?P<status>...); " + (
            f"missing {', '.join(missing)}"
        )
    if compiled.match(""):
        return "matches empty text"
    return None


def reading_from_match(match: re.Match[str]) -> ScaleReading:
    """A continuous-output frame matched by a pattern (see ``pattern_problem``) as a reading."""
    status = (match.group("status") or "").strip().upper()
    unit, figure = match.group("unit") or "", match.group("weight") or ""
    if status in STATUS_OVERLOAD:
        return ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY)
    if status in STATUS_UNDERLOAD:
        return ScaleReading(ReadingKind.UNDERLOAD, detail=UNDER_ZERO)
    if status not in STATUS_STABLE | STATUS_MOVING:
        return ScaleReading(
            ReadingKind.ERROR, detail=Message("unknown status {status}", status=repr(status))
        )
    try:
        grams = to_grams(figure, unit)
    except ValueError as exc:
        return ScaleReading(ReadingKind.ERROR, detail=str(exc))
    return ScaleReading.weighed(grams, status in STATUS_STABLE)
