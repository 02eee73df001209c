"""The open order's packing notes and box on the real station (pytest-qt over a real database):
a box barcode scanned through the station's own path, its tare on the simulated scale and on the
parcel; important notes that stop item scans until acknowledged, the gift message apart."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.devices.scales.simulated import SimulatedScale
from app.domain.model import ScanOutcome
from app.domain.weighing import ScaleReading
from app.services.boxes import import_boxes
from app.services.clock import SystemClock
from app.ui.station.weighing import PackOut
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import WAIT_MS, off_gui, scan_and_wait

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
ORDERS = [("BOXED-1", [("MUG-BLUE", 2), ("NOTE-A5", 1)])]


def stable(pack_out: PackOut, grams: int) -> bool:
    reading = pack_out.reading
    return reading is not None and reading.stable and reading.grams == grams


def with_boxes(rig: Rig) -> None:
    def setup() -> None:
        data = (SAMPLES / "boxes.csv").read_bytes()
        import_boxes(SqlUnitOfWork.factory(rig.engine), SystemClock(), "boxes.csv", data)
        with rig.engine.begin() as conn:
            for sku, size in (("MUG-BLUE", (120, 100, 70)), ("NOTE-A5", (210, 148, 15))):
                conn.execute(
                    update(t.products)
                    .where(t.products.c.sku == sku)
                    .values(length_mm=size[0], width_mm=size[1], height_mm=size[2])
                )

    off_gui(setup)


def test_a_box_scanned_at_the_station_goes_on_the_parcel_with_its_tare(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    scale = SimulatedScale(motion_steps=2, step_s=0.01, noise_g=0)
    rig = make_rig(orders=ORDERS, scale=scale)
    with_boxes(rig)
    screen = rig.ui.pack_screen
    panels = screen.order_panels
    codes = rig.world.product_codes

    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["BOXED-1"])
    qtbot.waitUntil(lambda: panels.box_line.isVisibleTo(screen), timeout=WAIT_MS)
    assert panels.box_line.text() == (
        "📦 Parcel 1: Suggested box: S1 (220x160x80 mm, tare 120 g), 76% full. "
        "Scan the box's barcode."
    )
    assert not panels.notes_frame.isVisibleTo(screen)  # this order has no notes
    for code in (codes["MUG-BLUE"], codes["MUG-BLUE"], codes["NOTE-A5"]):
        scan_and_wait(qtbot, rig, code)
    qtbot.waitUntil(lambda: stable(screen.pack_out, 300), timeout=WAIT_MS)

    said = scan_and_wait(qtbot, rig, "BOXS1")  # the box's barcode: the box prefix and its code
    assert "Parcel 1 goes in box S1 (220x160x80 mm, tare 120 g)." in said
    assert panels.box_line.text() == "📦 Parcel 1 goes in box S1 (220x160x80 mm, tare 120 g)."
    qtbot.waitUntil(lambda: stable(screen.pack_out, 420), timeout=WAIT_MS)  # + the tare

    refused = scan_and_wait(qtbot, rig, "BOXNONE")
    assert "Box NONE is not a box type of this site" in refused
    assert screen.order is not None and screen.order.units_verified == 3

    scale.set_reading(ScaleReading.weighed(425, stable=True))
    qtbot.waitUntil(lambda: stable(screen.pack_out, 425), timeout=WAIT_MS)
    screen.request_complete()
    qtbot.waitUntil(lambda: screen.order is None and not screen.busy, timeout=WAIT_MS)
    assert not panels.box_line.isVisibleTo(screen)

    def parcel() -> tuple[str | None, int | None]:
        with rig.engine.connect() as conn:
            row = conn.execute(select(t.parcels.c.box_code, t.parcels.c.weight_g)).one()
        return row.box_code, row.weight_g

    assert off_gui(parcel) == ("S1", 425)


def test_important_notes_stop_item_scans_until_acknowledged(
    qtbot: QtBot, make_rig: MakeRig
) -> None:
    rig = make_rig(orders=[*ORDERS, ("PLAIN-1", [("NOTE-A5", 1)])])
    screen = rig.ui.pack_screen
    panels = screen.order_panels
    codes = rig.world.product_codes

    def write_notes() -> None:
        with rig.engine.begin() as conn:
            conn.execute(
                update(t.orders)
                .where(t.orders.c.reference == "BOXED-1")
                .values(
                    notes="Customer is a florist.",
                    packing_instructions="Mugs upright, paper filler only.",
                    gift_message="Happy birthday, Sam!",
                    notes_important=True,
                )
            )
            conn.execute(
                update(t.orders)
                .where(t.orders.c.reference == "PLAIN-1")
                .values(packing_instructions="Invoice goes in the parcel.")
            )

    off_gui(write_notes)
    scan_and_wait(qtbot, rig, "BDG1001")
    said = scan_and_wait(qtbot, rig, rig.world.slips["BOXED-1"])
    assert "Order BOXED-1: read the packing notes." in screen.banner.text(), said
    assert panels.notes_frame.isVisibleTo(screen)
    assert panels.notes_title.text() == "⚠ IMPORTANT: PACKING NOTES"
    assert panels.notes_text.text() == "Mugs upright, paper filler only.\nCustomer is a florist."
    assert panels.gift_message.text() == "🎁 Gift message:\nHappy birthday, Sam!"
    assert screen.acknowledgement.button.isVisibleTo(screen)

    # An item scan is refused (and stored as refused); the order does not change.
    refused = scan_and_wait(qtbot, rig, codes["MUG-BLUE"])
    # Refused, the instruction said once: the notes' own, then what was not counted.
    assert "Scan ACKNOWLEDGE or press [F7].\n⛔ NOT COUNTED" in refused
    assert screen.order is not None and screen.order.units_verified == 0

    scan_and_wait(qtbot, rig, "CMDACKNOWLEDGE")
    assert screen.acknowledgement.error is None
    assert "Acknowledged by Alex Packer" in screen.banner.text()
    assert panels.notes_frame.isVisibleTo(screen)  # the notes stay in view
    scan_and_wait(qtbot, rig, codes["MUG-BLUE"])
    assert screen.order is not None and screen.order.units_verified == 1

    def stored() -> tuple[list[str], list[str]]:
        with rig.engine.connect() as conn:
            outcomes = conn.execute(
                select(t.scan_events.c.outcome).order_by(t.scan_events.c.id)
            ).scalars()
            audit = conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "acknowledge")
            ).scalars()
            return list(outcomes), list(audit)

    outcomes, audit = off_gui(stored)
    assert outcomes == [ScanOutcome.REFUSED_UNACKNOWLEDGED.value, ScanOutcome.ACCEPTED.value]
    assert audit == ["packing notes acknowledged by Alex Packer"]

    # Notes that are not important are shown and stop nothing.
    scan_and_wait(qtbot, rig, "CMDHOLD")
    scan_and_wait(qtbot, rig, "CMDHOLDDAMAGED")
    assert screen.order is None and not panels.notes_frame.isVisibleTo(screen)
    scan_and_wait(qtbot, rig, rig.world.slips["PLAIN-1"])
    assert panels.notes_title.text() == "Packing notes"
    assert panels.notes_text.text() == "Invoice goes in the parcel."
    assert not panels.gift_message.isVisibleTo(screen)
    assert screen.acknowledgement.error is None
    scan_and_wait(qtbot, rig, codes["NOTE-A5"])
    assert screen.order is not None and screen.order.fully_verified
