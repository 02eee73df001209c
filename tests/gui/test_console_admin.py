"""The console's admin tab on both databases, SQL forbidden on the GUI thread: an admin adds
a user with a scanned badge and a PIN, changes a role, deactivates, prints a badge sheet, and
sees the ranges (with the 90 % warning) and the stations; a supervisor's console gets nothing,
because the services check the role in the database."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.demo_data import DemoBadge
from app.adapters.db.engine import forbid_sql_on_thread
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.badge_sheet import write_badge_sheet
from app.adapters.security import Argon2CredentialHasher
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.site_admin import SiteAdminService
from app.ui.console.admin import AdminPanel, FormDialog
from app.ui.console.window import ConsoleWindow
from app.ui.runner import Worker
from tests.support.factories import World, seed
from tests.support.station import make_station

T = TypeVar("T")


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    badges = [
        ("Ada Admin", "admin", "BDG0001"),
        ("Alex Packer", "packer", "BDG1001"),
        ("Robin Supervisor", "supervisor", "BDG9001"),
    ]
    return seed(engine, now, badges=badges)


@pytest.fixture
def worker(qapp: QApplication) -> Iterator[Worker]:
    worker = Worker("console-admin-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def fill_next_form(values: Sequence[str]) -> None:
    """Fill the next form's fields in order (text, or a combo box's item) and press Enter."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, FormDialog):
            QTimer.singleShot(20, fill)
            return
        fields = [
            w
            for w in dialog.findChildren(QWidget)
            if isinstance(w, QLineEdit | QComboBox | QPlainTextEdit)
            and not isinstance(w.parent(), QComboBox)
        ]
        for field, value in zip(fields, values, strict=True):
            if isinstance(field, QComboBox):
                field.setCurrentText(value)
            elif isinstance(field, QPlainTextEdit):
                field.setPlainText(value)
            else:
                field.setText(value)
        dialog.accept()

    QTimer.singleShot(20, fill)


def off_gui(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a thread of its own (SQL is forbidden on the GUI thread) and return
    what it returned."""
    found: list[T] = []
    thread = threading.Thread(target=lambda: found.append(fn()))
    thread.start()
    thread.join(10)
    assert found, "the check did not finish"
    return found[0]


def audit_actions(engine: Engine) -> list[str]:
    def read() -> list[str]:
        with engine.connect() as conn:
            query = select(t.audit_log.c.action).order_by(t.audit_log.c.id)
            return list(conn.execute(query).scalars())

    return off_gui(read)


def open_admin(
    qtbot: QtBot, engine: Engine, worker: Worker, badge: str
) -> tuple[ConsoleWindow, AdminPanel, SiteAdminService]:
    station = make_station(engine, datetime.now(UTC), "PACK-01")
    floor = FloorService(SqlUnitOfWork.factory(engine), SystemClock())
    floor.register_console("OFFICE-1")
    session = station.sign_in(badge)
    site = SiteAdminService(SqlUnitOfWork.factory(engine), SystemClock(), Argon2CredentialHasher())
    forbid_sql_on_thread(engine, threading.main_thread())

    def sheet(path: Path, cards: Sequence[tuple[str, str, str]]) -> None:
        write_badge_sheet(path, [DemoBadge(*card) for card in cards])

    window = ConsoleWindow(floor, session, worker, refresh_ms=600_000)
    # What the console does to add the tab (see the report: the lines for window.py).
    panel = AdminPanel(site, session, window._run, sheet)
    window.tabs.addTab(panel, "Admin  [Ctrl+U]")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.tabs.setCurrentWidget(panel)
    return window, panel, site


def names(panel: AdminPanel) -> list[tuple[str, str, str, str]]:
    m = panel.users_model
    return [
        tuple(m.data(m.index(row, column)) for column in range(4)) for row in range(m.rowCount())
    ]


def key(qtbot: QtBot, panel: AdminPanel, combo: str) -> Callable[[], None]:
    def press() -> None:
        # A dialog just closed: the console is the active window again before the key.
        panel.window().activateWindow()
        qtbot.waitUntil(panel.window().isActiveWindow)
        QTest.keyClick(panel.users_table, Qt.Key(ord(combo)), Qt.KeyboardModifier.ControlModifier)

    return press


def test_an_admin_manages_users_ranges_and_stations_by_key(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker, now: datetime, tmp_path: Path
) -> None:
    with engine.begin() as conn:  # DHL's range: 95 of its 100 numbers used
        ranges = t.tracking_ranges
        range_id, last = conn.execute(select(ranges.c.id, ranges.c.last_serial)).one()
        conn.execute(ranges.update().values(next_serial=last - 4))
        conn.execute(
            t.site_settings.insert().values(
                key=f"tracking_range.{range_id}.first", value=str(last - 99), updated_at=now
            )
        )
    window, panel, site = open_admin(qtbot, engine, worker, "BDG0001")
    qtbot.waitUntil(lambda: panel.users_model.rowCount() == 3)
    assert names(panel)[0] == ("Ada Admin", "admin", "yes", "")
    r = panel.ranges_model
    assert r.data(r.index(0, 4)) == "95" and r.data(r.index(0, 5)) == "5"
    assert r.data(r.index(0, 6)) == "⚠ 95% used"
    s = panel.stations_model
    assert [s.data(s.index(row, 0)) for row in range(s.rowCount())] == ["OFFICE-1", "PACK-01"]
    assert s.data(s.index(0, 1)) == "console"

    # Add: name, role, badge (scanned), PIN.
    fill_next_form(["Pat Neu", "packer", "BDG1234", "4321"])
    key(qtbot, panel, "N")()
    qtbot.waitUntil(lambda: panel.message.text() == "Pat Neu added.", timeout=5000)
    qtbot.waitUntil(lambda: ("Pat Neu", "packer", "yes", "yes") in names(panel))
    assert off_gui(lambda: site.pin_required("BDG1234"))

    fill_next_form(["BDG1234", "supervisor"])
    key(qtbot, panel, "R")()
    qtbot.waitUntil(lambda: panel.message.text() == "Pat Neu is now a supervisor.", timeout=5000)

    fill_next_form(["BDG1234", ""])  # an empty PIN removes it
    panel.pin_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Pat Neu: PIN removed.", timeout=5000)

    # A badge nobody has: one clear message, nothing changed.
    fill_next_form(["BDG7777"])
    key(qtbot, panel, "D")()
    qtbot.waitUntil(lambda: "No user has the badge BDG7777" in panel.message.text(), timeout=5000)
    fill_next_form(["BDG1234"])
    key(qtbot, panel, "D")()
    qtbot.waitUntil(lambda: panel.message.text() == "Pat Neu deactivated.", timeout=5000)
    qtbot.waitUntil(lambda: ("Pat Neu", "supervisor", "no (deactivated)", "") in names(panel))

    out = tmp_path / "badges.pdf"
    fill_next_form(["BDG1001\nBDG9001\n", str(out)])
    key(qtbot, panel, "B")()
    qtbot.waitUntil(lambda: panel.message.text() == f"2 badge(s) written to {out}.", timeout=9000)
    assert out.read_bytes().startswith(b"%PDF")

    actions = audit_actions(engine)
    for action in ("user_add", "user_role", "user_pin", "user_deactivate", "admin_refused"):
        assert action in actions
    window.close()


def test_a_supervisor_gets_nothing_and_the_refusal_is_audited(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    window, panel, _site = open_admin(qtbot, engine, worker, "BDG9001")
    qtbot.waitUntil(
        lambda: "Robin Supervisor is a supervisor" in panel.message.text(), timeout=5000
    )
    assert panel.users_model.rowCount() == 0 and panel.stations_model.rowCount() == 0
    fill_next_form(["Eve", "admin", "BDG6666", ""])
    key(qtbot, panel, "N")()
    qtbot.waitUntil(lambda: audit_actions(engine).count("admin_refused") == 2, timeout=5000)

    def eve() -> object:
        with engine.connect() as conn:
            return conn.execute(select(t.users.c.id).where(t.users.c.name == "Eve")).first()

    assert off_gui(eve) is None
    window.close()
