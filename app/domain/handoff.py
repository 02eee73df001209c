"""Hand-off to the carrier: manifests, the dock's scan-out verdicts, pick-up times, service
groups, and the manifest files for the carrier's systems. Plain Python.

A manifest is the parcels of one pick-up of one carrier (and service group, where a site splits
a carrier's services). A parcel joins the open manifest of its carrier when it is first scanned
out at the dock, or when a supervisor reconciles or closes that manifest: until then the open
manifest counts every labelled parcel of its carrier that is on no manifest yet as expected.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Final

from app.domain.barcodes import CodeKind
from app.domain.barcodes.retail import gtin_check_digit
from app.domain.errors import DomainError
from app.domain.message import Message

#: A manifest's own barcode: the prefix and eight digits of its id (printed on its PDF;
#: scanned at the dock, it chooses that manifest's cage).
MANIFEST_PREFIX: Final = "MFT"
_MANIFEST_CODE = re.compile(r"MFT(\d{1,12})", re.IGNORECASE)

#: The pick-up time of a carrier without one in ``[handoff] pickups``.
DEFAULT_PICKUP: Final = time(18, 0)

MANIFEST_FORMATS: Final = ("csv", "json")


class ManifestRefused(DomainError):
    """A manifest that cannot be closed or written; the message says why and what to do."""


class LoadOutcome(StrEnum):
    """Exactly one of these ends every scan at the dock."""

    LOADED = "loaded"
    ALREADY_LOADED = "already_loaded"
    WRONG_CARRIER = "wrong_carrier"
    WRONG_PICKUP = "wrong_pickup"
    VOIDED = "voided"
    CANCELLED = "cancelled"
    ON_HOLD = "on_hold"
    UNKNOWN = "unknown"
    INVALID = "invalid"
    MANIFEST_CLOSED = "manifest_closed"
    CAGE_CHOSEN = "cage_chosen"

    @property
    def refused(self) -> bool:
        return self not in (LoadOutcome.LOADED, LoadOutcome.ALREADY_LOADED, LoadOutcome.CAGE_CHOSEN)


def manifest_code(manifest_id: int) -> str:
    return f"{MANIFEST_PREFIX}{manifest_id:08d}"


def manifest_id_in(scanned: str) -> int | None:
    """The manifest id of a manifest barcode, else None."""
    match = _MANIFEST_CODE.fullmatch(scanned.strip())
    return int(match.group(1)) if match else None


#: A carrier's cage barcode (``CAGE-DHL``, ``CAGE-UPS/EXPRESS`` for a service group): scanned
#: at the dock, it chooses the carrier's open manifest, opening today's if it has none.
_CAGE_CODE = re.compile(r"CAGE-([A-Za-z0-9_-]{1,32})(?:/([A-Za-z0-9_-]{1,32}))?", re.IGNORECASE)


def cage_code(carrier: str, group: str = "") -> str:
    return f"CAGE-{carrier}/{group}".upper() if group else f"CAGE-{carrier}".upper()


def cage_in(scanned: str) -> tuple[str, str] | None:
    """The (carrier, service group) of a cage barcode, else None."""
    match = _CAGE_CODE.fullmatch(scanned.strip())
    return None if match is None else (match.group(1).upper(), (match.group(2) or "").upper())


def cage_name(carrier: str, group: str) -> str:
    return f"{carrier} {group}" if group else carrier


@dataclass(frozen=True)
class DockParcel:
    """A parcel as the dock sees it: its label, its order's state, its manifest (if any)."""

    parcel_id: int
    order_id: int
    order_reference: str
    tracking_number: str
    carrier: str
    service: str
    order_status: str
    voided: bool
    manifest_id: int | None
    manifest_pickup: datetime | None
    loaded_at: datetime | None


@dataclass(frozen=True)
class Cage:
    """The manifest a dock is loading: its carrier, service group and pick-up."""

    manifest_id: int
    carrier: str
    group: str
    pickup_at: datetime
    open: bool


def decide_load(parcel: DockParcel, group: str, cage: Cage) -> tuple[LoadOutcome, Message]:
    """The verdict on loading ``parcel`` (of service group ``group``) into ``cage``."""
    label, order = parcel.tracking_number, parcel.order_reference
    if parcel.voided:
        return LoadOutcome.VOIDED, Message(
            "{label}: label VOIDED. Do not ship; give it to a supervisor.", label=label
        )
    if parcel.order_status == "cancelled":
        return LoadOutcome.CANCELLED, Message(
            "{label}: order {order} was CANCELLED. Do not ship: void its label and take it off "
            "the cage.",
            label=label,
            order=order,
        )
    if parcel.order_status == "on_hold":
        return LoadOutcome.ON_HOLD, Message(
            "{label}: order {order} is ON HOLD.", label=label, order=order
        )
    mine = cage_name(parcel.carrier, group)
    theirs = cage_name(cage.carrier, cage.group)
    if (parcel.carrier, group) != (cage.carrier, cage.group):
        return LoadOutcome.WRONG_CARRIER, Message(
            "{mine} parcel on the {theirs} cage. Put it aside.", mine=mine, theirs=theirs
        )
    if parcel.manifest_id is not None and parcel.manifest_id != cage.manifest_id:
        if parcel.loaded_at is not None:
            return LoadOutcome.ALREADY_LOADED, Message(
                "{label}: already loaded on an earlier pick-up.", label=label
            )
        when = day_and_time(parcel.manifest_pickup)
        return LoadOutcome.WRONG_PICKUP, Message(
            "{label} goes with the {mine} pick-up at {when}.", label=label, mine=mine, when=when
        )
    if not cage.open:
        return LoadOutcome.MANIFEST_CLOSED, Message(
            "The {theirs} manifest is closed: scan the next one.", theirs=theirs
        )
    if parcel.loaded_at is not None:
        return LoadOutcome.ALREADY_LOADED, Message(
            "{label}: already loaded (counted once).", label=label
        )
    return LoadOutcome.LOADED, Message("{label} loaded: {order}", label=label, order=order)


#: The dock's answer to a scan that is some other kind of barcode than a parcel's label.
NOT_A_LABEL: Final = {
    CodeKind.PRODUCT: Message("That is a product's barcode, not a parcel label."),
    CodeKind.ORDER_SLIP: Message("That is an order slip, not a parcel label."),
    CodeKind.TOTE: Message("That is a tote's barcode, not a parcel label."),
    CodeKind.BOX: Message("That is a box's barcode, not a parcel label."),
    CodeKind.BADGE: Message("That is a badge, not a parcel label."),
    CodeKind.COMMAND: Message("That command is not used at the dock: scan a parcel label."),
}


def is_product_barcode(code: str) -> bool:
    """Whether ``code`` is a product's GTIN (8, 13 or 14 digits, its check digit right)."""
    if len(code) not in (8, 13, 14) or not code.isdigit():
        return False
    return gtin_check_digit(code[:-1]) == int(code[-1])


#: Weekdays as the dock shows them (translated at the station).
WEEKDAYS: Final = (
    Message("Mon"),
    Message("Tue"),
    Message("Wed"),
    Message("Thu"),
    Message("Fri"),
    Message("Sat"),
    Message("Sun"),
)


def day_and_time(moment: datetime | None, today: datetime | None = None) -> Message:
    """``Tue 17:00`` (the weekday translated at the station); with the date too (``Tue
    2026-11-24 17:00``) when ``today`` is given and ``moment`` is on another day."""
    if moment is None:
        return Message("an unknown time")
    day = WEEKDAYS[moment.weekday()]
    if today is not None and moment.date() != today.astimezone(moment.tzinfo).date():
        return Message(
            "{day} {date} {clock}", day=day, date=f"{moment:%Y-%m-%d}", clock=f"{moment:%H:%M}"
        )
    return Message("{day} {clock}", day=day, clock=f"{moment:%H:%M}")


# -- pick-ups and service groups -------------------------------------------------------------

_PICKUP = re.compile(r"\s*([A-Za-z0-9_-]{1,32})\s+(\d{1,2}):(\d{2})\s*")


def parse_pickups(text: str) -> dict[str, time]:
    """``"UPS 17:00, DHL 16:30"`` -> carrier -> daily pick-up time (site local time)."""
    found: dict[str, time] = {}
    for part in filter(str.strip, text.split(",")):
        match = _PICKUP.fullmatch(part)
        if not match or int(match.group(2)) > 23 or int(match.group(3)) > 59:
            raise ValueError(f"{part.strip()!r}: write CARRIER HH:MM, such as UPS 17:00")
        found[match.group(1).upper()] = time(int(match.group(2)), int(match.group(3)))
    return found


def pickups_problem(text: object) -> str | None:
    try:
        parse_pickups(str(text))
    except ValueError as exc:
        return str(exc)
    return None


def next_pickup(at: time, after: datetime, zone: tzinfo) -> datetime:
    """The first pick-up at ``at`` (local time in ``zone``) later than ``after``."""
    local = after.astimezone(zone)
    candidate = datetime.combine(local.date(), at, tzinfo=zone)
    while candidate <= local:
        candidate = datetime.combine(candidate.date() + timedelta(days=1), at, tzinfo=zone)
    return candidate


ServiceGroups = Mapping[tuple[str, str], str]


def parse_service_groups(text: str) -> dict[tuple[str, str], str]:
    """``"UPS: Express=EXPRESS, Saver=EXPRESS; DHL: Kleinpaket=SMALL"`` -> (carrier, service)
    -> group. Services of a carrier in no group go on its ungrouped manifest."""
    groups: dict[tuple[str, str], str] = {}
    for block in filter(str.strip, text.split(";")):
        carrier, sep, pairs = block.partition(":")
        if not sep or not carrier.strip():
            raise ValueError(f"{block.strip()!r}: write CARRIER: SERVICE=GROUP, ...")
        for pair in filter(str.strip, pairs.split(",")):
            service, eq, group = pair.partition("=")
            if not eq or not service.strip() or not group.strip() or len(group.strip()) > 32:
                raise ValueError(f"{pair.strip()!r}: write SERVICE=GROUP")
            groups[(carrier.strip().upper(), service.strip())] = group.strip().upper()
    return groups


def service_groups_problem(text: object) -> str | None:
    try:
        parse_service_groups(str(text))
    except ValueError as exc:
        return str(exc)
    return None


def group_of(groups: ServiceGroups, carrier: str, service: str) -> str:
    return groups.get((carrier.upper(), service), "")


def group_services(groups: ServiceGroups, carrier: str, group: str) -> tuple[list[str], list[str]]:
    """For the manifest of ``carrier``/``group``: the services in it (an empty group: none
    named, every service but those of other groups) and the services kept out."""
    mine = [s for (c, s), g in groups.items() if c == carrier.upper() and g == group]
    others = [s for (c, s), g in groups.items() if c == carrier.upper() and g != group]
    return mine, others


# -- the manifest's file for the carrier's systems ------------------------------------------

MANIFEST_COLUMNS: Final = (
    "manifest_id",
    "carrier",
    "service_group",
    "pickup_at",
    "closed_at",
    "order_reference",
    "tracking_number",
    "sscc",
    "weight_g",
    "loaded_at",
)


@dataclass(frozen=True)
class ManifestLine:
    """A parcel on a manifest."""

    parcel_id: int
    order_reference: str
    tracking_number: str
    sscc: str | None
    weight_g: int | None
    labelled_at: datetime
    loaded_at: datetime | None
    voided: bool = False
    #: Its order was cancelled (upstream) after it was labelled: not expected, not shipped.
    cancelled: bool = False


@dataclass(frozen=True)
class ManifestHeader:
    manifest_id: int
    carrier: str
    group: str
    pickup_at: datetime
    closed_at: datetime | None
    closed_by: str | None

    @property
    def code(self) -> str:
        return manifest_code(self.manifest_id)


def manifest_file_stem(header: ManifestHeader) -> str:
    carrier = re.sub(r"[^A-Za-z0-9]+", "-", cage_name(header.carrier, header.group)).strip("-")
    return f"manifest-{carrier}-{header.manifest_id:06d}-{header.pickup_at:%Y%m%d-%H%M}"


def total_weight_g(lines: Sequence[ManifestLine]) -> int:
    return sum(line.weight_g or 0 for line in lines)


def render_manifest(header: ManifestHeader, lines: Sequence[ManifestLine], fmt: str) -> str:
    """The manifest as CSV (one row per parcel) or JSON (one object with its parcels)."""
    if fmt not in MANIFEST_FORMATS:
        raise ManifestRefused(f"Unknown manifest format {fmt!r}: use csv or json.")
    closed = header.closed_at.isoformat() if header.closed_at else ""
    if fmt == "json":
        document = {
            "manifest_id": header.manifest_id,
            "manifest_code": header.code,
            "carrier": header.carrier,
            "service_group": header.group,
            "pickup_at": header.pickup_at.isoformat(),
            "closed_at": closed,
            "parcel_count": len(lines),
            "total_weight_g": total_weight_g(lines),
            "parcels": [
                {
                    "order_reference": line.order_reference,
                    "tracking_number": line.tracking_number,
                    "sscc": line.sscc,
                    "weight_g": line.weight_g,
                    "loaded_at": line.loaded_at.isoformat() if line.loaded_at else None,
                }
                for line in lines
            ],
        }
        return json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(MANIFEST_COLUMNS)
    for line in lines:
        writer.writerow(
            (
                header.manifest_id,
                header.carrier,
                header.group,
                header.pickup_at.isoformat(),
                closed,
                _cell(line.order_reference),
                line.tracking_number,
                line.sscc or "",
                "" if line.weight_g is None else line.weight_g,
                line.loaded_at.isoformat() if line.loaded_at else "",
            )
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """A text cell a spreadsheet would run as a formula, escaped (as the shipments export)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
