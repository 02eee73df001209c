"""What a scan means at a station: one intent per state and text, decided in the domain."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain.barcodes import InterpreterConfig
from app.domain.commands import Command
from app.domain.station import (
    BADGE_FIRST,
    HOLD_CANCELLED,
    NO_ORDER_TO_HOLD,
    NOT_A_BADGE,
    ORDER_STILL_OPEN,
    RELEASE_CANCELLED,
    SLIP_OR_TOTE,
    UNKNOWN_COMMAND,
    Acknowledge,
    ChooseBox,
    HoldWithReason,
    InputState,
    Intent,
    OpenOrder,
    RecordScan,
    Refuse,
    RefuseScan,
    Release,
    RunCommand,
    SignIn,
    SwitchPacker,
    read,
    read_command,
    read_typed_reason,
    waiting_after,
)

S = InputState
MUG = "4006381333931"  # a valid EAN-13
INTENT_TYPES = (
    SignIn,
    OpenOrder,
    RecordScan,
    RunCommand,
    HoldWithReason,
    Release,
    Refuse,
    SwitchPacker,
    Acknowledge,
    RefuseScan,
    ChooseBox,
)


@pytest.mark.parametrize(
    ("state", "text", "expected"),
    [
        (S.SIGNED_OUT, "BDG1001", SignIn("BDG1001")),
        (S.SIGNED_OUT, " bdg1001 ", SignIn(" bdg1001 ")),  # the service gets the scan as is
        (S.SIGNED_OUT, MUG, Refuse(NOT_A_BADGE)),
        (S.SIGNED_OUT, "ORD1001", Refuse(NOT_A_BADGE)),
        (S.SIGNED_OUT, "CMDCOMPLETE", Refuse(BADGE_FIRST)),
        (S.SIGNED_OUT, "CMDCANCEL", RunCommand(Command.CANCEL)),
        (S.SIGNED_OUT, "CMDFLY", Refuse(UNKNOWN_COMMAND)),
        (S.NO_ORDER, "ORD1001", OpenOrder("ORD1001")),
        (S.NO_ORDER, "]C0TOT0001", OpenOrder("]C0TOT0001")),
        (S.NO_ORDER, MUG, Refuse(SLIP_OR_TOTE)),
        (S.NO_ORDER, "BDG1002", SwitchPacker("BDG1002")),  # another packer takes over
        (S.NO_ORDER, "cmdnext", RunCommand(Command.NEXT)),
        (S.NO_ORDER, "CMDCOMPLETE", Refuse("No open order to complete.")),
        (S.NO_ORDER, "CMDUNDO", Refuse("No open order: nothing to undo.")),
        (S.NO_ORDER, "CMDHOLD", Refuse(NO_ORDER_TO_HOLD)),
        (S.NO_ORDER, "CMDHOLDDAMAGED", Refuse(NO_ORDER_TO_HOLD)),
        (S.NO_ORDER, "CMDSIGNOUT", RunCommand(Command.SIGN_OUT)),
        (S.NO_ORDER, "CMDREPRINT", RunCommand(Command.REPRINT)),
        (S.PACKING, MUG, RecordScan(MUG)),
        (S.PACKING, "4006381333932", RecordScan("4006381333932")),  # wrong check digit: stored
        (S.PACKING, "ORD1002", RecordScan("ORD1002")),  # the order answers "not a product"
        (S.PACKING, "SN77", RecordScan("SN77")),  # a serial number after "data needed"
        (S.PACKING, "BDG1002", SwitchPacker("BDG1002")),  # the order stays at the station
        (S.PACKING, "CMDCOMPLETE", RunCommand(Command.COMPLETE)),
        (S.PACKING, "CMDUNDO", RunCommand(Command.UNDO)),
        (S.PACKING, "CMDNEXT", Refuse(ORDER_STILL_OPEN)),
        (S.PACKING, "CMDHOLD", RunCommand(Command.HOLD)),
        (S.PACKING, "CMDHOLDMISSING", HoldWithReason("Missing unit")),
        (S.HOLD_REASON, "CMDHOLDDAMAGED", HoldWithReason("Damaged unit")),
        (S.HOLD_REASON, "]C0CMDHOLDWRONG", HoldWithReason("Wrong item in tote")),
        (S.HOLD_REASON, MUG, Refuse(HOLD_CANCELLED)),
        (S.HOLD_REASON, "CMDCOMPLETE", Refuse(HOLD_CANCELLED)),
        (S.HOLD_REASON, "CMDCANCEL", RunCommand(Command.CANCEL)),
        (S.RELEASE, "ORD1002", Release("ORD1002")),
        (S.RELEASE, "TOT0002", Release("TOT0002")),
        (S.RELEASE, MUG, Refuse(RELEASE_CANCELLED)),
        (S.RELEASE, "CMDNEXT", Refuse(RELEASE_CANCELLED)),
        (S.RELEASE, "CMDCANCEL", RunCommand(Command.CANCEL)),
    ],
)
def test_what_a_scan_means(state: InputState, text: str, expected: Intent) -> None:
    assert read(state, text) == expected


def test_an_unreadable_code_is_refused_with_the_interpreters_message() -> None:
    intent = read(S.SIGNED_OUT, "4006381333932")
    assert isinstance(intent, Refuse)
    assert "check digit" in intent.message
    intent = read(S.NO_ORDER, "BDG\x1d1")
    assert isinstance(intent, Refuse)
    assert "GS1 separator" in intent.message


def test_the_stations_own_prefixes_decide() -> None:
    codes = InterpreterConfig(badge_prefix="U-", order_prefix="SO", command_prefix="DO:")
    assert read(S.SIGNED_OUT, "U-77", codes) == SignIn("U-77")
    assert read(S.SIGNED_OUT, "BDG1001", codes) == Refuse(NOT_A_BADGE)
    assert read(S.NO_ORDER, "SO123", codes) == OpenOrder("SO123")
    assert read(S.NO_ORDER, "DO:NEXT", codes) == RunCommand(Command.NEXT)
    assert read(S.PACKING, "CMDCOMPLETE", codes) == RecordScan("CMDCOMPLETE")
    no_commands = InterpreterConfig(command_prefix="")
    assert read(S.PACKING, "CMDCOMPLETE", no_commands) == RecordScan("CMDCOMPLETE")


def test_keys_mean_what_their_command_barcodes_mean() -> None:
    for state in InputState:
        for command in Command:
            assert read_command(state, command) == read(state, f"CMD{command.value}")


def test_a_typed_hold_reason() -> None:
    assert read_typed_reason(S.PACKING, " Box crushed ") == HoldWithReason("Box crushed")
    assert read_typed_reason(S.HOLD_REASON, "Box crushed") == HoldWithReason("Box crushed")
    assert read_typed_reason(S.PACKING, "  ") == Refuse("Give a reason for the hold.")
    assert read_typed_reason(S.NO_ORDER, "Box crushed") == Refuse(NO_ORDER_TO_HOLD)
    assert read_typed_reason(S.SIGNED_OUT, "Box crushed") == Refuse(BADGE_FIRST)
    assert read_typed_reason(S.RELEASE, "Box crushed") == Refuse(RELEASE_CANCELLED)


def test_state_of_the_screen() -> None:
    assert InputState.of(signed_in=False, order_open=True, waiting=S.RELEASE) is S.SIGNED_OUT
    assert InputState.of(signed_in=True, order_open=False) is S.NO_ORDER
    assert InputState.of(signed_in=True, order_open=True) is S.PACKING
    assert InputState.of(signed_in=True, order_open=True, waiting=S.HOLD_REASON) is S.HOLD_REASON
    # A hold reason needs an order; releasing does not.
    assert InputState.of(signed_in=True, order_open=False, waiting=S.HOLD_REASON) is S.NO_ORDER
    assert InputState.of(signed_in=True, order_open=True, waiting=S.RELEASE) is S.RELEASE
    assert InputState.of(signed_in=True, order_open=False, waiting=S.RELEASE) is S.RELEASE


def test_a_waiting_state_lasts_one_answer() -> None:
    assert waiting_after(RunCommand(Command.HOLD)) is S.HOLD_REASON
    for intent in (
        RunCommand(Command.CANCEL),
        HoldWithReason("Damaged unit"),
        Refuse(HOLD_CANCELLED),
        Release("ORD1"),
        RecordScan(MUG),
    ):
        assert waiting_after(intent) is None


@given(
    state=st.sampled_from(InputState),
    text=st.one_of(
        st.text(),
        st.text(alphabet=st.characters(codec="latin-1")),
        st.builds(
            lambda prefix, rest: prefix + rest,
            st.sampled_from(["BDG", "ORD", "TOT", "BOX", "CMD", "]C1", "]C0CMD", "01", "(01)"]),
            st.text(max_size=40),
        ),
    ),
    codes=st.sampled_from(
        [
            InterpreterConfig(),
            InterpreterConfig(command_prefix=""),
            InterpreterConfig(badge_prefix="", order_prefix="", tote_prefix=""),
            InterpreterConfig(substitute_separator="|"),
        ]
    ),
)
@example(state=S.PACKING, text="", codes=InterpreterConfig())
@example(state=S.SIGNED_OUT, text="\x00", codes=InterpreterConfig())
@example(state=S.NO_ORDER, text="x" * 10_000, codes=InterpreterConfig())
def test_any_text_has_exactly_one_meaning(
    state: InputState, text: str, codes: InterpreterConfig
) -> None:
    intent = read(state, text, codes)
    assert sum(isinstance(intent, kind) for kind in INTENT_TYPES) == 1
    if isinstance(intent, Refuse):
        assert intent.message
    if state is InputState.PACKING and not isinstance(intent, RunCommand | HoldWithReason):
        assert intent in (
            RecordScan(text),
            Refuse(ORDER_STILL_OPEN),
            SwitchPacker(text),
            ChooseBox(text),
        )
