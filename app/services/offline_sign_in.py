"""Sign-ins made offline, journaled and replayed (issue 13): the audit and the PIN lockout of
the shared database learn of them when the station syncs.

Offline, ``SignInService.sign_in`` runs unchanged against the local store (cached badge and
PIN hashes, the same lockout there). Before it runs, ``sign_in_entry`` says which journal entry
its commit will carry: ``sign_in``, ``wrong_pin`` or ``sign_in_locked``, with the user's id
(never the badge code or the PIN). A PIN asked for, an unknown or deactivated badge journal
nothing. ``replay_sign_in`` applies an entry to the shared database: a wrong PIN counts there
(with the wrong PINs made elsewhere meanwhile) and locks the user where the count says so; a
sign-in clears the count, as online; each is audited, marked "offline".
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.station_rules import StationRules, after_wrong_pin, locked_message
from app.services.ports import Clock, CredentialHasher, UnitOfWork, UnitOfWorkFactory

SIGN_IN_KINDS = frozenset({"sign_in", "wrong_pin", "sign_in_locked"})


def sign_in_entry(
    local: UnitOfWorkFactory,
    clock: Clock,
    hasher: CredentialHasher,
    codes: InterpreterConfig,
    badge_code: str,
    pin: str | None,
) -> tuple[str, dict[str, Any]] | None:
    """The journal entry (kind, args) the local sign-in will commit, or None for none."""
    code = interpret(badge_code, codes)
    if code.kind is not CodeKind.BADGE:
        return None
    with local(read_only=True) as uow:
        user = uow.users.by_badge_hash(hasher.badge_digest(code.value))
    if user is None or not user.active:
        return None
    args: dict[str, Any] = {"user_id": user.id, "user_name": user.name}
    if locked_message(user.name, user.locked_until, clock.now()) is not None:
        return "sign_in_locked", args
    if user.pin_hash is None:
        return "sign_in", args
    if pin is None:
        return None  # the PIN is asked for: nothing stored
    return ("sign_in" if hasher.verify_pin(user.pin_hash, pin) else "wrong_pin"), args


def replay_sign_in(
    uow: UnitOfWork, kind: str, args: dict[str, Any], station_id: int, at: datetime
) -> str:
    """Apply a sign-in entry made offline at ``at`` to the shared database (``uow``, not
    committed here); what happened, for the journal."""
    user_id, name = int(args["user_id"]), str(args["user_name"])
    action, detail = "sign_in_failed", "locked (offline)"
    if kind == "sign_in":
        action, detail = "sign_in", "offline"
        uow.users.set_lock(user_id, None)
    elif kind == "wrong_pin":
        rules = StationRules.from_settings(uow.site_settings.get)
        failures = uow.users.pin_failed(user_id)
        until, _message = after_wrong_pin(name, failures, at, rules)
        detail = f"wrong PIN ({failures} in a row; offline)"
        if until is not None:
            uow.users.set_lock(user_id, until)
            detail += f"; locked for {rules.pin_lock_minutes} minutes"
    uow.audit.record(
        at=at,
        user_id=user_id,
        station_id=station_id,
        action=action,
        entity="user",
        entity_id=user_id,
        detail=detail,
    )
    return detail
