"""A parcel loaded at the dock whose label is then voided, on SQLite and PostgreSQL, through the
services: the void is refused (audited) until confirmed and then warns where the parcel is; the
reconcile view lists it per carrier (on the open cage, and after its manifest closed); its
order's hand-off goes out neither in the events file nor as an email with no tracking number.
And the delivery's event, email and story carry the carrier's time, not the import's."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from app.adapters.db import tables as t
from app.adapters.db.tables_outbox import outbox_events
from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.documents.manifest_sheet import ManifestSheet
from app.adapters.export_folder import LocalBatchFolder
from app.domain.handoff import LoadOutcome, ManifestRefused
from app.domain.reprints import LoadedLabel
from app.services.handoff import Actor, HandoffService
from app.services.reprints import ReprintDesk
from app.services.story import StoryService
from tests.integration.test_mail import mailer
from tests.integration.test_outbox import ORDERS, make_events, no_step, supervisor_service
from tests.support.factories import World, add_sscc_range, seed
from tests.support.smtp_server import LocalSmtpServer
from tests.support.station import StationUnderTest, StepClock, make_station

CARRIER_DELIVERED = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


@pytest.fixture
def world(engine: Engine, now: datetime) -> World:
    made = seed(engine, now, orders=ORDERS)
    add_sscc_range(engine)
    with engine.begin() as conn:
        for reference, _ in ORDERS:
            conn.execute(
                update(t.orders)
                .where(t.orders.c.reference == reference)
                .values(ship_to_email=f"{reference.lower()}@example.com")
            )
    return made


@pytest.fixture
def station(engine: Engine, now: datetime, world: World) -> StationUnderTest:
    return make_station(engine, now)


def handoff(engine: Engine, now: datetime, folder: Path) -> HandoffService:
    return HandoffService(
        SqlUnitOfWork.factory(engine),
        StepClock(now + timedelta(days=1, hours=2)),
        pickups={"DHL": time(17, 0)},
        zone=UTC,
        folder=folder,
        files=LocalBatchFolder(),
        document=ManifestSheet(),
    )


def audits(engine: Engine, action: str) -> list[str]:
    with engine.connect() as conn:
        rows = conn.execute(select(t.audit_log.c.detail).where(t.audit_log.c.action == action))
        return [row.detail for row in rows]


def test_voiding_a_loaded_label_warns_lists_it_and_tells_no_one_an_empty_tracking_number(
    engine: Engine,
    now: datetime,
    world: World,
    station: StationUnderTest,
    tmp_path: Path,
) -> None:
    numbers = make_events(engine, now, world, station)  # all three loaded and handed over
    desk = ReprintDesk(SqlUnitOfWork.factory(engine), StepClock(now + timedelta(days=1)))
    boss = station.sign_in("BDG9001")

    # Refused until confirmed, and the refusal says where the parcel is.
    with pytest.raises(LoadedLabel) as refused:
        desk.void(boss, numbers[2], "damaged")
    assert f"Parcel {numbers[2]} is LOADED on the DHL cage (manifest" in refused.value.message
    assert "Take it off the cage" in refused.value.message
    assert audits(engine, "label_void_refused") == [
        f"{numbers[2]}: loaded, not confirmed (damaged)"
    ]
    assert desk.find(numbers[2])[0].voided_at is None
    report = desk.void(boss, numbers[2], "damaged", loaded_confirmed=True)
    assert report.warning is not None
    assert f"Take parcel {numbers[2]} off the DHL cage" in report.warning
    assert "loaded on manifest" in audits(engine, "label_voided")[0]

    # The reconcile view lists it, red in the console, for the DHL cage.
    (tmp_path / "manifests").mkdir()
    dhl = handoff(engine, now, tmp_path / "manifests")
    (view,) = dhl.reconcile()
    assert [x.tracking_number for x in view.voided_loaded] == [numbers[2]]
    assert not view.voided_gone

    # Its order's hand-off is held: not in the events file, no email, never an empty number.
    events, exporter = supervisor_service(engine, now)
    folder = tmp_path / "events"
    folder.mkdir()
    assert events.export(exporter, folder, "json", no_step).events == 4
    (written,) = folder.iterdir()
    sent = json.loads(written.read_text())["events"]
    assert [(e["event"], e["order_reference"]) for e in sent] == [
        ("handed_over", "SHOP-1"),
        ("handed_over", "SHOP-2"),
        ("exception", "SHOP-2"),
        ("delivered", "SHOP-1"),
    ]
    assert all(e["tracking_numbers"] for e in sent)
    with LocalSmtpServer() as smtp:
        clock = StepClock(now + timedelta(days=1, hours=3))
        run = mailer(engine, clock, smtp.port, tmp_path).send_due()
        assert run.sent == 4
        assert "shop-3@example.com" not in [to[0] for to, _ in smtp.messages]
        assert all("Tracking number: \n" not in m.get_content() for _, m in smtp.messages)

    # The manifest does not close while it is on the cage; scanned at the dock, it comes off.
    supervisor = Actor(boss.user_id, boss.user_name, boss.role)
    cage = dhl.find_open("DHL") or 0
    with pytest.raises(ManifestRefused, match="have a VOIDED label and are still loaded"):
        dhl.close(supervisor, cage)
    loader = station.sign_in()
    dock = Actor(loader.user_id, loader.user_name, loader.role, loader.station_id)
    off = dhl.dock_scan(dock, cage, numbers[2])
    assert off.outcome is LoadOutcome.VOIDED
    assert (
        off.message
        == f"{numbers[2]}: label VOIDED, taken off the DHL cage. Give it to a supervisor."
    )
    assert (off.loaded, off.expected) == (2, 2)  # the voided one counted neither way
    (view,) = dhl.reconcile()
    assert not view.voided_loaded and not view.missing

    # After the manifest closes, a loaded parcel voided has left with DHL: said, and listed.
    dhl.close(supervisor, cage)
    with pytest.raises(LoadedLabel) as gone:
        desk.void(boss, numbers[1], "customer cancelled")
    assert "left with DHL on manifest" in gone.value.message
    later = desk.void(boss, numbers[1], "customer cancelled", loaded_confirmed=True)
    assert later.warning is not None and "tell DHL not to deliver it" in later.warning
    (view,) = dhl.reconcile()
    assert view.manifest_id is None
    assert [x.tracking_number for x in view.voided_gone] == [numbers[1]]


def test_the_delivery_carries_the_carriers_time_not_the_imports(
    engine: Engine, now: datetime, world: World, station: StationUnderTest, tmp_path: Path
) -> None:
    numbers = make_events(engine, now, world, station)  # imported at now + 1 day (09:30)
    with engine.connect() as conn:
        at = conn.execute(
            select(outbox_events.c.at).where(outbox_events.c.kind == "delivered")
        ).scalar_one()
    assert at == CARRIER_DELIVERED
    with LocalSmtpServer() as smtp:
        clock = StepClock(now + timedelta(days=1, hours=3))
        mailer(engine, clock, smtp.port, tmp_path).send_due()
        delivered = [m for _, m in smtp.messages if "delivered" in m["Subject"]]
    assert "as delivered (2026-11-24 10:00 UTC)" in delivered[0].get_content()
    story = StoryService(SqlUnitOfWork.factory(engine))
    boss = station.sign_in("BDG9001")
    with engine.connect() as conn:
        order_id = conn.execute(
            select(t.parcels.c.order_id).where(t.parcels.c.tracking_number == numbers[0])
        ).scalar_one()
    (delivery,) = [e for e in story.timeline(boss, order_id) if e.what == "delivered"]
    assert delivery.at == CARRIER_DELIVERED
    assert "imported 2026-11-24 09:30" in delivery.detail
