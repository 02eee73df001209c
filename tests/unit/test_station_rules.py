"""The domain's rules for acknowledged errors, keyed entry, fast switch and PIN lockout."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.commands import Command
from app.domain.model import ScanOutcome
from app.domain.station import (
    ACKNOWLEDGE_FIRST,
    KEYED_REFUSED,
    NOTHING_TO_ACKNOWLEDGE,
    SUPERVISOR_ACKNOWLEDGES,
    Acknowledge,
    Context,
    InputState,
    RecordScan,
    Refuse,
    RefuseScan,
    RunCommand,
    SwitchPacker,
    Unacknowledged,
    read,
    read_command,
    unacknowledged_after,
)
from app.domain.station_rules import (
    ACKNOWLEDGE_OUTCOMES,
    DEFAULT_ACKNOWLEDGED,
    KEYED_ITEM_CODES,
    PIN_ATTEMPTS,
    PIN_LOCK_MINUTES,
    InvalidRule,
    StationRules,
    after_wrong_pin,
    check_rule,
    locked_message,
)
from app.domain.station_rules import (
    SUPERVISOR_ACKNOWLEDGES as SUPERVISOR_KEY,
)

S = InputState
MUG = "4006381333931"
OC = ScanOutcome
REFUSED = OC.REFUSED_UNACKNOWLEDGED
WRONG = Context(error=Unacknowledged(OC.WRONG_ITEM))
WRONG_BY_SUPERVISOR = Context(error=Unacknowledged(OC.WRONG_ITEM, supervisor=True))


def test_the_default_outcomes_to_acknowledge() -> None:
    rules = StationRules()
    assert rules.acknowledged == DEFAULT_ACKNOWLEDGED
    for outcome in (OC.WRONG_ITEM, OC.OVER_SCAN, OC.UNKNOWN_BARCODE, OC.INVALID_BARCODE):
        assert unacknowledged_after(outcome, rules) == Unacknowledged(outcome)
    for outcome in (OC.EXPIRED, OC.DUPLICATE_SERIAL):
        assert unacknowledged_after(outcome, rules) == Unacknowledged(outcome)
    kept = (OC.ACCEPTED, OC.UNDO, OC.DATA_NEEDED, OC.NOT_AN_ITEM, OC.REFUSED_UNACKNOWLEDGED)
    for outcome in kept:
        assert unacknowledged_after(outcome, rules) is None


def test_a_site_chooses_what_is_acknowledged_and_by_whom() -> None:
    settings = {ACKNOWLEDGE_OUTCOMES: "over_scan", SUPERVISOR_KEY: "wrong_item"}
    rules = StationRules.from_settings(settings.get)
    assert unacknowledged_after(OC.OVER_SCAN, rules) == Unacknowledged(OC.OVER_SCAN)
    assert unacknowledged_after(OC.UNKNOWN_BARCODE, rules) is None
    # Only a supervisor acknowledges it, and so it is acknowledged although not listed.
    assert unacknowledged_after(OC.WRONG_ITEM, rules) == Unacknowledged(OC.WRONG_ITEM, True)
    assert StationRules.from_settings({ACKNOWLEDGE_OUTCOMES: "none"}.get).acknowledged == set()


def test_a_rule_stored_by_hand_that_does_not_parse_keeps_its_default() -> None:
    stored = {ACKNOWLEDGE_OUTCOMES: "wrong_item,nonsense", PIN_LOCK_MINUTES: "-3"}
    rules = StationRules.from_settings(stored.get)
    assert rules == StationRules()


@pytest.mark.parametrize(
    ("key", "value", "stored"),
    [
        (ACKNOWLEDGE_OUTCOMES, " Wrong_Item , over_scan", "over_scan,wrong_item"),
        (ACKNOWLEDGE_OUTCOMES, "", "none"),
        (SUPERVISOR_KEY, "wrong_item", "wrong_item"),
        (KEYED_ITEM_CODES, "Refused", "refused"),
        (PIN_LOCK_MINUTES, "15", "15"),
    ],
)
def test_rules_are_checked_and_stored_in_one_spelling(key: str, value: str, stored: str) -> None:
    assert check_rule(key, value) == stored


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        (ACKNOWLEDGE_OUTCOMES, "accepted", "not an outcome to acknowledge"),
        (ACKNOWLEDGE_OUTCOMES, "refused_unacknowledged", "not an outcome to acknowledge"),
        (KEYED_ITEM_CODES, "maybe", "'allowed' or 'refused'"),
        (PIN_LOCK_MINUTES, "0", "1 to 1440"),
        (PIN_LOCK_MINUTES, "ten", "1 to 1440"),
        ("colour", "red", "not a station rule"),
    ],
)
def test_bad_rules_are_refused_with_what_is_allowed(key: str, value: str, says: str) -> None:
    with pytest.raises(InvalidRule, match=says):
        check_rule(key, value)


# -- the acknowledge state -----------------------------------------------------------------


def test_an_error_not_acknowledged_is_a_state_of_its_own() -> None:
    assert InputState.of(signed_in=True, order_open=True, error=True) is S.ACKNOWLEDGE
    assert InputState.of(signed_in=True, order_open=False, error=True) is S.NO_ORDER
    assert InputState.of(signed_in=False, order_open=True, error=True) is S.SIGNED_OUT


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (MUG, RefuseScan(MUG, REFUSED, ACKNOWLEDGE_FIRST)),
        ("4006381333932", RefuseScan("4006381333932", REFUSED, ACKNOWLEDGE_FIRST)),
        ("ORD1002", RefuseScan("ORD1002", REFUSED, ACKNOWLEDGE_FIRST)),
        ("BDG1002", SwitchPacker("BDG1002")),  # a badge is no item scan: it switches
        ("CMDACKNOWLEDGE", Acknowledge()),
        ("CMDSIGNOUT", RunCommand(Command.SIGN_OUT)),  # the idle lock still works
        ("CMDCOMPLETE", Refuse(ACKNOWLEDGE_FIRST)),
        ("CMDUNDO", Refuse(ACKNOWLEDGE_FIRST)),
        ("CMDHOLD", Refuse(ACKNOWLEDGE_FIRST)),
        ("CMDCANCEL", Refuse(ACKNOWLEDGE_FIRST)),  # cancel would hide the error
    ],
)
def test_while_an_error_waits_only_acknowledge_and_sign_out_work(
    text: str, expected: object
) -> None:
    assert read(S.ACKNOWLEDGE, text, context=WRONG) == expected


def test_only_a_supervisor_acknowledges_where_the_site_says_so() -> None:
    refused = Refuse(SUPERVISOR_ACKNOWLEDGES)
    assert read_command(S.ACKNOWLEDGE, Command.ACKNOWLEDGE, WRONG_BY_SUPERVISOR) == refused
    supervisor_here = Context(error=WRONG_BY_SUPERVISOR.error, supervisor=True)
    assert read_command(S.ACKNOWLEDGE, Command.ACKNOWLEDGE, supervisor_here) == Acknowledge()
    # A supervisor's badge scanned acknowledges for the packer (the service checks the role).
    assert read(S.ACKNOWLEDGE, "BDG9001", context=WRONG_BY_SUPERVISOR) == Acknowledge("BDG9001")
    scan = read(S.ACKNOWLEDGE, MUG, context=WRONG_BY_SUPERVISOR)
    assert scan == RefuseScan(MUG, OC.REFUSED_UNACKNOWLEDGED, SUPERVISOR_ACKNOWLEDGES)


def test_acknowledge_with_nothing_to_acknowledge() -> None:
    assert read(S.PACKING, "CMDACKNOWLEDGE") == Refuse(NOTHING_TO_ACKNOWLEDGE)
    assert read(S.NO_ORDER, "CMDACKNOWLEDGE") == Refuse(NOTHING_TO_ACKNOWLEDGE)
    assert isinstance(read(S.SIGNED_OUT, "CMDACKNOWLEDGE"), Refuse)


# -- keyed entry and the fast switch -------------------------------------------------------


def test_keyed_item_codes_count_unless_the_site_refuses_them() -> None:
    assert read(S.PACKING, MUG, context=Context(keyed=True)) == RecordScan(MUG)
    refusing = Context(rules=StationRules(keyed_item_codes=False), keyed=True)
    keyed_refused = RefuseScan(MUG, OC.REFUSED_KEYED, KEYED_REFUSED)
    assert read(S.PACKING, MUG, context=refusing) == keyed_refused
    # Scanned codes, commands and badges are not item codes typed by hand.
    scanned = Context(rules=StationRules(keyed_item_codes=False))
    assert read(S.PACKING, MUG, context=scanned) == RecordScan(MUG)
    assert read(S.PACKING, "CMDUNDO", context=refusing) == RunCommand(Command.UNDO)
    assert read(S.PACKING, "BDG1002", context=refusing) == SwitchPacker("BDG1002")


def test_a_badge_while_signed_in_switches_packer() -> None:
    assert read(S.NO_ORDER, "BDG1002") == SwitchPacker("BDG1002")
    assert read(S.PACKING, "]C0BDG1002") == SwitchPacker("]C0BDG1002")
    assert isinstance(read(S.HOLD_REASON, "BDG1002"), Refuse)
    assert isinstance(read(S.RELEASE, "BDG1002"), Refuse)


# -- PIN lockout ---------------------------------------------------------------------------


def test_five_wrong_pins_lock_for_the_sites_minutes() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    rules = StationRules(pin_lock_minutes=7)
    for failures in range(1, PIN_ATTEMPTS):
        until, message = after_wrong_pin("Alex", failures, now, rules)
        assert until is None
        assert f"{PIN_ATTEMPTS - failures} tr" in message
    until, message = after_wrong_pin("Alex", PIN_ATTEMPTS, now, rules)
    assert until == now + timedelta(minutes=7)
    assert "locked for 7 minutes" in message


def test_a_lock_runs_out() -> None:
    now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    until = now + timedelta(minutes=5)
    assert locked_message("Alex", None, now) is None
    message = locked_message("Alex", until, now + timedelta(seconds=30))
    assert message is not None and "try again in 5 minutes" in message
    last = locked_message("Alex", until, until - timedelta(seconds=10))
    assert last is not None and "1 minute," in last
    assert locked_message("Alex", until, until) is None
