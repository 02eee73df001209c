"""A station a packer uses all day: errors acknowledged, the PIN pad and its lockout, the fast
switch, the idle lock and keyed entry. Real widgets, real scan capture, both databases."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import Table, select, update

from app.adapters.db import tables as t
from app.adapters.security import Argon2CredentialHasher
from app.domain.errors import NotAllowed
from app.domain.station_rules import KEYED_ITEM_CODES, SUPERVISOR_ACKNOWLEDGES
from app.ui.app import UiOptions
from app.ui.station.display import Tone
from app.ui.station.scan_list import KEYED_MARK
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import WAIT_MS, acknowledge, off_gui, scan_and_wait, tone

SLOW_MS = 150  # a person typing: well over the scanner's 80 ms between keys


def rows(rig: Rig, table: Table, *columns: str, **where: Any) -> list[tuple[Any, ...]]:
    """Rows of ``table`` (only ``columns``), in id order, read off the GUI thread."""

    def read() -> list[tuple[Any, ...]]:
        query = select(*(table.c[name] for name in columns)).order_by(table.c.id)
        for name, value in where.items():
            query = query.where(table.c[name] == value)
        with rig.engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query)]

    return off_gui(read)


def set_rule(rig: Rig, key: str, value: str) -> None:
    packing = rig.station.packing
    supervisor = off_gui(lambda: packing.sign_in(rig.station.record, "BDG9001").session)
    off_gui(lambda: packing.sign_ins.set_rule(supervisor, key, value))


def give_pin(rig: Rig, name: str, pin: str) -> None:
    pin_hash = Argon2CredentialHasher().hash_pin(pin)

    def write() -> None:
        with rig.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.name == name).values(pin_hash=pin_hash))

    off_gui(write)


def start_order(qtbot: QtBot, rig: Rig, badge: str = "BDG1001") -> None:
    scan_and_wait(qtbot, rig, badge)
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    assert rig.ui.pack_screen.order is not None


# -- errors acknowledged ---------------------------------------------------------------------


def test_item_scans_are_refused_and_stored_until_the_error_is_acknowledged(
    qtbot: QtBot, rig: Rig
) -> None:
    screen = rig.ui.pack_screen
    played: list[str] = []
    screen.sounds.muted = False
    screen.sounds.played.connect(played.append)
    start_order(qtbot, rig)
    mug = rig.world.product_codes["MUG-BLUE"]
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    assert screen.acknowledgement.button.isVisible()
    assert "[F7]" in screen.acknowledgement.button.text()
    played.clear()
    for _ in range(2):
        shown = scan_and_wait(qtbot, rig, mug)
        assert "WRONG ITEM" in shown and "NOT COUNTED · ACKNOWLEDGE [F7]" in shown
        assert tone(screen) is Tone.ERROR
    assert played == ["refused", "refused"]
    assert screen.counts.text() == "0 / 3"
    # Cancel and other commands do not make the error go away either, nor hide it.
    shown = scan_and_wait(qtbot, rig, "CMDCANCEL")
    assert "NOT DONE · ACKNOWLEDGE [F7]" in shown and "WRONG ITEM" in shown
    assert screen.acknowledgement.error is not None

    acknowledge(qtbot, rig, by_key=True)
    assert not screen.acknowledgement.button.isVisible()
    assert "Acknowledged by Alex Packer" in screen.banner.text()
    scan_and_wait(qtbot, rig, mug)
    assert screen.counts.text() == "1 / 3"

    # The barcode on the commands sheet does the same as the key.
    assert "UNKNOWN BARCODE" in scan_and_wait(qtbot, rig, "5901234123457")
    acknowledge(qtbot, rig)
    assert scan_and_wait(qtbot, rig, mug).startswith("✔")

    outcomes = [outcome for (outcome,) in rows(rig, t.scan_events, "outcome")]
    assert outcomes == [
        "wrong_item",
        "refused_unacknowledged",
        "refused_unacknowledged",
        "accepted",
        "unknown_barcode",
        "accepted",
    ]
    acknowledged = rows(rig, t.audit_log, "detail", action="acknowledge")
    assert acknowledged == [
        ("wrong_item acknowledged by Alex Packer",),
        ("unknown_barcode acknowledged by Alex Packer",),
    ]


def test_only_a_supervisors_badge_acknowledges_a_wrong_item_where_the_site_says_so(
    qtbot: QtBot, rig: Rig
) -> None:
    set_rule(rig, SUPERVISOR_ACKNOWLEDGES, "wrong_item")
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    assert "A supervisor's badge acknowledges it" in screen.banner.text()
    # The packer's key and barcode do not; another packer's badge does not.
    QTest.keyClick(screen, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: "supervisor must acknowledge" in screen.banner.text(), timeout=WAIT_MS)
    assert "not a supervisor" in scan_and_wait(qtbot, rig, "BDG1002")
    assert screen.acknowledgement.error is not None
    scan_and_wait(qtbot, rig, "BDG9001")
    qtbot.waitUntil(lambda: screen.acknowledgement.error is None, timeout=WAIT_MS)
    assert "Acknowledged by Robin Supervisor" in screen.banner.text()
    assert screen.session is not None and screen.session.user_name == "Alex Packer"
    assert rows(rig, t.audit_log, "detail", action="acknowledge") == [
        ("wrong_item acknowledged by Robin Supervisor",)
    ]
    # Other errors are the packer's to acknowledge.
    scan_and_wait(qtbot, rig, "5901234123457")
    acknowledge(qtbot, rig, by_key=True)


def test_a_supervisor_acknowledging_by_badge_types_their_pin_and_wrong_pins_lock(
    qtbot: QtBot, rig: Rig
) -> None:
    set_rule(rig, SUPERVISOR_ACKNOWLEDGES, "wrong_item")
    give_pin(rig, "Robin Supervisor", "1357")
    screen = rig.ui.pack_screen
    pad = screen.sign_in_flow.pad
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])

    # The badge alone does not acknowledge: the PIN pad opens, the error stays.
    shown = scan_and_wait(qtbot, rig, "BDG9001")
    assert "PIN required for Robin Supervisor" in shown and "WRONG ITEM" in shown
    assert pad.isVisible() and "Robin Supervisor" in pad.title.text()
    assert screen.acknowledgement.error is not None
    # Esc: the pad closes, the error still waits.
    QTest.keyClick(pad.field, Qt.Key.Key_Escape)
    assert not pad.isVisible() and screen.acknowledgement.error is not None
    assert "WRONG ITEM" in screen.banner.text()

    # A wrong PIN counts as at sign-in, and is audited; the right one acknowledges.
    scan_and_wait(qtbot, rig, "BDG9001")
    shown = scan_and_wait(qtbot, rig, "0000")
    assert "Wrong PIN. 4 tries left" in shown and pad.isVisible()
    assert screen.acknowledgement.error is not None
    scan_and_wait(qtbot, rig, "1357")
    qtbot.waitUntil(lambda: screen.acknowledgement.error is None, timeout=WAIT_MS)
    assert not pad.isVisible()
    assert "Acknowledged by Robin Supervisor" in screen.banner.text()
    assert screen.session is not None and screen.session.user_name == "Alex Packer"
    assert rows(rig, t.audit_log, "detail", action="acknowledge_failed") == [
        ("wrong_item: wrong PIN (1 in a row)",)
    ]

    # Five wrong PINs lock the supervisor, for acknowledging and for signing in alike.
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    scan_and_wait(qtbot, rig, "BDG9001")
    for _ in range(5):  # the good PIN above started the count afresh
        shown = scan_and_wait(qtbot, rig, "0000")
    assert "locked" in shown.lower() and not pad.isVisible()
    shown = scan_and_wait(qtbot, rig, "BDG9001")
    assert "locked" in shown.lower() and not pad.isVisible()
    assert screen.acknowledgement.error is not None
    with pytest.raises(NotAllowed, match="locked"):
        off_gui(lambda: rig.station.packing.sign_in(rig.station.record, "BDG9001", "1357"))


@pytest.mark.parametrize("how", ["closed", "crashed"])
def test_an_error_not_acknowledged_is_back_after_a_restart(
    qtbot: QtBot, make_rig: MakeRig, how: str
) -> None:
    rig = make_rig()
    start_order(qtbot, rig)
    mug = rig.world.product_codes["MUG-BLUE"]
    scan_and_wait(qtbot, rig, mug)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])  # wrong item
    assert rig.ui.pack_screen.acknowledgement.error is not None
    if how == "closed":  # the window closed (it waits for queued writes)
        rig.ui.window.close()
    rig.ui.shutdown()  # "crashed": the workers stop, nothing else happens
    rig.ui.window.hide()

    again = make_rig(world=rig.world)  # the station starts again over the same database
    screen = again.ui.pack_screen
    scan_and_wait(qtbot, again, "BDG1001")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert screen.acknowledgement.error is not None
    assert screen.acknowledgement.button.isVisible()
    assert "WRONG ITEM" in screen.banner.text() and "[F7]" in screen.banner.text()
    assert tone(screen) is Tone.ERROR
    shown = scan_and_wait(qtbot, again, mug)  # refused until acknowledged
    assert "NOT COUNTED · ACKNOWLEDGE [F7]" in shown
    assert screen.counts.text() == "1 / 3"
    acknowledge(qtbot, again, by_key=True)
    assert scan_and_wait(qtbot, again, mug).startswith("✔")
    assert screen.counts.text() == "2 / 3"
    outcomes = [outcome for (outcome,) in rows(again, t.scan_events, "outcome")]
    assert outcomes == ["accepted", "wrong_item", "refused_unacknowledged", "accepted"]

    # Acknowledged, it stays acknowledged: the next start shows the order, not the error.
    again.ui.window.close()
    again.ui.shutdown()
    again.ui.window.hide()
    third = make_rig(world=rig.world)
    shown = scan_and_wait(qtbot, third, "BDG1001")
    assert "SHOP-1 is still open" in shown
    assert third.ui.pack_screen.acknowledgement.error is None


# -- signing in --------------------------------------------------------------------------------


def test_pin_pad_takes_keyboard_numpad_and_touch_keys(qtbot: QtBot, rig: Rig) -> None:
    give_pin(rig, "Alex Packer", "2468")
    screen = rig.ui.pack_screen
    pad = screen.sign_in_flow.pad
    shown = scan_and_wait(qtbot, rig, "BDG1001")
    assert "PIN required for Alex Packer" in shown
    assert pad.isVisible() and screen.session is None
    qtbot.waitUntil(pad.field.hasFocus, timeout=WAIT_MS)

    # Esc closes the pad: still signed out.
    QTest.keyClick(pad.field, Qt.Key.Key_Escape)
    assert not pad.isVisible() and screen.session is None
    assert "Scan your badge" in screen.banner.text()

    # Typed at a person's pace: digits, a numpad digit, Backspace, Enter.
    scan_and_wait(qtbot, rig, "BDG1001")
    qtbot.waitUntil(pad.field.hasFocus, timeout=WAIT_MS)
    QTest.keyClicks(pad.field, "249", delay=SLOW_MS)
    QTest.keyClick(pad.field, Qt.Key.Key_Backspace, delay=SLOW_MS)
    QTest.keyClicks(pad.field, "6", delay=SLOW_MS)
    QTest.keyClick(pad.field, Qt.Key.Key_8, Qt.KeyboardModifier.KeypadModifier, delay=SLOW_MS)
    qtbot.waitUntil(lambda: len(pad.field.text()) == 4, timeout=WAIT_MS)
    QTest.keyClick(pad.field, Qt.Key.Key_Return, delay=SLOW_MS)
    qtbot.waitUntil(lambda: screen.session is not None, timeout=WAIT_MS)
    assert not pad.isVisible()
    assert rig.ui.window.user_label.text().startswith("Alex Packer")
    screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)

    # The large keys, for a touch screen.
    scan_and_wait(qtbot, rig, "BDG1001")
    for key in "2468":
        pad.keys[key].click()
    pad.keys["✔"].click()
    qtbot.waitUntil(lambda: screen.session is not None, timeout=WAIT_MS)


def test_five_wrong_pins_lock_the_user_until_a_supervisor_unlocks(qtbot: QtBot, rig: Rig) -> None:
    give_pin(rig, "Alex Packer", "2468")
    screen = rig.ui.pack_screen
    pad = screen.sign_in_flow.pad
    scan_and_wait(qtbot, rig, "BDG1001")
    for left in (4, 3, 2, 1):
        shown = scan_and_wait(qtbot, rig, "1111")  # digits while the pad is open: the PIN
        assert f"Wrong PIN. {left} tr" in shown
        assert pad.isVisible() and f"{left} tr" in pad.message.text()
    shown = scan_and_wait(qtbot, rig, "1111")
    assert "locked for 5 minutes" in shown
    assert not pad.isVisible() and screen.session is None
    # Locked: even the right PIN does not get a pad, on this station or any other.
    assert "is locked after 5 wrong PINs" in scan_and_wait(qtbot, rig, "BDG1001")
    assert not pad.isVisible()
    (locked_until,) = rows(rig, t.users, "locked_until", name="Alex Packer")[0]
    assert locked_until is not None
    failures = [detail for (detail,) in rows(rig, t.audit_log, "detail", action="sign_in_failed")]
    assert failures == [
        *(f"wrong PIN ({n} in a row)" for n in range(1, 5)),
        "wrong PIN (5 in a row); locked for 5 minutes",
        "locked",
    ]

    packing = rig.station.packing
    supervisor = off_gui(lambda: packing.sign_in(rig.station.record, "BDG9001").session)
    assert off_gui(lambda: packing.sign_ins.unlock(supervisor, "BDG1001")) == "Alex Packer"
    assert rows(rig, t.users, "locked_until", "failed_pins", name="Alex Packer") == [(None, 0)]
    scan_and_wait(qtbot, rig, "BDG1001")
    assert pad.isVisible()
    scan_and_wait(qtbot, rig, "2468")
    assert screen.session is not None and screen.session.user_name == "Alex Packer"
    assert rows(rig, t.audit_log, "detail", action="unlock") == [("Alex Packer unlocked",)]


def test_failed_sign_ins_are_audited(qtbot: QtBot, rig: Rig) -> None:
    def deactivate() -> None:
        with rig.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.name == "Sam Packer").values(active=False))

    off_gui(deactivate)
    assert "Badge not recognised" in scan_and_wait(qtbot, rig, "BDG4242")
    assert "Badge not recognised" in scan_and_wait(qtbot, rig, "BDG1002")
    assert rig.ui.pack_screen.session is None
    audited = rows(rig, t.audit_log, "detail", "station_id", action="sign_in_failed")
    station = rig.station.record.id
    assert audited == [("unknown badge", station), ("deactivated user", station)]


def test_another_badge_switches_packer_at_once_and_the_order_stays(qtbot: QtBot, rig: Rig) -> None:
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    mug = rig.world.product_codes["MUG-BLUE"]
    scan_and_wait(qtbot, rig, mug)
    shown = scan_and_wait(qtbot, rig, "BDG1002")
    assert "Sam Packer took over from Alex Packer" in shown
    assert "SHOP-1 is still open" in shown
    assert screen.session is not None and screen.session.user_name == "Sam Packer"
    assert rig.ui.window.user_label.text().startswith("Sam Packer")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert screen.counts.text() == "1 / 3"
    scan_and_wait(qtbot, rig, mug)
    assert screen.counts.text() == "2 / 3"

    users = dict(rows(rig, t.users, "name", "id"))
    scanned_by = [user for (user,) in rows(rig, t.scan_events, "user_id")]
    assert scanned_by == [users["Alex Packer"], users["Sam Packer"]]
    claim = rows(rig, t.orders, "status", "claimed_by_station_id", reference="SHOP-1")
    assert claim == [("packing", rig.station.record.id)]
    audit = rows(rig, t.audit_log, "action", "user_id", "detail")
    assert audit[-2:] == [
        ("sign_out", users["Alex Packer"], "switched to Sam Packer; order SHOP-1 stays open"),
        ("sign_in", users["Sam Packer"], "switched from Alex Packer; order SHOP-1 stays open"),
    ]


def test_the_idle_lock_signs_out_even_with_an_error_on_screen(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0.01))  # 600 ms
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    assert screen.acknowledgement.error is not None
    qtbot.waitUntil(lambda: screen.session is None, timeout=WAIT_MS)
    assert "Scan your badge" in screen.banner.text()
    assert rig.ui.window.user_label.text() == "Signed out"
    assert screen.acknowledgement.error is None
    assert not screen.acknowledgement.button.isVisible()
    assert [action for (action,) in rows(rig, t.audit_log, "action")][-1] == "sign_out"
    # Signing in again hands the order back, and the error with it: nobody acknowledged it.
    scan_and_wait(qtbot, rig, "BDG1001")
    assert screen.order is not None and screen.order.reference == "SHOP-1"
    assert screen.acknowledgement.error is not None
    assert "WRONG ITEM" in screen.banner.text()


# -- keyed entry -------------------------------------------------------------------------------


def type_slowly(qtbot: QtBot, rig: Rig, code: str) -> str:
    screen = rig.ui.pack_screen
    screen.entry.setFocus()
    qtbot.waitUntil(screen.entry.hasFocus, timeout=WAIT_MS)
    with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS) as blocker:
        QTest.keyClicks(screen.entry, code, delay=SLOW_MS // 2 + 30)
        QTest.keyClick(screen.entry, Qt.Key.Key_Return, delay=SLOW_MS)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
    return str(blocker.args[0])


def test_a_typed_code_is_recorded_as_keyed_and_refused_where_the_site_says_so(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, scan_max_gap_ms=40))
    screen = rig.ui.pack_screen
    start_order(qtbot, rig)
    mug = rig.world.product_codes["MUG-BLUE"]
    assert type_slowly(qtbot, rig, mug).startswith("✔")
    assert screen.counts.text() == "1 / 3"
    assert screen.recent.entries()[0] == (mug, "accepted", True)
    assert KEYED_MARK in screen.recent.item(0).text()
    scan_and_wait(qtbot, rig, mug)
    assert screen.recent.entries()[0] == (mug, "accepted", False)
    assert KEYED_MARK not in screen.recent.item(0).text()

    set_rule(rig, KEYED_ITEM_CODES, "refused")
    scan_and_wait(qtbot, rig, "BDG1001")  # the rules are read at sign-in
    shown = type_slowly(qtbot, rig, rig.world.product_codes["CABLE-C1"])
    assert "TYPED CODE NOT ACCEPTED" in shown and "scan the unit's barcode" in shown
    assert screen.counts.text() == "2 / 3"
    assert screen.acknowledgement.error is None  # a refusal, nothing to acknowledge
    scan_and_wait(qtbot, rig, rig.world.product_codes["CABLE-C1"])
    assert screen.counts.text() == "3 / 3"
    assert rows(rig, t.scan_events, "outcome", "entry") == [
        ("accepted", "keyed"),
        ("accepted", "scanned"),
        ("refused_keyed", "keyed"),
        ("accepted", "scanned"),
    ]
