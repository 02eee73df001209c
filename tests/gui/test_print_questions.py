"""The print queue on the real pack screen: a loopback network printer that is switched off,
cut off mid-label, or fine; the banner, the question about an interrupted label and its answers
(keys and command barcodes), a label stopped by a cancel, Print again and Void, on SQLite and
PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import ColumnElement, Engine, Table, select, update

from app.adapters.db import tables as t
from app.bootstrap import build_station
from app.settings import Settings
from app.ui.app import UiOptions, build_ui
from app.ui.station.display import Tone
from app.ui.station.parcel_dialog import ParcelDialog
from app.ui.station.print_banner import PROBLEM_TONE
from tests.gui.conftest import Rig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait, wedge
from tests.support.factories import seed
from tests.support.printers import network_printer
from tests.support.virtual_printer import Mode, VirtualPrinter

PRINTER = "desk-1"


class Desk:
    """A station whose printer is a loopback network printer that can be swapped (switched
    off, replaced by one that works) while the station runs."""

    def __init__(self, rig: Rig, stack: ExitStack, device: VirtualPrinter) -> None:
        self.rig = rig
        self.stack = stack
        self.devices = [device]

    @property
    def screen(self):  # type: ignore[no-untyped-def]
        return self.rig.ui.pack_screen

    def replace_printer(self, mode: Mode = "normal") -> VirtualPrinter:
        """The printer at the station's address now answers as a fresh one in ``mode``."""
        device = self.stack.enter_context(VirtualPrinter(mode))
        self.devices.append(device)
        self.rig.station.labels.printer.connection.port = device.port  # type: ignore[attr-defined]
        return device

    def labels_for(self, tracking: str) -> int:
        """Whole labels with ``tracking`` that the printers received (the cut ends a label)."""
        needle = tracking.encode()
        return sum(1 for d in self.devices for job in d.jobs if needle in job and b"\x1dV" in job)

    def pack(self, qtbot: QtBot, reference: str = "SHOP-2", badge: str = "BDG1001") -> str:
        """Sign in, pack ``reference`` (one notebook) and complete it; its tracking number."""
        world = self.rig.world
        if self.screen.session is None:
            scan_and_wait(qtbot, self.rig, badge)
        scan_and_wait(qtbot, self.rig, world.slips[reference])
        scan_and_wait(qtbot, self.rig, world.product_codes["NOTE-A5"])
        QTest.keyClick(self.screen, Qt.Key.Key_F12)
        qtbot.waitUntil(lambda: "Printing label" in self.screen.banner.text(), timeout=WAIT_MS)
        return str(self.screen.banner.text()).split("Printing label ")[1].rstrip("…").strip()

    def sign_in_as(self, qtbot: QtBot, badge: str) -> None:
        window = self.rig.ui.window
        window.activateWindow()  # back from a dialog (a window manager does this by itself)
        qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
        if self.screen.session is not None:
            self.screen.request_sign_out()
            qtbot.waitUntil(lambda: self.screen.session is None, timeout=WAIT_MS)
        scan_and_wait(qtbot, self.rig, badge)


MakeDesk = Callable[..., Desk]


@pytest.fixture
def make_desk(
    qapp: QApplication, engine: Engine, now: datetime, tmp_path: Path
) -> Iterator[MakeDesk]:
    stack = ExitStack()
    made = []

    def make(mode: Mode = "normal", **kwargs: object) -> Desk:
        device = stack.enter_context(VirtualPrinter(mode, **kwargs))  # type: ignore[arg-type]
        world = seed(
            engine, now, orders=[("SHOP-2", [("NOTE-A5", 1)]), ("SHOP-3", [("NOTE-A5", 1)])]
        )
        printer = network_printer(device.port, PRINTER, timeout=1.0)
        station = build_station(
            Settings(station="PACK-01", data_dir=tmp_path), engine=engine, printer=printer
        )
        station.forbid_sql_on_gui_thread()
        ui = build_ui(
            qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
        )
        made.append(ui)
        ui.window.resize(1366, 768)
        ui.window.show()
        ui.pack_screen.entry.setFocus()
        return Desk(Rig(station, ui, world, engine), stack, device)

    yield make
    for ui in made:
        ui.shutdown()
        ui.window.close()
        ui.window.deleteLater()
    stack.close()
    qapp.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


def rows(engine: Engine, table: Table, *where: ColumnElement[bool]) -> list[dict[str, object]]:
    def read() -> list[dict[str, object]]:
        with engine.connect() as conn:
            found = conn.execute(select(table).where(*where).order_by(table.c.id))
            return [dict(row._mapping) for row in found]

    return off_gui(read)


def audited(engine: Engine, action: str) -> list[str]:
    return [str(row["detail"]) for row in rows(engine, t.audit_log, t.audit_log.c.action == action)]


def dialog_of(desk: Desk, qtbot: QtBot) -> ParcelDialog:
    qtbot.waitUntil(
        lambda: (
            desk.screen.print_banner.dialog is not None
            and desk.screen.print_banner.dialog.isVisible()
        ),
        timeout=WAIT_MS,
    )
    dialog = desk.screen.print_banner.dialog
    assert isinstance(dialog, ParcelDialog)
    return dialog


# -- the printer switched off, and back ------------------------------------------------------


@pytest.mark.parametrize("fault", ["switched_off", "paper_out"])
def test_a_printer_fault_is_on_the_banner_within_a_second_and_one_label_follows_it(
    qtbot: QtBot, make_desk: MakeDesk, fault: str
) -> None:
    desk = make_desk()
    first = desk.devices[0]
    if fault == "switched_off":
        first.stop()  # nothing answers at the printer's address any more
    else:
        first.set_state("paper_out")
    tracking = desk.pack(qtbot)
    faulted = time.monotonic()  # the label is queued for a printer that cannot print
    banner = desk.screen.printer_banner
    qtbot.waitUntil(banner.isVisible, timeout=1500)
    assert time.monotonic() - faulted <= 1.5
    assert f"printer {PRINTER}" in banner.text().lower()
    assert ("out of paper" if fault == "paper_out" else "connection refused") in banner.text()
    assert PROBLEM_TONE in banner.styleSheet()  # red: the printer has a problem
    qtbot.waitUntil(lambda: "1 label(s) waiting" in banner.text(), timeout=1000)  # next tick
    assert desk.labels_for(tracking) == 0

    if fault == "switched_off":
        desk.replace_printer()
    else:
        first.set_state("ready")
    back = time.monotonic()
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 1, timeout=5000)
    assert time.monotonic() - back <= 5.0
    qtbot.waitUntil(lambda: not banner.isVisible(), timeout=2000)
    qtbot.waitUntil(lambda: f"Label {tracking} printed" in desk.screen.banner.text(), timeout=2000)
    qtbot.wait(1500)  # three more ticks of the queue: nothing more comes out
    assert desk.labels_for(tracking) == 1
    (job,) = rows(desk.rig.engine, t.print_jobs)
    assert job["state"] == "sent"


# -- an interrupted label: the question and its answers --------------------------------------


def interrupted(qtbot: QtBot, make_desk: MakeDesk) -> tuple[Desk, str]:
    """A label cut off after 100 bytes by a printer that resets: the question shows."""
    desk = make_desk("drop", drop_after=100)
    tracking = desk.pack(qtbot)
    question = desk.screen.print_banner.question
    qtbot.waitUntil(question.isVisible, timeout=WAIT_MS)
    assert f"tracking {tracking}, order SHOP-2" in question.text.text()
    assert question.text.text().startswith("Did the label for parcel 1")
    assert "interrupted label(s)" in desk.screen.printer_banner.text()
    (job,) = rows(desk.rig.engine, t.print_jobs)
    assert job["state"] == "uncertain"
    return desk, tracking


def test_no_print_it_by_command_barcode_prints_exactly_one_more_label(
    qtbot: QtBot, make_desk: MakeDesk
) -> None:
    desk, tracking = interrupted(qtbot, make_desk)
    good = desk.replace_printer()
    qtbot.wait(1200)  # the queue keeps ticking: an uncertain label is never resent by itself
    assert desk.labels_for(tracking) == 0 and good.jobs == []

    wedge(desk.screen.entry, "CMDLABELAGAIN")
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 1, timeout=WAIT_MS)
    question = desk.screen.print_banner.question
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: f"Label {tracking} printed" in desk.screen.banner.text(), timeout=WAIT_MS
    )
    qtbot.wait(1200)
    assert desk.labels_for(tracking) == 1
    states = [job["state"] for job in rows(desk.rig.engine, t.print_jobs)]
    assert states == ["cancelled", "sent"]  # the interrupted job, then its reprint
    (detail,) = audited(desk.rig.engine, "label_reprinted")
    assert "interrupted" in detail and "Alex Packer" in detail


def test_yes_it_came_out_by_its_key_marks_it_printed_and_prints_nothing(
    qtbot: QtBot, make_desk: MakeDesk
) -> None:
    desk, tracking = interrupted(qtbot, make_desk)
    good = desk.replace_printer()
    QTest.keyClick(desk.screen, Qt.Key.Key_F3)
    question = desk.screen.print_banner.question
    qtbot.waitUntil(lambda: not question.isVisible(), timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: f"Label {tracking} printed" in desk.screen.banner.text(), timeout=WAIT_MS
    )
    assert desk.screen.tone is Tone.OK
    qtbot.wait(1200)
    assert good.jobs == []
    (job,) = rows(desk.rig.engine, t.print_jobs)
    assert job["state"] == "sent"
    (order,) = rows(desk.rig.engine, t.orders, t.orders.c.reference == "SHOP-2")
    assert order["status"] == "labelled"
    assert len(audited(desk.rig.engine, "label_confirmed")) == 1
    assert not desk.screen.printer_banner.isVisible()


def test_an_answer_with_no_question_is_refused(qtbot: QtBot, make_desk: MakeDesk) -> None:
    desk = make_desk()
    scan_and_wait(qtbot, desk.rig, "BDG1001")
    shown = scan_and_wait(qtbot, desk.rig, "CMDLABELOK")
    assert "No interrupted label" in shown and desk.screen.tone is Tone.ERROR


# -- an order cancelled after packing --------------------------------------------------------


def test_a_cancel_after_completion_stops_the_label_in_red_until_acknowledged(
    qtbot: QtBot, make_desk: MakeDesk
) -> None:
    desk = make_desk(status_preset="offline")
    tracking = desk.pack(qtbot)
    qtbot.waitUntil(desk.screen.printer_banner.isVisible, timeout=1500)
    order_id = desk.rig.world.orders["SHOP-2"]

    def cancel() -> None:
        with desk.rig.engine.begin() as conn:
            conn.execute(
                update(t.orders).where(t.orders.c.id == order_id).values(status="cancelled")
            )

    off_gui(cancel)
    desk.devices[0].set_state("ready")
    stopped = desk.screen.print_banner.stopped
    qtbot.waitUntil(stopped.isVisible, timeout=5000)
    assert (
        "Order SHOP-2 was cancelled after packing: take the parcel off the cage and give it to "
        "a supervisor." in stopped.text.text()
    )
    qtbot.waitUntil(lambda: not desk.screen.printer_banner.isVisible(), timeout=2000)
    qtbot.wait(1200)  # it stays, and nothing is printed
    assert stopped.isVisible() and desk.labels_for(tracking) == 0
    QTest.keyClick(desk.screen, Qt.Key.Key_F7)
    assert not stopped.isVisible()
    (job,) = rows(desk.rig.engine, t.print_jobs)
    assert job["state"] == "cancelled"


# -- Print again and Void --------------------------------------------------------------------


def test_print_again_by_tracking_number_refused_to_a_packer_done_for_a_supervisor(
    qtbot: QtBot, make_desk: MakeDesk
) -> None:
    desk = make_desk()
    tracking = desk.pack(qtbot)
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 1, timeout=WAIT_MS)
    other = desk.pack(qtbot, "SHOP-3")
    qtbot.waitUntil(lambda: desk.labels_for(other) == 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: f"Label {other} printed" in desk.screen.banner.text(), timeout=WAIT_MS)

    QTest.keyClick(desk.screen, Qt.Key.Key_F10)
    dialog = dialog_of(desk, qtbot)
    assert dialog.field.text() == other  # the station's last label, to start with
    wedge(dialog.field, tracking)  # scanned: the label of the first parcel
    qtbot.waitUntil(lambda: len(dialog.parcels) == 1, timeout=WAIT_MS)
    assert dialog.parcels[0].tracking_number == tracking
    wedge(dialog.reason, "CMDWHYDAMAGED")
    assert dialog.reason.currentText() == "damaged"
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Only a supervisor" in dialog.message.text(), timeout=WAIT_MS)
    assert dialog.isVisible()
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert audited(desk.rig.engine, "label_reprinted") == []

    desk.sign_in_as(qtbot, "BDG9001")
    QTest.keyClick(desk.screen, Qt.Key.Key_F10)
    dialog = dialog_of(desk, qtbot)
    wedge(dialog.field, tracking)
    qtbot.waitUntil(lambda: len(dialog.parcels) == 1, timeout=WAIT_MS)
    dialog.reason.setFocus()
    dialog.reason.setCurrentText("smudged")  # typed (a person types slower than a scan)
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 2, timeout=WAIT_MS)
    assert not dialog.isVisible()
    qtbot.waitUntil(
        lambda: f"Label {tracking} printed" in desk.screen.banner.text(), timeout=WAIT_MS
    )
    (detail,) = audited(desk.rig.engine, "label_reprinted")
    assert detail == f"{tracking}: smudged"
    qtbot.wait(1200)
    assert desk.labels_for(tracking) == 2 and desk.labels_for(other) == 1


def test_a_supervisor_voids_a_label_and_a_packer_cannot(qtbot: QtBot, make_desk: MakeDesk) -> None:
    desk = make_desk()
    tracking = desk.pack(qtbot)
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 1, timeout=WAIT_MS)
    void_button = desk.screen.supervisor.void_button
    assert not void_button.isVisible()
    QTest.keyClick(desk.screen, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(
        lambda: "Only a supervisor can void" in desk.screen.banner.text(), timeout=WAIT_MS
    )

    desk.sign_in_as(qtbot, "BDG9001")
    assert void_button.isVisible()
    QTest.keyClick(desk.screen, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    dialog = dialog_of(desk, qtbot)
    assert dialog.windowTitle() == "Void a label"
    wedge(dialog.field, tracking)
    qtbot.waitUntil(lambda: len(dialog.parcels) == 1, timeout=WAIT_MS)
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # no reason yet: refused in the window
    assert "Give a reason" in dialog.message.text() and dialog.isVisible()
    dialog.reason.setCurrentText("wrong address")
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: f"Label {tracking} is void" in desk.screen.banner.text(), timeout=WAIT_MS
    )
    assert not dialog.isVisible()
    (parcel,) = rows(desk.rig.engine, t.parcels, t.parcels.c.tracking_number == tracking)
    assert parcel["voided_at"] is not None and parcel["void_reason"] == "wrong address"
    (detail,) = audited(desk.rig.engine, "label_voided")
    assert detail == f"{tracking}: wrong address"


def test_voiding_a_loaded_label_at_the_station_says_where_it_is_then_confirms(
    qtbot: QtBot, make_desk: MakeDesk
) -> None:
    from app.adapters.db.uow import SqlUnitOfWork
    from app.domain.handoff import LoadOutcome
    from app.services.clock import SystemClock
    from app.services.handoff import Actor, HandoffService

    desk = make_desk()
    tracking = desk.pack(qtbot)
    qtbot.waitUntil(lambda: desk.labels_for(tracking) == 1, timeout=WAIT_MS)
    packer = desk.screen.session
    assert packer is not None
    dock = Actor(packer.user_id, packer.user_name, packer.role, packer.station_id)
    service = HandoffService(SqlUnitOfWork.factory(desk.rig.engine), SystemClock())
    loaded = off_gui(lambda: service.dock_scan(dock, None, tracking))
    assert loaded.outcome is LoadOutcome.LOADED

    desk.sign_in_as(qtbot, "BDG9001")
    QTest.keyClick(desk.screen, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    dialog = dialog_of(desk, qtbot)
    wedge(dialog.field, tracking)
    qtbot.waitUntil(lambda: len(dialog.parcels) == 1, timeout=WAIT_MS)
    dialog.reason.setCurrentText("damaged")
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # refused: it is on the cage; the window stays
    qtbot.waitUntil(lambda: "is LOADED on the DHL cage" in dialog.message.text(), timeout=WAIT_MS)
    assert "void it again to confirm" in dialog.message.text() and dialog.isVisible()
    (parcel,) = rows(desk.rig.engine, t.parcels, t.parcels.c.tracking_number == tracking)
    assert parcel["voided_at"] is None
    assert audited(desk.rig.engine, "label_void_refused") == [
        f"{tracking}: loaded, not confirmed (damaged)"
    ]
    QTest.keyClick(dialog, Qt.Key.Key_Return)  # again: confirmed
    qtbot.waitUntil(
        lambda: f"Take parcel {tracking} off the DHL cage" in desk.screen.banner.text(),
        timeout=WAIT_MS,
    )
    assert f"Label {tracking} is void" in desk.screen.banner.text()
    (parcel,) = rows(desk.rig.engine, t.parcels, t.parcels.c.tracking_number == tracking)
    assert parcel["voided_at"] is not None
