"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-23 00:46:39.499293
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("requires_serial", sa.Boolean(), server_default="0", nullable=False),
        sa.Column("requires_lot", sa.Boolean(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("sku", name=op.f("uq_products_sku")),
    )
    op.create_table(
        "stations",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("settings", sa.Text(), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stations")),
        sa.UniqueConstraint("name", name=op.f("uq_stations_name")),
    )
    op.create_table(
        "tracking_ranges",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("scheme", sa.String(length=16), server_default="s10", nullable=False),
        sa.Column("service_indicator", sa.String(length=2), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("next_serial", sa.BigInteger(), nullable=False),
        sa.Column("last_serial", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_ranges")),
        sa.UniqueConstraint("carrier", name=op.f("uq_tracking_ranges_carrier")),
    )
    op.create_table(
        "users",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("badge_hash", sa.String(length=128), nullable=False),
        sa.Column("pin_hash", sa.String(length=255), nullable=True),
        sa.Column("active", sa.Boolean(), server_default="1", nullable=False),
        sa.CheckConstraint("role in ('packer', 'supervisor', 'admin')", name=op.f("ck_users_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("badge_hash", name=op.f("uq_users_badge_hash")),
    )
    op.create_table(
        "audit_log",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("action", sa.String(length=48), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=True),
        sa.Column("detail", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_audit_log_station_id_stations")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_log_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_entity", ["entity", "entity_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table(
        "orders",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("slip_code", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("priority", sa.Integer(), server_default="0", nullable=False),
        sa.Column("ship_by", sa.DateTime(timezone=True), nullable=True),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("service", sa.String(length=32), server_default="", nullable=False),
        sa.Column("ship_to_name", sa.String(length=120), nullable=False),
        sa.Column("ship_to_line1", sa.String(length=200), nullable=False),
        sa.Column("ship_to_line2", sa.String(length=200), server_default="", nullable=False),
        sa.Column("ship_to_postcode", sa.String(length=20), server_default="", nullable=False),
        sa.Column("ship_to_city", sa.String(length=120), server_default="", nullable=False),
        sa.Column("ship_to_country", sa.String(length=2), nullable=False),
        sa.Column(
            "payment_status", sa.String(length=16), server_default="captured", nullable=False
        ),
        sa.Column("hold_reason", sa.String(length=200), nullable=True),
        sa.Column(
            "claimed_by_station_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "claimed_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "status <> 'packing' OR claimed_by_station_id IS NOT NULL",
            name=op.f("ck_orders_packing_has_station"),
        ),
        sa.CheckConstraint(
            "status in ('received', 'ready', 'packing', 'packed', 'labelled', 'handed_over', "
            "'delivered', 'on_hold', 'cancelled')",
            name=op.f("ck_orders_status"),
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_station_id"],
            ["stations.id"],
            name=op.f("fk_orders_claimed_by_station_id_stations"),
        ),
        sa.ForeignKeyConstraint(
            ["claimed_by_user_id"], ["users.id"], name=op.f("fk_orders_claimed_by_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("reference", name=op.f("uq_orders_reference")),
        sa.UniqueConstraint("slip_code", name=op.f("uq_orders_slip_code")),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index("ix_orders_claimed", ["claimed_by_station_id"], unique=False)
        batch_op.create_index(
            "ix_orders_queue", ["status", "priority", "ship_by", "id"], unique=False
        )

    op.create_table(
        "product_barcodes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("units", sa.Integer(), server_default="1", nullable=False),
        sa.CheckConstraint("units >= 1", name=op.f("ck_product_barcodes_units_positive")),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_barcodes_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_barcodes")),
        sa.UniqueConstraint("code", name=op.f("uq_product_barcodes_code")),
    )
    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_barcodes_product_id"), ["product_id"], unique=False
        )

    op.create_table(
        "order_lines",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column(
            "product_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("verified_qty", sa.Integer(), server_default="0", nullable=False),
        sa.CheckConstraint("quantity >= 1", name=op.f("ck_order_lines_quantity_positive")),
        sa.CheckConstraint(
            "verified_qty >= 0 AND verified_qty <= quantity",
            name=op.f("ck_order_lines_verified_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_order_lines_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
        sa.UniqueConstraint("order_id", "line_no", name="uq_order_lines_order_line_no"),
    )
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_lines_order_id"), ["order_id"], unique=False)

    op.create_table(
        "parcels",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("tracking_number", sa.String(length=64), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("weight_g", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_parcels_order_id_orders")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_parcels")),
        sa.UniqueConstraint("order_id", "seq", name="uq_parcels_order_seq"),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_parcels_tracking_number")),
    )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_parcels_order_id"), ["order_id"], unique=False)

    op.create_table(
        "totes",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_totes_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_totes")),
        sa.UniqueConstraint("code", name=op.f("uq_totes_code")),
    )
    with op.batch_alter_table("totes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_totes_order_id"), ["order_id"], unique=False)

    op.create_table(
        "print_jobs",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("job_uid", sa.String(length=64), nullable=False),
        sa.Column(
            "parcel_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("printer", sa.String(length=120), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "state in ('queued', 'sending', 'sent', 'failed')", name=op.f("ck_print_jobs_state")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_print_jobs_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_jobs")),
        sa.UniqueConstraint("job_uid", name=op.f("uq_print_jobs_job_uid")),
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_jobs_parcel_id"), ["parcel_id"], unique=False)

    op.create_table(
        "scan_events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("scan_uid", sa.String(length=64), nullable=False),
        sa.Column(
            "station_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("order_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("line_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True),
        sa.Column("raw_code", sa.String(length=600), nullable=False),
        sa.Column("outcome", sa.String(length=24), nullable=False),
        sa.Column("units", sa.Integer(), server_default="0", nullable=False),
        sa.Column("message", sa.String(length=300), server_default="", nullable=False),
        sa.Column(
            "undoes_scan_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["line_id"], ["order_lines.id"], name=op.f("fk_scan_events_line_id_order_lines")
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_scan_events_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["station_id"], ["stations.id"], name=op.f("fk_scan_events_station_id_stations")
        ),
        sa.ForeignKeyConstraint(
            ["undoes_scan_id"],
            ["scan_events.id"],
            name=op.f("fk_scan_events_undoes_scan_id_scan_events"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_scan_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scan_events")),
        sa.UniqueConstraint("scan_uid", name=op.f("uq_scan_events_scan_uid")),
        sa.UniqueConstraint("undoes_scan_id", name=op.f("uq_scan_events_undoes_scan_id")),
    )
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scan_events_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("scan_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scan_events_order_id"))

    op.drop_table("scan_events")
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_jobs_parcel_id"))

    op.drop_table("print_jobs")
    with op.batch_alter_table("totes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_totes_order_id"))

    op.drop_table("totes")
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_parcels_order_id"))

    op.drop_table("parcels")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_lines_order_id"))

    op.drop_table("order_lines")
    with op.batch_alter_table("product_barcodes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_barcodes_product_id"))

    op.drop_table("product_barcodes")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index("ix_orders_queue")
        batch_op.drop_index("ix_orders_claimed")

    op.drop_table("orders")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index("ix_audit_entity")

    op.drop_table("audit_log")
    op.drop_table("users")
    op.drop_table("tracking_ranges")
    op.drop_table("stations")
    op.drop_table("products")
