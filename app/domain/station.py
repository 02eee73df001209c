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
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.commands import HOLD_REASONS, REPRINT_REASON_COMMANDS, Command, parse_command
from app.domain.errors import InvalidBarcode


class InputState(Enum):
    """What the station expects next."""

    SIGNED_OUT = "signed_out"
    NO_ORDER = "no_order"
    PACKING = "packing"
    HOLD_REASON = "hold_reason"
    """After HOLD: the next scan is the reason, from the command sheet."""
    RELEASE = "release"
    """A supervisor asked to release a claim: the next scan names the order."""

    @classmethod
    def of(
        cls, *, signed_in: bool, order_open: bool, waiting: InputState | None = None
    ) -> InputState:
        """The state of a station from what it shows. ``waiting`` (``HOLD_REASON`` or
        ``RELEASE``) counts only while someone is signed in; a hold reason only with an order."""
        if not signed_in:
            return cls.SIGNED_OUT
        if waiting is cls.RELEASE:
            return cls.RELEASE
        if not order_open:
            return cls.NO_ORDER
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


Intent = SignIn | OpenOrder | RecordScan | RunCommand | HoldWithReason | Release | Refuse

BADGE_FIRST = "Scan your badge first."
NOT_A_BADGE = "That is not a badge. Scan your badge to sign in."
SLIP_OR_TOTE = "Scan an order slip or a tote to start an order."
NO_ORDER_TO_HOLD = "No open order to hold."
HOLD_CANCELLED = "Hold cancelled: scan a hold reason from the sheet."
RELEASE_CANCELLED = "Release cancelled: scan the slip or tote of the order to release."
ORDER_STILL_OPEN = "This order is still open. Complete or hold it first."
UNKNOWN_COMMAND = "That command barcode is not one this station knows."
REPRINT_REASON_FIRST = (
    "That is a reason for printing a label again: press Print again [F10] first, then scan it."
)

_REFUSED_WITHOUT_ORDER = {
    Command.COMPLETE: "No open order to complete.",
    Command.UNDO: "No open order: nothing to undo.",
    Command.HOLD: NO_ORDER_TO_HOLD,
}


def read(state: InputState, text: str, codes: InterpreterConfig | None = None) -> Intent:
    """The meaning of ``text`` scanned (or typed and entered) in ``state``."""
    codes = codes or InterpreterConfig()
    command = parse_command(text, codes.command_prefix) if codes.command_prefix else None
    if command is not None:
        return read_command(state, command)
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
        if kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            return OpenOrder(text)
        return Refuse(problem or SLIP_OR_TOTE)
    if state is InputState.HOLD_REASON:
        return Refuse(HOLD_CANCELLED)
    if state is InputState.RELEASE:
        if kind in (CodeKind.ORDER_SLIP, CodeKind.TOTE):
            return Release(text)
        return Refuse(RELEASE_CANCELLED)
    # Packing: every other code is a unit; the order decides what it is (and stores it, a
    # wrong or unreadable one included).
    return RecordScan(text)


def read_command(state: InputState, command: Command) -> Intent:
    """What ``command`` does in ``state``: scanned from the sheet or pressed as its key."""
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
            return Refuse("Give a reason for the hold.")
        return HoldWithReason(reason.strip())
    return intent


def waiting_after(intent: Intent) -> InputState | None:
    """What the station waits for once ``intent`` was taken (None: nothing)."""
    if isinstance(intent, RunCommand) and intent.command is Command.HOLD:
        return InputState.HOLD_REASON
    return None
