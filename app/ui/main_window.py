"""The station window: a header (station, packer, devices) over the pack screen. Layout and
wiring only; the views own their logic."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.results import Session
from app.ui.device_bridge import DeviceBridge, DeviceStatusLabel
from app.ui.i18n import follow, translated
from app.ui.station.fit import READABLE_FLOOR, FitLabel
from app.ui.station.pack_screen import PackScreen

TEST_SCAN_KEY = "Ctrl+T"
PRINTER_TEST_KEY = "Ctrl+P"
PRINTER_SETTINGS_KEY = "Ctrl+Shift+P"


class MainWindow(QMainWindow):
    """Signals:
    test_scan_requested(): the packer asked for the test-scan dialog.
    printer_test_requested(): the packer asked for a printer status and test label.
    printer_settings_requested(): someone wants to choose and test the station's printer.
    """

    test_scan_requested = Signal()
    printer_test_requested = Signal()
    printer_settings_requested = Signal()

    def __init__(self, station_name: str, printer_name: str, pack_screen: PackScreen) -> None:
        super().__init__()
        self.pack_screen = pack_screen
        self._may_close = False
        self._in_close_event = False

        header = QWidget()
        header.setObjectName("header")
        self._station_name, self._printer_name = station_name, printer_name
        self._session: Session | None = None
        # Long names and translations wrap (and the station's name gets smaller) rather than
        # make the window wider than the screen; the packer's name stays at readable size.
        self.station_label = FitLabel("headerStation", 28, 22, 1)
        self.user_label = FitLabel("headerUser", 36, READABLE_FLOOR, 1)
        self.devices_label = QLabel()
        self.devices_label.setObjectName("headerDevices")
        self.test_scan_button = self._header_button(TEST_SCAN_KEY, self.test_scan_requested)
        self.printer_test_button = self._header_button(
            PRINTER_TEST_KEY, self.printer_test_requested
        )
        self.printer_settings_button = self._header_button(
            PRINTER_SETTINGS_KEY, self.printer_settings_requested
        )
        row = QHBoxLayout(header)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.station_label)
        row.addStretch(1)
        row.addWidget(self.user_label)
        row.addStretch(1)
        # Right: the devices over the buttons that test them.
        self._devices_row = devices = QHBoxLayout()
        devices.addStretch(1)
        devices.addWidget(self.devices_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_scan_button)
        buttons.addWidget(self.printer_test_button)
        buttons.addWidget(self.printer_settings_button)
        right = QVBoxLayout()
        right.setSpacing(2)
        right.addLayout(devices)
        right.addLayout(buttons)
        row.addLayout(right)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(header)
        column.addWidget(pack_screen, 1)
        self.setCentralWidget(central)
        # The window is the screen's size, never more: what does not fit gets smaller (the
        # banner's type, see ``StationDisplay._share_room``) instead of pushing the window
        # past the screen's edges.
        column.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        own = self.layout()
        if own is not None:
            own.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        pack_screen.session_changed.connect(self._on_pack_screen_session_changed)
        self.retranslate()
        follow(self.retranslate)

    def retranslate(self) -> None:
        """Set the header's texts in the station's language (again after it changed)."""
        self.setWindowTitle(f"Packbench · {self._station_name}")
        self.station_label.setText(self.tr("Station {name}").format(name=self._station_name))
        printer = translated(self._printer_name)  # "folder …" in the station's words
        self.devices_label.setToolTip(self.tr("Printer: {name}").format(name=printer))
        shown = printer.removeprefix(f"{self._station_name} ")
        if len(shown) > 24:
            shown = f"{shown[:11]}…{shown[-11:]}"
        self.devices_label.setText(self.tr("Printer: {name}").format(name=shown))
        for button, text, key in (
            (self.test_scan_button, self.tr("Test scan"), TEST_SCAN_KEY),
            (self.printer_test_button, self.tr("Test printer"), PRINTER_TEST_KEY),
            (self.printer_settings_button, self.tr("Printer…"), PRINTER_SETTINGS_KEY),
        ):
            button.setText(f"{text}  [{key}]")
        self._on_pack_screen_session_changed(self._session)

    def _header_button(self, key: str, signal: SignalInstance) -> QPushButton:
        """A header button that its key (shown on it) presses too."""
        button = QPushButton()
        button.setObjectName("headerButton")
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(signal)
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(signal)
        return button

    def show_devices(self, bridge: DeviceBridge) -> None:
        """Show the state of every device the bridge reports (scanners for now)."""
        self.device_status = DeviceStatusLabel(bridge)
        self.device_status.setObjectName("headerDevices")
        self._devices_row.addWidget(self.device_status)

    def _on_pack_screen_session_changed(self, session: Session | None) -> None:
        self._session = session
        if session is None:
            self.user_label.setText(self.tr("Signed out"))
        else:
            roles = {"packer": self.tr("packer"), "supervisor": self.tr("supervisor")}
            role = roles.get(session.role.value, self.tr("admin"))
            self.user_label.setText(f"{session.user_name} ({role})")

    def closeEvent(self, event: QCloseEvent) -> None:
        """The window goes only once every queued scan, undo, hold and completion is stored;
        until then it stays, taking no input, with "Saving…" on the pack screen."""
        if not self._may_close:
            self._in_close_event = True
            try:
                self.pack_screen.finish(self._on_pack_screen_finished)
            finally:
                self._in_close_event = False
        if not self._may_close:
            event.ignore()
            return
        super().closeEvent(event)

    def _on_pack_screen_finished(self) -> None:
        if self._may_close:
            return
        self._may_close = True
        if not self._in_close_event:
            self.close()
