"""The label commands: the answers to "did the label come out?" and the reprint reasons, as the
station reads them in every state."""

from __future__ import annotations

import pytest

from app.domain.commands import (
    LABEL_ANSWERS,
    REPRINT_REASON_COMMANDS,
    Command,
    command_barcode,
    parse_command,
)
from app.domain.reprints import REPRINT_REASONS
from app.domain.station import (
    BADGE_FIRST,
    HOLD_CANCELLED,
    REPRINT_REASON_FIRST,
    InputState,
    Refuse,
    RunCommand,
    read,
)

#: The widest prefix a station may set (app.setting_checks) plus a command must fit the sheet.
WIDEST_PREFIX = 7
WIDEST_CODE = 18


def test_every_command_fits_the_sheet_with_the_widest_prefix() -> None:
    assert all(len(command.value) + WIDEST_PREFIX <= WIDEST_CODE for command in Command)


def test_the_answers_and_reasons_are_commands_that_scan_back() -> None:
    assert LABEL_ANSWERS == {Command.LABEL_OK: True, Command.LABEL_AGAIN: False}
    assert set(REPRINT_REASON_COMMANDS.values()) <= set(REPRINT_REASONS)
    for command in (*LABEL_ANSWERS, *REPRINT_REASON_COMMANDS):
        assert parse_command(command_barcode(command)) is command


@pytest.mark.parametrize("command", list(LABEL_ANSWERS))
@pytest.mark.parametrize("state", [InputState.NO_ORDER, InputState.PACKING])
def test_a_label_answer_is_a_command_with_or_without_an_order(
    command: Command, state: InputState
) -> None:
    assert read(state, command_barcode(command)) == RunCommand(command)


@pytest.mark.parametrize("command", list(LABEL_ANSWERS))
def test_a_label_answer_is_refused_signed_out_and_ends_a_hold(command: Command) -> None:
    assert read(InputState.SIGNED_OUT, command_barcode(command)) == Refuse(BADGE_FIRST)
    assert read(InputState.HOLD_REASON, command_barcode(command)) == Refuse(HOLD_CANCELLED)


@pytest.mark.parametrize("command", list(REPRINT_REASON_COMMANDS))
@pytest.mark.parametrize("state", [InputState.NO_ORDER, InputState.PACKING])
def test_a_reprint_reason_outside_the_print_again_window_is_explained(
    command: Command, state: InputState
) -> None:
    assert read(state, command_barcode(command)) == Refuse(REPRINT_REASON_FIRST)
