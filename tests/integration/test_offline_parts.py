"""The offline station's further parts on a real PostgreSQL that goes away (issue 13): a box
scanned offline, a supervisor's weight override offline, the kits of look-ahead orders, and
reprints and voids refused offline with a message that says why."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, insert, select

from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types, parcel_boxes
from app.adapters.db.journal import LocalJournalStore, SharedAppliedOperations
from app.adapters.db.journal_tables import offline_applied, offline_journal
from app.adapters.security import Argon2CredentialHasher
from app.bootstrap import build_station
from app.domain.errors import DatabaseUnavailable
from app.domain.model import ScanOutcome
from app.services.offline import OfflineStation
from app.services.offline_state import OFFLINE_NO_REPRINTS
from app.services.pack_out import ParcelClosed, WeightRefusal
from app.services.results import Session
from tests.integration import test_offline as base
from tests.support.factories import World
from tests.support.pg_outage import Outage
from tests.support.pgserver import PgServer
from tests.support.station import StepClock

# The outage's fixtures of the offline tests (a private cluster, stopped and started).
server, outage, shared, world, local, station = (
    base.server,
    base.outage,
    base.shared,
    base.world,
    base.local,
    base.station,
)
scalar, sync_until_online, uid = base.scalar, base.sync_until_online, base.uid


@pytest.fixture
def session(station: OfflineStation) -> Session:
    return station.sign_in(station.register_station("PACK-01"), "BDG1001").session


def _add_boxes(shared: Engine) -> None:
    with shared.begin() as conn:
        conn.execute(
            insert(box_types),
            [
                {
                    "code": "S1",
                    "name": "small",
                    "length_mm": 200,
                    "width_mm": 150,
                    "height_mm": 100,
                    "tare_g": 120,
                    "max_weight_g": 5000,
                },
                {
                    "code": "M2",
                    "name": "medium",
                    "length_mm": 300,
                    "width_mm": 200,
                    "height_mm": 150,
                    "tare_g": 250,
                    "max_weight_g": 10000,
                },
            ],
        )


def _scan_shop_1(station: OfflineStation, session: Session, order_id: int, world: World) -> None:
    for sku in ("MUG-BLUE", "MUG-BLUE", "CABLE-C1"):
        result = station.record_scan(session, order_id, uid(), world.product_codes[sku])
        assert result.verdict.outcome is ScanOutcome.ACCEPTED


def test_a_box_scanned_offline_goes_on_the_parcel_and_its_tare_in_the_weight_then_syncs_once(
    station: OfflineStation,
    session: Session,
    world: World,
    shared: Engine,
    local: Engine,
    outage: Outage,
) -> None:
    _add_boxes(shared)
    order = station.open_order(session, world.slips["SHOP-1"])
    outage.stop()
    _scan_shop_1(station, session, order.id, world)
    assert station.offline
    advice = station.boxes.advice(order.id)
    assert advice.chosen is None and advice.message == "Parcel 1: no box scanned yet."
    chosen = station.boxes.choose(session, order.id, "BOXM2")
    assert chosen.chosen is not None and chosen.chosen.code == "M2"
    assert chosen.expected_g == 550  # 3 x 100 g + the box's 250 g, as online
    assert station.pack_out.expected_weight(order.id) == (1, 550)
    with pytest.raises(DatabaseUnavailable):  # not a box of the site: refused, nothing kept
        station.boxes.choose(session, order.id, "BOXXXL")
    refused = station.pack_out.close_parcel(session, order.id, "desk-1", last=True, weight_g=300)
    assert isinstance(refused, WeightRefusal)  # the tare counts offline too
    closed = station.pack_out.close_parcel(session, order.id, "desk-1", last=True, weight_g=555)
    assert isinstance(closed, ParcelClosed) and station.offline

    outage.start()
    sync_until_online(station)
    with local.connect() as conn:
        outcomes = dict(
            conn.execute(
                select(offline_journal.c.kind, offline_journal.c.outcome).where(
                    offline_journal.c.kind.in_(["box", "close_parcel"])
                )
            ).all()
        )
    assert outcomes["box"] == "box M2 on parcel 1"
    with shared.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        audit = list(
            conn.execute(
                select(t.audit_log.c.detail).where(t.audit_log.c.action == "box_chosen")
            ).scalars()
        )
        boxes_there = conn.execute(select(func.count()).select_from(parcel_boxes)).scalar_one()
        weights = list(
            conn.execute(
                select(t.audit_log.c.action)
                .where(t.audit_log.c.action.in_(["weight_refused", "offline_conflict"]))
                .order_by(t.audit_log.c.id)
            ).scalars()
        )
        status = conn.execute(
            select(t.orders.c.status).where(t.orders.c.id == order.id)
        ).scalar_one()
        applied = list(
            conn.execute(
                select(offline_applied.c.kind).where(offline_applied.c.kind == "box")
            ).scalars()
        )
    assert (parcel.box_code, parcel.weight_g) == ("M2", 555)
    assert audit == ["parcel 1: M2"] and boxes_there == 1 and applied == ["box"]
    # The weight refused offline is stored once as refused there too: no conflict, no hold.
    assert weights == ["weight_refused"] and status == "packed"
    with local.connect() as conn:
        kinds = list(conn.execute(select(offline_journal.c.kind)).scalars())
    assert kinds.count("box") == 1  # the refused box left nothing to replay


def test_a_supervisor_kept_here_overrides_a_refused_weight_offline_one_never_here_is_told_why(
    station: OfflineStation,
    world: World,
    shared: Engine,
    outage: Outage,
) -> None:
    record = station.register_station("PACK-01")
    station.sign_in(record, "BDG9001")  # the supervisor signed in here before: kept here
    packer = station.sign_in(record, "BDG1001").session
    order = station.open_order(packer, world.slips["SHOP-1"])
    outage.stop()
    _scan_shop_1(station, packer, order.id, world)
    refused = station.pack_out.close_parcel(packer, order.id, "desk-1", last=True, weight_g=900)
    assert isinstance(refused, WeightRefusal) and station.offline
    with pytest.raises(DatabaseUnavailable) as never_here:
        station.sign_in(record, "BDG1002")  # a packer who never signed in at this station
    assert never_here.value.message == (
        "The database cannot be reached, and this badge has not signed in at this station "
        "before: offline, only those who have can sign in. Wait for the database or use another "
        "station."
    )
    chief = station.sign_in(record, "BDG9001", replacing=packer).session
    closed = station.pack_out.close_parcel(
        chief, order.id, "desk-1", last=True, weight_g=900, override="extra padding, checked"
    )
    assert isinstance(closed, ParcelClosed) and closed.completion is not None

    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        parcel = conn.execute(select(t.parcels).where(t.parcels.c.order_id == order.id)).one()
        audit = list(
            conn.execute(
                select(t.audit_log.c.action, t.audit_log.c.detail)
                .where(t.audit_log.c.action.in_(["weight_refused", "weight_override"]))
                .order_by(t.audit_log.c.id)
            ).all()
        )
    assert parcel.weight_g == 900
    assert parcel.tracking_number == closed.completion.tracking_number
    assert [a for a, _d in audit] == ["weight_refused", "weight_override"]
    assert audit[1][1].endswith("accepted by Robin Supervisor: extra padding, checked")


def test_the_kits_of_look_ahead_orders_are_kept_and_packed_from_their_parts_offline(
    shared: Engine, local: Engine, now: datetime, world: World, outage: Outage
) -> None:
    """A kit on an order kept by look-ahead (not the open one): its definition and its
    components' products are in the local copy, so a part counts under the kit offline."""
    with shared.begin() as conn:
        ids = dict(conn.execute(select(t.products.c.sku, t.products.c.id)).all())
        note, pen = ids["NOTE-A5"], ids["PEN-BLK"]
        conn.execute(t.products.update().where(t.products.c.id == note).values(kit="components"))
        conn.execute(
            t.kit_components.insert().values(
                kit_product_id=note, component_product_id=pen, quantity=2
            )
        )
    station = OfflineStation(
        LocalJournalStore(local, shared),
        SharedAppliedOperations(shared),
        StepClock(now),
        Argon2CredentialHasher(),
        batch_size=3,
        look_ahead=1,
    )
    session = station.sign_in(station.register_station("PACK-01"), "BDG1001").session
    first = station.open_order(session, world.slips["SHOP-1"])  # SHOP-2 is kept ahead
    assert station.link().kept == 1
    with local.connect() as conn:
        kept_kits = conn.execute(
            select(t.kit_components.c.kit_product_id, t.kit_components.c.quantity)
        ).all()
    pen_codes = scalar(local, select(func.count()).where(t.product_barcodes.c.product_id == pen))
    assert [tuple(k) for k in kept_kits] == [(note, 2)] and pen_codes >= 1

    outage.stop()
    station.hold_order(session, first.id, "box crushed")
    ahead = station.claim_next_order(session)
    assert ahead is not None and ahead.id == world.orders["SHOP-2"] and station.offline
    kit = station.record_scan(session, ahead.id, uid(), world.product_codes["NOTE-A5"])
    assert kit.verdict.outcome is ScanOutcome.WRONG_ITEM
    assert "packed from its components" in kit.verdict.message
    parts = [
        station.record_scan(session, ahead.id, uid(), world.product_codes["PEN-BLK"])
        for _ in range(2)
    ]
    assert [p.verdict.outcome for p in parts] == [ScanOutcome.ACCEPTED] * 2
    assert parts[-1].order.fully_verified
    station.complete_order(session, ahead.id, "desk-1")

    outage.start()
    sync_until_online(station)
    with shared.connect() as conn:
        status = conn.execute(
            select(t.orders.c.status).where(t.orders.c.id == ahead.id)
        ).scalar_one()
        counted = conn.execute(
            select(t.order_lines.c.verified_qty).where(t.order_lines.c.order_id == ahead.id)
        ).scalar_one()
    assert (status, counted) == ("packed", 1)


def test_reprints_and_voids_are_refused_offline_saying_why_and_work_again_online(
    server: PgServer, shared: Engine, world: World, outage: Outage, tmp_path: Path
) -> None:
    """Through the station as ``app.bootstrap`` builds it: a label printed again or voided
    offline would be missing from the shared record of labels, so both are refused there,
    nothing is written or journaled, and both work once the database is back."""
    built = build_station(base._station_settings(server, shared, tmp_path))
    try:
        assert built.sync is not None
        built.sync.stop()  # the test replays the journal itself
        station, labels = built.packing, built.labels
        assert isinstance(station, OfflineStation)
        chief = station.sign_in(built.record, "BDG9001").session
        done_order = station.open_order(chief, world.slips["SHOP-2"])
        station.record_scan(chief, done_order.id, uid(), world.product_codes["NOTE-A5"])
        done = station.complete_order(chief, done_order.id, labels.printer.name)
        assert labels.print_job(chief, done.print_job_id).state == "sent"
        order = station.open_order(chief, world.slips["SHOP-1"])

        outage.stop()
        station.record_scan(chief, order.id, uid(), world.product_codes["MUG-BLUE"])
        assert station.offline
        waiting = station.link().waiting
        with pytest.raises(DatabaseUnavailable) as reprint:
            labels.reprint(chief, done.tracking_number, "label damaged")
        assert reprint.value.message == OFFLINE_NO_REPRINTS
        assert "printed again or voided only when it is back" in reprint.value.message
        with pytest.raises(DatabaseUnavailable) as void:
            labels.void_label(chief, done.tracking_number, "wrong address")
        assert void.value.message == OFFLINE_NO_REPRINTS
        with pytest.raises(DatabaseUnavailable):
            labels.reprint_where_printed(chief, done.tracking_number, "label damaged")
        assert station.link().waiting == waiting  # nothing journaled

        outage.start()
        sync_until_online(station)
        again = labels.reprint(chief, done.tracking_number, "label damaged")
        with shared.connect() as conn:
            jobs = conn.execute(
                select(func.count()).where(t.print_jobs.c.parcel_id == done.parcel_id)
            ).scalar_one()
            reprints = conn.execute(
                select(func.count()).where(t.audit_log.c.action == "label_reprinted")
            ).scalar_one()
        assert again != done.print_job_id and jobs == 2 and reprints == 1
        # the station's "void it again" confirmation passes through the offline-capable desk
        report = labels.void_label(
            chief, done.tracking_number, "wrong address", loaded_confirmed=True
        )
        assert report.parcel_id == done.parcel_id
    finally:
        built.close()
