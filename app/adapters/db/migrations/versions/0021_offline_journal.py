"""offline journal: a station's ordered record of operations made while the shared database
was away (local store), the ids of those operations already applied, and the blocks of
tracking numbers and SSCCs reserved by stations for labels made offline (shared database)

Revision ID: 0021
Revises: 0015
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    # New tables only: the same schema serves the shared database and each station's local
    # store (app.adapters.db.journal); each uses the table that concerns it.
    op.create_table(
        "offline_journal",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("op_uid", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("args", sa.Text(), nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("done_at", Moment, nullable=True),
        sa.Column("outcome", sa.String(300), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offline_journal")),
        sa.UniqueConstraint("op_uid", name=op.f("uq_offline_journal_op_uid")),
    )
    op.create_index("ix_offline_journal_waiting", "offline_journal", ["done_at", "id"])
    op.create_table(
        "offline_applied",
        sa.Column("op_uid", sa.String(64), nullable=False),
        sa.Column("station_id", Id, nullable=False),
        sa.Column("kind", sa.String(24), nullable=False),
        sa.Column("applied_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("op_uid", name=op.f("pk_offline_applied")),
    )
    op.create_table(
        "number_blocks",
        sa.Column("id", Id, primary_key=True, autoincrement=True),
        sa.Column("station_id", Id, nullable=False),
        sa.Column("range_id", Id, nullable=False),
        sa.Column("scheme", sa.String(16), nullable=False),
        sa.Column("carrier", sa.String(32), nullable=False),
        sa.Column("first_serial", sa.BigInteger(), nullable=False),
        sa.Column("last_serial", sa.BigInteger(), nullable=False),
        sa.Column("reserved_at", Moment, nullable=False),
        sa.Column("retired_at", Moment, nullable=True),
        sa.Column("retired_reason", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_number_blocks")),
    )
    op.create_index("ix_number_blocks_station", "number_blocks", ["station_id", "retired_at"])


def downgrade() -> None:
    op.drop_index("ix_number_blocks_station", table_name="number_blocks")
    op.drop_table("number_blocks")
    op.drop_table("offline_applied")
    op.drop_index("ix_offline_journal_waiting", table_name="offline_journal")
    op.drop_table("offline_journal")
