"""kits: a product may be a kit of other products (its components, with their quantities),
packed from its components or pre-packed (scanned by its own barcode)

Revision ID: 0018
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # A nullable column added in place (no batch copy of products): NULL for a plain product.
    op.add_column("products", sa.Column("kit", sa.String(length=16), nullable=True))
    op.create_table(
        "kit_components",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("kit_product_id", Id, nullable=False),
        sa.Column("component_product_id", Id, nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_kit_components_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["kit_product_id"],
            ["products.id"],
            name=op.f("fk_kit_components_kit_product_id_products"),
        ),
        sa.ForeignKeyConstraint(
            ["component_product_id"],
            ["products.id"],
            name=op.f("fk_kit_components_component_product_id_products"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kit_components")),
        sa.UniqueConstraint(
            "kit_product_id", "component_product_id", name="uq_kit_components_kit_component"
        ),
    )


def downgrade() -> None:
    op.drop_table("kit_components")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE products DROP COLUMN kit")
    else:
        op.drop_column("products", "kit")
