"""Where the station's window goes: full screen (a packing station's normal state), or a
window when the station's settings say ``[station] windowed = true``; a window's size and place
are kept in QSettings from one run to the next."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QRect, QSettings
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from app.ui.style import scale_for_height, scale_for_screen

WINDOWED_SIZE = (1366, 768)  # a window's size the first time, before one was kept


def station_scale(screen: QScreen | None, *, windowed: bool) -> float:
    """The type and layout's scale: full screen, the screen's height; windowed, the height of
    the window's first size (a 1080 layout in a 768 window overlapped its buttons)."""
    if not windowed:
        return scale_for_screen(screen)
    height = WINDOWED_SIZE[1] if screen is None else screen.geometry().height()
    return scale_for_height(min(WINDOWED_SIZE[1], height))


class WindowPlacement:
    """Shows ``window`` full screen or windowed; ``keep`` stores a window's geometry under
    ``key`` in ``store`` (default: the user's "Packbench" settings)."""

    def __init__(
        self,
        window: QWidget,
        *,
        windowed: bool,
        key: str = "station",
        store: QSettings | None = None,
    ) -> None:
        self.window = window
        self.windowed = windowed
        self._key = f"window/{key}/geometry"
        self._store = store if store is not None else QSettings("Packbench", "station")

    def show(self) -> None:
        if not self.windowed:
            # Full screen is a request to the window manager; on an X display without one
            # (a kiosk station, or the manager gone) nothing resizes the window. So the window
            # is also given its screen's whole geometry, and again if the screen changes.
            self._cover_screen()
            self.window.showFullScreen()
            self._cover_screen()
            screen = self.screen()
            if screen is not None:
                screen.geometryChanged.connect(lambda _rect: self._cover_screen())
            return
        kept = self._store.value(self._key)
        if not (isinstance(kept, QByteArray) and self.window.restoreGeometry(kept)):
            self.window.resize(*WINDOWED_SIZE)
        self.window.showNormal()

    def screen(self) -> QScreen | None:
        """The screen the window is on (the primary one before it is shown)."""
        return self.window.screen() or QGuiApplication.primaryScreen()

    def screen_rect(self) -> QRect | None:
        screen = self.screen()
        return None if screen is None else screen.geometry()

    def covers_screen(self) -> bool:
        """A full-screen station's window covers its whole screen (a windowed one: True)."""
        rect = self.screen_rect()
        return self.windowed or rect is None or self.window.geometry() == rect

    def _cover_screen(self) -> None:
        rect = self.screen_rect()
        if rect is not None and not self.windowed:
            self.window.setGeometry(rect)

    def keep(self) -> None:
        """Store a window's geometry (full screen keeps nothing: there is nothing to keep)."""
        if self.windowed and not self.window.isFullScreen():
            self._store.setValue(self._key, self.window.saveGeometry())
            self._store.sync()
