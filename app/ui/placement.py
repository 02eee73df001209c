"""Where the station's window goes: full screen (a packing station's normal state), or a
window when the station's settings say ``[station] windowed = true``; a window's size and place
are kept in QSettings from one run to the next."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

WINDOWED_SIZE = (1366, 768)  # a window's size the first time, before one was kept


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
            self.window.showFullScreen()
            return
        kept = self._store.value(self._key)
        if not (isinstance(kept, QByteArray) and self.window.restoreGeometry(kept)):
            self.window.resize(*WINDOWED_SIZE)
        self.window.showNormal()

    def keep(self) -> None:
        """Store a window's geometry (full screen keeps nothing: there is nothing to keep)."""
        if self.windowed and not self.window.isFullScreen():
            self._store.setValue(self._key, self.window.saveGeometry())
            self._store.sync()
