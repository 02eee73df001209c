"""scan events carry product, symbology, lot, expiry and serial

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("product_id", Id, nullable=True))
        batch_op.add_column(sa.Column("symbology", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("lot", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("expiry", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("serial", sa.String(length=20), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_scan_events_product_id_products"), "products", ["product_id"], ["id"]
        )
        batch_op.create_index("ix_scan_events_serial", ["product_id", "serial"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.drop_index("ix_scan_events_serial")
        batch_op.drop_constraint(
            batch_op.f("fk_scan_events_product_id_products"), type_="foreignkey"
        )
        batch_op.drop_column("serial")
        batch_op.drop_column("expiry")
        batch_op.drop_column("lot")
        batch_op.drop_column("symbology")
        batch_op.drop_column("product_id")
