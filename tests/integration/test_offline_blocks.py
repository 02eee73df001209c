"""Retiring the numbers a dead station reserved for offline labels, through ``packbench
offline`` (both databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, insert, select

from app.adapters.db import tables as t
from app.adapters.db.journal_tables import number_blocks
from app.cli_offline import main
from app.domain.tracking import format_s10
from app.main import main as packbench
from tests.support.factories import seed


@pytest.fixture
def dead_station(engine: Engine, now: datetime) -> int:
    seed(
        engine,
        now,
        badges=[
            ("Ada Admin", "admin", "BDG7001"),
            ("Robin Supervisor", "supervisor", "BDG9001"),
            ("Alex Packer", "packer", "BDG1001"),
        ],
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


def test_a_supervisor_lists_and_retires_a_dead_stations_blocks_once_audited(
    engine: Engine, database_url: str, dead_station: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through ``packbench offline`` (the station's command): supervisors and admins only."""
    db = ["--db", database_url]
    assert packbench([*db, "offline", "blocks", "PACK-09", "--badge", "BDG9001"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "DHL tracking 101-120 (20): live; 0 used, 20 left",
        "SSCC 41-60 (20): live; 0 used, 20 left",
    ]
    args = [*db, "offline", "retire", "PACK-09", "--reason", "station scrapped"]
    with pytest.raises(SystemExit) as no_badge:  # no badge, no one: the command line says so
        packbench(args)
    assert no_badge.value.code == 2 and "--badge" in capsys.readouterr().err
    assert packbench([*args, "--badge", "BDG1001"]) == 2  # a packer may not
    assert "Only a supervisor or an admin can see or retire" in capsys.readouterr().err
    assert packbench([*db, "offline", "blocks", "PACK-09", "--badge", "BDG1001"]) == 2
    assert packbench([*args, "--badge", "BDG9001"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "retired DHL tracking 101-120 (20)",
        "retired SSCC 41-60 (20)",
    ]
    with engine.connect() as conn:
        reasons = conn.execute(select(number_blocks.c.retired_reason)).scalars().all()
        audit: dict[str, int] = dict(
            conn.execute(
                select(t.audit_log.c.action, func.count())
                .where(t.audit_log.c.action.like("retire_numbers%"))
                .group_by(t.audit_log.c.action)
            ).all()
        )
        details = conn.execute(
            select(t.audit_log.c.detail)
            .where(t.audit_log.c.action == "retire_numbers")
            .order_by(t.audit_log.c.id)
        ).scalars()
        assert list(details) == [
            "s10 DHL 101-120: station scrapped",
            "sscc SSCC 41-60: station scrapped",
        ]
    assert reasons == ["station scrapped", "station scrapped"]
    assert audit == {"retire_numbers": 2, "retire_numbers_refused": 2}  # the packer's too
    # Nothing live is left: said in one line. The old entry point is the same command.
    assert (
        main(
            [
                "--db",
                database_url,
                "retire",
                "PACK-09",
                "--reason",
                "again",
                "--admin-badge",
                "BDG7001",
            ]
        )
        == 2
    )
    assert capsys.readouterr().err.strip() == (
        "packbench: No reserved numbers of PACK-09 are still live."
    )


def test_an_unknown_station_is_refused_and_the_list_counts_the_numbers_used(
    engine: Engine, database_url: str, dead_station: int, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", database_url]
    assert packbench([*db, "offline", "blocks", "NOPE", "--badge", "BDG9001"]) == 2
    assert capsys.readouterr().err.strip() == "packbench: No station is called NOPE."
    assert packbench([*db, "offline", "retire", "NOPE", "--reason", "x", "--badge", "BDG9001"]) == 2
    assert "No station is called NOPE." in capsys.readouterr().err
    # Two numbers of the DHL block are on parcels (synced): 2 used, 18 left.
    with engine.begin() as conn:
        dhl = conn.execute(select(t.tracking_ranges).where(t.tracking_ranges.c.id == 1)).one()
        order_id = conn.execute(select(t.orders.c.id).limit(1)).scalar_one()
        for seq, serial in ((1, 101), (2, 107)):
            number = format_s10(dhl.service_indicator, serial, dhl.country)
            conn.execute(
                insert(t.parcels).values(
                    order_id=order_id,
                    seq=seq,
                    tracking_number=number,
                    carrier="DHL",
                    created_at=datetime.now(UTC),
                )
            )
    assert packbench([*db, "offline", "blocks", "PACK-09", "--badge", "BDG9001"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "DHL tracking 101-120 (20): live; 2 used, 18 left"
    )


def test_a_live_stations_blocks_are_retired_only_with_force(
    engine: Engine, database_url: str, dead_station: int, capsys: pytest.CaptureFixture[str]
) -> None:
    with engine.begin() as conn:
        conn.execute(
            t.stations.update()
            .where(t.stations.c.id == dead_station)
            .values(last_seen_at=datetime.now(UTC) - timedelta(seconds=4))
        )
    args = ["--db", database_url, "offline", "retire", "PACK-09", "--reason", "moved", "--badge"]
    assert packbench([*args, "BDG9001"]) == 2
    err = capsys.readouterr().err
    assert "PACK-09 is live" in err and "--force" in err and "next contact" in err
    with engine.connect() as conn:
        assert conn.execute(select(number_blocks.c.retired_at)).scalars().all() == [None, None]
        refused = (
            conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "retire_numbers_refused")
            )
            .scalars()
            .all()
        )
    assert refused == ["retire the reserved numbers of PACK-09: the station is live"]
    assert packbench([*args, "BDG9001", "--force"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "retired DHL tracking 101-120 (20)",
        "retired SSCC 41-60 (20)",
    ]
