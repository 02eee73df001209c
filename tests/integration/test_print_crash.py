"""The short crash run: a station killed with SIGKILL at random 30 times while it packs and
prints (SQLite with ESC/POS, PostgreSQL with ZPL). No scan lost or doubled, no parcel with two
labels nobody asked for, no order without its label or an open question."""

from __future__ import annotations

from bench.print_crash import run


def test_a_station_killed_at_random_keeps_every_label_promise(database_url: str) -> None:
    kind = "sqlite" if database_url.startswith("sqlite") else "postgresql"
    language = "escpos" if kind == "sqlite" else "zpl"
    figures = run(30, kind, language, seed_value=30, database_url=database_url)
    assert figures["drained"] is True
    assert figures["station_exits"] == [], figures["station_error"]
    assert figures["acknowledged_scans"] > 0 and figures["parcels"] > 0
    assert figures["lost_scans"] == 0
    assert figures["double_counted_scans"] == 0
    assert figures["parcels_with_two_labels_unasked"] == 0
    assert figures["orders_without_label_or_question"] == 0
    assert figures["job_states"].get("sending", 0) == 0
    assert figures["job_states"].get("queued", 0) == figures["job_states"].get("failed", 0) == 0
