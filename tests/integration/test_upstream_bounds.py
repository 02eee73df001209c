"""Labels bought upstream that are far too large are refused before they are decoded: measured
in a child process (its peak memory from the kernel, its time to the refusal), because a
decoded 20,000 x 20,000 image or a 14,400-pt PDF page drawn at 203 dpi takes gigabytes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.upstream_files import blank_png, pdf_page

ROOT = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 300
MAX_REFUSAL_SECONDS = 1.0
# The child may not map more than this: a regression fails the test (the file cannot be
# read) instead of taking the machine's memory.
ADDRESS_SPACE_LIMIT = 1536 * 1024 * 1024

CHILD = f"""
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_LIMIT}, {ADDRESS_SPACE_LIMIT}))
from pathlib import Path
from app.domain.errors import PrinterProblem
from tests.support.printers import file_printer

data = Path(sys.argv[1]).read_bytes()
printer = file_printer(Path(sys.argv[3]), "desk-1", language=sys.argv[4])
start = time.perf_counter()
try:
    printer.print_upstream(data, sys.argv[2], "job-1")
except PrinterProblem as exc:
    print(f"{{time.perf_counter() - start:.4f}}")
    print(exc.message)
else:
    print("printed")
"""


def refuse_in_child(
    tmp_path: Path, data: bytes, label_format: str, language: str
) -> tuple[float, str, float]:
    """Print ``data`` in a child process; its time to the refusal, the message and its
    peak resident memory in MB (the kernel's ru_maxrss for that child, read by wait4)."""
    label = tmp_path / f"label.{label_format}"
    label.write_bytes(data)
    output = tmp_path / "child.out"
    with output.open("wb") as out:
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                CHILD,
                str(label),
                label_format,
                str(tmp_path / "spool"),
                language,
            ],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    text = output.read_text()
    assert child.returncode == 0, text
    lines = text.splitlines()
    assert len(lines) == 2, text
    return float(lines[0]), lines[1], usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


@pytest.mark.parametrize(
    ("label_format", "language", "make", "expected"),
    [
        ("png", "escpos", lambda: blank_png(20_000, 20_000), "is 20000 x 20000 dots"),
        ("png", "zpl", lambda: blank_png(20_000, 20_000), "is 20000 x 20000 dots"),
        ("png", "escpos", lambda: blank_png(812, 200_000), "is 812 x 200000 dots"),
        ("pdf", "escpos", lambda: pdf_page(14_400, 14_400), "page of 5080 x 5080 mm"),
        ("pdf", "zpl", lambda: pdf_page(288, 14_400), "page of 102 x 5080 mm"),
    ],
)
def test_huge_labels_are_refused_fast_with_little_memory(
    tmp_path: Path, label_format: str, language: str, make: object, expected: str
) -> None:
    assert callable(make)
    data: bytes = make()
    assert len(data) < 300_000  # the files are small; decoded they would be gigabytes
    started = time.monotonic()
    seconds, message, peak_mb = refuse_in_child(tmp_path, data, label_format, language)
    wall = time.monotonic() - started
    print(
        f"{label_format} {language} {len(data)} bytes: refused in {seconds * 1000:.0f} ms, "
        f"child peak RSS {peak_mb:.0f} MB, {wall:.1f} s with start-up"
    )
    assert message.startswith("Printer desk-1: The ")
    assert expected in message and "larger than this printer's labels (812 x 1218 dots" in message
    assert seconds < MAX_REFUSAL_SECONDS
    assert peak_mb < MAX_RSS_MB
    assert not (tmp_path / "spool").exists() or not any((tmp_path / "spool").iterdir())


def test_the_measurement_sees_what_the_child_allocates(tmp_path: Path) -> None:
    """The same measurement on a child that prints a real label and then fills 400 MB: the
    peak is the child's own, not the interpreter's alone or this process's."""
    label = tmp_path / "label.png"
    label.write_bytes(blank_png(812, 1218))
    output = tmp_path / "child.out"
    code = CHILD + "\nblock = b'\\x01' * (400 * 1024 * 1024)\n"
    with output.open("wb") as out:
        child = subprocess.Popen(
            [sys.executable, "-c", code, str(label), "png", str(tmp_path / "spool"), "escpos"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        _, status, usage = os.wait4(child.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output.read_text()
    assert output.read_text().strip() == "printed"
    assert 400 < usage.ru_maxrss / 1024 < 400 + MAX_RSS_MB
