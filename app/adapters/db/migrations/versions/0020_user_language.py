"""a user's own language: the station shows its screens in it while they are signed in

Revision ID: 0020
Revises: 0015
Create Date: 2026-12-12
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column: SQLite adds it in place (no batch copy of the table).
    op.add_column("users", sa.Column("language", sa.String(8), nullable=True))


def downgrade() -> None:
    # A plain DROP COLUMN (SQLite 3.35 and later have it): a batch copy of the table would drop
    # and re-create it, which the foreign keys pointing at it refuse.
    op.drop_column("users", "language")
