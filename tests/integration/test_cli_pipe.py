"""``packbench manifest list | head``: a reader that goes away ends the command quietly (exit
141, as SIGPIPE would), never a BrokenPipeError traceback. The real command in a subprocess,
its output pipe closed before it writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, insert

from app.adapters.db import tables as t
from app.main import READER_GONE


def test_a_list_into_a_closed_pipe_ends_quietly(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    at = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            insert(t.manifests),
            [
                {"carrier": f"C{n}", "pickup_at": at, "opened_at": at, "status": "open"}
                for n in range(300)
            ],
        )
    config = tmp_path / "empty.toml"
    config.write_text("", encoding="utf-8")
    env = dict(os.environ, PACKBENCH_DATA_DIR=str(tmp_path), PACKBENCH_CONFIG=str(config))
    command = [sys.executable, "-m", "app", "--db", database_url, "manifest", "list", "--all"]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader is gone before the first line: as `| head -0`
    errors = process.stderr.read().decode()
    assert process.wait(timeout=60) == READER_GONE
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors
    assert errors == ""
