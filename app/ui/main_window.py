"""The station window: a header (station, packer, devices) over the pack screen. Layout and
wiring only; the views own their logic."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.services.results import Session
from app.ui.device_bridge import DeviceBridge, DeviceStatusLabel
from app.ui.station.pack_screen import PackScreen


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
        self.setWindowTitle(f"Packbench · {station_name}")
        self.pack_screen = pack_screen
        self._may_close = False
        self._in_close_event = False

        header = QWidget()
        header.setObjectName("header")
        self.station_label = QLabel(f"Station {station_name}")
        self.station_label.setObjectName("headerStation")
        self.user_label = QLabel("Signed out")
        self.user_label.setObjectName("headerUser")
        self.devices_label = QLabel()
        self.devices_label.setObjectName("headerDevices")
        self.devices_label.setToolTip(f"Printer: {printer_name}")
        shown = printer_name.removeprefix(f"{station_name} ")
        if len(shown) > 30:
            shown = f"{shown[:14]}…{shown[-14:]}"
        self.devices_label.setText(f"Printer: {shown}")
        self.test_scan_button = QPushButton("Test scan")
        self.test_scan_button.setObjectName("headerButton")
        self.test_scan_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.test_scan_button.clicked.connect(self.test_scan_requested)
        self.printer_test_button = QPushButton("Test printer")
        self.printer_test_button.setObjectName("headerButton")
        self.printer_test_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.printer_test_button.clicked.connect(self.printer_test_requested)
        self.printer_settings_button = QPushButton("Printer…")
        self.printer_settings_button.setObjectName("headerButton")
        self.printer_settings_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.printer_settings_button.clicked.connect(self.printer_settings_requested)
        self._header_row = row = QHBoxLayout(header)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.station_label)
        row.addStretch(1)
        row.addWidget(self.user_label)
        row.addStretch(1)
        row.addWidget(self.devices_label)
        row.addWidget(self.test_scan_button)
        row.addWidget(self.printer_test_button)
        row.addWidget(self.printer_settings_button)

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(header)
        column.addWidget(pack_screen, 1)
        self.setCentralWidget(central)
        pack_screen.session_changed.connect(self._on_pack_screen_session_changed)

    def show_devices(self, bridge: DeviceBridge) -> None:
        """Show the state of every device the bridge reports (scanners for now)."""
        self.device_status = DeviceStatusLabel(bridge)
        self.device_status.setObjectName("headerDevices")
        self._header_row.insertWidget(self._header_row.count() - 1, self.device_status)

    def _on_pack_screen_session_changed(self, session: Session | None) -> None:
        if session is None:
            self.user_label.setText("Signed out")
        else:
            self.user_label.setText(f"{session.user_name} ({session.role.value})")

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
