"""the ready queue in one index; cut_off (was ship_by); the unit waiting for its lot or serial

The ready queue: a partial index in the queue's exact order. A unit waiting for its lot or
serial number is kept on the order (it was read from the order's last scan event). AIM
symbology identifiers are stored whole (``]Y3ABC`` is five characters).

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

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
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
        batch_op.add_column(sa.Column("pending_product_id", Id, nullable=True))
        batch_op.add_column(sa.Column("pending_lot", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("pending_expiry", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("pending_serial", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_orders_pending_product_id_products"),
            "products",
            ["pending_product_id"],
            ["id"],
        )
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.alter_column(
            "symbology",
            existing_type=sa.String(length=4),
            type_=sa.String(length=16),
            existing_nullable=True,
        )
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
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.alter_column(
            "symbology",
            existing_type=sa.String(length=16),
            type_=sa.String(length=4),
            existing_nullable=True,
        )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_orders_pending_product_id_products"), type_="foreignkey"
        )
        batch_op.drop_column("pending_serial")
        batch_op.drop_column("pending_expiry")
        batch_op.drop_column("pending_lot")
        batch_op.drop_column("pending_product_id")
        batch_op.alter_column("cut_off", new_column_name="ship_by")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(
            "ix_orders_queue", ["status", "priority", "ship_by", "id"], unique=False
        )
