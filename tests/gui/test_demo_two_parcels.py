"""The demo's two-parcel order packed at the real station by scanner alone, with the demo's
simulated scale (as ``packbench --demo`` wires it) and a loopback ESC/POS label printer: the
box suggestion, the box barcodes, the New parcel command, and both labels read back from the
bytes the printer received (each its own tracking number, SSCC, weight and "n of 2")."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.db.demo_data import DemoOrder
from app.adapters.devices.labels import ESCPOS_4INCH_203
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.bootstrap import build_station, scale_source
from app.demo_build import build_demo
from app.domain.labels import LABEL_4X6_203
from app.domain.model import ScanOutcome
from app.settings import Settings
from app.ui.app import StationUi, UiOptions, build_ui
from app.ui.station.weighing import PackOut
from tests.gui.test_pack_screen import WAIT_MS, off_gui, wedge
from tests.integration.test_label_delivered import images_of, job_text, symbols
from tests.support.virtual_printer import VirtualPrinter, payload

# The demo's products' weights (resources/samples/demo/products.csv) and the boxes' tares.
BATH_TOWEL_G, YOGA_MAT_G, BEACH_TOWEL_G = 600, 1150, 520
XL4_TARE_G, L3_TARE_G = 900, 450


@dataclass
class DemoStation:
    ui: StationUi
    engine: Engine
    order: DemoOrder
    printer: VirtualPrinter


@pytest.fixture
def demo_station(qapp: QApplication, engine: Engine, tmp_path: Path) -> Iterator[DemoStation]:
    demo = build_demo(engine, datetime.now(UTC), history=False)
    order = next(o for o in demo.summary.orders if "Two parcels" in o.notes)
    settings = Settings(station="PACK-01", data_dir=tmp_path, scale_protocol="simulated")
    with VirtualPrinter() as device:
        printer = StationPrinter(
            NetworkConnection("127.0.0.1", device.port, timeout=5.0, language="escpos"),
            language="escpos",
            size=LABEL_4X6_203,
            profile=ESCPOS_4INCH_203,
            preview_dir=tmp_path / "previews",
            name="desk-1",
        )
        station = build_station(settings, engine=engine, printer=printer)
        station.forbid_sql_on_gui_thread()
        ui = build_ui(
            qapp,
            station.packing,
            station.labels,
            station.record,
            UiOptions(idle_lock_minutes=0),
            scale=scale_source(settings),
        )
        ui.window.resize(1920, 1080)
        ui.window.show()
        ui.pack_screen.entry.setFocus()
        yield DemoStation(ui, engine, order, device)
        ui.shutdown()
        qapp.removeEventFilter(ui.capture)
        ui.window.close()
        ui.window.deleteLater()
        qapp.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        del ui
        gc.collect()


def stable(pack_out: PackOut, grams: int) -> bool:
    reading = pack_out.reading
    return reading is not None and reading.stable and reading.grams == grams


def test_the_demos_two_parcel_order_by_scanner_with_the_simulated_scale(
    qtbot: QtBot, demo_station: DemoStation
) -> None:
    ui, order = demo_station.ui, demo_station.order
    screen = ui.pack_screen
    pack_out = screen.pack_out
    box_line = screen.order_panels.box_line
    codes = {line.sku: line.ean13 for line in order.lines}
    bath, yoga, beach = (line.sku for line in order.lines)
    outcomes: list[ScanOutcome] = []
    screen.scan_shown.connect(lambda shown: outcomes.append(shown.outcome))

    def scan(code: str) -> str:
        with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS) as blocker:
            wedge(screen.entry, code)
        qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)
        return str(blocker.args[0]) if blocker.args else ""

    header = ui.window.findChildren(type(ui.window.device_status))
    qtbot.waitUntil(
        lambda: any("Scale Simulated scale: connected" in tag.text() for tag in header),
        timeout=WAIT_MS,
    )
    scan("BDG1001")
    scan(order.slip_code)
    assert screen.order is not None and screen.order.reference == order.reference
    qtbot.waitUntil(lambda: box_line.isVisibleTo(screen), timeout=WAIT_MS)
    assert "No one box takes it all (too large for XL4): pack it in several parcels." in (
        box_line.text()
    )
    assert "Two parcels" in screen.order_panels.notes_text.text()

    # Parcel 1: the bath towels and the yoga mat, in box XL4.
    for code in (codes[bath], codes[bath], codes[bath], codes[yoga]):
        scan(code)
    assert "Parcel 1 goes in box XL4" in scan("BOXXL4")
    parcel_1 = 3 * BATH_TOWEL_G + YOGA_MAT_G + XL4_TARE_G
    qtbot.waitUntil(lambda: stable(pack_out, parcel_1), timeout=WAIT_MS)
    assert "Closing parcel 1" in scan("CMDNEWPARCEL")
    qtbot.waitUntil(lambda: pack_out.parcel_no == 2, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "Parcel 1 (3.85 kg) closed" in screen.banner.text(), timeout=WAIT_MS)
    # What is left fits one box: the suggestion names it.
    qtbot.waitUntil(lambda: "Parcel 2: Suggested box: L3" in box_line.text(), timeout=WAIT_MS)

    # Parcel 2: the beach towels, in box L3; Complete closes it.
    scan(codes[beach])
    scan(codes[beach])
    assert "Parcel 2 goes in box L3" in scan("BOXL3")
    parcel_2 = 2 * BEACH_TOWEL_G + L3_TARE_G
    qtbot.waitUntil(lambda: stable(pack_out, parcel_2), timeout=WAIT_MS)
    scan("CMDCOMPLETE")
    qtbot.waitUntil(lambda: screen.order is None, timeout=WAIT_MS)
    assert set(outcomes) == {ScanOutcome.ACCEPTED}

    received = demo_station.printer.wait_for_jobs(2, timeout=WAIT_MS / 1000)
    jobs = [payload(job) for job in received if payload(job).startswith(b"\x1b@")]
    assert len(jobs) == 2

    def parcels() -> list[tuple[int, str, str, int, str]]:
        with demo_station.engine.connect() as conn:
            rows = conn.execute(
                select(
                    t.parcels.c.seq,
                    t.parcels.c.tracking_number,
                    t.parcels.c.sscc,
                    t.parcels.c.weight_g,
                    t.parcels.c.box_code,
                )
                .join(t.orders, t.orders.c.id == t.parcels.c.order_id)
                .where(t.orders.c.reference == order.reference)
                .order_by(t.parcels.c.seq)
            ).all()
        return [tuple(row) for row in rows]

    stored = off_gui(parcels)
    assert [(seq, grams, box) for seq, _, _, grams, box in stored] == [
        (1, parcel_1, "XL4"),
        (2, parcel_2, "L3"),
    ]
    # The first label printed while the order was still open (its count not known yet); the
    # second once it was complete.
    for job, (seq, tracking, sscc, grams, _box), parcel_text in zip(
        jobs, stored, ["Parcel 1", "Parcel 2 of 2"], strict=True
    ):
        (image,) = images_of(job, "escpos")
        assert symbols(image) == {
            "Code128": tracking,
            "GS1-128": f"(00){sscc}",
            "QRCode": f"https://id.gs1.org/00/{sscc}",
        }, seq
        text = job_text(job, "escpos")
        assert [x.strip() for x in text.splitlines() if "Parcel " in x] == [parcel_text]
        assert f"Weight {grams / 1000:.3f} kg" in text
        assert order.reference in text
    assert stored[0][1] != stored[1][1] and stored[0][2] != stored[1][2]
