"""The intake watch folder on a real temporary folder and both databases: files still being
written are not read (stable size and mtime across two polls; ``.tmp`` and dot names until
renamed), a refused file goes to failed/ with every problem beside it, and a restart (a new
watcher, or a real ``python -m app intake --watch`` killed with SIGKILL) imports nothing twice.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, Table, func, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.files.drop_folder import LocalDropFolder
from app.cli_intake import build_watcher
from app.main import main
from app.services.catalogue import CatalogueService
from app.services.watch_folder import Outcome, WatchFolder
from tests.support.station import StepClock

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "resources" / "samples"
HEADER = (
    "reference,carrier,ship_to_name,ship_to_line1,ship_to_postcode,ship_to_city,"
    "ship_to_country,sku,quantity\n"
)


def order_rows(references: range, prefix: str = "W") -> str:
    return "".join(
        f"{prefix}-{n},DHL,Kim Doe,Main St {n},20095,Hamburg,DE,TEA-GREEN-100,{n % 5 + 1}\n"
        for n in references
    )


@pytest.fixture
def catalogue(engine: Engine, now: datetime) -> None:
    CatalogueService(SqlUnitOfWork.factory(engine), StepClock(now)).import_products(
        "products.csv", (SAMPLES / "products.csv").read_bytes()
    )


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def count(engine: Engine, table: Table, where: object = None) -> int:
    query = select(func.count()).select_from(table)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def references(engine: Engine) -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(select(t.orders.c.reference)).scalars())


def test_a_file_is_read_only_when_its_size_and_time_stood_still(
    engine: Engine, catalogue: None, inbox: Path
) -> None:
    watcher = build_watcher(engine, LocalDropFolder(inbox))
    whole = (SAMPLES / "orders.csv").read_bytes()
    target = inbox / "orders.csv"
    target.write_bytes(whole[: len(whole) // 2])  # the order system is still writing

    assert watcher.poll() == []
    with target.open("ab") as file:
        file.write(whole[len(whole) // 2 :])
    assert watcher.poll() == []  # it grew since the last poll: not yet
    assert count(engine, t.orders) == 0 and target.exists()

    handled = watcher.poll()  # the same size and time twice: read, whole

    assert [(h.name, h.outcome, h.moved_to) for h in handled] == [
        ("orders.csv", "done", "done/orders.csv")
    ]
    assert references(engine) == ["SO-1001", "SO-1002", "SO-1003"]
    assert (inbox / "done" / "orders.csv").read_bytes() == whole
    assert not target.exists()


def test_a_changed_time_alone_also_waits(engine: Engine, catalogue: None, inbox: Path) -> None:
    watcher = build_watcher(engine, LocalDropFolder(inbox))
    target = inbox / "orders.csv"
    target.write_text(HEADER + order_rows(range(1, 3)))
    assert watcher.poll() == []
    st = target.stat()
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))  # rewritten, same size
    assert watcher.poll() == []
    assert [h.outcome for h in watcher.poll()] == ["done"]
    assert references(engine) == ["W-1", "W-2"]


def test_tmp_and_dot_files_wait_until_renamed(engine: Engine, catalogue: None, inbox: Path) -> None:
    watcher = build_watcher(engine, LocalDropFolder(inbox))
    (inbox / "orders.csv.tmp").write_text(HEADER + order_rows(range(1, 4)))
    (inbox / ".orders.json").write_bytes((SAMPLES / "orders.json").read_bytes())
    (inbox / "label.zpl").write_text("^XA^XZ")  # not an import file: left alone
    for _ in range(3):
        assert watcher.poll() == []
    assert count(engine, t.orders) == 0
    assert sorted(p.name for p in inbox.iterdir() if p.is_file()) == [
        ".orders.json",
        "label.zpl",
        "orders.csv.tmp",
    ]

    (inbox / "orders.csv.tmp").rename(inbox / "orders.csv")
    (inbox / ".orders.json").rename(inbox / "orders.json")
    assert watcher.poll() == []  # a file is read on its second sight
    handled = watcher.poll()

    assert sorted((h.name, h.outcome) for h in handled) == [
        ("orders.csv", "done"),
        ("orders.json", "done"),
    ]
    assert references(engine) == ["SO-1001", "SO-1002", "SO-1003", "W-1", "W-2", "W-3"]
    assert (inbox / "label.zpl").exists()


def test_a_products_file_goes_first_and_its_skus_serve_the_orders_of_the_same_poll(
    engine: Engine, inbox: Path
) -> None:
    watcher = build_watcher(engine, LocalDropFolder(inbox))
    (inbox / "a-orders.csv").write_bytes((SAMPLES / "orders.csv").read_bytes())
    (inbox / "products-today.csv").write_bytes((SAMPLES / "products.csv").read_bytes())
    watcher.poll()
    handled = watcher.poll()
    assert [(h.name, h.outcome) for h in handled] == [
        ("products-today.csv", "done"),
        ("a-orders.csv", "done"),
    ]
    assert count(engine, t.products) == 6 and count(engine, t.orders) == 3


def test_a_refused_file_goes_to_failed_with_every_problem_beside_it(
    engine: Engine, catalogue: None, inbox: Path
) -> None:
    watcher = build_watcher(engine, LocalDropFolder(inbox))
    bad = HEADER + (
        "B-1,DHL,Kim Doe,Main St 1,20095,Hamburg,DE,TEA-GREEN-100,-2\n"
        "B-2,DHL,Kim Doe,Main St 2,20095,Hamburg,XX,TEA-GREEN-100,1\n"
        "B-3,DHL,Kim Doe,Main St 3,20095,Hamburg,DE,NO-SUCH-SKU,1\n"
        + order_rows(range(1, 300), "OK")  # good orders: none of them is written
    )
    (inbox / "orders.csv").write_text(bad)
    (inbox / "failed" / "orders.csv").write_text("yesterday's refused file")
    watcher.poll()

    handled = watcher.poll()

    assert [(h.outcome, h.moved_to) for h in handled] == [("failed", "failed/orders-2.csv")]
    assert (inbox / "failed" / "orders-2.csv").read_text() == bad
    assert (inbox / "failed" / "orders.csv").read_text() == "yesterday's refused file"
    report = (inbox / "failed" / "orders-2.csv.errors.txt").read_text().splitlines()
    assert report == [  # the file's own problems and the database's, all at once
        "orders.csv: refused, nothing was imported (3 problems):",
        'orders.csv line 2, quantity: "-2" is not a positive whole number',
        'orders.csv line 3, ship_to_country: "XX" is not an ISO 3166 country code',
        "orders.csv line 4, sku: 'NO-SUCH-SKU' is not a known product (import it first)",
    ]
    assert count(engine, t.orders) == 0
    assert not (inbox / "orders.csv").exists()

    # The file half fixed and sent again: the SKU is still unknown.
    fixed = bad.replace(",-2\n", ",2\n").replace(",XX,", ",DE,")
    (inbox / "orders.csv").write_text(fixed)
    watcher.poll()
    [again] = watcher.poll()
    assert again.moved_to == "failed/orders-3.csv"
    report = (inbox / "failed" / "orders-3.csv.errors.txt").read_text().splitlines()
    assert report[1:] == [
        "orders.csv line 4, sku: 'NO-SUCH-SKU' is not a known product (import it first)"
    ]
    assert count(engine, t.orders) == 0


class CrashAfterCommit(LocalDropFolder):
    """The process dies after the import's commit, before the file is moved."""

    def finish(self, name: str, outcome: Outcome, report: str | None = None) -> str:
        raise SystemExit("killed between the commit and the move")


def test_a_restart_after_a_crash_between_commit_and_move_imports_nothing_twice(
    engine: Engine, catalogue: None, inbox: Path
) -> None:
    (inbox / "orders.csv").write_text(HEADER + order_rows(range(1, 51)))
    crashing = build_watcher(engine, CrashAfterCommit(inbox))
    crashing.poll()
    with pytest.raises(SystemExit):
        crashing.poll()
    assert count(engine, t.orders) == 50 and (inbox / "orders.csv").exists()
    audited = count(engine, t.audit_log)

    restarted: WatchFolder = build_watcher(engine, LocalDropFolder(inbox))  # a new process
    restarted.poll()
    [handled] = restarted.poll()

    assert (handled.outcome, handled.moved_to) == ("done", "done/orders.csv")
    assert "imported before, not again" in handled.message
    assert count(engine, t.orders) == 50
    assert count(engine, t.audit_log) == audited  # nothing imported, changed or recorded
    assert count(engine, t.audit_log, t.audit_log.c.action == "order_imported") == 50

    # The same bytes sent again later are not imported again either, even after an order of
    # theirs changed meanwhile: W-1's new address stays.
    changed = HEADER + order_rows(range(1, 2)).replace("Main St 1,", "New St 1,")
    (inbox / "change.csv").write_text(changed)
    restarted.poll()
    restarted.poll()
    (inbox / "orders.csv").write_text(HEADER + order_rows(range(1, 51)))
    restarted.poll()
    [resent] = restarted.poll()
    assert resent.moved_to == "done/orders-2.csv"
    with engine.connect() as conn:
        line1 = conn.execute(
            select(t.orders.c.ship_to_line1).where(t.orders.c.reference == "W-1")
        ).scalar_one()
    assert line1 == "New St 1"


def test_a_missing_folder_or_a_file_is_one_clear_message(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "no-such-folder"
    assert main(["--db", database_url, "intake", "--watch", str(missing)]) == 2
    err = capsys.readouterr().err.strip()
    assert (
        err == f"packbench: intake folder {missing}: does not exist; create it or give another one"
    )

    a_file = tmp_path / "file.csv"
    a_file.write_text("")
    assert main(["--db", database_url, "intake", "--watch", str(a_file)]) == 2
    assert capsys.readouterr().err.strip().endswith(f"{a_file}: is a file, not a folder")


def test_no_folder_given_says_how_to_give_one(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "station.toml"
    config.write_text("")
    assert main(["--config", str(config), "--db", database_url, "intake"]) == 2
    assert "give --watch DIR or set [intake] watch_dir" in capsys.readouterr().err


# --------------------------------------------------------------------------- a real process


POLL = ("--poll-s", "0.05")


def start_intake(database_url: str, folder: Path, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            database_url,
            "intake",
            "--watch",
            str(folder),
            *POLL,
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


def test_sigkill_in_the_middle_then_restart_imports_each_order_once(
    engine: Engine, database_url: str, catalogue: None, inbox: Path, tmp_path: Path
) -> None:
    files, per_file = 30, 50
    for n in range(files):
        rows = order_rows(range(n * per_file, (n + 1) * per_file))
        (inbox / f"batch-{n:02d}.csv.tmp").write_text(HEADER + rows)
    log = tmp_path / "intake.log"
    first = start_intake(database_url, inbox, log)
    wait_for(lambda: b"watching" in log.read_bytes(), "the watcher to start")
    for n in range(files):  # dropped the documented way: written, then renamed
        (inbox / f"batch-{n:02d}.csv.tmp").rename(inbox / f"batch-{n:02d}.csv")
    done = inbox / "done"
    wait_for(lambda: len(list(done.iterdir())) >= 2, "the first files to be imported")
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    left = len([p for p in inbox.glob("batch-*.csv")])
    assert 0 < left < files, "the kill landed after everything was done; nothing tested"

    second = start_intake(database_url, inbox, log)
    wait_for(lambda: not list(inbox.glob("batch-*.csv")), "every file to be handled")
    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=30) == 0

    assert sorted(p.name for p in done.iterdir()) == [f"batch-{n:02d}.csv" for n in range(files)]
    assert list((inbox / "failed").iterdir()) == []
    total = files * per_file
    assert count(engine, t.orders) == total
    assert count(engine, t.audit_log, t.audit_log.c.action == "order_imported") == total
    assert count(engine, t.audit_log, t.audit_log.c.action == "file_imported") == files
    said = log.read_text()
    assert said.count("-> done/") == files
    assert "stopped" in said.splitlines()[-1]
