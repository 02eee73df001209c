"""The station board says in words what an offline station's heartbeat last told: since when
it was out of sync and how many changes were waiting; a station syncing says so too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.floor import Devices, SyncReport
from app.services.floor import FloorService, StationTile
from app.services.floor_ports import StationRow
from app.ui.console.board import BoardModel, state_text
from app.ui.runner import Worker
from app.ui.station.heartbeat import Heartbeat
from tests.gui.test_pack_screen import off_gui
from tests.support.factories import seed
from tests.support.station import StepClock, make_station

SINCE = datetime(2026, 12, 1, 9, 42, tzinfo=UTC)
HHMM = SINCE.astimezone().strftime("%H:%M")


def tile(online: bool, sync: SyncReport | None, order_id: int | None = None) -> StationTile:
    row = StationRow(1, "PACK-01", SINCE + timedelta(minutes=1), Devices(), order_id=order_id)
    return StationTile(StationRow(**{**row.__dict__, "sync": sync}), online, None, None)


def test_an_offline_station_shows_since_when_and_its_backlog_at_last_contact() -> None:
    assert state_text(tile(False, SyncReport(12, SINCE))) == (
        f"OFFLINE since {HHMM}, 12 changes waiting at last contact"
    )
    assert state_text(tile(False, SyncReport(3, SINCE), order_id=7)) == (
        f"OFFLINE: holds an order since {HHMM}, 3 changes waiting at last contact"
    )


def test_a_syncing_station_shows_its_backlog_and_one_in_sync_shows_online() -> None:
    assert state_text(tile(True, SyncReport(5, SINCE))) == (
        f"online: syncing, 5 changes waiting (since {HHMM})"
    )
    assert state_text(tile(True, SyncReport(0, SINCE))) == "online"
    assert state_text(tile(True, None)) == "online"
    assert state_text(tile(False, None)) == "OFFLINE"


def test_the_board_redraws_a_row_when_its_backlog_changes(qapp: object) -> None:
    model = BoardModel()
    model.show([tile(True, SyncReport(5, SINCE))])
    model.show([tile(True, SyncReport(4, SINCE))])
    assert model.last_changed_rows == [0]
    assert model.data(model.index(0, 1)) == f"online: syncing, 4 changes waiting (since {HHMM})"


def test_the_heartbeat_carries_the_stations_sync_report_to_the_board(
    qtbot: QtBot, engine: Engine, now: datetime
) -> None:
    seed(engine, now)
    station = make_station(engine, now)
    floor = FloorService(SqlUnitOfWork.factory(engine), StepClock(now))
    worker = Worker("db")
    heartbeat = Heartbeat(
        floor,
        station.record.id,
        worker,
        signed_in=lambda: None,
        printer_state=lambda: "ready",
        sync=lambda: SyncReport(4, SINCE),
    )
    try:
        qtbot.waitUntil(lambda: heartbeat.beats >= 1)
    finally:
        heartbeat.stop()
        worker.shutdown()

    def stored() -> tuple[int, datetime]:
        with engine.connect() as conn:
            row = conn.execute(
                select(t.stations.c.sync_waiting, t.stations.c.last_sync_at).where(
                    t.stations.c.id == station.record.id
                )
            ).one()
        return int(row.sync_waiting), row.last_sync_at

    assert off_gui(stored) == (4, SINCE)
