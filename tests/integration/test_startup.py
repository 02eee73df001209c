"""Starting a station: database choice, schema versions, bad URLs, the CLI and smoke test."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from sqlalchemy import text

from app.adapters.db import schema
from app.adapters.db.engine import make_engine
from app.bootstrap import open_database
from app.domain.errors import DatabaseUnavailable, SchemaMismatch
from app.main import main


def test_an_empty_database_is_created_at_start(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        assert schema.current_revision(engine) == schema.head_revision()
    finally:
        engine.dispose()


def test_a_database_with_an_older_schema_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    schema.upgrade(engine)
    schema.upgrade_to_base(engine)
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="packbench db upgrade"):
        open_database(database_url)


def test_a_database_from_a_newer_packbench_is_refused(database_url: str) -> None:
    engine = make_engine(database_url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    with pytest.raises(SchemaMismatch, match="newer Packbench"):
        open_database(database_url)


def test_an_unreachable_database_names_it_without_the_password() -> None:
    url = "postgresql://packer:s3cret-pw@127.0.0.1:1/warehouse"
    with pytest.raises(DatabaseUnavailable) as caught:
        open_database(url)
    assert "127.0.0.1:1/warehouse" in caught.value.message
    assert "s3cret-pw" not in caught.value.message


@pytest.mark.allow_error_logs
def test_cli_refuses_a_newer_schema_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'newer.sqlite'}"
    engine = make_engine(url)
    schema.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff'"))
    engine.dispose()
    assert main(["--db", url, "db", "upgrade"]) == 2
    assert "newer Packbench" in capsys.readouterr().err


def test_cli_db_upgrade_and_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'station.sqlite'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert f"none -> {schema.head_revision()}" in capsys.readouterr().out
    assert main(["--db", url, "db", "current"]) == 0
    assert capsys.readouterr().out.strip() == schema.head_revision()


def run_packbench(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    config = data_dir / "empty.toml"  # all defaults (a named config file must exist)
    config.write_text("", encoding="utf-8")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PACKBENCH_DATA_DIR=str(data_dir),
        PACKBENCH_CONFIG=str(config),
    )
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_version(tmp_path: Path) -> None:
    from app import __version__

    result = run_packbench("--version", data_dir=tmp_path)
    assert result.returncode == 0
    assert result.stdout.strip() == f"packbench {__version__}"


def test_smoke_test(tmp_path: Path) -> None:
    result = run_packbench("--smoke-test", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "smoke test ok"


def test_start_with_an_unreachable_database_exits_with_the_reason(tmp_path: Path) -> None:
    result = run_packbench(
        "--smoke-test", "--db", "postgresql://x:pw@127.0.0.1:1/db", data_dir=tmp_path
    )
    assert result.returncode == 2
    assert "Cannot reach the database" in result.stderr
    assert ":pw@" not in result.stderr


def test_the_migrations_build_exactly_the_declared_schema(engine: object) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import Engine

    from app.adapters.db.tables import metadata

    assert isinstance(engine, Engine)
    with engine.connect() as conn, warnings.catch_warnings():
        # SQLite cannot reflect expression indexes (the ready queue's): its SQL is compared
        # below instead.
        warnings.filterwarnings("ignore", "(?i).*expression-based index")
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
        if engine.dialect.name == "sqlite":
            sql = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'ix_orders_ready_queue'"
            ).scalar_one()
            assert "priority DESC, (cut_off IS NULL), cut_off, created_at, id" in sql
            assert "WHERE status = 'ready'" in sql
    assert differences == []


def test_commands_sheet_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "commands.pdf"
    assert main(["commands-sheet", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in capsys.readouterr().out


def test_ports_command_lists_serial_ports(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from serial.tools import list_ports_common

    port = list_ports_common.ListPortInfo("/dev/ttyACM7")
    port.vid, port.pid, port.description = 0x0C2E, 0x0B61, "Honeywell 1900"
    monkeypatch.setattr("serial.tools.list_ports.comports", lambda: [port])
    assert main(["ports"]) == 0
    out = capsys.readouterr().out
    assert "/dev/ttyACM7" in out and "0c2e:0b61" in out and "Honeywell 1900" in out


def test_printer_test_command(tmp_path: Path) -> None:
    result = run_packbench(
        "--db", f"sqlite:///{tmp_path / 'p.sqlite'}", "printer-test", data_dir=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "status ready" in result.stdout
    preview = result.stdout.strip().rsplit("preview: ", 1)[1]
    import zxingcpp
    from PIL import Image

    from app.services.label_content import TEST_TRACKING_NUMBER

    with Image.open(preview) as image:
        decoded = {barcode.text for barcode in zxingcpp.read_barcodes(image.convert("L"))}
    assert TEST_TRACKING_NUMBER in decoded
