"""bench.offline at a tiny size, so the benchmark cannot rot: a short outage mid-order loses,
doubles and duplicates nothing, and the station is back in sync."""

from __future__ import annotations

import json

import pytest

from bench import offline


def test_offline_bench_tiny(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["--outage", "2", "--orders", "2", "--units", "30", "--scan-interval", "0.05", "--json"]
    assert offline.main(argv) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["outage_s"] >= 2
    assert figures["scans_during_outage"] > 0 and figures["labels_during_outage"] == 1
    assert figures["lost_scans"] == figures["double_counted_scans"] == 0
    assert figures["duplicate_numbers"] == 0
    assert figures["orders_packed"] == 2 and figures["goal_met"]


def test_offline_bench_kill_tiny(capsys: pytest.CaptureFixture[str]) -> None:
    """The station process SIGKILLed twice while offline (the second time after completing
    the order with a reserved number) and once during the sync: nothing lost or doubled."""
    argv = ["--kill", "--units", "16", "--kills-offline", "2", "--kills-during-sync", "1"]
    assert offline.main([*argv, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert figures["kills_offline"] == 2 and figures["kills_during_sync"] == 1
    assert figures["scans_confirmed"] >= 14
    assert figures["lost_scans"] == figures["double_counted_scans"] == 0
    assert figures["duplicate_numbers"] == 0 and figures["entries_not_applied"] == 0
    assert figures["order_status"] == "packed" and figures["goal_met"]
