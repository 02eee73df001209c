"""Shipments going back to the shop's order system: what a batch file holds and how it is
written (CSV or JSON), file names, and the ``--since`` moment of a re-export.

A shipment is all parcels of one order. A CSV file has one row per parcel, the order's fields
repeated; a JSON file has one object per shipment with its parcels. Text cells a spreadsheet
would run as a formula are escaped in CSV only (a leading ``'``); JSON keeps raw values.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Final

from app.domain.errors import DomainError

FORMATS: Final = ("csv", "json")

#: The CSV header, in order. ``box``: the code of the box type scanned for the parcel.
CSV_COLUMNS: Final = (
    "batch_id",
    "re_export",
    "order_reference",
    "carrier",
    "service",
    "packed_at",
    "packed_by",
    "parcel_no",
    "tracking_number",
    "sscc",
    "weight_g",
    "box",
    "labelled_at",
    "voided_at",
)

#: First characters that make a spreadsheet run a cell as a formula (OWASP's list).
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


class ExportRefused(DomainError):
    """An export that cannot start or finish (a folder that cannot be written, a bad
    ``--since``); the message is one line saying which and why."""


@dataclass(frozen=True)
class ParcelOut:
    """One parcel as exported. ``labelled_at``: when its label was first sent to a printer
    (a reprint does not change it); ``voided_at``: set when the label was voided."""

    parcel_no: int
    tracking_number: str
    sscc: str | None
    weight_g: int | None
    box: str | None
    labelled_at: datetime | None
    voided_at: datetime | None = None


@dataclass(frozen=True)
class Shipment:
    order_id: int
    order_reference: str
    carrier: str
    service: str
    packed_at: datetime | None
    packed_by: str | None
    parcels: tuple[ParcelOut, ...]


@dataclass(frozen=True)
class BatchHeader:
    """What a file says about its batch. ``again``: a re-export asked for on purpose."""

    batch_id: int
    file_name: str
    created_at: datetime
    again: bool = False
    since: datetime | None = None


def batch_file_name(batch_id: int, created_at: datetime, fmt: str, again: bool) -> str:
    """``shipments-20261123T093000Z-000042.csv`` (``shipments-again-...`` for a re-export):
    unique by batch id, and sorting by name sorts by time."""
    kind = "shipments-again" if again else "shipments"
    stamp = created_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return f"{kind}-{stamp}-{batch_id:06d}.{fmt}"


def moment(value: datetime | None) -> str:
    """A moment as ISO 8601 in UTC to the second (``2026-11-23T09:30:00Z``); "" for none."""
    if value is None:
        return ""
    return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def csv_text(value: str | None) -> str:
    """A text cell as CSV writes it: a value a spreadsheet would run as a formula gets a
    leading apostrophe, so it shows as text."""
    if not value:
        return ""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def render(header: BatchHeader, shipments: list[Shipment], fmt: str) -> str:
    """The whole file of a batch, as text (UTF-8 without BOM when written)."""
    if fmt == "csv":
        return _render_csv(header, shipments)
    if fmt == "json":
        return _render_json(header, shipments)
    raise ExportRefused(f"Unknown export format {fmt!r}: use {' or '.join(FORMATS)}.")


def _render_csv(header: BatchHeader, shipments: list[Shipment]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    again = "true" if header.again else "false"
    for shipment in shipments:
        for parcel in shipment.parcels:
            writer.writerow(
                (
                    header.batch_id,
                    again,
                    csv_text(shipment.order_reference),
                    csv_text(shipment.carrier),
                    csv_text(shipment.service),
                    moment(shipment.packed_at),
                    csv_text(shipment.packed_by),
                    parcel.parcel_no,
                    csv_text(parcel.tracking_number),
                    csv_text(parcel.sscc),
                    "" if parcel.weight_g is None else parcel.weight_g,
                    csv_text(parcel.box),
                    moment(parcel.labelled_at),
                    moment(parcel.voided_at),
                )
            )
    return out.getvalue()


def _render_json(header: BatchHeader, shipments: list[Shipment]) -> str:
    document: dict[str, Any] = {
        "batch": {
            "id": header.batch_id,
            "file": header.file_name,
            "created_at": moment(header.created_at),
            "re_export": header.again,
            "since": moment(header.since) or None,
            "shipments": len(shipments),
        },
        "shipments": [
            {
                "order_reference": s.order_reference,
                "carrier": s.carrier,
                "service": s.service,
                "packed_at": moment(s.packed_at) or None,
                "packed_by": s.packed_by,
                "parcels": [
                    {
                        "parcel_no": p.parcel_no,
                        "tracking_number": p.tracking_number,
                        "sscc": p.sscc,
                        "weight_g": p.weight_g,
                        "box": p.box,
                        "labelled_at": moment(p.labelled_at) or None,
                        "voided_at": moment(p.voided_at) or None,
                    }
                    for p in s.parcels
                ],
            }
            for s in shipments
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_since(text: str) -> datetime:
    """``--since``: an ISO date (midnight UTC) or date and time (UTC unless it carries an
    offset, e.g. ``2026-11-23T09:30`` or ``2026-11-23T09:30+01:00``)."""
    value = text.strip()
    try:
        if _DATE.fullmatch(value):
            return datetime.combine(date.fromisoformat(value), time(0), tzinfo=UTC)
        moment_given = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ExportRefused(
            f"--since {text!r}: not a date or time; write e.g. 2026-11-23 or "
            "2026-11-23T09:30 (UTC) or 2026-11-23T10:30+01:00."
        ) from None
    if moment_given.tzinfo is None:
        return moment_given.replace(tzinfo=UTC)
    return moment_given.astimezone(UTC)
