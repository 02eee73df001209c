"""Pack-out's scale, box and weight texts at a German and a Spanish station: the simulated
scale's name in the header, a box's size and tare on the box line, a moving and an overloaded
reading on the weight line, all in the station's language with no English left."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.adapters.devices.scales.simulated import SimulatedScale
from app.domain.weighing import OVER_CAPACITY, ReadingKind, ScaleReading
from app.ui.app import UiOptions
from tests.gui.conftest import MakeRig
from tests.gui.test_order_panels import ORDERS, with_boxes
from tests.gui.test_pack_screen import WAIT_MS, scan_and_wait
from tests.gui.test_translations import LANGUAGES, back_in_english, english_in, shown_texts

__all__ = ["back_in_english"]  # the fixture, used by name

WORDS = {
    "de": ("Waage Simulierte Waage: verbunden", "Tara 120 g", "in Bewegung (", "Überlast"),
    "es": ("Báscula Báscula simulada: conectado", "tara 120 g", "en movimiento (", "sobrecarga"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scale_box_and_weight_texts_are_translated(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(
        orders=ORDERS, scale=scale, options=UiOptions(idle_lock_minutes=0, language=language)
    )
    with_boxes(rig)
    screen = rig.ui.pack_screen
    pack_out, panels = screen.pack_out, screen.order_panels
    header, tare, moving, overload = WORDS[language]
    window = rig.ui.window
    tags = window.findChildren(type(window.device_status))
    qtbot.waitUntil(lambda: any(header in tag.text() for tag in tags), timeout=WAIT_MS)

    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["BOXED-1"])
    qtbot.waitUntil(lambda: panels.box_line.isVisibleTo(screen), timeout=WAIT_MS)
    assert f"S1 (220x160x80 mm, {tare})" in panels.box_line.text()
    seen = shown_texts(window)

    scale.set_reading(ScaleReading(ReadingKind.MOVING, 1180))
    qtbot.waitUntil(lambda: moving in pack_out.weight_label.text(), timeout=WAIT_MS)
    seen += shown_texts(window)
    scale.set_reading(ScaleReading(ReadingKind.OVERLOAD, detail=OVER_CAPACITY))
    qtbot.waitUntil(lambda: overload in pack_out.weight_label.text(), timeout=WAIT_MS)
    seen += shown_texts(window)
    said = scan_and_wait(qtbot, rig, "BOXS1")  # "Parcel 1 goes in box S1 (..., tare 120 g)."
    assert f"S1 (220x160x80 mm, {tare})" in said
    seen += [said, *shown_texts(window)]

    assert not any("Simulated scale" in text or "tare 120 g" in text for text in seen)
    assert english_in(seen, language) == []
