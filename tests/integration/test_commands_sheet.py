"""The command-barcode sheet: a real PDF whose every barcode a real decoder reads back as the
command it stands for, and ``parse_command`` that turns a scan into that command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.adapters.documents.commands_sheet import (
    COMMANDS,
    Placed,
    commands_sheet_layout,
    commands_sheet_pages,
    write_commands_sheet,
)
from app.adapters.documents.demo_sheet import MARGIN, PAGE_SIZE
from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.commands import (
    HOLD_REASONS,
    LABEL_ANSWERS,
    REPRINT_REASON_COMMANDS,
    Command,
    command_barcode,
    parse_command,
)


def decode(pages: list[Image.Image]) -> list[str]:
    texts = []
    for page in pages:
        for result in zxingcpp.read_barcodes(page.convert("L")):
            assert result.format == zxingcpp.BarcodeFormat.Code128
            texts.append(result.text)
    return texts


def test_every_command_is_on_the_sheet_once() -> None:
    assert sorted(command for command, _, _ in COMMANDS) == sorted(Command)
    for command, title, explanation in COMMANDS:
        assert title and explanation
        if command in HOLD_REASONS:
            assert title == HOLD_REASONS[command]


def test_the_sheet_is_two_a4_pages_of_1_bit_at_300_dpi() -> None:
    pages = commands_sheet_pages()
    assert len(pages) == 2  # the commands and hold reasons; the label commands
    for page in pages:
        assert page.mode == "1"
        assert page.size == PAGE_SIZE == (2480, 3508)


def test_the_hold_reasons_and_label_commands_are_on_the_second_page() -> None:
    first, second = commands_sheet_pages()
    on_second = decode([second])
    assert sorted(on_second) == sorted(
        f"CMD{command.value}"
        for command in (*HOLD_REASONS, *LABEL_ANSWERS, *REPRINT_REASON_COMMANDS)
    )
    assert not set(on_second) & set(decode([first]))


@pytest.mark.parametrize("prefix", ["CMD", "XQ7"])
def test_nothing_on_the_sheet_overlaps_or_runs_off_the_page(prefix: str) -> None:
    """The reviewer found "Wrong item in tote" printed over the footer: every element's box
    (title, note, headings, each command's title to the bottom of its bars, the footer) is
    inside the page's margins and clear of every other."""
    pages = commands_sheet_layout(prefix)
    assert len(pages) == 2
    placed_codes = [item.what for _, placed in pages for item in placed if item.what.isupper()]
    assert sorted(placed_codes) == sorted(command.value for command in Command)
    for number, (_, placed) in enumerate(pages, 1):
        for item in placed:
            left, top, right, bottom = item.box
            assert left >= MARGIN - 10 and right <= PAGE_SIZE[0] - MARGIN + 10, (number, item)
            assert top >= MARGIN - 30 and bottom <= PAGE_SIZE[1] - MARGIN + 10, (number, item)
        for i, item in enumerate(placed):
            for other in placed[i + 1 :]:
                assert not item.overlaps(other), (number, item, other)
    # The overlap check itself catches an overlap.
    footer = next(item for item in pages[0][1] if item.what == "footer")
    assert footer.overlaps(Placed("x", (0, footer.box[1] - 5, PAGE_SIZE[0], footer.box[1] + 5)))


def test_the_hold_reason_for_a_wrong_item_decodes_clear_of_the_footer() -> None:
    _, second = commands_sheet_pages()
    results = zxingcpp.read_barcodes(second.convert("L"))
    wrong = next(r for r in results if r.text == f"CMD{Command.HOLD_WRONG.value}")
    footer_top = next(item for item in commands_sheet_layout()[1][1] if item.what == "footer")
    assert wrong.position.bottom_left.y < footer_top.box[1] - 100


def test_every_barcode_on_the_sheet_decodes_to_its_command() -> None:
    texts = decode(commands_sheet_pages())
    assert sorted(texts) == sorted(f"CMD{command.value}" for command in Command)
    config = InterpreterConfig()
    for text in texts:
        # the station reads it as a command, and as the command it is printed for
        assert interpret(text, config).kind is CodeKind.COMMAND
        assert parse_command(text) is not None
        assert command_barcode(parse_command(text) or Command.CANCEL) == text


def test_write_commands_sheet_writes_a_pdf_atomically(tmp_path: Path) -> None:
    target = tmp_path / "commands.pdf"
    target.write_bytes(b"old")
    assert write_commands_sheet(target) == target
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 2
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert box is not None
    assert float(box[1]) == pytest.approx(595.28, abs=1)  # A4 in points
    assert float(box[2]) == pytest.approx(841.89, abs=1)
    assert [path.name for path in tmp_path.iterdir()] == ["commands.pdf"]  # no temp file left


def test_a_custom_prefix(tmp_path: Path) -> None:
    texts = decode(commands_sheet_pages("xq7"))
    assert sorted(texts) == sorted(f"XQ7{command.value}" for command in Command)
    config = InterpreterConfig(command_prefix="XQ7")
    for text in texts:
        assert interpret(text, config).kind is CodeKind.COMMAND
        assert parse_command(text, "XQ7") is not None
        assert parse_command(text) is None  # not a command under the default prefix
    assert write_commands_sheet(tmp_path / "xq7.pdf", "XQ7").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("prefix", ["C-", "ÄB", "CMD CMD"])
def test_a_prefix_a_scanner_keyboard_may_garble_is_refused(prefix: str) -> None:
    with pytest.raises(ValueError):
        commands_sheet_pages(prefix)


def test_a_prefix_too_long_for_the_sheet_is_refused() -> None:
    with pytest.raises(ValueError, match="too long"):
        commands_sheet_pages("X" * 20)


# -- parse_command ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", list(Command))
def test_parse_command_round_trips(command: Command) -> None:
    code = command_barcode(command)
    assert code == f"CMD{command.value}"
    assert parse_command(code) is command
    assert parse_command(code.lower()) is command
    assert parse_command(f"  {code}\r\n") is command
    assert parse_command(f"]C0{code}") is command  # with the scanner's symbology identifier
    assert parse_command(command_barcode(command, "zz"), "ZZ") is command
    assert parse_command(command_barcode(command, "ZZ"), "zz") is command


@pytest.mark.parametrize(
    "value",
    [
        "",
        "CMD",
        "CMDHOLDX",
        "CMDCOMPLETEX",
        "XCMDCOMPLETE",
        "CMD COMPLETE",
        "CMDSIGN_OUT",
        "COMPLETE",
        "ORD10001",
        "BDG0001",
        "4006381333931",
        "]C1010400638133393110ABC",
    ],
)
def test_parse_command_rejects_other_codes(value: str) -> None:
    assert parse_command(value) is None


def test_hold_reasons_are_longer_codes_than_hold_and_told_apart() -> None:
    assert parse_command("CMDHOLD") is Command.HOLD
    assert parse_command("CMDHOLDMISSING") is Command.HOLD_MISSING
    assert parse_command("CMDHOLDDAMAGED") is Command.HOLD_DAMAGED
    assert parse_command("CMDHOLDWRONG") is Command.HOLD_WRONG
    assert HOLD_REASONS == {
        Command.HOLD_MISSING: "Missing unit",
        Command.HOLD_DAMAGED: "Damaged unit",
        Command.HOLD_WRONG: "Wrong item in tote",
    }


def test_an_empty_prefix_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_command("COMPLETE", "")
