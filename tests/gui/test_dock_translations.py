"""The dock at a German and a Spanish station: its own texts and every answer to a scan (loaded,
another carrier's parcel, an unknown label, a product's barcode, an order slip, a voided label,
sign-out) in the station's language, with no English left on the screen."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, update

from app.adapters.db import tables as t
from app.domain.handoff import LoadOutcome
from app.ui.dock.screen import DockScreen
from app.ui.i18n import use_language
from tests.gui.test_dock_screen import dock, scan
from tests.gui.test_translations import english_in, shown_texts

__all__ = ["dock"]  # the fixture, used by name

WORDS = {
    "de": ("Käfig DHL, Abholung Mo 17:00", "verladen", "Paket von UPS am Käfig DHL", "STORNIERT"),
    "es": (
        "Jaula DHL, recogida lun 17:00",
        "cargado",
        "Paquete de UPS en la jaula de DHL",
        "ANULADA",
    ),
}


@pytest.fixture(params=["de", "es"])
def language(request: pytest.FixtureRequest) -> Iterator[str]:
    assert use_language(request.param)
    yield request.param
    use_language("en")


def test_the_dock_shows_no_english(
    qtbot: QtBot,
    language: str,
    dock: tuple[DockScreen, list[str]],
    engine: Engine,
    now: datetime,
) -> None:
    screen, (dhl_1, dhl_2, ups) = dock
    cage, loaded, wrong, voided = WORDS[language]
    seen = shown_texts(screen)
    screen.on_scan(dhl_1)  # before the badge
    seen += shown_texts(screen)
    screen.on_scan("BDG1001")
    qtbot.waitUntil(lambda: screen.actor is not None)
    seen += shown_texts(screen)

    assert scan(qtbot, screen, dhl_1).outcome is LoadOutcome.LOADED
    assert screen.cage.text() == cage and loaded in screen.message.text()
    seen += shown_texts(screen)
    assert scan(qtbot, screen, ups).outcome is LoadOutcome.WRONG_CARRIER
    assert wrong in screen.message.text()
    seen += shown_texts(screen)
    for refused in ("JJ999999999DE", "4006381333931", "ORDSHOP-2", dhl_1):
        scan(qtbot, screen, refused)
        seen += shown_texts(screen)

    def void() -> None:
        with engine.begin() as conn:
            conn.execute(
                update(t.parcels).where(t.parcels.c.tracking_number == dhl_2).values(voided_at=now)
            )

    elsewhere = threading.Thread(target=void)
    elsewhere.start()
    elsewhere.join()
    assert scan(qtbot, screen, dhl_2).outcome is LoadOutcome.VOIDED
    assert voided in screen.message.text()
    seen += shown_texts(screen)
    screen.on_scan("CMDSIGNOUT")
    seen += shown_texts(screen)

    assert english_in(seen, language) == []
    assert not any("parcel label" in text or "Scan your badge" in text for text in seen)
