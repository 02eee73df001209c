"""indexes for the supervisor console on a big site: the figures read a range of scan events
and of the audit log's ``complete`` and ``hold`` entries; the board counts each station's
labels still waiting

Revision ID: 0013
Revises: 0014
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A day of scans per group and outcome without visiting the table (PostgreSQL: covering).
    op.create_index(
        "ix_scan_events_at",
        "scan_events",
        ["at"],
        postgresql_include=["station_id", "user_id", "outcome"],
    )
    # The day's completions with who, where and which order, read from the index alone.
    op.create_index(
        "ix_audit_action_at",
        "audit_log",
        ["action", "at"],
        postgresql_include=["entity", "entity_id", "user_id", "station_id"],
    )
    # The board: each station's last scan, one probe per station.
    op.create_index("ix_scan_events_station_at", "scan_events", ["station_id", "at"])
    op.create_index("ix_print_jobs_state_station", "print_jobs", ["state", "station_id"])


def downgrade() -> None:
    op.drop_index("ix_print_jobs_state_station", table_name="print_jobs")
    op.drop_index("ix_scan_events_station_at", table_name="scan_events")
    op.drop_index("ix_audit_action_at", table_name="audit_log")
    op.drop_index("ix_scan_events_at", table_name="scan_events")
