"""``packbench demo create --db URL`` on SQLite and PostgreSQL: the demo built from the sample
files through the services, with a week of history that looks exactly like orders packed at
a station."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine

from app.adapters.db import tables as t
from app.adapters.db.engine import make_engine, safe_url
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.sscc import validate_sscc
from app.domain.tracking import validate_s10
from app.main import main
from app.services.clock import SystemClock
from app.services.handoff import Actor, HandoffService
from app.services.packing import PackingService
from app.services.printing import LabelService
from tests.support.printers import file_printer
from tests.support.station import SENDER


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PACKBENCH_DATA_DIR", str(tmp_path))
    (tmp_path / "station.toml").write_text("")
    monkeypatch.setenv("PACKBENCH_CONFIG", str(tmp_path / "station.toml"))
    monkeypatch.setattr("sys.stdin", io.StringIO(""))


def _scalar(engine: Engine, query: sa.Executable) -> int:
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _count(engine: Engine, table: sa.Table, *where: sa.ColumnElement[bool]) -> int:
    return _scalar(engine, sa.select(sa.func.count()).select_from(table).where(*where))


def _trail(engine: Engine, order_id: int) -> dict[str, object]:
    """What packing an order left in the database, without the times and numbers: the same
    for an order packed at a station and one from the demo's history."""
    with engine.connect() as conn:
        order = conn.execute(sa.select(t.orders).where(t.orders.c.id == order_id)).one()
        units = conn.execute(
            sa.select(sa.func.sum(t.order_lines.c.quantity)).where(
                t.order_lines.c.order_id == order_id
            )
        ).scalar_one()
        scans = conn.execute(
            sa.select(t.scan_events).where(t.scan_events.c.order_id == order_id)
        ).all()
        (parcel,) = conn.execute(sa.select(t.parcels).where(t.parcels.c.order_id == order_id))
        jobs = conn.execute(
            sa.select(t.print_jobs).where(t.print_jobs.c.parcel_id == parcel.id)
        ).all()
        audit = conn.execute(
            sa.select(t.audit_log)
            .where(
                sa.or_(
                    sa.and_(t.audit_log.c.entity == "order", t.audit_log.c.entity_id == order_id),
                    sa.and_(t.audit_log.c.entity == "parcel", t.audit_log.c.entity_id == parcel.id),
                )
            )
            .order_by(t.audit_log.c.id)
        ).all()
    validate_s10(parcel.tracking_number)
    validate_sscc(parcel.sscc)
    accepted = [s for s in scans if s.outcome == "accepted"]
    times = [audit[1].at, *sorted(s.at for s in scans), audit[2].at, audit[3].at]
    assert times == sorted(times), "claimed, scanned, completed and labelled in this order"
    assert audit[1].at < parcel.created_at <= audit[2].at
    # the hand-over is the dock's (another person), not the packer's
    packed_by = {s.user_id for s in scans} | {
        a.user_id for a in audit[1:] if a.action != "handed_over"
    }
    return {
        "status": order.status,
        "claim kept": (
            order.claimed_by_station_id is not None,
            order.claimed_by_user_id in packed_by,
        ),
        "units scanned": sum(s.units for s in accepted) == units,
        "scans made at a station by a user": all(s.station_id and s.user_id for s in scans),
        "packed by one packer": len(packed_by) == 1 and None not in packed_by,
        "carrier": parcel.carrier == order.carrier,
        "jobs": [(j.kind, j.state, j.printer, j.station_id is not None) for j in jobs],
        "audit": [a.action for a in audit],
    }


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_demo_create_builds_the_demo_through_the_services(
    database: str,
    cli: None,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if database == "sqlite":
        url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    else:
        url = request.getfixturevalue("pg_server").create_database()
    assert main(["demo", "create", "--db", url]) == 0
    said = capsys.readouterr().out
    assert "54 orders to pack, 42 products" in said
    assert "BDG1001 (packer)" in said and "BDG0001 (admin)" in said

    engine = make_engine(url)
    try:
        statuses = _statuses(engine)
        assert statuses["ready"] == 54
        shipped = ("labelled", "handed_over", "delivered")
        history = sum(statuses[s] for s in shipped) + statuses["on_hold"]
        assert set(statuses) == {"ready", "on_hold", *shipped}
        assert 7 * 14 <= history <= 7 * 22  # 14 to 22 orders a day
        assert f"a week of history: {history} orders" in said
        assert 1 <= statuses["on_hold"] <= history // 10
        assert _count(engine, t.products) == 42  # 40 and two kits
        assert _count(engine, t.users) == 5
        assert _count(engine, t.stations) == 2
        assert _count(engine, t.tracking_ranges) == 4
        labelled = sum(statuses[s] for s in shipped)
        assert _count(engine, t.parcels) == labelled
        assert _count(engine, t.print_jobs, t.print_jobs.c.state == "sent") == labelled
        assert _count(engine, t.print_jobs) == labelled
        wrong = _count(engine, t.scan_events, t.scan_events.c.outcome == "wrong_item")
        assert 1 <= wrong <= history // 5
        packers = _scalar(engine, sa.select(sa.func.count(sa.distinct(t.scan_events.c.user_id))))
        assert packers == 3
        # the history is the last seven days, in the shifts (06:00 to 21:30 UTC)
        with engine.connect() as conn:
            moments = [row.at for row in conn.execute(sa.select(t.scan_events.c.at))]
        today = datetime.now(UTC).date()
        days = {m.date() for m in moments}
        assert days == {today - timedelta(days=back) for back in range(1, 8)}
        assert all(6 <= m.hour < 22 for m in moments)
        # handed to the carriers: a manifest per carrier closed each day, today's open
        assert "hand-off: 21 manifests closed" in said
        assert _count(engine, t.manifests, t.manifests.c.status == "closed") == 21
        assert _count(engine, t.manifests, t.manifests.c.status == "open") == 3
        loaded = _count(engine, t.manifest_parcels, t.manifest_parcels.c.loaded_at.is_not(None))
        assert statuses["handed_over"] + statuses["delivered"] <= loaded < labelled
        assert _count(engine, t.parcel_tracking, t.parcel_tracking.c.state == "exception") == 2
        # every parcel weighed (its units and a few grams), every customer has an email
        assert _count(engine, t.parcels, t.parcels.c.weight_g.is_(None)) == 0
        assert _count(engine, t.parcels, t.parcels.c.weight_g < 20) == 0
        assert _count(engine, t.orders, ~t.orders.c.ship_to_email.like("%_@example.com")) == 0
        # the demo's own tracking file names its parcels: imported, none unknown
        sample = tmp_path / "demo" / "tracking-sample.csv"
        assert f"packbench --db {safe_url(url)} import tracking {sample}" in said
        assert main(["--db", url, "import", "tracking", str(sample)]) == 0
        imported = capsys.readouterr().out
        assert "5 event(s), 5 new, 0 already stored, 0 of unknown parcels" in imported
        assert _count(engine, t.parcel_tracking, t.parcel_tracking.c.state == "exception") == 3
        # every ready order is due today or tomorrow, after now
        with engine.connect() as conn:
            cut_offs = conn.execute(
                sa.select(t.orders.c.cut_off).where(t.orders.c.status == "ready")
            ).scalars()
            now = datetime.now(UTC)
            assert all(now < c.replace(tzinfo=UTC) < now + timedelta(days=2) for c in cut_offs)
    finally:
        engine.dispose()


def _moved_orders() -> sa.Select[tuple[int]]:
    """Orders with a parcel moved to the next pick-up (their story says so)."""
    return sa.select(t.parcels.c.order_id).join(
        t.audit_log,
        sa.and_(
            t.audit_log.c.entity == "parcel",
            t.audit_log.c.entity_id == t.parcels.c.id,
            t.audit_log.c.action == "parcel_moved",
        ),
    )


def _statuses(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.orders.c.status, sa.func.count()).group_by(t.orders.c.status)
        )
        return {row[0]: int(row[1]) for row in rows}


def test_a_history_order_looks_like_one_packed_at_a_station(
    cli: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    assert main(["demo", "create", "--db", url]) == 0
    capsys.readouterr()
    # A second time on the same database: one line, no traceback, nothing added.
    assert main(["demo", "create", "--db", url]) == 2
    said = capsys.readouterr().err.strip().splitlines()
    assert said == [
        "packbench: Refusing to add demo data: this database already has 171 orders. Demo data "
        "goes only into a new, empty database."
    ]
    engine = make_engine(url)
    try:
        # a packer packs one of today's orders at a real station, as the pack screen does
        uow = SqlUnitOfWork.factory(engine)
        packing = PackingService(uow, SystemClock(), Argon2CredentialHasher())
        session = packing.sign_in(packing.register_station("PACK-02"), "BDG1002").session
        order = packing.open_order(session, "ORD100002")
        with engine.connect() as conn:
            codes = conn.execute(
                sa.select(t.product_barcodes.c.code, t.order_lines.c.quantity)
                .join(t.order_lines, t.order_lines.c.product_id == t.product_barcodes.c.product_id)
                .where(t.order_lines.c.order_id == order.id, t.product_barcodes.c.units == 1)
            ).all()
        for n, (code, quantity) in enumerate(codes):
            for unit in range(quantity):
                packing.record_scan(session, order.id, f"live-{n}-{unit}", code[1:])
        done = packing.complete_order(session, order.id, "PACK-02")
        printer = file_printer(tmp_path / "labels", name="PACK-02")
        labels = LabelService(uow, SystemClock(), printer, SENDER)
        assert labels.print_job(session, done.print_job_id).state == "sent"
        # and a packer at the dock loads it onto today's open manifest, as the dock does
        dock = HandoffService(uow, SystemClock())
        kim = packing.sign_in(packing.register_station("DOCK-1"), "BDG1003").session
        loader = Actor(kim.user_id, kim.user_name, kim.role)
        assert dock.dock_scan(loader, None, done.tracking_number).order_handed_over is not None
        live = _trail(engine, order.id)

        with engine.connect() as conn:
            history = conn.execute(
                sa.select(t.orders.c.id)
                .join(t.audit_log, t.audit_log.c.entity_id == t.orders.c.id)
                .where(
                    t.orders.c.status == "handed_over",
                    t.orders.c.id != order.id,
                    t.orders.c.id.not_in(_moved_orders()),
                    t.audit_log.c.entity == "order",
                    t.audit_log.c.action == "claim",
                )
                .join(t.stations, t.stations.c.id == t.audit_log.c.station_id)
                .where(t.stations.c.name == "PACK-02")
                .order_by(t.orders.c.id)
                .limit(1)
            ).scalar_one()
        assert _trail(engine, history) == live
        assert live["audit"] == [
            "order_imported",
            "claim",
            "complete",
            "label_printed",
            "handed_over",
        ]
        assert live["jobs"] == [("label", "sent", "PACK-02", True)]
    finally:
        engine.dispose()
