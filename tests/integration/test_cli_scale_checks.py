"""``packbench scale read``'s input checks (issue 11's review), as a real subprocess: the
timeout's range said without contradiction, only standard serial speeds, a folder or a bad
VID:PID named as such, pyserial's words never shown raw or twice, and a reading no packing
scale gives refused (in the domain, so the station refuses it too)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from app.domain.weighing import MAX_READING_G, ReadingKind, ScaleReading
from tests.integration.test_cli_scale import packbench
from tests.support.fake_scale import FakeScale

STANDARD = "1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600"


def one_line_refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2 and result.stdout == ""
    stderr: str = result.stderr
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


@pytest.mark.parametrize("timeout", ["0", "-1", "601", "nan"])
def test_a_timeout_out_of_range_says_the_range_plainly(timeout: str, tmp_path: Path) -> None:
    with FakeScale("mt-sics") as fake:
        fake.settle(1234)
        result = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--timeout", timeout, tmp_path=tmp_path,
        )  # fmt: skip
    said = one_line_refusal(result)
    assert said.endswith(": use more than 0 and at most 600 seconds\n")
    assert "from 0" not in said


@pytest.mark.parametrize("baud", ["7", "-5", "99999999999", "9601"])
def test_only_a_standard_serial_speed_is_accepted(baud: str, tmp_path: Path) -> None:
    with FakeScale("mt-sics") as fake:
        fake.settle(1234)
        refused = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--baud", baud, "--timeout", "2", tmp_path=tmp_path,
        )  # fmt: skip
        accepted = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--baud", "19200", "--timeout", "2", tmp_path=tmp_path,
        )  # fmt: skip
    said = one_line_refusal(refused)
    if int(baud) < 1 or int(baud) > 4_000_000:  # the command line's own range comes first
        assert said == (
            f"packbench scale read: argument --baud: {baud} is out of range: give 1 to 4000000"
            " (see packbench scale read --help)\n"
        )
    else:
        assert said == (
            f"packbench: --baud {baud}: not a standard serial speed; use one of {STANDARD}\n"
        )
    assert "valid baudrate" not in said  # pyserial's words
    # (a pty ignores the speed: the reading comes at any standard one)
    assert (accepted.returncode, accepted.stdout) == (0, "1234 g\n"), accepted.stderr


def test_a_folder_is_not_a_port(tmp_path: Path) -> None:
    said = one_line_refusal(
        packbench("scale", "read", "--port", "/tmp", "--protocol", "sma", tmp_path=tmp_path)
    )
    assert (
        said == "packbench: scale /tmp (sma): /tmp is a folder, not a port (see packbench ports)\n"
    )
    assert "Errno" not in said


@pytest.mark.parametrize("port", ["zz:yy", "0922:80031", ":8003"])
def test_a_hid_port_that_is_no_vid_pid_is_named(port: str, tmp_path: Path) -> None:
    said = one_line_refusal(
        packbench("scale", "read", "--port", port, "--protocol", "hid", tmp_path=tmp_path)
    )
    assert said == (
        f"packbench: scale {port} (hid): {port} is not a VID:PID (e.g. 0922:8003): "
        "see packbench ports\n"
    )


def test_an_implausible_reading_is_refused_not_printed(tmp_path: Path) -> None:
    with FakeScale("mt-sics") as fake:
        fake.settle(99_999_999_999_999_999_999_000)  # "S S 99999999999999999999.000 kg"
        huge = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--timeout", "1", tmp_path=tmp_path,
        )  # fmt: skip
        fake.settle(MAX_READING_G + 1)
        over = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--timeout", "1", tmp_path=tmp_path,
        )  # fmt: skip
        fake.settle(MAX_READING_G)  # 1000.000 kg: the limit itself is a weight
        limit = packbench(
            "scale", "read", "--port", str(fake.path), "--protocol", "mt-sics",
            "--json", tmp_path=tmp_path,
        )  # fmt: skip
    said = one_line_refusal(huge)
    assert "99999999999999999999000 g is not a plausible reading (at most 1000000 g)" in said
    assert "1000001 g is not a plausible reading" in one_line_refusal(over)
    assert (limit.returncode, limit.stdout) == (0, '{"grams": 1000000, "stable": true}\n')


def test_the_station_gets_no_weight_from_an_implausible_reading() -> None:
    for grams, stable in ((MAX_READING_G + 1, True), (-MAX_READING_G - 1, True), (10**23, False)):
        reading = ScaleReading.weighed(grams, stable)
        assert reading.kind is ReadingKind.ERROR and reading.grams is None
        assert not reading.stable
        assert "not a plausible reading" in reading.describe()
    assert ScaleReading.weighed(MAX_READING_G, True).grams == MAX_READING_G


def test_a_port_that_cannot_be_opened_says_why_once(tmp_path: Path) -> None:
    # A relative name that is not there: pyserial's "[Errno 2] could not open port ttyNOPE:
    # [Errno 2] No such file or directory: 'ttyNOPE'" said once, in the system's words.
    port = ("--port", "ttyNOPE", "--protocol", "sma", "--timeout", "2")
    said = one_line_refusal(packbench("scale", "read", *port, tmp_path=tmp_path))
    assert said == (
        "packbench: scale ttyNOPE (sma): cannot open ttyNOPE as a scale: No such file or "
        "directory (see packbench ports)\n"
    )
