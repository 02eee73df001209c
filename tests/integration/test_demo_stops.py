"""Stopping the demo (issue 11's review): SIGTERM or SIGINT to ``python3 tasks.py demo`` is
passed on to ``packbench --demo``, whose window closes as when it is quit (its event loop ends,
its workers and database are closed), and nothing is left running. The real demo, offscreen,
under ``tasks._run`` as ``tasks.py demo`` runs it (without ``tasks.py``'s venv install)."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

RUNNER = """
import sys
sys.path.insert(0, sys.argv[1])
import tasks
raise SystemExit(tasks._run(sys.executable, "-m", "app", "--demo"))
"""


def start_demo(tmp_path: Path) -> tuple[subprocess.Popen[str], Path]:
    log = tmp_path / "demo.log"
    env = dict(
        os.environ,
        PACKBENCH_DATA_DIR=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path),
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(ROOT),
    )
    with log.open("w") as out:
        runner = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(ROOT)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 90
    try:
        while "station window shown" not in log.read_text(errors="replace"):
            assert runner.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the demo's window did not open"
            time.sleep(0.1)
    except BaseException:
        stop_all(runner, tmp_path)
        raise
    return runner, log


def stop_all(runner: subprocess.Popen[str], tmp_path: Path) -> None:
    """After a failure: nothing this test started is left running."""
    for pid in [runner.pid, *demo_processes(tmp_path)]:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    runner.wait(timeout=10)


def demo_processes(tmp_path: Path) -> list[int]:
    """The running processes whose command line or environment names this test's data
    folder (the demo started for it, if it is still there)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            environ = (proc / "environ").read_bytes()
            stat = (proc / "stat").read_text()
        except OSError:
            continue
        zombie = stat.rsplit(") ", 1)[-1].startswith("Z")
        if f"PACKBENCH_DATA_DIR={tmp_path}".encode() in environ and not zombie:
            found.append(int(proc.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="POSIX signals, /proc")
@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT])
def test_stopping_tasks_demo_closes_the_demo_window(tmp_path: Path, number: signal.Signals) -> None:
    runner, log = start_demo(tmp_path)
    try:
        (demo,) = [pid for pid in demo_processes(tmp_path) if pid != runner.pid]
        started = time.monotonic()
        runner.send_signal(number)
        code = runner.wait(timeout=30)
    finally:
        if runner.poll() is None:
            stop_all(runner, tmp_path)
    said = log.read_text(errors="replace")
    assert code == 0, said  # the window closed as when it is quit, not killed
    assert time.monotonic() - started < 8  # well before tasks.py's grace ran out
    assert f"app.gui: stopping: {number.name}" in said
    assert "Traceback" not in said
    assert demo_processes(tmp_path) == []
    assert demo not in demo_processes(tmp_path)
