"""A label whose whole text is always visible: it wraps at word boundaries, a text too long for
the lines it is given is drawn smaller, down to a floor that stays readable at 1.5 m, and past
that floor the label grows taller rather than clip. Its minimum width is its widest word at the
floor size, so a long translated text never makes the window wider than the screen.

Sizes are given in pixels at 1920x1080 and scaled with the station (``app.ui.style.px``). The
floor for the texts a packer must read (banner, notes, name) is 34 px: capitals about 25 px,
7 mm on a 24-inch 1920x1080 screen, the 16-arcminute minimum at 1.5 m.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from app.ui.style import px

#: The smallest type for what the packer must read from 1.5 m (pixels at 1920x1080).
READABLE_FLOOR = 34
_STEP = 2
_WRAP = Qt.TextFlag.TextWordWrap.value


class FitLabel(QLabel):
    """A wrapped label that shrinks its type from ``base`` to ``floor`` (pixels at 1920x1080)
    to keep its text within ``lines`` lines of ``base`` type (see the module docstring); it is
    at least ``min_lines`` lines high (of ``base`` type unless squeezed).

    ``set_css`` adds rules of its own (a background, a colour) to the font size it sets."""

    def __init__(
        self,
        name: str,
        base: int,
        floor: int,
        lines: int,
        parent: QWidget | None = None,
        *,
        min_lines: int = 1,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self._base, self._floor, self._lines = base, floor, lines
        self._min_lines = min_lines
        self._room: int | None = None  # the most height the layout can give it (None: any)
        self._css = ""
        self._size = 0
        self._needed = 0  # the height the text needs at the label's width now
        self._fitted_for: tuple[str, int] | None = None
        # Its height is set from its width here, not by the layout's height-for-width: a
        # layout asks that at its narrowest width and would make the window taller than the
        # screen.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._apply(px(base))

    @property
    def font_px(self) -> int:
        """The type size the text is drawn in now (pixels)."""
        return self._size

    def set_css(self, css: str) -> None:
        """Rules for this label besides its font size, e.g. ``"background: red;"``."""
        if css != self._css:
            self._css = css
            self._apply(self._size)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def set_room(self, height: int | None) -> None:
        """The most height the screen can give the label now (None: no limit): a text that
        needs more is drawn smaller, down to the floor."""
        if height != self._room:
            self._room = height
            self._fitted_for = None
            self._fit()

    def hasHeightForWidth(self) -> bool:
        return False

    def minimumSizeHint(self) -> QSize:
        """As narrow as the widest word at the floor size; as tall as the text needs at the
        width the label has now."""
        extra_w, extra_h = self._chrome()
        floor = self._metrics(px(self._floor))
        words = self.text().split() or [""]
        width = max(floor.horizontalAdvance(word) for word in words) + extra_w + 2
        # ``min_lines`` lines of the type it is drawn in (smaller only on a full screen).
        least = self._metrics(self._size).lineSpacing() * self._min_lines + extra_h
        return QSize(width, max(self._needed, least))

    def sizeHint(self) -> QSize:
        minimum = self.minimumSizeHint()
        metrics = self._metrics(self._size)
        lines = self.text().split("\n")
        widest = max(metrics.horizontalAdvance(line) for line in lines)
        # A little over the text's width: Qt's wrapping wants some room to spare.
        width = widest + self._chrome()[0] + metrics.averageCharWidth() + 4
        return QSize(max(minimum.width(), min(width, 4000)), minimum.height())

    def needed_height(self) -> int:
        """The height the whole text needs at the label's width, in the size it is drawn: the
        larger of the font's measure and Qt's own (a fallback font, an emoji, is taller)."""
        extra_w, extra_h = self._chrome()
        ours = self._wrapped_height(self._metrics(self._size), self.width() - extra_w) + extra_h
        return max(ours, QLabel.heightForWidth(self, self.width()))

    def text_fits(self) -> bool:
        """The whole text is drawn inside the label as it is now (for tests): its wrapped
        lines are no taller than the label."""
        return self.needed_height() <= self.height()

    # -- fitting ----------------------------------------------------------------------------

    def _chrome(self) -> tuple[int, int]:
        """The width and height the label's margins and padding take from its text."""
        inner = self.contentsRect()
        return self.width() - inner.width(), self.height() - inner.height()

    def _metrics(self, size: int) -> QFontMetrics:
        font = QFont(self.font())
        font.setPixelSize(size)
        return QFontMetrics(font)

    def _wrapped_height(self, metrics: QFontMetrics, width: int) -> int:
        rect = QRect(0, 0, max(width, 1), 1_000_000)
        return metrics.boundingRect(rect, _WRAP, self.text()).height()

    def _fit(self) -> None:
        extra_w, _ = self._chrome()
        room = self.width() - extra_w
        key = (self.text(), room)
        if key == self._fitted_for or room <= 0:
            return
        self._fitted_for = key
        before = self._needed
        base, floor = px(self._base), px(self._floor)
        budget = self._metrics(base).lineSpacing() * self._lines
        if self._room is not None:
            budget = min(budget, self._room - self._chrome()[1])
        size = base
        while size > floor and self._wrapped_height(self._metrics(size), room) > budget:
            size = max(floor, size - max(1, px(_STEP)))
        if size != self._size:
            self._apply(size)
        self._needed = self.needed_height()
        if self._needed != before:
            self.updateGeometry()

    def _apply(self, size: int) -> None:
        self._size = size
        self.setStyleSheet(f"QLabel#{self.objectName()} {{ font-size: {size}px; {self._css} }}")
        self._fitted_for = None
        self.updateGeometry()
