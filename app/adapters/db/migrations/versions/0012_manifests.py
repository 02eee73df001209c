"""hand-off: manifests per carrier and pick-up, the parcels loaded on them, tracking events

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = sa.DateTime(timezone=True)
_OPEN = sa.text("status = 'open'")


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    op.create_table(
        "manifests",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("service_group", sa.String(length=32), server_default="", nullable=False),
        sa.Column("pickup_at", Moment, nullable=False),
        sa.Column("status", sa.String(length=8), server_default="open", nullable=False),
        sa.Column("opened_at", Moment, nullable=False),
        sa.Column("closed_at", Moment, nullable=True),
        sa.Column("closed_by_user_id", Id, nullable=True),
        sa.Column("parcel_count", sa.Integer(), nullable=True),
        sa.Column("weight_g", sa.BigInteger(), nullable=True),
        sa.Column("folder", sa.String(length=1000), nullable=True),
        sa.Column("file_stem", sa.String(length=120), nullable=True),
        sa.Column("file_format", sa.String(length=8), nullable=True),
        sa.Column("written_at", Moment, nullable=True),
        sa.CheckConstraint("status in ('open', 'closed')", name=op.f("ck_manifests_status")),
        _fk("manifests", "closed_by_user_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_manifests")),
    )
    op.create_index(
        "uq_manifests_open",
        "manifests",
        ["carrier", "service_group"],
        unique=True,
        sqlite_where=_OPEN,
        postgresql_where=_OPEN,
    )
    op.create_table(
        "manifest_parcels",
        sa.Column("parcel_id", Id, nullable=False),
        sa.Column("manifest_id", Id, nullable=False),
        sa.Column("joined_at", Moment, nullable=False),
        sa.Column("loaded_at", Moment, nullable=True),
        sa.Column("loaded_by_user_id", Id, nullable=True),
        sa.Column("loaded_station_id", Id, nullable=True),
        sa.Column("moved_from_manifest_id", Id, nullable=True),
        sa.Column("move_reason", sa.String(length=200), nullable=True),
        _fk("manifest_parcels", "parcel_id", "parcels"),
        _fk("manifest_parcels", "manifest_id", "manifests"),
        _fk("manifest_parcels", "loaded_by_user_id", "users"),
        _fk("manifest_parcels", "loaded_station_id", "stations"),
        _fk("manifest_parcels", "moved_from_manifest_id", "manifests"),
        sa.PrimaryKeyConstraint("parcel_id", name=op.f("pk_manifest_parcels")),
    )
    op.create_index(op.f("ix_manifest_parcels_manifest_id"), "manifest_parcels", ["manifest_id"])
    op.create_index("ix_orders_status", "orders", ["status"])
    op.create_table(
        "tracking_events",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("event_key", sa.String(length=40), nullable=False),
        sa.Column("parcel_id", Id, nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("status_code", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=300), server_default="", nullable=False),
        sa.Column("location", sa.String(length=120), server_default="", nullable=False),
        sa.Column("imported_at", Moment, nullable=False),
        _fk("tracking_events", "parcel_id", "parcels"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_tracking_events_event_key")),
    )
    op.create_index("ix_tracking_events_parcel_at", "tracking_events", ["parcel_id", "at"])
    op.create_table(
        "parcel_tracking",
        sa.Column("parcel_id", Id, nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("status_code", sa.String(length=32), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=300), server_default="", nullable=False),
        sa.Column("delivered_at", Moment, nullable=True),
        _fk("parcel_tracking", "parcel_id", "parcels"),
        sa.PrimaryKeyConstraint("parcel_id", name=op.f("pk_parcel_tracking")),
    )


def downgrade() -> None:
    op.drop_table("parcel_tracking")
    op.drop_index("ix_tracking_events_parcel_at", table_name="tracking_events")
    op.drop_table("tracking_events")
    op.drop_index("ix_orders_status", table_name="orders")
    op.drop_index(op.f("ix_manifest_parcels_manifest_id"), table_name="manifest_parcels")
    op.drop_table("manifest_parcels")
    op.drop_index("uq_manifests_open", table_name="manifests")
    op.drop_table("manifests")
