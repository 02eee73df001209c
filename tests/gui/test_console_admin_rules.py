"""The site's station rules in the console's Admin tab on both databases, SQL forbidden on the
GUI thread: an admin sees each rule's value, changes one by key (audited, and the next
sign-in at a station gets it), and a value that is not one gets one line; a packer is refused
by the service."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import NotAllowed
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.site_admin import SiteAdminService
from app.ui.console.admin_rules import StationRulesBox
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.gui.test_console_admin import audit_actions, fill_next_form, off_gui
from tests.support.factories import World, seed
from tests.support.station import make_station


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    badges = [("Ada Admin", "admin", "BDG0001"), ("Alex Packer", "packer", "BDG1001")]
    return seed(engine, now, badges=badges)


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-rules-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def values(box: StationRulesBox) -> dict[str, str]:
    m = box.model
    return {m.data(m.index(row, 0)): m.data(m.index(row, 1)) for row in range(m.rowCount())}


def test_an_admin_changes_a_station_rule_that_the_next_sign_in_gets(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    station = make_station(engine, datetime.now(UTC), "PACK-01")
    admin = station.sign_in("BDG0001")
    packer = station.sign_in("BDG1001")
    uow = SqlUnitOfWork.factory(engine)
    site = SiteAdminService(uow, SystemClock(), Argon2CredentialHasher())
    forbid_sql_on_thread(engine, threading.main_thread())
    window = ConsoleWindow(
        FloorService(uow, SystemClock()),
        admin,
        worker,
        refresh_ms=600_000,
        packing=station.packing,
        admin=(site, None),
    )
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keyClick(window, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    panel = window.admin
    assert panel is not None and panel.rules is not None
    box = panel.rules
    qtbot.waitUntil(lambda: len(values(box)) == 4, timeout=5000)
    assert values(box)["keyed_item_codes"] == "allowed"
    assert values(box)["pin_lock_minutes"] == "5"

    fill_next_form(["keyed_item_codes", "refused"])
    QTest.keyClick(panel.users_table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    said = "keyed_item_codes = refused: stations use it from their next sign-in."
    qtbot.waitUntil(lambda: panel.message.text() == said, timeout=5000)
    qtbot.waitUntil(lambda: values(box)["keyed_item_codes"] == "refused", timeout=5000)
    # The rule just saved stays selected (it used to jump to the first row).
    [selected] = box.table.selectionModel().selectedRows()
    assert box.model.data(box.model.index(selected.row(), 0)) == "keyed_item_codes"
    assert selected.row() != 0
    assert "site_rule" in audit_actions(engine)
    signed_in = off_gui(lambda: station.packing.sign_in(station.record, "BDG1001"))
    assert signed_in.rules.keyed_item_codes is False

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    fill_next_form(["pin_lock_minutes", "forever"])
    box.change_button.click()
    refused = "pin_lock_minutes: a whole number of minutes from 1 to 1440."
    qtbot.waitUntil(lambda: panel.message.text() == refused, timeout=5000)
    assert values(box)["pin_lock_minutes"] == "5"

    def packer_tries() -> str:
        try:
            station.packing.sign_ins.set_rule(packer, "pin_lock_minutes", "1")
        except NotAllowed as refused:
            return str(refused)
        return "not refused"

    assert off_gui(packer_tries) == "Only a supervisor can change the site's station rules."
    window.close()
