"""The supervisor console fits a 1920x1080 and a 1366x768 screen, in English, German and
Spanish (the console's box texts are translated), on a busy floor: 40 stations with long names
and packers with long names, 40 users, held orders with long reasons.

The real console window, with every tab a supervisor's admin gets (as ``packbench supervise``
builds it), at the screen's scale; each tab is shown and, once its data is in, measured as
rendered: the window's minimum size fits the screen less a window manager's title bar and
panel; the tab bar shows every tab; no table scrolls sideways (the figures' many columns
excepted: they scroll inside their table) and each shows several rows; no label or button is
cut off (a long text wraps, or is cut with "…" in a table cell and shown whole as a
tooltip). The console's sign-in dialog grows for a long refusal instead of cutting it off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QToolTip,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.adapters.db import schema
from app.adapters.db.engine import forbid_sql_on_thread, make_engine
from app.adapters.db.uow import SqlUnitOfWork
from app.bootstrap import Station, build_station
from app.console import console_tabs
from app.domain.floor import Devices
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.ports import StationRecord
from app.services.results import Session
from app.settings import Settings
from app.ui.console.board import COLUMNS, WHOLE
from app.ui.console.fit import ElidingDelegate, cut_short, water_level
from app.ui.console.sign_in import ConsoleSignIn
from app.ui.console.window import ConsoleWindow
from app.ui.i18n import use_language
from app.ui.runner import Worker
from app.ui.station.console_door import ConsoleTabs
from app.ui.style import scale_for_height, use_scale
from tests.support.factories import seed

SCREENS = [(1920, 1080), (1366, 768)]
LANGUAGES = ["en", "de", "es"]
#: A window manager's title bar and a desktop panel take this much of the screen's height.
WM_HEIGHT = 70
WM_WIDTH = 10
STATIONS = 40
LONG_PACKER = "Maximiliane Alexandra Katharina von Hohenzollern-Sigmaringen {n:02d}"
LONG_STATION = "PACK-HALL-B-NORTH-WING-MEZZANINE-{n:02d}"
WAIT_MS = 20_000


@dataclass
class Floor:
    station: Station
    admin: Session
    tabs: ConsoleTabs
    console_record: StationRecord


@pytest.fixture(scope="module")
def floor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Floor]:
    """One busy floor for every screen and language (SQLite: what is measured is the UI)."""
    folder = tmp_path_factory.mktemp("busy-floor")
    engine = make_engine(f"sqlite:///{folder / 'packbench.sqlite'}")
    schema.upgrade(engine)
    now = datetime.now(UTC) - timedelta(minutes=5)
    badges = [(LONG_PACKER.format(n=n), "packer", f"BDG{2000 + n}") for n in range(STATIONS)]
    badges += [
        ("Adelheid Administratorin-Fürstenberg", "admin", "BDG0001"),
        ("Robin Supervisor", "supervisor", "BDG9001"),
    ]
    orders = [(f"SHOP-{100000 + n}", [("MUG-BLUE", 1 + n % 3), ("CABLE-C1", 1)]) for n in range(60)]
    world = seed(engine, now, orders=orders, badges=badges)
    settings = Settings(station="PACK-01", data_dir=folder, printer_kind="file")
    main = build_station(settings, engine=engine)
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())  # fresh heartbeats
    for n in range(STATIONS):
        record = main.packing.register_station(LONG_STATION.format(n=n))
        packer = main.packing.sign_in(record, f"BDG{2000 + n}").session
        order_id = None
        if n < 10:
            order_id = main.packing.open_order(packer, world.slips[f"SHOP-{100000 + n}"]).id
        printer = "out of paper: load a new roll (cover)" if n % 7 == 0 else "ready"
        floor.heartbeat(record.id, packer.user_id, Devices(printer, "keyboard", "none"), order_id)
    held = main.packing.sign_in(main.record, "BDG2039").session
    for n in range(50, 56):
        order_id = main.packing.open_order(held, world.slips[f"SHOP-{100000 + n}"]).id
        main.packing.hold_order(
            held, order_id, "damaged unit: the mug's handle is broken, waiting for a new one"
        )
    assert main.site is not None
    admin = main.packing.sign_in(main.record, "BDG0001").session
    record = main.floor.register_console("console fits")
    tabs = console_tabs(settings, engine, main.site)
    forbid_sql_on_thread(engine, threading.main_thread())  # from here on, as the app does
    yield Floor(main, admin, tabs, record)
    main.close()
    engine.dispose()


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-fits")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


@pytest.fixture
def screen_and_language() -> Iterator[None]:
    yield
    use_scale(1.0)
    use_language("en")


def console(floor: Floor, worker: Worker) -> ConsoleWindow:
    station, admin, tabs = floor.station, floor.admin, floor.tabs
    assert station.site is not None and station.story is not None
    return ConsoleWindow(
        station.floor,
        admin,
        worker,
        refresh_ms=600_000,
        story=station.story,
        packing=station.packing,
        desk=station.labels.desk,
        range_warnings=station.site.range_warnings,
        figures=tabs.figures,
        admin=tabs.admin_for(admin),
        handoff=tabs.handoff,
    )


def rows_in_view(view: QTableView) -> int:
    """How many rows the table has room for (full rows, below its header)."""
    return view.viewport().height() // max(1, view.verticalHeader().defaultSectionSize())


def shown(widget: QWidget) -> list[QWidget]:
    return [w for w in widget.findChildren(QWidget) if w.isVisible()]


def cut_off(page: QWidget) -> list[str]:
    """Labels and buttons on ``page`` whose text does not fit them."""
    found = []
    for widget in shown(page):
        if isinstance(widget, QLabel) and widget.text():
            if widget.wordWrap():
                if widget.heightForWidth(widget.width()) > widget.height() + 1:
                    found.append(f"label {widget.text()!r}: {widget.size()}")
            elif widget.minimumSizeHint().width() > widget.width():
                found.append(f"label {widget.text()!r}: {widget.size()}")
        if isinstance(widget, QPushButton) and widget.sizeHint().width() > widget.width():
            found.append(f"button {widget.text()!r}: {widget.width()} < {widget.sizeHint()}")
    return found


def pages(window: ConsoleWindow) -> Iterator[tuple[str, QWidget]]:
    """Every tab, and every page of the Admin and Hand-off tabs, shown in turn."""
    for n in range(window.tabs.count()):
        window.tabs.setCurrentIndex(n)
        page = window.tabs.widget(n)
        assert page is not None
        inner = getattr(page, "sections", None) or getattr(page, "pages", None)
        if not isinstance(inner, QTabWidget):
            yield window.tabs.tabText(n), page
            continue
        for k in range(inner.count()):
            inner.setCurrentIndex(k)
            yield f"{window.tabs.tabText(n)} / {inner.tabText(k)}", page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_tab_of_the_console_fits_the_screen(
    qtbot: QtBot,
    floor: Floor,
    worker: Worker,
    screen_and_language: None,
    width: int,
    height: int,
    language: str,
) -> None:
    use_scale(scale_for_height(height))  # as ``packbench supervise`` does for its screen
    assert use_language(language)
    window = console(floor, worker)
    qtbot.addWidget(window)
    room = QSize(width - WM_WIDTH, height - WM_HEIGHT)  # what a maximized window gets
    window.resize(room)
    window.show()
    qtbot.waitUntil(lambda: window.board.rowCount() == STATIONS + 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.holds.model.rowCount() == 6, timeout=WAIT_MS)
    admin = window.admin
    assert admin is not None
    measured = []
    for name, page in pages(window):
        if page is admin:
            qtbot.waitUntil(lambda: len(admin.users) == STATIONS + 2, timeout=WAIT_MS)
        qtbot.wait(300)  # the page laid out and its columns fitted, as a supervisor sees it
        qtbot.waitUntil(lambda: window.size() == room, timeout=WAIT_MS)
        hint = window.minimumSizeHint()
        assert hint.width() <= room.width() and hint.height() <= room.height(), (name, hint)
        bar = window.tabs.tabBar()
        assert bar.sizeHint().width() <= window.tabs.width(), (name, "tab bar")
        assert cut_off(page) == [], name
        for view in (w for w in shown(page) if isinstance(w, QTableView)):
            label = f"{name}: {view.objectName()}"
            if view.objectName() != "figures":  # its many columns scroll inside the table
                assert not view.horizontalScrollBar().isVisible(), (
                    label,
                    view.horizontalHeader().length(),
                    view.viewport().width(),
                    [
                        view.horizontalHeader().sectionSize(c)
                        for c in range(view.model().columnCount())
                    ],
                )
                needed = view.horizontalHeader().length()
                assert needed <= view.viewport().width(), (label, needed)
            assert rows_in_view(view) >= 3, (label, view.viewport().height())
        measured.append((name, hint.width(), hint.height()))
    assert len(measured) >= 12  # 8 tabs, Admin's 5 pages and Hand-off's 2
    # The station board and the users show many rows.
    window.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    assert rows_in_view(window.board_view) >= 10, window.board_view.viewport().height()
    window.tabs.setCurrentWidget(admin)
    admin.sections.setCurrentWidget(admin.users_page)
    QApplication.processEvents()
    assert rows_in_view(admin.users_table) >= 10, admin.users_table.viewport().height()
    assert admin.users_model.rowCount() == STATIONS + 2
    window.close()


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_figures_charts_are_readable_and_names_keep_room(
    qtbot: QtBot,
    floor: Floor,
    worker: Worker,
    screen_and_language: None,
    width: int,
    height: int,
) -> None:
    """The review's Figures tab: at 1366x768 the charts' plot area was 10-20 px tall; at 1920
    the names were cut to "Alex…" and the headings clipped mid-word without "…"."""
    use_scale(scale_for_height(height))
    window = console(floor, worker)
    qtbot.addWidget(window)
    window.resize(QSize(width - WM_WIDTH, height - WM_HEIGHT))
    window.show()
    figures = window.figures
    assert figures is not None
    window.tabs.setCurrentWidget(figures)
    qtbot.waitUntil(lambda: figures.report is not None, timeout=WAIT_MS)
    figures.pages.setCurrentIndex(1)  # the charts
    qtbot.wait(300)
    for chart in (figures.rates.chart, figures.errors.chart):
        plot = chart.plotArea()
        assert plot.height() >= 150 and plot.width() >= 150, (chart.title(), plot)
    figures.pages.setCurrentIndex(0)  # the table
    qtbot.wait(300)
    view, header = figures.view, figures.view.horizontalHeader()
    assert header.textElideMode() == Qt.TextElideMode.ElideRight  # a cut heading ends in "…"
    others = sorted(header.sectionSize(c) for c in range(1, figures.model.columnCount()))
    # The names' column keeps the room of the wide ones, "Alex…" no more.
    assert header.sectionSize(0) >= 2 * others[len(others) // 2], header.sectionSize(0)
    assert rows_in_view(view) >= 3
    window.close()


def test_a_long_name_on_the_board_is_cut_and_shown_whole_as_a_tooltip(
    qtbot: QtBot, floor: Floor, worker: Worker, screen_and_language: None
) -> None:
    use_scale(scale_for_height(768))
    window = console(floor, worker)
    qtbot.addWidget(window)
    window.resize(1366 - WM_WIDTH, 768 - WM_HEIGHT)
    window.show()
    qtbot.waitUntil(lambda: window.board.rowCount() == STATIONS + 1, timeout=WAIT_MS)
    QApplication.processEvents()
    view, board = window.board_view, window.board
    row = next(r for r in range(board.rowCount()) if board.tile(r).row.name.startswith("PACK-H"))
    station = board.index(row, 0)
    packer = board.index(row, 2)
    for index in (station, packer):
        whole = str(board.data(index))
        assert len(whole) > 30 and cut_short(view, index, whole)
        QToolTip.hideText()
        rect = view.visualRect(index)
        event = QHelpEvent(
            QEvent.Type.ToolTip, rect.center(), view.viewport().mapToGlobal(rect.center())
        )
        delegate = view.itemDelegate()
        assert isinstance(delegate, ElidingDelegate)
        assert delegate.helpEvent(event, view, QStyleOptionViewItem(), index)
        assert QToolTip.text() == whole
    # The names keep room for their first letters: at least 6 letters "M" wide.
    em = QFontMetrics(view.font()).horizontalAdvance("M")
    for column in (COLUMNS.index("Station"), COLUMNS.index("Packer")):
        assert view.columnWidth(column) >= 6 * em, (COLUMNS[column], view.columnWidth(column), em)
    # The state, the order and its progress are never cut.
    for column in WHOLE:
        index = board.index(row, column)
        assert not cut_short(view, index, str(board.data(index))), COLUMNS[column]
    QToolTip.hideText()
    window.close()


def test_columns_are_cut_only_where_they_are_widest() -> None:
    assert water_level([100, 200, 300], 1000) == [100, 200, 300]
    assert water_level([100, 200, 600], 600) == [100, 200, 300]
    assert water_level([100, 400, 600], 600) == [100, 250, 250]
    assert sum(water_level([50, 900, 900, 40], 1000)) <= 1000


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_long_refusal_at_sign_in_is_shown_whole(
    qtbot: QtBot,
    floor: Floor,
    worker: Worker,
    screen_and_language: None,
    width: int,
    height: int,
) -> None:
    use_scale(scale_for_height(height))
    station, record = floor.station, floor.console_record

    def sign_in(badge: str, pin: str | None) -> Session:
        return station.packing.sign_in(record, badge, pin).session

    dialog = ConsoleSignIn(sign_in, worker)
    qtbot.addWidget(dialog)
    dialog.resize(dialog.sizeHint())  # as a window manager opens it
    dialog.show()
    before = dialog.size()
    assert before.width() <= width and before.height() <= height - WM_HEIGHT
    dialog.badge.setText("BDG2001")  # a packer with a long name
    dialog.try_sign_in()
    message = dialog.message
    qtbot.waitUntil(lambda: "is a packer" in message.text(), timeout=WAIT_MS)
    QApplication.processEvents()
    assert LONG_PACKER.format(n=1) in message.text()
    assert message.heightForWidth(message.width()) <= message.height(), message.size()
    inside = dialog.rect().contains(message.geometry().bottomRight() - QPoint(1, 1))
    assert inside, (message.geometry(), dialog.size())
    assert dialog.height() >= before.height()
    assert dialog.width() <= width and dialog.height() <= height - WM_HEIGHT
    dialog.reject()


def test_no_console_table_scrolls_sideways_by_itself(qtbot: QtBot) -> None:
    """A table built by the console's helper fits its columns (the board's too)."""
    from app.ui.console.story import RowsModel, _table

    model = RowsModel(("Name", "What"))
    view = _table(model, "t")
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    model.set_rows([("x" * 200, "y" * 300), ("a", "b")])
    qtbot.waitUntil(lambda: view.horizontalHeader().length() <= view.viewport().width())
    assert isinstance(view, QAbstractScrollArea)
    assert not view.horizontalScrollBar().isVisible()
