"""The claim storm benchmark, short: four station processes on the suite's PostgreSQL.

Not a timing test: it checks that the benchmark runs the real claim path and the raw baseline
to the end and that its own checks hold (no order claimed twice, every claim in the database
as reported), on both queues.
"""

from __future__ import annotations

from collections import Counter

from bench.claim_storm import (
    QUEUES,
    Options,
    Pair,
    Report,
    RunResult,
    document,
    reported_double_claims,
    run_benchmark,
)
from tests.support.pgserver import PgServer


def test_short_storm_claims_every_order_once(pg_server: PgServer) -> None:
    options = Options(orders=2000, processes=(4,), seconds=1.0, queues=QUEUES)

    pairs = run_benchmark(pg_server, options)

    assert [(pair.queue, pair.processes) for pair in pairs] == [(q, 4) for q in QUEUES]
    for pair in pairs:
        # raw, project, project, raw: each side twice, on fresh copies of the queue.
        assert [run.kind for run in pair.raws] == ["raw", "raw"]
        assert [run.kind for run in pair.projects] == ["project", "project"]
        for run in pair.runs:
            assert run.problems == [], (pair.queue, run.kind)
            assert run.double_claims == 0
            assert run.claims > 0
            # Every process did claim, and no order was claimed twice by anyone.
            assert all(report.ids for report in run.reports)
            claimed = Counter(i for report in run.reports for i in report.ids)
            assert set(claimed.values()) == {1}
            assert run.claims_per_s > 0
        for project in pair.projects:
            assert project.percentile_ms(0.99) >= project.percentile_ms(0.50) > 0

    doc = document(pairs, options, pg_server, wall_s=1.0)
    assert doc["ok"] is True
    for queue in QUEUES:
        entry = doc["runs"][queue]["4"]
        assert entry["double_claims"] == 0
        ratio = entry["project_claims_per_s"] / entry["raw_claims_per_s"]
        assert abs(entry["ratio"] - ratio) < 1e-3
        for key in ("project_claims_per_s", "raw_claims_per_s", "p50_ms", "p99_ms"):
            assert entry[key] > 0
        # Both sides are the mean of their two runs; each half is a ratio of its own.
        halves = entry["halves"]
        assert [half["order"] for half in halves] == ["raw, project", "project, raw"]
        mean_project = sum(half["project_claims_per_s"] for half in halves) / 2
        assert abs(entry["project_claims_per_s"] - mean_project) < 0.1
        assert entry["project_claims"] == sum(run.claims for run in entry_pair(pairs, queue))
        for half in halves:
            assert half["ratio"] > 0 and half["p99_ms"] > 0 and half["raw_p99_ms"] > 0


def entry_pair(pairs: list[Pair], queue: str) -> list[RunResult]:
    return next(pair.projects for pair in pairs if pair.queue == queue)


def test_double_claims_are_counted_across_stations() -> None:
    reports = [Report(1, ids=[10, 11, 12]), Report(2, ids=[13, 11]), Report(3, ids=[14, 14])]

    assert reported_double_claims(reports) == {11, 14}
    assert reported_double_claims([Report(1, ids=[1, 2]), Report(2, ids=[3])]) == set()
