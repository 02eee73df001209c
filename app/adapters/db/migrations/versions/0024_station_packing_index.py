"""the order a station is packing, found by station: a partial index on claimed_by_station_id
over orders in state packing (the claim asks it on every claim whether the station already
holds an order)

Revision ID: 0024
Revises: 0020
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0024"
down_revision: str | None = "0023"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_PACKING = sa.text("status = 'packing'")


def upgrade() -> None:
    # The index only: orders is never batch-altered (SQLite would recreate the table and lose
    # its expression index, the ready queue's). Without it the claim read ix_orders_status's
    # 'packing' entries, every claim's dead ones included, and filtered them by station.
    op.create_index(
        "ix_orders_station_packing",
        "orders",
        ["claimed_by_station_id"],
        sqlite_where=_PACKING,
        postgresql_where=_PACKING,
    )


def downgrade() -> None:
    op.drop_index("ix_orders_station_packing", table_name="orders")
