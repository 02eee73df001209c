"""a station's offline journal in its heartbeat: how many changes wait to be applied to the
shared database, and when the station was last in sync with it (the supervisor's board)

Revision ID: 0023
Revises: 0021
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0023"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    # Plain added columns (no batch mode): both are NULL for a station without offline work.
    op.add_column("stations", sa.Column("sync_waiting", sa.Integer(), nullable=True))
    op.add_column("stations", sa.Column("last_sync_at", Moment, nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later have it): a batch copy of the table would drop
    # and re-create it, which the foreign keys pointing at it refuse.
    op.drop_column("stations", "last_sync_at")
    op.drop_column("stations", "sync_waiting")
