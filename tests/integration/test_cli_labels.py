"""``packbench labels``: questions, answers, reprints and voids through the same services."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.main import main
from tests.support.factories import seed
from tests.support.station import make_station


def test_labels_commands(
    engine: Engine,
    database_url: str,
    now: datetime,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    world = seed(engine, now, orders=[("P-1", [("MUG-BLUE", 1)])])
    station = make_station(engine, now)
    session = station.sign_in()
    order_id = station.packing.open_order(session, world.slips["P-1"]).id
    station.packing.record_scan(
        session, order_id, uuid.uuid4().hex, world.product_codes["MUG-BLUE"]
    )
    job_id = station.packing.complete_order(session, order_id, "desk-1").print_job_id
    with engine.begin() as conn:
        conn.execute(update(t.print_jobs).values(state="uncertain"))
    cli = ["--db", database_url, "--station", "PACK-01", "labels"]

    assert main([*cli, "uncertain"]) == 0
    assert f"job {job_id} on desk-1: Did the label for parcel 1" in capsys.readouterr().out
    assert main([*cli, "answer", str(job_id), "no", "--badge", "BDG1001"]) == 0
    assert "prints again" in capsys.readouterr().out
    assert main([*cli, "reprint", "--order", "P-1", "--reason", "lost", "--badge", "BDG1001"]) == 2
    assert "Only a supervisor" in capsys.readouterr().err
    assert main([*cli, "reprint", "--order", "P-1", "--reason", "lost", "--badge", "BDG9001"]) == 0
    # An office PC serves no printer: the label goes again to the printer it went to.
    assert "queued again as job" in (said := capsys.readouterr().out)
    assert said.strip().endswith("on desk-1")
    with engine.connect() as conn:
        printers = conn.execute(select(t.print_jobs.c.printer, t.print_jobs.c.kind)).all()
    assert ("desk-1", "reprint") in [tuple(row) for row in printers]
    assert main([*cli, "void", "P-1", "--reason", "damaged", "--badge", "BDG9001"]) == 0
    assert "will never be used again" in capsys.readouterr().out
    with engine.connect() as conn:
        assert conn.execute(select(t.parcels.c.void_reason)).scalar_one() == "damaged"
