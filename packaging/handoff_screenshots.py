"""Take the README's hand-off screenshots on the demo's week: the dock screen loading today's
DHL cage, and the console's Hand-off tab (reconcile before the cut-off, tracking exceptions,
the figures of the week).

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/handoff_screenshots.py [--size 1920x1080]

Writes dock-demo and console-handoff PNGs into resources/screenshots/. The demo database is
made as ``packbench demo create`` makes it (yesterday's late parcels wait on today's open
manifests); the dock signs in Kim (BDG1003) and scans one of them, through the services.
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

from PySide6.QtCore import QElapsedTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from app.bootstrap import build_station  # noqa: E402
from app.console import console_tabs  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.ui.console.window import ConsoleWindow  # noqa: E402
from app.ui.dock.screen import DockActions, DockScreen  # noqa: E402
from app.ui.runner import Worker  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="1920x1080")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])

    def wait(ready: object) -> None:
        timer = QElapsedTimer()
        timer.start()
        while not ready() and timer.elapsed() < 20_000:  # type: ignore[operator]
            app.processEvents()
        QTest.qWait(100)

    def shot(widget: QWidget, name: str) -> None:
        app.processEvents()
        path = args.out / f"{name}-{width}x{height}.png"
        widget.grab().save(str(path))
        print(path)

    with tempfile.TemporaryDirectory() as folder:
        create_demo_database(Path(folder) / "demo.sqlite")
        settings = Settings(
            station="DOCK-1",
            database_url=f"sqlite:///{Path(folder) / 'demo.sqlite'}",
            data_dir=Path(folder),
        )
        station = build_station(settings)
        assert station.site is not None
        tabs = console_tabs(settings, station.engine, station.site)
        handoff = tabs.handoff
        assert handoff is not None
        worker = Worker("handoff-screenshots")

        dock = DockScreen(
            DockActions(
                lambda badge: station.packing.sign_in(station.record, badge).session,
                handoff.dock_scan,
            ),
            worker,
        )
        dock.resize(width, height)
        dock.show()
        dock.on_scan("BDG1003")
        wait(lambda: dock.actor is not None)
        waiting = [v for v in handoff.reconcile() if v.carrier == "DHL" and v.missing]
        answers: list[object] = []
        dock.answered.connect(answers.append)
        dock.on_scan(waiting[0].missing[0].tracking_number)
        wait(lambda: bool(answers))
        shot(dock, "dock-demo")
        dock.close()

        admin = station.packing.sign_in(station.record, "BDG0001").session
        window = ConsoleWindow(
            station.floor,
            admin,
            worker,
            refresh_ms=600_000,
            story=station.story,
            packing=station.packing,
            handoff=handoff,
        )
        window.resize(width, height)
        window.show()
        panel = window.manifests
        assert panel is not None
        window.tabs.setCurrentWidget(panel)  # Ctrl+H, which needs an active window
        wait(
            lambda: (
                panel.carrier_model.rowCount() > 0
                and panel.exception_model.rowCount() > 0
                and panel.figures.day_model.rowCount() > 0
            )
        )
        shot(window, "console-handoff")
        window.close()
        worker.shutdown()
        station.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
