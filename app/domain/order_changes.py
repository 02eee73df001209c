"""What a re-imported order does to the stored one: the change rules of order intake.

Plain Python: ``decide`` looks at the stored order (its state, whether a station holds it,
whether units of it were scanned) and the file's version, and says what to write.

- Nothing differs: nothing happens (no write, no audit).
- A cancellation (the file's ``status`` is ``cancelled``) cancels the order in any state up to
  ``labelled``: a station's claim ends, its next scan says "cancelled, do not ship it", and a
  label still waiting is stopped by the print queue before its first byte. Cancelling a
  cancelled order does nothing; a handed-over or delivered order refuses the file.
- An order still ``received``, ``ready`` or ``on_hold`` that no station holds and of which no
  unit was scanned takes every field, lines and totes included (its status is kept).
- Changed lines on an order a station holds, or of which units were scanned (also packed and
  labelled orders), put it on hold: "lines changed by the order system". The new lines replace
  the old ones only where no unit was scanned yet; otherwise they wait for the supervisor.
- A changed address, carrier, service or upstream label on a packed or labelled order puts it
  on hold ("address changed by the order system") and is written, so a new label shows it.
  While the order is being packed such a change is harmless: the label is made at the end.
- Everything else (priority, cut-off, channel, slip, totes, phone, email, notes, gift message)
  is applied in any of these states and changes nothing already done.
- A change to a cancelled, handed-over or delivered order refuses the file with its line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from app.domain.model import OrderStatus
from app.domain.order_records import SHIPPING, OrderRecord, StoredOrder

LINES_CHANGED: Final = "lines changed by the order system"
ADDRESS_CHANGED: Final = "address changed by the order system"
HOLD_REASON_MAX: Final = 200

_S = OrderStatus
_PACKED: Final = (_S.PACKED.value, _S.LABELLED.value)
_TOO_LATE: Final = (_S.HANDED_OVER.value, _S.DELIVERED.value)


@dataclass(frozen=True)
class Decision:
    """What to do with one stored order. ``fields``: what differs (for the audit);
    ``write``: overwrite the order's fields with the file's; ``lines``: its lines too;
    ``status``: the state it goes to (cancelled or on hold), with ``hold_reason``;
    ``refused``: the problem that refuses the file; ``note``: what the audit adds."""

    fields: tuple[str, ...] = ()
    write: bool = False
    lines: bool = False
    status: OrderStatus | None = None
    hold_reason: str | None = None
    refused: str | None = None
    note: str = ""

    @property
    def nothing(self) -> bool:
        return not (self.write or self.status or self.refused)


NOTHING: Final = Decision()


def decide(stored: StoredOrder, incoming: OrderRecord) -> Decision:
    """The rule for ``incoming`` (read from a file) against the order as ``stored``."""
    reference = incoming.reference
    status = stored.status
    if incoming.cancelled:
        if status == _S.CANCELLED.value:
            return NOTHING
        if status in _TOO_LATE:
            return Decision(refused=f"order {reference} is {_said(status)}: too late to cancel")
        was = "being packed at a station" if stored.claimed else _said(status)
        printed = " (its label was printed: take the parcel off the cage)"
        return Decision(
            fields=("status",),
            status=_S.CANCELLED,
            note=f"cancelled while {was}" + (printed if status == _S.LABELLED.value else ""),
        )
    fields = tuple(stored.record.differences(incoming))
    if not fields:
        return NOTHING
    if status == _S.CANCELLED.value or status in _TOO_LATE:
        return Decision(
            fields=fields,
            refused=f"order {reference} is {_said(status)}: changes to it are not applied",
        )
    lines_changed = "lines" in fields
    begun = stored.claimed or stored.started or status in _PACKED
    reasons = []
    if lines_changed and begun:
        reasons.append(LINES_CHANGED)
    if status in _PACKED and any(f in SHIPPING for f in fields):
        reasons.append(ADDRESS_CHANGED)
    # Lines referenced by scans stay until a supervisor sorts the order out.
    replace_lines = lines_changed and not stored.started
    written = tuple(f for f in fields if f != "lines" or replace_lines)
    if not reasons:
        return Decision(fields=fields, write=True, lines=replace_lines, note="updated")
    held = stored.hold_reason or ""
    if status == _S.ON_HOLD.value and all(r in held for r in reasons):
        # Held for this already: only what can still be written is new.
        if not written:
            return NOTHING
        return Decision(fields=written, write=True, lines=replace_lines, note="updated")
    kept = held if status == _S.ON_HOLD.value and held else ""
    reason = "; ".join([kept] * bool(kept) + [r for r in reasons if r not in kept])
    waiting = (
        " (the new lines wait: units were scanned)" if lines_changed and not replace_lines else ""
    )
    return Decision(
        fields=fields,
        write=bool(written),
        lines=replace_lines,
        status=_S.ON_HOLD,
        hold_reason=_cut(reason),
        note=f"put on hold while {_doing(stored)}: {'; '.join(reasons)}{waiting}",
    )


def _said(status: str) -> str:
    return status.replace("_", " ")


def _doing(stored: StoredOrder) -> str:
    if stored.claimed:
        return "being packed at a station"
    return _said(stored.status)


def _cut(reason: str) -> str:
    if len(reason) <= HOLD_REASON_MAX:
        return reason
    return reason[: HOLD_REASON_MAX - 3] + "..."
