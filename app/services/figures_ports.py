"""What the figures service needs from storage: the counts of a range, added up per group by
the database (a week of scan events never travels to Python)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.domain.figures import Grouping, GroupTotals, Period


@dataclass(frozen=True)
class FiguresQuery:
    """``[since, until)`` grouped by packer or station (one period: the range), or by the
    labels of ``periods`` (days, shifts); moments in no period count under ``OFF_SHIFT``."""

    since: datetime
    until: datetime
    grouping: Grouping
    periods: tuple[Period, ...]


OFF_SHIFT = "off shift"


class Figures(Protocol):
    def totals(self, query: FiguresQuery) -> Sequence[GroupTotals]:
        """One entry per group with anything in the range, by label."""
        ...
