"""print states: uncertain and cancelled jobs, voided parcels, site settings

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_OLD_STATES = "state in ('queued', 'sending', 'sent', 'failed')"
_NEW_STATES = "state in ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')"
# Before 0005 a job interrupted while sending was parked as "failed" with this error and a due
# time ten years ahead: it may have printed, so it is "uncertain" now (and never moved or resent).
_PARKED = "error LIKE 'Interrupted while sending%'"


def upgrade() -> None:
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_print_jobs_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_print_jobs_state"), sa.text(_NEW_STATES))
    op.execute(
        f"UPDATE print_jobs SET state = 'uncertain', next_attempt_at = NULL "
        f"WHERE state = 'failed' AND {_PARKED}"
    )
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.add_column(sa.Column("voided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("void_reason", sa.String(length=200), nullable=True))
    op.create_table(
        "site_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_site_settings")),
    )


def downgrade() -> None:
    op.drop_table("site_settings")
    with op.batch_alter_table("parcels", schema=None) as batch_op:
        batch_op.drop_column("void_reason")
        batch_op.drop_column("voided_at")
    # The old schema knows neither state: an uncertain job goes back to the parked form, a
    # cancelled one to "failed" with nothing due.
    op.execute(
        "UPDATE print_jobs SET state = 'failed', next_attempt_at = '9999-01-01 00:00:00+00:00', "
        "error = 'Interrupted while sending: check whether the label came out; if not, print it "
        "again.' WHERE state = 'uncertain'"
    )
    op.execute(
        "UPDATE print_jobs SET state = 'failed', next_attempt_at = '9999-01-01 00:00:00+00:00' "
        "WHERE state = 'cancelled'"
    )
    with op.batch_alter_table("print_jobs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_print_jobs_state"), type_="check")
        batch_op.create_check_constraint(op.f("ck_print_jobs_state"), sa.text(_OLD_STATES))
