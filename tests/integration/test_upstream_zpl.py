"""ZPL labels bought upstream: sent unchanged when they are plain labels, refused with the
command named when they would reset, reconfigure or re-network the printer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from app.adapters.devices.labels.upstream_zpl import MAX_ZPL_BYTES
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.domain.errors import PrinterProblem
from tests.support.printers import file_printer
from tests.support.upstream_files import TRACKING
from tests.support.virtual_printer import VirtualPrinter, payload

LABEL = "^XA^FO50,50^A0N,40^FDErika Mustermann, Köln^FS^FO50,120^BCN,100,Y,N,N^FD{}^FS^XZ"

# How carriers' label services write them: a setup format, then the label; darkness, speed,
# print mode, width, length, home, character set and a graphic.
CARRIER = (
    "^XA^MMT^PW812^LL1218^LS0^PR4^MD10~SD15^XZ\r\n"
    "^XA^CI28^LH0,0^PON^FO20,20^GFA,8,8,1,FF00FF00FF00FF00^FS\r\n"
    f"^FO50,80^A0N,30,30^FDAn: Jürgen Groß^FS^FO50,200^BY3^BCN,120,N,N,N^FD{TRACKING}^FS"
    "^PQ1,0,1,Y^XZ\r\n"
)


def zpl_printer(directory: Path) -> StationPrinter:
    return file_printer(directory, "PACK-03 file", language="zpl")


def test_a_carrier_label_goes_to_a_zpl_printer_unchanged(tmp_path: Path) -> None:
    with VirtualPrinter() as virtual:
        printer = StationPrinter(
            NetworkConnection("127.0.0.1", virtual.port, timeout=2.0, language="zpl"),
            language="zpl",
            preview_dir=Path(tempfile.mkdtemp(prefix="packbench-previews-", dir=tmp_path)),
            name="PACK-03 network",
        )
        data = CARRIER.encode("utf-8")
        outcome = printer.print_upstream(data, "zpl", "job-1")
        assert [payload(job) for job in virtual.wait_for_jobs(1)] == [data]
    assert outcome.byte_count == len(data) and outcome.preview_path is None


@pytest.mark.parametrize(
    ("command", "reason"),
    [
        ("~JR", "resets the printer"),
        ("^JUS", "saves or reloads the printer's configuration"),
        ("^JUF", "saves or reloads the printer's configuration"),
        ("~JA", "cancels every label waiting in the printer"),
        ("~JD", "switches on communications diagnostics"),
        ("~JE", "switches off communications diagnostics"),
        ("^KNPACK-99", "renames the printer"),
        ("^KP1234", "sets the printer's password"),
        ("^JZY", "changes how the printer reprints after an error"),
        ("~JSN", "sensor or backfeed"),
        ("~WC", "prints the printer's configuration label"),
        ("^IDE:*.*", "deletes files stored on the printer"),
        ("~EG", "erases graphics stored on the printer"),
        ("^JBE", "erases the printer's memory"),
        ("~PP", "pauses the printer"),
        ("^NSS,10.0.0.9,255.255.255.0,10.0.0.1", "network settings"),
        ("^NC1", "network settings"),
        ("~NT", "network settings"),
        ("^WIS,10.0.0.9", "wireless settings"),
        ("~WR", "wireless settings"),
        ("^CC+", "command characters"),
        ("~CT#", "command characters"),
        ("^SC9600,8,N,1,X,N", "serial port settings"),
        ("^MTT", "thermal transfer and direct thermal"),
        ("~HS", "asks the printer to answer"),
        ("~jr", "resets the printer"),  # ZPL letters may be written in either case
    ],
)
def test_device_commands_are_refused_with_the_command_named(
    tmp_path: Path, command: str, reason: str
) -> None:
    data = (LABEL.format(TRACKING).replace("^XZ", "") + command + "^XZ").encode()
    with pytest.raises(PrinterProblem) as refused:
        zpl_printer(tmp_path / "spool").print_upstream(data, "zpl", "job-1")
    message = refused.value.message
    assert message.startswith("Printer PACK-03 file: The ZPL label bought upstream contains ")
    assert f"the command {command[:3]}" in message and reason in message
    assert not (tmp_path / "spool").exists()


def test_a_tilde_command_hidden_in_field_data_is_found(tmp_path: Path) -> None:
    """A printer acts on a tilde command as soon as it reads it, even inside ^FD text."""
    data = LABEL.format(TRACKING + "~JR").encode()
    with pytest.raises(PrinterProblem, match=r"the command ~JR, which resets the printer"):
        zpl_printer(tmp_path / "spool").print_upstream(data, "zpl", "job-1")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (LABEL.format("\x1b@" + TRACKING).encode(), "the control character 0x1B at character"),
        (LABEL.format("\x00").encode(), "the control character 0x00"),
        (LABEL.format(TRACKING).encode() + b"\xff\xfe", "is not text (byte"),
        (LABEL.format(TRACKING).replace("^XZ", "").encode(), "cut short: a ^XA has no ^XZ"),
        (LABEL.format(TRACKING).encode() + b"\r\nhello", "text after a ^XZ ('hello')"),
        (("^FO1,1" + LABEL.format(TRACKING)).encode(), "text before the first ^XA"),
        (b"^XA^FDone^FS^XA^FDtwo^FS^XZ", "starts a ^XA before the previous one ends"),
        (
            (LABEL.format(TRACKING) + LABEL.format(TRACKING)).encode(),
            "prints 2 labels; one label per parcel is expected",
        ),
        (
            LABEL.format(TRACKING).replace("^XZ", "^PQ3^XZ").encode(),
            "asks for 3 copies (^PQ3); one label per parcel is expected",
        ),
        (b"^XA" + b"^FX" + b"x" * MAX_ZPL_BYTES + b"^XZ", "at most 2048 KB is accepted"),
    ],
)
def test_zpl_that_is_not_one_plain_label_is_refused(
    tmp_path: Path, data: bytes, expected: str
) -> None:
    with pytest.raises(PrinterProblem) as refused:
        zpl_printer(tmp_path / "spool").print_upstream(data, "zpl", "job-1")
    assert refused.value.message.startswith("Printer PACK-03 file: The ZPL label bought upstream ")
    assert expected in refused.value.message
    assert not (tmp_path / "spool").exists()


def test_lower_case_and_tab_separated_zpl_is_accepted(tmp_path: Path) -> None:
    data = b"\t^xa\r\n\t^fo50,50^a0n,40^fdParcel^fs\r\n\t^xz\n"
    zpl_printer(tmp_path / "spool").print_upstream(data, "ZPL", "job-1")
    assert (tmp_path / "spool" / "job-1.zpl").read_bytes() == data
