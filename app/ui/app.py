"""Building the running GUI from a composed station (the UI side of bootstrap)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtWidgets import QApplication

from app.domain.barcodes import InterpreterConfig
from app.services.device_ports import ScannerSource
from app.services.floor import FloorService
from app.services.offline import OfflineStation
from app.services.packing import PackingService
from app.services.ports import StationRecord
from app.services.printing import LabelService
from app.services.scale_ports import ScaleSource
from app.services.story import StoryService
from app.ui.device_bridge import DeviceBridge
from app.ui.focus import FocusKeeper
from app.ui.i18n import use_language
from app.ui.main_window import MainWindow
from app.ui.runner import Operation, Worker
from app.ui.scan_capture import ScanCapture, ScanRouter
from app.ui.sounds import SoundPlayer
from app.ui.station.console_door import ConsoleDoor, ConsoleTabs
from app.ui.station.heartbeat import Heartbeat
from app.ui.station.pack_screen import PackScreen
from app.ui.station.range_banner import RangeWarning
from app.ui.station.weighing import ScaleBridge, show_scale_in_header
from app.ui.style import apply_style
from app.ui.views.printer_settings_dialog import (
    PrinterSettingsDialog,
    SavePrinter,
    TryPrinter,
)
from app.ui.views.test_scan_dialog import TestScanDialog


@dataclass(frozen=True)
class UiOptions:
    """The station settings the UI needs (the rest stays in bootstrap)."""

    scan_max_gap_ms: int = 80
    scan_min_length: int = 3
    scan_prefix: str = ""
    scan_suffix: str = ""
    scan_terminator: str = "enter"
    idle_lock_minutes: float = 10
    sound_volume: float = 0.8
    codes: InterpreterConfig = field(default_factory=InterpreterConfig)
    scale: float = 1.0  # the type and layout's scale (``style.scale_for_screen``)
    language: str = "en"  # the station's language ([station] language)


@dataclass
class StationUi:
    window: MainWindow
    pack_screen: PackScreen
    capture: ScanCapture
    router: ScanRouter
    devices: DeviceBridge
    db: Worker
    printer_worker: Worker
    codes: InterpreterConfig
    printer_setup: tuple[dict[str, Any], TryPrinter, SavePrinter] | None = None
    heartbeat: Heartbeat | None = None
    console: ConsoleDoor | None = None
    range_warning: RangeWarning | None = None
    scale: ScaleBridge | None = None
    focus: FocusKeeper | None = None  # gives the keyboard back to the scan field

    def open_printer_settings(self) -> PrinterSettingsDialog | None:
        if self.printer_setup is None:
            return None
        current, try_printer, save_printer = self.printer_setup
        dialog = PrinterSettingsDialog(
            current, try_printer, save_printer, self.printer_worker, self.window
        )
        dialog.show()
        dialog.activateWindow()  # the keyboard goes to it: Esc closes, Alt+P tests
        return dialog

    def open_test_scan(self) -> TestScanDialog:
        """The test-scan dialog; scans go to it, not to the pack screen, while it is open."""
        dialog = TestScanDialog(self.capture, self.router, self.codes, self.window)
        dialog.show()
        dialog.activateWindow()  # Esc closes it
        return dialog

    def shutdown(self) -> None:
        """Stop the workers (after the window closed: it waited for every queued write)."""
        self.capture.uninstall()
        if self.focus is not None:
            self.focus.uninstall()
        if self.heartbeat is not None:
            self.heartbeat.stop()
        if self.console is not None:
            self.console.shutdown()
        self.pack_screen.print_banner.stop()
        self.devices.detach_all()
        if self.scale is not None:
            self.scale.detach()
        self.db.shutdown()
        self.printer_worker.shutdown()


def build_ui(
    app: QApplication,
    packing: PackingService,
    labels: LabelService,
    station: StationRecord,
    options: UiOptions | None = None,
    scanners: Sequence[ScannerSource] = (),
    printer_setup: tuple[dict[str, Any], TryPrinter, SavePrinter] | None = None,
    floor: FloorService | None = None,
    story: StoryService | None = None,
    range_warnings: Callable[[], Sequence[str]] | None = None,
    scale: ScaleSource | None = None,
    console_tabs: ConsoleTabs | None = None,
) -> StationUi:
    options = options or UiOptions()
    apply_style(app, options.scale)
    use_language(options.language)
    # The offline station copies each scan into its local store after the reply (``settle``).
    settle = packing.settle if isinstance(packing, OfflineStation) else None
    db = Worker("db", after_reply=settle)
    printer_worker = Worker("printer")
    sounds = SoundPlayer(volume=options.sound_volume)
    pack_screen = PackScreen(
        packing,
        labels,
        station,
        db,
        printer_worker,
        idle_lock_minutes=options.idle_lock_minutes,
        sounds=sounds,
        codes=options.codes,
    )
    sounds.setParent(pack_screen)
    pack_screen.sign_in_flow.station_language = options.language
    window = MainWindow(station.name, labels.printer.name, pack_screen)
    capture = ScanCapture(
        options.scan_max_gap_ms,
        options.scan_min_length,
        parent=window,
        prefix=options.scan_prefix,
        suffix=options.scan_suffix,
        terminator=options.scan_terminator,
    )
    capture.install(app)
    focus = FocusKeeper(window, pack_screen.entry)
    focus.install(app)
    router = ScanRouter(pack_screen.handle_scan, parent=window)
    pack_screen.print_banner.scan_router = router  # the Print again window takes the scans
    capture.scanned.connect(router.deliver)
    devices = DeviceBridge(window)
    devices.scanned.connect(lambda _source, code: router.deliver(code))
    window.show_devices(devices)
    ui = StationUi(
        window,
        pack_screen,
        capture,
        router,
        devices,
        db,
        printer_worker,
        options.codes,
        printer_setup,
        range_warning=RangeWarning(pack_screen, range_warnings, db) if range_warnings else None,
    )
    ui.focus = focus
    window.printer_settings_requested.connect(ui.open_printer_settings)
    window.test_scan_requested.connect(ui.open_test_scan)
    window.printer_test_requested.connect(pack_screen.request_printer_test)
    if floor is not None:

        def signed_in() -> int | None:
            return None if pack_screen.session is None else pack_screen.session.user_id

        def printer_state() -> str:
            status = getattr(pack_screen.print_banner, "status", None)
            return "ready" if status is None or not status.problem else status.problem

        def open_order() -> int | None:
            return None if pack_screen.order is None else pack_screen.order.id

        ui.heartbeat = Heartbeat(
            floor,
            station.id,
            db,
            signed_in,
            printer_state,
            open_order,
            pack_screen.order_taken_away,
            parent=window,
            sync=packing.sync_report if isinstance(packing, OfflineStation) else lambda: None,
            contact=packing.contact if isinstance(packing, OfflineStation) else lambda _s: None,
        )
        devices.state_changed.connect(ui.heartbeat.scanner_state)
        if story is not None:
            anchor = pack_screen.supervisor.void_button
            ui.console = ConsoleDoor(
                window,
                anchor,
                floor,
                story,
                packing,
                labels.desk,
                range_warnings,
                console_tabs,
                printer=labels.printer.name,
            )
            pack_screen.session_changed.connect(ui.console.show_for)
    for scanner in scanners:
        devices.attach(scanner)
    if scale is not None:
        ui.scale = ScaleBridge(window)
        show_scale_in_header(window.device_status, ui.scale)
        pack_screen.pack_out.use_scale(ui.scale)
        if ui.heartbeat is not None:
            ui.scale.state_changed.connect(ui.heartbeat.scale_state)
        ui.scale.attach(scale)
    printer_worker.run(Operation.write(labels.recover_interrupted))
    return ui
