"""print queue: due times, stations and reasons on jobs; SSCCs; labels bought upstream

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("upstream_tracking", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("upstream_label_format", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("upstream_label", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sscc", sa.String(length=18), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_parcels_sscc"), ["sscc"])
    with op.batch_alter_table("tracking_ranges", schema=None) as batch_op:
        batch_op.add_column(sa.Column("company_prefix", sa.String(length=10), nullable=True))
        batch_op.add_column(
            sa.Column("extension_digit", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("station_id", Id, nullable=True))
        batch_op.add_column(sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("reason", sa.String(length=200), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_print_jobs_station_id_stations"), "stations", ["station_id"], ["id"]
        )
        batch_op.create_index(
            "ix_print_jobs_due", ["printer", "state", "next_attempt_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_print_jobs_due")
        batch_op.drop_constraint(
            batch_op.f("fk_print_jobs_station_id_stations"), type_="foreignkey"
        )
        batch_op.drop_column("reason")
        batch_op.drop_column("next_attempt_at")
        batch_op.drop_column("station_id")
    with op.batch_alter_table("tracking_ranges", schema=None) as batch_op:
        batch_op.drop_column("extension_digit")
        batch_op.drop_column("company_prefix")
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_parcels_sscc"), type_="unique")
        batch_op.drop_column("sscc")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("upstream_label")
        batch_op.drop_column("upstream_label_format")
        batch_op.drop_column("upstream_tracking")
