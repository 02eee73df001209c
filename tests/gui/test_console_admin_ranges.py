"""Ranges added from the console's Admin tab (Ctrl+T) on both databases, SQL forbidden on the
GUI thread: an admin continues a carrier's range that is 95 % used (the warning goes), adds
the site's SSCC range, is told in one line when a number is not one or the service refuses
(numbers that would be issued twice); a packer's and a supervisor's consoles are refused by
the service, and every change and refusal is audited."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import datetime

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.ui.console.admin import AdminPanel
from app.ui.runner import Worker
from tests.gui.test_console_admin import (
    audit_actions,
    fill_next_form,
    key,
    off_gui,
    open_admin,
)
from tests.support.factories import World, seed

S10 = "S10: a carrier's tracking numbers"
SSCC = "SSCC: the site's parcel numbers"


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
    worker = Worker("console-ranges-test")
    yield worker
    worker.shutdown()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    gc.collect()


def ranges(panel: AdminPanel) -> list[tuple[str, ...]]:
    m = panel.ranges_model
    return [
        tuple(m.data(m.index(row, column)) for column in range(m.columnCount()))
        for row in range(m.rowCount())
    ]


def range_count(engine: Engine) -> int:
    def read() -> int:
        with engine.connect() as conn:
            return int(
                conn.execute(select(func.count()).select_from(t.tracking_ranges)).scalar_one()
            )

    return off_gui(read)


def test_an_admin_adds_ranges_by_key_and_is_told_what_is_refused(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker, now: datetime
) -> None:
    with engine.begin() as conn:  # DHL's range: 950 of its 1,000 numbers used
        tr = t.tracking_ranges
        range_id, last = conn.execute(select(tr.c.id, tr.c.last_serial)).one()
        conn.execute(tr.update().values(next_serial=last - 49))
        conn.execute(
            t.site_settings.insert().values(
                key=f"tracking_range.{range_id}.first", value=str(last - 999), updated_at=now
            )
        )
    window, panel, _site = open_admin(qtbot, engine, worker, "BDG0001")
    qtbot.waitUntil(lambda: len(ranges(panel)) == 1)
    assert ranges(panel)[0][4:] == ("950", "50", "⚠ 95% used")

    # Continue DHL's range: 1,000 more numbers.
    fill_next_form([S10, "DHL", "JJ", "DE", "", "0", str(last + 1), str(last + 1000)])
    key(qtbot, panel, "T")()
    first = last - 999
    said = f"DHL S10 JJ…DE: {first}-{last + 1000}, 1050 numbers left."
    qtbot.waitUntil(lambda: panel.message.text() == said, timeout=5000)
    qtbot.waitUntil(lambda: ranges(panel)[0][4:] == ("950", "1050", "ok"), timeout=5000)

    # A serial that is not a number: one line, nothing sent.
    fill_next_form([S10, "UPS", "JJ", "NL", "", "0", "12a", "99"])
    key(qtbot, panel, "T")()
    qtbot.waitUntil(
        lambda: panel.message.text() == "First '12a': write a whole number (digits only).",
        timeout=5000,
    )

    # The site's SSCC range.
    fill_next_form([SSCC, "", "", "", "4012345", "0", "1", "5000"])
    key(qtbot, panel, "T")()
    qtbot.waitUntil(
        lambda: panel.message.text() == "SSCC 0 4012345: 1-5000, 5000 numbers left.", timeout=5000
    )
    qtbot.waitUntil(lambda: len(ranges(panel)) == 2, timeout=5000)

    # UPS drawing from DHL's numbers (same service indicator and country): refused.
    fill_next_form([S10, "UPS", "JJ", "DE", "", "0", str(last), str(last + 10)])
    key(qtbot, panel, "T")()
    qtbot.waitUntil(lambda: "the same numbers would be issued twice" in panel.message.text())
    assert range_count(engine) == 2
    actions = audit_actions(engine)
    assert [a for a in actions if a.startswith("range_") or a == "admin_refused"] == [
        "range_extend",
        "range_add",
        "admin_refused",
    ]
    window.close()


@pytest.mark.parametrize(("badge", "role"), [("BDG1001", "packer"), ("BDG9001", "supervisor")])
def test_a_packer_and_a_supervisor_cannot_add_a_range(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker, badge: str, role: str
) -> None:
    window, panel, _site = open_admin(qtbot, engine, worker, badge)
    qtbot.waitUntil(lambda: f"is a {role}" in panel.message.text(), timeout=5000)
    panel.message.setText("")
    fill_next_form([S10, "UPS", "JJ", "NL", "", "0", "1", "1000"])
    key(qtbot, panel, "T")()
    qtbot.waitUntil(lambda: f"is a {role}" in panel.message.text(), timeout=5000)
    assert range_count(engine) == 1
    assert audit_actions(engine).count("admin_refused") == 2  # reading, then adding
    window.close()
