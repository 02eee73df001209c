"""The tables of box types (0017), on the schema's one ``metadata`` (``tables`` imports this
module, so Alembic's comparison and every repository see them)."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Integer, String, Table

from app.adapters.db.tables import Id, Moment, metadata

box_types = Table(
    "box_types",
    metadata,
    Column("id", Id, primary_key=True, autoincrement=True),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(120), nullable=False, server_default=""),
    # Inside dimensions: what fits in the box.
    Column("length_mm", Integer, nullable=False),
    Column("width_mm", Integer, nullable=False),
    Column("height_mm", Integer, nullable=False),
    Column("tare_g", Integer, nullable=False),
    Column("max_weight_g", Integer, nullable=False),
    Column("active", Boolean, nullable=False, server_default="1"),
)

#: The box scanned for an order's open parcel (its number: one past the closed parcels). When
#: the parcel closes, its box goes on the parcel row (``parcels.box_code``).
parcel_boxes = Table(
    "parcel_boxes",
    metadata,
    Column("order_id", Id, ForeignKey("orders.id"), primary_key=True),
    Column("parcel_no", Integer, primary_key=True),
    Column("box_type_id", Id, ForeignKey("box_types.id"), nullable=False),
    Column("chosen_at", Moment, nullable=False),
)
