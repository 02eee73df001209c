"""Labels bought upstream that are far too large are refused before they are decoded: measured
in a child process (its peak memory from the kernel, its time to the refusal), because a
decoded 20,000 x 20,000 image or a 14,400-pt PDF page drawn at 203 dpi takes gigabytes."""

from __future__ import annotations

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


# Linux hands a process's peak RSS on to the program it starts (exec records the old memory's
# peak), so a child of this test process would report at least pytest's own peak. A small
# wrapper starts the child instead and reports RUSAGE_CHILDREN: the child's peak alone.
WRAPPER = """
import resource, subprocess, sys
child = subprocess.run(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(child.returncode)
"""


def run_measured(tmp_path: Path, code: str, *args: str) -> tuple[list[str], float]:
    """Run ``code`` in a child; its output lines and its peak resident memory in MB."""
    output = tmp_path / "child.out"
    with output.open("wb") as out:
        returncode = subprocess.call(
            [sys.executable, "-c", WRAPPER, sys.executable, "-c", code, *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    lines = output.read_text().splitlines()
    assert returncode == 0, lines
    return lines[:-1], int(lines[-1]) / 1024  # ru_maxrss is in KB on Linux


def refuse_in_child(
    tmp_path: Path, data: bytes, label_format: str, language: str
) -> tuple[float, str, float]:
    """Print ``data`` in a child process; its time to the refusal, the message and its
    peak resident memory in MB."""
    label = tmp_path / f"label.{label_format}"
    label.write_bytes(data)
    lines, peak_mb = run_measured(
        tmp_path, CHILD, str(label), label_format, str(tmp_path / "spool"), language
    )
    assert len(lines) == 2, lines
    return float(lines[0]), lines[1], peak_mb


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


def test_the_measurement_is_the_childs_own(tmp_path: Path) -> None:
    """While this process holds 500 MB, a child that prints a real label measures small; a
    child that fills 400 MB after printing measures over 400 MB."""
    label = tmp_path / "label.png"
    label.write_bytes(blank_png(812, 1218))
    args = (str(label), "png", str(tmp_path / "spool"), "escpos")
    ballast = b"\x01" * (500 * 1024 * 1024)
    lines, small_mb = run_measured(tmp_path, CHILD, *args)
    assert lines == ["printed"] and len(ballast) > 0
    del ballast
    lines, large_mb = run_measured(
        tmp_path, CHILD + "\nblock = b'\\x01' * (400 * 1024 * 1024)\n", *args
    )
    assert lines == ["printed"]
    print(f"child peak RSS: {small_mb:.0f} MB printing a label, {large_mb:.0f} MB with 400 MB")
    assert small_mb < MAX_RSS_MB < large_mb and large_mb > 400
