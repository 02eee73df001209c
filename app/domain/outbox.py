"""The outbox: what the order system (and the customer) is told after the label. Every hand-off,
delivery and tracking exception becomes one event, stored in the transaction that made the
change; the events go out in batch files (the shipments export's batches, ``events-...``) and,
where the site has SMTP, as one email each.

A file holds events in the order they were stored. CSV: one row per event, the tracking numbers
separated by spaces; JSON: one object per event with a list of tracking numbers.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from app.domain.exports import FORMATS, BatchHeader, ExportRefused, csv_text, moment


class EventKind(StrEnum):
    HANDED_OVER = "handed_over"  # every parcel of the order loaded for the carrier
    DELIVERED = "delivered"  # every parcel of the order delivered (tracking)
    EXCEPTION = "exception"  # a parcel's tracking reports a problem


@dataclass(frozen=True)
class NewOutboxEvent:
    """An event to store. ``key`` makes it once: the same change seen twice stores one event."""

    key: str
    kind: EventKind
    order_id: int
    parcel_id: int | None
    at: datetime
    status_code: str = ""
    description: str = ""


def handed_over(order_id: int, at: datetime) -> NewOutboxEvent:
    return NewOutboxEvent(f"handed_over:{order_id}", EventKind.HANDED_OVER, order_id, None, at)


def delivered(order_id: int, at: datetime) -> NewOutboxEvent:
    return NewOutboxEvent(f"delivered:{order_id}", EventKind.DELIVERED, order_id, None, at)


def tracking_exception(
    order_id: int, parcel_id: int, at: datetime, status_code: str, description: str
) -> NewOutboxEvent:
    stamp = at.astimezone(UTC).strftime("%Y%m%dT%H%M%S")
    key = f"exception:{parcel_id}:{stamp}:{status_code}"[:80]
    return NewOutboxEvent(
        key, EventKind.EXCEPTION, order_id, parcel_id, at, status_code[:32], description[:300]
    )


@dataclass(frozen=True)
class OutboxEvent:
    """An event as it goes out: the order as it stands, its tracking numbers (an exception's
    own parcel only; voided labels left out), and the customer's email ("" for none)."""

    id: int
    kind: EventKind
    at: datetime
    order_reference: str
    carrier: str
    service: str
    tracking_numbers: tuple[str, ...]
    status_code: str
    description: str
    customer_name: str
    customer_email: str


#: The CSV header, in order.
EVENT_COLUMNS: Final = (
    "batch_id",
    "event_id",
    "event",
    "at",
    "order_reference",
    "carrier",
    "service",
    "tracking_numbers",
    "status_code",
    "description",
)


def events_file_name(batch_id: int, created_at: datetime, fmt: str) -> str:
    """``events-20261123T093000Z-000042.json``: unique by batch id (batches of shipments and of
    events share the ids), sorting by name sorts by time."""
    stamp = created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"events-{stamp}-{batch_id:06d}.{fmt}"


def render_events(header: BatchHeader, events: list[OutboxEvent], fmt: str) -> str:
    """The whole file of a batch of events, as text (UTF-8 without BOM when written)."""
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(EVENT_COLUMNS)
        for e in events:
            writer.writerow(
                (
                    header.batch_id,
                    e.id,
                    e.kind.value,
                    moment(e.at),
                    csv_text(e.order_reference),
                    csv_text(e.carrier),
                    csv_text(e.service),
                    " ".join(csv_text(n) for n in e.tracking_numbers),
                    csv_text(e.status_code),
                    csv_text(e.description),
                )
            )
        return out.getvalue()
    if fmt == "json":
        document: dict[str, Any] = {
            "batch": {
                "id": header.batch_id,
                "file": header.file_name,
                "created_at": moment(header.created_at),
                "events": len(events),
            },
            "events": [
                {
                    "event_id": e.id,
                    "event": e.kind.value,
                    "at": moment(e.at),
                    "order_reference": e.order_reference,
                    "carrier": e.carrier,
                    "service": e.service,
                    "tracking_numbers": list(e.tracking_numbers),
                    "status_code": e.status_code or None,
                    "description": e.description or None,
                }
                for e in events
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    raise ExportRefused(f"Unknown export format {fmt!r}: use {' or '.join(FORMATS)}.")
