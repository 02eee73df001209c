"""What a scan or a command key means at a packing station, decided once.

A station is always in one input state (signed out, no order, packing, or waiting for one
answer: a hold reason or the order to release). Given that state and what was scanned, ``read``
returns exactly one intent; the screen maps intents to use cases and shows refusals, and
decides nothing itself. Plain Python, no I/O: the database still has the last word (a badge
that is not known, an order claimed elsewhere).

What callers may rely on:

* ``read`` and ``read_command`` return one of the intent types below for any text and never
  raise.
* A waiting state (``HOLD_REASON``, ``RELEASE``) lasts for one answer: whatever the intent,
  the station is no longer waiting after it, except ``RunCommand(Command.HOLD)`` which starts
  waiting for a hold reason. The screen applies that with ``waiting_after``.
* An error the site wants acknowledged (``unacknowledged_after``) puts the station in
  ``ACKNOWLEDGE``: every item scan is refused (``RefuseScan``, stored with its own outcome),
  every command but ACKNOWLEDGE and SIGN_OUT is refused, until ``Acknowledge``. Where only a
  supervisor may acknowledge it, ACKNOWLEDGE works for a supervisor signed in, and a
  supervisor's badge scanned acknowledges it for the packer.
* A badge scanned while someone is signed in (no order, packing, or an error waiting that
  the packer may acknowledge) switches packer at once (``SwitchPacker``); the open order stays
  open at the station, and so does an error waiting, for the new packer to acknowledge.
* A box barcode scanned while packing chooses the open parcel's box (``ChooseBox``).
* Important packing notes (``app.domain.packing_notes``) wait as an ``Unacknowledged`` without
  an outcome: item scans are refused until ACKNOWLEDGE, as for an error.
* A unit's code typed by hand (``Context.keyed``) is refused where the site refuses keyed item
  codes; otherwise it is verified like a scan (and stored as keyed).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum, StrEnum

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.commands import HOLD_REASONS, REPRINT_REASON_COMMANDS, Command, parse_command
from app.domain.errors import InvalidBarcode
from app.domain.message import Message
from app.domain.model import ScanOutcome
from app.domain.station_rules import StationRules


class Entry(StrEnum):
    """How a code reached the station: from a scanner, or typed by hand into the entry."""

    SCANNED = "scanned"
    KEYED = "keyed"


class InputState(Enum):
    """What the station expects next."""

    SIGNED_OUT = "signed_out"
    NO_ORDER = "no_order"
    PACKING = "packing"
    HOLD_REASON = "hold_reason"
    """After HOLD: the next scan is the reason, from the command sheet."""
    RELEASE = "release"
    """A supervisor asked to release a claim: the next scan names the order."""
    ACKNOWLEDGE = "acknowledge"
    """An error is on screen until acknowledged: item scans are refused meanwhile."""

    @classmethod
    def of(
        cls,
        *,
        signed_in: bool,
        order_open: bool,
        waiting: InputState | None = None,
        error: bool = False,
    ) -> InputState:
        """The state of a station from what it shows. ``waiting`` (``HOLD_REASON`` or
        ``RELEASE``) counts only while someone is signed in; a hold reason only with an order;
        ``error`` (an error not acknowledged) only with an order."""
        if not signed_in:
            return cls.SIGNED_OUT
        if waiting is cls.RELEASE:
            return cls.RELEASE
        if not order_open:
            return cls.NO_ORDER
        if error:
            return cls.ACKNOWLEDGE
        if waiting is cls.HOLD_REASON:
            return cls.HOLD_REASON
        return cls.PACKING

    @property
    def waiting(self) -> bool:
        return self in (InputState.HOLD_REASON, InputState.RELEASE)


@dataclass(frozen=True)
class SignIn:
    badge: str


@dataclass(frozen=True)
class OpenOrder:
    """Claim (or resume) the order of a scanned slip or tote."""

    code: str


@dataclass(frozen=True)
class RecordScan:
    """Verify a scanned unit against the open order (the service stores every outcome)."""

    code: str


@dataclass(frozen=True)
class RunCommand:
    """A command valid in the state it was given in: COMPLETE, UNDO, NEXT, REPRINT, SIGN_OUT,
    HOLD (ask for the reason), CANCEL (stop waiting), or LABEL_OK / LABEL_AGAIN (the answers
    to "did the label come out?", with or without an open order)."""

    command: Command


@dataclass(frozen=True)
class HoldWithReason:
    reason: str


@dataclass(frozen=True)
class Release:
    """Release the claim on the order whose slip or tote this is (supervisors)."""

    code: str


@dataclass(frozen=True)
class Refuse:
    """Nothing to do: ``message`` tells the packer why and what to do instead."""

    message: str


@dataclass(frozen=True)
class SwitchPacker:
    """A badge scanned while someone is signed in: that person takes over at once."""

    badge: str


@dataclass(frozen=True)
class Acknowledge:
    """The error on screen was seen: by the user signed in (``badge`` None), or by the
    supervisor whose badge was scanned."""

    badge: str | None = None


@dataclass(frozen=True)
class ChooseBox:
    """A box barcode scanned while packing: the open parcel goes in that box."""

    code: str


@dataclass(frozen=True)
class RefuseScan:
    """An item scan that is not verified: stored with ``outcome``, ``message`` shown."""

    code: str
    outcome: ScanOutcome
    message: str


Intent = (
    SignIn
    | OpenOrder
    | RecordScan
    | RunCommand
    | HoldWithReason
    | Release
    | Refuse
    | SwitchPacker
    | Acknowledge
    | RefuseScan
    | ChooseBox
)


@dataclass(frozen=True)
class Unacknowledged:
    """An error on screen that must be acknowledged (``supervisor``: by a supervisor); with no
    ``outcome``, the order's important packing notes (``app.domain.packing_notes``)."""

    outcome: ScanOutcome | None
    supervisor: bool = False

    @property
    def what(self) -> str:
        return self.outcome.value if self.outcome is not None else "packing notes"


@dataclass(frozen=True)
class Context:
    """What else a station knows when it reads a code: the site's rules, the error waiting to
    be acknowledged, whether the user signed in may supervise, and whether the code was typed
    by hand."""

    rules: StationRules = field(default_factory=StationRules)
    error: Unacknowledged | None = None
    supervisor: bool = False
    keyed: bool = False


BADGE_FIRST = Message("Scan your badge first.")
NOT_A_BADGE = Message("That is not a badge. Scan your badge to sign in.")
SLIP_OR_TOTE = Message("Scan an order slip or a tote to start an order.")
NO_ORDER_TO_HOLD = Message("No open order to hold.")
HOLD_CANCELLED = Message("Hold cancelled: scan a hold reason from the sheet.")
RELEASE_CANCELLED = Message("Release cancelled: scan the slip or tote of the order to release.")
ORDER_STILL_OPEN = Message("This order is still open. Complete or hold it first.")
UNKNOWN_COMMAND = Message("That command barcode is not one this station knows.")
REPRINT_REASON_FIRST = Message(
    "That is a reason for printing a label again: press Print again [F10] first, then scan it."
)
ACKNOWLEDGE_FIRST = Message("Acknowledge the error first: scan ACKNOWLEDGE or press [F7].")
SUPERVISOR_ACKNOWLEDGES = Message("A supervisor must acknowledge this: scan a supervisor's badge.")
NOTHING_TO_ACKNOWLEDGE = Message("Nothing to acknowledge.")
NOTES_FIRST = Message("Read the packing notes first, then scan ACKNOWLEDGE or press [F7].")
KEYED_REFUSED = Message(
    "Typed codes do not count for units at this site: scan the unit's barcode. If it will "
    "not scan, put the order on hold [F9]."
)

_REFUSED_WITHOUT_ORDER = {
    Command.COMPLETE: Message("No open order to complete."),
    Command.UNDO: Message("No open order: nothing to undo."),
    Command.HOLD: NO_ORDER_TO_HOLD,
}


def read(
    state: InputState,
    text: str,
    codes: InterpreterConfig | None = None,
    context: Context | None = None,
) -> Intent:
    """The meaning of ``text`` scanned (or typed and entered) in ``state``."""
    codes = codes or InterpreterConfig()
    context = context or Context()
    command = parse_command(text, codes.command_prefix) if codes.command_prefix else None
    if command is not None:
        return read_command(state, command, context)
    try:
        kind: CodeKind | None = interpret(text, codes).kind
        problem = ""
    except InvalidBarcode as exc:
        kind, problem = None, exc.message
    if kind is CodeKind.COMMAND and state in (InputState.SIGNED_OUT, InputState.NO_ORDER):
        return Refuse(UNKNOWN_COMMAND)
    if state is InputState.SIGNED_OUT:
        return SignIn(text) if kind is CodeKind.BADGE else Refuse(problem or NOT_A_BADGE)
    if state is InputState.NO_ORDER:
        if kind is CodeKind.BADGE:
            return SwitchPacker(text)
        if kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            return OpenOrder(text)
        return Refuse(problem or SLIP_OR_TOTE)
    if state is InputState.HOLD_REASON:
        return Refuse(HOLD_CANCELLED)
    if state is InputState.RELEASE:
        if kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            return Release(text)
        return Refuse(RELEASE_CANCELLED)
    if state is InputState.ACKNOWLEDGE:
        error = context.error or Unacknowledged(ScanOutcome.INVALID_BARCODE)
        if kind is CodeKind.BADGE:
            # A badge is no item scan: another packer takes over at once and the error stays
            # on screen for them to acknowledge; where a supervisor must acknowledge it, their
            # badge does (scanned again afterwards, it switches).
            return Acknowledge(text) if error.supervisor else SwitchPacker(text)
        return RefuseScan(text, ScanOutcome.REFUSED_UNACKNOWLEDGED, _acknowledge_first(error))
    if kind is CodeKind.BADGE:
        return SwitchPacker(text)
    if kind is CodeKind.BOX:
        return ChooseBox(text)
    if context.keyed and not context.rules.keyed_item_codes:
        return RefuseScan(text, ScanOutcome.REFUSED_KEYED, KEYED_REFUSED)
    # Packing: every other code is a unit; the order decides what it is (and stores it, a
    # wrong or unreadable one included).
    return RecordScan(text)


def _acknowledge_first(error: Unacknowledged) -> str:
    if error.outcome is None:
        return NOTES_FIRST
    return SUPERVISOR_ACKNOWLEDGES if error.supervisor else ACKNOWLEDGE_FIRST


def read_command(state: InputState, command: Command, context: Context | None = None) -> Intent:
    """What ``command`` does in ``state``: scanned from the sheet or pressed as its key."""
    context = context or Context()
    if state is InputState.ACKNOWLEDGE:
        error = context.error or Unacknowledged(ScanOutcome.INVALID_BARCODE)
        if command is Command.SIGN_OUT:
            return RunCommand(command)
        if command is not Command.ACKNOWLEDGE:
            return Refuse(_acknowledge_first(error))
        refusal = acknowledge_refusal(error, context.supervisor)
        return Refuse(refusal) if refusal is not None else Acknowledge()
    if command is Command.ACKNOWLEDGE:
        return Refuse(BADGE_FIRST if state is InputState.SIGNED_OUT else NOTHING_TO_ACKNOWLEDGE)
    if command is Command.CANCEL:
        return RunCommand(command)
    if state is InputState.SIGNED_OUT:
        return Refuse(BADGE_FIRST)
    if state is InputState.HOLD_REASON:
        reason = HOLD_REASONS.get(command)
        return HoldWithReason(reason) if reason is not None else Refuse(HOLD_CANCELLED)
    if state is InputState.RELEASE:
        return Refuse(RELEASE_CANCELLED)
    if command in REPRINT_REASON_COMMANDS:  # scanned in the Print again window, not here
        return Refuse(REPRINT_REASON_FIRST)
    if state is InputState.NO_ORDER:
        if command in HOLD_REASONS:
            return Refuse(NO_ORDER_TO_HOLD)
        refused = _REFUSED_WITHOUT_ORDER.get(command)
        return Refuse(refused) if refused is not None else RunCommand(command)
    if command in HOLD_REASONS:
        return HoldWithReason(HOLD_REASONS[command])
    if command is Command.NEXT:
        return Refuse(ORDER_STILL_OPEN)
    return RunCommand(command)


def read_typed_reason(state: InputState, reason: str) -> Intent:
    """A hold reason typed into the hold dialog (F9) instead of scanned from the sheet."""
    intent = read_command(state, Command.HOLD)
    if intent == RunCommand(Command.HOLD) or state is InputState.HOLD_REASON:
        if not reason.strip():
            return Refuse(Message("Give a reason for the hold."))
        return HoldWithReason(reason.strip())
    return intent


def unacknowledged_after(outcome: ScanOutcome, rules: StationRules) -> Unacknowledged | None:
    """The error a scan's outcome leaves on screen until acknowledged (None: nothing to
    acknowledge, the next scan may follow at once)."""
    if not rules.needs_acknowledging(outcome):
        return None
    return Unacknowledged(outcome, rules.needs_supervisor(outcome))


@dataclass(frozen=True)
class PastError:
    """An error scan of an order as its scan event stores it."""

    outcome: ScanOutcome
    message: str
    at: datetime
    raw: str = ""
    """The code scanned: the station decides it again to say the error in its language."""


@dataclass(frozen=True)
class WaitingError:
    """An error a station left on screen unacknowledged (a restart, a crash, a sign-out):
    ``error`` waits again, ``scan`` is what to show."""

    error: Unacknowledged
    scan: PastError


def error_still_waiting(
    last_error: PastError | None, acknowledged_at: datetime | None, rules: StationRules
) -> WaitingError | None:
    """The error the open order still waits on: its last scan whose outcome the site wants
    acknowledged (``last_error``, of ``rules.acknowledged_outcomes``), unless an
    acknowledgement of the order came at or after it. None: nothing waits."""
    if last_error is None or not rules.needs_acknowledging(last_error.outcome):
        return None
    if acknowledged_at is not None and acknowledged_at >= last_error.at:
        return None
    error = unacknowledged_after(last_error.outcome, rules)
    return None if error is None else WaitingError(error, last_error)


def acknowledge_refusal(error: Unacknowledged, may_supervise: bool) -> str | None:
    """Why someone who may (or may not) supervise cannot acknowledge ``error``; None: they
    can."""
    if error.supervisor and not may_supervise:
        return SUPERVISOR_ACKNOWLEDGES
    return None


def waiting_after(intent: Intent) -> InputState | None:
    """What the station waits for once ``intent`` was taken (None: nothing)."""
    if isinstance(intent, RunCommand) and intent.command is Command.HOLD:
        return InputState.HOLD_REASON
    return None
