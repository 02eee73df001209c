"""Words the packer sees at the station in German and Spanish (issue 11's review): every scan
outcome's name in the recent-scans list, a box refused, and where the parcel goes ("cage")."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from app.domain.errors import DomainError, InvalidBarcode
from app.domain.message import Message
from app.domain.verdicts import ScanOutcome
from app.ui.app import UiOptions
from app.ui.i18n import translated, use_language
from app.ui.station.scan_list import OUTCOME_NAMES, RecentScans
from tests.gui.conftest import MakeRig
from tests.gui.test_order_panels import ORDERS, with_boxes
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait
from tests.gui.test_translations import (
    LANGUAGES,
    back_in_english,  # noqa: F401  (a fixture)
    catalogue,
    english_in,
    shown_texts,
)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_scan_outcome_has_a_translated_name(
    qtbot: QtBot,
    language: str,
    back_in_english: None,  # noqa: F811
) -> None:
    assert set(OUTCOME_NAMES) == set(ScanOutcome)  # none shown as its raw English value
    words = catalogue(language)
    assert use_language(language)
    recent = RecentScans()
    qtbot.addWidget(recent)
    for outcome in ScanOutcome:
        recent.clear()
        recent.add("4006381333931", outcome, False)
        shown = recent.item(0).text()
        name = OUTCOME_NAMES[outcome]
        assert isinstance(name, Message)
        assert words.get(name.template), f"{outcome}: {name!r} has no {language} translation"
        assert words[name.template] in shown, (outcome, shown)
        assert f" {name} " not in shown, (outcome, shown)  # not the English name


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_box_and_the_cage_are_in_the_station_language(
    qtbot: QtBot,
    make_rig: MakeRig,
    language: str,
    back_in_english: None,  # noqa: F811
) -> None:
    rig = make_rig(orders=ORDERS, options=UiOptions(idle_lock_minutes=0, language=language))
    with_boxes(rig)
    screen, words = rig.ui.pack_screen, catalogue(language)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["BOXED-1"])
    refused = scan_and_wait(qtbot, rig, "BOXZZ9")
    template = "Box {box} is not a box type of this site. Scan another box's barcode."
    assert words[template].format(box="ZZ9") in refused
    assert english_in(shown_texts(rig.ui.window), language) == []

    order = screen.order
    assert order is not None and screen.session is not None
    session = screen.session

    def not_a_box() -> str:
        with pytest.raises(InvalidBarcode) as refusal:
            rig.station.packing.boxes.choose(session, order.id, "4006381333931")
        return translated(refusal.value.message)

    assert off_gui(not_a_box) == words["That is not a box barcode."]

    codes = rig.world.product_codes
    for code in (codes["MUG-BLUE"], codes["MUG-BLUE"], codes["NOTE-A5"]):
        scan_and_wait(qtbot, rig, code)
    screen.request_complete()
    qtbot.waitUntil(lambda: screen.order is None and not screen.busy, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: screen.print_banner.last_report is not None, timeout=WAIT_MS)
    cage = words["cage {carrier}"].format(carrier=order.carrier)
    where = words["Put the parcel in {destination}. "].format(destination=cage)
    qtbot.waitUntil(lambda: where in screen.banner.text(), timeout=WAIT_MS)
    assert "cage" not in screen.banner.text()
    assert english_in(shown_texts(rig.ui.window), language) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_reason_is_in_the_station_language(
    qtbot: QtBot,
    make_rig: MakeRig,
    language: str,
    back_in_english: None,  # noqa: F811
) -> None:
    rig = make_rig(orders=ORDERS, options=UiOptions(idle_lock_minutes=0, language=language))
    screen, words = rig.ui.pack_screen, catalogue(language)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["BOXED-1"])
    order, session = screen.order, screen.session
    assert order is not None and session is not None

    def hold(reason: str) -> str:
        with pytest.raises(DomainError) as refusal:
            rig.station.packing.hold_order(session, order.id, reason)
        return translated(refusal.value.message)

    what = words["hold reason"]
    assert off_gui(lambda: hold("   ")) == words["The {what} is empty."].format(what=what)
    control = words["The {what} contains characters that cannot be stored ({names})."]
    assert off_gui(lambda: hold("torn\x07")) == control.format(what=what, names="0x07")
    long = words["The {what} is {length} characters long; at most {most} are allowed."]
    assert off_gui(lambda: hold("x" * 201)) == long.format(what=what, length=201, most=200)
    assert screen.order is not None  # nothing was held
