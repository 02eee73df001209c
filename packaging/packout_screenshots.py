"""Take the README's pack-out screenshots of the real pack screen on the demo data, with the
demo's simulated scale.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/packout_screenshots.py [--size 1920x1080]

Writes into resources/screenshots/: ``pack-screen-notes-and-box-<size>.png`` (the order with
important packing notes and a gift message, its box suggested) and
``pack-screen-two-parcels-<size>.png`` (the two-parcel order, its second parcel in its box on
the scale). It drives the real widgets through the scanner's path, as ``screenshots.py`` does,
and waits for each state, so the pictures show real states.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import build_station, scale_source  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.ui.app import UiOptions, build_ui  # noqa: E402
from app.ui.style import scale_for_height  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        summary = create_demo_database(Path(folder) / "demo.sqlite")
        settings = Settings(
            station="PACK-01",
            database_url=f"sqlite:///{Path(folder) / 'demo.sqlite'}",
            data_dir=Path(folder),
            scale_protocol="simulated",
        )
        station = build_station(settings)
        station.forbid_sql_on_gui_thread()
        options = UiOptions(scale=scale_for_height(height), idle_lock_minutes=0)
        ui = build_ui(
            app,
            station.packing,
            station.labels,
            station.record,
            options,
            scale=scale_source(settings),
        )
        ui.window.resize(width, height)
        ui.window.show()
        screen = ui.pack_screen
        screen.entry.setFocus()

        def until(done: Callable[[], bool]) -> None:
            timer = QElapsedTimer()
            timer.start()
            while not done() and timer.elapsed() < 10_000:
                app.processEvents()
            if not done():
                raise SystemExit("the station did not get there within 10 s")

        def scan(code: str) -> None:
            QTest.keyClicks(screen.entry, code)
            QTest.keyClick(screen.entry, Qt.Key.Key_Return)
            until(lambda: not screen.busy and not ui.db.pending)
            QTest.qWait(50)

        def settled(grams: int) -> Callable[[], bool]:
            def check() -> bool:
                reading = screen.pack_out.reading
                return reading is not None and reading.stable and reading.grams == grams

            return check

        def shot(name: str) -> None:
            QTest.qWait(200)
            app.processEvents()
            path = args.out / f"{name}-{width}x{height}.png"
            ui.window.grab().save(str(path))
            print(path)

        notes = next(o for o in summary.orders if o.notes_important)
        two = next(o for o in summary.orders if "Two parcels" in o.notes)
        box_line = screen.order_panels.box_line

        scan("BDG1001")
        scan(notes.slip_code)
        scan("CMDACKNOWLEDGE")
        frame = notes.lines[0]
        scan(frame.ean13)
        until(lambda: "Suggested box" in box_line.text())
        until(settled(450))  # the picture frame (no box yet)
        shot("pack-screen-notes-and-box")
        for line in notes.lines[1:]:
            for _ in range(line.quantity):
                scan(line.ean13)
        scan("BOXM2")
        until(settled(450 + 2 * 380 + 250))
        scan("CMDCOMPLETE")
        until(lambda: screen.order is None)

        scan(two.slip_code)
        bath, yoga, beach = two.lines
        for code in [bath.ean13] * bath.quantity + [yoga.ean13]:
            scan(code)
        scan("BOXXL4")
        until(settled(3 * 600 + 1150 + 900))
        scan("CMDNEWPARCEL")
        until(lambda: screen.pack_out.parcel_no == 2 and "L3" in box_line.text())
        scan("BOXL3")
        for _ in range(beach.quantity):
            scan(beach.ean13)
        until(settled(2 * 520 + 450))
        shot("pack-screen-two-parcels")
        ui.shutdown()
        ui.window.close()
        station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
