#!/usr/bin/env python3
"""The two commands a new user needs, each installing what it needs first.

    python3 tasks.py demo    start Packbench on a fresh demo database with sample orders
    python3 tasks.py test    run the whole test suite (lint, types, layers, tests)

Both create ./.venv (once, and again when pyproject.toml changes) and install Packbench into it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


#: Signals that stop a command of this file: passed on to the program it runs (Packbench's
#: window, pytest ...), which is waited for, so that nothing is left running.
FORWARDED = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)
#: Seconds the program has to end after a forwarded signal before it is terminated, then killed.
GRACE_S = 10.0


def _run(*command: str | Path, env: dict[str, str] | None = None) -> int:
    """Run ``command`` and wait for it; a stop signal to this process goes to it too. Its exit
    code (128 + the signal's number where a signal ended it, as a shell says)."""
    print("+", " ".join(str(part) for part in command), flush=True)
    child = subprocess.Popen([str(part) for part in command], cwd=ROOT, env=env)
    received: list[int] = []

    def forward(number: int, _frame: object) -> None:
        received.append(number)
        if child.poll() is None:
            child.send_signal(number)

    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {number: signal.signal(number, forward) for number in FORWARDED}
    try:
        code = _wait(child, received)
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if child.poll() is None:  # this process is ending for another reason: not without it
            child.kill()
            child.wait()
    return 128 - code if code < 0 else code


def _wait(child: subprocess.Popen[bytes], received: list[int]) -> int:
    """``child``'s exit code; once a signal was forwarded, it is terminated after
    ``GRACE_S`` and killed after as long again if it has not ended by then."""
    escalations = [child.terminate, child.kill]
    deadline: float | None = None
    while True:
        try:
            return child.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
        if received and deadline is None:
            deadline = time.monotonic() + GRACE_S
        if deadline is not None and time.monotonic() > deadline and escalations:
            escalations.pop(0)()
            deadline = time.monotonic() + GRACE_S


def ensure_venv(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Packbench needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    stamp = VENV / f".installed-{extras or 'app'}"
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    target = f".[{extras}]" if extras else "."
    code = _run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-e", target)
    if code:
        sys.exit(f"installing Packbench failed (pip exit code {code})")
    stamp.write_text(digest)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def install_system_packages(packages: list[str], why: str) -> None:
    """Install Debian/Ubuntu ``packages`` with apt-get when run as root; otherwise stop with the
    exact command that installs them."""
    if not packages:
        return
    if shutil.which("apt-get") and _is_root():
        print(f"installing {' '.join(packages)} ({why})", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        _run("apt-get", "update", "-qq", env=env)
        install = ("apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages)
        if _run(*install, env=env) == 0:
            return
    sys.exit(f"{why.capitalize()}: sudo apt-get install {' '.join(packages)}")


def postgresql_packages() -> list[str]:
    """The suite starts its own PostgreSQL server; it needs the server binaries."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if os.environ.get("PACKBENCH_PG_BINDIR") or candidates or shutil.which("initdb"):
        return []
    return ["postgresql"]


# Debian/Ubuntu packages of the libraries Qt loads whose names do not follow the usual rule
# (libfoo-bar.so.4 -> libfoo-bar4; libfoo-x11.so.0 -> libfoo-x11-0).
PACKAGE_OF = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libpulse.so.0": "libpulse0",
    "libpulse-mainloop-glib.so.0": "libpulse-mainloop-glib0",
}


def debian_package(soname: str) -> str:
    if soname in PACKAGE_OF:
        return PACKAGE_OF[soname]
    name, _, version = soname.partition(".so.")
    name = name.lower()
    return f"{name}-{version}" if name[-1].isdigit() else f"{name}{version}"


def qt_library_files(*platforms: str) -> list[Path]:
    """PySide6's own files whose system libraries must be present: the platform plugins
    (``xcb`` for a window, ``offscreen`` for the tests) and Qt Multimedia (the station's
    sounds)."""
    qt = [*VENV.glob("lib/python3*/site-packages/PySide6/Qt")]
    if not qt:
        return []
    files = [qt[0] / "plugins" / "platforms" / f"libq{name}.so" for name in platforms]
    files += [*(qt[0] / "lib").glob("libQt6Multimedia.so.*")]
    files += [*(qt[0] / "plugins" / "multimedia").glob("*.so")]
    return [path for path in files if path.exists()]


def missing_qt_libraries(*platforms: str) -> list[str]:
    """The system libraries Qt's files need and the loader cannot find (``ldd`` over them)."""
    missing: set[str] = set()
    for path in qt_library_files(*platforms):
        listing = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False)
        for line in listing.stdout.splitlines():
            soname, _, where = line.strip().partition(" => ")
            if where.strip() == "not found":
                missing.add(soname)
    return sorted(missing)


def qt_packages(*platforms: str) -> list[str]:
    """The packages that provide what :func:`missing_qt_libraries` found (Linux only)."""
    if not sys.platform.startswith("linux") or not shutil.which("ldd"):
        return []
    return sorted({debian_package(soname) for soname in missing_qt_libraries(*platforms)})


def demo(args: list[str]) -> int:
    ensure_venv("")
    install_system_packages(qt_packages("xcb"), "Qt needs these system libraries to open a window")
    return _run(BIN / "packbench", "--demo", *args)


def test(args: list[str]) -> int:
    ensure_venv("test")
    needed = postgresql_packages() + qt_packages("offscreen")
    if not shutil.which("Xvfb"):
        needed.append("xvfb")
    install_system_packages(sorted(set(needed)), "the tests need these system packages")
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    checks = [
        [BIN / "ruff", "check", "."],
        [BIN / "ruff", "format", "--check", "."],
        [BIN / "mypy"],
        [BIN / "lint-imports"],
    ]
    failed = [str(check[0].name) for check in checks if _run(*check, env=env) != 0]
    code = _run(PYTHON, "-m", "pytest", *args, env=env)
    whole_suite = not [arg for arg in args if (ROOT / arg.split("::")[0]).exists()]
    # The whole suite also starts the demo the way a new user does, in a real window.
    if whole_suite and demo_window_check() != 0:
        failed.append("the demo's window")
    if failed:
        print("failed checks:", ", ".join(failed))
        return 1
    # pytest exits 5 when it ran no test: that is a failure too.
    return code


def demo_window_check() -> int:
    """``python3 tasks.py demo`` under Xvfb on Qt's real X11 platform (xcb), in a throwaway
    data folder, closing the window 3 s after it is shown: what a new user's first start does,
    including the system libraries it installs."""
    with tempfile.TemporaryDirectory(prefix="packbench-demo-check-") as folder:
        read_fd, write_fd = os.pipe()
        server = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1920x1080x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stderr=subprocess.DEVNULL,
        )
        os.close(write_fd)
        with os.fdopen(read_fd) as reply:
            display = reply.readline().strip()
        saved = dict(os.environ)
        try:
            if not display:
                print("the demo's window: Xvfb did not start", file=sys.stderr)
                return 1
            os.environ.update(
                DISPLAY=f":{display}",
                QT_QPA_PLATFORM="xcb",
                PACKBENCH_DATA_DIR=folder,
                XDG_CONFIG_HOME=folder,
            )
            print(f"starting the demo on Xvfb :{display} (xcb)", flush=True)
            return demo(["--quit-after", "3"])
        finally:
            os.environ.clear()
            os.environ.update(saved)
            server.terminate()
            server.wait(timeout=10)


def main() -> int:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
