"""The demo: a fresh database with sample orders, and a barcode sheet to scan them from."""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.adapters.db.demo_data import DemoSummary, seed_demo
from app.adapters.documents.demo_sheet import write_demo_sheet
from app.adapters.security import Argon2CredentialHasher
from app.bootstrap import open_database
from app.settings import Settings

log = logging.getLogger(__name__)


def demo_dir(settings: Settings) -> Path:
    return settings.data_dir / "demo"


def create_demo_database(path: Path) -> DemoSummary:
    """Replace ``path`` with a new SQLite demo database and fill it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    engine = open_database(f"sqlite:///{path}", make_folder=True)
    try:
        return seed_demo(engine, Argon2CredentialHasher(), datetime.now(UTC))
    finally:
        engine.dispose()


def prepare_demo(settings: Settings) -> Settings:
    """Make a fresh demo database and sheet; return the settings that run the app on them."""
    folder = demo_dir(settings)
    summary = create_demo_database(folder / "demo.sqlite")
    sheet = write_demo_sheet(folder / "packbench-demo-sheet.pdf", summary)
    print(f"Demo database: {folder / 'demo.sqlite'}")
    print(f"Demo barcode sheet (print it, or type the codes): {sheet}")
    print("Badge: BDG1001 (packer), BDG9001 (supervisor). Order slips: ORD100001 ...")
    return replace(
        settings,
        database_url=f"sqlite:///{folder / 'demo.sqlite'}",
        data_dir=folder,
        printer_kind="file",
    )


def write_sheet_for(settings: Settings, out: Path | None) -> Path:
    """The sheet of a fresh demo data set (the same codes every time: the seed is fixed)."""
    folder = demo_dir(settings)
    summary = create_demo_database(folder / "sheet.sqlite")
    return write_demo_sheet(out or folder / "packbench-demo-sheet.pdf", summary)
