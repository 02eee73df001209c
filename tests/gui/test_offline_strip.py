"""The offline strip on the real pack screen, over a PostgreSQL server that goes away."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine
from app.adapters.db.journal_numbers import SqlNumberBlocks
from app.adapters.db.journal_tables import number_blocks
from app.bootstrap import build_station
from app.domain.model import OrderStatus
from app.services.offline import LinkState, OfflineStation
from app.settings import Settings
from app.ui.app import UiOptions, build_ui
from app.ui.i18n import use_language
from app.ui.runner import Operation
from app.ui.station.offline_strip import WHAT_TO_DO, OfflineStrip, idle_text, strip_text
from tests.gui.conftest import Rig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait, wedge
from tests.support.factories import seed
from tests.support.pg_outage import Outage, private_server
from tests.support.pgserver import PgServer


class _Link:
    def __init__(self) -> None:
        self.state = LinkState(offline=False, waiting=0)

    def link(self) -> LinkState:
        return self.state

    def dismiss_held(self) -> None:
        self.state = LinkState(self.state.offline, self.state.waiting, self.state.kept)


def test_the_strip_shows_while_offline_and_counts_down(qtbot: QtBot) -> None:
    source = _Link()
    strip = OfflineStrip(source)
    qtbot.addWidget(strip)
    strip.show()
    strip.refresh()
    assert strip.isHidden()
    source.state = LinkState(offline=True, waiting=12)
    qtbot.waitUntil(strip.isVisible, timeout=WAIT_MS)
    assert strip.text() == f"OFFLINE: 12 changes waiting to sync. {WHAT_TO_DO}"
    source.state = LinkState(offline=True, waiting=1)
    qtbot.waitUntil(lambda: strip.text().startswith("OFFLINE: 1 change waiting"), timeout=WAIT_MS)
    source.state = LinkState(offline=False, waiting=0)
    qtbot.waitUntil(strip.isHidden, timeout=WAIT_MS)
    assert strip_text(LinkState(offline=False, waiting=3)) == "Syncing: 3 changes waiting to sync."
    assert strip_text(LinkState(offline=True, waiting=2, kept=3)) == (
        "OFFLINE: 2 changes waiting to sync. Finish this order, then 3 more orders kept here "
        "(Next order [F5] or a slip); others when the database is back."
    )


@pytest.fixture(scope="module")
def server() -> Iterator[PgServer]:
    with private_server() as server:
        yield server


def test_a_scan_during_an_outage_is_kept_the_strip_shows_then_clears_after_sync(
    qapp: QApplication, qtbot: QtBot, server: PgServer, tmp_path: Path, now: datetime
) -> None:
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        offline_enabled=True,
        offline_sync_s=0.1,
    )
    station = build_station(settings, engine=engine)
    assert isinstance(station.packing, OfflineStation)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
    )
    outage = Outage(server)
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        screen = ui.pack_screen
        strip = screen.offline_strip
        assert strip is not None and strip.isHidden()
        scan_and_wait(qtbot, rig, "BDG1001")
        scan_and_wait(qtbot, rig, world.slips["SHOP-1"])
        scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])
        # The scan's copy into the local store runs on the worker after the reply: an
        # operation queued now runs after it.
        copied: list[None] = []
        ui.db.run(Operation.read(lambda: None).then(copied.append))
        qtbot.waitUntil(lambda: copied == [None], timeout=WAIT_MS)
        outage.stop()
        scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])
        assert screen.order is not None and screen.order.units_verified == 2
        qtbot.waitUntil(
            lambda: strip.isVisible() and strip.text().startswith("OFFLINE: 2 changes waiting"),
            timeout=WAIT_MS,
        )
        outage.start()
        qtbot.waitUntil(strip.isHidden, timeout=30_000)

        def stored() -> tuple[int, int]:
            with engine.connect() as conn:
                scans = conn.execute(select(func.count()).select_from(t.scan_events)).scalar_one()
                status = conn.execute(
                    select(t.orders.c.status).where(t.orders.c.id == world.orders["SHOP-1"])
                ).scalar_one()
            assert status == OrderStatus.PACKING.value
            return int(scans), 0

        assert off_gui(stored) == (2, 0)
    finally:
        if outage.down:
            outage.start()
        ui.shutdown()
        station.close()
        engine.dispose()


def test_a_station_started_while_the_database_is_away_signs_in_and_packs_offline(
    qapp: QApplication, qtbot: QtBot, server: PgServer, tmp_path: Path, now: datetime
) -> None:
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        database_url=server.url_for(engine.url.database or ""),
        offline_enabled=True,
        offline_sync_s=0.1,
    )
    before = build_station(settings)  # yesterday: the order claimed and kept, then off
    packing = before.packing
    session = packing.sign_in(before.record, "BDG1001").session
    order = packing.open_order(session, world.slips["SHOP-1"])
    before.close()
    outage = Outage(server)
    outage.stop()
    station = build_station(settings)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
    )
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        screen = ui.pack_screen
        strip = screen.offline_strip
        assert strip is not None
        qtbot.waitUntil(strip.isVisible, timeout=WAIT_MS)
        scan_and_wait(qtbot, rig, "BDG1001")
        assert screen.order is not None and screen.order.id == order.id
        scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])
        assert screen.order is not None and screen.order.units_verified == 1
        qtbot.waitUntil(lambda: strip.text().startswith("OFFLINE: "), timeout=WAIT_MS)
        outage.start()
        qtbot.waitUntil(strip.isHidden, timeout=30_000)

        def stored() -> int:
            with engine.connect() as conn:
                query = select(t.order_lines.c.verified_qty).where(
                    t.order_lines.c.order_id == order.id, t.order_lines.c.line_no == 1
                )
                return int(conn.execute(query).scalar_one())

        assert off_gui(stored) == 1
    finally:
        if outage.down:
            outage.start()
        ui.shutdown()
        station.close()
        engine.dispose()


@pytest.mark.parametrize(("language", "dismissal"), [("en", "F7"), ("de", "click"), ("en", "scan")])
def test_an_order_the_sync_puts_on_hold_is_told_at_the_station_until_clicked(
    qapp: QApplication,
    qtbot: QtBot,
    server: PgServer,
    tmp_path: Path,
    now: datetime,
    language: str,
    dismissal: str,
) -> None:
    """Packed and labelled offline, cancelled upstream meanwhile: after the sync the strip
    tells the packer, in the station's language, that the order went on hold and to give its
    parcel to the supervisor, until the packer presses F7, scans ACKNOWLEDGE or clicks it."""
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        offline_enabled=True,
        offline_sync_s=60,  # the test runs the sync itself, once the order is cancelled
    )
    station = build_station(settings, engine=engine)
    packing = station.packing
    assert isinstance(packing, OfflineStation)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp,
        packing,
        station.labels,
        station.record,
        UiOptions(idle_lock_minutes=0, language=language),
    )
    outage = Outage(server)
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        screen = ui.pack_screen
        strip = screen.offline_strip
        assert strip is not None
        scan_and_wait(qtbot, rig, "BDG1001")
        scan_and_wait(qtbot, rig, world.slips["SHOP-2"])
        copied: list[None] = []
        ui.db.run(Operation.read(lambda: None).then(copied.append))
        qtbot.waitUntil(lambda: copied == [None], timeout=WAIT_MS)
        outage.stop()
        scan_and_wait(qtbot, rig, world.product_codes["NOTE-A5"])
        wedge(screen.entry, "CMDCOMPLETE")  # labelled offline, from the reserved block
        # went offline, the scan, the parcel closed; then its label printed
        qtbot.waitUntil(lambda: packing.link().waiting == 3, timeout=WAIT_MS)
        if language == "en":
            qtbot.waitUntil(lambda: "printed" in screen.banner.text(), timeout=WAIT_MS)
        assert packing.offline
        qtbot.waitUntil(strip.isVisible, timeout=WAIT_MS)
        outage.start()

        def cancel_and_sync() -> str:
            with engine.begin() as conn:
                conn.execute(
                    t.orders.update()
                    .where(t.orders.c.id == world.orders["SHOP-2"])
                    .values(status="cancelled")
                )
            while not packing.sync_once():
                pass
            with engine.connect() as conn:
                query = select(t.orders.c.status).where(t.orders.c.id == world.orders["SHOP-2"])
                return str(conn.execute(query).scalar_one())

        assert off_gui(cancel_and_sync) == OrderStatus.ON_HOLD.value
        said = {
            "en": "Order SHOP-2 went on hold after the sync: it was cancelled upstream. Give "
            "its parcel to the supervisor.",
            "de": "Auftrag SHOP-2 wurde nach dem Abgleich gesperrt: er wurde im Shop storniert. "
            "Paket der Aufsicht geben.",
        }[language]
        qtbot.waitUntil(lambda: said in strip.text(), timeout=WAIT_MS)
        assert strip.isVisible() and not strip.text().startswith("OFFLINE")
        if language == "de":
            assert (
                "(Danach ACKNOWLEDGE scannen, F7 drücken oder auf diesen Streifen klicken.)"
                in strip.text()
            )
        before = screen.banner.text()
        if dismissal == "F7":  # the keyboard's way
            QTest.keyClick(screen.entry, Qt.Key.Key_F7)
        elif dismissal == "scan":  # the scanner's way: the packer has no mouse
            wedge(screen.entry, "CMDACKNOWLEDGE")
        else:
            QTest.mouseClick(strip, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(strip.isHidden, timeout=WAIT_MS)
        qtbot.wait(100)  # the scan was taken as the dismissal, not refused
        assert screen.banner.text() == before
        assert packing.link().held == ()
    finally:
        if outage.down:
            outage.start()
        ui.shutdown()
        station.close()
        engine.dispose()
        use_language("en")


@pytest.mark.parametrize("language", ["en", "de"])
def test_signed_in_again_offline_the_screen_says_what_works_offline_not_next_order(
    qapp: QApplication,
    qtbot: QtBot,
    server: PgServer,
    tmp_path: Path,
    now: datetime,
    language: str,
) -> None:
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        offline_enabled=True,
        offline_sync_s=60,
    )
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp,
        station.packing,
        station.labels,
        station.record,
        UiOptions(idle_lock_minutes=0, language=language),
    )
    outage = Outage(server)
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        said = scan_and_wait(qtbot, rig, "BDG1001")
        online = {
            "en": "Scan an order slip or tote, or press Next order [F5].",
            "de": "Auftragsschein oder Behälter scannen, oder Nächster Auftrag [F5] drücken.",
        }[language]
        assert online in said
        outage.stop()
        said = scan_and_wait(qtbot, rig, "BDG1001")  # the same packer again, offline now
        assert isinstance(station.packing, OfflineStation) and station.packing.offline
        offline = {
            "en": "OFFLINE: no new orders until the database is back (an order this station "
            "holds opens with its slip).",
            "de": "OFFLINE: Neue Aufträge erst, wenn die Datenbank wieder da ist (ein Auftrag, "
            "den diese Station hält, öffnet sich mit seinem Schein).",
        }[language]
        assert said.endswith(offline) and "[F5]" not in said
    finally:
        if outage.down:
            outage.start()
        ui.shutdown()
        station.close()
        engine.dispose()
        use_language("en")


def test_offline_with_orders_kept_the_idle_screen_says_how_many() -> None:
    assert idle_text(LinkState(offline=False, waiting=0)) is None
    assert idle_text(LinkState(offline=True, waiting=1, kept=1)) == (
        "OFFLINE: 1 order is kept at this station: press Next order [F5] or scan its slip. "
        "New orders when the database is back."
    )
    assert idle_text(LinkState(offline=True, waiting=1, kept=3)) == (
        "OFFLINE: 3 orders are kept at this station: press Next order [F5] or scan a slip. "
        "New orders when the database is back."
    )


def test_the_station_window_drops_a_retired_block_at_its_next_heartbeat(
    qapp: QApplication, qtbot: QtBot, server: PgServer, tmp_path: Path, now: datetime
) -> None:
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        offline_enabled=True,
        offline_sync_s=60,
    )
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp,
        station.packing,
        station.labels,
        station.record,
        UiOptions(idle_lock_minutes=0),
        floor=station.floor,
    )
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        assert ui.heartbeat is not None
        scan_and_wait(qtbot, rig, "BDG1001")
        scan_and_wait(qtbot, rig, world.slips["SHOP-2"])  # holds an order, a block reserved

        def retire() -> None:  # the supervisor, from another connection
            SqlNumberBlocks(engine).retire("PACK-01", "written off", datetime.now(UTC), None)

        off_gui(retire)
        ui.heartbeat.timer.setInterval(100)

        def live_blocks() -> int:
            with engine.connect() as conn:
                query = select(func.count()).where(number_blocks.c.retired_at.is_(None))
                return int(conn.execute(query).scalar_one())

        qtbot.waitUntil(lambda: off_gui(live_blocks) == 1, timeout=WAIT_MS)
    finally:
        ui.shutdown()
        station.close()
        engine.dispose()


def test_back_online_the_idle_screen_says_what_works_and_the_strip_no_order_advice(
    qapp: QApplication, qtbot: QtBot, server: PgServer, tmp_path: Path, now: datetime
) -> None:
    """Signed in with no order open during an outage: the strip's advice is the idle
    screen's (no order to finish); once the sync brings the station back, the greeting that
    said what works offline gives way to the normal one without a scan."""
    engine = make_engine(server.create_database())
    schema.upgrade(engine)
    world = seed(engine, now)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        printer_kind="file",
        offline_enabled=True,
        offline_sync_s=0.1,
    )
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
    )
    outage = Outage(server)
    try:
        ui.window.show()
        rig = Rig(station, ui, world, engine)
        screen = ui.pack_screen
        strip = screen.offline_strip
        assert strip is not None
        scan_and_wait(qtbot, rig, "BDG1001")
        outage.stop()
        said = scan_and_wait(qtbot, rig, "BDG1001")  # the same packer again, offline now
        assert "OFFLINE: no new orders until the database is back" in said
        assert screen.order is None
        qtbot.waitUntil(strip.isVisible, timeout=WAIT_MS)
        assert strip.text().startswith("OFFLINE: ")
        assert strip.text().endswith(" New orders when the database is back.")
        assert "Finish this order" not in strip.text()
        outage.start()
        qtbot.waitUntil(strip.isHidden, timeout=30_000)
        qtbot.waitUntil(
            lambda: screen.banner.text() == "Scan an order slip or tote, or press Next order [F5].",
            timeout=WAIT_MS,
        )
    finally:
        if outage.down:
            outage.start()
        ui.shutdown()
        station.close()
        engine.dispose()


def test_the_strip_gives_the_idle_advice_with_no_order_open(qapp: QApplication) -> None:
    offline = LinkState(offline=True, waiting=2)
    assert strip_text(offline) == f"OFFLINE: 2 changes waiting to sync. {WHAT_TO_DO}"
    assert strip_text(offline, order_open=False) == (
        "OFFLINE: 2 changes waiting to sync. New orders when the database is back."
    )
    assert strip_text(LinkState(offline=True, waiting=0, kept=2), order_open=False) == (
        "OFFLINE: 0 changes waiting to sync. 2 orders kept here (Next order [F5] or a slip); "
        "others when the database is back."
    )
    use_language("de")
    try:
        assert strip_text(offline, order_open=False).endswith(
            " Neue Aufträge, sobald die Datenbank wieder da ist."
        )
    finally:
        use_language("en")
