"""What a new user's review of the demo found at the all-day station (issue 14), through the
real pack screen: the error banner says its instruction once, another packer's badge switches
even while an error waits (the error stays for them), the idle lock is audited as such and hides
the last packer's scans, Enter on an empty field stores nothing, a code too long is invalid."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.adapters.db import tables as t
from app.domain.station_rules import SUPERVISOR_ACKNOWLEDGES
from app.ui.app import UiOptions
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import WAIT_MS, acknowledge, scan_and_wait
from tests.gui.test_readable import ink_height
from tests.gui.test_station_shift import rows, set_rule, start_order


def test_a_scan_refused_under_an_error_says_the_instruction_once(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, scale=1.0))
    window, screen = rig.ui.window, rig.ui.pack_screen
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.size() == QSize(1920, 1080), timeout=WAIT_MS)
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])  # wrong item
    QApplication.processEvents()
    alone = ink_height(screen.banner, "WRONG ITEM")
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert shown.startswith("✖ WRONG ITEM")
    assert shown.count("ACKNOWLEDGE") == 1 and shown.count("[F7]") == 1, shown
    assert shown.endswith(" aside.\n⛔ NOT COUNTED · ACKNOWLEDGE [F7]"), shown
    QApplication.processEvents()
    # The refusal is said on the instruction's line: the type stays as large as for the error
    # alone (it fell from 45 to 27 px
    # capitals when the instruction came twice).
    assert ink_height(screen.banner, "WRONG ITEM") >= alone
    # A command refused meanwhile: the same, in a few words.
    shown = scan_and_wait(qtbot, rig, "CMDCOMPLETE")
    assert shown.endswith(" aside.\n⛔ NOT DONE · ACKNOWLEDGE [F7]"), shown
    assert rows(rig, t.scan_events, "outcome") == [("wrong_item",), ("refused_unacknowledged",)]


def test_another_packers_badge_switches_while_an_error_waits_and_the_error_stays(
    qtbot: QtBot, rig: Rig
) -> None:
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])  # wrong item
    scan_and_wait(qtbot, rig, "BDG1002")
    assert screen.session is not None and screen.session.user_name == "Sam Packer"
    assert rig.ui.window.user_label.text().startswith("Sam Packer")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    # The error was not acknowledged: it is the new packer's to acknowledge.
    assert screen.acknowledgement.error is not None
    assert "WRONG ITEM" in screen.banner.text() and screen.acknowledgement.button.isVisible()
    assert "NOT COUNTED" in scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert screen.counts.text() == "0 / 3"
    acknowledge(qtbot, rig, by_key=True)
    assert "Acknowledged by Sam Packer" in screen.banner.text()
    users = dict(rows(rig, t.users, "name", "id"))
    audit = rows(rig, t.audit_log, "action", "user_id", "detail")
    kept = "order SHOP-1 stays open; wrong_item not acknowledged yet"
    assert ("sign_out", users["Alex Packer"], f"switched to Sam Packer; {kept}") in audit
    assert ("sign_in", users["Sam Packer"], f"switched from Alex Packer; {kept}") in audit
    assert audit[-1] == (
        "acknowledge",
        users["Sam Packer"],
        "wrong_item acknowledged by Sam Packer",
    )


def test_a_supervisors_badge_acknowledges_first_and_switches_when_scanned_again(
    qtbot: QtBot, rig: Rig
) -> None:
    set_rule(rig, SUPERVISOR_ACKNOWLEDGES, "wrong_item")
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    scan_and_wait(qtbot, rig, "BDG9001")
    qtbot.waitUntil(lambda: screen.acknowledgement.error is None, timeout=WAIT_MS)
    assert screen.session is not None and screen.session.user_name == "Alex Packer"
    scan_and_wait(qtbot, rig, "BDG9001")
    assert screen.session is not None and screen.session.user_name == "Robin Supervisor"
    assert screen.order is not None and screen.order.reference == "SHOP-1"


def test_the_idle_lock_is_audited_and_hides_the_last_packers_scans(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0.01))  # 600 ms
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    mug = rig.world.product_codes["MUG-BLUE"]
    scan_and_wait(qtbot, rig, mug)
    assert screen.recent.entries() == [(mug, "accepted", False)]
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    assert screen.recent.count() == 0  # nobody signed in sees them
    assert rows(rig, t.audit_log, "action", "detail")[-1] == (
        "sign_out",
        "idle lock after 0.01 min",
    )
    # They come back with the order.
    scan_and_wait(qtbot, rig, "BDG1001")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert screen.recent.entries() == [(mug, "accepted", False)]
    # Signing out by hand hides them too, and is audited without a detail.
    screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None and not screen.busy, timeout=WAIT_MS)
    assert screen.recent.count() == 0
    assert rows(rig, t.audit_log, "action", "detail")[-1] == ("sign_out", "")


def enter_nothing(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    screen.entry.setFocus()
    screen.entry.setText("   ")
    QTest.keyClick(screen.entry, Qt.Key.Key_Return)
    QTest.keyClick(screen.entry, Qt.Key.Key_Return)
    qtbot.wait(100)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)


def test_enter_on_an_empty_field_is_ignored_in_every_state(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    enter_nothing(qtbot, rig)  # signed out
    assert "Scan your badge" in screen.banner.text()
    scan_and_wait(qtbot, rig, "BDG1001")
    enter_nothing(qtbot, rig)  # no order
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    enter_nothing(qtbot, rig)  # packing
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    shown = screen.banner.text()
    enter_nothing(qtbot, rig)  # an error waits
    assert screen.banner.text() == shown
    assert rows(rig, t.scan_events, "outcome", "raw_code") == [
        ("wrong_item", rig.world.product_codes["NOTE-A5"])
    ]


def test_a_code_too_long_is_an_invalid_barcode(qtbot: QtBot, rig: Rig) -> None:
    start_order(qtbot, rig)
    shown = scan_and_wait(qtbot, rig, "4" * 300)
    assert "INVALID BARCODE" in shown and "too long (300 characters" in shown, shown
    assert rows(rig, t.scan_events, "outcome") == [("invalid_barcode",)]
