"""The import benchmark, tiny: 200 order lines from CSV and JSON into SQLite and the suite's
PostgreSQL through the real service. Not a timing test: it checks that the benchmark runs to
the end, that its files hold what it says, and that the re-import changes nothing."""

from __future__ import annotations

import importlib
from pathlib import Path

from tests.support.pgserver import PgServer

bench_import = importlib.import_module("bench.import")


def test_a_tiny_import_benchmark_runs_on_both_databases(
    pg_server: PgServer, tmp_path: Path
) -> None:
    options = bench_import.Options(lines=200)

    runs = bench_import.run_benchmark(pg_server, options, tmp_path)

    assert [(run.database, run.format) for run in runs] == [
        ("sqlite", "csv"),
        ("sqlite", "json"),
        ("postgresql", "csv"),
        ("postgresql", "json"),
    ]
    orders = len(bench_import.orders(200))
    for run in runs:
        assert (run.lines, run.orders, run.added) == (200, orders, orders)
        assert run.reimport_rows_changed == 0
        assert run.seconds > 0 and run.reimport_seconds > 0
    doc = bench_import.document(runs, options, pg_server, wall_s=1.0)
    assert doc["ok"] is True and doc["problems"] == []
    entry, run = doc["runs"]["postgresql"]["json"], runs[3]
    assert entry["rows_per_s"] == round(200 / run.seconds)
    assert "postgresql" in bench_import.render_table(doc)


def test_the_generated_files_hold_the_same_orders() -> None:
    made = bench_import.orders(1000)
    assert sum(len(order["lines"]) for order in made) == 1000
    assert all(1 <= len(order["lines"]) <= 7 for order in made)
    csv_rows = bench_import.as_csv(made).decode().splitlines()
    assert len(csv_rows) == 1001  # the header and one row per line
    assert bench_import.as_json(made).decode().count('"sku"') == 1000
