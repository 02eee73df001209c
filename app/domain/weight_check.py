"""The weight check before a parcel's label: is what the scale says what the parcel should weigh?

Plain Python, no I/O. The service gathers the figures; this decides, once:

* **Expected weight** = the products in the parcel (``weight_g`` each, times the units) + the
  box's tare. Where a product has no weight the expected weight is unknown and only a learned
  range (below) can check the parcel.
* **Fixed tolerance** (site settings ``weight_tolerance_g`` and ``weight_tolerance_pct``): the
  reading may be off the expected weight by the larger of the absolute and the relative
  allowance ("50 g or 5 %, whichever is more").
* **Learned range**: where at least ``LEARNED_MINIMUM`` earlier parcels had the same content
  and box, their mean and standard deviation. A reading is refused when it is off their mean by
  more than ``LEARNED_PCT`` % *and* by more than ``LEARNED_SIGMAS`` standard deviations (so a
  very steady product is not refused for a few grams, nor a spread-out one for its spread).
* Both apply where both exist: the accepted range is where both accept.

A refusal's message carries the figures: "1.52 kg, expected 1.20-1.30 kg: check the parcel".
"""

from __future__ import annotations

import hashlib
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from app.domain import text
from app.domain.errors import DomainError
from app.domain.message import Message

WEIGHT_TOLERANCE_G: Final = "weight_tolerance_g"
WEIGHT_TOLERANCE_PCT: Final = "weight_tolerance_pct"
DEFAULT_TOLERANCE_G: Final = 50
DEFAULT_TOLERANCE_PCT: Final = 5
LEARNED_MINIMUM: Final = 3
LEARNED_PCT: Final = 5
LEARNED_SIGMAS: Final = 2
LEARNED_WINDOW: Final = 50
"""How many of the latest parcels alike make the learned range."""


class WeightRefused(DomainError):
    """A weight that cannot go on the label as it is (the message says why)."""


@dataclass(frozen=True)
class Tolerance:
    """The site's fixed tolerance: grams and per cent of the expected weight."""

    grams: int = DEFAULT_TOLERANCE_G
    percent: int = DEFAULT_TOLERANCE_PCT

    @classmethod
    def of(cls, grams: str | None, percent: str | None) -> Tolerance:
        """From the site settings' text; a value that does not parse keeps the default."""
        return cls(
            _whole(grams, DEFAULT_TOLERANCE_G, 100_000), _whole(percent, DEFAULT_TOLERANCE_PCT, 100)
        )

    def allowance(self, expected_g: int) -> int:
        return max(self.grams, (expected_g * self.percent + 50) // 100)


def check_tolerance_setting(key: str, value: str) -> str:
    """A site setting's value as stored; raises ``WeightRefused`` for one out of bounds."""
    limit = 100 if key == WEIGHT_TOLERANCE_PCT else 100_000
    cleaned = value.strip()
    if not cleaned.isdigit() or int(cleaned) > limit:
        raise WeightRefused(f"{key} must be a whole number from 0 to {limit}.")
    return str(int(cleaned))


def _whole(value: str | None, default: int, limit: int) -> int:
    if value is None or not value.strip().isdigit():
        return default
    return min(int(value.strip()), limit)


@dataclass(frozen=True)
class ParcelItem:
    """Units of one product in a parcel, with the product's weight (None: not known)."""

    product_id: int
    units: int
    weight_g: int | None


def expected_weight(items: Iterable[ParcelItem], tare_g: int = 0) -> int | None:
    """The products' weights plus the box's tare; None when any product's weight is unknown
    or the parcel holds nothing."""
    total = tare_g
    seen = False
    for item in items:
        if item.units <= 0:
            continue
        if item.weight_g is None:
            return None
        total += item.weight_g * item.units
        seen = True
    return total if seen else None


def content_key(items: Iterable[ParcelItem], box_code: str | None = None) -> str | None:
    """What a parcel holds, as a short key: the same products in the same numbers (and the
    same box) give the same key. None for an empty parcel."""
    counts: dict[int, int] = {}
    for item in items:
        counts[item.product_id] = counts.get(item.product_id, 0) + item.units
    parts = [f"{product}x{units}" for product, units in sorted(counts.items()) if units > 0]
    if not parts:
        return None
    digest = hashlib.sha256((";".join(parts) + f"|{box_code or ''}").encode()).hexdigest()
    return digest[:40]


@dataclass(frozen=True)
class LearnedRange:
    """The weights of earlier parcels alike: their mean and (sample) standard deviation."""

    count: int
    mean_g: float
    spread_g: float

    @classmethod
    def of(cls, weights: Sequence[int]) -> LearnedRange | None:
        """None with fewer than ``LEARNED_MINIMUM`` weights."""
        if len(weights) < LEARNED_MINIMUM:
            return None
        return cls(len(weights), statistics.fmean(weights), statistics.stdev(weights))

    def bounds(self) -> tuple[int, int]:
        """The readings it accepts: off the mean by at most the larger of 5 % and 2 sigma."""
        allowance = max(self.mean_g * LEARNED_PCT / 100, LEARNED_SIGMAS * self.spread_g)
        return _floor(self.mean_g - allowance), _ceil(self.mean_g + allowance)


@dataclass(frozen=True)
class WeightCheck:
    """The verdict on one reading: ``accepted``, the range that was allowed (None: nothing to
    check against) and the message for the packer."""

    weight_g: int
    accepted: bool
    low_g: int | None = None
    high_g: int | None = None
    expected_g: int | None = None
    learned: LearnedRange | None = None
    message: str = ""

    @property
    def checked(self) -> bool:
        return self.low_g is not None


def check_weight(
    weight_g: int,
    expected_g: int | None,
    tolerance: Tolerance,
    learned: LearnedRange | None = None,
) -> WeightCheck:
    """Decide ``weight_g`` (a stable reading) against the expected weight and the learned
    range (see the module docstring)."""
    if weight_g < 0:
        raise WeightRefused(
            Message("{weight} g is below zero: zero the scale and weigh again.", weight=weight_g)
        )
    ranges: list[tuple[int, int]] = []
    if expected_g is not None:
        allowance = tolerance.allowance(expected_g)
        ranges.append((max(0, expected_g - allowance), expected_g + allowance))
    if learned is not None:
        ranges.append(learned.bounds())
    if not ranges:
        return WeightCheck(weight_g, True, expected_g=expected_g, message=f"{kg(weight_g)}")
    low = max(r[0] for r in ranges)
    high = min(r[1] for r in ranges)
    if low > high:  # the catalogue and the history disagree: the history has seen parcels
        assert learned is not None
        low, high = learned.bounds()
    accepted = low <= weight_g <= high
    if accepted:
        message = Message(
            "{weight}: weight checked ({span}).", weight=kg(weight_g), span=_span(low, high)
        )
    else:
        message = Message(
            "{weight}, expected {span}: check the parcel",
            weight=kg(weight_g),
            span=_span(low, high),
        )
    return WeightCheck(weight_g, accepted, low, high, expected_g, learned, message)


def override_reason(reason: str) -> str:
    """A supervisor's reason for shipping a parcel whose weight was refused."""
    return text.reason(reason, Message("reason for accepting the weight"))


def kg(grams: int) -> str:
    """Grams in kilograms with two decimals, as the packer reads them: "1.52 kg"."""
    hundredths = (grams + 5) // 10 if grams >= 0 else -((-grams + 5) // 10)
    whole, part = divmod(abs(hundredths), 100)
    sign = "-" if hundredths < 0 else ""
    return f"{sign}{whole}.{part:02d} kg"


def _span(low: int, high: int) -> str:
    return f"{kg(low).removesuffix(' kg')}-{kg(high)}"


def _floor(value: float) -> int:
    return int(value // 1)


def _ceil(value: float) -> int:
    return -int(-value // 1)
