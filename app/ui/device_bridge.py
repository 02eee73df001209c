"""Device reader threads -> the GUI thread, by signals only.

A ``ScannerSource`` calls back on its own reader thread. ``DeviceBridge`` turns those calls
into Qt signals and does nothing else there: the bridge lives on the GUI thread, so Qt queues
each emission to the GUI thread, where the connected slots run in order. Nothing here touches a
widget from a reader thread. The UI knows scanners only through the ``ScannerSource`` port
(bootstrap builds the serial adapters).

``DeviceStatusLabel`` shows each device's state from ``state_changed``, one coloured tag per
device, large enough to read from the packing table.
"""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QLabel, QWidget

from app.services.device_ports import DeviceState, ScannerSource
from app.ui.i18n import follow, translated
from app.ui.style import scaled

log = logging.getLogger(__name__)


class DeviceBridge(QObject):
    """Signals (emitted on reader threads, delivered queued to the GUI thread):
    scanned(str, str): source name, scanned code.
    state_changed(object): a ``DeviceState``.

    Call ``detach_all`` before the bridge is destroyed (it stops the reader threads).
    """

    scanned = Signal(str, str)
    state_changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sources: list[ScannerSource] = []

    @property
    def sources(self) -> list[ScannerSource]:
        return list(self._sources)

    def attach(self, source: ScannerSource) -> None:
        """Start ``source``; its scans and states come out of this bridge's signals."""
        name = source.name

        def on_scan(code: str) -> None:  # reader thread: emit only
            self.scanned.emit(name, code)

        def on_state(state: DeviceState) -> None:  # reader thread: emit only
            self.state_changed.emit(state)

        self._sources.append(source)
        source.start(on_scan, on_state)

    def detach_all(self) -> None:
        """Stop every attached source (each joins its thread). Safe to call twice."""
        sources, self._sources = self._sources, []
        for source in sources:
            try:
                source.stop()
            except Exception:
                log.exception("Stopping scanner %s failed", source.name)


#: Per state: (background, text colour, wording). Tags with a solid background read well on the
#: dark header and on a light window alike.
CONNECTED_COLOUR = "#2e7d32"
RECONNECTING_COLOUR = "#ffb300"
DISCONNECTED_COLOUR = "#c62828"
_LOOK = {
    "connected": (
        CONNECTED_COLOUR,
        "#ffffff",
        QT_TRANSLATE_NOOP("DeviceStatusLabel", "connected"),
        "✔",
    ),
    "reconnecting": (
        RECONNECTING_COLOUR,
        "#000000",
        QT_TRANSLATE_NOOP("DeviceStatusLabel", "disconnected (reconnecting)"),
        "⚠",
    ),
    "disconnected": (
        DISCONNECTED_COLOUR,
        "#ffffff",
        QT_TRANSLATE_NOOP("DeviceStatusLabel", "disconnected"),
        "✖",
    ),
    "error": (DISCONNECTED_COLOUR, "#ffffff", QT_TRANSLATE_NOOP("DeviceStatusLabel", "error"), "✖"),
}


class DeviceStatusLabel(QLabel):
    """ "Scanner /dev/ttyACM0: connected" (green), "… disconnected (reconnecting)" (amber),
    "… disconnected" / "… error: why" (red); one tag per device, in the order first seen. The
    detail of each state is in the tooltip."""

    def __init__(
        self,
        bridge: DeviceBridge | None = None,
        kind: str = "Scanner",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("deviceStatus")
        self.kind = kind
        self._states: dict[str, DeviceState] = {}
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setStyleSheet(scaled("QLabel#deviceStatus { font-size: 22px; font-weight: bold; }"))
        if bridge is not None:
            bridge.state_changed.connect(self.show_state)
        follow(self.retranslate)

    def retranslate(self) -> None:
        """Show the devices' states again in the station's language."""
        for state in list(self._states.values())[-1:]:
            self.show_state(state)

    def describe(self, device: str) -> tuple[str, str]:
        """(text, background colour) of ``device``'s tag; ("", "") if it was never seen."""
        state = self._states.get(device)
        if state is None:
            return "", ""
        background, _, wording, _mark = _LOOK.get(state.state, _LOOK["error"])
        kind = self.tr("Scale") if self.kind == "Scale" else self.tr("Scanner")
        # (a simulated scale's name and the details the drivers give as Messages translated)
        text = f"{kind} {translated(device)}: {self.tr(str(wording))}"
        if state.state == "error" and state.detail:
            text += f": {translated(state.detail)}"
        return text, background

    @Slot(object)
    def show_state(self, state: DeviceState) -> None:
        self._states[state.device] = state
        tags = []
        tips = []
        for device, known in self._states.items():
            text, background = self.describe(device)
            _, foreground, _, mark = _LOOK.get(known.state, _LOOK["error"])
            tags.append(
                f'<span style="background-color:{background}; color:{foreground};">'
                f"&nbsp;{mark} {html.escape(text)}&nbsp;</span>"
            )
            tips.append(f"{text} ({translated(known.detail)})" if known.detail else text)
        self.setText("&nbsp;&nbsp;".join(tags))
        self.setToolTip("\n".join(tips))
