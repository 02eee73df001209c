"""Packing notes: what must be acknowledged (the domain decides), and how the station reads
scans while important notes wait, and a box barcode while packing."""

from __future__ import annotations

from app.domain.commands import Command
from app.domain.model import ScanOutcome
from app.domain.packing_notes import PackingNotes, to_acknowledge
from app.domain.station import (
    NOTES_FIRST,
    Acknowledge,
    ChooseBox,
    Context,
    InputState,
    RecordScan,
    Refuse,
    RefuseScan,
    RunCommand,
    Unacknowledged,
    read,
    read_command,
)


def test_only_important_notes_with_something_to_read_must_be_acknowledged() -> None:
    assert to_acknowledge(None) is None
    assert to_acknowledge(PackingNotes("Fragile")) is None
    assert to_acknowledge(PackingNotes(important=True)) is None  # nothing to read
    assert to_acknowledge(PackingNotes(" ", "  ", "", important=True)) is None
    waiting = to_acknowledge(PackingNotes(gift_message="Happy birthday!", important=True))
    assert waiting == Unacknowledged(None)
    assert waiting is not None and waiting.what == "packing notes"
    assert not waiting.supervisor
    assert Unacknowledged(ScanOutcome.WRONG_ITEM).what == "wrong_item"


def test_the_packer_reads_instructions_then_notes_and_the_gift_message_apart() -> None:
    notes = PackingNotes("Customer called twice.", "Happy birthday!", "Glass: pack upright.")
    assert notes.for_packer == "Glass: pack upright.\nCustomer called twice."
    assert not notes.empty
    assert PackingNotes().empty


def test_item_scans_are_refused_until_the_notes_are_acknowledged() -> None:
    context = Context(error=to_acknowledge(PackingNotes("Fragile", important=True)))
    refused = read(InputState.ACKNOWLEDGE, "4006381333931", context=context)
    assert refused == RefuseScan("4006381333931", ScanOutcome.REFUSED_UNACKNOWLEDGED, NOTES_FIRST)
    assert read(InputState.ACKNOWLEDGE, "BOXM2", context=context) == RefuseScan(
        "BOXM2", ScanOutcome.REFUSED_UNACKNOWLEDGED, NOTES_FIRST
    )
    assert read_command(InputState.ACKNOWLEDGE, Command.COMPLETE, context) == Refuse(NOTES_FIRST)
    assert read(InputState.ACKNOWLEDGE, "CMDACKNOWLEDGE", context=context) == Acknowledge()
    assert read_command(InputState.ACKNOWLEDGE, Command.SIGN_OUT, context) == RunCommand(
        Command.SIGN_OUT
    )


def test_a_box_barcode_while_packing_chooses_the_parcels_box() -> None:
    assert read(InputState.PACKING, "BOXM2") == ChooseBox("BOXM2")
    assert read(InputState.PACKING, "4006381333931") == RecordScan("4006381333931")
    assert isinstance(read(InputState.NO_ORDER, "BOXM2"), Refuse)
