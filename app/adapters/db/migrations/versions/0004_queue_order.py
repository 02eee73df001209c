"""the ready queue: cut_off (was ship_by) and a partial index in the queue's exact order

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READY = sa.text("status = 'ready'")
# Mirrors tables.QUEUE_ORDER: priority desc, orders without a cut-off last, cut-off, age, id.
_QUEUE = [
    sa.text("priority DESC"),
    sa.text("(cut_off IS NULL)"),
    sa.text("cut_off"),
    sa.text("created_at"),
    sa.text("id"),
]


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_queue")
        batch_op.alter_column("ship_by", new_column_name="cut_off")
    op.create_index(
        "ix_orders_ready_queue",
        "orders",
        _QUEUE,
        unique=False,
        sqlite_where=_READY,
        postgresql_where=_READY,
    )


def downgrade() -> None:
    op.drop_index("ix_orders_ready_queue", table_name="orders")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.alter_column("cut_off", new_column_name="ship_by")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_orders_queue", ["status", "priority", "ship_by", "id"], unique=False
        )
