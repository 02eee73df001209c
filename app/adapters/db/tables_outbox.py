"""The outbox and return labels (0022), on the schema's one ``metadata`` (``tables`` imports
this module, so every table is declared whichever module is imported first)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, Column, ForeignKey, Index, Integer, String, Table

from app.adapters.db.tables import Id, Moment, metadata

#: Every hand-off, delivery and tracking exception, stored with its change. ``batch_id``: the
#: export batch (file) it went out in, set in the transaction that records the batch. The
#: customer's email: ``waiting`` until sent (``mailed_at``), ``skipped`` (no address, too old)
#: or ``failed`` (refused for good); retried at ``mail_next_at``.
outbox_events = Table(
    "outbox_events",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("event_key", String(80), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),
    Column("order_id", Id, ForeignKey("orders.id"), nullable=False, index=True),
    Column("parcel_id", Id, ForeignKey("parcels.id"), nullable=True),
    Column("at", Moment, nullable=False),
    Column("status_code", String(32), nullable=False, server_default=""),
    Column("description", String(300), nullable=False, server_default=""),
    Column("created_at", Moment, nullable=False),
    Column("batch_id", Id, ForeignKey("export_batches.id"), nullable=True),
    Column("mail_state", String(8), nullable=False, server_default="waiting"),
    Column("mail_attempts", Integer, nullable=False, server_default="0"),
    Column("mail_next_at", Moment, nullable=True),
    Column("mail_error", String(300), nullable=True),
    Column("mailed_at", Moment, nullable=True),
    CheckConstraint("kind in ('handed_over', 'delivered', 'exception')", name="kind"),
    CheckConstraint("mail_state in ('waiting', 'sent', 'skipped', 'failed')", name="mail_state"),
)
OUTBOX_UNEXPORTED = outbox_events.c.batch_id.is_(None)
Index(
    "ix_outbox_events_unexported",
    outbox_events.c.id,
    sqlite_where=OUTBOX_UNEXPORTED,
    postgresql_where=OUTBOX_UNEXPORTED,
)
OUTBOX_MAIL_WAITING = outbox_events.c.mail_state == "waiting"
Index(
    "ix_outbox_events_mail_waiting",
    outbox_events.c.id,
    sqlite_where=OUTBOX_MAIL_WAITING,
    postgresql_where=OUTBOX_MAIL_WAITING,
)

#: A parcel's return label: its own tracking number, from the carrier's return range.
return_labels = Table(
    "return_labels",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("parcel_id", Id, ForeignKey("parcels.id"), nullable=False, unique=True),
    Column("tracking_number", String(64), nullable=False, unique=True),
    Column("carrier", String(32), nullable=False),
    Column("created_at", Moment, nullable=False),
)
