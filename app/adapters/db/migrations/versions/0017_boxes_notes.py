"""box types, the box chosen for an order's open parcel, and the order's packing instructions
with their "important" flag

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "box_types",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("length_mm", sa.Integer(), nullable=False),
        sa.Column("width_mm", sa.Integer(), nullable=False),
        sa.Column("height_mm", sa.Integer(), nullable=False),
        sa.Column("tare_g", sa.Integer(), nullable=False),
        sa.Column("max_weight_g", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False, server_default="1"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_box_types")),
        sa.UniqueConstraint("code", name=op.f("uq_box_types_code")),
    )
    op.create_table(
        "parcel_boxes",
        sa.Column("order_id", Id, nullable=False),
        sa.Column("parcel_no", sa.Integer(), nullable=False),
        sa.Column("box_type_id", Id, nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_parcel_boxes_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["box_type_id"], ["box_types.id"], name=op.f("fk_parcel_boxes_box_type_id_box_types")
        ),
        sa.PrimaryKeyConstraint("order_id", "parcel_no", name=op.f("pk_parcel_boxes")),
    )
    # Plain ADD COLUMN, not batch mode: recreating orders on SQLite would lose its partial
    # queue indexes.
    op.add_column(
        "orders",
        sa.Column(
            "packing_instructions", sa.String(length=1000), nullable=False, server_default=""
        ),
    )
    op.add_column(
        "orders",
        sa.Column("notes_important", sa.Boolean(), nullable=False, server_default="0"),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE orders DROP COLUMN notes_important")
        op.execute("ALTER TABLE orders DROP COLUMN packing_instructions")
    else:
        op.drop_column("orders", "notes_important")
        op.drop_column("orders", "packing_instructions")
    op.drop_table("parcel_boxes")
    op.drop_table("box_types")
