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
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(*command: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.call([str(part) for part in command], cwd=ROOT, env=env)


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


def ensure_postgresql() -> None:
    """The suite starts its own PostgreSQL server; it needs the server binaries."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if os.environ.get("PACKBENCH_PG_BINDIR") or candidates or shutil.which("initdb"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        _run("apt-get", "update", "-qq")
        if _run("apt-get", "install", "-y", "-qq", "postgresql") == 0:
            return
    sys.exit(
        "The tests need PostgreSQL's server binaries (initdb, pg_ctl, postgres). Install them "
        "(Debian/Ubuntu: sudo apt-get install postgresql) or set PACKBENCH_PG_BINDIR."
    )


# What Qt's X11 platform plugin needs from the system on Debian/Ubuntu (PySide6 ships Qt, not
# these). Without them the window cannot open: "could not load the Qt platform plugin xcb".
QT_X11_PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}


def ensure_qt_system_libraries() -> None:
    """On Linux, the libraries Qt's window system plugin loads; installed with apt-get when
    run as root, otherwise named with the command that installs them."""
    if not sys.platform.startswith("linux") or not shutil.which("ldconfig"):
        return
    known = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout
    missing = sorted({pkg for lib, pkg in QT_X11_PACKAGES.items() if lib not in known})
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        _run("apt-get", "update", "-qq")
        if _run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing) == 0:
            return
    print(
        "Qt needs these system libraries to open its window: "
        f"sudo apt-get install {' '.join(missing)}",
        file=sys.stderr,
    )


def demo(args: list[str]) -> int:
    ensure_venv("")
    ensure_qt_system_libraries()
    return _run(BIN / "packbench", "--demo", *args)


def test(args: list[str]) -> int:
    ensure_venv("test")
    ensure_postgresql()
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    checks = [
        [BIN / "ruff", "check", "."],
        [BIN / "ruff", "format", "--check", "."],
        [BIN / "mypy"],
        [BIN / "lint-imports"],
    ]
    failed = [check for check in checks if _run(*check, env=env) != 0]
    code = _run(PYTHON, "-m", "pytest", *args, env=env)
    if failed:
        print("failed checks:", ", ".join(str(check[0].name) for check in failed))
        return 1
    # pytest exits 5 when it ran no test: that is a failure too.
    return code


def main() -> int:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
