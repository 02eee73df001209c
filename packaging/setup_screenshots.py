"""Take the README's screenshots of the setup wizard, one per page, at 1920x1080 and 1366x768.

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/setup_screenshots.py

Writes resources/screenshots/setup-<page>-<size>.png. The wizard is the real one over a
throwaway data folder: the printer page shows a real test label's preview (file printer),
the scanner page a real measured scan typed through the scan capture.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QElapsedTimer, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.settings import Settings  # noqa: E402
from app.setup_station import PrinterTrial, setup_actions  # noqa: E402
from app.ui.setup.wizard import SetupWizard  # noqa: E402
from app.ui.style import STYLESHEET  # noqa: E402

SIZES = ((1920, 1080), (1366, 768))
PAGES = ("database", "station", "printer", "scanner", "language")


def wait_for(app: QApplication, done: object) -> None:
    timer = QElapsedTimer()
    timer.start()
    while not done() and timer.elapsed() < 20_000:  # type: ignore[operator]
        app.processEvents()


def main() -> int:
    out = ROOT / "resources" / "screenshots"
    app = QApplication([])
    app.setStyleSheet(STYLESHEET)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PACKBENCH_DATA_DIR"] = folder
        os.environ["PGPASSFILE"] = str(Path(folder) / "pgpass")
        settings = Settings(data_dir=Path(folder))
        trial = PrinterTrial(settings)
        wizard = SetupWizard(setup_actions(settings, Path(folder) / "packbench.toml", trial))
        wizard.install_capture(app)
        wizard.show()
        wizard.database.url.setText("postgresql://packbench@db.warehouse.lan/packbench")
        for index, page in enumerate(PAGES):
            if page == "printer":
                outcome = wizard.printer.panel.outcome_label
                wizard.printer.panel.request_test()
                wait_for(app, lambda: "Test label sent" in outcome.text())  # noqa: B023
            if page == "scanner":
                QTest.keyClicks(wizard.scanner.scan_field, "0950600013435210LOT1")
                QTest.keyClick(wizard.scanner.scan_field, Qt.Key.Key_Return)
            for width, height in SIZES:
                wizard.resize(width, height)
                app.processEvents()
                name = out / f"setup-{index + 1}-{page}-{width}x{height}.png"
                wizard.grab().save(str(name))
                print(name.relative_to(ROOT))
            wizard.next()
        app.removeEventFilter(wizard.capture)
        wizard.shutdown()
        trial.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
