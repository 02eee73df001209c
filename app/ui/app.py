"""Building the running GUI from a composed station (the UI side of bootstrap)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import QApplication

from app.services.packing import PackingService
from app.services.ports import StationRecord
from app.services.printing import LabelService
from app.ui.main_window import MainWindow
from app.ui.runner import Worker
from app.ui.scan_capture import ScanCapture
from app.ui.style import STYLESHEET
from app.ui.views.pack_screen import PackScreen


@dataclass
class StationUi:
    window: MainWindow
    pack_screen: PackScreen
    capture: ScanCapture
    db: Worker
    printer_worker: Worker

    def shutdown(self) -> None:
        self.capture.enabled = False
        self.db.shutdown()
        self.printer_worker.shutdown()


def build_ui(
    app: QApplication,
    packing: PackingService,
    labels: LabelService,
    station: StationRecord,
    *,
    scan_max_gap_ms: int = 80,
    scan_min_length: int = 3,
    idle_lock_minutes: int = 10,
) -> StationUi:
    app.setStyleSheet(STYLESHEET)
    db = Worker("db")
    printer_worker = Worker("printer")
    pack_screen = PackScreen(
        packing, labels, station, db, printer_worker, idle_lock_minutes=idle_lock_minutes
    )
    window = MainWindow(station.name, labels.printer.name, pack_screen)
    capture = ScanCapture(scan_max_gap_ms, scan_min_length, parent=window)
    capture.install(app)
    capture.scanned.connect(pack_screen.handle_scan)
    return StationUi(window, pack_screen, capture, db, printer_worker)
