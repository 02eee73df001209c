"""The supervisor console at a station: a supervisor's badge offers it (F1), Esc goes back to
packing, and a packer never gets it (the button is hidden and the services refuse anyway)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from app.domain.model import Role
from app.ui.console.window import ConsoleWindow
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


def tab_names(console: ConsoleWindow) -> list[str]:
    return [console.tabs.tabText(n).split("  [")[0] for n in range(console.tabs.count())]


def test_the_console_at_a_station_has_the_tabs_of_packbench_supervise(
    qtbot: QtBot, rig: Rig
) -> None:
    """One console, two ways in: Figures and Hand-off for a supervisor, Admin for an admin
    too; another supervisor's badge closes the first one's console."""
    door = rig.ui.console
    assert door is not None
    scan_and_wait(qtbot, rig, "BDG9001")
    QTest.keyClick(rig.ui.pack_screen.entry, Qt.Key.Key_F1)
    console = door.console
    assert console is not None
    qtbot.waitUntil(console.isVisible)
    names = tab_names(console)
    assert "Figures" in names and "Hand-off" in names and "Admin" not in names
    console.activateWindow()
    qtbot.waitUntil(console.isActiveWindow)
    QTest.keyClick(console, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentWidget() is console.figures
    QTest.keyClick(console, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentWidget() is console.manifests
    QTest.keyClick(console, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not console.isVisible())

    site = rig.station.site
    assert site is not None
    added = threading.Thread(  # off the GUI thread: SQL is forbidden on it
        target=site.add_user, args=(None, "Ada Admin", Role.ADMIN, "BDG0001")
    )
    added.start()
    qtbot.waitUntil(lambda: not added.is_alive())
    rig.ui.window.activateWindow()
    scan_and_wait(qtbot, rig, "BDG0001")
    assert door.console is None  # the supervisor's console went with them
    QTest.keyClick(rig.ui.pack_screen.entry, Qt.Key.Key_F1)
    admin_console = door.console
    assert admin_console is not None and admin_console is not console
    assert "Admin" in tab_names(admin_console)
    admin_console.activateWindow()
    qtbot.waitUntil(admin_console.isActiveWindow)
    QTest.keyClick(admin_console, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    panel = admin_console.admin
    assert panel is not None and admin_console.tabs.currentWidget() is panel
    qtbot.waitUntil(lambda: any(user.name == "Ada Admin" for user in panel.users), timeout=5000)
