"""Retiring the numbers a dead station reserved for offline labels (both databases)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, insert, select

from app.adapters.db import tables as t
from app.adapters.db.journal_tables import number_blocks
from app.cli_offline import main
from tests.support.factories import seed


@pytest.fixture
def dead_station(engine: Engine, now: datetime) -> int:
    seed(
        engine,
        now,
        badges=[("Ada Admin", "admin", "BDG7001"), ("Alex Packer", "packer", "BDG1001")],
    )
    with engine.begin() as conn:
        station = conn.execute(
            insert(t.stations).values(name="PACK-09", created_at=now).returning(t.stations.c.id)
        ).scalar_one()
        conn.execute(
            insert(number_blocks),
            [
                {
                    "station_id": station,
                    "range_id": 1,
                    "scheme": "s10",
                    "carrier": "DHL",
                    "first_serial": 101,
                    "last_serial": 120,
                    "reserved_at": now,
                },
                {
                    "station_id": station,
                    "range_id": 2,
                    "scheme": "sscc",
                    "carrier": "SSCC",
                    "first_serial": 41,
                    "last_serial": 60,
                    "reserved_at": now,
                },
            ],
        )
    return int(station)


def test_an_admin_retires_a_dead_stations_blocks_once_audited(
    engine: Engine, database_url: str, dead_station: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", database_url, "blocks", "PACK-09"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "DHL tracking 101-120 (20): live",
        "SSCC 41-60 (20): live",
    ]
    args = ["--db", database_url, "retire", "PACK-09", "--reason", "station scrapped"]
    assert main([*args, "--admin-badge", "BDG1001"]) == 1  # a packer may not
    assert "Only an admin" in capsys.readouterr().err
    assert main([*args, "--admin-badge", "BDG7001"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "retired DHL tracking 101-120 (20)",
        "retired SSCC 41-60 (20)",
    ]
    with engine.connect() as conn:
        reasons = conn.execute(select(number_blocks.c.retired_reason)).scalars().all()
        audit = (
            conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "retire_numbers")
            )
            .scalars()
            .all()
        )
    assert reasons == ["station scrapped", "station scrapped"]
    assert audit == ["s10 DHL 101-120: station scrapped", "sscc SSCC 41-60: station scrapped"]
    # Nothing live is left: said in one line.
    assert main([*args, "--admin-badge", "BDG7001"]) == 1
    assert capsys.readouterr().err.strip() == (
        "Station PACK-09 holds no reserved numbers that are still live."
    )
