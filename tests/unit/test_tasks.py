"""tasks.py: the packages named for the libraries Qt cannot find; a stop signal to a command
(``python3 tasks.py demo``) reaches the program it runs, which is waited for."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def tasks() -> object:
    spec = importlib.util.spec_from_file_location("tasks", ROOT / "tasks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("tasks", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxcb-render-util.so.0", "libxcb-render-util0"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_debian_package_of_a_missing_library(tasks: object, soname: str, package: str) -> None:
    assert tasks.debian_package(soname) == package  # type: ignore[attr-defined]


def test_the_installed_qt_plugins_are_found_and_checked(tasks: object) -> None:
    files = tasks.qt_library_files("xcb", "offscreen")  # type: ignore[attr-defined]
    names = {path.name for path in files}
    assert {"libqxcb.so", "libqoffscreen.so"} <= names
    # This machine runs the suite, so nothing the offscreen platform needs is missing.
    assert tasks.missing_qt_libraries("offscreen") == []  # type: ignore[attr-defined]


# -- a stop signal reaches the program a command runs (python3 tasks.py demo) -----------------

# A harmless stand-in for Packbench's window: says where it is, notes the signal it gets, and
# ends (or, "stubborn", ignores SIGTERM the way a hung program would).
CHILD = """
import os, signal, sys, time
folder = sys.argv[1]
def noted(number, _frame):
    with open(os.path.join(folder, "got"), "a") as out:
        out.write(signal.Signals(number).name + "\\n")
    if sys.argv[2] != "stubborn":
        sys.exit(0)
signal.signal(signal.SIGTERM, noted)
signal.signal(signal.SIGINT, noted)
with open(os.path.join(folder, "pid"), "w") as out:
    out.write(str(os.getpid()))
while True:
    time.sleep(0.05)
"""

# ``tasks._run`` as ``python3 tasks.py demo`` calls it, with the stand-in as the program.
RUNNER = """
import sys
sys.path.insert(0, sys.argv[1])
import tasks
tasks.GRACE_S = 1.0
raise SystemExit(tasks._run(sys.executable, "-c", sys.argv[2], sys.argv[3], sys.argv[4]))
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # (a zombie is not running: its parent, the runner, has not reaped it yet)
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def start(tmp_path: Path, mode: str) -> tuple[subprocess.Popen[bytes], int]:
    runner = subprocess.Popen(
        [sys.executable, "-c", RUNNER, str(ROOT), CHILD, str(tmp_path), mode],
        stdout=subprocess.DEVNULL,
    )
    pid_file = tmp_path / "pid"
    deadline = time.monotonic() + 20
    while not (pid_file.exists() and pid_file.read_text()):
        assert time.monotonic() < deadline, "the child did not start"
        time.sleep(0.02)
    return runner, int(pid_file.read_text())


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_a_stop_signal_is_passed_on_and_the_program_waited_for(
    tmp_path: Path, number: signal.Signals
) -> None:
    runner, child = start(tmp_path, "polite")
    runner.send_signal(number)
    assert runner.wait(timeout=20) == 0  # the program's own exit code, after it ended
    assert (tmp_path / "got").read_text() == f"{number.name}\n"
    assert not alive(child)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_program_that_does_not_stop_is_killed_after_the_grace(tmp_path: Path) -> None:
    runner, child = start(tmp_path, "stubborn")
    started = time.monotonic()
    runner.send_signal(signal.SIGTERM)
    code = runner.wait(timeout=20)
    # forwarded, then terminated after 1 s (ignored too), then killed after 1 s more
    assert code == 128 + signal.SIGKILL
    assert 1.5 < time.monotonic() - started < 10
    assert (tmp_path / "got").read_text() == "SIGTERM\nSIGTERM\n"
    assert not alive(child)
