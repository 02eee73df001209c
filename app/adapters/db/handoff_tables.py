"""The hand-off's tables (0012, 0019) on the schema's one ``metadata``: manifests per carrier and
pick-up, the parcels on them, and the carriers' tracking events. ``tables`` imports this module
at its end, so ``tables.manifests`` and the others are there for every query."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
)

from app.adapters.db.tables import Id, Moment, metadata

#: Hand-off (0012): one manifest per carrier (and service group) per pick-up. At most one is
#: open per carrier and group (the partial unique index): two docks never open two.
manifests = Table(
    "manifests",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("carrier", String(32), nullable=False),
    Column("service_group", String(32), nullable=False, server_default=""),
    Column("pickup_at", Moment, nullable=False),
    Column("status", String(8), nullable=False, server_default="open"),
    Column("opened_at", Moment, nullable=False),
    Column("closed_at", Moment, nullable=True),
    Column("closed_by_user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("parcel_count", Integer, nullable=True),
    Column("weight_g", BigInteger, nullable=True),
    # Where the closed manifest's files go, recorded with the close; written_at once they are.
    Column("folder", String(1000), nullable=True),
    Column("file_stem", String(120), nullable=True),
    Column("file_format", String(8), nullable=True),
    Column("written_at", Moment, nullable=True),
    # Kept by every statement that puts a parcel on, loads it onto or moves it off a manifest,
    # so the dock's "loaded X of Y" costs no count per scan (0019): parcels on it and parcels
    # loaded, voided labels included; and when the dock last attached the carrier's newly
    # labelled parcels to it.
    Column("joined_count", Integer, nullable=False, server_default="0"),
    Column("loaded_count", Integer, nullable=False, server_default="0"),
    Column("attached_at", Moment, nullable=True),
    CheckConstraint("status in ('open', 'closed')", name="status"),
)
MANIFEST_OPEN = manifests.c.status == "open"
Index(
    "uq_manifests_open",
    manifests.c.carrier,
    manifests.c.service_group,
    unique=True,
    sqlite_where=MANIFEST_OPEN,
    postgresql_where=MANIFEST_OPEN,
)

#: The parcels of each manifest: a parcel is on one manifest at a time (moved to the next
#: pick-up with a reason); ``loaded_at`` is its scan-out at the dock.
manifest_parcels = Table(
    "manifest_parcels",
    metadata,
    Column("parcel_id", Id, ForeignKey("parcels.id"), primary_key=True),
    Column("manifest_id", Id, ForeignKey("manifests.id"), nullable=False, index=True),
    Column("joined_at", Moment, nullable=False),
    Column("loaded_at", Moment, nullable=True),
    Column("loaded_by_user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("loaded_station_id", Id, ForeignKey("stations.id"), nullable=True),
    Column("moved_from_manifest_id", Id, ForeignKey("manifests.id"), nullable=True),
    Column("move_reason", String(200), nullable=True),
)

#: Tracking events per parcel, each once: an event is its parcel, its time and its status code
#: (the primary key; the same event in two files is stored once). No foreign key to parcels:
#: the import stores events only of parcels it has just read, and parcels are never deleted
#: (a voided label's row stays); the key check was a third of PostgreSQL's time per event.
tracking_events = Table(
    "tracking_events",
    metadata,
    Column("parcel_id", Id, primary_key=True, autoincrement=False),
    Column("at", Moment, primary_key=True),
    Column("status_code", String(32), primary_key=True),
    Column("state", String(16), nullable=False),
    Column("description", String(300), nullable=False, server_default=""),
    Column("location", String(120), nullable=False, server_default=""),
    Column("imported_at", Moment, nullable=False),
)

#: Each parcel's latest tracking event by its time (an older event arriving late changes
#: nothing here).
parcel_tracking = Table(
    "parcel_tracking",
    metadata,
    Column("parcel_id", Id, ForeignKey("parcels.id"), primary_key=True),
    Column("at", Moment, nullable=False),
    Column("status_code", String(32), nullable=False),
    Column("state", String(16), nullable=False),
    Column("description", String(300), nullable=False, server_default=""),
    Column("delivered_at", Moment, nullable=True),
)
