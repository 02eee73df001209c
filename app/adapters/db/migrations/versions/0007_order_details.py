"""order details: channel, the whole address and contact, notes, gift message, serials

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_READY = sa.text("status = 'ready'")
# The ready queue's index (0004): SQLite rebuilds the orders table to drop a column and cannot
# carry an expression index across, so the downgrade drops it first and makes it again.
_QUEUE = [
    sa.text("priority DESC"),
    sa.text("(cut_off IS NULL)"),
    sa.text("cut_off"),
    sa.text("created_at"),
    sa.text("id"),
]

_ORDER_COLUMNS = (
    ("channel", 64),
    ("ship_to_company", 120),
    ("ship_to_line3", 200),
    ("ship_to_region", 64),
    ("ship_to_phone", 32),
    ("ship_to_email", 254),
    ("notes", 1000),
    ("gift_message", 500),
)


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        for name, length in _ORDER_COLUMNS:
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expected_serials", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_column("expected_serials")
    op.drop_index("ix_orders_ready_queue", table_name="orders")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        for name, _ in reversed(_ORDER_COLUMNS):
            batch_op.drop_column(name)
    op.create_index(
        "ix_orders_ready_queue",
        "orders",
        _QUEUE,
        unique=False,
        sqlite_where=_READY,
        postgresql_where=_READY,
    )
