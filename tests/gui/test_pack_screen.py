"""The pack screen end to end: real widgets, real scan capture, real database, offscreen."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select, text

from app.adapters.db import tables as t
from app.adapters.db.engine import SqlOnForbiddenThread
from app.ui.scan_capture import ScanCapture
from app.ui.station.display import Tone
from app.ui.station.pack_screen import PackScreen
from tests.gui.conftest import Rig

WAIT_MS = 10_000
T = TypeVar("T")


def off_gui(fn: Callable[[], T]) -> T:
    """Run a check's own SQL on another thread: the GUI thread must never run SQL."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result(timeout=30)


def wedge(widget: QWidget, code: str) -> None:
    """Type ``code`` and Enter the way a keyboard-wedge scanner does: fast, into whatever has
    focus. GS goes as Ctrl+], as it arrives on X11."""
    for index, part in enumerate(code.split("\x1d")):
        if index:
            QApplication.sendEvent(
                widget,
                QKeyEvent(
                    QEvent.Type.KeyPress,
                    Qt.Key.Key_BracketRight,
                    Qt.KeyboardModifier.ControlModifier,
                    "\x1d",
                ),
            )
        QTest.keyClicks(widget, part)
    QTest.keyClick(widget, Qt.Key.Key_Return)


def add_line(rig: Rig, reference: str, sku: str, quantity: int) -> None:
    """Add a line to an order of the rig's data (off the GUI thread, like any SQL here)."""
    from sqlalchemy import func as sql_func
    from sqlalchemy import insert

    def add() -> None:
        order_id = rig.world.orders[reference]
        with rig.engine.begin() as conn:
            product = conn.execute(
                select(t.products.c.id).where(t.products.c.sku == sku)
            ).scalar_one()
            last = conn.execute(
                select(sql_func.max(t.order_lines.c.line_no)).where(
                    t.order_lines.c.order_id == order_id
                )
            ).scalar_one()
            conn.execute(
                insert(t.order_lines).values(
                    order_id=order_id, line_no=last + 1, product_id=product, quantity=quantity
                )
            )

    off_gui(add)


@pytest.fixture
def capture_scans(qapp: QApplication) -> Iterator[Callable[..., list[str]]]:
    """A ScanCapture on the application, made with the given settings; returns the list its
    scans arrive in. Removed from the application after the test."""
    captures: list[ScanCapture] = []

    def make(*args: Any, **kwargs: Any) -> list[str]:
        capture = ScanCapture(*args, **kwargs)
        capture.install(qapp)
        captures.append(capture)
        scans: list[str] = []
        capture.scanned.connect(scans.append)
        return scans

    yield make
    for capture in captures:
        qapp.removeEventFilter(capture)


def tone(screen: PackScreen) -> Tone:
    """The banner's tone now (a call, so the checker does not pin it between scans)."""
    return screen.tone


def scan_and_wait(qtbot: QtBot, rig: Rig, code: str, widget: QWidget | None = None) -> str:
    screen = rig.ui.pack_screen
    with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS) as blocker:
        wedge(widget or screen.entry, code)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    return str(blocker.args[0]) if blocker.args else ""


def acknowledge(qtbot: QtBot, rig: Rig, *, by_key: bool = False) -> None:
    """Acknowledge the error on screen: F7, or the ACKNOWLEDGE command barcode."""
    screen = rig.ui.pack_screen
    assert screen.acknowledgement.error is not None
    if by_key:
        QTest.keyClick(screen, Qt.Key.Key_F7)
    else:
        wedge(screen.entry, "CMDACKNOWLEDGE")
    qtbot.waitUntil(
        lambda: screen.acknowledgement.error is None and not screen.busy, timeout=WAIT_MS
    )


def test_sql_on_the_gui_thread_fails(rig: Rig) -> None:
    assert threading.current_thread() is threading.main_thread()
    with pytest.raises(SqlOnForbiddenThread), rig.engine.connect() as conn:
        conn.execute(text("SELECT 1"))


def test_pack_one_order_end_to_end(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    world = rig.world
    assert "Scan your badge" in screen.banner.text()

    scan_and_wait(qtbot, rig, "BDG1001")
    assert screen.session is not None and screen.session.user_name == "Alex Packer"
    assert rig.ui.window.user_label.text().startswith("Alex Packer")

    scan_and_wait(qtbot, rig, world.slips["SHOP-1"])
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert screen.lines_model.rowCount() == 2
    assert screen.lines_model.index(0, 0).data() == "Ceramic mug, blue"
    assert screen.counts.text() == "0 / 3"

    mug = world.product_codes["MUG-BLUE"]
    shown = scan_and_wait(qtbot, rig, mug)
    assert tone(screen) is Tone.OK and "Ceramic mug, blue: 1 of 2" in shown
    assert screen.counts.text() == "1 / 3"
    assert screen.progress.value() == 1

    # A wrong item: red, names the problem, and stays until acknowledged: the next unit
    # scanned is refused (and stored) with the error still on screen.
    shown = scan_and_wait(qtbot, rig, world.product_codes["NOTE-A5"])
    assert tone(screen) is Tone.ERROR and "WRONG ITEM" in shown
    shown = scan_and_wait(qtbot, rig, mug)
    assert "WRONG ITEM" in shown and "NOT COUNTED · ACKNOWLEDGE [F7]" in shown
    assert screen.counts.text() == "1 / 3"
    acknowledge(qtbot, rig, by_key=True)

    scan_and_wait(qtbot, rig, mug)
    shown = scan_and_wait(qtbot, rig, mug)
    assert "OVER-SCAN" in shown
    acknowledge(qtbot, rig)
    assert "INVALID BARCODE" in scan_and_wait(qtbot, rig, mug[:-1] + str((int(mug[-1]) + 1) % 10))
    acknowledge(qtbot, rig)
    assert "UNKNOWN BARCODE" in scan_and_wait(qtbot, rig, "5901234123457")
    acknowledge(qtbot, rig)

    # Completing early is refused; the message names what is missing.
    with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS):
        QTest.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "still to scan" in screen.banner.text(), timeout=WAIT_MS)
    assert tone(screen) is Tone.ERROR

    shown = scan_and_wait(qtbot, rig, world.product_codes["CABLE-C1"])
    assert "All 3 units verified" in shown
    assert screen.counts.text() == "3 / 3"

    QTest.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "printed" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.order is None
    assert screen.last_report is not None
    preview = screen.last_report.preview_path
    assert preview is not None and Path(preview).exists()
    assert not screen.preview.pixmap().isNull()

    def read() -> tuple[str, int]:
        with rig.engine.connect() as conn:
            status = conn.execute(
                select(t.orders.c.status).where(t.orders.c.id == world.orders["SHOP-1"])
            ).scalar_one()
            events = conn.execute(select(func.count()).select_from(t.scan_events)).scalar_one()
        return status, events

    status, events = off_gui(read)
    assert status == "labelled"
    assert events == 8  # mug, wrong item, refused, mug, over-scan, invalid, unknown, cable

    # Ready for the next order.
    scan_and_wait(qtbot, rig, world.totes["SHOP-2"])
    assert screen.order is not None and screen.order.reference == "SHOP-2"


def test_undo_last_scan_from_the_keyboard(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert screen.counts.text() == "1 / 3"
    QTest.keyClick(screen, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: "Undone" in screen.banner.text(), timeout=WAIT_MS)
    assert screen.counts.text() == "0 / 3"


def test_order_held_elsewhere_is_refused_on_screen(qtbot: QtBot, rig: Rig) -> None:
    from app.services.packing import PackingService

    packing: PackingService = rig.station.packing
    other_station = None

    def claim_elsewhere() -> None:
        nonlocal other_station
        other_station = packing.register_station("PACK-02")
        session = packing.sign_in(other_station, "BDG1002").session
        packing.open_order(session, rig.world.slips["SHOP-2"])

    off_gui(claim_elsewhere)
    scan_and_wait(qtbot, rig, "BDG1001")
    shown = scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    assert "being packed at PACK-02" in shown
    assert tone(rig.ui.pack_screen) is Tone.ERROR
    assert rig.ui.pack_screen.order is None


def test_scans_reach_the_workflow_whatever_has_focus(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    # Focus on a widget that takes no text.
    screen.lines.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    screen.lines.setFocus()
    scan_and_wait(qtbot, rig, "BDG1001", widget=screen.lines)
    assert screen.session is not None
    # A modal message box open: the scan still reaches the pack screen, not the box.
    box = QMessageBox(QMessageBox.Icon.Information, "Note", "A pop-up", parent=rig.ui.window)
    box.setModal(True)
    box.show()
    qtbot.waitExposed(box)
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"], widget=box)
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert box.isVisible()
    box.close()
    assert screen.entry.text() == ""


def test_typing_slowly_goes_into_the_text_field(
    qtbot: QtBot, capture_scans: Callable[..., list[str]]
) -> None:
    from PySide6.QtWidgets import QLineEdit

    now = [0.0]
    scans = capture_scans(max_gap_ms=50, min_length=3, clock=lambda: now[0])
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    for char in "hello":
        now[0] += 0.25  # a person: a quarter of a second per key
        QTest.keyClicks(field, char)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "hello"
    assert scans == []
    field.clear()
    # The same field, scanner speed: a scan, and the field stays empty.
    for char in "4006381333931":
        now[0] += 0.002
        QTest.keyClicks(field, char)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert scans == ["4006381333931"]
    assert field.text() == ""


def test_group_separator_survives_in_a_scan(
    qtbot: QtBot, capture_scans: Callable[..., list[str]]
) -> None:
    scans = capture_scans(max_gap_ms=80, min_length=3)
    target = QWidget()
    qtbot.addWidget(target)
    QTest.keyClicks(target, "0109506000134352")
    # Ctrl+] on X11 arrives as BracketRight with the text "\x1d".
    event = QKeyEvent(
        QEvent.Type.KeyPress,
        Qt.Key.Key_BracketRight,
        Qt.KeyboardModifier.ControlModifier,
        "\x1d",
    )
    QApplication.sendEvent(target, event)
    QTest.keyClicks(target, "10ABC")
    QTest.keyClick(target, Qt.Key.Key_Return)
    assert scans == ["0109506000134352\x1d10ABC"]


def test_shift_between_characters_is_part_of_the_scan(
    qtbot: QtBot, capture_scans: Callable[..., list[str]]
) -> None:
    # Under X11 a wedge scanner (and xdotool) presses Shift before every capital letter.
    scans = capture_scans(max_gap_ms=80, min_length=3)
    target = QWidget()
    qtbot.addWidget(target)
    for char in "BDG1001":
        if char.isupper():
            QTest.keyPress(target, Qt.Key.Key_Shift)
        QTest.keyClicks(target, char)
        if char.isupper():
            QTest.keyRelease(target, Qt.Key.Key_Shift)
    QTest.keyClick(target, Qt.Key.Key_Return)
    assert scans == ["BDG1001"]


def test_a_supervisor_releases_an_order_held_by_a_dead_station(qtbot: QtBot, rig: Rig) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QInputDialog

    packing = rig.station.packing

    def claim_elsewhere() -> None:
        other = packing.register_station("PACK-02")
        packing.open_order(packing.sign_in(other, "BDG1002").session, rig.world.slips["SHOP-2"])

    off_gui(claim_elsewhere)
    screen = rig.ui.pack_screen
    scan_and_wait(qtbot, rig, "BDG1001")
    assert not screen.release_button.isVisible()  # packers do not get the button
    screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)

    scan_and_wait(qtbot, rig, "BDG9001")
    assert screen.release_button.isVisible()
    QTest.keyClick(screen, Qt.Key.Key_F11)
    assert "scan the slip or tote" in screen.banner.text()

    def answer_the_reason_dialog() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog):
            QTimer.singleShot(20, answer_the_reason_dialog)
            return
        dialog.setTextValue("PACK-02 crashed")
        dialog.accept()

    QTimer.singleShot(20, answer_the_reason_dialog)
    wedge(screen.entry, rig.world.slips["SHOP-2"])
    qtbot.waitUntil(lambda: "released back to the queue" in screen.banner.text(), timeout=WAIT_MS)

    def read() -> tuple[str, str]:
        with rig.engine.connect() as conn:
            status = conn.execute(
                select(t.orders.c.status).where(t.orders.c.id == rig.world.orders["SHOP-2"])
            ).scalar_one()
            detail = conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "release_claim")
            ).scalar_one()
        return status, detail

    status, detail = off_gui(read)
    assert status == "ready"
    assert "PACK-02 crashed" in detail


@pytest.mark.parametrize(
    ("prefix", "suffix", "terminator", "typed", "end", "expected"),
    [
        ("", "", "tab", "TOT0001", Qt.Key.Key_Tab, ["TOT0001"]),
        ("#", "$", "enter", "#TOT0001$", Qt.Key.Key_Return, ["TOT0001"]),
        ("#", "", "enter", "TOT0001", Qt.Key.Key_Return, []),  # no prefix: not a scan
        ("", "", "enter", "TOT0001", Qt.Key.Key_Tab, []),  # Tab does not end a scan here
    ],
)
def test_prefix_suffix_and_terminator_settings(
    qtbot: QtBot,
    capture_scans: Callable[..., list[str]],
    prefix: str,
    suffix: str,
    terminator: str,
    typed: str,
    end: Qt.Key,
    expected: list[str],
) -> None:
    from PySide6.QtWidgets import QLineEdit

    scans = capture_scans(prefix=prefix, suffix=suffix, terminator=terminator)
    field = QLineEdit()
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    QTest.keyClicks(field, typed)
    QTest.keyClick(field, end)
    assert scans == expected
    # What was not a scan went into the field, not lost.
    assert field.text() == ("" if expected else typed)


def test_a_standard_order_with_command_barcodes_only(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    played: list[str] = []
    screen.sounds.muted = False
    screen.sounds.played.connect(played.append)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, "CMDNEXT")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    scan_and_wait(qtbot, rig, "CMDUNDO")  # refused: the wrong item is not acknowledged yet
    assert screen.counts.text() == "1 / 3"
    scan_and_wait(qtbot, rig, "CMDACKNOWLEDGE")
    scan_and_wait(qtbot, rig, "CMDUNDO")
    assert screen.counts.text() == "0 / 3"
    for sku in ("MUG-BLUE", "MUG-BLUE", "CABLE-C1"):
        scan_and_wait(qtbot, rig, rig.world.product_codes[sku])
    wedge(screen.entry, "CMDCOMPLETE")
    qtbot.waitUntil(lambda: "printed" in screen.banner.text(), timeout=WAIT_MS)
    assert "Put the parcel in cage DHL" in screen.banner.text()
    assert played == [
        "command",  # NEXT
        "accepted",
        "wrong_item",
        "invalid",  # UNDO refused: acknowledge first
        "command",  # acknowledged
        "command",  # UNDO (the command itself)
        "command",  # the undo result
        "accepted",
        "accepted",
        "accepted",
        "command",  # COMPLETE
        "complete",
    ]
    # Hold with a scanned reason: the order leaves the station.
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    wedge(screen.entry, "CMDHOLD")
    assert tone(screen) is Tone.ATTENTION
    scan_and_wait(qtbot, rig, "CMDHOLDDAMAGED")
    assert screen.order is None
    assert "on hold" in screen.banner.text()

    def read() -> str | None:
        with rig.engine.connect() as conn:
            return conn.execute(
                select(t.orders.c.hold_reason).where(t.orders.c.id == rig.world.orders["SHOP-2"])
            ).scalar_one()

    assert off_gui(read) == "Damaged unit"
    wedge(screen.entry, "CMDSIGNOUT")
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)


def test_data_needed_is_amber_and_the_next_scan_answers(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    packing = rig.station.packing

    add_line(rig, "SHOP-2", "PHONE-X", 1)
    assert packing is not None
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    shown = scan_and_wait(qtbot, rig, "9506000134352")
    assert tone(screen) is Tone.ATTENTION
    assert "Scan the serial number of Smartphone X" in shown
    shown = scan_and_wait(qtbot, rig, "SN77")
    assert tone(screen) is Tone.OK
    assert "Smartphone X: 1 of 1" in shown


def test_test_scan_dialog_takes_the_scans_while_open(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    dialog = rig.ui.open_test_scan()
    qtbot.waitExposed(dialog)
    wedge(dialog, "]C10109506000134352\x1d10LOT1")
    assert dialog.symbology.text() == "]C1"
    assert "product: 09506000134352 · GTIN 09506000134352" in dialog.meaning.text()
    assert "lot LOT1" in dialog.meaning.text()
    assert "⟨GS⟩" in dialog.received.text()
    assert "counted as a scan: yes" in dialog.timing.text()
    assert "Works." in dialog.advice.text()
    # The pack screen saw nothing: still waiting for a badge.
    assert screen.session is None and not screen.busy
    assert "Scan your badge" in screen.banner.text()
    dialog.close()
    scan_and_wait(qtbot, rig, "BDG1001")
    assert screen.session is not None


def test_key_gaps_come_from_the_events_own_timestamps(
    qtbot: QtBot, capture_scans: Callable[..., list[str]]
) -> None:
    # Keys queued while the GUI thread was busy are processed late but keep the times they
    # were pressed: they must still make one scan. Keys pressed slowly stay typing even when
    # they are processed all at once.
    scans = capture_scans(max_gap_ms=50, min_length=3)
    target = QWidget()
    qtbot.addWidget(target)

    def press(key: int, text: str, stamp_ms: int) -> None:
        key_event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        key_event.setTimestamp(stamp_ms)
        QApplication.sendEvent(target, key_event)

    base = 10_000_000
    for index, char in enumerate("TOT0001"):
        press(ord(char), char, base + index)  # pressed 1 ms apart ...
        time.sleep(0.08)  # ... processed 80 ms apart: a GUI thread too busy to run its loop
    press(int(Qt.Key.Key_Return.value), "\r", base + 8)
    assert scans == ["TOT0001"]
    base += 100_000
    for index, char in enumerate("TOT0002"):
        press(ord(char), char, base + index * 300)  # a person, processed at once
    press(int(Qt.Key.Key_Return.value), "\r", base + 7 * 300)
    assert scans == ["TOT0001"]


def test_every_outcome_has_its_sound_colour_and_message(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    played: list[str] = []
    screen.sounds.muted = False
    screen.sounds.played.connect(played.append)

    add_line(rig, "SHOP-1", "PHONE-X", 2)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    mug = rig.world.product_codes["MUG-BLUE"]
    cases = [
        (mug, "accepted", Tone.OK, "Ceramic mug, blue: 1 of 2"),
        (rig.world.product_codes["NOTE-A5"], "wrong_item", Tone.ERROR, "WRONG ITEM"),
        (mug, "accepted", Tone.OK, "2 of 2"),
        (mug, "over_scan", Tone.ERROR, "OVER-SCAN"),
        ("5901234123457", "unknown", Tone.ERROR, "UNKNOWN BARCODE"),
        ("5901234123458", "invalid", Tone.ERROR, "check digit"),
        ("9506000134352", "data_needed", Tone.ATTENTION, "Scan the serial number"),
        ("SN1", "accepted", Tone.OK, "Smartphone X: 1 of 2"),
        ("]C10109506000134352\x1d21SN1", "wrong_item", Tone.ERROR, "SERIAL ALREADY PACKED"),
        (rig.world.slips["SHOP-2"], "invalid", Tone.ERROR, "NOT A PRODUCT"),
    ]
    for code, sound, colour, expected in cases:
        played.clear()
        shown = scan_and_wait(qtbot, rig, code)
        assert played == [sound], code
        assert tone(screen) is colour, code
        assert expected in shown, code
        if screen.acknowledgement.error is not None:
            acknowledge(qtbot, rig)


def test_a_printer_problem_is_shown_and_the_label_prints_once_when_it_is_back(
    qtbot: QtBot, qapp: QApplication, engine: object, now: object, tmp_path: Path
) -> None:
    from sqlalchemy import Engine

    from app.bootstrap import build_station
    from app.settings import Settings
    from app.ui.app import UiOptions, build_ui
    from tests.support.factories import seed
    from tests.support.printers import file_printer

    assert isinstance(engine, Engine)
    world = seed(engine, now)  # type: ignore[arg-type]
    spool = tmp_path / "spool"
    blocker = tmp_path / "blocked"
    blocker.write_text("not a folder")
    printer = file_printer(blocker / "spool", "desk-1")  # cannot be written: "offline"
    station = build_station(
        Settings(station="PACK-01", data_dir=tmp_path), engine=engine, printer=printer
    )
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp, station.packing, station.labels, station.record, UiOptions(idle_lock_minutes=0)
    )
    ui.window.show()
    screen = ui.pack_screen
    rig = Rig(station, ui, world, engine)
    try:
        scan_and_wait(qtbot, rig, "BDG1001")
        scan_and_wait(qtbot, rig, world.slips["SHOP-2"])
        scan_and_wait(qtbot, rig, world.product_codes["NOTE-A5"])
        QTest.keyClick(screen, Qt.Key.Key_F12)
        qtbot.waitUntil(screen.printer_banner.isVisible, timeout=WAIT_MS)
        assert "printer desk-1" in screen.printer_banner.text().lower()
        assert "LABEL NOT PRINTED" in screen.banner.text()
        # The packer carries on; the printer comes back; the label prints by itself, once.
        printer.connection.directory = spool  # type: ignore[attr-defined]
        printer.preview_dir = tmp_path / "previews"
        qtbot.waitUntil(lambda: not screen.printer_banner.isVisible(), timeout=20_000)
        assert "printed" in screen.banner.text()
        assert len(list(spool.glob("*.bin"))) == 1
        qtbot.wait(3500)  # another poll of the queue: nothing more is printed
        assert len(list(spool.glob("*.bin"))) == 1
    finally:
        ui.shutdown()
        ui.window.close()
        ui.window.deleteLater()


def test_printer_test_shows_status_and_the_test_label(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    rig.ui.window.printer_test_button.click()
    qtbot.waitUntil(lambda: "Test label sent" in screen.banner.text(), timeout=WAIT_MS)
    assert "— printer is ready (the folder " in screen.banner.text()
    assert not screen.preview.pixmap().isNull()

    def audited() -> int:
        with rig.engine.connect() as conn:
            return int(
                conn.execute(
                    select(func.count())
                    .select_from(t.audit_log)
                    .where(t.audit_log.c.action == "printer_test")
                ).scalar_one()
            )

    assert off_gui(audited) == 1


def test_printer_settings_test_a_network_printer_and_save(
    qtbot: QtBot, qapp: QApplication, engine: object, now: object, tmp_path: Path
) -> None:
    import tomllib

    from sqlalchemy import Engine

    from app.bootstrap import build_station
    from app.settings import Settings
    from app.ui.app import UiOptions, build_ui
    from tests.support.factories import seed
    from tests.support.virtual_printer import VirtualPrinter

    assert isinstance(engine, Engine)
    seed(engine, now)  # type: ignore[arg-type]
    config = tmp_path / "packbench.toml"
    config.write_text('[station]\nname = "PACK-01"\n', encoding="utf-8")
    station = build_station(
        Settings(station="PACK-01", data_dir=tmp_path, config_file=config), engine=engine
    )
    station.forbid_sql_on_gui_thread()
    ui = build_ui(
        qapp,
        station.packing,
        station.labels,
        station.record,
        UiOptions(idle_lock_minutes=0),
        printer_setup=(station.printer_choice(), station.try_printer, station.save_printer),
    )
    try:
        with VirtualPrinter(status_preset="paper_out") as device:
            ui.window.printer_settings_button.click()
            dialog = next(w for w in QApplication.topLevelWidgets() if w.windowTitle() == "Printer")
            from app.ui.views.printer_settings_dialog import PrinterSettingsDialog

            assert isinstance(dialog, PrinterSettingsDialog)
            dialog.kind.setCurrentText("network")
            dialog.target.setText(f"127.0.0.1:{device.port}")
            dialog.language.setCurrentText("zpl")
            dialog.test_button.click()
            qtbot.waitUntil(lambda: "Test label" in dialog.outcome_label.text(), timeout=WAIT_MS)
            assert "printer is out of paper" in dialog.outcome_label.text()
            assert "NOT printed" in dialog.outcome_label.text()  # a printer out of paper
            assert not any(b"^XA" in job for job in device.wait_for_jobs(2))  # gets nothing
            device.set_state("ready")
            dialog.test_button.click()
            qtbot.waitUntil(lambda: "sent to" in dialog.outcome_label.text(), timeout=WAIT_MS)
            assert not dialog.preview.pixmap().isNull()
            assert any(b"^XA" in job for job in device.wait_for_jobs(4))
            dialog.request_save()
            assert "Saved to" in dialog.outcome_label.text()
            saved = tomllib.loads(config.read_text(encoding="utf-8"))
            assert saved["station"]["name"] == "PACK-01"
            assert saved["printer"]["kind"] == "network"
            assert saved["printer"]["target"] == f"127.0.0.1:{device.port}"
            assert saved["printer"]["language"] == "zpl"
            dialog.close()
    finally:
        ui.shutdown()
        ui.window.close()
        ui.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
