"""German and Spanish where a new user's review of the demo still found English (issue 14):
the printer test (Ctrl+P), the printer in the header, the test scan's reading of a code, and a
wrong item restored after signing out (its message decided again, in the station's language)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from app.adapters.db import tables as t
from app.ui.app import UiOptions
from tests.gui.conftest import MakeRig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait, wedge
from tests.gui.test_translations import catalogue, english_in, shown_texts

LANGUAGES = ["de", "es"]


@pytest.fixture
def back_in_english() -> object:
    from app.ui.i18n import use_language

    yield
    use_language("en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_printer_test_and_the_header_say_no_english(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, language=language))
    window, screen = rig.ui.window, rig.ui.pack_screen
    words = catalogue(language)
    header = window.devices_label.text()
    assert words["folder {path}"].split()[0] in header and "folder" not in header, header
    window.printer_test_button.click()
    sent = words["✔ Test label sent to {destination} — printer {status}."].split("{")[0]
    qtbot.waitUntil(lambda: screen.banner.text().startswith(sent), timeout=WAIT_MS)
    shown = screen.banner.text()
    assert words["is ready"] in shown, shown
    assert "folder" not in shown and words["folder {path}"].split()[0] in shown, shown
    assert "ready" not in shown and "status" not in shown.lower(), shown
    assert english_in(shown_texts(window), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_test_scan_names_what_it_read_in_the_stations_language(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, language=language))
    words = catalogue(language)
    dialog = rig.ui.open_test_scan()
    qtbot.waitExposed(dialog)
    wedge(dialog, "]C10109506000134352\x1d10LOT1")
    meaning = dialog.meaning.text()
    assert meaning == f"{words['product']}: 09506000134352 · GTIN 09506000134352 · " + (
        f"{words['lot']} LOT1"
    )
    wedge(dialog, "BDG1001")
    assert dialog.meaning.text() == f"{words['badge']}: BDG1001"
    assert english_in(shown_texts(dialog), language) == []
    dialog.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", ["sign_out", "idle_lock"])
def test_a_wrong_item_restored_after_signing_out_is_in_the_stations_language(
    qtbot: QtBot, make_rig: MakeRig, language: str, how: str, back_in_english: None
) -> None:
    minutes = 0.01 if how == "idle_lock" else 0
    rig = make_rig(options=UiOptions(idle_lock_minutes=minutes, language=language))
    screen, window = rig.ui.pack_screen, rig.ui.window
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-1"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])  # wrong item
    first = screen.banner.text()
    if how == "sign_out":
        screen.request_sign_out()
    qtbot.waitUntil(lambda: screen.session is None and not screen.busy, timeout=WAIT_MS)
    scan_and_wait(qtbot, rig, "BDG1001")
    QApplication.processEvents()
    assert screen.acknowledgement.error is not None
    assert screen.banner.text() == first  # as it was when it happened, in the same words
    assert english_in(shown_texts(window), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_with_no_active_user_the_sign_in_says_how_to_add_one(
    qtbot: QtBot, make_rig: MakeRig, language: str, back_in_english: None
) -> None:
    first = make_rig(options=UiOptions(idle_lock_minutes=0, language=language))

    def deactivate() -> None:
        with first.engine.begin() as conn:
            conn.execute(update(t.users).values(active=False))

    off_gui(deactivate)
    rig = make_rig(options=UiOptions(idle_lock_minutes=0, language=language), world=first.world)
    screen = rig.ui.pack_screen
    words = catalogue(language)
    command = "`packbench users add NAME --badge CODE --role admin`"  # typed as it is
    said = words["No users yet: an admin adds them with {command}."].format(command=command)
    qtbot.waitUntil(lambda: screen.banner.text().endswith(said), timeout=WAIT_MS)
    assert said.endswith(scan_and_wait(qtbot, rig, "BDG7777").removeprefix("✖ "))  # unknown
    texts = [text.replace(command, "") for text in shown_texts(rig.ui.window)]
    assert english_in(texts, language) == []
