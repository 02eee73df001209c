"""The demo: a fresh database built from the sample files, and a barcode sheet to scan from.

``packbench --demo`` makes a new SQLite demo database and opens the station on it;
``packbench demo create --db URL`` builds the demo into any empty database (SQLite or
PostgreSQL) without opening a window. Both build it with ``app.demo_build``, through the same
services a site uses.
"""

from __future__ import annotations

import argparse
import logging
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from app.adapters.db.demo_data import DemoSummary
from app.adapters.documents.demo_sheet import write_demo_sheet
from app.bootstrap import open_database
from app.demo_build import ADMIN, Demo, build_demo
from app.settings import Settings

log = logging.getLogger(__name__)


def demo_dir(settings: Settings) -> Path:
    return settings.data_dir / "demo"


def create_demo(url: str, *, make_folder: bool = False, history: bool = True) -> Demo:
    """Build the demo into the empty database at ``url`` (its schema made if it has none)."""
    engine = open_database(url, make_folder=make_folder)
    try:
        return build_demo(engine, datetime.now(UTC), history=history)
    finally:
        engine.dispose()


def create_demo_database(path: Path, *, history: bool = True) -> DemoSummary:
    """Replace ``path`` with a new SQLite demo database and fill it."""
    return create_demo(_fresh_sqlite(path), make_folder=True, history=history).summary


def _fresh_sqlite(path: Path) -> str:
    """The URL of ``path`` once any database there is gone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return f"sqlite:///{path}"


def prepare_demo(settings: Settings) -> Settings:
    """Make a fresh demo database and sheet; return the settings that run the app on them."""
    folder = demo_dir(settings)
    built = create_demo(_fresh_sqlite(folder / "demo.sqlite"), make_folder=True)
    summary = built.summary
    sheet = write_demo_sheet(
        folder / "packbench-demo-sheet.pdf",
        summary,
        settings.command_prefix,
        settings.box_prefix,
    )
    url = f"sqlite:///{folder / 'demo.sqlite'}"
    print(f"Demo database: {folder / 'demo.sqlite'}")
    _say_how_to_use(url, write_tracking_sample(folder, built))
    print(f"Demo barcode sheet (print it, or type the codes): {sheet}")
    print("Badge: BDG1001 (packer), BDG9001 (supervisor). Order slips: ORD100001 ...")
    print(f"Admin badge (packbench users / ranges --admin-badge): {ADMIN.code}")
    if settings.scale_simulate_offset_g:
        print(f"Simulated scale: every parcel reads {settings.scale_simulate_offset_g:+d} g off")
    else:
        print(
            "Simulated scale: set [scale] simulate_offset_g = 600 (or "
            "PACKBENCH_SCALE_SIMULATE_OFFSET_G=600) to see the weight check refuse a parcel"
        )
    return replace(
        settings,
        database_url=url,
        data_dir=folder,
        printer_kind="file",
        # The simulated scale follows the open parcel's expected weight (a real one stays).
        scale_protocol="simulated"
        if settings.scale_protocol == "none"
        else settings.scale_protocol,
    )


def write_sheet_for(settings: Settings, out: Path | None) -> Path:
    """The sheet of a fresh demo data set (the same codes every time: the files are fixed).
    The week of history is left out: the sheet lists only what is still to pack."""
    folder = demo_dir(settings)
    summary = create_demo_database(folder / "sheet.sqlite", history=False)
    return write_demo_sheet(
        out or folder / "packbench-demo-sheet.pdf",
        summary,
        settings.command_prefix,
        settings.box_prefix,
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    """``packbench demo create``: build the demo and say what is in it and how long it took."""
    from app.adapters.db.engine import safe_url

    url = args.demo_db or args.db
    started = time.perf_counter()
    own = url is None
    if url is None:  # the demo's own file, made anew as --demo does
        url = _fresh_sqlite(demo_dir(settings) / "demo.sqlite")
    built = create_demo(url, make_folder=own)
    seconds = time.perf_counter() - started
    week = built.week
    print(f"demo database built in {seconds:.1f} s: {safe_url(url)}")
    print(f"{len(built.summary.orders)} orders to pack, {len(built.summary.products)} products")
    print(
        f"a week of history: {week.orders} orders, {week.labelled} labelled, "
        f"{week.held} on hold, {week.wrong_scans} with a wrong scan"
    )
    dock = built.handoff
    print(
        f"hand-off: {dock.closed} manifests closed, {dock.loaded} parcels loaded, "
        f"{dock.moved} moved to the next pick-up, {dock.delivered} delivered, "
        f"{dock.exceptions} tracking exceptions"
    )
    print("Badges: " + ", ".join(f"{b.code} ({b.role})" for b in built.summary.badges))
    _say_how_to_use(safe_url(url), write_tracking_sample(demo_dir(settings), built))
    return 0


def write_tracking_sample(folder: Path, built: Demo) -> Path | None:
    """The demo's own tracking file (``tracking-sample.csv``: events of today's parcels of
    this demo, whose numbers differ from one demo to the next); None if it has none."""
    if not built.handoff.tracking_sample:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tracking-sample.csv"
    path.write_text(built.handoff.tracking_sample, encoding="utf-8")
    return path


def _say_how_to_use(url: str, sample: Path | None) -> None:
    """Other commands use the configured database, not the demo's: say how to point at it."""
    print(f"Commands on this demo: packbench --db {url} COMMAND (e.g. manifest list)")
    if sample is not None:
        print(
            f"Tracking events of this demo's parcels: packbench --db {url} import tracking {sample}"
        )
