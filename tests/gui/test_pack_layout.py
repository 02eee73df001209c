"""The pack screen fits the screen in every language and keeps its priorities: at 1920x1080 and
1366x768, in English, German and Spanish, the window is no larger than the screen, the sizes a
packer reads from 1.5 m hold, the order's lines keep their rows when an order brings a long
important note, a kit, a box suggestion and many lines, and no text is clipped: the longest
real banner messages wrap (and get smaller, not below the readable floor) in full view."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.services.clock import SystemClock
from app.services.kits import KitService
from app.ui.app import UiOptions
from app.ui.i18n import MESSAGE_CONTEXT, use_language
from app.ui.station.display import Tone, visible_rows
from app.ui.station.fit import READABLE_FLOOR, FitLabel
from app.ui.station.order_panels import NOTES_FLOOR
from app.ui.style import px, scale_for_height
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_order_panels import with_boxes
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait
from tests.gui.test_readable import capitals, ink_height
from tests.support.factories import ean13
from tools import translations

LANGUAGES = ("en", "de", "es")
SCREENS = [(1920, 1080), (1366, 768)]
REFERENCE = "WEB-1002345"
NOTE = (
    "Fragile: the customer returned the last two parcels broken. Wrap every glass item "
    "separately in two layers of bubble wrap"
)
INSTRUCTIONS = (
    "Mugs upright, paper filler only, no loose chips. Put the invoice on top and the return "
    "label in the side pocket."
)
LINES = [
    ("MUG-BLUE", 2),
    ("CABLE-C1", 1),
    ("NOTE-A5", 3),
    ("PEN-BLK", 2),
    ("VITAMIN-D", 1),
]


def open_station(make_rig: MakeRig, language: str, width: int, height: int) -> Rig:
    rig = make_rig(
        orders=[(REFERENCE, LINES)],
        options=UiOptions(idle_lock_minutes=0, scale=scale_for_height(height), language=language),
    )
    rig.ui.window.resize(width, height)
    return rig


def at_size(qtbot: QtBot, window: QWidget, width: int, height: int) -> None:
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size() == QSize(width, height), timeout=WAIT_MS)
    qtbot.wait(50)  # the labels fit their text to the width they were given
    QApplication.processEvents()


def fits_the_screen(window: QWidget, width: int, height: int) -> None:
    hint = window.minimumSizeHint()
    assert hint.width() <= width and hint.height() <= height, hint
    assert window.size() == QSize(width, height)


def clipped(window: QWidget) -> list[str]:
    """The visible fitting labels whose text is not all inside them."""
    return [
        f"{label.objectName()}: {label.text()!r} {label.size()} needs {label.needed_height()}"
        for label in window.findChildren(FitLabel)
        if label.isVisible() and not label.text_fits()
    ]


def add_kit_and_notes(rig: Rig) -> None:
    def write() -> None:
        order_id = rig.world.orders[REFERENCE]
        with rig.engine.begin() as conn:
            pk = conn.execute(insert(t.products).values(sku="GIFT-SET", name="Gift set"))
            assert pk.inserted_primary_key is not None
            kit_id = pk.inserted_primary_key[0]
            conn.execute(
                insert(t.product_barcodes).values(
                    product_id=kit_id, code=ean13("400638133397").zfill(14)
                )
            )
            conn.execute(
                insert(t.order_lines).values(
                    order_id=order_id, line_no=len(LINES) + 1, product_id=kit_id, quantity=1
                )
            )
            conn.execute(
                update(t.orders)
                .where(t.orders.c.id == order_id)
                .values(
                    notes=NOTE,
                    packing_instructions=INSTRUCTIONS,
                    gift_message="Happy birthday, Sam!",
                    notes_important=True,
                )
            )
        KitService(SqlUnitOfWork.factory(rig.engine), SystemClock()).import_kits(
            "kits.csv", b"sku,components\nGIFT-SET,MUG-BLUE*2;CABLE-C1\n"
        )

    off_gui(write)
    with_boxes(rig)


@pytest.fixture(autouse=True)
def back_to_english() -> Iterator[None]:
    yield
    use_language("en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_every_language_fits_the_screen_at_readable_sizes(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    rig = open_station(make_rig, language, width, height)
    window, screen = rig.ui.window, rig.ui.pack_screen
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)  # signed out

    scan_and_wait(qtbot, rig, "BDG9001")  # a supervisor: the most buttons
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    scan_and_wait(qtbot, rig, rig.world.product_codes["PEN-BLK"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["PEN-BLK"])
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["PEN-BLK"])  # one too many
    assert screen.tone is Tone.ERROR and shown.startswith("✖")
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)
    assert clipped(window) == []

    proportion = height / 1080
    title = shown.splitlines()[0].lstrip("✖ ")
    sizes = {
        "count": ink_height(screen.counts, "0123456789"),
        "name": ink_height(window.user_label, capitals(window.user_label.text())),
        "banner": ink_height(screen.banner, capitals(title)),
    }
    assert sizes["count"] >= 48 * proportion, sizes
    assert sizes["name"] >= 24 * proportion, sizes
    assert sizes["banner"] >= 40 * proportion, sizes


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_busy_order_keeps_its_lines_in_view_and_its_notes_whole(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    rig = open_station(make_rig, language, width, height)
    add_kit_and_notes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    panels = screen.order_panels
    scan_and_wait(qtbot, rig, "BDG9001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(panels.box_line.isVisible, timeout=WAIT_MS)
    assert panels.notes_frame.isVisible() and screen.acknowledgement.button.isVisible()
    assert screen.lines_model.rowCount() == len(LINES) + 1 + 2  # the kit and its parts
    at_size(qtbot, window, width, height)

    fits_the_screen(window, width, height)
    assert clipped(window) == []
    assert panels.notes_text.text() == f"{INSTRUCTIONS}\n{NOTE}"
    assert panels.notes_text.font_px >= px(NOTES_FLOOR)
    assert screen.banner.font_px >= px(READABLE_FLOOR)
    rows = screen.lines.viewport().height() // screen.lines.verticalHeader().defaultSectionSize()
    assert rows >= visible_rows(scale_for_height(height)) == (5 if height == 1080 else 3)
    assert screen.entry.isVisible()
    entry = screen.entry.mapTo(window, screen.entry.rect().bottomRight())
    assert entry.y() < height  # the scan field on screen

    # And a long error on top of it all: the banner gives up type, nothing else gives way.
    longest = longest_messages(language, 1)[0]
    screen.show_text(f"✖ {longest}", Tone.ERROR)
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)
    assert clipped(window) == []
    assert screen.banner.font_px >= px(READABLE_FLOOR)
    rows = screen.lines.viewport().height() // screen.lines.verticalHeader().defaultSectionSize()
    assert rows >= visible_rows(scale_for_height(height))


def longest_messages(language: str, count: int = 4) -> list[str]:
    """The longest domain and service messages as the station shows them in ``language``,
    their placeholders filled with plausible figures."""
    root = ET.parse(translations.ts_path("de")).getroot()
    sources: list[str] = []
    for context in root.iter("context"):
        if context.findtext("name") == MESSAGE_CONTEXT:
            sources += [message.findtext("source", "") for message in context.iter("message")]
    use_language(language)
    shown = [
        re.sub(r"\{[^}]*\}", REFERENCE, QCoreApplication.translate(MESSAGE_CONTEXT, source))
        for source in sources
    ]
    return sorted(shown, key=len)[-count:]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_longest_messages_wrap_in_full_view(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    rig = open_station(make_rig, language, width, height)
    window, screen = rig.ui.window, rig.ui.pack_screen
    at_size(qtbot, window, width, height)
    messages = longest_messages(language)
    assert min(len(message) for message in messages) > 100  # the long ones
    for message in messages:
        text = f"✖ {message}\n{message}"  # an error and its detail: twice the longest
        screen.show_text(text, Tone.ERROR)
        at_size(qtbot, window, width, height)
        assert screen.banner.text() == text  # all of it, not cut
        assert screen.banner.text_fits(), (message, screen.banner.size())
        assert screen.banner.font_px >= px(READABLE_FLOOR)
        assert clipped(window) == []
        fits_the_screen(window, width, height)
