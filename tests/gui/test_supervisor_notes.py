"""The note a supervisor leaves for the next packer, read at the station (pytest-qt over a real
database): a held order sent back to ready, or shipped short, opens with "Supervisor: ..." as
an important packing note that the packer acknowledges before scanning items."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.floor import HoldResolution, Short
from app.services.clock import SystemClock
from app.services.floor import FloorService
from app.services.results import Session
from app.ui.i18n import use_language
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import off_gui, scan_and_wait

ORDERS = [("HELD-1", [("MUG-BLUE", 2), ("NOTE-A5", 1)])]


def supervisor(rig: Rig) -> tuple[FloorService, Session]:
    floor = FloorService(SqlUnitOfWork.factory(rig.engine), SystemClock())
    console = off_gui(lambda: floor.register_console("console office-pc"))
    packing = rig.station.packing
    return floor, off_gui(lambda: packing.sign_in(console, "BDG9001").session)


def held_order_id(rig: Rig) -> int:
    def read() -> int:
        with rig.engine.connect() as conn:
            return int(
                conn.execute(
                    select(t.orders.c.id).where(t.orders.c.reference == "HELD-1")
                ).scalar_one()
            )

    return off_gui(read)


def hold_at_the_station(qtbot: QtBot, rig: Rig) -> None:
    scan_and_wait(qtbot, rig, rig.world.slips["HELD-1"])
    scan_and_wait(qtbot, rig, "CMDHOLD")
    scan_and_wait(qtbot, rig, "CMDHOLDDAMAGED")
    assert rig.ui.pack_screen.order is None


def test_back_to_ready_note_is_shown_to_the_next_packer(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(orders=ORDERS)
    screen = rig.ui.pack_screen
    panels = screen.order_panels
    scan_and_wait(qtbot, rig, "BDG1001")
    hold_at_the_station(qtbot, rig)
    floor, session = supervisor(rig)
    order_id = held_order_id(rig)
    note = "Mug replaced from stock, tote 7"
    off_gui(lambda: floor.resolve_hold(session, order_id, HoldResolution.BACK_TO_READY, note))

    scan_and_wait(qtbot, rig, rig.world.slips["HELD-1"])
    assert screen.order is not None and screen.order.reference == "HELD-1"
    assert panels.notes_frame.isVisibleTo(screen)
    assert panels.notes_title.text() == "⚠ IMPORTANT: PACKING NOTES"
    assert panels.notes_text.text() == f"Supervisor: {note}"
    refused = scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    # Refused, the instruction said once: the notes' own, then what was not counted.
    assert "Scan ACKNOWLEDGE or press [F7].\n⛔ NOT COUNTED" in refused
    scan_and_wait(qtbot, rig, "CMDACKNOWLEDGE")
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert screen.order is not None and screen.order.units_verified == 1


def test_ship_short_note_is_shown_to_the_next_packer(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(orders=ORDERS)
    screen = rig.ui.pack_screen
    panels = screen.order_panels
    scan_and_wait(qtbot, rig, "BDG1001")
    hold_at_the_station(qtbot, rig)
    floor, session = supervisor(rig)
    order_id = held_order_id(rig)
    lines = off_gui(lambda: floor.held_lines(session, order_id))
    mug = next(line for line in lines if line.sku == "MUG-BLUE")
    off_gui(
        lambda: floor.resolve_hold(
            session, order_id, HoldResolution.SHIP_SHORT, "out of stock", [Short(mug.id, 1)]
        )
    )

    scan_and_wait(qtbot, rig, rig.world.slips["HELD-1"])
    assert panels.notes_frame.isVisibleTo(screen)
    assert panels.notes_text.text() == "Supervisor: Ship short: out of stock"


def test_the_supervisors_note_is_headed_in_the_stations_language(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    """The heading is the station's ("Schichtleitung: ..."); the note is as the supervisor
    wrote it."""
    rig = make_rig(orders=ORDERS)
    panels = rig.ui.pack_screen.order_panels
    scan_and_wait(qtbot, rig, "BDG1001")
    hold_at_the_station(qtbot, rig)
    floor, session = supervisor(rig)
    order_id = held_order_id(rig)
    note = "Mug replaced from stock, tote 7"
    off_gui(lambda: floor.resolve_hold(session, order_id, HoldResolution.BACK_TO_READY, note))
    use_language("de")
    try:
        scan_and_wait(qtbot, rig, rig.world.slips["HELD-1"])
        assert panels.notes_text.text() == f"Schichtleitung: {note}"
    finally:
        use_language("en")
