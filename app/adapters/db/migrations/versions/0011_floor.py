"""the floor: station heartbeats (who is signed in, device states, console or station), a note
for the next packer, lines shipped short

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# What the supervisor's board shows changes in these tables; on PostgreSQL each change
# announces itself (NOTIFY packbench_floor, once per transaction) so the board redraws at once.
_ANNOUNCED = ("scan_events", "orders", "stations", "print_jobs")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION packbench_floor_notify() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN PERFORM pg_notify('packbench_floor', ''); RETURN NULL; END $$"
        )
        for table in _ANNOUNCED:
            op.execute(
                f"CREATE TRIGGER {table}_floor_notify AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION packbench_floor_notify()"
            )
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "signed_in_user_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("devices", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("kind", sa.String(length=16), nullable=False, server_default="station")
        )
        batch_op.create_foreign_key(
            op.f("fk_stations_signed_in_user_id_users"), "users", ["signed_in_user_id"], ["id"]
        )
    # Not in batch mode: recreating orders on SQLite would lose its partial queue index.
    op.add_column("orders", sa.Column("packer_note", sa.String(length=300), nullable=True))
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("shorted", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("short_reason", sa.String(length=200), nullable=True))
        # A line shipped wholly short keeps its row (the packing slip names it) at quantity 0.
        batch_op.drop_constraint(op.f("ck_order_lines_quantity_positive"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_order_lines_quantity_ordered"), "quantity >= 0 AND quantity + shorted >= 1"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _ANNOUNCED:
            op.execute(f"DROP TRIGGER {table}_floor_notify ON {table}")
        op.execute("DROP FUNCTION packbench_floor_notify()")
    with op.batch_alter_table("order_lines", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_order_lines_quantity_ordered"), type_="check")
        batch_op.create_check_constraint(op.f("ck_order_lines_quantity_positive"), "quantity >= 1")
        batch_op.drop_column("short_reason")
        batch_op.drop_column("shorted")
    op.drop_column("orders", "packer_note")
    with op.batch_alter_table("stations", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_stations_signed_in_user_id_users"), type_="foreignkey")
        batch_op.drop_column("kind")
        batch_op.drop_column("devices")
        batch_op.drop_column("signed_in_user_id")
