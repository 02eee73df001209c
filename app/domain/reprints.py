"""Reprints, voids and the questions about interrupted labels, in floor words. Plain Python."""

from __future__ import annotations

from typing import Final

from app.domain.errors import DomainError
from app.domain.message import Message

#: The reasons a label is printed again, as a packer or supervisor says them (also the command
#: barcodes' words). A typed reason is accepted too.
REPRINT_REASONS: tuple[str, ...] = (
    "damaged",
    "not printed",
    "smudged",
    "lost",
    "interrupted",
    "other",
)
#: The reason given when a person answers "no" to an interrupted label's question.
INTERRUPTED = "interrupted"
MAX_REASON = 200

#: What a reason is given for (the end of "Give a reason for ...").
REPRINTING: Final = Message("printing the label again")
VOIDING: Final = Message("voiding the label")

#: Site setting (``site_settings`` table): may packers reprint labels? "true" or "false".
PACKERS_MAY_REPRINT = "packers_may_reprint"


def clean_reason(text: str, what: str = REPRINTING) -> str:
    """A reason from the list (any case, "-" or "_" for spaces) or typed: stripped, one line,
    printable, at most 200 characters. Empty is refused with the list to choose from."""
    reason = " ".join(text.split())
    if not reason:
        raise DomainError(
            Message(
                "Give a reason for {what} ({reasons}, or type one).",
                what=what,
                reasons=", ".join(REPRINT_REASONS),
            )
        )
    if not reason.isprintable():
        raise DomainError(
            Message("The reason has characters that cannot be stored: type it again.")
        )
    if len(reason) > MAX_REASON:
        raise DomainError(
            Message("The reason is too long: at most {most} characters.", most=MAX_REASON)
        )
    listed = reason.lower().replace("-", " ").replace("_", " ")
    return listed if listed in REPRINT_REASONS else reason


def setting_is_true(value: str | None) -> bool:
    """A yes/no site setting as stored ("true", "yes", "1", "on"); missing means no."""
    return value is not None and value.strip().lower() in ("true", "yes", "1", "on")


def uncertain_question(parcel_no: int, tracking_number: str, order_reference: str) -> str:
    """What the station and the supervisor are asked about a label cut off while printing."""
    return Message(
        "Did the label for parcel {number} (tracking {tracking}, order {order}) come out?",
        number=parcel_no,
        tracking=tracking_number,
        order=order_reference,
    )


def stopped_order_message(order_reference: str, status: str, hold_reason: str | None) -> str:
    """Why a label was not printed: its order changed after packing."""
    if status == "cancelled":
        return Message(
            "Order {order} was cancelled after packing: take the parcel off the cage and give "
            "it to a supervisor.",
            order=order_reference,
        )
    if hold_reason:
        return Message(
            "Order {order} was put on hold after packing ({reason}): take the parcel off the "
            "cage and give it to a supervisor.",
            order=order_reference,
            reason=hold_reason,
        )
    return Message(
        "Order {order} was put on hold after packing: take the parcel off the cage and give "
        "it to a supervisor.",
        order=order_reference,
    )


class LoadedLabel(DomainError):
    """A void of a label whose parcel was loaded at the dock: refused until the person
    confirms (the parcel must come off the cage, or the carrier must be told)."""


def loaded_void_question(
    tracking: str, cage: str, manifest_id: int, pickup: str, closed: str | None
) -> Message:
    """Why a loaded parcel's void waits for a confirmation, and what to do first."""
    if closed is not None:
        return Message(
            "Parcel {tracking} was loaded and left with {cage} on manifest {manifest} "
            "(closed {closed}). Voiding its label does not bring it back: tell {cage}, then "
            "void it again to confirm.",
            tracking=tracking,
            cage=cage,
            manifest=manifest_id,
            closed=closed,
        )
    return Message(
        "Parcel {tracking} is LOADED on the {cage} cage (manifest {manifest}, pick-up "
        "{pickup}). Take it off the cage, then void it again to confirm.",
        tracking=tracking,
        cage=cage,
        manifest=manifest_id,
        pickup=pickup,
    )


def loaded_void_warning(tracking: str, cage: str, manifest_id: int, closed: bool) -> Message:
    """Said after a loaded parcel's label is voided (with the void's own words)."""
    if closed:
        return Message(
            "It had left with {cage} on manifest {manifest}: tell {cage} not to deliver it.",
            cage=cage,
            manifest=manifest_id,
        )
    return Message(
        "Take parcel {tracking} off the {cage} cage (manifest {manifest}) and scan it at the "
        "dock: it must not ship.",
        tracking=tracking,
        cage=cage,
        manifest=manifest_id,
    )
