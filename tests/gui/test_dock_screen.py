"""The dock screen on the real widgets over a real database (SQL forbidden on the GUI thread),
driven by scans only: badge, parcels of the right and the wrong carrier, the same twice, a
voided one, sign-out. Screenshots at 1920x1080 and 1366x768 (PACKBENCH_SCREENSHOTS=
resources/screenshots refreshes the README's)."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.handoff import LoadOutcome
from app.services.handoff import DockResult, HandoffService
from app.services.results import Session
from app.ui.dock.screen import DockActions, DockScreen
from app.ui.runner import Worker
from tests.support.factories import seed
from tests.support.station import StepClock, make_station

#: Where the screenshots go: a temporary folder, or (to refresh the README's) this variable's.
SCREENSHOTS_VARIABLE = "PACKBENCH_SCREENSHOTS"
ORDERS = [("SHOP-1", [("NOTE-A5", 1)]), ("SHOP-2", [("NOTE-A5", 1)]), ("UPS-1", [("NOTE-A5", 1)])]


@pytest.fixture
def dock(qtbot: QtBot, engine: Engine, now: datetime) -> Iterator[tuple[DockScreen, list[str]]]:
    gc.collect()  # earlier tests' leftovers, collected here on the GUI thread
    world = seed(engine, now, orders=ORDERS)
    with engine.begin() as conn:
        conn.execute(update(t.orders).where(t.orders.c.reference == "UPS-1").values(carrier="UPS"))
        conn.execute(
            insert(t.tracking_ranges).values(
                carrier="UPS",
                service_indicator="UU",
                country="DE",
                next_serial=20_000_000,
                last_serial=20_000_999,
            )
        )
    station = make_station(engine, now, "DOCK-1")
    session = station.sign_in()
    numbers = []
    for reference, _ in ORDERS:
        order = station.packing.open_order(session, world.slips[reference])
        station.packing.record_scan(session, order.id, reference, world.product_codes["NOTE-A5"])
        numbers.append(station.packing.complete_order(session, order.id, "file").tracking_number)
    handoff = HandoffService(
        SqlUnitOfWork.factory(engine), StepClock(now), pickups={"DHL": time(17)}, zone=UTC
    )

    def sign_in(badge: str) -> Session:
        return station.packing.sign_in(station.record, badge).session

    forbid_sql_on_thread(engine, threading.main_thread())
    worker = Worker("dock-test")
    screen = DockScreen(DockActions(sign_in, handoff.dock_scan), worker)
    screen.resize(1366, 768)
    screen.show()
    yield screen, numbers
    worker.shutdown()
    # Delete the widgets here, on the GUI thread: left to the garbage collector, a Qt object
    # may be collected on whatever thread runs next (a database worker) and crash there.
    screen.close()
    screen.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def scan(qtbot: QtBot, screen: DockScreen, code: str) -> DockResult:
    with qtbot.waitSignal(screen.answered, timeout=5000) as answered:
        screen.on_scan(code)
    result = answered.args[0]
    assert isinstance(result, DockResult)
    return result


def manifest_count(engine: Engine) -> int:
    """Counted off the GUI thread (the dock forbids SQL on it)."""

    def count() -> int:
        with engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(t.manifests)).scalar_one())

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(count).result()


def test_the_dock_screen_by_scans(
    qtbot: QtBot, dock: tuple[DockScreen, list[str]], engine: Engine, now: datetime, tmp_path: Path
) -> None:
    screen, (dhl_1, dhl_2, ups) = dock
    sounds: list[str] = []
    screen.sound.connect(sounds.append)

    screen.on_scan(dhl_1)  # before the badge: refused on the spot
    assert screen.message.text() == "Scan your badge first."
    screen.on_scan("BDG1001")
    qtbot.waitUntil(lambda: screen.actor is not None)
    assert "Alex Packer" in screen.who.text()

    assert scan(qtbot, screen, dhl_1).outcome is LoadOutcome.LOADED
    assert screen.cage.text() == "DHL cage, pick-up Mon 17:00"
    assert screen.count.text() == "1 / 2"
    assert "Order SHOP-1 handed over." in screen.message.text()

    assert scan(qtbot, screen, ups).outcome is LoadOutcome.WRONG_CARRIER
    assert screen.message.text() == "UPS parcel on the DHL cage. Put it aside."
    assert "#b3261e" in screen.message.styleSheet()
    assert screen.count.text() == "1 / 2"
    # A label no parcel has, and a barcode that is no label: refused, the counts stay.
    assert scan(qtbot, screen, "JJ999999999DE").outcome is LoadOutcome.UNKNOWN
    assert screen.count.text() == "1 / 2"
    assert scan(qtbot, screen, "4006381333931").outcome.refused
    assert screen.message.text() == "That is a product's barcode, not a parcel label."
    assert screen.count.text() == "1 / 2"

    assert scan(qtbot, screen, dhl_1).outcome is LoadOutcome.ALREADY_LOADED
    assert screen.count.text() == "1 / 2"

    def void() -> None:  # as a supervisor's void would, from elsewhere: not on the GUI thread
        with engine.begin() as conn:
            conn.execute(
                update(t.parcels).where(t.parcels.c.tracking_number == dhl_2).values(voided_at=now)
            )

    elsewhere = threading.Thread(target=void)
    elsewhere.start()
    elsewhere.join()
    assert scan(qtbot, screen, dhl_2).outcome is LoadOutcome.VOIDED
    assert "VOIDED" in screen.message.text()
    assert screen.count.text() == "1 / 1"
    assert sounds == [
        "invalid",
        "command",
        "accepted",
        "wrong_item",
        "unknown",
        "unknown",
        "over_scan",
        "data_needed",
    ]
    assert screen.history.count() == 6

    shots = Path(os.environ.get(SCREENSHOTS_VARIABLE) or tmp_path)
    for width, height in ((1920, 1080), (1366, 768)):
        screen.resize(width, height)
        assert screen.width() == width  # a shown top-level widget takes its new size at once
        assert screen.grab().save(str(shots / f"dock-{width}x{height}.png"))

    screen.on_scan("CMDSIGNOUT")
    assert screen.actor is None
    assert screen.message.text() == "Signed out. Scan your badge to start."
    # Signing out clears the cage: the next person chooses another carrier's by its barcode,
    # with no manifest open for it yet.
    assert screen.cage_id is None and screen.cage.text() == "No cage chosen"
    screen.on_scan("BDG1001")
    qtbot.waitUntil(lambda: screen.actor is not None)
    assert screen.message.text() == "Signed in. Scan a manifest barcode or the first parcel."
    # A made-up carrier, or a service group the site does not split, opens no manifest.
    manifests = manifest_count(engine)
    for made_up in ("CAGE-FOO", "CAGE-UPS/EXPRESS"):
        refused = scan(qtbot, screen, made_up)
        assert refused.outcome is LoadOutcome.UNKNOWN
        assert "is no cage of this site" in screen.message.text()
    assert screen.cage_id is None
    assert manifest_count(engine) == manifests
    chosen = scan(qtbot, screen, "CAGE-UPS")
    assert chosen.outcome is LoadOutcome.CAGE_CHOSEN
    assert screen.cage.text().startswith("UPS cage, pick-up ")
    assert screen.count.text() == "0 / 1"
    assert scan(qtbot, screen, ups).outcome is LoadOutcome.LOADED
    assert screen.count.text() == "1 / 1"


@pytest.mark.parametrize("windowed", [True, False])
def test_the_dock_honours_station_windowed_as_the_pack_screen(
    qtbot: QtBot, tmp_path: Path, windowed: bool
) -> None:
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QLabel

    from app.dock import dock_window
    from app.settings import Settings

    settings = Settings(data_dir=tmp_path, station="DOCK-1", windowed=windowed)
    store = QSettings(str(tmp_path / "placement.ini"), QSettings.Format.IniFormat)
    window, placement = dock_window(QLabel("dock"), settings, store)
    qtbot.addWidget(window)
    placement.show()
    full = bool(window.windowState() & Qt.WindowState.WindowFullScreen)
    assert full is not windowed
    if windowed:
        assert (window.width(), window.height()) == (1366, 768)
        window.resize(1200, 700)
        placement.keep()  # its place kept under the dock's own key, as the pack screen's
        assert store.value("window/dock-DOCK-1/geometry") is not None


@pytest.mark.parametrize("length", [47, 300])
def test_a_long_scan_never_pushes_the_dock_wider_than_the_screen(
    qtbot: QtBot, dock: tuple[DockScreen, list[str]], length: int
) -> None:
    screen, _ = dock
    screen.on_scan("BDG1001")
    qtbot.waitUntil(lambda: screen.actor is not None)
    code = ("1Z999AA10123456784X" * 20)[:length]
    result = scan(qtbot, screen, code)
    assert result.outcome.refused
    for width, height in ((1366, 768), (1920, 1080)):
        hint = screen.minimumSizeHint()
        assert hint.width() <= width and hint.height() <= height, (hint, length)
        screen.resize(width, height)
        assert screen.width() == width
    shown = screen.message.text()
    if length > 64:  # longer than any code the site keeps: refused as such, not echoed
        assert shown.startswith("Code too long (300 characters") and code not in shown
    else:  # the code is cut in the middle on the screen, whole in the tooltip
        assert "…" in shown and code not in shown
        assert code in screen.message.toolTip()
        assert code in screen.history.item(0).toolTip()
        assert code[:10] in shown and code[-10:] in shown
    # Back to a short message: the window's minimum shrinks back with it.
    screen.on_scan("CMDSIGNOUT")
    assert screen.message.toolTip() == ""
    assert screen.minimumSizeHint().width() <= 1366
