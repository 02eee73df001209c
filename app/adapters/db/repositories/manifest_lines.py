"""One parcel on a manifest as the reconcile view reads it (``ManifestLine``): its columns and
mapper, kept apart so ``manifests.py`` stays under 500 lines."""

from __future__ import annotations

from typing import Any

from app.adapters.db import tables as t
from app.domain.handoff import ManifestLine

p = t.parcels
o = t.orders

#: Select these with the manifest's ``loaded_at`` (or a null labelled so).
LINE_COLUMNS = (
    p.c.id,
    o.c.reference,
    p.c.tracking_number,
    p.c.sscc,
    p.c.weight_g,
    p.c.created_at,
    p.c.voided_at,
    o.c.status.label("order_status"),
)


def line(r: Any) -> ManifestLine:
    return ManifestLine(
        parcel_id=r.id,
        order_reference=r.reference,
        tracking_number=r.tracking_number,
        sscc=r.sscc,
        weight_g=r.weight_g,
        labelled_at=r.created_at,
        loaded_at=r.loaded_at,
        voided=r.voided_at is not None,
        cancelled=r.order_status == "cancelled",
    )
