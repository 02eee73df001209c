"""The site's rules for every station, and the PIN lockout. Plain Python, no I/O.

They are site settings (one row per key in ``site_settings``, shared by every station) read
into ``StationRules`` when a packer signs in:

* ``acknowledge_outcomes``: the scan outcomes that stay on screen until acknowledged, as a
  comma-separated list of ``ScanOutcome`` values, or ``none``. Default: wrong item,
  over-scan, unknown, invalid, expired, duplicate serial.
* ``supervisor_acknowledges``: the outcomes only a supervisor may acknowledge (their badge,
  or a supervisor signed in at the station); ``none`` by default. ``wrong_item`` is the usual
  choice. Such an outcome needs acknowledging even when it is not in the first list.
* ``keyed_item_codes``: ``allowed`` (default) or ``refused``: whether a unit's code typed by
  hand counts (it is always recorded as keyed).
* ``pin_lock_minutes``: how long a user is locked out after ``PIN_ATTEMPTS`` wrong PINs in a
  row (default 5; 1 to 1440).

A value stored by hand that does not parse falls back to the default (``check_rule`` refuses
it when set through Packbench).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from app.domain.errors import DomainError
from app.domain.message import Message
from app.domain.model import ScanOutcome

ACKNOWLEDGE_OUTCOMES: Final = "acknowledge_outcomes"
SUPERVISOR_ACKNOWLEDGES: Final = "supervisor_acknowledges"
KEYED_ITEM_CODES: Final = "keyed_item_codes"
PIN_LOCK_MINUTES: Final = "pin_lock_minutes"
RULE_KEYS: Final = (
    ACKNOWLEDGE_OUTCOMES,
    SUPERVISOR_ACKNOWLEDGES,
    KEYED_ITEM_CODES,
    PIN_LOCK_MINUTES,
)

PIN_ATTEMPTS: Final = 5
"""Wrong PINs in a row that lock a user out."""

DEFAULT_ACKNOWLEDGED: Final = frozenset(
    {
        ScanOutcome.WRONG_ITEM,
        ScanOutcome.OVER_SCAN,
        ScanOutcome.UNKNOWN_BARCODE,
        ScanOutcome.INVALID_BARCODE,
        ScanOutcome.EXPIRED,
        ScanOutcome.DUPLICATE_SERIAL,
        ScanOutcome.UNEXPECTED_SERIAL,
    }
)
ACKNOWLEDGEABLE: Final = frozenset(
    outcome
    for outcome in ScanOutcome
    if outcome.is_error
    and outcome not in (ScanOutcome.REFUSED_UNACKNOWLEDGED, ScanOutcome.REFUSED_KEYED)
)
"""The outcomes a site may ask to be acknowledged: a verification's errors (not the refusals,
which change nothing)."""


class InvalidRule(DomainError):
    """A site rule given a value it cannot take."""


@dataclass(frozen=True)
class StationRules:
    acknowledged: frozenset[ScanOutcome] = DEFAULT_ACKNOWLEDGED
    supervisor_acknowledges: frozenset[ScanOutcome] = frozenset()
    keyed_item_codes: bool = True
    pin_lock_minutes: int = 5

    def needs_acknowledging(self, outcome: ScanOutcome) -> bool:
        return outcome in self.acknowledged or outcome in self.supervisor_acknowledges

    @property
    def acknowledged_outcomes(self) -> frozenset[ScanOutcome]:
        """Every outcome the site wants acknowledged (by anyone, or by a supervisor)."""
        return self.acknowledged | self.supervisor_acknowledges

    def needs_supervisor(self, outcome: ScanOutcome) -> bool:
        return outcome in self.supervisor_acknowledges

    @classmethod
    def from_settings(cls, get: Callable[[str], str | None]) -> StationRules:
        """The rules from the stored settings (``get(key)``: the value or None)."""
        default = cls()
        values: dict[str, object] = {}
        for key, field in (
            (ACKNOWLEDGE_OUTCOMES, "acknowledged"),
            (SUPERVISOR_ACKNOWLEDGES, "supervisor_acknowledges"),
            (KEYED_ITEM_CODES, "keyed_item_codes"),
            (PIN_LOCK_MINUTES, "pin_lock_minutes"),
        ):
            stored = get(key)
            if stored is None:
                continue
            try:
                values[field] = _parse(key, stored)
            except InvalidRule:
                values[field] = getattr(default, field)
        return cls(**values)  # type: ignore[arg-type]


def check_rule(key: str, value: str) -> str:
    """``value`` as it is stored for ``key``; ``InvalidRule`` with the allowed values."""
    parsed = _parse(key, value)
    if isinstance(parsed, frozenset):
        return ",".join(sorted(outcome.value for outcome in parsed)) or "none"
    if isinstance(parsed, bool):
        return "allowed" if parsed else "refused"
    return str(parsed)


def _parse(key: str, value: str) -> frozenset[ScanOutcome] | bool | int:
    value = value.strip().lower()
    if key in (ACKNOWLEDGE_OUTCOMES, SUPERVISOR_ACKNOWLEDGES):
        if value in ("", "none"):
            return frozenset()
        names = {outcome.value: outcome for outcome in ACKNOWLEDGEABLE}
        words = [word.strip() for word in value.split(",") if word.strip()]
        unknown = [word for word in words if word not in names]
        if unknown:
            raise InvalidRule(
                f"{key}: {', '.join(unknown)} is not an outcome to acknowledge; use 'none' or "
                f"some of {', '.join(sorted(names))}."
            )
        return frozenset(names[word] for word in words)
    if key == KEYED_ITEM_CODES:
        if value not in ("allowed", "refused"):
            raise InvalidRule(f"{key}: use 'allowed' or 'refused'.")
        return value == "allowed"
    if key == PIN_LOCK_MINUTES:
        if not value.isdigit() or not 1 <= int(value) <= 1440:
            raise InvalidRule(f"{key}: a whole number of minutes from 1 to 1440.")
        return int(value)
    raise InvalidRule(f"{key!r} is not a station rule; the rules are {', '.join(RULE_KEYS)}.")


# -- PIN lockout -------------------------------------------------------------------------------


def locked_message(name: str, locked_until: datetime | None, now: datetime) -> str | None:
    """Why ``name`` cannot sign in now, or None when not locked (a lock that ran out)."""
    if locked_until is None or now >= locked_until:
        return None
    minutes = max(1, math.ceil((locked_until - now).total_seconds() / 60))
    if minutes == 1:
        return Message(
            "{name} is locked after {attempts} wrong PINs: try again in 1 minute, or ask a "
            "supervisor to unlock.",
            name=name,
            attempts=PIN_ATTEMPTS,
        )
    return Message(
        "{name} is locked after {attempts} wrong PINs: try again in {minutes} minutes, or ask "
        "a supervisor to unlock.",
        name=name,
        attempts=PIN_ATTEMPTS,
        minutes=minutes,
    )


def after_wrong_pin(
    name: str, failures: int, now: datetime, rules: StationRules
) -> tuple[datetime | None, str]:
    """A wrong PIN, the ``failures``-th in a row: until when the user is locked (None: not
    yet) and what the packer is told."""
    left = PIN_ATTEMPTS - failures
    if left > 0:
        if left == 1:
            return None, Message("Wrong PIN. 1 try left.")
        return None, Message("Wrong PIN. {left} tries left.", left=left)
    until = now + timedelta(minutes=rules.pin_lock_minutes)
    return until, Message(
        "Wrong PIN. {name} is locked for {minutes} minutes after {attempts} wrong PINs; a "
        "supervisor can unlock.",
        name=name,
        minutes=rules.pin_lock_minutes,
        attempts=PIN_ATTEMPTS,
    )
