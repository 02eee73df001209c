"""The numbers warning on the pack screen: a tracking range or the SSCC range 90 % used or more.

Not blocking: a line under the printer's banner while someone is signed in, so the packer or
supervisor tells an admin before labels stop. The ranges are read on the database worker when
someone signs in and every ``REFRESH_MS`` after; the GUI thread only shows the lines.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel

from app.ui.i18n import translated
from app.ui.runner import Operation, Worker
from app.ui.station.label_panels import insert_after
from app.ui.style import scaled

if TYPE_CHECKING:
    from app.ui.station.pack_screen import PackScreen

log = logging.getLogger(__name__)

REFRESH_MS = 60_000  # one cheap read a minute: the packer whose order crosses 90 % sees it
STYLE = (
    "QLabel#rangeWarning { font-size: 30px; font-weight: bold; padding: 6px; "
    "border-radius: 6px; background: #ffe082; color: #000000; }"
)


class RangeWarning(QObject):
    """Shows ``warnings()`` (one line per range running out) on ``screen`` while signed in.

    Attributes:
        label: the warning line (hidden when there is nothing to say or nobody signed in).
        lines: what the last read said.
    """

    def __init__(
        self,
        screen: PackScreen,
        warnings: Callable[[], Sequence[str]],
        db: Worker,
        *,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(screen)
        self._screen = screen
        self._warnings = warnings
        self._db = db
        self.lines: tuple[str, ...] = ()
        self.label = QLabel()
        self.label.setObjectName("rangeWarning")
        self.label.setStyleSheet(scaled(STYLE))
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.hide()
        insert_after(screen.printer_banner, self.label)
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)
        self._timer.timeout.connect(self.refresh)
        screen.session_changed.connect(self._on_screen_session_changed)

    def refresh(self) -> None:
        """Read the ranges again (on the database worker)."""
        self._db.run(Operation.read(self._warnings).then(self._on_read, self._on_read_failed))

    def _on_screen_session_changed(self, session: object) -> None:
        if session is None:
            self._timer.stop()
            self.label.hide()
            return
        self.refresh()
        self._timer.start()

    def _on_read(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        if not self.lines or self._screen.session is None:
            self.label.hide()
            return
        attention = self.tr("⚠ ATTENTION: {warning}")
        shown = (attention.format(warning=translated(line)) for line in self.lines)
        self.label.setText("\n".join(shown))
        self.label.show()

    def _on_read_failed(self, message: str, _exc: BaseException) -> None:
        # Not the packer's problem now: the next read (or the label itself) says more.
        log.info("range warnings not read: %s", message)
