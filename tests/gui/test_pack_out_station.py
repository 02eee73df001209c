"""Pack-out at the station, end to end: the simulated scale on the real widgets over a real
database; two parcels, a weight refused, acknowledged and accepted by a supervisor."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.adapters.db import tables as t
from app.adapters.devices.scales.simulated import SimulatedScale
from app.domain.weighing import ScaleReading
from app.ui.sounds import Sound
from app.ui.station.weighing import NO_STABLE_WEIGHT, PackOut
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait

ORDERS = [("TWO-1", [("MUG-BLUE", 2), ("NOTE-A5", 1)])]


def stable(pack_out: PackOut, grams: int) -> bool:
    reading = pack_out.reading
    return reading is not None and reading.stable and reading.grams == grams


def press(qtbot: QtBot, rig: Rig, key: Qt.Key, modifier: Qt.KeyboardModifier) -> None:
    screen = rig.ui.pack_screen
    QTest.keyClick(screen, key, modifier)
    qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)


def test_two_parcels_weighed_one_refused_then_accepted_by_a_supervisor(
    qtbot: QtBot, make_rig: MakeRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(orders=ORDERS, scale=scale)
    screen = rig.ui.pack_screen
    pack_out = screen.pack_out
    codes = rig.world.product_codes
    header = rig.ui.window.findChildren(type(rig.ui.window.device_status))
    qtbot.waitUntil(
        lambda: any("Scale Simulated scale: connected" in tag.text() for tag in header),
        timeout=WAIT_MS,
    )

    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["TWO-1"])
    scan_and_wait(qtbot, rig, codes["MUG-BLUE"])
    # The demo's scale follows the open parcel: 1 mug of 100 g, then 2.
    qtbot.waitUntil(lambda: stable(pack_out, 100), timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, codes["MUG-BLUE"])
    qtbot.waitUntil(lambda: stable(pack_out, 200), timeout=WAIT_MS)
    assert "Parcel 1: ⚖ 0.20 kg (200 g)" in pack_out.weight_label.text()

    # New parcel [Shift+F12]: parcel 1 is weighed, closed and labelled; parcel 2 opens.
    press(qtbot, rig, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: pack_out.parcel_no == 2, timeout=WAIT_MS)
    assert "Parcel 1 (0.20 kg) closed" in screen.banner.text()
    assert screen.order is not None  # the order stays open
    qtbot.waitUntil(lambda: stable(pack_out, 0), timeout=WAIT_MS)  # the new parcel is empty

    scan_and_wait(qtbot, rig, codes["NOTE-A5"])
    qtbot.waitUntil(lambda: stable(pack_out, 100), timeout=WAIT_MS)

    # A moving scale closes nothing.
    scale.set_reading(ScaleReading.weighed(640, stable=False))
    qtbot.waitUntil(lambda: pack_out.reading is not None and not pack_out.reading.stable)
    press(qtbot, rig, Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier)
    assert NO_STABLE_WEIGHT in screen.banner.text()

    # Something else in the parcel: 900 g where 100 g +- 50 g is expected.
    scale.set_expected(900)
    qtbot.waitUntil(lambda: stable(pack_out, 900), timeout=WAIT_MS)
    press(qtbot, rig, Qt.Key.Key_F12, Qt.KeyboardModifier.NoModifier)
    qtbot.waitUntil(lambda: pack_out.refused is not None, timeout=WAIT_MS)
    assert "WEIGHT REFUSED\n0.90 kg, expected 0.05-0.15 kg: check the parcel" in (
        screen.banner.text()
    )
    assert screen.sounds.last_played is Sound.WEIGHT
    assert screen.acknowledgement.error is not None  # must be acknowledged
    assert pack_out.accept_button.isVisibleTo(screen)

    # A packer cannot accept it.
    QTest.keyClick(screen, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: screen.acknowledgement.error is None and not screen.busy)
    press(qtbot, rig, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    assert "Only a supervisor" in screen.banner.text()

    # A supervisor takes over and accepts it with a reason.
    scan_and_wait(qtbot, rig, "BDG9001")
    asked: list[str] = []

    def reason(_parent: Any, _title: str, label: str) -> tuple[str, bool]:
        asked.append(label)
        return "gift box added by the shop", True

    monkeypatch.setattr("app.ui.station.weighing.ask_text", reason)
    press(qtbot, rig, Qt.Key.Key_F7, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: screen.order is None, timeout=WAIT_MS)
    assert asked and "0.90 kg, expected 0.05-0.15 kg" in asked[0]
    assert "packed" in screen.banner.text()

    def stored() -> tuple[list[tuple[int, int | None]], list[str]]:
        with rig.engine.connect() as conn:
            parcels = conn.execute(
                select(t.parcels.c.seq, t.parcels.c.weight_g).order_by(t.parcels.c.seq)
            ).all()
            audit = conn.execute(
                select(t.audit_log.c.action)
                .where(t.audit_log.c.action.in_(["weight_refused", "weight_override"]))
                .order_by(t.audit_log.c.id)
            ).all()
        return [(p.seq, p.weight_g) for p in parcels], [a.action for a in audit]

    parcels, audit = off_gui(stored)
    assert parcels == [(1, 200), (2, 900)]
    assert audit == ["weight_refused", "weight_override"]
