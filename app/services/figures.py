"""Figures for supervisors: orders, units and lines per hour, time per order, error scans by
cause, holds by reason and the complexity-adjusted rate, per packer, station, shift or day
over a range. Role-checked here; read-only."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo

from app.domain import figures
from app.domain.errors import NotAllowed
from app.domain.exports import csv_text
from app.domain.figures import DEFAULT_SHIFTS, FigureRow, Grouping, Moments, Shift, WorkContent
from app.services.boxes import BoxUse, box_use
from app.services.figures_ports import FiguresQuery
from app.services.ports import UnitOfWorkFactory
from app.services.results import Session


@dataclass(frozen=True)
class FiguresReport:
    since: datetime
    until: datetime
    grouping: Grouping
    rows: list[FigureRow]
    work: WorkContent

    @property
    def causes(self) -> list[str]:
        """Every error cause any row has, in a stable order."""
        return sorted({c for row in self.rows for c in row.errors_per_100})

    @property
    def hold_reasons(self) -> list[str]:
        return sorted({r for row in self.rows for r in row.holds})


class FiguresService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        shifts: Sequence[Shift] = DEFAULT_SHIFTS,
        zone: tzinfo | None = None,
    ) -> None:
        self._uow = uow
        self._shifts = tuple(shifts)
        self._zone = zone

    def box_use(self, session: Session, since: datetime, until: datetime) -> list[BoxUse]:
        """Parcels closed per box type per day (``app.services.boxes.box_use``)."""
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can see the figures.")
        zone = self._zone or datetime.now().astimezone().tzinfo
        assert zone is not None
        return box_use(self._uow, since, until, zone)

    def figures(
        self, session: Session, since: datetime, until: datetime, grouping: Grouping
    ) -> FiguresReport:
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can see the figures.")
        spans = figures.periods(since, until, grouping, self._shifts, self._zone)
        with self._uow(read_only=True) as uow:
            groups = list(uow.figures.totals(FiguresQuery(since, until, grouping, spans)))
        moments = Moments()
        for group in groups:
            moments.add(group.moments)
        work = figures.calibrate(moments)
        return FiguresReport(since, until, grouping, figures.figure_rows(groups, work), work)

    @staticmethod
    def as_csv(report: FiguresReport) -> str:
        """The report as CSV text, one row per group (text cells a spreadsheet would run are
        escaped)."""
        causes, reasons = report.causes, report.hold_reasons
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(
            [
                report.grouping.value,
                "orders",
                "lines",
                "units",
                "worked_hours",
                "orders_per_hour",
                "units_per_hour",
                "lines_per_order",
                "median_s",
                "p90_s",
                "work_units_per_hour",
                "scans",
                "errors_per_100",
                *(f"errors_per_100: {csv_text(c)}" for c in causes),
                *(f"holds: {csv_text(r)}" for r in reasons),
            ]
        )
        r = figures.rounded
        for row in report.rows:
            writer.writerow(
                [
                    csv_text(row.label),
                    row.orders,
                    row.lines,
                    row.units,
                    r(row.hours, 2),
                    r(row.orders_per_hour),
                    r(row.units_per_hour),
                    r(row.lines_per_order, 2),
                    r(row.median_s, 0),
                    r(row.p90_s, 0),
                    r(row.work_units_per_hour),
                    row.scans,
                    r(row.error_rate, 2),
                    *(r(row.errors_per_100.get(c, 0.0), 2) for c in causes),
                    *(row.holds.get(reason, 0) for reason in reasons),
                ]
            )
        return out.getvalue()
