"""Import progress: counts while writing (in place on a terminal, plain lines otherwise), and
Ctrl-C (SIGINT) of a real ``python -m app import orders`` process in the middle of a big file
leaves the database with none of the file or all of it."""

from __future__ import annotations

import importlib
import io
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from app import cli_import
from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.services.catalogue import CatalogueService
from app.services.import_report import Count
from tests.support.station import StepClock

ROOT = Path(__file__).resolve().parents[2]
bench_import = importlib.import_module("bench.import")


def orders_in(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as conn:
        return tuple(  # type: ignore[return-value]
            int(conn.execute(select(func.count()).select_from(table)).scalar_one())
            for table in (t.orders, t.order_lines, t.audit_log)
        )


def test_sigint_while_a_big_file_is_written_leaves_none_of_it_or_all(
    engine: Engine, database_url: str, now: datetime, tmp_path: Path
) -> None:
    CatalogueService(SqlUnitOfWork.factory(engine), StepClock(now)).import_products(
        "products.csv", bench_import.products_csv()
    )
    before = orders_in(engine)
    made = bench_import.orders(30_000)
    big = tmp_path / "orders.csv"
    big.write_bytes(bench_import.as_csv(made))
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "--db", database_url, "import", "orders", str(big)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    seen = []
    for raw in process.stderr:
        line = raw.decode().rstrip("\n")
        seen.append(line)
        if "orders written" in line:  # the first batch is in, the transaction still open
            process.send_signal(signal.SIGINT)
            break
    code = process.wait(timeout=120)
    said = process.stderr.read().decode()

    assert seen[-1].startswith(f"... orders.csv: 2,000 / {len(made):,} orders written"), seen
    after = orders_in(engine)
    if code == 130:  # cancelled before the commit: nothing of the file
        assert "orders.csv: import cancelled, nothing was written" in said
        assert after == before
    else:  # the signal came as it committed: all of it, and the summary
        assert code == 0, said
        assert after[0] == before[0] + len(made)
        assert after[1] == before[1] + 30_000


def test_counts_rewrite_one_line_on_a_terminal_and_are_lines_elsewhere(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    steps = [
        "orders.csv: writing 3 new and 0 changed orders",
        Count("orders.csv", 2, 3, "orders written"),
        Count("orders.csv", 3, 3, "orders written"),
        "orders.csv: committing",
    ]
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    for step in steps:
        cli_import._progress(step)
    assert terminal.getvalue() == (
        "... orders.csv: writing 3 new and 0 changed orders\n"
        "\r\x1b[K... orders.csv: 2 / 3 orders written"
        "\r\x1b[K... orders.csv: 3 / 3 orders written\n"
        "... orders.csv: committing\n"
    )

    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    for step in steps:
        cli_import._progress(step)
    assert plain.getvalue().splitlines() == [f"... {step}" for step in steps]
    assert Count("o.csv", 12_000, 25_000, "orders written") == (
        "o.csv: 12,000 / 25,000 orders written"
    )
