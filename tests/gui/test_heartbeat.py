"""The real station window sends heartbeats (on its worker) that the supervisor's board reads:
who is signed in, the printer's state; a station whose heartbeats stop shows offline."""

from __future__ import annotations

import threading
from datetime import datetime

from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.services.floor import StationTile
from app.ui.runner import Operation
from tests.gui.conftest import MakeRig
from tests.gui.test_pack_screen import scan_and_wait
from tests.support.station import make_station


def test_the_station_window_beats_and_the_board_sees_its_packer(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(supervised=True)
    ui, station = rig.ui, rig.station
    assert ui.heartbeat is not None
    ui.heartbeat.timer.setInterval(100)
    scan_and_wait(qtbot, rig, "BDG9001")
    beats = ui.heartbeat.beats
    qtbot.waitUntil(lambda: ui.heartbeat is not None and ui.heartbeat.beats > beats + 1)
    supervisor = ui.pack_screen.session
    assert supervisor is not None
    tiles: list[StationTile] = []
    ui.db.run(Operation.read(station.floor.board, supervisor).then(tiles.extend))
    qtbot.waitUntil(lambda: bool(tiles))
    (tile,) = tiles
    assert tile.row.name == "PACK-01"
    assert tile.online
    assert tile.row.user_name == "Robin Supervisor"
    assert tile.row.devices.printer == "ready"
    assert tile.row.devices.scanner == "keyboard"


def test_an_order_taken_off_the_station_is_said_at_the_next_heartbeat(
    qtbot: QtBot, make_rig: MakeRig, engine: Engine, now: datetime
) -> None:
    rig = make_rig(supervised=True)
    ui = rig.ui
    assert ui.heartbeat is not None
    ui.heartbeat.timer.setInterval(100)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    order = ui.pack_screen.order
    assert order is not None and order.reference == "SHOP-2"

    def release_elsewhere() -> None:  # a supervisor at the console, another connection
        other = make_station(engine, now, "CONSOLE")
        boss = other.sign_in("BDG9001")
        other.packing.release_claim(boss, order.id, "packer went home")

    worker = threading.Thread(target=release_elsewhere)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: ui.pack_screen.order is None, timeout=5000)
    assert "taken off this station by a supervisor" in ui.pack_screen.banner.text()
