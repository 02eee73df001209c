"""One stylesheet for the station: large type and strong colours, readable from 1.5 m.

Every size is written for a 1920x1080 screen and scaled with the screen the station runs on
(``scale_for_height``: 1080 px -> 1.0, 768 px -> 0.71), so the layout and the type keep their
proportions on any screen. The one place sizes are scaled: ``scaled`` rewrites every ``Npx`` of
a stylesheet, ``px`` scales a size set in code; ``apply_style`` sets the station's scale and
the application's stylesheet. At 1.0 the count's digits are 52 px high, the packer's name's
capitals 26 px and the banner's capitals 42 px (DejaVu Sans).
"""

from __future__ import annotations

import re

from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication

BASE_HEIGHT = 1080  # the screen height the sizes below are written for
MIN_SCALE = 0.5
MAX_SCALE = 2.5

BASE_STYLESHEET = """
QWidget { font-size: 24px; }
QLabel#banner { font-size: 58px; font-weight: bold; padding: 6px; border-radius: 10px; }
QLabel#printerBanner {
    font-size: 34px; font-weight: bold; padding: 8px; border-radius: 8px;
    background: #e65100; color: white;
}
QLabel#saving {
    font-size: 34px; font-weight: bold; padding: 6px; border-radius: 8px;
    background: #fff59d; color: #000000;
}
QLabel#orderTitle { font-size: 40px; font-weight: bold; }
QLabel#counts { font-size: 72px; font-weight: bold; }
QLabel#caption { font-size: 22px; color: #555; }
QLabel#headerStation { font-size: 28px; color: white; padding: 4px 12px; }
QLabel#headerDevices { font-size: 22px; color: white; padding: 2px 8px; }
QLabel#headerUser { font-size: 36px; font-weight: bold; color: white; padding: 4px 12px; }
QWidget#header { background: #263238; }
QTableView#lines { font-size: 34px; gridline-color: #ccc; }
QHeaderView::section { font-size: 24px; padding: 6px; }
QProgressBar#orderProgress { border: 2px solid #555; border-radius: 6px; background: #eee; }
QProgressBar#orderProgress::chunk { background: #2e7d32; }
QPushButton { font-size: 28px; padding: 8px; }
QPushButton#headerButton { font-size: 17px; padding: 3px 8px; }
QLineEdit#entry { font-size: 26px; padding: 4px; }
"""

_PX = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)px\b")
_station = {"scale": 1.0}  # the station's scale, set by apply_style


def scale_for_height(height: int) -> float:
    """The station's scale on a screen ``height`` logical pixels high (1080 -> 1.0)."""
    if height <= 0:
        return 1.0
    return round(min(max(height / BASE_HEIGHT, MIN_SCALE), MAX_SCALE), 3)


def scale_for_screen(screen: QScreen | None) -> float:
    """The scale for ``screen`` (its whole height: the station runs full screen)."""
    return 1.0 if screen is None else scale_for_height(screen.geometry().height())


def current_scale() -> float:
    """The scale set by the last ``apply_style`` (1.0 before)."""
    return _station["scale"]


def px(size: float, scale: float | None = None) -> int:
    """``size`` (pixels at 1920x1080) at ``scale`` (default: the station's), at least 1."""
    return max(1, round(size * (_station["scale"] if scale is None else scale)))


def scaled(css: str, scale: float | None = None) -> str:
    """``css`` with every ``Npx`` multiplied by ``scale`` (default: the station's)."""
    factor = _station["scale"] if scale is None else scale
    return _PX.sub(lambda match: f"{px(float(match.group(1)), factor)}px", css)


def stylesheet(scale: float = 1.0) -> str:
    """The application's stylesheet at ``scale``."""
    return scaled(BASE_STYLESHEET, scale)


def use_scale(scale: float) -> None:
    """Make ``scale`` the one ``scaled`` and ``px`` use, leaving the application's stylesheet
    alone: for windows with a stylesheet of their own (the supervisor console run by itself)."""
    _station["scale"] = scale


def apply_style(app: QApplication, scale: float = 1.0) -> None:
    """Make ``scale`` the station's and give ``app`` its stylesheet. Widgets with a
    stylesheet of their own scale it with ``scaled`` when they are made: call this first."""
    _station["scale"] = scale
    app.setStyleSheet(stylesheet(scale))


STYLESHEET = stylesheet(1.0)
