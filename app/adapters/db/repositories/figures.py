"""The figures of a range, added up in the database per group, from the rows triggers keep
as work is written (migration 0016): ``order_figures`` (a row per completed order: who, where,
when, lines, units and seconds from its claim) with the nearest-rank median and 90th
percentile of the seconds (window functions, on SQLite too); ``scan_quarters`` (scans per
quarter-hour, station, packer and outcome) and ``worked_quarters`` (the quarter-hours in
which a packer scanned at a station) for the scans by outcome and the worked time; holds by
reason from the audit log. A day of 100 stations is about 100,000 of these rows, not its
scan events; only one row per group (and outcome, or reason) comes back.
``tests/support/figures_from_events.py`` keeps the reading from the scan events and the audit
log that these must agree with."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import array as postgresql_array

from app.adapters.db import figure_tables as rollups
from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.figures import QUARTER_S, Grouping, GroupTotals, Moments
from app.services.figures_ports import OFF_SHIFT, FiguresQuery

_FIT_MAX_S = 3600


class SqlFigures(Repo):
    def totals(self, query: FiguresQuery) -> Sequence[GroupTotals]:
        self._tune()
        orders = self._orders(query)
        scans, quarters = self._scans(query)
        holds = self._holds(query)
        names = self._names(query.grouping)
        keys = set(orders) | set(scans) | set(quarters) | set(holds)
        found = []
        for key in keys:
            done = orders.get(key, {})
            found.append(
                GroupTotals(
                    label=_label(key, names, query.grouping),
                    orders=int(done.get("orders", 0)),
                    lines=int(done.get("lines", 0)),
                    units=int(done.get("units", 0)),
                    median_s=_float(done.get("median_s")),
                    p90_s=_float(done.get("p90_s")),
                    worked_quarters=quarters.get(key, 0),
                    scans=scans.get(key, {}),
                    holds=holds.get(key, {}),
                    moments=done.get("moments", Moments()),
                )
            )
        return sorted(found, key=lambda g: _order_key(query, g.label))

    def _tune(self) -> None:
        """PostgreSQL: memory to sort and hash a day of orders without spilling to disk, and
        no JIT (compiling the plan costs more than these queries run), for this read only."""
        if self.conn.dialect.name == "postgresql":
            self.conn.exec_driver_sql("SET LOCAL work_mem = '64MB'")
            self.conn.exec_driver_sql("SET LOCAL jit = off")

    # -- the grouping ------------------------------------------------------------------------

    def _group(self, query: FiguresQuery, at: Any, user: Any, station: Any) -> ColumnElement[Any]:
        if query.grouping is Grouping.PACKER:
            return user  # type: ignore[no-any-return]
        if query.grouping is Grouping.STATION:
            return station  # type: ignore[no-any-return]
        return case(
            *((and_(at >= p.start, at < p.end), literal(p.label)) for p in query.periods),
            else_=literal(OFF_SHIFT),
        )

    def _names(self, grouping: Grouping) -> dict[Any, str]:
        if grouping is Grouping.PACKER:
            table = t.users
        elif grouping is Grouping.STATION:
            table = t.stations
        else:
            return {}
        rows = self.conn.execute(select(table.c.id, table.c.name)).all()
        taken: dict[str, int] = defaultdict(int)
        for row in rows:
            taken[row.name] += 1
        return {
            row.id: row.name if taken[row.name] == 1 else f"{row.name} (#{row.id})" for row in rows
        }

    # -- dialect differences -------------------------------------------------------------------

    def _quarter(self, at: Any) -> ColumnElement[Any]:
        if self.conn.dialect.name == "postgresql":
            # date_part is double precision: quicker than EXTRACT's numeric.
            return func.floor(func.date_part("epoch", at) / QUARTER_S)
        return cast(func.strftime("%s", at), Integer) // QUARTER_S

    # -- the counts ----------------------------------------------------------------------------

    def _orders(self, query: FiguresQuery) -> dict[Any, dict[str, Any]]:
        f = rollups.order_figures
        postgresql = self.conn.dialect.name == "postgresql"
        g = self._group(query, f.c.at, f.c.user_id, f.c.station_id).label("g")
        window = (
            ()
            if postgresql
            else (
                func.row_number().over(partition_by=g, order_by=f.c.secs).label("rn"),
                func.count().over(partition_by=g).label("n"),
            )
        )
        ranked = (
            select(g, f.c.secs, f.c.lines, f.c.units, *window)
            .where(f.c.at >= query.since, f.c.at < query.until)
            .subquery("ranked")
        )
        r = ranked.c
        fit = r.secs <= _FIT_MAX_S

        def fit_sum(value: Any) -> ColumnElement[Any]:
            return func.sum(case((fit, value), else_=0))

        def at_rank(percent: int) -> ColumnElement[Any]:
            # app.domain.figures.nearest_rank in SQL: (n * p + 99) / 100, integer division.
            rank = (r.n * percent + 99) // 100
            return func.max(case((r.rn == rank, r.secs)))

        if postgresql:  # percentile_disc is the nearest-rank percentile; one sort for both
            both = func.percentile_disc(postgresql_array([0.5, 0.9])).within_group(r.secs)
            percentiles: tuple[ColumnElement[Any], ...] = (both.label("percentiles"),)
        else:
            percentiles = (at_rank(50).label("median_s"), at_rank(90).label("p90_s"))

        stmt = select(
            r.g,
            func.count().label("orders"),
            func.sum(r.lines).label("lines"),
            func.sum(r.units).label("units"),
            *percentiles,
            fit_sum(1).label("m_n"),
            fit_sum(r.lines).label("m_l"),
            fit_sum(r.units).label("m_u"),
            fit_sum(r.lines * r.lines).label("m_ll"),
            fit_sum(r.units * r.units).label("m_uu"),
            fit_sum(r.lines * r.units).label("m_lu"),
            fit_sum(r.secs).label("m_t"),
            fit_sum(r.lines * r.secs).label("m_lt"),
            fit_sum(r.units * r.secs).label("m_ut"),
        ).group_by(r.g)
        found: dict[Any, dict[str, Any]] = {}
        for row in self.conn.execute(stmt):
            found[row.g] = {
                "orders": row.orders,
                "lines": row.lines,
                "units": row.units,
                "median_s": row.percentiles[0] if postgresql else row.median_s,
                "p90_s": row.percentiles[1] if postgresql else row.p90_s,
                "moments": Moments(
                    *(
                        float(v or 0)
                        for v in (
                            row.m_n,
                            row.m_l,
                            row.m_u,
                            row.m_ll,
                            row.m_uu,
                            row.m_lu,
                            row.m_t,
                            row.m_lt,
                            row.m_ut,
                        )
                    )
                ),
            }
        return found

    def _scans(self, query: FiguresQuery) -> tuple[dict[Any, dict[str, int]], dict[Any, int]]:
        """Scans by group and outcome, and the quarter-hours each group's stations scanned
        in. Whole quarter-hours of one period come from ``scan_quarters``; a quarter-hour cut
        by the range's or a period's edge (a shift starting at 06:10) from its scan events."""
        whole, cut = quarters_of(query)
        scans: dict[Any, dict[str, int]] = defaultdict(dict)
        quarters: dict[Any, int] = defaultdict(int)
        parts = []
        if whole is not None:
            parts.append(self._rolled_up(query, *whole, cut))
        if cut:
            parts.append(self._cut_quarters(query, cut))
        for stmt in parts:
            for kind, key, outcome, n in self.conn.execute(stmt):
                if kind == "o":
                    scans[key][outcome] = scans[key].get(outcome, 0) + int(n)
                else:
                    quarters[key] += int(n)
        return scans, dict(quarters)

    def _rolled_up(self, query: FiguresQuery, low: int, high: int, cut: list[int]) -> Any:
        q, w = rollups.scan_quarters, rollups.worked_quarters

        def wanted(table: Any) -> list[ColumnElement[bool]]:
            found = [table.c.quarter >= low, table.c.quarter < high]
            if cut:
                found.append(table.c.quarter.not_in(cut))
            return found

        g, gw = self._quarter_group(query, q), self._quarter_group(query, w)
        return union_all(
            select(literal("o").label("kind"), g.label("g"), q.c.outcome, func.sum(q.c.n))
            .where(*wanted(q))
            .group_by(g, q.c.outcome),
            select(literal("q"), gw.label("g"), literal(None), func.count())
            .where(*wanted(w))
            .group_by(gw),
        )

    @staticmethod
    def _quarter_group(query: FiguresQuery, table: Any) -> ColumnElement[Any]:
        """The group of a whole quarter-hour: it lies wholly in the period of its start."""
        if query.grouping is Grouping.PACKER:
            return table.c.user_id  # type: ignore[no-any-return]
        if query.grouping is Grouping.STATION:
            return table.c.station_id  # type: ignore[no-any-return]
        start = table.c.quarter * QUARTER_S
        return case(
            *(
                (and_(start >= _epoch(p.start), start < _epoch(p.end)), literal(p.label))
                for p in query.periods
            ),
            else_=literal(OFF_SHIFT),
        )

    def _cut_quarters(self, query: FiguresQuery, cut: list[int]) -> Any:
        s = t.scan_events
        g = self._group(query, s.c.at, s.c.user_id, s.c.station_id).label("g")
        quarter = self._quarter(s.c.at).label("q")
        spans = [
            and_(
                s.c.at >= max(query.since, _moment(n)),
                s.c.at < min(query.until, _moment(n + 1)),
            )
            for n in cut
        ]
        per = (
            select(g, s.c.station_id, s.c.user_id, quarter, s.c.outcome, func.count().label("n"))
            .where(or_(*spans))
            .group_by(g, s.c.station_id, s.c.user_id, quarter, s.c.outcome)
            .cte("per_cut")
        )
        worked = select(per.c.g, per.c.station_id, per.c.user_id, per.c.q).distinct().subquery()
        return union_all(
            select(literal("o").label("kind"), per.c.g, per.c.outcome, func.sum(per.c.n)).group_by(
                per.c.g, per.c.outcome
            ),
            select(literal("q"), worked.c.g, literal(None), func.count()).group_by(worked.c.g),
        )

    def _holds(self, query: FiguresQuery) -> dict[Any, dict[str, int]]:
        a = t.audit_log
        g = self._group(query, a.c.at, a.c.user_id, a.c.station_id).label("g")
        stmt = (
            select(g, a.c.detail, func.count().label("n"))
            .where(
                a.c.action == "hold",
                a.c.entity == "order",
                a.c.at >= query.since,
                a.c.at < query.until,
            )
            .group_by(g, a.c.detail)
        )
        found: dict[Any, dict[str, int]] = defaultdict(dict)
        for row in self.conn.execute(stmt):
            found[row.g][row.detail or "(no reason)"] = int(row.n)
        return found


def _epoch(moment: datetime) -> int:
    """Whole seconds since 1970 (the edges of periods are whole seconds)."""
    return math.floor(moment.timestamp())


def _moment(quarter: int) -> datetime:
    return datetime.fromtimestamp(quarter * QUARTER_S, UTC)


def quarters_of(query: FiguresQuery) -> tuple[tuple[int, int] | None, list[int]]:
    """The quarter-hours ``[low, high)`` the range's scans fall in, and those of them cut by
    the range's edges or a period's (their scans are read one by one); None when there are
    none whole."""
    low = _epoch(query.since) // QUARTER_S
    high = -(-math.ceil(query.until.timestamp()) // QUARTER_S)
    edges = {query.since, query.until}
    if query.grouping not in (Grouping.PACKER, Grouping.STATION):
        edges.update(moment for p in query.periods for moment in (p.start, p.end))
    cut = sorted(
        {
            math.floor(edge.timestamp()) // QUARTER_S
            for edge in edges
            if edge.timestamp() % QUARTER_S and query.since <= edge <= query.until
        }
    )
    whole = (low, high) if high - low > len(cut) else None
    return whole, cut


def _label(key: Any, names: dict[Any, str], grouping: Grouping) -> str:
    if key is None:
        return "(system)" if grouping in (Grouping.PACKER, Grouping.STATION) else OFF_SHIFT
    return names.get(key, str(key))


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _order_key(query: FiguresQuery, label: str) -> tuple[int, str]:
    """Days and shifts in the order of the range, off shift last; packers and stations by
    name."""
    if query.grouping in (Grouping.PACKER, Grouping.STATION):
        return (0, label.casefold())
    first = next((i for i, p in enumerate(query.periods) if p.label == label), None)
    return (len(query.periods) if first is None else first, label)
