"""Take the README's screenshots of the supervisor console on the demo's week of history.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/console_screenshots.py [--size 1920x1080]

Writes console-board, console-figures and console-admin PNGs into resources/screenshots/. The
demo database is made as ``packbench demo create`` makes it; then, through the services, two
stations report in (one packing an order), two ready orders are assigned to PACK-02 and the
console opens as the demo's admin, with the tabs ``packbench supervise`` gives it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import build_station  # noqa: E402
from app.console import console_tabs  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.domain.figures import Grouping  # noqa: E402
from app.domain.floor import Devices  # noqa: E402
from app.services.queue_ports import QueueFilter  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.ui.console.figures import GROUPINGS  # noqa: E402
from app.ui.console.window import ConsoleWindow  # noqa: E402
from app.ui.runner import Worker  # noqa: E402


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
        )
        one = build_station(settings)
        two = build_station(replace(settings, station="PACK-02"))
        packing, floor = one.packing, one.floor
        alex = packing.sign_in(one.record, "BDG1001").session
        order = packing.claim_next_order(alex)
        assert order is not None
        for product in summary.products:
            if any(line.sku == product.sku for line in order.lines):
                packing.record_scan(alex, order.id, uuid.uuid4().hex, product.ean13)
                break
        sam = two.packing.sign_in(two.record, "BDG1002").session
        ready = Devices(printer="ready", scanner="keyboard", scale="none")
        floor.heartbeat(one.record.id, alex.user_id, ready, order.id)
        floor.heartbeat(two.record.id, sam.user_id, ready)
        admin = packing.sign_in(one.record, "BDG0001").session
        waiting = floor.queue(admin, QueueFilter())
        for queued in list(waiting)[3:5]:
            floor.assign(admin, queued.order_id, two.record.id)
        packing.sign_in(one.record, "BDG1001")  # Alex is back at PACK-01
        assert one.site is not None
        tabs = console_tabs(settings, one.engine, one.site)
        worker = Worker("console-screenshots")
        window = ConsoleWindow(
            floor,
            admin,
            worker,
            refresh_ms=600_000,
            story=one.story,
            packing=packing,
            desk=one.labels.desk,
            range_warnings=one.site.range_warnings,
            figures=tabs.figures,
            admin=tabs.admin_for(admin),
            handoff=tabs.handoff,
        )
        window.resize(width, height)
        window.show()

        def wait(ready: object) -> None:
            timer = QElapsedTimer()
            timer.start()
            while not ready() and timer.elapsed() < 20_000:  # type: ignore[operator]
                app.processEvents()
            QTest.qWait(100)

        def shot(name: str) -> None:
            app.processEvents()
            path = args.out / f"console-{name}-{width}x{height}.png"
            window.grab().save(str(path))
            print(path)

        wait(lambda: window.board.rowCount() == 2 and window.refreshed_at is not None)
        shot("board")
        figures = window.figures
        assert figures is not None
        QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
        figures.range.setCurrentIndex(2)  # the last 7 days
        figures.grouping.setCurrentIndex(GROUPINGS.index(Grouping.PACKER))
        figures.report = None
        figures.load()
        wait(lambda: figures.report is not None)
        shot("figures")
        panel = window.admin
        assert panel is not None
        QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
        wait(lambda: bool(panel.users) and panel.ranges_model.rowCount() > 0)
        shot("admin")
        window.close()
        worker.shutdown()
        one.close()
        two.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
