"""the outbox (hand-offs, deliveries, tracking exceptions for the order system and the
customer's email) and return labels

Revision ID: 0022
Revises: 0015
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = sa.DateTime(timezone=True)
_UNEXPORTED = sa.text("batch_id IS NULL")
_MAIL_WAITING = sa.text("mail_state = 'waiting'")


def upgrade() -> None:
    op.create_table(
        "outbox_events",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("event_key", sa.String(length=80), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("order_id", Id, nullable=False),
        sa.Column("parcel_id", Id, nullable=True),
        sa.Column("at", Moment, nullable=False),
        sa.Column("status_code", sa.String(length=32), server_default="", nullable=False),
        sa.Column("description", sa.String(length=300), server_default="", nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.Column("batch_id", Id, nullable=True),
        sa.Column("mail_state", sa.String(length=8), server_default="waiting", nullable=False),
        sa.Column("mail_attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("mail_next_at", Moment, nullable=True),
        sa.Column("mail_error", sa.String(length=300), nullable=True),
        sa.Column("mailed_at", Moment, nullable=True),
        sa.CheckConstraint(
            "kind in ('handed_over', 'delivered', 'exception')", name=op.f("ck_outbox_events_kind")
        ),
        sa.CheckConstraint(
            "mail_state in ('waiting', 'sent', 'skipped', 'failed')",
            name=op.f("ck_outbox_events_mail_state"),
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_outbox_events_order_id_orders")
        ),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_outbox_events_parcel_id_parcels")
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["export_batches.id"],
            name=op.f("fk_outbox_events_batch_id_export_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_events")),
        sa.UniqueConstraint("event_key", name=op.f("uq_outbox_events_event_key")),
    )
    op.create_index("ix_outbox_events_order_id", "outbox_events", ["order_id"])
    op.create_index(
        "ix_outbox_events_unexported",
        "outbox_events",
        ["id"],
        sqlite_where=_UNEXPORTED,
        postgresql_where=_UNEXPORTED,
    )
    op.create_index(
        "ix_outbox_events_mail_waiting",
        "outbox_events",
        ["id"],
        sqlite_where=_MAIL_WAITING,
        postgresql_where=_MAIL_WAITING,
    )
    op.create_table(
        "return_labels",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("parcel_id", Id, nullable=False),
        sa.Column("tracking_number", sa.String(length=64), nullable=False),
        sa.Column("carrier", sa.String(length=32), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name=op.f("fk_return_labels_parcel_id_parcels")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_return_labels")),
        sa.UniqueConstraint("parcel_id", name=op.f("uq_return_labels_parcel_id")),
        sa.UniqueConstraint("tracking_number", name=op.f("uq_return_labels_tracking_number")),
    )


def downgrade() -> None:
    op.drop_table("return_labels")
    op.drop_index("ix_outbox_events_mail_waiting", table_name="outbox_events")
    op.drop_index("ix_outbox_events_unexported", table_name="outbox_events")
    op.drop_index("ix_outbox_events_order_id", table_name="outbox_events")
    op.drop_table("outbox_events")
