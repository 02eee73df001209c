"""shipment exports: batches of shipments written to files, each shipment exported once

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_FIRST = sa.text("again IS false")


def upgrade() -> None:
    op.create_table(
        "export_batches",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("file_name", sa.String(length=120), nullable=False),
        sa.Column("folder", sa.String(length=1000), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", Id, nullable=True),
        sa.Column("shipments", sa.Integer(), nullable=False),
        sa.Column("again", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("format in ('csv', 'json')", name=op.f("ck_export_batches_format")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_export_batches_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_export_batches")),
        sa.UniqueConstraint("file_name", name=op.f("uq_export_batches_file_name")),
    )
    op.create_index("ix_export_batches_unwritten", "export_batches", ["written_at"])
    op.create_table(
        "export_shipments",
        sa.Column("batch_id", Id, nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("again", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["export_batches.id"],
            name=op.f("fk_export_shipments_batch_id_export_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_export_shipments_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("batch_id", "order_id", name=op.f("pk_export_shipments")),
    )
    op.create_index(
        "uq_export_shipments_first",
        "export_shipments",
        ["order_id"],
        unique=True,
        sqlite_where=_FIRST,
        postgresql_where=_FIRST,
    )


def downgrade() -> None:
    op.drop_index("uq_export_shipments_first", table_name="export_shipments")
    op.drop_table("export_shipments")
    op.drop_index("ix_export_batches_unwritten", table_name="export_batches")
    op.drop_table("export_batches")
