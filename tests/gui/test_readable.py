"""Full screen and readable at 1.5 m: the type and layout scale with the screen, and what is
measured on the rendered widgets meets the sizes (1920x1080: count digits 48 px, the packer's
name 24 px, the banner's capitals 40 px; 1366x768 in proportion). Colour is never the only
signal. The window starts full screen, or windowed with its geometry kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QSize
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from app.ui.app import UiOptions
from app.ui.placement import WindowPlacement
from app.ui.station.display import Tone, marked
from app.ui.style import current_scale, scale_for_height, scaled
from tests.gui.conftest import MakeRig
from tests.gui.test_pack_screen import WAIT_MS, scan_and_wait

SCREENS = [(1920, 1080), (1366, 768)]


def ink_height(label: QLabel, text: str) -> int:
    """How tall ``text`` is drawn in ``label``'s font (the font its stylesheet gave it)."""
    label.ensurePolished()
    return QFontMetrics(label.font()).tightBoundingRect(text).height()


def capitals(text: str) -> str:
    return "".join(char for char in text if char.isupper())


def test_the_scale_follows_the_screen_height() -> None:
    assert scale_for_height(1080) == 1.0
    assert scale_for_height(768) == pytest.approx(0.711)
    assert scale_for_height(2160) == 2.0
    assert scale_for_height(0) == 1.0
    assert scaled("QLabel { font-size: 72px; padding: 4px 10px; }", 0.711) == (
        "QLabel { font-size: 51px; padding: 3px 7px; }"
    )
    assert scaled("color: #112px;") == "color: #112px;"  # a colour is not a size


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_rendered_sizes_at_each_screen(
    qtbot: QtBot, make_rig: MakeRig, width: int, height: int
) -> None:
    scale = scale_for_height(height)
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, scale=scale))
    window, screen = rig.ui.window, rig.ui.pack_screen
    assert current_scale() == scale
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=WAIT_MS)
    # Everything fits the screen: nothing is cut off or pushed out of the window.
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint

    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["PEN-BLK"])  # not on SHOP-1
    assert screen.tone is Tone.ERROR and "WRONG ITEM" in shown
    QApplication.processEvents()

    proportion = height / 1080
    digits = ink_height(screen.counts, "0123456789")
    name = rig.ui.window.user_label
    name_caps = ink_height(name, capitals(name.text()))
    banner_caps = ink_height(screen.banner, "WRONG ITEM")
    sizes = {"count": digits, "name": name_caps, "banner": banner_caps}
    assert digits >= 48 * proportion, sizes
    assert name_caps >= 24 * proportion, sizes
    assert banner_caps >= 40 * proportion, sizes
    if height == 1080:  # the measurements: 34, 16 and 30 px before
        assert (digits, name_caps, banner_caps) >= (48, 24, 40), sizes
    # The widgets are as tall as their text: nothing is clipped.
    for label in (screen.counts, name, screen.banner):
        metrics = QFontMetrics(label.font())
        assert label.height() >= metrics.height(), label.objectName()
        assert label.isVisible()
    assert screen.counts.text() == "0 / 3"


def test_every_tone_says_in_words_or_marks_what_its_colour_says() -> None:
    assert marked("No open order.", Tone.ERROR) == "✖ No open order."
    assert marked("✖ WRONG ITEM", Tone.ERROR) == "✖ WRONG ITEM"  # not twice
    assert marked("Saved.", Tone.OK) == "✔ Saved."
    assert marked("Hold: scan the reason", Tone.ATTENTION) == "⚠ Hold: scan the reason"
    assert marked("? DATA NEEDED", Tone.ATTENTION) == "? DATA NEEDED"
    assert marked("Scan your badge", Tone.PROMPT) == "Scan your badge"  # a prompt is words
    assert {tone.mark for tone in (Tone.OK, Tone.ERROR, Tone.ATTENTION)} == {"✔", "✖", "⚠"}


def test_a_refusal_on_screen_carries_its_mark(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig()
    screen = rig.ui.pack_screen
    shown = scan_and_wait(qtbot, rig, "CMDCOMPLETE")  # nobody signed in
    assert screen.tone is Tone.ERROR
    assert shown.startswith("✖ ") and screen.banner.text() == shown


def placement(window: QWidget, tmp_path: Path, windowed: bool) -> WindowPlacement:
    store = QSettings(str(tmp_path / "placement.ini"), QSettings.Format.IniFormat)
    return WindowPlacement(window, windowed=windowed, key="PACK-01", store=store)


def test_the_station_starts_full_screen(qtbot: QtBot, tmp_path: Path) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    placement(window, tmp_path, windowed=False).show()
    qtbot.waitUntil(window.isFullScreen, timeout=WAIT_MS)
    placement(window, tmp_path, windowed=False).keep()
    assert not (tmp_path / "placement.ini").exists()  # full screen keeps nothing


def test_a_windowed_station_keeps_its_size_and_place(qtbot: QtBot, tmp_path: Path) -> None:
    first = QWidget()
    qtbot.addWidget(first)
    placement(first, tmp_path, windowed=True).show()
    assert not first.isFullScreen() and first.size() == QSize(1366, 768)  # the first time
    first.setGeometry(40, 50, 600, 400)  # inside the offscreen screen
    placement(first, tmp_path, windowed=True).keep()

    second = QWidget()
    qtbot.addWidget(second)
    placement(second, tmp_path, windowed=True).show()
    qtbot.waitUntil(lambda: second.size() == QSize(600, 400), timeout=WAIT_MS)
    assert not second.isFullScreen()
