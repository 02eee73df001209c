"""Tracking events in bulk, on SQLite and PostgreSQL (where enough rows go by COPY through a
staging table): an event twice in the same file and again in another file is stored once,
older events arriving later change no parcel's state, every order is delivered once."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, func, insert, select

from app.adapters.db import tables as t
from app.adapters.db.bulk import COPY_FROM
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.tracking import format_s10
from app.services.tracking_events import TrackingService
from tests.support.station import StepClock
from tests.support.tracking import IMPORTED_LATER

PARCELS = COPY_FROM + 8  # more parcels than the COPY threshold: each step goes by COPY


def _seed(engine: Engine, now: datetime) -> list[str]:
    numbers = [format_s10("JJ", 20_000_000 + i, "DE") for i in range(PARCELS)]
    with engine.begin() as conn:
        for i, number in enumerate(numbers):
            order_id = conn.execute(
                insert(t.orders)
                .values(
                    reference=f"BULK-{i}",
                    slip_code=f"BLK{i:08d}",
                    status="handed_over",
                    carrier="DHL",
                    ship_to_name="Erika Mustermann",
                    ship_to_line1="Heidestraße 17",
                    ship_to_country="DE",
                    created_at=now,
                    updated_at=now,
                )
                .returning(t.orders.c.id)
            ).scalar_one()
            conn.execute(
                insert(t.parcels).values(
                    order_id=order_id,
                    seq=1,
                    tracking_number=number,
                    carrier="DHL",
                    weight_g=500,
                    created_at=now,
                )
            )
    return numbers


def _file(rows: list[tuple[str, datetime, str]]) -> bytes:
    lines = ["tracking_number,time,status_code,description,location"]
    lines += [f"{n},{at.isoformat()},{code},scan,Köln" for n, at, code in rows]
    return ("\n".join(lines) + "\n").encode()


def _counts(engine: Engine) -> tuple[int, dict[str, int], int]:
    with engine.connect() as conn:
        events = conn.execute(select(func.count()).select_from(t.tracking_events)).scalar_one()
        codes: dict[str, int] = {}
        for row in conn.execute(select(t.parcel_tracking.c.status_code)):
            codes[row.status_code] = codes.get(row.status_code, 0) + 1
        delivered = conn.execute(
            select(func.count()).select_from(t.orders).where(t.orders.c.status == "delivered")
        ).scalar_one()
    return events, codes, delivered


def test_bulk_events_stored_once_and_decided_by_time(engine: Engine, now: datetime) -> None:
    numbers = _seed(engine, now)
    service = TrackingService(SqlUnitOfWork.factory(engine), StepClock(now + IMPORTED_LATER))
    picked, delivered = now + timedelta(hours=1), now + timedelta(hours=20)
    first = [(n, picked, "TR") for n in numbers] + [(n, delivered, "DL") for n in numbers]
    first += [(n, picked, "TR") for n in numbers[:5]]  # the same event twice in one file

    report = service.import_file("first.csv", _file(first))
    assert (report.events, report.added, report.duplicates) == (2 * PARCELS + 5, 2 * PARCELS, 5)
    assert report.delivered_orders == PARCELS
    assert _counts(engine) == (2 * PARCELS, {"DL": PARCELS}, PARCELS)

    # Late: older events (a sorting-centre scan between pick-up and delivery) arrive after the
    # delivery; stored, but the delivery stands. One event of the first file comes again.
    late = [(n, picked + timedelta(hours=5), "HUB") for n in numbers] + [first[0]]
    report = service.import_file("late.csv", _file(late))
    assert (report.added, report.duplicates, report.delivered_orders) == (PARCELS, 1, 0)
    assert _counts(engine) == (3 * PARCELS, {"DL": PARCELS}, PARCELS)

    # Everything again: nothing new, nothing changed.
    for name, rows in (("first.csv", first), ("late.csv", late)):
        again = service.import_file(name, _file(rows))
        assert (again.added, again.delivered_orders) == (0, 0)
    assert _counts(engine) == (3 * PARCELS, {"DL": PARCELS}, PARCELS)

    # A newer event than the delivery (returned to sender) replaces the state set-wise.
    returned = [(n, delivered + timedelta(days=1), "RTS") for n in numbers]
    assert service.import_file("rts.csv", _file(returned)).added == PARCELS
    assert _counts(engine)[1] == {"RTS": PARCELS}
    assert len(service.exceptions()) == PARCELS
