"""The supervisor console at a station: a supervisor's badge offers it (F1), Esc goes back to
packing, and a packer never gets it (the button is hidden and the services refuse anyway)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import scan_and_wait


@pytest.fixture
def rig(make_rig: MakeRig) -> Rig:
    return make_rig(supervised=True)


def test_a_supervisor_opens_the_console_with_f1_and_goes_back_with_esc(
    qtbot: QtBot, rig: Rig
) -> None:
    door = rig.ui.console
    assert door is not None
    scan_and_wait(qtbot, rig, "BDG1001")  # a packer: no console
    assert door.button.isHidden()
    rig.ui.window.activateWindow()
    qtbot.waitUntil(rig.ui.window.isActiveWindow)
    QTest.keyClick(rig.ui.pack_screen.entry, Qt.Key.Key_F1)
    assert door.console is None

    scan_and_wait(qtbot, rig, "BDG9001")  # a supervisor's badge switches to them
    assert not door.button.isHidden()
    QTest.keyClick(rig.ui.pack_screen.entry, Qt.Key.Key_F1)
    console = door.console
    assert console is not None
    qtbot.waitUntil(console.isVisible)
    qtbot.waitUntil(lambda: console.board.rowCount() == 1)
    assert console.board.data(console.board.index(0, 0)) == "PACK-01"
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    QTest.keyClick(console, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not console.isVisible())

    scan_and_wait(qtbot, rig, "BDG1001")  # a packer takes over: the console goes
    assert door.console is None
    assert door.button.isHidden()
