"""pack-out: the parcel each scanned unit went into, the parcel's content key (for the learned
weight range) and its box

Revision ID: 0014
Revises: 0012
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMN (not batch mode): recreating these tables on SQLite would lose nothing
    # today, but they are the busiest ones and a nullable column needs no copy.
    op.add_column("scan_events", sa.Column("parcel_no", sa.Integer(), nullable=True))
    op.add_column("parcels", sa.Column("content_key", sa.String(length=64), nullable=True))
    op.add_column("parcels", sa.Column("box_code", sa.String(length=64), nullable=True))
    op.create_index("ix_parcels_content_key", "parcels", ["content_key", "box_code"])
    op.create_index("ix_scan_events_order_parcel", "scan_events", ["order_id", "parcel_no"])


def downgrade() -> None:
    op.drop_index("ix_scan_events_order_parcel", table_name="scan_events")
    op.drop_index("ix_parcels_content_key", table_name="parcels")
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_column("box_code")
        batch_op.drop_column("content_key")
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.drop_column("parcel_no")
