"""The label as the printer received it: pack an order through the real services, let the
print queue send its label to a loopback network printer, and read every barcode back from
the bytes that arrived, on SQLite and PostgreSQL, for ESC/POS and for ZPL.

ESC/POS jobs are run on a model of the printer's paper (``tests/support/escpos_paper.py``:
native ``GS k`` barcodes and ``GS ( k`` QR codes drawn from the command bytes); ZPL jobs are
drawn by ``tests/support/zpl_raster.py`` and by zplkit. zxing-cpp reads the images, and what
it reads must be the parcel's row: the tracking number as Code 128, the SSCC as GS1-128 with
AI 00 and a valid check digit, and the QR code (the SSCC's GS1 Digital Link URI), and nothing
else.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import Engine, select

from app.adapters.db import tables as t
from app.adapters.devices.labels import ESCPOS_4INCH_203
from app.adapters.devices.printers import NetworkConnection
from app.adapters.devices.station_printer import StationPrinter
from app.domain.barcodes import CodeKind, interpret
from app.domain.labels import LABEL_4X6_203
from app.domain.sscc import validate_sscc
from tests.support.escpos_paper import print_escpos
from tests.support.factories import World, add_sscc_range, seed
from tests.support.station import StationUnderTest, make_station
from tests.support.virtual_printer import VirtualPrinter, payload
from tests.support.zpl_raster import render_zpl_image

ORDER = "E2E-1"
LINES = [("MUG-BLUE", 2), ("CABLE-C1", 1)]
COMPANY_PREFIX = "4012345"
JOB_START = {"escpos": b"\x1b@", "zpl": b"^XA"}  # a label job, not a status question


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    world = seed(engine, now, orders=[(ORDER, LINES)])
    add_sscc_range(engine, COMPANY_PREFIX, extension=3)
    return world


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def symbols(image: Image.Image) -> dict[str, str]:
    """Every barcode zxing-cpp finds, by kind ("Code128", "GS1-128", "QRCode"); two of a kind
    fail the test."""
    found: dict[str, str] = {}
    for result in zxingcpp.read_barcodes(image):
        kind = "GS1-128" if result.symbology_identifier == "]C1" else result.format.name
        assert kind not in found, f"two {kind} symbols: {found[kind]!r}, {result.text!r}"
        found[kind] = result.text
    return found


def zplkit_image(zpl: bytes) -> Image.Image:
    """zplkit's drawing of a job. zplkit has no glyphs outside ASCII: the text's other
    characters ("ß", "ö" of the address) become "?" for it; barcode data is ASCII anyway."""
    import zplkit  # test-only (OSL-3.0): never shipped with the app

    size = LABEL_4X6_203
    ascii_job = zpl.decode("utf-8").encode("ascii", "replace")
    document = zplkit.render(
        ascii_job, zplkit.Options(dpi=size.dpi, width=size.width_px, height=size.height_px)
    )
    raster = document.labels[0].rasterize()
    return Image.frombytes("L", (raster.width, raster.height), raster.pixels)


def images_of(job: bytes, language: str) -> list[Image.Image]:
    """The job as printed: the ESC/POS paper, or the ZPL drawn by two renderers."""
    if language == "escpos":
        paper = print_escpos(job, int(ESCPOS_4INCH_203.width_px or 0), dpi=LABEL_4X6_203.dpi)
        assert LABEL_4X6_203.height_px is not None
        assert paper.ink_bottom <= LABEL_4X6_203.height_px  # all of it on the 4x6 label
        return [paper.image]
    rendering = render_zpl_image(job.decode("utf-8"))
    assert rendering.warnings == []
    return [rendering.image, zplkit_image(job)]


def pack_order(station: StationUnderTest, world: World) -> int:
    """Claim, scan every unit, complete: the label job's id."""
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips[ORDER]).id
    for sku, quantity in LINES:
        for _ in range(quantity):
            result = station.packing.record_scan(
                session, order_id, uuid.uuid4().hex, world.product_codes[sku]
            )
            assert result.outcome == "accepted", result
    return station.packing.complete_order(session, order_id, "desk-1").print_job_id


def parcel_row(engine: Engine, world: World) -> dict[str, object]:
    with engine.connect() as conn:
        row = conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == world.orders[ORDER])
        ).one()
    return dict(row._mapping)


@pytest.mark.parametrize("language", ["escpos", "zpl"])
def test_every_barcode_on_the_delivered_label_is_the_parcels(
    engine: Engine, station: StationUnderTest, world: World, language: str, tmp_path: Path
) -> None:
    job_id = pack_order(station, world)
    session = station.sign_in()
    with VirtualPrinter() as device:
        printer = StationPrinter(
            NetworkConnection("127.0.0.1", device.port, timeout=5.0, language=language),
            language=language,
            size=LABEL_4X6_203,
            profile=ESCPOS_4INCH_203,
            preview_dir=tmp_path / "previews",
            name="desk-1",
        )
        labels = station.labels(printer)
        reports = labels.process_due(session)
        assert [(r.job_id, r.state) for r in reports] == [(job_id, "sent")]
        supervisor = station.sign_in("BDG9001")  # packers may not reprint at this site
        again = labels.reprint(supervisor, reports[0].tracking_number, "label torn")
        assert labels.print_job(session, again).state == "sent"
        received = device.jobs
    # Each connection carries the status questions around the job; the job is what is left.
    jobs = [payload(job) for job in received if payload(job).startswith(JOB_START[language])]
    assert len(jobs) == 2  # the label and its reprint, nothing else

    parcel = parcel_row(engine, world)
    tracking, sscc = str(parcel["tracking_number"]), str(parcel["sscc"])
    assert validate_sscc(sscc) == sscc  # 18 digits, check digit right
    assert sscc.startswith("3" + COMPANY_PREFIX)
    want = {
        "Code128": tracking,
        "GS1-128": f"(00){sscc}",
        "QRCode": f"https://id.gs1.org/00/{sscc}",
    }
    for job in jobs:
        for image in images_of(job, language):
            assert symbols(image) == want
    # The QR code is the parcel for the station's own scanner too.
    scanned = interpret(want["QRCode"])
    assert scanned.kind is CodeKind.SSCC and scanned.sscc == sscc
    gs1 = interpret("]C1" + want["GS1-128"].replace("(00)", "00"))
    assert gs1.sscc == sscc

    # The text a person reads says the same.
    text = job_text(jobs[0], language)
    assert tracking in text
    assert f"(00) 3 {COMPANY_PREFIX} {sscc[8:17]} {sscc[17]}" in text
    assert "Parcel 1 of 1" in text and ORDER in text


def job_text(job: bytes, language: str) -> str:
    if language == "escpos":
        paper = print_escpos(job, int(ESCPOS_4INCH_203.width_px or 0))
        return "\n".join(paper.lines)
    return "\n".join(render_zpl_image(job.decode("utf-8")).texts())
