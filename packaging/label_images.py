"""Make the README's label images from what a printer really received.

    .venv/bin/python packaging/label_images.py [--out resources/screenshots]

Packs a demo order through the real services (claim, scan every unit, complete) on a fresh
demo database, lets the print queue send its label to a loopback network printer
(``tests.support.virtual_printer``) as ZPL, then once more (a reprint, same parcel) as native
ESC/POS, and draws the bytes the printer received: the ZPL with ``tests.support.zpl_raster``,
the ESC/POS on the paper model ``tests.support.escpos_paper``. Before writing anything it reads
every barcode in both pictures with zxing-cpp and checks them against the parcel's row
(tracking number as Code 128, SSCC as GS1-128 with AI 00, the QR code as the SSCC's GS1
Digital Link URI); a disagreement writes nothing and exits with status 1.

Writes ``label-4x6-203dpi.png`` (ZPL, 812x1218) and ``label-4x6-203dpi-escpos.png`` (native
ESC/POS on a 4-inch printer, 832 dots wide, as long as the 4x6 label) and prints the job
sizes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import zxingcpp  # noqa: E402
from PIL import Image  # noqa: E402
from sqlalchemy import select  # noqa: E402

from app.adapters.db import tables as t  # noqa: E402
from app.adapters.db.uow import SqlUnitOfWork  # noqa: E402
from app.adapters.devices.labels import ESCPOS_4INCH_203  # noqa: E402
from app.adapters.devices.printers import NetworkConnection  # noqa: E402
from app.adapters.devices.station_printer import StationPrinter  # noqa: E402
from app.bootstrap import open_database, sender_address  # noqa: E402
from app.demo import create_demo_database  # noqa: E402
from app.domain.labels import LABEL_4X6_203, sscc_digital_link  # noqa: E402
from app.domain.sscc import validate_sscc  # noqa: E402
from app.services.clock import SystemClock  # noqa: E402
from app.services.printing import LabelService  # noqa: E402
from app.settings import Settings  # noqa: E402
from tests.support.escpos_paper import print_escpos  # noqa: E402
from tests.support.station import make_station  # noqa: E402
from tests.support.virtual_printer import VirtualPrinter, payload  # noqa: E402
from tests.support.zpl_raster import render_zpl_image  # noqa: E402

ORDER = "SHOP-100003"
PRINTER = "desk-1"


def symbols(image: Image.Image) -> dict[str, str]:
    found: dict[str, str] = {}
    for result in zxingcpp.read_barcodes(image):
        kind = "GS1-128" if result.symbology_identifier == "]C1" else result.format.name
        if kind in found:
            raise SystemExit(f"two {kind} symbols on one label")
        found[kind] = result.text
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "resources" / "screenshots")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.sqlite"
        summary = create_demo_database(path)
        engine = open_database(f"sqlite:///{path}")
        try:
            order = next(o for o in summary.orders if o.reference == ORDER)
            station = make_station(engine, datetime.now(UTC), "PACK-README")
            session = station.sign_in("BDG1001")
            sender = sender_address(Settings())  # the sender the app prints by default
            order_id = station.packing.open_order(session, order.slip_code).id
            for line in order.lines:
                for _ in range(line.quantity):
                    station.packing.record_scan(session, order_id, uuid.uuid4().hex, line.ean13)
            station.packing.complete_order(session, order_id, PRINTER)
            jobs: dict[str, bytes] = {}
            with VirtualPrinter() as device:
                for language in ("zpl", "escpos"):
                    printer = StationPrinter(
                        NetworkConnection("127.0.0.1", device.port, language=language),
                        language=language,
                        size=LABEL_4X6_203,
                        profile=ESCPOS_4INCH_203,
                        preview_dir=Path(folder) / "previews",
                        name=PRINTER,
                    )
                    labels = LabelService(
                        SqlUnitOfWork.factory(engine), SystemClock(), printer, sender
                    )
                    if language == "zpl":
                        reports = labels.process_due(session)
                    else:
                        tracking = reports[0].tracking_number
                        again = labels.reprint(session, tracking, "README image, ESC/POS")
                        reports = [labels.print_job(session, again)]
                    if [r.state for r in reports] != ["sent"]:
                        raise SystemExit(f"{language}: the label was not sent: {reports}")
                    start = b"^XA" if language == "zpl" else b"\x1b@"
                    jobs[language] = [
                        payload(j) for j in device.jobs if payload(j).startswith(start)
                    ][-1]
            with engine.connect() as conn:
                query = select(t.parcels).where(t.parcels.c.order_id == order_id)
                parcel = conn.execute(query).one()
        finally:
            engine.dispose()

    sscc = validate_sscc(parcel.sscc)
    want = {
        "Code128": parcel.tracking_number,
        "GS1-128": f"(00){sscc}",
        "QRCode": sscc_digital_link(sscc),
    }
    zpl_image = render_zpl_image(jobs["zpl"].decode("utf-8")).image.convert("1")
    paper = print_escpos(jobs["escpos"], int(ESCPOS_4INCH_203.width_px or 0))
    height = LABEL_4X6_203.height_px or paper.ink_bottom
    if paper.ink_bottom > height:
        print(f"ESC/POS: the print runs {paper.ink_bottom} dots, off the {height}-dot label")
        return 1
    escpos_image = paper.image.crop((0, 0, paper.image.width, height)).convert("1")
    images = {"label-4x6-203dpi.png": zpl_image, "label-4x6-203dpi-escpos.png": escpos_image}
    for name, image in images.items():
        found = symbols(image)
        if found != want:
            print(f"{name}: barcodes {found} are not the parcel's {want}")
            return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, image in images.items():
        image.save(args.out / name, "PNG", optimize=True, dpi=(203, 203))
        print(args.out / name)
    print(f"order {ORDER}: tracking {parcel.tracking_number}, SSCC {sscc}, QR {want['QRCode']}")
    print(f"ZPL {len(jobs['zpl'])} bytes, ESC/POS {len(jobs['escpos'])} bytes as received")
    return 0


if __name__ == "__main__":
    sys.exit(main())
