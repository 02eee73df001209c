"""tasks.py: the packages named for the libraries Qt cannot find."""

from __future__ import annotations

import importlib.util
import sys
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
