#!/usr/bin/env python3
"""Build the Packbench one-folder bundle with PyInstaller and prove it works.

    python packaging/build.py                  build dist/packbench/, then run its smoke test
    python packaging/build.py --installer      Windows: also compile the Inno Setup installer
    python packaging/build.py --archive        Linux: also write a .tar.gz of the folder

Run it with the Python of a build venv that has Packbench and PyInstaller installed:

    python3 -m venv /tmp/pb-build-venv
    /tmp/pb-build-venv/bin/pip install -e . pyinstaller
    /tmp/pb-build-venv/bin/python packaging/build.py --dist /tmp/pb/dist --work /tmp/pb/work

See packaging/README.md.
"""

from __future__ import annotations

import argparse
import ast
import importlib.util
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "installer.spec"
ISS = ROOT / "packaging" / "windows" / "packbench.iss"
DESKTOP = ROOT / "packaging" / "linux" / "packbench.desktop"
NAME = "packbench"
IS_WINDOWS = sys.platform == "win32"


def app_version() -> str:
    """``__version__`` from app/__init__.py, read without importing the app."""
    tree = ast.parse((ROOT / "app" / "__init__.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "__version__" for t in node.targets)
            and isinstance(node.value, ast.Constant)
        ):
            return str(node.value.value)
    sys.exit("build: no __version__ in app/__init__.py")


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB"


def run(
    command: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    capture: bool = False,
) -> subprocess.CompletedProcess[str]:
    print("+", " ".join(command), flush=True)
    return subprocess.run(command, cwd=cwd, env=env, capture_output=capture, text=True, check=False)


def build(dist: Path, work: Path, *, prune: bool, clean: bool) -> Path:
    if importlib.util.find_spec("PyInstaller") is None:
        sys.exit(f"build: no PyInstaller for {sys.executable} (pip install pyinstaller)")
    env = dict(os.environ)
    if not prune:
        env["PACKBENCH_NO_PRUNE"] = "1"
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(dist), "--workpath", str(work)]
    if clean:
        command.append("--clean")
    started = time.monotonic()
    result = run([*command, str(SPEC)], cwd=ROOT, env=env)
    elapsed = time.monotonic() - started
    if result.returncode:
        sys.exit(f"build: PyInstaller failed (exit code {result.returncode})")
    bundle = dist / NAME
    print(f"build: {bundle} built in {elapsed:.0f} s, {mib(folder_size(bundle))}")
    return bundle


def executable(bundle: Path) -> Path:
    return bundle / (f"{NAME}-console.exe" if IS_WINDOWS else NAME)


def smoke_test(bundle: Path, version: str) -> None:
    """``--version`` and ``--smoke-test`` of the frozen build, offscreen, on a scratch data dir."""
    exe = executable(bundle)
    result = run([str(exe), "--version"], capture=True)
    output = (result.stdout + result.stderr).strip()
    if result.returncode or output != f"{NAME} {version}":
        sys.exit(f"build: '{exe.name} --version' said {output!r} (exit {result.returncode})")
    print(f"build: --version ok ({output})")
    with tempfile.TemporaryDirectory(prefix="packbench-frozen-") as data:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PACKBENCH_DATA_DIR=data)
        env.pop("PACKBENCH_DB_URL", None)  # the smoke test's own SQLite database, not a shared one
        started = time.monotonic()
        result = run([str(exe), "--smoke-test"], env=env, capture=True)
        elapsed = time.monotonic() - started
    sys.stderr.write(result.stderr)
    sys.stdout.write(result.stdout)
    if result.returncode or "smoke test ok" not in result.stdout:
        sys.exit(f"build: the frozen smoke test FAILED (exit code {result.returncode})")
    print(f"build: frozen smoke test ok ({elapsed:.1f} s)")


def validate_desktop_file() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        print("build: desktop-file-validate not found (apt install desktop-file-utils); skipped")
        return
    if run([tool, str(DESKTOP)]).returncode:
        sys.exit(f"build: {DESKTOP.name} is not valid")
    print(f"build: {DESKTOP.name} is valid")


def archive(bundle: Path, version: str) -> Path:
    """A tarball of the folder plus the desktop file, icon and udev rules (under packaging/)."""
    arch = platform.machine().lower() or "unknown"
    target = bundle.parent / f"{NAME}-{version}-linux-{arch}.tar.gz"
    with tarfile.open(target, "w:gz") as tar:
        tar.add(bundle, arcname=NAME)
        for extra in sorted((ROOT / "packaging" / "linux").iterdir()):
            tar.add(extra, arcname=f"{NAME}/packaging/{extra.name}")
    print(f"build: {target} ({mib(target.stat().st_size)})")
    return target


def find_iscc() -> str:
    candidates = [os.environ.get("ISCC", ""), shutil.which("iscc") or ""]
    for base in (os.environ.get("PROGRAMFILES(X86)"), os.environ.get("PROGRAMFILES")):
        if base:
            candidates.append(str(Path(base, "Inno Setup 6", "ISCC.exe")))
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("build: Inno Setup's ISCC.exe not found (install Inno Setup 6.3+ or set ISCC=...)")


def installer(bundle: Path, version: str) -> None:
    iscc = find_iscc()
    out = bundle.parent / "installer"
    command = [iscc, f"/DAppVersion={version}", f"/DDistDir={bundle.resolve()}"]
    command += [f"/DOutputDir={out.resolve()}", str(ISS)]
    if run(command).returncode:
        sys.exit("build: Inno Setup failed")
    print(f"build: installer in {out}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="PyInstaller --distpath")
    parser.add_argument("--work", type=Path, default=ROOT / "build", help="PyInstaller --workpath")
    parser.add_argument("--no-prune", action="store_true", help="keep every collected Qt file")
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache")
    parser.add_argument("--skip-smoke", action="store_true", help="do not run the smoke test")
    parser.add_argument("--installer", action="store_true", help="Windows: run Inno Setup")
    parser.add_argument("--archive", action="store_true", help="Linux: write a .tar.gz")
    args = parser.parse_args()

    version = app_version()
    print(f"build: Packbench {version} on {platform.system()} {platform.machine()}")
    if not IS_WINDOWS:
        validate_desktop_file()
    bundle = build(args.dist, args.work, prune=not args.no_prune, clean=not args.no_clean)
    if not args.skip_smoke:
        smoke_test(bundle, version)
    if args.archive and not IS_WINDOWS:
        archive(bundle, version)
    if args.installer:
        if not IS_WINDOWS:
            sys.exit("build: the Inno Setup installer is built on Windows")
        installer(bundle, version)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
