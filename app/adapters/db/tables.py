"""The schema as SQLAlchemy Core tables. Alembic owns it: migrations create these tables.

The domain stays free of the ORM: repositories translate rows into domain objects.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    and_,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Id = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A moment in time, always timezone-aware UTC in Python. SQLite keeps no time zone, so
    values are stored as UTC and given their zone back when read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: give a time zone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


Moment = UtcDateTime()

stations = Table(
    "stations",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(64), nullable=False, unique=True),
    Column("settings", Text, nullable=False, server_default="{}"),
    Column("created_at", Moment, nullable=False),
    Column("last_seen_at", Moment, nullable=True),
    # The heartbeat (app.services.floor): who is signed in and what the devices say.
    Column("signed_in_user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("devices", Text, nullable=True),
    # "station" (packs) or "console" (a supervisor's office PC: not on the station board).
    Column("kind", String(16), nullable=False, server_default="station"),
    # The offline station's heartbeat: journal entries waiting, when it was last in sync.
    Column("sync_waiting", Integer, nullable=True),
    Column("last_sync_at", Moment, nullable=True),
)

users = Table(
    "users",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("name", String(120), nullable=False),
    Column("role", String(16), nullable=False),
    Column("badge_hash", String(128), nullable=False, unique=True),
    Column("pin_hash", String(255), nullable=True),
    Column("active", Boolean, nullable=False, server_default="1"),
    # The PIN lockout, shared by every station: wrong PINs in a row, and locked until when.
    Column("failed_pins", Integer, nullable=False, server_default="0"),
    Column("locked_until", Moment, nullable=True),
    # The user's own language at a station ("de"); NULL: the station's language.
    Column("language", String(8), nullable=True),
    CheckConstraint("role in ('packer', 'supervisor', 'admin')", name="role"),
)

products = Table(
    "products",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("weight_g", Integer, nullable=True),
    Column("requires_serial", Boolean, nullable=False, server_default="0"),
    Column("requires_lot", Boolean, nullable=False, server_default="0"),
    Column("length_mm", Integer, nullable=True),
    Column("width_mm", Integer, nullable=True),
    Column("height_mm", Integer, nullable=True),
    Column("image_path", String(500), nullable=True),
    # A kit (0018): "components" (packed from its components, scanned one by one) or
    # "prepacked" (scanned by its own barcode); NULL for a product that is no kit.
    Column("kit", String(16), nullable=True),
)

kit_components = Table(
    "kit_components",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("kit_product_id", Id, ForeignKey("products.id"), nullable=False),
    Column("component_product_id", Id, ForeignKey("products.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    CheckConstraint("quantity >= 1", name="quantity_positive"),
    UniqueConstraint(
        "kit_product_id", "component_product_id", name="uq_kit_components_kit_component"
    ),
)

product_barcodes = Table(
    "product_barcodes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("product_id", Id, ForeignKey("products.id"), nullable=False, index=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("units", Integer, nullable=False, server_default="1"),
    CheckConstraint("units >= 1", name="units_positive"),
)

orders = Table(
    "orders",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("reference", String(64), nullable=False, unique=True),
    Column("slip_code", String(64), nullable=False, unique=True),
    Column("status", String(16), nullable=False),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("cut_off", Moment, nullable=True),
    Column("carrier", String(32), nullable=False),
    Column("service", String(32), nullable=False, server_default=""),
    Column("ship_to_name", String(120), nullable=False),
    Column("ship_to_line1", String(200), nullable=False),
    Column("ship_to_line2", String(200), nullable=False, server_default=""),
    Column("ship_to_postcode", String(20), nullable=False, server_default=""),
    Column("ship_to_city", String(120), nullable=False, server_default=""),
    Column("ship_to_country", String(2), nullable=False),
    Column("payment_status", String(16), nullable=False, server_default="captured"),
    # From the order system (0007): where the order was placed, the rest of the address and
    # how to reach the recipient, and words for the packer and for the recipient.
    Column("channel", String(64), nullable=False, server_default=""),
    Column("ship_to_company", String(120), nullable=False, server_default=""),
    Column("ship_to_line3", String(200), nullable=False, server_default=""),
    Column("ship_to_region", String(64), nullable=False, server_default=""),
    Column("ship_to_phone", String(32), nullable=False, server_default=""),
    Column("ship_to_email", String(254), nullable=False, server_default=""),
    Column("notes", String(1000), nullable=False, server_default=""),
    Column("gift_message", String(500), nullable=False, server_default=""),
    # For the packer (0017): how to pack it, and whether the notes must be acknowledged.
    Column("packing_instructions", String(1000), nullable=False, server_default=""),
    Column("notes_important", Boolean, nullable=False, server_default="0"),
    Column("hold_reason", String(200), nullable=True),
    # What the supervisor who resolved a hold wants the next packer to read.
    Column("packer_note", String(300), nullable=True),
    # A unit scanned whose lot or serial number is still needed ("data needed").
    Column("pending_product_id", Id, ForeignKey("products.id"), nullable=True),
    Column("pending_lot", String(20), nullable=True),
    Column("pending_expiry", Date, nullable=True),
    Column("pending_serial", String(20), nullable=True),
    # A label bought upstream (by the shop) and passed in with the order: printed as it is.
    Column("upstream_tracking", String(64), nullable=True),
    Column("upstream_label_format", String(8), nullable=True),
    Column("upstream_label", LargeBinary, nullable=True),
    Column("claimed_by_station_id", Id, ForeignKey("stations.id"), nullable=True),
    Column("claimed_by_user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("claimed_at", Moment, nullable=True),
    # A supervisor's choice (0015): the station that claims this ready order next.
    Column("assigned_station_id", Id, ForeignKey("stations.id"), nullable=True),
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
    CheckConstraint(
        "status in ('received', 'ready', 'packing', 'packed', 'labelled', 'handed_over', "
        "'delivered', 'on_hold', 'cancelled')",
        name="status",
    ),
    # A claim and the packing state go together: no order is "packing" without a station.
    CheckConstraint(
        "status <> 'packing' OR claimed_by_station_id IS NOT NULL", name="packing_has_station"
    ),
)

#: The ready queue's one order: priority first, then the carrier's cut-off (orders without one
#: last), then age. ``ix_orders_ready_queue`` supplies exactly this order for ready orders, so
#: taking the next order reads one index entry instead of sorting the queue.
QUEUE_ORDER = (
    orders.c.priority.desc(),
    orders.c.cut_off.is_(None).asc(),
    orders.c.cut_off.asc(),
    orders.c.created_at.asc(),
    orders.c.id.asc(),
)
READY = orders.c.status == "ready"
Index(
    "ix_orders_ready_queue",
    *QUEUE_ORDER,
    sqlite_where=READY,
    postgresql_where=READY,
)
Index("ix_orders_claimed", orders.c.claimed_by_station_id)
PACKING = orders.c.status == "packing"  # each claim asks: is this station packing an order?
Index(
    "ix_orders_station_packing",
    orders.c.claimed_by_station_id,
    sqlite_where=PACKING,
    postgresql_where=PACKING,
)
#: Ready orders a supervisor assigned to a station, per station in queue order: a station's
#: claim looks here first (an empty index for most of the day), then in the queue above.
ASSIGNED_READY = and_(READY, orders.c.assigned_station_id.is_not(None))
Index(
    "ix_orders_assigned_ready",
    orders.c.assigned_station_id,
    *QUEUE_ORDER,
    sqlite_where=ASSIGNED_READY,
    postgresql_where=ASSIGNED_READY,
)

order_lines = Table(
    "order_lines",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False, index=True),
    Column("line_no", Integer, nullable=False),
    Column("product_id", Id, ForeignKey("products.id"), nullable=False),
    Column("quantity", Integer, nullable=False),
    Column("verified_qty", Integer, nullable=False, server_default="0"),
    # The serial numbers the order system expects on this line (0007), one per text line;
    # NULL where none are known.
    Column("expected_serials", Text, nullable=True),
    # Units a supervisor took off the line when shipping the order short, and why (0011).
    Column("shorted", Integer, nullable=False, server_default="0"),
    Column("short_reason", String(200), nullable=True),
    UniqueConstraint("order_id", "line_no", name="uq_order_lines_order_line_no"),
    CheckConstraint("quantity >= 0 AND quantity + shorted >= 1", name="quantity_ordered"),
    CheckConstraint("verified_qty >= 0 AND verified_qty <= quantity", name="verified_in_range"),
)

totes = Table(
    "totes",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("code", String(64), nullable=False, unique=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=True, index=True),
)

scan_events = Table(
    "scan_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    # Made by the station before it sends the scan: a retried write finds it and never counts
    # twice.
    Column("scan_uid", String(64), nullable=False, unique=True),
    Column("station_id", Id, ForeignKey("stations.id"), nullable=False),
    Column("user_id", Id, ForeignKey("users.id"), nullable=False),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=True, index=True),
    Column("line_id", Id, ForeignKey("order_lines.id"), nullable=True),
    Column("raw_code", String(600), nullable=False),
    Column("outcome", String(24), nullable=False),
    Column("units", Integer, nullable=False, server_default="0"),
    Column("message", String(300), nullable=False, server_default=""),
    Column("undoes_scan_id", Id, ForeignKey("scan_events.id"), nullable=True, unique=True),
    Column("at", Moment, nullable=False),
    # What the scan carried (GS1 AIs 01, 10, 17, 21, and the AIM symbology identifier).
    Column("product_id", Id, ForeignKey("products.id"), nullable=True),
    Column("symbology", String(16), nullable=True),
    Column("lot", String(20), nullable=True),
    Column("expiry", Date, nullable=True),
    Column("serial", String(20), nullable=True),
    # Read by a scanner, or typed by hand into the station's entry field.
    Column("entry", String(8), nullable=False, server_default="scanned"),
    # The parcel (its number within the order) the unit went into; None before 0014.
    Column("parcel_no", Integer, nullable=True),
    CheckConstraint("entry in ('scanned', 'keyed')", name="entry"),
)
Index("ix_scan_events_serial", scan_events.c.product_id, scan_events.c.serial)
Index("ix_scan_events_order_parcel", scan_events.c.order_id, scan_events.c.parcel_no)
# The board (0013): each station's last scan.
Index("ix_scan_events_station_at", scan_events.c.station_id, scan_events.c.at)
# The figures (0013): a range of scans by group and outcome, read from the index alone.
Index(
    "ix_scan_events_at",
    scan_events.c.at,
    postgresql_include=["station_id", "user_id", "outcome"],
)

parcels = Table(
    "parcels",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("tracking_number", String(64), nullable=False, unique=True),
    Column("carrier", String(32), nullable=False),
    Column("weight_g", Integer, nullable=True),
    Column("created_at", Moment, nullable=False),
    Column("sscc", String(18), nullable=True, unique=True),
    # A voided label: the parcel row stays, so its tracking number and SSCC stay taken.
    Column("voided_at", Moment, nullable=True),
    Column("void_reason", String(200), nullable=True),
    # What the parcel held (``app.domain.weight_check.content_key``) and its box: parcels alike
    # teach the weight check their range.
    Column("content_key", String(64), nullable=True),
    Column("box_code", String(64), nullable=True),
    UniqueConstraint("order_id", "seq", name="uq_parcels_order_seq"),
)
Index("ix_parcels_content_key", parcels.c.content_key, parcels.c.box_code)
# The dock attaches a carrier's newly labelled parcels to its open manifest, and subtracts the
# labels voided since the manifest opened (few) from its counters (0019).
Index("ix_parcels_carrier_created_at", parcels.c.carrier, parcels.c.created_at)
_VOIDED = parcels.c.voided_at.is_not(None)
Index("ix_parcels_voided_at", parcels.c.voided_at, sqlite_where=_VOIDED, postgresql_where=_VOIDED)

tracking_ranges = Table(
    "tracking_ranges",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("carrier", String(32), nullable=False, unique=True),
    Column("scheme", String(16), nullable=False, server_default="s10"),
    Column("service_indicator", String(2), nullable=False),
    Column("country", String(2), nullable=False),
    Column("next_serial", BigInteger, nullable=False),
    Column("last_serial", BigInteger, nullable=False),
    # For scheme "sscc": the GS1 company prefix and the extension digit.
    Column("company_prefix", String(10), nullable=True),
    Column("extension_digit", Integer, nullable=False, server_default="0"),
)

print_jobs = Table(
    "print_jobs",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("job_uid", String(64), nullable=False, unique=True),
    Column("parcel_id", Id, ForeignKey("parcels.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("printer", String(120), nullable=False),
    Column("state", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("error", String(500), nullable=True),
    Column("created_at", Moment, nullable=False),
    Column("updated_at", Moment, nullable=False),
    Column("station_id", Id, ForeignKey("stations.id"), nullable=True),
    Column("next_attempt_at", Moment, nullable=True),
    Column("reason", String(200), nullable=True),
    CheckConstraint(
        "state in ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')",
        name="state",
    ),
)
Index("ix_print_jobs_due", print_jobs.c.printer, print_jobs.c.state, print_jobs.c.next_attempt_at)
# The board (0013): each station's labels waiting or uncertain, among a week of sent ones.
Index("ix_print_jobs_state_station", print_jobs.c.state, print_jobs.c.station_id)

#: Settings of the whole site (every station), such as ``packers_may_reprint``.
site_settings = Table(
    "site_settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
    Column("updated_at", Moment, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("at", Moment, nullable=False, index=True),
    Column("user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("station_id", Id, ForeignKey("stations.id"), nullable=True),
    Column("action", String(48), nullable=False),
    Column("entity", String(32), nullable=False),
    Column("entity_id", BigInteger, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
)
Index("ix_audit_entity", audit_log.c.entity, audit_log.c.entity_id)
# The figures (0013): a range of one action (``complete``, ``hold``).
Index(
    "ix_audit_action_at",
    audit_log.c.action,
    audit_log.c.at,
    postgresql_include=["entity", "entity_id", "user_id", "station_id"],
)

#: Export batches: one row per file of shipments, recorded (with the file's full content) in the
#: same transaction as its shipments, before the file is written. ``written_at`` is set once the
#: file is in its folder under its name; a batch without it is written again from ``content``.
export_batches = Table(
    "export_batches",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("file_name", String(120), nullable=False, unique=True),
    Column("folder", String(1000), nullable=False),
    Column("format", String(8), nullable=False),
    Column("created_at", Moment, nullable=False),
    Column("user_id", Id, ForeignKey("users.id"), nullable=True),
    Column("shipments", Integer, nullable=False),
    Column("again", Boolean, nullable=False, server_default="0"),
    Column("since", Moment, nullable=True),
    Column("content", Text, nullable=False),
    Column("written_at", Moment, nullable=True),
    CheckConstraint("format in ('csv', 'json')", name="format"),
)
Index("ix_export_batches_unwritten", export_batches.c.written_at)

#: The shipments (orders) in each batch. An order is in at most one first export (``again``
#: false: the partial unique index); re-exports on purpose add rows with ``again`` true.
export_shipments = Table(
    "export_shipments",
    metadata,
    Column("batch_id", Id, ForeignKey("export_batches.id"), primary_key=True),
    Column("order_id", Id, ForeignKey("orders.id"), primary_key=True),
    Column("again", Boolean, nullable=False, server_default="0"),
)
FIRST_EXPORT = export_shipments.c.again.is_(False)
Index(
    "uq_export_shipments_first",
    export_shipments.c.order_id,
    unique=True,
    sqlite_where=FIRST_EXPORT,
    postgresql_where=FIRST_EXPORT,
)

#: The dock's and the console's reads of orders by status (0012).
Index("ix_orders_status", orders.c.status)

# Hand-off (0012, 0019): manifests, their parcels and tracking events, declared beside.
# The outbox and return labels (0022) are declared beside, on this metadata.
# Box types (0017) live in a module of their own, on this metadata.
# The figures' roll-ups (0016), declared beside this module (it would pass 500 lines); imported
# here so that ``metadata`` has them (the migrations are compared with it).
import app.adapters.db.figure_tables  # noqa: E402, F401
from app.adapters.db import box_tables as _box_tables  # noqa: E402, F401

# The offline journal's tables (app.adapters.db.journal_tables) join this same metadata.
from app.adapters.db import journal_tables  # noqa: E402, F401
from app.adapters.db import tables_outbox as _outbox  # noqa: E402, F401
from app.adapters.db.handoff_tables import manifest_parcels as manifest_parcels  # noqa: E402, PLC0414
from app.adapters.db.handoff_tables import manifests as manifests  # noqa: E402, PLC0414
from app.adapters.db.handoff_tables import parcel_tracking as parcel_tracking  # noqa: E402, PLC0414
from app.adapters.db.handoff_tables import tracking_events as tracking_events  # noqa: E402, PLC0414
