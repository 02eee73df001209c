"""The supervisor console's real widgets over a real database (SQLite and PostgreSQL), SQL
forbidden on the GUI thread: sign-in refuses a packer, the board shows the stations and
redraws only what changed, a hold is resolved by key."""

from __future__ import annotations

import gc
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread, make_engine
from app.adapters.db.floor_listener import PgFloorListener
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.dock import handoff_service
from app.domain.floor import Devices
from app.services.clock import SystemClock
from app.services.figures import FiguresService
from app.services.floor import FloorService
from app.services.packing import PackingService
from app.services.reprints import ReprintDesk
from app.services.results import Session
from app.services.site_admin import SiteAdminService
from app.services.story import StoryService
from app.settings import Settings
from app.ui.console.holds import TextDialog
from app.ui.console.sign_in import ConsoleSignIn
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from app.ui.style import scale_for_height, use_scale
from tests.support.factories import World, seed
from tests.support.pgserver import PgServer
from tests.support.station import StationUnderTest, make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    return seed(engine, now)


@pytest.fixture
def floor(engine: Engine) -> FloorService:
    return FloorService(SqlUnitOfWork.factory(engine), SystemClock())


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-test")
    yield worker
    worker.shutdown()
    # Windows closed by the test go now, and their Python side with them: not in the middle
    # of a later test.
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


@pytest.fixture
def packing_station(engine: Engine, world: World) -> StationUnderTest:
    # A real clock: the board judges heartbeats against now.
    return make_station(engine, datetime.now(UTC), "PACK-01")


def test_console_sign_in_refuses_a_packer_and_admits_a_supervisor(
    qtbot: QtBot, engine: Engine, world: World, floor: FloorService, worker: Worker
) -> None:
    packing = PackingService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    record = floor.register_console("console test-pc")
    forbid_sql_on_thread(engine, threading.main_thread())
    dialog = ConsoleSignIn(lambda badge, pin: packing.sign_in(record, badge, pin).session, worker)
    qtbot.addWidget(dialog)
    dialog.show()
    QTest.keyClicks(dialog.badge, "BDG1001")
    QTest.keyClick(dialog.badge, Qt.Key.Key_Return)  # no PIN: signs in straight away
    qtbot.waitUntil(lambda: "console is for supervisors" in dialog.message.text())
    assert dialog.session is None
    QTest.keyClicks(dialog.badge, "BDG9001")
    QTest.keyClick(dialog.badge, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.session is not None)
    assert dialog.session is not None and dialog.session.user_name == "Robin Supervisor"


def test_board_shows_stations_and_redraws_only_what_changed(
    qtbot: QtBot,
    engine: Engine,
    now: datetime,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
) -> None:
    packer = packing_station.sign_in("BDG1001")
    second = make_station(engine, datetime.now(UTC), "PACK-02")
    for station, user in ((packing_station, packer.user_id), (second, None)):
        floor.heartbeat(station.record.id, user, Devices("ready", "keyboard", "none"))
    supervisor = second.sign_in("BDG9001")
    with engine.begin() as conn:  # DHL's range, as an admin added it, down to its last number
        ranges = t.tracking_ranges
        range_id, last = conn.execute(select(ranges.c.id, ranges.c.last_serial)).one()
        conn.execute(ranges.update().values(next_serial=last))
        conn.execute(
            t.site_settings.insert().values(
                key=f"tracking_range.{range_id}.first", value=str(last - 20), updated_at=now
            )
        )
    site = SiteAdminService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    forbid_sql_on_thread(engine, threading.main_thread())
    sender = "labels carry the demo's return address (Demo): set [sender] in the config file"
    window = ConsoleWindow(  # as opened from a station: its setup warning comes along
        floor,
        supervisor,
        worker,
        refresh_ms=100,
        range_warnings=lambda: [sender, *site.range_warnings()],
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.board.rowCount() == 2)
    assert window.board.data(window.board.index(0, 0)) == "PACK-01"
    assert window.board.data(window.board.index(0, 2)) == "Alex Packer"
    assert window.board.data(window.board.index(0, 1)) == "online"
    qtbot.waitUntil(lambda: "DHL" in window.ranges.text())
    assert "NUMBERS RUNNING OUT" in window.ranges.text() and window.ranges.isVisible()
    # The sender warning under a heading of its own, not as numbers running out.
    lines = window.ranges.text().split("\n")
    assert [line.split(":")[0] for line in lines] == [
        "⚠ NUMBERS RUNNING OUT",
        "⚠ CHECK THE SETUP",
    ], lines
    assert lines[1].startswith("⚠ CHECK THE SETUP: labels carry the demo's return address")

    def open_order() -> None:
        order_id = packing_station.packing.open_order(packer, world.slips["SHOP-1"]).id
        packing_station.packing.record_scan(
            packer, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
        )

    threading.Thread(target=open_order).start()  # another station, not the GUI thread
    qtbot.waitUntil(lambda: window.board.data(window.board.index(0, 4)) == "1 / 3", timeout=5000)
    assert window.board.data(window.board.index(0, 3)) == "SHOP-1"
    assert window.board.last_changed_rows in ([0], [])  # PACK-02's row was not redrawn
    window.close()


def test_a_hold_is_resolved_back_to_ready_by_key(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
) -> None:
    packer = packing_station.sign_in("BDG1001")
    order_id = packing_station.packing.open_order(packer, world.slips["SHOP-2"]).id
    packing_station.packing.hold_order(packer, order_id, "box crushed")
    supervisor: Session = packing_station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=100)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F3)
    assert window.tabs.currentWidget() is window.holds
    qtbot.waitUntil(lambda: window.holds.model.rowCount() == 1)
    assert window.holds.model.data(window.holds.model.index(0, 2)) == "box crushed"
    assert window.holds.model.data(window.holds.model.index(0, 3)) == "Alex Packer"

    def answer() -> None:
        dialog = window.holds.dialog
        assert isinstance(dialog, TextDialog)
        dialog.text.setText("new box on the shelf")
        dialog.accept()

    QTimer.singleShot(50, answer)
    QTest.keyClick(window.holds.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: window.holds.model.rowCount() == 0, timeout=5000)
    assert "back to ready" in window.message.text()
    found: list[tuple[str, str]] = []

    def read() -> None:  # not on the GUI thread, where SQL is forbidden
        with engine.connect() as conn:
            columns = (t.orders.c.status, t.orders.c.packer_note)
            row = conn.execute(select(*columns).where(t.orders.c.id == order_id)).one()
        found.append((row.status, row.packer_note))

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert found == [("ready", "new box on the shelf")]
    window.close()


def test_on_postgresql_a_change_at_a_station_reaches_the_board_through_notify(
    qtbot: QtBot, qapp: QApplication, pg_server: PgServer, now: datetime
) -> None:
    url = pg_server.create_database()
    engine = make_engine(url)
    schema.upgrade(engine)
    try:
        world = seed(engine, now)
        station = make_station(engine, datetime.now(UTC), "PACK-01")
        packer = station.sign_in("BDG1001")
        floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
        supervisor = station.sign_in("BDG9001")
        listener = PgFloorListener(url)
        worker = Worker("console-notify")
        forbid_sql_on_thread(engine, threading.main_thread())
        # Polling every 10 minutes: only a notification can bring the change in time.
        window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, changes=listener)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.board.rowCount() == 1)
        assert listener.listening.wait(5)
        assert window.board.data(window.board.index(0, 3)) == ""

        def claim_at_the_station() -> None:  # another connection, as a station would
            station.packing.open_order(packer, world.slips["SHOP-2"])

        started = time.monotonic()
        threading.Thread(target=claim_at_the_station).start()
        qtbot.waitUntil(
            lambda: window.board.data(window.board.index(0, 3)) == "SHOP-2", timeout=3000
        )
        assert time.monotonic() - started < 1.5
        window.close()
        assert not listener.listening.is_set()
        worker.shutdown()
    finally:
        engine.dispose()


def test_an_orders_story_is_found_by_tracking_number_and_exported(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
    tmp_path: Path,
) -> None:
    packer = packing_station.sign_in("BDG1001")
    order_id = packing_station.packing.open_order(packer, world.slips["SHOP-2"]).id
    packing_station.packing.record_scan(
        packer, order_id, uuid.uuid4().hex, world.product_codes["NOTE-A5"]
    )
    done = packing_station.packing.complete_order(packer, order_id, "file")
    supervisor = packing_station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    story = StoryService(SqlUnitOfWork.factory(engine))
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, story=story)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F4)
    assert window.tabs.currentWidget() is window.story
    QTest.keyClicks(window.story.text, done.tracking_number)
    QTest.keyClick(window.story.text, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.story.events_model.rowCount() > 0, timeout=5000)
    assert window.story.found_model.data(window.story.found_model.index(0, 0)) == "SHOP-2"
    whats = [
        window.story.events_model.data(window.story.events_model.index(row, 1))
        for row in range(window.story.events_model.rowCount())
    ]
    assert any(what.startswith("scanned: ") for what in whats)
    assert "complete" in whats
    assert window.story.heading.text().startswith("Order SHOP-2:")
    out = tmp_path / "found.csv"
    window._export_found(window.story.found, out)
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("SHOP-2,packed,")
    window.close()


def test_the_queue_in_claim_order_and_a_priority_changed_by_key(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
) -> None:
    supervisor = packing_station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_F2)
    assert window.tabs.currentWidget() is window.queue
    model = window.queue.model
    qtbot.waitUntil(lambda: model.rowCount() == 3)
    assert [model.data(model.index(row, 0)) for row in range(3)] == ["SHOP-1", "SHOP-2", "SHOP-3"]
    assert "No carrier has a cut-off" in window.queue.outlook.text()

    window.queue.table.selectRow(2)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setIntValue(50)
        dialog.accept()

    QTimer.singleShot(100, answer)
    QTest.keyClick(window.queue.table, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: model.data(model.index(0, 0)) == "SHOP-3", timeout=5000)
    assert model.data(model.index(0, 2)) == "50"
    assert window.message.text() == "Priority set to 50."
    window.close()


def test_labels_voided_by_scan_and_a_cut_off_label_answered(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
) -> None:
    packer = packing_station.sign_in("BDG1001")
    done = []
    for reference, sku in (("SHOP-2", "NOTE-A5"), ("SHOP-1", None)):
        order_id = packing_station.packing.open_order(packer, world.slips[reference]).id
        skus = [sku] if sku else ["MUG-BLUE", "MUG-BLUE", "CABLE-C1"]
        for code in skus:
            packing_station.packing.record_scan(
                packer, order_id, uuid.uuid4().hex, world.product_codes[code]
            )
        done.append(packing_station.packing.complete_order(packer, order_id, "PACK-01 file"))
    with engine.begin() as conn:  # the second label was cut off while printing
        conn.execute(
            t.print_jobs.update()
            .where(t.print_jobs.c.id == done[1].print_job_id)
            .values(state="uncertain")
        )
    supervisor = packing_station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), SystemClock())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, desk=desk)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    panel = window.labels
    assert window.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: panel.question_model.rowCount() == 1)
    assert panel.question_model.data(panel.question_model.index(0, 2)) == done[1].tracking_number
    # The On hold tab lists it too (issue 10, item 4), answered here on the Labels tab.
    holds = window.holds.uncertain_model
    assert holds.data(holds.index(0, 2)) == done[1].tracking_number
    assert not window.holds.uncertain_view.isHidden()

    QTest.keyClicks(panel.search, done[0].tracking_number)
    QTest.keyClick(panel.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.parcel_model.rowCount() == 1)

    def answer_void() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("damaged")
        dialog.accept()

    QTimer.singleShot(100, answer_void)
    QTest.keyClick(panel.parcel_view, Qt.Key.Key_F6)
    qtbot.waitUntil(
        lambda: "damaged" in str(panel.parcel_model.data(panel.parcel_model.index(0, 4)))
    )

    window.activateWindow()  # back from the dialog (a window manager does this by itself)
    qtbot.waitUntil(window.isActiveWindow)
    panel.question_view.setFocus()
    window.message.setText("Printing...")
    QTest.keyClick(panel.question_view, Qt.Key.Key_F7)  # it came out
    qtbot.waitUntil(lambda: window.message.text() != "Printing...", timeout=5000)
    qtbot.waitUntil(lambda: panel.question_model.rowCount() == 0, timeout=5000)
    assert holds.rowCount() == 0 and window.holds.uncertain_view.isHidden()
    found: list[str] = []

    def read() -> None:
        with engine.connect() as conn:
            found.extend(
                conn.execute(
                    select(t.print_jobs.c.state).where(t.print_jobs.c.id == done[1].print_job_id)
                ).scalars()
            )

    reader = threading.Thread(target=read)
    reader.start()
    reader.join()
    assert found == ["sent"]
    window.close()


def test_the_figures_tab_opens_with_ctrl_g(
    qtbot: QtBot, engine: Engine, world: World, floor: FloorService, worker: Worker
) -> None:
    packing = PackingService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    record = floor.register_console("console figures")
    supervisor = packing.sign_in(record, "BDG9001").session
    figures = FiguresService(SqlUnitOfWork.factory(engine))
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, figures=figures)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert window.figures is not None
    assert window.tabs.currentWidget() is window.figures
    qtbot.waitUntil(lambda: window.figures is not None and window.figures.report is not None)
    window.close()


def test_the_handoff_tab_opens_with_ctrl_h(
    qtbot: QtBot, engine: Engine, world: World, floor: FloorService, worker: Worker, tmp_path: Path
) -> None:
    packing = PackingService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    record = floor.register_console("console hand-off")
    supervisor = packing.sign_in(record, "BDG9001").session
    handoff = handoff_service(Settings(data_dir=tmp_path), engine, folder=tmp_path)
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000, handoff=handoff)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.manifests is not None
    assert window.tabs.currentWidget() is window.manifests
    window.close()


@pytest.fixture
def screen_scale() -> Iterator[None]:
    yield
    use_scale(1.0)  # the scale is the process's: the next test starts from the default


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_console_scales_with_the_screen(
    qtbot: QtBot,
    engine: Engine,
    world: World,
    floor: FloorService,
    worker: Worker,
    packing_station: StationUnderTest,
    screen_scale: None,
    width: int,
    height: int,
) -> None:
    supervisor = packing_station.sign_in("BDG9001")
    use_scale(scale_for_height(height))  # as ``packbench console`` does for its screen
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(floor, supervisor, worker, refresh_ms=600_000)
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitUntil(lambda: window.board.rowCount() >= 1, timeout=10_000)
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint  # it fits the screen

    proportion = height / 1080
    window.board_view.ensurePolished()
    window.title.ensurePolished()
    board_caps = QFontMetrics(window.board_view.font()).tightBoundingRect("PACK").height()
    title_caps = QFontMetrics(window.title.font()).tightBoundingRect("SC").height()
    sizes = {"board": board_caps, "title": title_caps}
    # The board's capitals 24 px at 1920x1080 (17 px at 1366x768, as before it scaled).
    assert board_caps >= 24 * proportion - 1, sizes
    assert title_caps >= 25 * proportion - 1, sizes
    row = window.board_view.verticalHeader().defaultSectionSize()
    assert row >= QFontMetrics(window.board_view.font()).height(), (row, sizes)
