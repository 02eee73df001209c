"""figures kept up as work is written: a row per completed order (who, where, when, lines,
units, seconds from the claim), scans per quarter-hour, station, packer and outcome, and the
quarter-hours each packer scanned in at each station; filled by triggers, backfilled from the
history

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = sa.DateTime(timezone=True)

# The quarter-hour of a moment and the seconds between two, as the figures always computed
# them on each database (the same expressions, so the same buckets and the same floats).
_QUARTER = {
    "postgresql": "floor(date_part('epoch', {at}) / 900)::bigint",
    "sqlite": "CAST(strftime('%s', {at}) AS INTEGER) / 900",
}
_SECONDS = {
    "postgresql": "date_part('epoch', {end} - {start})",
    "sqlite": "(julianday({end}) - julianday({start})) * 86400.0",
}
_SIZE = (
    "(SELECT count(*) FROM order_lines l WHERE l.order_id = o.id), "
    "(SELECT coalesce(sum(l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id)"
)


def _completed(dialect: str, audit: str) -> str:
    """The order_figures row of the ``complete`` entry ``audit`` (a row or ``NEW``)."""
    seconds = _SECONDS[dialect].format(end=f"{audit}.at", start="o.claimed_at")
    return (
        "INSERT INTO order_figures (audit_id, order_id, at, user_id, station_id, secs, lines, "
        f"units) SELECT {audit}.id, o.id, {audit}.at, {audit}.user_id, {audit}.station_id, "
        f"{seconds}, {_SIZE} FROM orders o WHERE o.id = {audit}.entity_id "
        "AND o.claimed_at IS NOT NULL"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "order_figures",
        sa.Column("audit_id", Id, autoincrement=False, nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("user_id", Id, nullable=True),
        sa.Column("station_id", Id, nullable=True),
        sa.Column("secs", sa.Double(), nullable=False),
        sa.Column("lines", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("audit_id", name=op.f("pk_order_figures")),
    )
    op.create_index(
        "ix_order_figures_at",
        "order_figures",
        ["at"],
        postgresql_include=["user_id", "station_id", "secs", "lines", "units"],
    )
    op.create_table(
        "scan_quarters",
        sa.Column("quarter", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("station_id", Id, autoincrement=False, nullable=False),
        sa.Column("user_id", Id, autoincrement=False, nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "quarter", "station_id", "user_id", "outcome", name=op.f("pk_scan_quarters")
        ),
    )
    op.create_table(
        "worked_quarters",
        sa.Column("quarter", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("station_id", Id, autoincrement=False, nullable=False),
        sa.Column("user_id", Id, autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint(
            "quarter", "station_id", "user_id", name=op.f("pk_worked_quarters")
        ),
    )
    # The triggers first: in this transaction nothing is written between them and the
    # backfill (creating a trigger locks its table against writes until the commit).
    quarter = _QUARTER[dialect]
    if dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION packbench_scan_quarters() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN INSERT INTO scan_quarters AS q (quarter, station_id, user_id, outcome, n) "
            f"SELECT {quarter.format(at='at')}, station_id, user_id, outcome, count(*) "
            "FROM fresh GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4 "
            "ON CONFLICT (quarter, station_id, user_id, outcome) DO UPDATE SET n = q.n + "
            "EXCLUDED.n; "
            "INSERT INTO worked_quarters (quarter, station_id, user_id) "
            f"SELECT DISTINCT {quarter.format(at='at')}, station_id, user_id FROM fresh "
            "ORDER BY 1, 2, 3 ON CONFLICT DO NOTHING; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER scan_events_quarters AFTER INSERT ON scan_events "
            "REFERENCING NEW TABLE AS fresh FOR EACH STATEMENT "
            "EXECUTE FUNCTION packbench_scan_quarters()"
        )
        op.execute(
            "CREATE FUNCTION packbench_order_figures() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_completed(dialect, 'NEW')}; RETURN NULL; END $$"
        )
        op.execute(
            "CREATE TRIGGER audit_log_order_figures AFTER INSERT ON audit_log FOR EACH ROW "
            "WHEN (NEW.action = 'complete' AND NEW.entity = 'order') "
            "EXECUTE FUNCTION packbench_order_figures()"
        )
    else:
        op.execute(
            "CREATE TRIGGER scan_events_quarters AFTER INSERT ON scan_events BEGIN "
            "INSERT INTO scan_quarters (quarter, station_id, user_id, outcome, n) VALUES "
            f"({quarter.format(at='NEW.at')}, NEW.station_id, NEW.user_id, NEW.outcome, 1) "
            "ON CONFLICT (quarter, station_id, user_id, outcome) DO UPDATE SET n = n + 1; "
            "INSERT INTO worked_quarters (quarter, station_id, user_id) VALUES "
            f"({quarter.format(at='NEW.at')}, NEW.station_id, NEW.user_id) "
            "ON CONFLICT DO NOTHING; END"
        )
        op.execute(
            "CREATE TRIGGER audit_log_order_figures AFTER INSERT ON audit_log "
            "WHEN NEW.action = 'complete' AND NEW.entity = 'order' BEGIN "
            f"{_completed(dialect, 'NEW')}; END"
        )
    # The history: every scan and every completion so far.
    op.execute(
        "INSERT INTO scan_quarters (quarter, station_id, user_id, outcome, n) "
        f"SELECT {quarter.format(at='at')}, station_id, user_id, outcome, count(*) "
        "FROM scan_events GROUP BY 1, 2, 3, 4"
    )
    op.execute(
        "INSERT INTO worked_quarters (quarter, station_id, user_id) "
        "SELECT DISTINCT quarter, station_id, user_id FROM scan_quarters"
    )
    seconds = _SECONDS[dialect].format(end="a.at", start="o.claimed_at")
    op.execute(
        "INSERT INTO order_figures (audit_id, order_id, at, user_id, station_id, secs, lines, "
        f"units) SELECT a.id, o.id, a.at, a.user_id, a.station_id, {seconds}, "
        "coalesce(s.lines, 0), coalesce(s.units, 0) FROM audit_log a "
        "JOIN orders o ON o.id = a.entity_id AND o.claimed_at IS NOT NULL "
        "LEFT JOIN (SELECT order_id, count(*) AS lines, sum(quantity) AS units "
        "FROM order_lines GROUP BY order_id) s ON s.order_id = a.entity_id "
        "WHERE a.action = 'complete' AND a.entity = 'order'"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_log_order_figures" + _on("audit_log"))
    op.execute("DROP TRIGGER scan_events_quarters" + _on("scan_events"))
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION packbench_order_figures()")
        op.execute("DROP FUNCTION packbench_scan_quarters()")
    op.drop_table("worked_quarters")
    op.drop_table("scan_quarters")
    op.drop_index("ix_order_figures_at", table_name="order_figures")
    op.drop_table("order_figures")


def _on(table: str) -> str:
    return f" ON {table}" if op.get_bind().dialect.name == "postgresql" else ""
