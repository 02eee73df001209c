"""The numbers warning on the real station window: a range 90 % used shows a line to whoever
is signed in, read on the database worker (SQL on the GUI thread fails these tests), and it
blocks nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.bootstrap import build_station
from app.domain.commands import Command, command_barcode
from app.settings import Settings
from app.ui.app import UiOptions, build_ui
from tests.gui.conftest import Rig
from tests.gui.test_pack_screen import WAIT_MS, scan_and_wait
from tests.support.factories import seed


@pytest.fixture
def rig(qapp: QApplication, engine: Engine, now: datetime, tmp_path: Path) -> Iterator[Rig]:
    """The station as ``app.gui`` composes it, over a DHL range of one number."""
    world = seed(engine, now, range_size=1)
    settings = Settings(station="PACK-01", data_dir=tmp_path, printer_kind="file")
    station = build_station(settings, engine=engine)
    station.forbid_sql_on_gui_thread()
    assert station.site is not None
    ui = build_ui(
        qapp,
        station.packing,
        station.labels,
        station.record,
        UiOptions(idle_lock_minutes=0),
        range_warnings=station.site.range_warnings,
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


def _read_settled(qtbot: QtBot, rig: Rig) -> None:
    qtbot.waitUntil(lambda: rig.ui.db.pending == 0, timeout=WAIT_MS)


def test_a_range_running_out_is_shown_while_signed_in(qtbot: QtBot, rig: Rig) -> None:
    warning = rig.ui.range_warning
    assert warning is not None
    screen = rig.ui.pack_screen
    assert warning.label.isHidden()

    scan_and_wait(qtbot, rig, "BDG1001")
    _read_settled(qtbot, rig)
    assert not warning.lines  # 0 of 1 number used
    assert warning.label.isHidden()

    # Pack an order: its label takes the range's only number.
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    scan_and_wait(qtbot, rig, command_barcode(Command.COMPLETE))
    qtbot.waitUntil(lambda: "printed" in screen.banner.text(), timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, command_barcode(Command.SIGN_OUT))
    assert screen.session is None

    # The next person to sign in is told, and can go on working.
    scan_and_wait(qtbot, rig, "BDG9001")
    qtbot.waitUntil(warning.label.isVisible, timeout=WAIT_MS)
    assert warning.lines == (
        "DHL S10 JJ…DE: 0 numbers left (used up); an admin adds more with 'packbench ranges add'.",
    )
    assert warning.label.text() == f"⚠ ATTENTION: {warning.lines[0]}"
    shown = scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    assert screen.order is not None and screen.order.reference == "SHOP-1", shown
    assert warning.label.isVisible()  # not in the way: the order opened under it

    scan_and_wait(qtbot, rig, command_barcode(Command.HOLD))
    scan_and_wait(qtbot, rig, command_barcode(Command.HOLD_MISSING))
    scan_and_wait(qtbot, rig, command_barcode(Command.SIGN_OUT))
    assert screen.session is None
    assert warning.label.isHidden()  # nobody signed in: nothing to tell
