"""hand-off at volume: tracking events keyed by (parcel, time, status code), counters on
manifests, indexes for the dock's newly labelled and voided parcels

Revision ID: 0019
Revises: 0015
Create Date: 2026-12-12

A tracking event was an id, a SHA-1 key (unique), an index on (parcel, time) and a foreign key
to its parcel: four structures per insert. It is now one primary key, (parcel_id, at,
status_code), the same identity as the key's. The dock's counts per scan become two counters
on the manifest, filled here from the rows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Moment = sa.DateTime(timezone=True)
_VOIDED = sa.text("voided_at IS NOT NULL")
_COLUMNS = "parcel_id, at, status_code, state, description, location, imported_at"


def _details() -> list[sa.Column[object]]:
    return [
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("description", sa.String(length=300), server_default="", nullable=False),
        sa.Column("location", sa.String(length=120), server_default="", nullable=False),
        sa.Column("imported_at", Moment, nullable=False),
    ]


def _set_aside(name: str) -> None:
    """Rename the table ``tracking_events`` to ``name``, its primary key's name too (on
    PostgreSQL an index name is taken schema-wide)."""
    op.rename_table("tracking_events", name)
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {name} RENAME CONSTRAINT pk_tracking_events TO pk_{name}")


def upgrade() -> None:
    op.drop_index("ix_tracking_events_parcel_at", table_name="tracking_events")
    _set_aside("tracking_events_0012")
    op.create_table(
        "tracking_events",
        sa.Column("parcel_id", Id, autoincrement=False, nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("status_code", sa.String(length=32), nullable=False),
        *_details(),
        sa.PrimaryKeyConstraint("parcel_id", "at", "status_code", name="pk_tracking_events"),
    )
    # The same moment written with two offsets had two keys; it is one event now.
    op.execute(
        f"INSERT INTO tracking_events ({_COLUMNS}) SELECT {_COLUMNS} FROM tracking_events_0012"
        " WHERE true ON CONFLICT DO NOTHING"
    )
    op.drop_table("tracking_events_0012")

    for column in ("joined_count", "loaded_count"):
        op.add_column(
            "manifests", sa.Column(column, sa.Integer(), server_default="0", nullable=False)
        )
    op.add_column("manifests", sa.Column("attached_at", Moment, nullable=True))
    op.execute(
        "UPDATE manifests SET"
        " joined_count = (SELECT count(*) FROM manifest_parcels mp"
        " WHERE mp.manifest_id = manifests.id),"
        " loaded_count = (SELECT count(mp.loaded_at) FROM manifest_parcels mp"
        " WHERE mp.manifest_id = manifests.id)"
    )
    op.create_index("ix_parcels_carrier_created_at", "parcels", ["carrier", "created_at"])
    op.create_index(
        "ix_parcels_voided_at",
        "parcels",
        ["voided_at"],
        sqlite_where=_VOIDED,
        postgresql_where=_VOIDED,
    )


def downgrade() -> None:
    op.drop_index("ix_parcels_voided_at", table_name="parcels")
    op.drop_index("ix_parcels_carrier_created_at", table_name="parcels")
    for column in ("attached_at", "loaded_count", "joined_count"):
        # In place on SQLite too: recreating manifests would lose its partial unique index.
        op.execute(f"ALTER TABLE manifests DROP COLUMN {column}")
    _set_aside("tracking_events_0019")
    op.create_table(
        "tracking_events",
        sa.Column("id", Id, autoincrement=True, nullable=False),
        sa.Column("event_key", sa.String(length=40), nullable=False),
        sa.Column("parcel_id", Id, nullable=False),
        sa.Column("at", Moment, nullable=False),
        sa.Column("status_code", sa.String(length=32), nullable=False),
        *_details(),
        sa.ForeignKeyConstraint(
            ["parcel_id"], ["parcels.id"], name="fk_tracking_events_parcel_id_parcels"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_tracking_events"),
        sa.UniqueConstraint("event_key", name="uq_tracking_events_event_key"),
    )
    op.create_index("ix_tracking_events_parcel_at", "tracking_events", ["parcel_id", "at"])
    # The old key hashed the time as the carrier wrote it; the time in UTC is the best left.
    old = sa.table(
        "tracking_events_0019",
        *(sa.column(name, Moment if name == "at" else None) for name in _COLUMNS.split(", ")),
    )
    parcels = sa.table("parcels", sa.column("id"), sa.column("tracking_number"))
    new = sa.table(
        "tracking_events", sa.column("event_key"), *(sa.column(n) for n in _COLUMNS.split(", "))
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(old, parcels.c.tracking_number).join(parcels, parcels.c.id == old.c.parcel_id)
    ).mappings()
    batch: list[dict[str, object]] = []
    for row in rows:
        at = row["at"] if row["at"].tzinfo else row["at"].replace(tzinfo=UTC)
        text = f"{row['tracking_number']}|{at.isoformat()}|{row['status_code']}"
        key = hashlib.sha1(text.encode("utf-8"), usedforsecurity=False).hexdigest()
        batch.append({"event_key": key, **{n: row[n] for n in _COLUMNS.split(", ")}})
    if batch:
        conn.execute(sa.insert(new), batch)
    op.drop_table("tracking_events_0019")
