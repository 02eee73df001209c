"""Three parcels of one order as the printer received them: each closed through the real
services (weighed), its label sent to a loopback ESC/POS printer at once, and every label read
back from the bytes: its own tracking number, SSCC, weight and parcel number."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.devices.labels import ESCPOS_4INCH_203
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.domain.labels import LABEL_4X6_203
from app.services.pack_out import ParcelClosed
from tests.integration.test_label_delivered import images_of, job_text, symbols
from tests.support.factories import World, add_sscc_range, seed
from tests.support.station import StationUnderTest, make_station
from tests.support.virtual_printer import VirtualPrinter, payload

ORDER = "THREE-1"
PARCELS = [[("MUG-BLUE", 2)], [("NOTE-A5", 1), ("PEN-BLK", 1)], [("CABLE-C1", 1)]]
WEIGHTS = [212, 187, 96]


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    lines = [("MUG-BLUE", 2), ("NOTE-A5", 1), ("PEN-BLK", 1), ("CABLE-C1", 1)]
    world = seed(engine, now, orders=[(ORDER, lines)])
    add_sscc_range(engine, "4012345", extension=3)
    return world


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def test_three_parcels_three_labels_each_its_own(
    engine: Engine, station: StationUnderTest, world: World, tmp_path: Path
) -> None:
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips[ORDER]).id
    with VirtualPrinter() as device:
        printer = StationPrinter(
            NetworkConnection("127.0.0.1", device.port, timeout=5.0, language="escpos"),
            language="escpos",
            size=LABEL_4X6_203,
            profile=ESCPOS_4INCH_203,
            preview_dir=tmp_path / "previews",
            name="desk-1",
        )
        labels = station.labels(printer)
        for number, (contents, grams) in enumerate(zip(PARCELS, WEIGHTS, strict=True), 1):
            for sku, quantity in contents:
                for _ in range(quantity):
                    station.packing.record_scan(
                        session, order_id, uuid.uuid4().hex, world.product_codes[sku]
                    )
            closed = station.packing.pack_out.close_parcel(
                session, order_id, "desk-1", last=number == len(PARCELS), weight_g=grams
            )
            assert isinstance(closed, ParcelClosed) and closed.parcel_no == number
            # The label prints at once, while the order may still be packed on.
            assert [r.state for r in labels.process_due(session)] == ["sent"]
        supervisor = station.sign_in("BDG9001")  # the first label again, now the count is known
        first = labels.reprint(supervisor, closed_tracking(engine, 1), "label torn")
        assert labels.print_job(session, first).state == "sent"
        received = device.jobs
    jobs = [payload(job) for job in received if payload(job).startswith(b"\x1b@")]
    assert len(jobs) == 4

    with engine.connect() as conn:
        rows = conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == order_id).order_by(t.parcels.c.seq)
        ).all()
    assert [r.weight_g for r in rows] == WEIGHTS
    assert len({r.tracking_number for r in rows}) == len({r.sscc for r in rows}) == 3
    parcel_texts = ["Parcel 1", "Parcel 2", "Parcel 3 of 3", "Parcel 1 of 3"]
    for job, row, parcel_text in zip(jobs, [*rows, rows[0]], parcel_texts, strict=True):
        (image,) = images_of(job, "escpos")
        assert symbols(image) == {
            "Code128": row.tracking_number,
            "GS1-128": f"(00){row.sscc}",
            "QRCode": f"https://id.gs1.org/00/{row.sscc}",
        }
        text = job_text(job, "escpos")
        assert [x.strip() for x in text.splitlines() if "Parcel " in x] == [parcel_text]
        assert f"Weight 0.{row.weight_g:03d} kg" in text


def closed_tracking(engine: Engine, seq: int) -> str:
    with engine.connect() as conn:
        return str(
            conn.execute(
                select(t.parcels.c.tracking_number).where(t.parcels.c.seq == seq)
            ).scalar_one()
        )
