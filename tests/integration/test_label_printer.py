"""Labels end to end: preview image, ESC/POS bytes, file and network printers."""

from __future__ import annotations

import errno
import os
import socket
import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageFont

from app.adapters.devices.label_printer import (
    FilePrinter,
    NetworkPrinter,
    printer_from_settings,
    render_escpos,
    render_label_image,
    resource_path,
    wrap_text,
)
from app.domain.errors import PrinterProblem
from app.domain.labels import Address, LabelContent
from app.domain.tracking import format_s10
from tests.support.virtual_printer import PAPER_OUT, VirtualPrinter

TRACKING = format_s10("RR", 12345678, "DE")  # RR123456785DE

SENDER = Address(
    "Packbench Warehouse", "Lagerweg 1", postcode="20095", city="Hamburg", country="DE"
)


def make_label(
    ship_to: Address | None = None, tracking: str = TRACKING, weight_g: int | None = 1250
) -> LabelContent:
    return LabelContent(
        ship_to=ship_to
        or Address(
            "Erika Mustermann", "Heidestrasse 17", postcode="51147", city="Koeln", country="Germany"
        ),
        sender=SENDER,
        order_reference="ORD-2024-000123",
        carrier="DHL",
        service="Paket",
        tracking_number=tracking,
        parcel_no=2,
        parcel_count=3,
        weight_g=weight_g,
    )


LONG_ADDRESS = Address(
    name="Maximiliane Alexandra von und zu Hohenzollern-Sigmaringen-Wittelsbach",
    line1="Rindfleischetikettierungsueberwachungsaufgabenuebertragungsgesetzstrasse 12345",
    line2="c/o Donaudampfschifffahrtsgesellschaftskapitaen, Hinterhaus, 4. Obergeschoss links",
    postcode="12345",
    city="Sankt Peter-Ording an der Nordsee im Kreis Nordfriesland",
    country="Bundesrepublik Deutschland",
)

INTERNATIONAL = Address(
    name="Zoë Ångström-Żółć",
    line1="Rue de l'Église 5, Préfecture Œ",
    line2="Miete 12,50 € — ﬁnal",
    postcode="75001",
    city="Paris",
    country="France",
)


def decode(image: Image.Image) -> list[tuple[str, str]]:
    return [(r.text, r.format.name) for r in zxingcpp.read_barcodes(image)]


def native_code128(data: bytes) -> list[bytes]:
    """The payloads of all GS k function-B CODE128 (m = 73) commands in an ESC/POS job."""
    found = []
    start = 0
    while (at := data.find(b"\x1dk", start)) >= 0:
        m = data[at + 2]
        assert m == 73, f"GS k with type {m}, not CODE128 function B"
        length = data[at + 3]
        found.append(data[at + 4 : at + 4 + length])
        start = at + 4 + length
    return found


# -- the preview image ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("width", "tracking"),
    [
        (576, TRACKING),
        (512, TRACKING),
        (384, TRACKING),  # 58 mm paper
        (576, format_s10("CP", 90817263, "FR")),
        (576, "1Z999AA10123456784"),  # UPS: 200 modules, 2 px each on 512 px paper
        (512, "1Z999AA10123456784"),
    ],
)
def test_preview_barcode_reads_back_as_the_tracking_number(width: int, tracking: str) -> None:
    image = render_label_image(make_label(tracking=tracking), width_px=width)

    assert image.mode == "1"
    assert image.width == width
    assert decode(image) == [(tracking, "Code128")]


def pixel_rows(image: Image.Image) -> list[list[int]]:
    """The image as rows of grey values: 0 is ink, 255 is paper."""
    data = image.convert("L").tobytes()
    width = image.width
    return [list(data[y * width : (y + 1) * width]) for y in range(image.height)]


def runs_of(row: list[int]) -> list[tuple[int, int]]:
    """(value, length) runs of a pixel row, without the white ends."""
    runs: list[tuple[int, int]] = []
    for value in row:
        if runs and runs[-1][0] == value:
            runs[-1] = (value, runs[-1][1] + 1)
        else:
            runs.append((value, 1))
    return runs[1:-1]


def test_barcode_bars_and_spaces_are_at_least_two_pixels_wide() -> None:
    image = render_label_image(make_label(), width_px=576)
    rows = pixel_rows(image)
    # The barcode is the tallest stack of identical rows that has ink.
    tallest, best_row, height = 0, rows[0], 0
    for y in range(1, len(rows)):
        height = height + 1 if rows[y] == rows[y - 1] and 0 in rows[y] else 0
        if height > tallest:
            tallest, best_row = height, rows[y]
    barcode_row = best_row

    assert tallest >= 80  # 1 cm at 203 dpi
    runs = runs_of(barcode_row)
    # 13 symbols (start, 11 data, check) of 3 bars and 3 spaces, then a stop of 4 bars
    assert len(runs) == 13 * 6 + 7
    assert min(length for _, length in runs) >= 2
    quiet_left = barcode_row.index(0)
    quiet_right = barcode_row[::-1].index(0)
    narrowest = min(length for _, length in runs)
    assert min(quiet_left, quiet_right) >= 10 * narrowest


def test_a_tracking_number_too_long_for_the_label_is_refused() -> None:
    with pytest.raises(ValueError, match="too wide"):
        render_label_image(make_label(tracking="X" * 40), width_px=384)


# -- wrapping ---------------------------------------------------------------------------------


def test_wrap_text_keeps_every_line_inside_the_width() -> None:
    font = ImageFont.truetype(str(resource_path("fonts", "DejaVuSans-Bold.ttf")), 40)
    for text in [*LONG_ADDRESS.lines(), "W" * 80, "a b c", ""]:
        lines = wrap_text(text, font, 300)
        assert all(font.getlength(line) <= 300 for line in lines), lines
        # nothing lost or invented: only the breaks differ
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert wrap_text("Berlin Mitte", font, 300) == ["Berlin Mitte"]


def test_long_address_wraps_inside_the_margins() -> None:
    short = render_label_image(make_label())
    long = render_label_image(make_label(ship_to=LONG_ADDRESS))

    assert long.height > short.height  # the address took more lines
    edge = 10  # the layout keeps a 16 px margin at 576 px; nothing may reach the outer 10 px
    for y, row in enumerate(pixel_rows(long)):
        assert set(row[:edge]) == {255}, f"ink in the left margin at y={y}"
        assert set(row[-edge:]) == {255}, f"ink in the right margin at y={y}"
    assert decode(long) == [(TRACKING, "Code128")]


# -- ESC/POS ----------------------------------------------------------------------------------


def test_escpos_has_a_native_code128_with_the_tracking_number() -> None:
    data = render_escpos(make_label())

    payloads = native_code128(data)
    assert len(payloads) == 1
    assert payloads[0][:2] == b"{B"
    assert payloads[0][2:].decode("ascii") == TRACKING
    assert b"Erika Mustermann" in data
    assert b"ORD-2024-000123" in data
    assert data.startswith(b"\x1b@")  # initialise
    assert b"\x1dV" in data[-4:]  # cut at the end
    assert b"\x1dv0" not in data  # no raster image
    assert len(data) < 1024


def test_escpos_barcode_fits_the_profile_paper() -> None:
    for profile, paper in [("TM-T88V", 512), ("TM-T20II", 576)]:
        data = render_escpos(make_label(), profile=profile)
        at = data.find(b"\x1dw")
        module = data[at + 2]
        modules = 11 * (len(TRACKING) + 3) + 2 + 20  # symbol + quiet zones
        assert module >= 2
        assert modules * module <= paper


def test_umlauts_accents_and_euro_are_encoded_not_lost() -> None:
    label = make_label(ship_to=INTERNATIONAL)
    data = render_escpos(label)

    assert native_code128(data)[0] == b"{B" + TRACKING.encode()
    # Every character found a code page (or a transliteration: the fi ligature is "fi").
    assert b"?" not in data
    assert b"final" in data
    assert b"\x1bt" in data  # code page switches were needed
    image = render_label_image(label)
    assert decode(image) == [(TRACKING, "Code128")]


def test_text_no_code_page_has_becomes_question_marks() -> None:
    label = make_label(ship_to=Address("東京 Taro", "1-1 Chiyoda", city="Tokyo", country="JP"))
    data = render_escpos(label)
    assert b"?? Taro" in data
    assert native_code128(data)[0] == b"{B" + TRACKING.encode()


def test_control_characters_in_the_address_cannot_inject_commands() -> None:
    label = make_label(ship_to=Address("Eve\x1dV\x00", "Line\x1b@two", city="Town"))
    data = render_escpos(label)
    assert b"Eve V" in data
    assert b"Line @two" in data
    assert data.count(b"\x1dV") == 1


# -- FilePrinter ------------------------------------------------------------------------------


def test_file_printer_writes_job_and_preview(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path / "spool")
    label = make_label()

    outcome = printer.print_label(label, "job-0001")

    bin_path = Path(outcome.destination)
    assert bin_path == tmp_path / "spool" / "job-0001.bin"
    assert bin_path.read_bytes() == render_escpos(label)
    assert outcome.byte_count == bin_path.stat().st_size
    assert outcome.preview_path == str(tmp_path / "spool" / "job-0001.png")
    with Image.open(outcome.preview_path) as preview:
        assert decode(preview) == [(TRACKING, "Code128")]
    assert sorted(p.name for p in (tmp_path / "spool").iterdir()) == [
        "job-0001.bin",
        "job-0001.png",
    ]


def test_file_printer_into_a_path_that_is_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    printer = FilePrinter(blocker / "spool", name="desk-3")

    with pytest.raises(PrinterProblem, match="desk-3") as caught:
        printer.print_label(make_label(), "job-1")
    assert "not-a-dir" in caught.value.message


def test_file_printer_disk_full_leaves_no_partial_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(PrinterProblem, match="No space left on device"):
        FilePrinter(tmp_path, name="file").print_label(make_label(), "job-1")
    assert list(tmp_path.iterdir()) == []


def test_job_uid_must_be_a_plain_file_name(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file name"):
        FilePrinter(tmp_path).print_label(make_label(), "../escape")


# -- NetworkPrinter ---------------------------------------------------------------------------


def test_network_printer_sends_exactly_the_escpos_job(tmp_path: Path) -> None:
    label = make_label()
    with VirtualPrinter() as virtual:
        printer = NetworkPrinter(
            "127.0.0.1", virtual.port, timeout=2.0, name="bench-1", preview_dir=tmp_path
        )
        outcome = printer.print_label(label, "job-7")
        outcome_2 = printer.print_label(label, "job-8")
        jobs = virtual.wait_for_jobs(2)

    expected = render_escpos(label)
    assert jobs == [expected, expected]
    assert outcome.byte_count == len(expected)
    assert outcome.destination == f"tcp://127.0.0.1:{virtual.port}"
    assert outcome.preview_path == str(tmp_path / "job-7.png")
    assert outcome_2.preview_path == str(tmp_path / "job-8.png")
    with Image.open(tmp_path / "job-7.png") as preview:
        assert decode(preview) == [(TRACKING, "Code128")]


def test_network_printer_without_preview_dir(tmp_path: Path) -> None:
    with VirtualPrinter() as virtual:
        outcome = NetworkPrinter("127.0.0.1", virtual.port).print_label(make_label(), "j")
        virtual.wait_for_jobs(1)
    assert outcome.preview_path is None


def test_refused_connection_is_a_printer_problem_at_once() -> None:
    with VirtualPrinter("refuse") as virtual:
        printer = NetworkPrinter("127.0.0.1", virtual.port, timeout=3.0, name="bench-1")
        started = time.monotonic()
        with pytest.raises(PrinterProblem) as caught:
            printer.print_label(make_label(), "job-1")
        elapsed = time.monotonic() - started

    assert elapsed < 1.0
    message = caught.value.message
    assert message.startswith(f"Printer bench-1 at 127.0.0.1:{virtual.port}: ")
    assert "refused" in message.lower()
    assert isinstance(caught.value.__cause__, ConnectionRefusedError)


def test_hanging_printer_times_out_instead_of_blocking() -> None:
    with VirtualPrinter("hang") as virtual:
        printer = NetworkPrinter("127.0.0.1", virtual.port, timeout=0.5, name="bench-1")
        started = time.monotonic()
        with pytest.raises(PrinterProblem, match="timed out"):
            printer.send(b"\x00" * (32 * 1024 * 1024))
        elapsed = time.monotonic() - started

    assert 0.4 < elapsed < 3.0


def test_printer_dropping_the_connection_mid_job_is_a_printer_problem() -> None:
    with VirtualPrinter("drop", drop_after=100) as virtual:
        printer = NetworkPrinter("127.0.0.1", virtual.port, timeout=2.0, name="bench-1")
        with pytest.raises(PrinterProblem, match=f"bench-1 at 127.0.0.1:{virtual.port}"):
            printer.send(b"\x00" * (32 * 1024 * 1024))
        jobs = virtual.wait_for_jobs(1)
    assert jobs == [b"\x00" * 100]


def test_nothing_listening_after_the_virtual_printer_stopped() -> None:
    with VirtualPrinter() as virtual:
        port = virtual.port
    with pytest.raises(PrinterProblem):
        NetworkPrinter("127.0.0.1", port, timeout=1.0).send(b"x")


# -- the virtual printer's status answers (used by the status issue) ---------------------------


def test_virtual_printer_answers_dle_eot() -> None:
    with VirtualPrinter() as virtual:
        with socket.create_connection(virtual.address, timeout=2.0) as conn:
            conn.sendall(b"\x10\x04\x01")
            assert conn.recv(1) == b"\x12"
            virtual.status[4] = PAPER_OUT
            conn.sendall(b"text\x10")  # a request split across two sends
            conn.sendall(b"\x04\x04")
            assert conn.recv(1) == bytes([PAPER_OUT])
        jobs = virtual.wait_for_jobs(1)
    assert jobs == [b"\x10\x04\x01text\x10\x04\x04"]
    assert virtual.status_requests == [1, 4]


def test_virtual_printer_can_stay_silent() -> None:
    with VirtualPrinter(answer_status=False) as virtual:
        with socket.create_connection(virtual.address, timeout=0.3) as conn:
            conn.sendall(b"\x10\x04\x01")
            with pytest.raises(TimeoutError):
                conn.recv(1)
        virtual.wait_for_jobs(1)
    assert virtual.status_requests == [1]


# -- settings ---------------------------------------------------------------------------------


def test_printer_from_settings(tmp_path: Path) -> None:
    file_printer = printer_from_settings("file", "", tmp_path)
    assert isinstance(file_printer, FilePrinter)
    assert file_printer.directory == tmp_path

    network = printer_from_settings("network", "10.1.2.3:9101", tmp_path)
    assert isinstance(network, NetworkPrinter)
    assert (network.host, network.port, network.preview_dir) == ("10.1.2.3", 9101, tmp_path)

    default_port = printer_from_settings("Network", "printer-3.local", tmp_path)
    assert isinstance(default_port, NetworkPrinter)
    assert (default_port.host, default_port.port) == ("printer-3.local", 9100)

    v6 = printer_from_settings("network", "[fe80::1]:9100", tmp_path)
    assert isinstance(v6, NetworkPrinter)
    assert v6.host == "fe80::1"


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("usb", "", "unknown printer kind 'usb'"),
        ("network", "host:port", "not host:port"),
        ("network", "host:70000", "no valid port"),
        ("network", "", "not host:port"),
    ],
)
def test_printer_from_settings_rejects(
    tmp_path: Path, kind: str, target: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        printer_from_settings(kind, target, tmp_path)
