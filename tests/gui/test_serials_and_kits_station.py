"""Expected serials and kits at the real station (widgets, scan capture, database worker),
on both databases: a serial not on the order's list is refused as its own outcome and must be
acknowledged, the listed ones are ticked off on screen; a kit's components are scanned one by
one, grouped under the kit."""

from __future__ import annotations

from pytestqt.qtbot import QtBot
from sqlalchemy import insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.model import ScanOutcome
from app.services.clock import SystemClock
from app.services.kits import KitService
from app.ui.station.display import Tone
from tests.gui.conftest import MakeRig, Rig
from tests.gui.test_pack_screen import acknowledge, add_line, off_gui, scan_and_wait, tone
from tests.support.factories import ean13

PHONE_GTIN = "9506000134352"


def _rows(rig: Rig) -> list[tuple[str, str, str, str]]:
    model = rig.ui.pack_screen.lines_model
    return [
        tuple(str(model.index(row, column).data()) for column in range(4))  # type: ignore[misc]
        for row in range(model.rowCount())
    ]


def _expect_serials(rig: Rig, reference: str, serials: str) -> None:
    def write() -> None:
        phone = select(t.products.c.id).where(t.products.c.sku == "PHONE-X").scalar_subquery()
        with rig.engine.begin() as conn:
            conn.execute(
                update(t.order_lines)
                .where(
                    t.order_lines.c.order_id == rig.world.orders[reference],
                    t.order_lines.c.product_id == phone,
                )
                .values(expected_serials=serials)
            )

    off_gui(write)


def test_a_serial_not_on_the_list_is_refused_and_the_others_ticked_off(
    qtbot: QtBot, rig: Rig
) -> None:
    screen = rig.ui.pack_screen
    add_line(rig, "SHOP-2", "PHONE-X", 2)
    _expect_serials(rig, "SHOP-2", "SN-1\nSN-2")
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["SHOP-2"])
    assert ("   Serials left: SN-1, SN-2", "", "2", "0") in _rows(rig)

    scan_and_wait(qtbot, rig, PHONE_GTIN)
    assert tone(screen) is Tone.ATTENTION
    shown = scan_and_wait(qtbot, rig, "SN-9")
    assert tone(screen) is Tone.ERROR
    assert "SERIAL NOT THIS ORDER'S" in shown
    assert "Serial SN-9 of Smartphone X (PHONE-X) is not one of this order's" in shown
    assert "scan the serial number of another unit of Smartphone X (PHONE-X)" in shown
    assert screen.acknowledgement.error is not None
    assert screen.acknowledgement.error.outcome is ScanOutcome.UNEXPECTED_SERIAL
    # nothing counts until it is acknowledged
    refused = scan_and_wait(qtbot, rig, PHONE_GTIN)
    assert "NOT COUNTED" in refused
    acknowledge(qtbot, rig)

    # the unit still waits for its serial: the next serial scanned answers it, without the
    # phone being scanned again
    shown = scan_and_wait(qtbot, rig, "SN-2")
    assert tone(screen) is Tone.OK
    assert "serial SN-2 ✔ · left: SN-1" in shown
    assert ("   Serials left: SN-1", "", "2", "1") in _rows(rig)
    scan_and_wait(qtbot, rig, PHONE_GTIN)
    scan_and_wait(qtbot, rig, "SN-1")
    assert ("   Serials left: none", "", "2", "✔ 2") in _rows(rig)

    def outcomes() -> list[str]:
        with rig.engine.connect() as conn:
            return list(
                conn.execute(
                    select(t.scan_events.c.outcome)
                    .where(t.scan_events.c.serial.is_not(None))
                    .order_by(t.scan_events.c.id)
                ).scalars()
            )

    assert off_gui(outcomes) == ["unexpected_serial", "accepted", "accepted"]


def test_a_kits_components_are_grouped_under_it(qtbot: QtBot, make_rig: MakeRig) -> None:
    rig = make_rig(orders=[("KIT-1", [("NOTE-A5", 1)])])
    screen = rig.ui.pack_screen

    def add_kit() -> None:
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
                    order_id=rig.world.orders["KIT-1"], line_no=2, product_id=kit_id, quantity=1
                )
            )
        KitService(SqlUnitOfWork.factory(rig.engine), SystemClock()).import_kits(
            "kits.csv", b"sku,components\nGIFT-SET,MUG-BLUE*2;CABLE-C1\n"
        )

    off_gui(add_kit)
    scan_and_wait(qtbot, rig, "BDG1001")
    scan_and_wait(qtbot, rig, rig.world.slips["KIT-1"])
    assert _rows(rig)[1:] == [
        ("Gift set", "GIFT-SET", "1", "0"),
        ("   ↳ USB-C cable 1 m", "CABLE-C1", "1", "0"),
        ("   ↳ Ceramic mug, blue", "MUG-BLUE", "2", "0"),
    ]
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    assert "Gift set: Ceramic mug, blue 1 of 2" in shown
    assert screen.counts.text() == "1 / 4"
    scan_and_wait(qtbot, rig, rig.world.product_codes["MUG-BLUE"])
    scan_and_wait(qtbot, rig, rig.world.product_codes["CABLE-C1"])
    assert _rows(rig)[1:] == [
        ("Gift set", "GIFT-SET", "1", "✔ 1"),
        ("   ↳ USB-C cable 1 m", "CABLE-C1", "1", "✔ 1"),
        ("   ↳ Ceramic mug, blue", "MUG-BLUE", "2", "✔ 2"),
    ]
    shown = scan_and_wait(qtbot, rig, rig.world.product_codes["NOTE-A5"])
    assert "All 4 units verified" in shown
