"""The figures as they were read before 0016, straight from the scan events and the audit
log: kept as the reference the roll-ups are tested against (the same day through both
must give the same numbers).

The figures of a range, added up in the database per group: packed orders (the audit log's
``complete`` entries, timed from the order's claim) with their lines and units and the
nearest-rank median and 90th percentile of their times (window functions, on SQLite too);
scans by outcome; quarter-hours in which a station scanned; holds by reason. Only one row per
group (and outcome, or reason) comes back: a week of scan events stays in the database."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.dialects.postgresql import array as postgresql_array

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.figures import QUARTER_S, Grouping, GroupTotals, Moments
from app.services.figures_ports import OFF_SHIFT, FiguresQuery

_FIT_MAX_S = 3600


class FiguresFromEvents(Repo):
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

    def _seconds_between(self, start: Any, end: Any) -> ColumnElement[Any]:
        if self.conn.dialect.name == "postgresql":
            return func.date_part("epoch", end - start)  # double precision, unlike EXTRACT
        return (func.julianday(end) - func.julianday(start)) * 86400.0

    def _quarter(self, at: Any) -> ColumnElement[Any]:
        if self.conn.dialect.name == "postgresql":
            # date_part is double precision: quicker than EXTRACT's numeric.
            return func.floor(func.date_part("epoch", at) / QUARTER_S)
        return cast(func.strftime("%s", at), Integer) // QUARTER_S

    # -- the counts ----------------------------------------------------------------------------

    def _orders(self, query: FiguresQuery) -> dict[Any, dict[str, Any]]:
        a, o, ln = t.audit_log, t.orders, t.order_lines
        completed = (
            a.c.action == "complete",
            a.c.entity == "order",
            a.c.at >= query.since,
            a.c.at < query.until,
        )
        # The orders packed in a range were imported close together: their rows and lines
        # are read by id range (an index range scan that does not grow with the history),
        # not by a scan of every order ever imported.
        # (With the count beside them PostgreSQL reads min and max off the range's index
        # entries, not by walking another index from one end.)
        count, low, high = self.conn.execute(
            select(func.count(), func.min(a.c.entity_id), func.max(a.c.entity_id)).where(*completed)
        ).one()
        if not count:
            return {}
        done = (
            select(
                self._group(query, a.c.at, a.c.user_id, a.c.station_id).label("g"),
                a.c.entity_id.label("order_id"),
                a.c.at,
            )
            .where(*completed)
            .cte("done")
        )
        sizes = (
            select(
                ln.c.order_id,
                func.count().label("lines"),
                func.sum(ln.c.quantity).label("units"),
            )
            .where(ln.c.order_id.between(low, high))
            .group_by(ln.c.order_id)
            .subquery("sizes")
        )
        claims = (
            select(o.c.id, o.c.claimed_at)
            .where(o.c.id.between(low, high), o.c.claimed_at.is_not(None))
            .subquery("claims")
        )
        sized = (
            select(
                done.c.g,
                self._seconds_between(claims.c.claimed_at, done.c.at).label("secs"),
                func.coalesce(sizes.c.lines, 0).label("lines"),
                func.coalesce(sizes.c.units, 0).label("units"),
            )
            .select_from(
                done.join(claims, claims.c.id == done.c.order_id).outerjoin(
                    sizes, sizes.c.order_id == done.c.order_id
                )
            )
            .cte("sized")
        )
        postgresql = self.conn.dialect.name == "postgresql"
        window = (
            ()
            if postgresql
            else (
                func.row_number().over(partition_by=sized.c.g, order_by=sized.c.secs).label("rn"),
                func.count().over(partition_by=sized.c.g).label("n"),
            )
        )
        ranked = select(sized.c.g, sized.c.secs, sized.c.lines, sized.c.units, *window).subquery(
            "ranked"
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
        in: one pass over the range's scans (the index alone on PostgreSQL)."""
        s = t.scan_events
        g = self._group(query, s.c.at, s.c.user_id, s.c.station_id).label("g")
        quarter = self._quarter(s.c.at).label("q")
        per = (
            select(g, s.c.station_id, s.c.user_id, quarter, s.c.outcome, func.count().label("n"))
            .where(s.c.at >= query.since, s.c.at < query.until)
            .group_by(g, s.c.station_id, s.c.user_id, quarter, s.c.outcome)
            .cte("per")
        )
        worked = select(per.c.g, per.c.station_id, per.c.user_id, per.c.q).distinct().subquery()
        stmt = union_all(
            select(literal("o").label("kind"), per.c.g, per.c.outcome, func.sum(per.c.n)).group_by(
                per.c.g, per.c.outcome
            ),
            select(literal("q"), worked.c.g, literal(None), func.count()).group_by(worked.c.g),
        )
        scans: dict[Any, dict[str, int]] = defaultdict(dict)
        quarters: dict[Any, int] = {}
        for kind, key, outcome, n in self.conn.execute(stmt):
            if kind == "o":
                scans[key][outcome] = int(n)
            else:
                quarters[key] = int(n)
        return scans, quarters

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
