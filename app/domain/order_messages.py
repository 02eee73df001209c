"""What an order says to the packer when it refuses a claim or decides a scan
(``app.domain.model.Order``), as ``Message``s a station shows in its language."""

from __future__ import annotations

from app.domain.barcodes import CodeKind
from app.domain.message import Message

_NOT_WORKABLE = {  # OrderStatus value -> why an order in it cannot be packed
    "received": Message("Order {reference} is not picked yet."),
    "packed": Message("Order {reference} is already packed."),
    "labelled": Message("Order {reference} is already packed and labelled."),
    "handed_over": Message("Order {reference} was already handed to the carrier."),
    "delivered": Message("Order {reference} was already delivered."),
}
_KIND_NAMES = {  # what a scanned code is, in the refusal of a code that is no product
    CodeKind.BADGE: Message("a badge"),
    CodeKind.ORDER_SLIP: Message("an order slip"),
    CodeKind.TOTE: Message("a tote"),
    CodeKind.BOX: Message("a box"),
    CodeKind.COMMAND: Message("a command"),
    CodeKind.SSCC: Message("a sscc"),
}
_DATA_WANTED = {  # (lot missing, serial missing) -> what the packer scans next
    (True, True): Message("Scan the lot number and serial number of {product}."),
    (True, False): Message("Scan the lot number of {product}."),
    (False, True): Message("Scan the serial number of {product}."),
    (False, False): Message("Scan the serial number of each unit of {product}."),
}


def packed_elsewhere(reference: str, where: str | None) -> Message:
    station = where or Message("another station")
    return Message(
        "Order {reference} is being packed at {where}.", reference=reference, where=station
    )


def not_open_here(reference: str, status: str) -> Message:
    return Message(
        "Order {reference} is not open at this station ({status}).",
        reference=reference,
        status=status,
    )


def not_workable(reference: str, status: str, hold_reason: str | None) -> Message:
    if status == "cancelled":
        return Message("Order {reference} was cancelled. Do not ship it.", reference=reference)
    if status == "on_hold" and hold_reason:
        return Message(
            "Order {reference} is on hold: {reason}.", reference=reference, reason=hold_reason
        )
    if status == "on_hold":
        return Message("Order {reference} is on hold.", reference=reference)
    return Message(_NOT_WORKABLE[status].template, reference=reference)


def not_held(reference: str) -> Message:
    return Message("Order {reference} is not held by any station.", reference=reference)


def unknown_barcode(shown: str) -> Message:
    return Message("Unknown barcode {code}: no product has it.", code=shown)


def not_an_item(kind: CodeKind, value: str, reference: str, unit_data: bool) -> Message:
    what = _KIND_NAMES.get(kind, kind.value)
    if kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
        return Message(
            "That is {what} ({code}), not a product. Finish order {reference} or hold it first.",
            what=what,
            code=value,
            reference=reference,
        )
    if unit_data:
        return Message(
            "That is {what} ({code}), not a lot or serial number.", what=what, code=value
        )
    return Message("That is {what} ({code}), not a product.", what=what, code=value)


def too_long_for_unit_data(value: str, most: int) -> Message:
    return Message(
        "{value} cannot be a lot or serial number (at most {most} characters).",
        value=repr(value[:24]),
        most=most,
    )


def wrong_item(product: str, reference: str) -> Message:
    return Message(
        "{product} is not in order {reference}. Put it aside.", product=product, reference=reference
    )


def over_scan(product: str, units: int, remaining: int) -> Message:
    if remaining == 0:
        return Message("{product} is already complete. Put this unit back.", product=product)
    return Message(
        "This barcode counts {units} units of {product}, only {remaining} still needed.",
        units=units,
        product=product,
        remaining=remaining,
    )


def counted(product: str, verified: int, quantity: int) -> Message:
    return Message(
        "{product}: {verified} of {quantity}", product=product, verified=verified, quantity=quantity
    )


def expired(product: str, lot: str | None, expiry: str) -> Message:
    if lot:
        return Message(
            "Lot {lot} of {product} expired on {expiry}. Put it aside.",
            lot=lot,
            product=product,
            expiry=expiry,
        )
    return Message("{product} expired on {expiry}. Put it aside.", product=product, expiry=expiry)


def data_needed(product: str, lot_missing: bool, serial_missing: bool) -> Message:
    return Message(_DATA_WANTED[(lot_missing, serial_missing)].template, product=product)


def serial_packed(serial: str, product: str, waiting: bool = False) -> Message:
    if waiting:
        return Message(
            "Serial {serial} of {product} was already packed. Put this unit aside and scan "
            "the serial number of another unit of {product}.",
            serial=serial,
            product=product,
        )
    return Message(
        "Serial {serial} of {product} was already packed. Scan another unit.",
        serial=serial,
        product=product,
    )


NOTHING_TO_UNDO = Message("Nothing to undo: no unit of this order has been scanned.")


def undone(product: str, verified: int, quantity: int) -> Message:
    return Message(
        "Undone: {product} is back to {verified} of {quantity}.",
        product=product,
        verified=verified,
        quantity=quantity,
    )


def units_missing(count: int, missing: str) -> Message:
    return Message("{count} unit(s) still to scan: {missing}", count=count, missing=missing)


def undone_part(kit: str, part: str, scanned: int, expected: int) -> Message:
    return Message(
        "Undone: {kit}: {part} is back to {scanned} of {expected}.",
        kit=kit,
        part=part,
        scanned=scanned,
        expected=expected,
    )


def serials_missing(serials: str) -> Message:
    return Message("Serials still to scan: {serials}", serials=serials)


def kit_by_components(product: str, reference: str, components: str) -> Message:
    return Message(
        "{product} is packed from its components in order {reference}: scan each of them "
        "({components}).",
        product=product,
        reference=reference,
        components=components,
    )


def scan_the_kit(product: str, kit: str, reference: str) -> Message:
    return Message(
        "{product} comes inside the pre-packed kit {kit} in order {reference}: scan the kit's "
        "barcode, not its parts.",
        product=product,
        kit=kit,
        reference=reference,
    )


def counted_part(kit: str, part: str, scanned: int, expected: int) -> Message:
    return Message(
        "{kit}: {part} {scanned} of {expected}",
        kit=kit,
        part=part,
        scanned=scanned,
        expected=expected,
    )


def unexpected_serial(serial: str, product: str, waiting: bool = False) -> Message:
    if waiting:
        return Message(
            "Serial {serial} of {product} is not one of this order's. Put this unit aside and "
            "scan the serial number of another unit of {product}.",
            serial=serial,
            product=product,
        )
    return Message(
        "Serial {serial} of {product} is not one of this order's. Put this unit aside.",
        serial=serial,
        product=product,
    )


def serial_ticked(counted: str, serial: str, left: str) -> Message:
    if left:
        return Message(
            "{counted} · serial {serial} ✔ · left: {left}",
            counted=counted,
            serial=serial,
            left=left,
        )
    return Message("{counted} · serial {serial} ✔ · all serials in", counted=counted, serial=serial)
