"""The pack screen fits the screen in every language and keeps its priorities: at 1920x1080 and
1366x768, in English, German and Spanish, the window is no larger than the screen, the sizes a
packer reads from 1.5 m hold, the order's lines keep their rows when an order brings a long
important note, a kit, a box suggestion and many lines, and no text is clipped: the longest
real banner messages wrap (and get smaller, not below the readable floor) in full view."""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.exceptions import TimeoutError
from pytestqt.qtbot import QtBot
from sqlalchemy import insert, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.scales.simulated import SimulatedScale
from app.domain.boxes import BoxSuggestion
from app.domain.message import Message
from app.services.boxes import BoxAdvice
from app.services.clock import SystemClock
from app.services.kits import KitService
from app.services.offline_blocks import STATION_LIVE
from app.services.offline_state import LinkState
from app.ui.app import UiOptions
from app.ui.i18n import MESSAGE_CONTEXT, translated, use_language
from app.ui.placement import WINDOWED_SIZE, WindowPlacement, station_scale
from app.ui.station.display import Tone, visible_rows
from app.ui.station.fit import READABLE_FLOOR, FitLabel
from app.ui.station.offline_strip import STRIP_FLOOR, OfflineStrip
from app.ui.station.order_panels import NOTES_FLOOR
from app.ui.station.pack_screen import PackScreen
from app.ui.style import px, scale_for_height
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_order_panels import with_boxes
from tests.gui.test_pack_screen import WAIT_MS, acknowledge, off_gui, scan_and_wait
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


def settled(qtbot: QtBot, window: QWidget) -> None:
    """Let the labels that fit their text to their width settle (a wrap changes a height,
    which may change a width, and the banner's room follows the others' heights): give them a
    second, then let the assertions say what is off."""

    def calm() -> bool:
        hint, size = window.minimumSizeHint(), window.size()
        return clipped(window) == [] and hint.height() <= size.height()

    with contextlib.suppress(TimeoutError):
        qtbot.waitUntil(calm, timeout=1000)


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
    # Said only by the command line (``packbench offline retire``), never at a station.
    command_line_only = {str(STATION_LIVE)}
    sources = [source for source in sources if source not in command_line_only]
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


def on_screen(window: QWidget, widget: QWidget, height: int) -> bool:
    """``widget`` is shown and its bottom edge is inside a screen ``height`` pixels high."""
    bottom = widget.mapTo(window, widget.rect().bottomRight())
    return widget.isVisible() and bottom.y() < height


def keeps_its_rows(qtbot: QtBot, screen: PackScreen, height: int) -> None:
    """The order's lines show their rows (once the layout has settled)."""

    def rows() -> int:
        lines = screen.lines
        return lines.viewport().height() // lines.verticalHeader().defaultSectionSize()

    qtbot.waitUntil(lambda: rows() >= visible_rows(scale_for_height(height)), timeout=WAIT_MS)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_supervisor_taking_over_an_open_order_fits_the_screen(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    """A packer has the busy order open; a supervisor's badge takes over (the supervisor's
    buttons join the column, the banner says who took over from whom): the window stays the
    screen's size and every button, the lines and the scan field stay on it."""
    rig = open_station(make_rig, language, width, height)
    add_kit_and_notes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(screen.order_panels.box_line.isVisible, timeout=WAIT_MS)
    acknowledge(qtbot, rig)  # the important notes, read
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)

    assert "Robin Supervisor" in scan_and_wait(qtbot, rig, "BDG9001")
    assert screen.session is not None and screen.session.role.can_supervise
    assert screen.order is not None and screen.supervisor.void_button.isVisible()
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)
    assert clipped(window) == []
    keeps_its_rows(qtbot, screen, height)
    for widget in (screen.sign_out_button, screen.supervisor.void_button, screen.entry):
        assert on_screen(window, widget, height), (
            widget.text() if widget is not screen.entry else ""
        )


#: What the strip says after a sync put an order on hold, with the sync still counting and
#: orders kept for the outage: its longest text.
HELD = Message(
    "Order {reference} went on hold after the sync: it was cancelled upstream. Give its "
    "parcel to the supervisor.",
    reference="SHOP-2",
)


class _Link:
    def __init__(self, state: LinkState) -> None:
        self.state = state

    def link(self) -> LinkState:
        return self.state

    def dismiss_held(self) -> None:
        self.state = LinkState(self.state.offline, self.state.waiting, self.state.kept)


def with_strip(qtbot: QtBot, rig: Rig, state: LinkState) -> OfflineStrip:
    """The offline strip on the station's screen where an offline station has it, told
    ``state`` (the rig's database never goes away)."""
    screen = rig.ui.pack_screen
    strip = OfflineStrip.placed(screen.printer_banner, _Link(state))
    qtbot.waitUntil(strip.isVisible, timeout=WAIT_MS)
    return strip


def strip_fits(window: QWidget, strip: OfflineStrip, width: int) -> None:
    assert strip.text_fits(), (strip.text(), strip.size(), strip.needed_height())
    assert strip.width() <= width
    assert strip.font_px >= px(STRIP_FLOOR)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_offline_strip_wraps_within_the_screen(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    """The strip's longest texts (the order the sync put on hold, offline with changes waiting
    and orders kept) wrap within the width, signed out and with the busy order open under a
    supervisor: the window stays the screen's size, Sign out [F2] stays on it."""
    rig = open_station(make_rig, language, width, height)
    add_kit_and_notes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    strip = with_strip(qtbot, rig, LinkState(offline=False, waiting=0, held=(HELD,)))
    said = translated(HELD)  # in the station's language
    assert said in strip.text() and (language == "en") == said.startswith("Order SHOP-2 went")
    at_size(qtbot, window, width, height)
    fits_the_screen(window, width, height)
    strip_fits(window, strip, width)

    scan_and_wait(qtbot, rig, "BDG9001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(screen.order_panels.box_line.isVisible, timeout=WAIT_MS)
    for state in (
        LinkState(offline=False, waiting=0, held=(HELD,)),
        LinkState(offline=True, waiting=12, kept=3, held=(HELD,)),
    ):
        strip._source = _Link(state)
        strip.refresh()
        at_size(qtbot, window, width, height)
        fits_the_screen(window, width, height)
        strip_fits(window, strip, width)
        assert clipped(window) == []
        keeps_its_rows(qtbot, screen, height)
        assert on_screen(window, screen.sign_out_button, height)
        assert on_screen(window, screen.entry, height)


def test_the_label_preview_fills_its_room_after_the_window_changes_size(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    """The last label's picture is scaled to the room the preview has, and again when the
    window grows (as it did for a supervisor's takeover on a window manager) and shrinks back:
    it never stays at a size it had before."""
    rig = make_rig(
        orders=[("ONE-1", [("MUG-BLUE", 1)])],
        options=UiOptions(idle_lock_minutes=0, scale=scale_for_height(1080)),
    )
    window, screen = rig.ui.window, rig.ui.pack_screen
    at_size(qtbot, window, 1920, 1080)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["ONE-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    QTest.keyClick(screen, Qt.Key.Key_F12)
    qtbot.waitUntil(lambda: "printed" in screen.banner.text(), timeout=WAIT_MS)
    preview = screen.preview

    def fills() -> bool:
        picture, room = preview.pixmap().size(), preview.contentsRect().size()
        inside = picture.width() <= room.width() and picture.height() <= room.height()
        touches = room.width() - picture.width() <= 2 or room.height() - picture.height() <= 2
        return not preview.pixmap().isNull() and inside and touches

    qtbot.waitUntil(fills, timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, "BDG9001")  # a supervisor takes over: more buttons
    for width, height in ((2095, 1130), (1920, 1080)):
        at_size(qtbot, window, width, height)
        qtbot.waitUntil(fills, timeout=WAIT_MS)
        assert preview.width() >= px(360) and preview.height() >= px(180), preview.size()
        fits_the_screen(window, width, height)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_refused_weight_and_a_wrong_item_offline_with_notes_keep_the_lines_in_view(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    """The fullest screen a pack-out station shows: the busy order's important notes, its box,
    the offline strip (offline, changes waiting, an order put on hold), the scale's line and
    then WEIGHT REFUSED with its Acknowledge bar, then a wrong item: the window stays the
    screen's size, nothing is clipped and the lines keep their rows."""
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(
        orders=[(REFERENCE, LINES)],
        options=UiOptions(idle_lock_minutes=0, scale=scale_for_height(height), language=language),
        scale=scale,
    )
    add_kit_and_notes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    pack_out = screen.pack_out
    strip = with_strip(qtbot, rig, LinkState(offline=True, waiting=12, kept=3, held=(HELD,)))
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(screen.order_panels.box_line.isVisible, timeout=WAIT_MS)
    acknowledge(qtbot, rig)  # the important notes, read
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])

    def weighs(grams: int) -> bool:
        reading = pack_out.reading
        return reading is not None and reading.stable and reading.grams == grams

    qtbot.waitUntil(lambda: weighs(100), timeout=WAIT_MS)
    scale.set_expected(900)  # something else in the parcel
    qtbot.waitUntil(lambda: weighs(900), timeout=WAIT_MS)
    QTest.keyClick(screen, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)  # New parcel
    qtbot.waitUntil(lambda: pack_out.refused is not None and not screen.busy, timeout=WAIT_MS)
    assert screen.banner.text().startswith("✖ ⚖") and screen.acknowledgement.button.isVisible()
    assert pack_out.accept_button.isVisible() and screen.order_panels.notes_frame.isVisible()

    def everything_in_view() -> None:
        at_size(qtbot, window, width, height)
        settled(qtbot, window)
        # The scale's tag sits with the other devices' tags, right of the packer's name, and
        # the name keeps one line (the tag once landed at the header's far left).
        name = window.user_label
        tags = [
            label
            for label in window.findChildren(QLabel)
            if label.objectName() == "headerDevices" and label.isVisible() and label.text()
        ]
        assert len(tags) >= 2 and "⚖" not in name.text()
        for tag in tags:
            assert (
                tag.mapTo(window, tag.rect().topLeft()).x()
                > name.mapTo(window, name.rect().topRight()).x()
            ), tag.text()[:80]
        two_lines = 2 * name._metrics(name.font_px).lineSpacing()
        assert name.needed_height() < two_lines, (name.text(), name.size())

        fits_the_screen(window, width, height)
        assert clipped(window) == []
        strip_fits(window, strip, width)
        keeps_its_rows(qtbot, screen, height)
        assert screen.banner.font_px >= px(READABLE_FLOOR)
        for widget in (screen.sign_out_button, screen.entry, screen.acknowledgement.button):
            assert on_screen(window, widget, height), widget.objectName()

    everything_in_view()
    acknowledge(qtbot, rig)
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["PHONE-X"])  # not this order's
    assert shown.startswith("✖") and screen.acknowledgement.error is not None
    everything_in_view()


#: The demo's box line for its first order (ORD100001): a suggestion, no box scanned yet.
DEMO_SUGGESTION = Message(
    "Suggested box: {box}, {share}% full.",
    box=Message(
        "{code} ({length}x{width}x{height} mm, tare {tare} g)",
        code="M2",
        length=300,
        width=200,
        height=150,
        tare=250,
    ),
    share=31,
)


def overlaps(one: QWidget, other: QWidget, window: QWidget) -> bool:
    """``one`` and ``other`` (both shown) share pixels in ``window``."""
    first = one.rect().translated(one.mapTo(window, one.rect().topLeft()))
    second = other.rect().translated(other.mapTo(window, other.rect().topLeft()))
    return first.intersects(second)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_the_demos_box_suggestion_is_whole_beside_the_title(
    qtbot: QtBot, make_rig: MakeRig, language: str, width: int, height: int
) -> None:
    """The demo's first order suggests a box: its whole line ("📦 Parcel 1: Suggested box: M2
    (300x200x150 mm, tare 250 g), 31% full. Scan the box's barcode.") is drawn beside the
    order's title, inside its label, and nothing (the progress bar, the lines) covers it; as
    in the demo, a scale is attached."""
    rig = make_rig(
        orders=[(REFERENCE, LINES)],
        options=UiOptions(idle_lock_minutes=0, scale=scale_for_height(height), language=language),
        scale=SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0),
    )
    with_boxes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    panels = screen.order_panels
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(panels.box_line.isVisible, timeout=WAIT_MS)
    order = screen.order
    assert order is not None and panels.advice is not None
    advice = BoxAdvice(1, None, BoxSuggestion(None, DEMO_SUGGESTION))
    panels._show_advice(order.id, advice)  # the demo's words, whatever this rig's boxes say
    said = panels.box_line.text()
    assert translated(DEMO_SUGGESTION) in said and said.startswith("📦")
    at_size(qtbot, window, width, height)
    settled(qtbot, window)
    fits_the_screen(window, width, height)
    assert panels.box_line.text_fits(), (said, panels.box_line.size(), panels.box_line.font_px)
    assert clipped(window) == []
    for other in (screen.progress, screen.order_title, screen.counts, screen.lines):
        assert not overlaps(panels.box_line, other, window), other.objectName()
    box = panels.box_line.mapTo(window, panels.box_line.rect().bottomLeft())
    assert box.y() < screen.lines.mapTo(window, screen.lines.rect().topLeft()).y()


def test_a_windowed_station_at_its_first_size_fits_a_supervisor(
    qtbot: QtBot, make_rig: MakeRig, tmp_path: Path
) -> None:
    """``[station] windowed = true``: the window opens at its first size (1366x768) with the
    type scaled for it (``station_scale``), and with a supervisor and the busy order open
    nothing is clipped and the right-hand buttons and the header's buttons do not overlap."""
    primary = QGuiApplication.primaryScreen()
    rig = make_rig(
        orders=[(REFERENCE, LINES)],
        options=UiOptions(idle_lock_minutes=0, scale=station_scale(primary, windowed=True)),
    )
    add_kit_and_notes(rig)
    window, screen = rig.ui.window, rig.ui.pack_screen
    store = QSettings(str(tmp_path / "placement.ini"), QSettings.Format.IniFormat)
    WindowPlacement(window, windowed=True, key="PACK-01", store=store).show()
    qtbot.waitUntil(lambda: window.size() == QSize(*WINDOWED_SIZE), timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, "BDG9001")
    scan_and_wait(qtbot, rig, rig.world.slips[REFERENCE])
    qtbot.waitUntil(screen.order_panels.box_line.isVisible, timeout=WAIT_MS)
    acknowledge(qtbot, rig)
    at_size(qtbot, window, *WINDOWED_SIZE)
    settled(qtbot, window)
    fits_the_screen(window, *WINDOWED_SIZE)
    assert clipped(window) == []
    buttons = [
        button
        for button in window.findChildren(QPushButton)
        if button.isVisible() and button.window() is window
    ]
    assert len(buttons) >= 8
    for index, one in enumerate(buttons):
        assert one.width() >= one.sizeHint().width() - 2, one.text()  # its words whole
        for other in buttons[index + 1 :]:
            assert not overlaps(one, other, window), (one.text(), other.text())
    keeps_its_rows(qtbot, screen, WINDOWED_SIZE[1])
