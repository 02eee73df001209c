"""The test scan: what the station received from the scanner, how it understood it, and
how fast the keys came, with thresholds to suggest. One panel, shown by the test-scan dialog
and by the setup wizard's scanner page."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.domain.barcodes import CodeKind, InterpreterConfig, ScannedCode, interpret
from app.domain.errors import InvalidBarcode
from app.domain.message import Message
from app.ui.i18n import translated
from app.ui.scan_capture import Burst, ScanCapture, ScanRouter

_CONTROL_NAMES = {0x1D: "GS", 0x1E: "RS", 0x04: "EOT", 0x09: "TAB", 0x0D: "CR", 0x0A: "LF"}
# People rarely type faster than this between keys; a scanner must stay well below it.
HUMAN_GAP_MS = 150


def visible(text: str) -> str:
    """The text with control characters shown as ⟨GS⟩, ⟨CR⟩, ⟨x07⟩ ..."""
    out = []
    for char in text:
        code = ord(char)
        if code < 32 or code == 127:
            out.append(f"⟨{_CONTROL_NAMES.get(code, f'x{code:02X}')}⟩")
        else:
            out.append(char)
    return "".join(out)


def suggest_max_gap_ms(burst: Burst) -> int | None:
    """A threshold between this scanner's slowest gap and human typing, or None when the
    scanner is too slow to tell apart from typing."""
    slowest = burst.max_gap_ms
    if slowest >= HUMAN_GAP_MS * 0.8:
        return None
    return int(min(max(math.ceil(slowest * 2 + 10), 30), HUMAN_GAP_MS))


KIND_NAMES = {
    CodeKind.PRODUCT: Message("product"),
    CodeKind.BADGE: Message("badge"),
    CodeKind.ORDER_SLIP: Message("order slip"),
    CodeKind.TOTE: Message("tote"),
    CodeKind.BOX: Message("box"),
    CodeKind.COMMAND: Message("command"),
    CodeKind.SSCC: Message("logistic unit (SSCC)"),
}
FIELD_NAMES: dict[str, str] = {
    "gtin": "GTIN",  # the same in every language
    "sscc": "SSCC",
    "lot": Message("lot"),
    "expiry": Message("expiry"),
    "serial": Message("serial number"),
    "count": Message("count"),
}


def describe(code: ScannedCode) -> str:
    """What a scan is understood as, in the station's language."""
    parts = [f"{translated(KIND_NAMES[code.kind])}: {code.value}"]
    for name, words in FIELD_NAMES.items():
        value = getattr(code, name)
        if value is not None:
            parts.append(f"{translated(words)} {value}")
    return " · ".join(parts)


class TestScanPanel(QWidget):
    """While listening (``listen``), scans come here and not to the pack screen.

    Signals:
        measured(object): after each run of keys, the suggested ``max_gap_ms`` (int), or None
            when this scanner cannot be told from typing.
    """

    __test__ = False  # not a pytest class
    measured = Signal(object)

    def __init__(
        self,
        capture: ScanCapture,
        router: ScanRouter,
        codes: InterpreterConfig,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._capture = capture
        self._router = router
        self._codes = codes
        self._listening = False
        self.suggestion: int | None = None
        self.prompt = QLabel(self.tr("Scan any barcode now"))
        self.prompt.setObjectName("orderTitle")
        self.received = QLabel("–")
        self.symbology = QLabel("–")
        self.meaning = QLabel("–")
        self.meaning.setWordWrap(True)
        self.timing = QLabel("–")
        self.timing.setWordWrap(True)
        self.advice = QLabel("–")
        self.advice.setWordWrap(True)
        for label in (self.received, self.meaning):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Received"), self.received)
        form.addRow(self.tr("Symbology"), self.symbology)
        form.addRow(self.tr("Understood as"), self.meaning)
        form.addRow(self.tr("Key timing"), self.timing)
        form.addRow(self.tr("Suggestion"), self.advice)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt)
        layout.addLayout(form)

    def listen(self, on: bool) -> None:
        """Take the scans (and the key timings) while ``on``; give them back when not."""
        if on == self._listening:
            return
        self._listening = on
        if on:
            self._capture.burst.connect(self._on_capture_burst)
            self._router.push(self._on_scan)
        else:
            self._router.pop(self._on_scan)
            self._capture.burst.disconnect(self._on_capture_burst)

    def _on_scan(self, code: str) -> None:
        """A scan as the workflow would get it."""
        try:
            scanned = interpret(code, self._codes)
        except InvalidBarcode as exc:
            self.symbology.setText("–")
            self.meaning.setText(
                self.tr("Refused: {message}").format(message=translated(exc.message))
            )
            return
        none_sent = self.tr("none sent (enable AIM ids on the scanner)")
        self.symbology.setText(scanned.symbology or none_sent)
        self.meaning.setText(describe(scanned))

    def _on_capture_burst(self, burst: Burst) -> None:
        terminator = burst.terminator.removeprefix("Key_").replace("Return", "Enter")
        if terminator == "Enter":
            terminator = self.tr("Enter")  # the key's name on the keyboards of the language
        self.received.setText(f"{visible(burst.text)}  ⟨{terminator}⟩")
        timing = self.tr(
            "{keys} keys, mean gap {mean:.1f} ms, slowest {slowest:.1f} ms; counted as a scan: "
            "{scan}"
        )
        self.timing.setText(
            timing.format(
                keys=len(burst.text),
                mean=burst.mean_gap_ms,
                slowest=burst.max_gap_ms,
                scan=self.tr("yes") if burst.was_scan else self.tr("no"),
            )
        )
        current = round(self._capture.max_gap * 1000)
        suggestion = suggest_max_gap_ms(burst)
        if suggestion is None:
            self.advice.setText(
                self.tr(
                    "This scanner types too slowly to tell from a person. Lower its "
                    "inter-character delay, or configure a prefix and suffix."
                )
            )
        elif not burst.was_scan:
            advice = self.tr(
                "Not taken as a scan with max gap {current} ms. Set max gap to {best} ms."
            )
            self.advice.setText(advice.format(current=current, best=suggestion))
        else:
            advice = self.tr("Works. A max gap of {best} ms would fit (now {current} ms).")
            self.advice.setText(advice.format(current=current, best=suggestion))
        if not burst.was_scan:
            self.meaning.setText(
                self.tr("Not a scan (typed too slowly, too short, or prefix missing)")
            )
        self.suggestion = suggestion
        self.measured.emit(suggestion)


class TestScanDialog(QDialog):
    """While open, scans come here and not to the pack screen."""

    __test__ = False

    def __init__(
        self,
        capture: ScanCapture,
        router: ScanRouter,
        codes: InterpreterConfig,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Test scan"))
        self.panel = TestScanPanel(capture, router, codes, self)
        panel = self.panel
        self.prompt, self.received, self.symbology = panel.prompt, panel.received, panel.symbology
        self.meaning, self.timing, self.advice = panel.meaning, panel.timing, panel.advice
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(self.tr("Close  [Esc]"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(panel)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.resize(900, 360)
        panel.listen(True)
        self.finished.connect(self._on_finished)

    def _on_finished(self, _result: int) -> None:
        self.panel.listen(False)
