"""The station in German and Spanish: a packer's shift (sign-in with a PIN, an order, an
error acknowledged, the dialogs, the label) shows no English text; the language changes on a
running station."""

from __future__ import annotations

import html
import re
import shutil
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.adapters.db import tables as t
from app.adapters.devices.printers.file import FileConnection
from app.adapters.devices.scales.simulated import SimulatedScale
from app.adapters.devices.station_printer import StationPrinter
from app.domain import order_messages as says
from app.ui.app import UiOptions
from app.ui.i18n import current_language, translated, use_language
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_out_station import stable
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait
from tests.gui.test_station_shift import give_pin
from tests.integration.test_translation_files import SAME
from tools import translations

LANGUAGES = translations.LANGUAGES
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def catalogue(language: str) -> dict[str, str]:
    """English source -> translation, from the .ts file."""
    root = ET.parse(translations.ts_path(language)).getroot()
    return {
        message.findtext("source", ""): message.findtext("translation", "")
        for message in root.iter("message")
    }


def english_pieces(language: str) -> list[re.Pattern[str]]:
    """The fixed words of every English source text (between its placeholders) that the
    language translates: one of them on screen is English left untranslated."""
    pieces: set[str] = set()
    for source in catalogue(language):
        if source in SAME[language]:
            continue
        for part in PLACEHOLDER.split(source.replace("&", "")):
            piece = part.strip(" .:·…()[]✔✖⚠↻⚖?⌨⛔\n")
            if sum(char.isalpha() for char in piece) >= 4:
                pieces.add(piece)
    return [re.compile(rf"(?<!\w){re.escape(piece)}(?!\w)") for piece in sorted(pieces)]


def shown_texts(root: QWidget) -> list[str]:
    """Every text a person sees in ``root`` now: labels, buttons, window titles, placeholders,
    tooltips, column titles and list items."""
    texts: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not widget.isVisible():
            continue
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if widget.toolTip():
            texts.append(widget.toolTip())
        if isinstance(widget, QLabel):
            text = widget.text()
            if widget.textFormat() == Qt.TextFormat.RichText or "<span" in text:
                text = html.unescape(re.sub(r"<[^>]+>", "", text))
            texts.append(text)
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&"))
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QListWidget):
            texts += [widget.item(row).text() for row in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts += [
                str(model.headerData(column, Qt.Orientation.Horizontal))
                for column in range(model.columnCount())
            ]
    return [text for text in texts if text.strip()]


def english_in(texts: list[str], language: str) -> list[str]:
    pieces = english_pieces(language)
    return [
        f"{text!r} has {found.group(0)!r}"
        for text in texts
        for pattern in pieces
        if (found := pattern.search(text))
    ]


@pytest.fixture
def back_in_english() -> Iterator[None]:
    yield
    use_language("en")


def in_language(make_rig: MakeRig, language: str) -> Rig:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, language=language))
    assert current_language() == language
    rig.ui.printer_setup = (
        rig.station.printer_choice(),
        rig.station.try_printer,
        rig.station.save_printer,
    )
    return rig


def dialog_texts(qtbot: QtBot, dialog: QDialog) -> list[str]:
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT_MS)
    texts = shown_texts(dialog)
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    return texts


def modal_texts(seen: list[str]) -> None:
    """When the station's question is up: note what it shows, then Esc."""

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QInputDialog) or not dialog.isVisible():
            QTimer.singleShot(20, look)
            return
        seen.extend(shown_texts(dialog))
        QTest.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)

    QTimer.singleShot(20, look)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shift_shows_no_english(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    rig = in_language(make_rig, language)
    ui, screen, window, world = rig.ui, rig.ui.pack_screen, rig.ui.window, rig.world
    give_pin(rig, "Alex Packer", "2468")
    seen = shown_texts(window)  # signed out

    scan_and_wait(qtbot, rig, "BDG1001")  # the PIN pad
    assert screen.sign_in_flow.pad.isVisible()
    seen += shown_texts(window)
    scan_and_wait(qtbot, rig, "1111")  # a wrong PIN
    seen += shown_texts(window)
    scan_and_wait(qtbot, rig, "2468")
    assert screen.session is not None
    seen += shown_texts(window)

    scan_and_wait(qtbot, rig, world.slips["SHOP-1"])
    seen += shown_texts(window)
    scan_and_wait(qtbot, rig, world.product_codes["NOTE-A5"])  # wrong item: acknowledge
    assert screen.acknowledgement.button.isVisible()
    seen += shown_texts(window)
    scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])  # refused until acknowledged
    seen += shown_texts(window)
    QTest.keyClick(screen, Qt.Key.Key_F7)
    qtbot.waitUntil(
        lambda: screen.acknowledgement.error is None and not screen.busy, timeout=WAIT_MS
    )
    seen += shown_texts(window)
    scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])
    seen += shown_texts(window)

    seen += dialog_texts(qtbot, ui.open_test_scan())
    printer = ui.open_printer_settings()
    assert printer is not None
    seen += dialog_texts(qtbot, printer)
    modal_texts(seen)
    screen.request_hold()  # the hold question, answered with Esc
    screen.request_reprint()
    qtbot.waitUntil(lambda: screen.print_banner.dialog is not None, timeout=WAIT_MS)
    assert screen.print_banner.dialog is not None
    seen += dialog_texts(qtbot, screen.print_banner.dialog)

    scan_and_wait(qtbot, rig, world.product_codes["MUG-BLUE"])
    scan_and_wait(qtbot, rig, world.product_codes["CABLE-C1"])
    # The printer's folder is a file now: the label fails and the printer is on the banner.
    station_printer = rig.station.labels.printer
    assert isinstance(station_printer, StationPrinter)
    assert isinstance(station_printer.connection, FileConnection)
    folder = station_printer.connection.directory
    shutil.rmtree(folder, ignore_errors=True)
    folder.write_text("not a folder")
    screen.request_complete()
    qtbot.waitUntil(lambda: screen.order is None and not screen.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.print_banner.last_report is not None, timeout=WAIT_MS)
    seen += shown_texts(window)
    errors = catalogue(language)["reports an error"]
    qtbot.waitUntil(lambda: errors in screen.printer_banner.text(), timeout=WAIT_MS)
    seen += shown_texts(window)
    screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None and not screen.busy, timeout=WAIT_MS)
    seen += shown_texts(window)

    words = catalogue(language)
    # The walk saw the translations (it is not looking at nothing) ...
    for source in ("Complete  [F12]", "Type the PIN (keyboard or numpad) and press Enter."):
        assert any(words[source] in text for text in seen)
    assert any(words["Product"] == text for text in seen)  # a column title
    assert any(words["Hold order"] == text for text in seen)  # the hold question's title
    # ... and no English.
    assert english_in(seen, language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_weight_shows_no_english(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(
        orders=[("TWO-1", [("MUG-BLUE", 2)])],
        scale=scale,
        options=UiOptions(idle_lock_minutes=0, language=language),
    )
    screen, pack_out = rig.ui.pack_screen, rig.ui.pack_screen.pack_out
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["TWO-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    qtbot.waitUntil(lambda: stable(pack_out, 100), timeout=WAIT_MS)  # follows the parcel
    scale.set_expected(900)  # 900 g where 100 g is expected
    qtbot.waitUntil(lambda: stable(pack_out, 900), timeout=WAIT_MS)
    QTest.keyClick(screen, Qt.Key.Key_F12, Qt.KeyboardModifier.ShiftModifier)  # New parcel
    qtbot.waitUntil(lambda: pack_out.refused is not None and not screen.busy, timeout=WAIT_MS)
    seen = shown_texts(rig.ui.window)
    expected = catalogue(language)["{weight}, expected {span}: check the parcel"]
    said = expected.format(weight="0.90 kg", span="0.05-0.15 kg")
    assert said in screen.banner.text()
    assert english_in(seen, language) == []


def test_the_check_finds_english(qtbot: QtBot, make_rig: MakeRig, back_in_english: None) -> None:
    """The walk above can fail: an English station is full of English."""
    rig = in_language(make_rig, "en")
    found = english_in(shown_texts(rig.ui.window), "de")
    assert any("Complete  [F12]" in problem for problem in found)
    assert any("Scan your badge to sign in" in problem for problem in found)


def test_the_language_changes_on_a_running_station(
    qtbot: QtBot, make_rig: MakeRig, back_in_english: None
) -> None:
    rig = in_language(make_rig, "en")
    screen, window = rig.ui.pack_screen, rig.ui.window
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert screen.complete_button.text() == "Complete  [F12]"

    assert use_language("de")
    assert screen.complete_button.text() == "Abschließen  [F12]"
    assert screen.entry.placeholderText() == "Scannen, oder Code eingeben und Enter drücken"
    assert screen.lines_model.headerData(0, Qt.Orientation.Horizontal) == "Artikel"
    assert window.user_label.text() == "Alex Packer (Packer)"
    assert screen.recent.item(0).text().startswith("✔ angenommen")
    # Static texts all follow; the banner speaks German from the next thing it says.
    static = [text for text in shown_texts(window) if text != screen.banner.text()]
    assert english_in(static, "de") == []
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    assert "FALSCHER ARTIKEL" in screen.banner.text()
    assert "gehört nicht zu Auftrag SHOP-1" in screen.banner.text()

    assert use_language("en")
    assert screen.complete_button.text() == "Complete  [F12]"
    assert not use_language("xx")  # no such translation: nothing changes
    assert current_language() == "en"


def test_a_domain_message_is_shown_translated(back_in_english: None) -> None:
    message = says.wrong_item("Blue mug", "SHOP-1")
    assert translated(message) == "Blue mug is not in order SHOP-1. Put it aside."
    use_language("es")
    assert translated(message) == "Blue mug no está en el pedido SHOP-1. Apártelo."
    nested = says.packed_elsewhere("SHOP-1", None)  # "another station" is a message too
    assert translated(nested) == "El pedido SHOP-1 se está empacando en otro puesto."
    assert translated("plain text") == "plain text"


def speaks(rig: Rig, name: str, language: str | None) -> None:
    def write() -> None:
        with rig.engine.begin() as conn:
            conn.execute(update(t.users).where(t.users.c.name == name).values(language=language))

    off_gui(write)


def test_the_station_speaks_the_language_of_whoever_signs_in(
    qtbot: QtBot, make_rig: MakeRig, back_in_english: None
) -> None:
    rig = in_language(make_rig, "es")  # the station's own language
    screen, window = rig.ui.pack_screen, rig.ui.window
    speaks(rig, "Alex Packer", "de")
    speaks(rig, "Sam Packer", "en")

    shown = scan_and_wait(qtbot, rig, "BDG1001")
    assert current_language() == "de"
    assert shown.startswith("Hallo Alex Packer.")
    assert window.user_label.text() == "Alex Packer (Packer)"
    assert english_in(shown_texts(window), "de") == []

    shown = scan_and_wait(qtbot, rig, "BDG1002")  # another packer's badge: the fast switch
    assert current_language() == "en"
    assert shown.startswith("Sam Packer took over from Alex Packer.")
    assert screen.complete_button.text() == "Complete  [F12]"

    shown = scan_and_wait(qtbot, rig, "BDG9001")  # no language of their own: the station's
    assert current_language() == "es"
    assert shown.startswith("Robin Supervisor sustituye a Sam Packer.")
    screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None and not screen.busy, timeout=WAIT_MS)
    assert current_language() == "es"
    assert screen.banner.text() == "Escanee su tarjeta para iniciar sesión"
    assert english_in(shown_texts(window), "es") == []
