"""scan_latency's direct comparison: record_scan called directly against the minimal
three-statement transaction, on both databases."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, func, select

from app.adapters.db import tables as t
from app.bootstrap import build_station
from app.settings import Settings
from bench.scan_latency import (
    BASELINE_REFERENCE,
    DIRECT_REFERENCE,
    Options,
    measure_direct,
    order_lines_for,
)
from tests.support.factories import seed


def test_direct_measurement_counts_statements_and_commits_every_scan(
    engine: Engine, database_url: str, now: datetime, tmp_path: Path
) -> None:
    options = Options(scans=1, warmup=2, reject_every=0, timeout_s=5, direct_scans=12)
    lines = order_lines_for(options.warmup + options.direct_scans)
    world = seed(engine, now, orders=[(DIRECT_REFERENCE, lines), (BASELINE_REFERENCE, lines)])
    settings = Settings(
        station="BENCH-01", database_url=database_url, data_dir=tmp_path, printer_kind="file"
    )
    station = build_station(settings, engine=engine)

    with ThreadPoolExecutor(1) as pool:  # a worker thread, as in the benchmark
        direct = pool.submit(measure_direct, station, world, options).result()

    assert direct.problems == []
    assert len(direct.record_scan_ns) == len(direct.baseline_ns) == options.direct_scans
    assert all(ns > 0 for ns in direct.record_scan_ns + direct.baseline_ns)
    # Three statements, plus BEGIN IMMEDIATE where SQLite issues it as a statement.
    begin = 1 if database_url.startswith("sqlite") else 0
    assert set(direct.baseline_statements) == {3 + begin}
    assert min(direct.statements) >= 3 + begin
    summary = direct.as_json()
    assert summary["statements_per_scan"] == round(direct.statements_per_scan, 3)
    assert summary["direct"]["ratio"] > 0
    with engine.connect() as conn:
        events = conn.execute(
            select(t.scan_events.c.order_id, func.count())
            .where(t.scan_events.c.outcome == "accepted")
            .group_by(t.scan_events.c.order_id)
        ).all()
    scans = options.warmup + options.direct_scans
    assert dict(events) == {
        world.orders[DIRECT_REFERENCE]: scans,
        world.orders[BASELINE_REFERENCE]: scans,
    }
