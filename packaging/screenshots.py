"""Take the README's screenshots of the real pack screen on the demo data.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/screenshots.py [--size 1920x1080]
        [--language de]

Writes PNGs into resources/screenshots/. It drives the real widgets through the same scan path
as a keyboard-wedge scanner and waits for each result, so the pictures show real states.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, QEvent, Qt  # noqa: E402
from PySide6.QtGui import QKeyEvent  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import build_station  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.domain.message import Message  # noqa: E402
from app.services.offline_state import LinkState  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.ui.app import UiOptions, build_ui  # noqa: E402
from app.ui.station.offline_strip import OfflineStrip  # noqa: E402
from app.ui.style import scale_for_height  # noqa: E402


class _Told:
    """What the offline strip is told (see ``app.ui.station.offline_strip.LinkSource``)."""

    def __init__(self, state: LinkState) -> None:
        self.state = state

    def link(self) -> LinkState:
        return self.state

    def dismiss_held(self) -> None:
        self.state = LinkState(self.state.offline, self.state.waiting, self.state.kept)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    parser.add_argument("--language", default="en", choices=("en", "de", "es"))
    args = parser.parse_args()
    # English is the README's; the others are named by language (pack-screen-...-de-1920x1080).
    tag = "" if args.language == "en" else f"-{args.language}"
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        summary = create_demo_database(Path(folder) / "demo.sqlite")
        settings = Settings(
            station="PACK-01",
            database_url=f"sqlite:///{Path(folder) / 'demo.sqlite'}",
            data_dir=Path(folder),
        )
        station = build_station(settings)
        station.forbid_sql_on_gui_thread()
        # Laid out and scaled as on a full screen of that size (the offscreen screen is small).
        options = UiOptions(scale=scale_for_height(height), language=args.language)
        ui = build_ui(app, station.packing, station.labels, station.record, options)
        ui.window.resize(width, height)
        ui.window.show()
        screen = ui.pack_screen
        screen.entry.setFocus()

        def scan(code: str) -> None:
            QTest.keyClicks(screen.entry, code)
            QTest.keyClick(screen.entry, Qt.Key.Key_Return)
            timer = QElapsedTimer()
            timer.start()
            while (screen.busy or ui.db.pending) and timer.elapsed() < 10_000:
                app.processEvents()
            QTest.qWait(50)

        def shot(name: str) -> None:
            app.processEvents()
            path = args.out / f"{name}{tag}-{width}x{height}.png"
            ui.window.grab().save(str(path))
            print(path)

        order = max(
            summary.orders,
            key=lambda o: (len(o.lines), sum(line.quantity for line in o.lines)),
        )
        scan("BDG1001")
        scan(order.slip_code)
        for line in order.lines[:-1]:
            for _ in range(line.quantity):
                scan(line.ean13)
        last = order.lines[-1]
        scan(last.ean13)
        shot("pack-screen-mid-order")
        skus = {line.sku for line in order.lines}
        other = next(p for p in summary.products if p.sku not in skus)
        scan(other.ean13)
        shot("pack-screen-wrong-item")
        for _ in range(last.quantity - 1):
            scan(last.ean13)
        QTest.keyClick(screen, Qt.Key.Key_F12)
        timer = QElapsedTimer()
        timer.start()
        while "printed" not in screen.banner.text() and timer.elapsed() < 10_000:
            app.processEvents()
        shot("pack-screen-label-printed")
        # A supervisor takes over a packer's open order, then the offline strip with what it
        # says after a sync put an order on hold (the demo's SQLite never goes away: the strip
        # is told so, as the layout test does).
        if screen.acknowledgement.error is not None:  # the order is still open: carry on
            scan("CMDACKNOWLEDGE")
        if screen.order is None:
            scan(order.slip_code)
        scan("BDG9001")
        shot("pack-screen-takeover")
        held = Message(
            "Order {reference} went on hold after the sync: it was cancelled upstream. Give "
            "its parcel to the supervisor.",
            reference="SHOP-2",
        )
        OfflineStrip.placed(
            screen.printer_banner, _Told(LinkState(offline=True, waiting=12, kept=3, held=(held,)))
        ).refresh()
        QTest.qWait(300)
        shot("pack-screen-offline-strip")
        if tag:  # the dialog and the sheet: English only
            ui.shutdown()
            ui.window.close()
            station.close()
            return 0

        dialog = ui.open_test_scan()
        QTest.qWaitForWindowExposed(dialog)
        for part, is_last in (("]C10109506000134352", False), ("10LOT42", True)):
            QTest.keyClicks(dialog, part)
            if not is_last:
                gs = QKeyEvent(
                    QEvent.Type.KeyPress,
                    Qt.Key.Key_BracketRight,
                    Qt.KeyboardModifier.ControlModifier,
                    "\x1d",
                )
                QApplication.sendEvent(dialog, gs)
        QTest.keyClick(dialog, Qt.Key.Key_Return)
        app.processEvents()
        dialog.grab().save(str(args.out / "test-scan-dialog.png"))
        print(args.out / "test-scan-dialog.png")
        dialog.close()
        from app.adapters.documents.commands_sheet import commands_sheet_pages

        page = commands_sheet_pages("CMD")[0].convert("L")
        page.thumbnail((900, 1300))
        page.save(args.out / "commands-sheet.png")
        print(args.out / "commands-sheet.png")
        ui.shutdown()
        ui.window.close()
        station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
