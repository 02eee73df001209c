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
from app.adapters.devices.scales.simulated import noise_for
from app.adapters.devices.station_printer import StationPrinter
from app.bootstrap import build_station, scale_source
from app.demo_build import build_demo
from app.domain.labels import LABEL_4X6_203
from app.domain.model import ScanOutcome
from app.domain.weight_check import kg
from app.settings import Settings
from app.ui.app import StationUi, UiOptions, build_ui
from app.ui.sounds import Sound
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
def demo_station(
    request: pytest.FixtureRequest, qapp: QApplication, engine: Engine, tmp_path: Path
) -> Iterator[DemoStation]:
    demo = build_demo(engine, datetime.now(UTC), history=False)
    order = next(o for o in demo.summary.orders if "Two parcels" in o.notes)
    settings = Settings(
        station="PACK-01",
        data_dir=tmp_path,
        scale_protocol="simulated",
        # (indirect parametrisation: the demo's [scale] simulate_offset_g)
        scale_simulate_offset_g=getattr(request, "param", 0),
    )
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


def near(pack_out: PackOut, grams: int) -> bool:
    """The simulated scale settled on ``grams``, give or take its noise."""
    reading = pack_out.reading
    return (
        reading is not None
        and reading.stable
        and reading.grams is not None
        and abs(reading.grams - grams) <= noise_for(grams)
    )


def settled(pack_out: PackOut) -> int:
    assert pack_out.reading is not None and pack_out.reading.grams is not None
    return pack_out.reading.grams


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
    qtbot.waitUntil(lambda: near(pack_out, parcel_1), timeout=WAIT_MS)
    weighed_1 = settled(pack_out)
    assert "Closing parcel 1" in scan("CMDNEWPARCEL")
    qtbot.waitUntil(lambda: pack_out.parcel_no == 2, timeout=WAIT_MS)
    closed = f"Parcel 1 ({kg(weighed_1)}) closed"
    qtbot.waitUntil(lambda: closed in screen.banner.text(), timeout=WAIT_MS)
    # What is left fits one box: the suggestion names it.
    qtbot.waitUntil(lambda: "Parcel 2: Suggested box: L3" in box_line.text(), timeout=WAIT_MS)

    # Parcel 2: the beach towels, in box L3; Complete closes it.
    scan(codes[beach])
    scan(codes[beach])
    assert "Parcel 2 goes in box L3" in scan("BOXL3")
    parcel_2 = 2 * BEACH_TOWEL_G + L3_TARE_G
    qtbot.waitUntil(lambda: near(pack_out, parcel_2), timeout=WAIT_MS)
    weighed_2 = settled(pack_out)
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
        (1, weighed_1, "XL4"),
        (2, weighed_2, "L3"),
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


@pytest.mark.parametrize("demo_station", [600], indirect=True)
def test_the_demos_scale_set_off_weight_is_refused_by_the_weight_check(
    qtbot: QtBot, demo_station: DemoStation
) -> None:
    """``[scale] simulate_offset_g = 600``: the demo's scale reads every parcel 600 g heavy, and
    closing the parcel is refused with the figures, its sound and nothing labelled."""
    ui, order = demo_station.ui, demo_station.order
    screen = ui.pack_screen
    pack_out = screen.pack_out
    codes = {line.sku: line.ean13 for line in order.lines}
    bath, yoga, _beach = (line.sku for line in order.lines)

    def scan(code: str) -> None:
        with qtbot.waitSignal(screen.banner_changed, timeout=WAIT_MS):
            wedge(screen.entry, code)
        qtbot.waitUntil(lambda: not screen.busy, timeout=WAIT_MS)

    scan("BDG1001")
    scan(order.slip_code)
    for code in (codes[bath], codes[bath], codes[bath], codes[yoga], "BOXXL4"):
        scan(code)
    expected = 3 * BATH_TOWEL_G + YOGA_MAT_G + XL4_TARE_G
    qtbot.waitUntil(lambda: near(pack_out, expected + 600), timeout=WAIT_MS)
    weighed = settled(pack_out)
    scan("CMDNEWPARCEL")
    qtbot.waitUntil(lambda: pack_out.refused is not None, timeout=WAIT_MS)
    banner = screen.banner.text()
    assert "WEIGHT REFUSED" in banner
    assert f"{kg(weighed)}, expected 3.66-4.04 kg: check the parcel" in banner
    assert screen.sounds.last_played is Sound.WEIGHT
    assert screen.acknowledgement.error is not None  # it must be acknowledged
    assert pack_out.parcel_no == 1

    def parcels() -> list[int | None]:
        with demo_station.engine.connect() as conn:
            return list(conn.execute(select(t.parcels.c.weight_g)).scalars())

    assert off_gui(parcels) == []  # nothing closed, nothing labelled
    assert demo_station.printer.jobs == []
