"""The board benchmark, tiny: generated on the suite's PostgreSQL and measured through the real
services, so it cannot rot. Not a timing test: it checks that the generator made what it
says and that every figure was measured (the live scan reached the board each time)."""

from __future__ import annotations

from bench.board import GOALS, Options, p95, run_benchmark
from tests.support.pgserver import PgServer


def test_tiny_board_bench_generates_and_measures_everything(pg_server: PgServer) -> None:
    options = Options(orders=6400, open=400, days=2, rate=1, repeat=3)

    doc = run_benchmark(pg_server, options)

    rows = doc["rows"]
    assert rows["orders"] == 6400
    assert rows["parcels"] == 6000
    assert rows["audit_log"] >= 2 * 6000  # a claim and a completion per shipped order
    assert rows["order_figures"] == 6000  # backfilled by the migration after the history
    assert rows["scan_quarters"] > 0
    # A day at 1 order per station-hour: 2,400 orders packed yesterday, with their scans.
    assert doc["day_figures_orders"] == 2400
    assert doc["day_figures_scans"] > 2400
    for name in GOALS:
        assert doc[name] > 0, name
    assert set(doc["goals_met"]) == set(GOALS)


def test_p95_is_nearest_rank() -> None:
    assert p95([float(n) for n in range(1, 21)]) == 19.0
    assert p95([5.0]) == 5.0
