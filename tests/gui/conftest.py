"""The real station UI over a real database, offscreen, with SQL forbidden on the GUI thread."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from app.bootstrap import Station, build_station
from app.settings import Settings
from app.ui.app import StationUi, UiOptions, build_ui
from tests.support.factories import World, seed


@dataclass
class Rig:
    station: Station
    ui: StationUi
    world: World
    engine: Engine


@pytest.fixture
def rig(qapp: QApplication, engine: Engine, now: datetime, tmp_path: Path) -> Iterator[Rig]:
    world = seed(engine, now)
    settings = Settings(station="PACK-01", data_dir=tmp_path, printer_kind="file")
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
    )
    ui.window.resize(1366, 768)
    ui.window.show()
    ui.pack_screen.entry.setFocus()
    yield Rig(station, ui, world, engine)
    ui.shutdown()
    ui.window.close()
    ui.window.deleteLater()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
