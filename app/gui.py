"""Start the station's window: compose, guard the GUI thread, run the event loop."""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app.bootstrap import (
    Station,
    build_station,
    interpreter_config,
    scale_source,
    scanner_sources,
)
from app.domain.message import Message
from app.settings import Settings
from app.ui.app import UiOptions, build_ui
from app.ui.placement import WindowPlacement, station_scale

log = logging.getLogger(__name__)


def ui_options(settings: Settings, scale: float = 1.0) -> UiOptions:
    return UiOptions(
        scan_max_gap_ms=settings.scan_max_gap_ms,
        scan_min_length=settings.scan_min_length,
        scan_prefix=settings.scan_prefix,
        scan_suffix=settings.scan_suffix,
        scan_terminator=settings.scan_terminator,
        idle_lock_minutes=settings.idle_lock_minutes,
        sound_volume=settings.sound_volume,
        codes=interpreter_config(settings),
        scale=scale,
        language=settings.language,
    )


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("Packbench")
    app.setDesktopFileName("packbench")
    return app


def show_startup_error(message: str) -> None:
    """Why the station cannot start, in a dialog: the same line ``packbench`` prints."""
    application()
    QMessageBox.critical(None, "Packbench cannot start", message)


#: The sender a station prints until its site sets ``[sender]``: the demo's.
DEMO_SENDER = Settings().sender_name


def _site_warnings(station: Station) -> Callable[[], list[str]] | None:
    """What the station's yellow line says: ranges running out, and a return address that
    is still the demo's (a real parcel must not carry it)."""
    site = station.site
    fixed: list[str] = []
    if station.settings.sender_name == DEMO_SENDER:
        log.warning("labels carry the demo's return address: set [sender] in the config file")
        fixed.append(
            Message(
                "labels carry the demo's return address ({sender}): set [sender] in the "
                "station's config file",
                sender=DEMO_SENDER,
            )
        )
    if site is None and not fixed:
        return None

    def warnings() -> list[str]:
        return fixed + (site.range_warnings() if site is not None else [])

    return warnings


def quit_on_stop_signals(app: QApplication) -> Callable[[], None]:
    """SIGINT (Ctrl+C) and SIGTERM (``python3 tasks.py demo`` stopped, a service manager) end
    the event loop, so that the window closes as when it is quit: its place kept, the workers
    shut down, the database closed. Qt's loop runs no Python by itself: a timer lets the
    handler run. Returns what puts the previous handlers back."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def stop(number: int, _frame: object) -> None:
        log.info("stopping: %s", signal.Signals(number).name)
        app.quit()

    previous = {number: signal.signal(number, stop) for number in (signal.SIGINT, signal.SIGTERM)}
    wake = QTimer(app)
    wake.timeout.connect(lambda: None)
    wake.start(200)

    def restore() -> None:
        wake.stop()
        for number, handler in previous.items():
            signal.signal(number, handler)

    return restore


def run_gui(settings: Settings, *, quit_after: float | None = None) -> int:
    """Run the station's window. A station that cannot be built raises ``DomainError`` or
    ``ConfigError``; ``app.main`` prints the message and shows it with ``show_startup_error``.
    ``quit_after``: close the window that many seconds after it was shown (start-up checks),
    saying which window system it was shown on."""
    from app.console import console_tabs  # app.console imports this module

    app = application()
    station = build_station(settings)
    station.forbid_sql_on_gui_thread()
    tabs = None if station.site is None else console_tabs(settings, station.engine, station.site)
    ui = build_ui(
        app,
        station.packing,
        station.labels,
        station.record,
        ui_options(settings, station_scale(app.primaryScreen(), windowed=settings.windowed)),
        scanners=scanner_sources(settings),
        scale=scale_source(settings),
        printer_setup=(station.printer_choice(), station.try_printer, station.save_printer),
        floor=station.floor,
        story=station.story,
        range_warnings=_site_warnings(station),
        console_tabs=tabs,
    )
    placement = WindowPlacement(ui.window, windowed=settings.windowed, key=settings.station)
    placement.show()
    ui.pack_screen.entry.setFocus()
    restore_signals = quit_on_stop_signals(app)
    log.info("station window shown (SIGINT or SIGTERM closes it)")
    if quit_after is not None:

        def shown_then_quit() -> None:
            size = ui.window.size()
            visible = "shown" if ui.window.isVisible() else "NOT shown"
            platform = QGuiApplication.platformName()
            covers = placement.covers_screen()
            where = "" if covers else ", NOT covering its screen"
            print(
                f"packbench: window {visible} on {platform} ({size.width()}x{size.height()}{where})"
            )
            sys.stdout.flush()
            app.exit(0 if ui.window.isVisible() and covers else 1)

        QTimer.singleShot(round(quit_after * 1000), shown_then_quit)
    try:
        return app.exec()
    finally:
        restore_signals()
        placement.keep()
        ui.shutdown()
        station.close()
