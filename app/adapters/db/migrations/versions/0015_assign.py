"""a supervisor assigns a ready order to a station: that station claims it next

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_ASSIGNED_READY = sa.text("status = 'ready' AND assigned_station_id IS NOT NULL")
# Mirrors tables.QUEUE_ORDER, behind the station: a station's assigned orders in queue order.
_QUEUE = [
    sa.text("assigned_station_id"),
    sa.text("priority DESC"),
    sa.text("(cut_off IS NULL)"),
    sa.text("cut_off"),
    sa.text("created_at"),
    sa.text("id"),
]


def upgrade() -> None:
    # Not in batch mode: recreating orders on SQLite would lose its partial queue index. SQLite
    # adds a column with its REFERENCES clause in place; PostgreSQL adds the constraint.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE orders ADD COLUMN assigned_station_id INTEGER "
            "CONSTRAINT fk_orders_assigned_station_id_stations REFERENCES stations (id)"
        )
    else:
        op.add_column("orders", sa.Column("assigned_station_id", Id, nullable=True))
        op.create_foreign_key(
            op.f("fk_orders_assigned_station_id_stations"),
            "orders",
            "stations",
            ["assigned_station_id"],
            ["id"],
        )
    op.create_index(
        "ix_orders_assigned_ready",
        "orders",
        _QUEUE,
        unique=False,
        sqlite_where=_ASSIGNED_READY,
        postgresql_where=_ASSIGNED_READY,
    )


def downgrade() -> None:
    op.drop_index("ix_orders_assigned_ready", table_name="orders")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE orders DROP COLUMN assigned_station_id")
    else:
        op.drop_constraint(
            op.f("fk_orders_assigned_station_id_stations"), "orders", type_="foreignkey"
        )
        op.drop_column("orders", "assigned_station_id")
