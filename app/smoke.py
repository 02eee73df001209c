"""``packbench --smoke-test``: prove an installation (or a frozen build) works, offscreen.

Opens and migrates a database, renders a label through every renderer, builds the real window
and imports every device library. Prints "smoke test ok" and exits 0, or says what failed.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

from app.settings import Settings


def run_smoke_test(settings: Settings) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import sys

    import serial  # noqa: F401  (the scanner and scale library must be importable)

    if getattr(sys, "frozen", False):
        # A bundle must carry Qt Multimedia (the scan sounds) and what it needs.
        import PySide6.QtMultimedia  # noqa: F401
    from PySide6.QtWidgets import QApplication

    from app.adapters.devices.labels import render_escpos, render_pdf, render_png, render_zpl
    from app.bootstrap import build_station, sender_address
    from app.domain.barcodes import interpret
    from app.domain.labels import LABEL_4X6_203, Address, LabelContent
    from app.domain.tracking import format_s10
    from app.ui.app import build_ui

    with tempfile.TemporaryDirectory(prefix="packbench-smoke-") as folder:
        if settings.database_url is None:
            settings = replace(settings, data_dir=Path(folder))
        settings = replace(settings, printer_kind="file", data_dir=Path(folder))
        station = build_station(settings)
        label = LabelContent(
            ship_to=Address(
                "Smoke Test", "Teststraße 1", postcode="20095", city="Hamburg", country="DE"
            ),
            sender=sender_address(settings),
            order_reference="SMOKE-1",
            carrier="DHL",
            service="Paket",
            tracking_number=format_s10("JJ", 12345678, "DE"),
        )
        escpos_bytes = render_escpos(label, LABEL_4X6_203)
        zpl = render_zpl(label, LABEL_4X6_203)
        image = render_png(label, LABEL_4X6_203)
        pdf = render_pdf(label, LABEL_4X6_203)
        if not escpos_bytes or "^XA" not in zpl or image.width <= 0 or not pdf.startswith(b"%PDF"):
            print("smoke test failed: empty label")
            return 1
        if interpret("]C10109506000134352\x1d10LOT1").lot != "LOT1":
            print("smoke test failed: GS1 parsing")
            return 1
        app = QApplication.instance() or QApplication([])
        assert isinstance(app, QApplication)
        ui = build_ui(app, station.packing, station.labels, station.record)
        ui.window.show()
        app.processEvents()
        ui.window.close()
        ui.shutdown()
        station.close()
    print("smoke test ok")
    return 0
