"""Figures of the floor: what a supervisor compares packers, stations, shifts and days by.

Pure rules only (the database adds up the counts): the shift table and which shift a moment
falls in, the periods a range divides into, the nearest-rank percentile, the work content of
an order (the complexity-adjusted rate) and its calibration, and the rows the console shows.

The complexity-adjusted rate. An order with more lines and more units takes longer to pack,
so orders per hour rewards whoever packs single-unit orders. The work content of an order is
``a + b * lines + c * units`` seconds; ``a``, ``b`` and ``c`` are fitted by least squares to
the packed orders of the range (claim to complete, orders over ``MAX_FIT_S`` left out), so
that the time per work unit is as flat as the data allow across small and big orders (a
coefficient the fit makes negative is dropped and the rest refitted; with fewer than
``MIN_FIT_ORDERS`` orders the defaults ``DEFAULT_WORK`` are used). One work unit is the work
content of the range's average order, so over the whole range work units per hour equal
orders per hour; a group's work units per hour is ``(a * orders + b * lines + c * units) /
(average order's content) / worked hours``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from app.domain.errors import DomainError

MAX_RANGE_DAYS: Final = 31
MIN_FIT_ORDERS: Final = 30
MAX_FIT_S: Final = 3600.0
#: Worked time is counted in quarter-hours in which a station scanned.
QUARTER_S: Final = 900


class FiguresRefused(DomainError):
    """A range, grouping or shift table the figures cannot be computed for."""


class Grouping(StrEnum):
    PACKER = "packer"
    STATION = "station"
    SHIFT = "shift"
    DAY = "day"


@dataclass(frozen=True)
class Shift:
    """A named shift in local time; ``end`` at or before ``start`` runs past midnight."""

    name: str
    start: time
    end: time

    def contains(self, moment: time) -> bool:
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end


DEFAULT_SHIFTS: Final = (
    Shift("early", time(6), time(14)),
    Shift("late", time(14), time(22)),
    Shift("night", time(22), time(6)),
)
_SHIFT = re.compile(r"^\s*([\w -]{1,20}?)\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


def parse_shifts(text: str) -> tuple[Shift, ...]:
    """A shift table as a site writes it: ``early 06:00-14:00; late 14:00-22:00``."""
    shifts: list[Shift] = []
    for part in (p for p in text.split(";") if p.strip()):
        match = _SHIFT.match(part)
        if match is None:
            raise FiguresRefused(f"Shift {part.strip()!r}: write it as name HH:MM-HH:MM.")
        name, h1, m1, h2, m2 = match.groups()
        try:
            shift = Shift(name.strip(), time(int(h1), int(m1)), time(int(h2), int(m2)))
        except ValueError:
            raise FiguresRefused(f"Shift {part.strip()!r}: not a time of day.") from None
        for other in shifts:
            if other.name == shift.name or _overlap(other, shift):
                raise FiguresRefused(f"Shifts {other.name} and {shift.name} overlap.")
        shifts.append(shift)
    if not shifts:
        raise FiguresRefused("The shift table is empty.")
    return tuple(shifts)


def _overlap(one: Shift, other: Shift) -> bool:
    return one.contains(other.start) or other.contains(one.start)


def shift_of(moment: datetime, shifts: Sequence[Shift]) -> str | None:
    """The name of the shift a (local) moment falls in; None between shifts."""
    clock = moment.time().replace(tzinfo=None)
    return next((shift.name for shift in shifts if shift.contains(clock)), None)


@dataclass(frozen=True)
class Period:
    """A stretch of time ``[start, end)`` (UTC) whose figures add up under
    ``label``."""

    label: str
    start: datetime
    end: datetime


def _midnight(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(), zone)


def periods(
    since: datetime,
    until: datetime,
    grouping: Grouping,
    shifts: Sequence[Shift] = DEFAULT_SHIFTS,
    zone: tzinfo | None = None,
) -> tuple[Period, ...]:
    """The periods of ``[since, until)`` for a grouping: the whole range for packers and
    stations, one per local day, or every shift of every day (shifts of the same name share
    their label). ``zone`` is the site's time zone (the machine's when None)."""
    if since.tzinfo is None or until.tzinfo is None:
        raise FiguresRefused("Give the range with a time zone.")
    if until <= since:
        raise FiguresRefused("The range ends before it starts.")
    if until - since > timedelta(days=MAX_RANGE_DAYS):
        raise FiguresRefused(f"Choose a range of at most {MAX_RANGE_DAYS} days.")
    if grouping in (Grouping.PACKER, Grouping.STATION):
        return (Period("", since, until),)
    local = zone or since.astimezone().tzinfo
    assert local is not None
    first = since.astimezone(local).date() - timedelta(days=1)
    last = until.astimezone(local).date()
    found: list[Period] = []
    day = first
    while day <= last:
        if grouping is Grouping.DAY:
            spans = [
                (
                    day.strftime("%Y-%m-%d %a"),
                    _midnight(day, local),
                    _midnight(day + timedelta(days=1), local),
                )
            ]
        else:
            spans = [
                (
                    shift.name,
                    datetime.combine(day, shift.start, local),
                    datetime.combine(
                        day + timedelta(days=0 if shift.start < shift.end else 1), shift.end, local
                    ),
                )
                for shift in shifts
            ]
        for label, begins, ends in spans:
            # In UTC: aware datetimes of one zone compare and subtract by the wall clock.
            start = max(begins.astimezone(UTC), since.astimezone(UTC))
            end = min(ends.astimezone(UTC), until.astimezone(UTC))
            if start < end:
                found.append(Period(label, start, end))
        day += timedelta(days=1)
    return tuple(found)


def nearest_rank(count: int, percent: int) -> int:
    """The 1-based rank of the ``percent`` percentile among ``count`` sorted values (the
    nearest-rank method; the database computes the same rank)."""
    return max(1, (count * percent + 99) // 100)


def percentile(values: Sequence[float], percent: int) -> float | None:
    """The nearest-rank percentile: the smallest value with at least ``percent`` % of the
    values at or below it; None for no values."""
    if not values:
        return None
    return sorted(values)[nearest_rank(len(values), percent) - 1]


@dataclass(frozen=True)
class WorkContent:
    """Seconds of work an order carries: ``per_order + per_line * lines + per_unit * units``."""

    per_order_s: float
    per_line_s: float
    per_unit_s: float
    fitted: bool = False

    def seconds(self, orders: float, lines: float, units: float) -> float:
        return self.per_order_s * orders + self.per_line_s * lines + self.per_unit_s * units


DEFAULT_WORK: Final = WorkContent(30.0, 10.0, 5.0)


@dataclass
class Moments:
    """Sums over packed orders for the least-squares fit of seconds on lines and units."""

    n: float = 0.0
    lines: float = 0.0
    units: float = 0.0
    lines2: float = 0.0
    units2: float = 0.0
    lines_units: float = 0.0
    secs: float = 0.0
    lines_secs: float = 0.0
    units_secs: float = 0.0

    def add(self, other: Moments) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _solve(matrix: list[list[float]], rhs: list[float]) -> list[float] | None:
    """Gaussian elimination with partial pivoting; None when (nearly) singular."""
    size = len(rhs)
    rows = [[*row, value] for row, value in zip(matrix, rhs, strict=True)]
    for col in range(size):
        pivot = max(range(col, size), key=lambda r: abs(rows[r][col]))
        if abs(rows[pivot][col]) < 1e-9:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(size):
            if r != col:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return [rows[i][size] / rows[i][i] for i in range(size)]


def calibrate(moments: Moments, fallback: WorkContent = DEFAULT_WORK) -> WorkContent:
    """The work content that makes time per work unit flattest over these orders (least
    squares, no negative coefficient); ``fallback`` with too few orders to fit."""
    if moments.n < MIN_FIT_ORDERS:
        return fallback
    m = moments
    # Terms: 0 = per order (constant), 1 = per line, 2 = per unit.
    gram = [
        [m.n, m.lines, m.units],
        [m.lines, m.lines2, m.lines_units],
        [m.units, m.lines_units, m.units2],
    ]
    rhs = [m.secs, m.lines_secs, m.units_secs]
    terms = [0, 1, 2]
    while terms:
        solved = _solve([[gram[i][j] for j in terms] for i in terms], [rhs[i] for i in terms])
        if solved is None:
            terms = terms[:-1]
            continue
        if all(value >= 0 for value in solved):
            coef = dict(zip(terms, solved, strict=True))
            return WorkContent(coef.get(0, 0.0), coef.get(1, 0.0), coef.get(2, 0.0), fitted=True)
        worst = min(range(len(terms)), key=lambda k: solved[k])
        terms = [term for k, term in enumerate(terms) if k != worst]
    return fallback


#: The error scans and their causes, in the words of the floor: exactly these (issue 10's
#: list). A scan that is refused but is no error of the packer's is counted as a scan, not as an
#: error: data needed (the station asks for a serial or lot), refused while an error is
#: unacknowledged, not an item (a slip, badge or tote), a serial not on the line's list.
ERROR_CAUSES: Final[dict[str, str]] = {
    "wrong_item": "wrong item",
    "over_scan": "over-scan",
    "unknown_barcode": "unknown",
    "invalid_barcode": "invalid",
    "expired": "expired",
    "duplicate_serial": "duplicate serial",
    "weight_refused": "weight",
    "refused_keyed": "keyed entry",
}
#: Scans that are not counted at all (an undo takes a scan back).
NOT_SCANS: Final = frozenset({"undo"})


def cause(outcome: str) -> str | None:
    """The error cause a stored scan outcome counts under, or None for a scan that is no error
    scan. Every weighing refusal counts as "weight", every refused keyed entry as "keyed
    entry" (outcomes a later version may add under those names)."""
    if outcome in ERROR_CAUSES:
        return ERROR_CAUSES[outcome]
    if "weight" in outcome:
        return "weight"
    if "keyed" in outcome:
        return "keyed entry"
    return None


@dataclass(frozen=True)
class GroupTotals:
    """What the database adds up for one group: packed orders with their lines and units and
    the median and 90th percentile of claim-to-complete seconds; scans by outcome; holds by
    reason; quarter-hours in which a station scanned."""

    label: str
    orders: int = 0
    lines: int = 0
    units: int = 0
    median_s: float | None = None
    p90_s: float | None = None
    worked_quarters: int = 0
    scans: Mapping[str, int] = field(default_factory=dict)
    holds: Mapping[str, int] = field(default_factory=dict)
    moments: Moments = field(default_factory=Moments)


@dataclass(frozen=True)
class FigureRow:
    label: str
    orders: int
    lines: int
    units: int
    hours: float
    orders_per_hour: float | None
    units_per_hour: float | None
    lines_per_order: float | None
    median_s: float | None
    p90_s: float | None
    scans: int
    errors_per_100: Mapping[str, float]
    holds: Mapping[str, int]
    work_units: float
    work_units_per_hour: float | None

    @property
    def error_rate(self) -> float:
        return sum(self.errors_per_100.values())


def _per(value: float, by: float) -> float | None:
    return value / by if by > 0 else None


def figure_rows(groups: Sequence[GroupTotals], work: WorkContent) -> list[FigureRow]:
    """One row per group, in the order given, with rates, error scans per 100 scans by cause
    and work units (see the module's notes)."""
    orders = sum(g.orders for g in groups)
    average = (
        work.seconds(
            1, sum(g.lines for g in groups) / orders, sum(g.units for g in groups) / orders
        )
        if orders
        else 0.0
    )
    rows = []
    for g in groups:
        hours = g.worked_quarters * QUARTER_S / 3600
        scans = sum(n for outcome, n in g.scans.items() if outcome not in NOT_SCANS)
        errors: dict[str, float] = {}
        for outcome, n in sorted(g.scans.items()):
            why = cause(outcome)
            if why is not None and scans:
                errors[why] = errors.get(why, 0.0) + 100 * n / scans
        earned = work.seconds(g.orders, g.lines, g.units) / average if average > 0 else 0.0
        rows.append(
            FigureRow(
                label=g.label,
                orders=g.orders,
                lines=g.lines,
                units=g.units,
                hours=hours,
                orders_per_hour=_per(g.orders, hours),
                units_per_hour=_per(g.units, hours),
                lines_per_order=_per(g.lines, g.orders),
                median_s=g.median_s,
                p90_s=g.p90_s,
                scans=scans,
                errors_per_100=errors,
                holds=dict(g.holds),
                work_units=earned,
                work_units_per_hour=_per(earned, hours),
            )
        )
    return rows


def rounded(value: float | None, digits: int = 1) -> str:
    """A figure as text: ``""`` for none."""
    if value is None or math.isnan(value):
        return ""
    return f"{value:.{digits}f}"
