"""Take the README's screenshots of the supervisor console on the demo's week of history.

Under Xvfb with a window manager, as a supervisor's PC shows it (the window maximized, the
type scaled for the screen as ``packbench supervise`` scales it)::

    Xvfb :99 -screen 0 1366x768x24 & DISPLAY=:99 openbox &
    DISPLAY=:99 QT_QPA_PLATFORM=xcb .venv/bin/python packaging/console_screenshots.py

or offscreen at a given size (``--size 1920x1080``; the default without a display). Writes
console-{board,queue,holds,story,labels,figures,handoff,admin}-WxH.png into
resources/screenshots/, and console-scaled-WxH.png: the board of a busy floor (``--busy``
stations with long names, signed in by packers with long names). The demo database is made as
``packbench demo create`` makes it; then, through the services, two stations report in (one
packing an order), two ready orders are assigned to PACK-02 and the console opens as the
demo's admin, with the tabs ``packbench supervise`` gives it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.bootstrap import Station, build_station  # noqa: E402
from app.console import console_tabs  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.domain.figures import Grouping  # noqa: E402
from app.domain.floor import Devices  # noqa: E402
from app.domain.model import Role  # noqa: E402
from app.services.queue_ports import QueueFilter  # noqa: E402
from app.settings import Settings  # noqa: E402
from app.ui.console.figures import GROUPINGS  # noqa: E402
from app.ui.console.window import ConsoleWindow  # noqa: E402
from app.ui.runner import Worker  # noqa: E402
from app.ui.style import scale_for_height, use_scale  # noqa: E402

LONG_STATION = "PACK-HALL-B-NORTH-WING-{n:02d}"
LONG_PACKER = "Maximiliane Alexandra von Hohenzollern-Sigmaringen {n:02d}"


def busy_floor(station: Station, count: int) -> None:
    """``count`` more stations with long names, each signed in by a packer with a long name
    (added by the demo's admin, as ``packbench users add`` does) and reporting in."""
    assert station.site is not None
    packing, floor = station.packing, station.floor
    admin = station.site.admin_of(packing.sign_in(station.record, "BDG0001").session)
    for n in range(count):
        badge = f"BDGL{n:04d}"
        station.site.add_user(admin, LONG_PACKER.format(n=n), Role.PACKER, badge, None)
        record = packing.register_station(LONG_STATION.format(n=n))
        packer = packing.sign_in(record, badge).session
        printer = "out of paper" if n % 9 == 4 else "ready"
        floor.heartbeat(record.id, packer.user_id, Devices(printer, "keyboard", "none"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="", help="WxH offscreen (default: the screen's)")
    parser.add_argument("--busy", type=int, default=30, help="stations of the busy floor")
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([])
    screen = app.primaryScreen().geometry()
    width, height = (
        (int(part) for part in args.size.split("x"))
        if args.size
        else (screen.width(), screen.height())
    )
    use_scale(scale_for_height(height))  # as ``packbench supervise`` does for its screen

    def wait(ready: Callable[[], object]) -> None:
        timer = QElapsedTimer()
        timer.start()
        while not ready() and timer.elapsed() < 20_000:
            app.processEvents()
        QTest.qWait(400)

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

        def console() -> ConsoleWindow:
            assert one.site is not None
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
            if os.environ["QT_QPA_PLATFORM"] == "offscreen":
                window.resize(width, height)
                window.show()
            else:
                window.showMaximized()  # a window manager gives it the screen less its own
            return window

        def shot(window: ConsoleWindow, name: str) -> None:
            app.processEvents()
            QTest.qWait(300)
            path = args.out / f"console-{name}-{width}x{height}.png"
            window.grab().save(str(path))
            size = window.size()
            print(f"{path} (window {size.width()}x{size.height()})")

        window = console()
        wait(lambda: window.board.rowCount() == 2 and window.refreshed_at is not None)
        shot(window, "board")
        QTest.keyClick(window, Qt.Key.Key_F2)
        wait(lambda: window.queue.model.rowCount() > 0)
        shot(window, "queue")
        QTest.keyClick(window, Qt.Key.Key_F3)
        wait(lambda: window.holds.model.rowCount() > 0)
        shot(window, "holds")
        QTest.keyClick(window, Qt.Key.Key_F4)
        window.story.packer.setText("Alex")
        window.story.search()
        wait(lambda: window.story.events_model.rowCount() > 0)
        shot(window, "story")
        QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        window.labels.search.setText(window.story.found[0].reference)
        window.labels.look_up()
        wait(lambda: window.labels.parcel_model.rowCount() > 0)
        shot(window, "labels")
        figures = window.figures
        assert figures is not None
        QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
        figures.range.setCurrentIndex(2)  # the last 7 days
        figures.grouping.setCurrentIndex(GROUPINGS.index(Grouping.PACKER))
        figures.report = None
        figures.load()
        wait(lambda: figures.report is not None)
        shot(window, "figures")
        manifests = window.manifests
        assert manifests is not None
        QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
        wait(lambda: manifests.carrier_model.rowCount() > 0)
        shot(window, "handoff")
        panel = window.admin
        assert panel is not None
        QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
        wait(lambda: bool(panel.users) and panel.ranges_model.rowCount() > 0)
        shot(window, "admin")
        window.close()

        busy_floor(one, args.busy)
        window = console()
        wait(lambda: window.board.rowCount() == 2 + args.busy)
        shot(window, "scaled")
        window.close()
        worker.shutdown()
        one.close()
        two.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
