"""A label for messages and scanned text that never pushes its window wider: it wraps at
spaces, a long unbroken run (a scanned code, a path) is cut in the middle with an ellipsis
(the whole text in the tooltip), and its width counts for nothing in the window's minimum."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

#: The longest run of characters without a space shown whole; longer ones lose their middle.
LONGEST_WORD = 28


def elide_long_words(text: str, longest: int = LONGEST_WORD) -> str:
    """``text`` with every word (run without whitespace) longer than ``longest`` cut in the
    middle: its first and last characters kept round an ellipsis."""
    longest = max(longest, 5)
    keep = (longest - 1) // 2

    def cut(word: str) -> str:
        if len(word) <= longest:
            return word
        return f"{word[:keep]}…{word[-keep:]}"

    lines = []
    for line in text.split("\n"):
        lines.append(" ".join(cut(word) for word in line.split(" ")))
    return "\n".join(lines)


class MessageLabel(QLabel):
    """A ``QLabel`` that wraps, cuts long words in the middle and shows the whole text as its
    tooltip when it cut anything."""

    def __init__(self, text: str = "", parent: QWidget | None = None, longest: int = LONGEST_WORD):
        super().__init__(parent)
        self._longest = longest
        self._full = ""
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
        self.setSizePolicy(policy)
        self.setMinimumWidth(1)
        self.setText(text)

    def setText(self, text: str) -> None:
        self._full = text
        shown = elide_long_words(text, self._longest)
        super().setText(shown)
        self.setToolTip(text if shown != text else "")

    def full_text(self) -> str:
        """The text as given, before any word was cut."""
        return self._full
