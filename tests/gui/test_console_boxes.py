"""The box types tab of the console's admin panel on both databases, SQL forbidden on the GUI
thread: the list, add and change a box type, the fill factor, by key; a bad number is named;
the service refuses anyone who is not an admin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.domain.boxes import BoxType
from app.services.boxes import import_boxes
from app.services.clock import SystemClock
from app.ui.console.boxes import BoxesPanel
from app.ui.runner import Worker
from tests.gui import test_console_admin
from tests.gui.test_console_admin import off_gui, open_admin
from tests.support.factories import World

# The admin tab's own fixtures: its world (an admin, a packer, a supervisor) and worker.
world = test_console_admin.world
worker = test_console_admin.worker
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def fill_next_dialog(values: Sequence[str | bool]) -> None:
    """Fill the next dialog's fields in order (text, or a tick) and press Enter."""

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, fill)
            return
        fields = [w for w in dialog.findChildren(QWidget) if isinstance(w, QLineEdit | QCheckBox)]
        for field, value in zip(fields, values, strict=False):
            if isinstance(field, QCheckBox):
                field.setChecked(bool(value))
            elif not field.isReadOnly():
                field.setText(str(value))
        dialog.accept()

    QTimer.singleShot(20, fill)


def press(qtbot: QtBot, panel: BoxesPanel, letter: str) -> None:
    panel.window().activateWindow()
    qtbot.waitUntil(panel.window().isActiveWindow)
    QTest.keyClick(
        panel.table,
        Qt.Key(ord(letter)),
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )


def codes(panel: BoxesPanel) -> list[str]:
    m = panel.model
    return [m.data(m.index(row, 0)) for row in range(m.rowCount())]


def test_an_admin_lists_adds_and_changes_box_types_by_key(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    data = (SAMPLES / "boxes.csv").read_bytes()
    off_gui(lambda: import_boxes(SqlUnitOfWork.factory(engine), SystemClock(), "boxes.csv", data))
    _window, admin, site = open_admin(qtbot, engine, worker, "BDG0001")
    panel = admin.boxes
    press(qtbot, panel, "B")  # the box types tab
    qtbot.waitUntil(lambda: admin.sections.currentWidget() is panel)
    qtbot.waitUntil(lambda: codes(panel) == ["L3", "M2", "S1", "XL4"], timeout=5000)
    m = panel.model
    assert [m.data(m.index(1, c)) for c in range(6)] == [
        "M2",
        "Medium box",
        "300 x 200 x 150",
        "250",
        "10000",
        "yes",
    ]
    assert panel.fill.text() == "Suggestions fill boxes to 0.8 of their volume."

    # Add: code, name, inside length, width, height, tare, maximum weight, in use.
    fill_next_dialog(["bag1", "Padded bag", "300", "250", "20", "15", "2000", True])
    press(qtbot, panel, "N")
    qtbot.waitUntil(lambda: "BAG1" in codes(panel), timeout=5000)
    assert panel.message.text() == "Box BAG1 (300x250x20 mm, tare 15 g) saved."

    # Change M2: it is retired (the code stays; it cannot be changed).
    panel.table.selectRow(codes(panel).index("M2"))
    fill_next_dialog(["M2", "Medium box (old)", "300", "200", "150", "260", "10000", False])
    press(qtbot, panel, "E")
    qtbot.waitUntil(lambda: panel.message.text().startswith("Box M2"), timeout=5000)
    qtbot.waitUntil(lambda: m.data(m.index(codes(panel).index("M2"), 5)) == "no", timeout=5000)

    # A number that is not one: named, nothing sent.
    fill_next_dialog(["XS0", "Tiny", "ten", "50", "20", "5", "500", True])
    press(qtbot, panel, "N")
    qtbot.waitUntil(lambda: panel.message.text() == "length_mm: 'ten' is not a whole number.")
    # A maximum weight under the tare: the domain's message.
    fill_next_dialog(["XS0", "Tiny", "100", "50", "20", "500", "400", True])
    press(qtbot, panel, "N")
    qtbot.waitUntil(lambda: "max_weight_g: 400 is not more than the tare" in panel.message.text())

    fill_next_dialog(["0.7"])
    press(qtbot, panel, "F")
    qtbot.waitUntil(lambda: panel.message.text() == "Fill factor set to 0.7.", timeout=5000)
    qtbot.waitUntil(lambda: "to 0.7 of" in panel.fill.text(), timeout=5000)
    fill_next_dialog(["7"])
    press(qtbot, panel, "F")
    qtbot.waitUntil(lambda: "must be a decimal from 0.1 to 1" in panel.message.text())

    def stored() -> list[BoxType]:
        return site.box_types(site.admin_of(admin._session))

    boxes = {box.code: box for box in off_gui(stored)}
    assert boxes["M2"] == BoxType("M2", 300, 200, 150, 260, 10000, "Medium box (old)", False)
    assert "XS0" not in boxes


def test_only_an_admin_sees_box_types(
    qtbot: QtBot, engine: Engine, world: World, worker: Worker
) -> None:
    _window, admin, _site = open_admin(qtbot, engine, worker, "BDG9001")  # a supervisor
    admin.sections.setCurrentWidget(admin.boxes)
    qtbot.waitUntil(lambda: "Only an admin" in admin.boxes.message.text(), timeout=5000)
    assert admin.boxes.model.rowCount() == 0
