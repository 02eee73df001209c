"""bench.packout at a tiny size, so the benchmark cannot rot: every protocol publishes each
settled weight once, within its polling interval plus 100 ms."""

from __future__ import annotations

import json

import pytest

from bench import packout


def test_packout_bench_tiny(capsys: pytest.CaptureFixture[str]) -> None:
    assert packout.main(["--trials", "3", "--orders", "2", "--db", "sqlite", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    (parcels,) = out["parcels"]
    assert parcels["database"] == "sqlite" and parcels["parcels"] == 6
    assert parcels["parcels_boxed"] == 6  # each parcel's box scanned, its tare weighed
    assert 0 < parcels["close_parcel_ms_p50"] <= parcels["close_parcel_ms_max"]
    figures = out["scales"]
    assert [f["protocol"] for f in figures] == list(packout.PROTOCOLS)
    for f in figures:
        assert f["trials"] == 3 and f["readings_lost"] == 0, f
        assert 0 <= f["stable_ms_p50"] <= f["stable_ms_max"] <= f["poll_ms"] + 100, f
        assert f["goal_met"]
