"""The console's Manifests panel, standalone over a real database (SQLite and PostgreSQL) with
SQL forbidden on the GUI thread: per carrier the parcels labelled but not loaded with the time
to the cut-off, a loaded parcel whose label was voided, closing refused for a packer and while
parcels are missing, then closed with the missing parcels moved by key (F7) with a reason."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QInputDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, insert, update

from app.adapters.db import tables as t
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.domain.handoff import LoadOutcome
from app.services.handoff import Actor, HandoffService
from app.services.results import Session
from app.services.tracking_events import TrackingService
from app.ui.console.manifests import ManifestsPanel, time_to_cut_off
from app.ui.runner import Operation, Worker
from tests.support.factories import World, seed
from tests.support.station import StationUnderTest, StepClock, make_station

ORDERS = [
    ("SHOP-1", [("MUG-BLUE", 1)]),
    ("SHOP-2", [("NOTE-A5", 1)]),
    ("SHOP-3", [("CABLE-C1", 1)]),
    ("UPS-1", [("NOTE-A5", 1)]),
]


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
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
    return made


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("manifests-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def _pack(station: StationUnderTest, session: Session, world: World, reference: str) -> str:
    order = station.packing.open_order(session, world.slips[reference])
    for sku, quantity in dict(ORDERS)[reference]:
        for n in range(quantity):
            station.packing.record_scan(
                session, order.id, f"{reference}-{sku}-{n}", world.product_codes[sku]
            )
    return station.packing.complete_order(session, order.id, "file").tracking_number


def _actor(session: Session) -> Actor:
    return Actor(session.user_id, session.user_name, session.role, session.station_id)


def _cell(panel: ManifestsPanel, row: int, column: int, parcels: bool = False) -> str:
    model = panel.parcel_model if parcels else panel.carrier_model
    return str(model.data(model.index(row, column)))


def test_reconcile_and_close_from_the_panel(
    qtbot: QtBot, engine: Engine, now: datetime, world: World, worker: Worker, tmp_path: Path
) -> None:
    station = make_station(engine, now)
    packer = station.sign_in()
    numbers = {ref: _pack(station, packer, world, ref) for ref, _ in ORDERS}
    service = HandoffService(
        SqlUnitOfWork.factory(engine),
        StepClock(now),
        pickups={"DHL": time(17, 0), "UPS": time(16, 0)},
        zone=UTC,
        folder=tmp_path,
        files=LocalBatchFolder(),
        document=ManifestSheet(),
    )
    for ref in ("SHOP-1", "SHOP-2"):
        loaded = service.dock_scan(_actor(packer), None, numbers[ref])
        assert loaded.outcome is LoadOutcome.LOADED
    with engine.begin() as conn:  # SHOP-2's label voided after it was loaded
        conn.execute(
            update(t.parcels)
            .where(t.parcels.c.tracking_number == numbers["SHOP-2"])
            .values(voided_at=now, void_reason="damaged")
        )
    boss = station.sign_in("BDG9001")
    forbid_sql_on_thread(engine, threading.main_thread())
    clock = now + timedelta(hours=7)  # 16:30: UPS's 16:00 cut-off is past, DHL's 17:00 not

    # A packer sees the panel, and the service refuses the close.
    refused = ManifestsPanel(service, _actor(packer), worker.run, lambda: clock)
    qtbot.addWidget(refused)
    refused.show()
    refused.activateWindow()
    qtbot.waitUntil(refused.isActiveWindow)
    qtbot.waitUntil(lambda: refused.carrier_model.rowCount() == 2)
    refused.carrier_view.selectRow(1)  # DHL's open manifest
    QTest.keyClick(refused.carrier_view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: "Only a supervisor or an admin" in refused.message.text())
    assert refused.figures.title.text() == "The hand-off figures are for supervisors."
    assert refused.figures.day_model.rowCount() == 0
    refused.close()

    panel = ManifestsPanel(service, _actor(boss), worker.run, lambda: clock)
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.waitUntil(lambda: panel.carrier_model.rowCount() == 2)
    # By pick-up: UPS (no manifest open yet, its cut-off past: red), then DHL.
    assert [_cell(panel, 0, c) for c in (0, 1, 3, 4, 5, 6)] == [
        "UPS",
        "none open yet",
        "PAST by 30 min",
        "0",
        "1",
        "0",
    ]
    assert [_cell(panel, 1, c) for c in (0, 3, 4, 5, 6)] == ["DHL", "30 min", "1", "1", "1"]
    assert panel.carrier_model.red == [True, True]  # late, and a voided parcel on the truck
    assert _cell(panel, 0, 1, parcels=True) == numbers["UPS-1"]
    # The figures of the week's labels: today's DHL parcels (SHOP-2's voided label is not
    # counted), SHOP-1 loaded before the cut-off; and UPS's.
    qtbot.waitUntil(lambda: panel.figures.day_model.rowCount() == 2)
    figures = panel.figures.day_model
    dhl_row = [figures.index(r, 1).data() for r in range(2)].index("DHL")
    assert [figures.index(dhl_row, c).data() for c in (2, 3, 4, 6, 8)] == [
        "2",
        "1",
        "100.0 %",
        "0",
        "0",
    ]

    QTest.keyClick(panel.carrier_view, Qt.Key.Key_F6)  # UPS has nothing to close yet
    assert "UPS has no open manifest yet" in panel.message.text()

    panel.carrier_view.selectRow(1)
    assert [(_cell(panel, r, 1, True), _cell(panel, r, 3, True)) for r in (0, 1)] == [
        (numbers["SHOP-3"], "not loaded"),
        (numbers["SHOP-2"], "VOIDED but loaded"),
    ]
    dhl = panel.views[1].manifest_id
    QTest.keyClick(panel.carrier_view, Qt.Key.Key_F6)  # refused: SHOP-3 is not loaded
    qtbot.waitUntil(lambda: "are not loaded" in panel.message.text())
    assert numbers["SHOP-3"] in panel.message.text()

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("truck full")
        dialog.accept()

    QTimer.singleShot(100, answer)
    QTest.keyClick(panel.carrier_view, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "closed" in panel.message.text(), timeout=10_000)
    assert f"Manifest {dhl} closed: 1 parcel(s), 1 moved to manifest" in panel.message.text()
    assert ".pdf" in panel.message.text() and ".csv" in panel.message.text()
    # Read again: DHL's new manifest (the next pick-up) with SHOP-3 on it, still selected.
    qtbot.waitUntil(lambda: bool(panel.views) and panel.views[-1].manifest_id not in (None, dhl))
    assert _cell(panel, 1, 0) == "DHL" and _cell(panel, 1, 5) == "1"
    assert _cell(panel, 0, 1, parcels=True) == numbers["SHOP-3"]
    # SHOP-2, voided but loaded, left with the closed manifest: still listed, to tell DHL.
    assert _cell(panel, 1, 6) == "1" and panel.carrier_model.red[1]
    assert (_cell(panel, 1, 1, True), _cell(panel, 1, 3, True)) == (
        numbers["SHOP-2"],
        "VOIDED after it left with DHL: tell them",
    )
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".csv", ".pdf"]


def test_time_to_cut_off_in_words() -> None:
    assert time_to_cut_off(timedelta(hours=2, minutes=5, seconds=30)) == "2 h 05 min"
    assert time_to_cut_off(timedelta(minutes=12)) == "12 min"
    assert time_to_cut_off(timedelta(minutes=-7)) == "PAST by 7 min"
    assert time_to_cut_off(timedelta(hours=-1, minutes=-2)) == "PAST by 1 h 02 min"


def test_tracking_exceptions_listed_and_enter_asks_for_the_orders_story(
    qtbot: QtBot, engine: Engine, now: datetime, world: World, worker: Worker
) -> None:
    station = make_station(engine, now)
    packer = station.sign_in()
    shop1, shop2 = (_pack(station, packer, world, ref) for ref in ("SHOP-1", "SHOP-2"))
    events = (
        "tracking_number,time,status_code,description,location\n"
        f"{shop1},2026-11-24T09:30:00Z,ADDRESS,Address problem: recipient unknown,Köln\n"
        f"{shop2},2026-11-24T10:00:00Z,TR,In the van,Köln\n"
    )
    TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + timedelta(days=2))).import_file(
        "t.csv", events.encode()
    )
    service = HandoffService(SqlUnitOfWork.factory(engine), StepClock(now), zone=UTC)
    boss = _actor(station.sign_in("BDG9001"))
    forbid_sql_on_thread(engine, threading.main_thread())
    panel = ManifestsPanel(service, boss, worker.run, lambda: now)
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.waitUntil(lambda: panel.exception_model.rowCount() == 1)
    model = panel.exception_model
    assert [str(model.data(model.index(0, c))) for c in (0, 1, 2, 4, 5)] == [
        "SHOP-1",
        shop1,
        "DHL",
        "ADDRESS",
        "Address problem: recipient unknown",
    ]
    panel.exception_view.setFocus()
    panel.exception_view.setCurrentIndex(model.index(0, 0))
    with qtbot.waitSignal(panel.story_wanted) as wanted:
        QTest.keyClick(panel.exception_view, Qt.Key.Key_Return)
    assert wanted.args == [shop1]


def test_a_cancelled_parcel_is_counted_apart_and_listed_after_its_manifest_closes(
    qtbot: QtBot, engine: Engine, now: datetime, world: World, worker: Worker
) -> None:
    """SHOP-2 loaded then its label voided, SHOP-3 cancelled upstream before it was loaded:
    the panel counts them in their own columns; once the manifest closes SHOP-3 is still
    listed until its label is voided."""
    station = make_station(engine, now)
    packer = station.sign_in()
    numbers = {ref: _pack(station, packer, world, ref) for ref in ("SHOP-1", "SHOP-2", "SHOP-3")}
    service = HandoffService(
        SqlUnitOfWork.factory(engine), StepClock(now), pickups={"DHL": time(17, 0)}, zone=UTC
    )
    for ref in ("SHOP-1", "SHOP-2"):
        assert service.dock_scan(_actor(packer), None, numbers[ref]).outcome is LoadOutcome.LOADED
    with engine.begin() as conn:
        conn.execute(
            update(t.parcels)
            .where(t.parcels.c.tracking_number == numbers["SHOP-2"])
            .values(voided_at=now, void_reason="damaged")
        )
        conn.execute(
            update(t.orders).where(t.orders.c.reference == "SHOP-3").values(status="cancelled")
        )
    boss = _actor(station.sign_in("BDG9001"))
    forbid_sql_on_thread(engine, threading.main_thread())
    panel = ManifestsPanel(service, boss, worker.run, lambda: now + timedelta(hours=7))
    qtbot.addWidget(panel)
    panel.show()
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    qtbot.waitUntil(lambda: panel.carrier_model.rowCount() == 1)
    # Loaded 1 (SHOP-1), none missing, 1 voided and loaded (SHOP-2), 1 cancelled (SHOP-3).
    assert [_cell(panel, 0, c) for c in (0, 4, 5, 6, 7)] == ["DHL", "1", "0", "1", "1"]
    assert panel.carrier_model.red == [True]
    assert [(_cell(panel, r, 1, True), _cell(panel, r, 3, True)) for r in (0, 1)] == [
        (numbers["SHOP-2"], "VOIDED but loaded"),
        (numbers["SHOP-3"], "cancelled: void the label"),
    ]
    dhl = panel.views[0].manifest_id

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("SHOP-2 taken off later")
        dialog.accept()

    QTimer.singleShot(100, answer)
    QTest.keyClick(panel.carrier_view, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: f"Manifest {dhl} closed" in panel.message.text(), timeout=10_000)
    qtbot.waitUntil(lambda: bool(panel.views) and panel.views[0].manifest_id is None)
    # The manifest left with DHL: SHOP-3's label is still not voided, so it stays listed.
    assert [_cell(panel, 0, c) for c in (0, 1, 6, 7)] == ["DHL", "none open yet", "1", "1"]
    assert panel.carrier_model.red == [True]
    assert (_cell(panel, 1, 1, True), _cell(panel, 1, 3, True)) == (
        numbers["SHOP-3"],
        "cancelled, its manifest closed: void the label",
    )

    def void_shop3() -> None:
        with engine.begin() as conn:
            conn.execute(
                update(t.parcels)
                .where(t.parcels.c.tracking_number == numbers["SHOP-3"])
                .values(voided_at=now + timedelta(hours=8), void_reason="order cancelled")
            )

    done: list[None] = []
    worker.run(Operation.write(void_shop3).then(done.append))
    qtbot.waitUntil(lambda: done == [None])
    panel.refresh()
    qtbot.waitUntil(lambda: _cell(panel, 0, 7) == "0")
    assert _cell(panel, 0, 6) == "1" and panel.parcel_model.rowCount() == 1
