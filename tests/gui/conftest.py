"""The real station UI over a real database, offscreen, with SQL forbidden on the GUI thread."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from sqlalchemy import Engine

from app.bootstrap import Station, build_station
from app.console import console_tabs
from app.services.packing import PackingService
from app.services.scale_ports import ScaleSource
from app.settings import Settings
from app.ui.app import StationUi, UiOptions, build_ui
from tests.support.factories import World, seed


@dataclass
class Rig:
    station: Station
    ui: StationUi
    world: World
    engine: Engine


MakeRig = Callable[..., Rig]


@pytest.fixture
def make_rig(
    qapp: QApplication, engine: Engine, now: datetime, tmp_path: Path
) -> Iterator[MakeRig]:
    """Build the station window over the test database: ``orders`` for ``seed``, ``options``
    for the UI, ``packing`` to put something in front of the real PackingService,
    ``supervised`` for the heartbeat and the supervisor console (the floor and story
    services and the console's tabs, as ``app.gui`` wires them); ``world`` (a rig's) opens another
    station window over the database as it is, as a restart does, without seeding it again."""
    made: list[StationUi] = []

    def make(
        *,
        orders: list[tuple[str, list[tuple[str, int]]]] | None = None,
        options: UiOptions | None = None,
        packing: Callable[[PackingService], PackingService] | None = None,
        scale: ScaleSource | None = None,
        supervised: bool = False,
        world: World | None = None,
    ) -> Rig:
        reopened = world is not None
        if world is None:
            world = seed(engine, now, orders=orders)
        settings = Settings(station="PACK-01", data_dir=tmp_path, printer_kind="file")
        if reopened:  # SQL is forbidden on this thread already: start it as the app would
            with ThreadPoolExecutor(1) as starter:
                station = starter.submit(build_station, settings, engine=engine).result()
        else:
            station = build_station(settings, engine=engine)
        station.forbid_sql_on_gui_thread()
        service = packing(station.packing) if packing is not None else station.packing
        ui = build_ui(
            qapp,
            service,
            station.labels,
            station.record,
            options or UiOptions(idle_lock_minutes=0),
            scale=scale,
            floor=station.floor if supervised else None,
            story=station.story if supervised else None,
            console_tabs=(
                console_tabs(settings, engine, station.site)
                if supervised and station.site is not None
                else None
            ),
        )
        made.append(ui)
        ui.window.resize(1366, 768)
        ui.window.show()
        ui.pack_screen.entry.setFocus()
        return Rig(station, ui, world, engine)

    yield make
    for ui in made:
        ui.shutdown()
        ui.window.close()
        ui.window.deleteLater()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture
def rig(make_rig: MakeRig) -> Rig:
    return make_rig()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_gui_thread() -> Iterator[None]:
    """Collect each test's garbage here, on the GUI thread: left to the collector, a Qt object
    in a reference cycle may be freed on whatever thread allocates next (a database worker, a
    NOTIFY listener) and crash the run there."""
    yield
    gc.collect()
