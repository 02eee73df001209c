"""The demo's week of history: a file of orders a day, packed and labelled at the demo's two
stations by three packers over two shifts, through the stations' own use cases.

Nothing is written around the services: each day's file is imported by ``IntakeService`` at
05:30, and every claim, scan (a few of them wrong), hold, completion and label goes through
``PackingService`` and ``LabelService`` with a ``MovedClock`` set to when it happened. So scan
events, parcels with tracking numbers and SSCCs from the ranges, sent print jobs and the audit
log agree with each other exactly as if the week had been packed at real stations. Labels go
to ``HistoryPrinter``, which keeps nothing: the week's labels were "printed" long ago.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from app.domain.labels import Address, LabelContent, PackingSlip
from app.domain.orders_file import OrderRecord
from app.domain.printing import PrinterCondition, PrinterState
from app.services.clock import MovedClock
from app.services.device_ports import OnSending, PrintOutcome
from app.services.intake import IntakeService
from app.services.pack_out import ParcelClosed
from app.services.packing import PackingService
from app.services.ports import StationRecord, UnitOfWorkFactory
from app.services.printing import LabelService
from app.services.results import Completion, Session

#: A shift's first and last hour (UTC), and its (packer's badge, station) pairs.
Shift = tuple[time, time, tuple[tuple[str, str], ...]]
EARLY_SHIFT: Shift = (time(6, 0), time(14, 0), (("BDG1001", "PACK-01"), ("BDG1002", "PACK-02")))
LATE_SHIFT: Shift = (time(14, 0), time(21, 30), (("BDG1003", "PACK-01"),))
WRONG_SCAN_SHARE = 0.08  # orders with a wrong item scanned (and put aside) first
HOLD_SHARE = 0.04  # orders put on hold with a missing unit
HOLD_REASON = "Missing unit"

#: An orders file of one day: (days before today, file name, its bytes, its orders).
DayFile = tuple[int, str, bytes, Sequence[OrderRecord]]


class HistoryPrinter:
    """A ``LabelPrinter`` for labels printed in the past: it takes every job and keeps
    nothing (the label content is still made, from the database, by ``LabelService``)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def _took(self, on_sending: OnSending | None) -> PrintOutcome:
        if on_sending is not None:
            on_sending()
        return PrintOutcome(f"{self.name} (demo history)", 0, None)

    def print_label(
        self, label: LabelContent, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._took(on_sending)

    def print_upstream(
        self, data: bytes, label_format: str, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._took(on_sending)

    def print_packing_slip(
        self, slip: PackingSlip, job_uid: str, on_sending: OnSending | None = None
    ) -> PrintOutcome:
        return self._took(on_sending)

    def status(self) -> PrinterState:
        return PrinterState(PrinterCondition.READY)


@dataclass(frozen=True)
class Week:
    """What the week left behind, for the report and the tests."""

    orders: int
    labelled: int
    held: int
    wrong_scans: int


def pack_week(
    uow: UnitOfWorkFactory,
    clock: MovedClock,
    packing: PackingService,
    stations: Mapping[str, StationRecord],
    sender: Address,
    days: Sequence[DayFile],
    unit_codes: Mapping[str, str],
    today: date,
    seed: int = 7,
    after_day: Callable[[date], None] | None = None,
) -> Week:
    """Import and pack every day in ``days``; ``unit_codes`` maps a SKU to the barcode a
    packer scans for one unit of it; ``after_day`` is called with each day once it is packed
    (the hand-off's day, ``app.demo_handoff``)."""
    rng = random.Random(seed)
    intake = IntakeService(uow, clock)
    labels = {
        name: LabelService(uow, clock, HistoryPrinter(name), sender, monotonic=_no_wait)
        for name in stations
    }
    week = Week(0, 0, 0, 0)
    # The week's wrong scans are on purpose: not worth a log line each.
    packing_log = logging.getLogger("app.services.packing")
    level = packing_log.level
    packing_log.setLevel(max(level, logging.WARNING))
    try:
        for back, name, data, orders in days:
            day = today - timedelta(days=back)
            clock.set(_at(day, time(5, 30)))
            intake.import_orders(name, data)
            week = _pack_day(rng, clock, packing, labels, stations, day, orders, unit_codes, week)
            if after_day is not None:
                after_day(day)
    finally:
        packing_log.setLevel(level)
    return week


def _no_wait() -> float:
    return 0.0


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=UTC)


def _pack_day(
    rng: random.Random,
    clock: MovedClock,
    packing: PackingService,
    labels: Mapping[str, LabelService],
    stations: Mapping[str, StationRecord],
    day: date,
    orders: Sequence[OrderRecord],
    unit_codes: Mapping[str, str],
    week: Week,
) -> Week:
    start, end = _at(day, EARLY_SHIFT[0]), _at(day, LATE_SHIFT[1])
    spacing = (end - start) / (len(orders) + 1)
    sessions: dict[str, Session] = {}
    labelled = held = wrong = 0
    for n, order in enumerate(orders):
        moment = start + spacing * (n + 1) + timedelta(seconds=rng.uniform(-60, 60))
        shift = EARLY_SHIFT if moment.time() < LATE_SHIFT[0] else LATE_SHIFT
        badge, station = shift[2][n % len(shift[2])]
        if shift is LATE_SHIFT:
            _sign_out(clock, packing, sessions, _at(day, EARLY_SHIFT[1]), EARLY_SHIFT)
        if badge not in sessions:
            clock.set(moment - timedelta(minutes=2))
            sessions[badge] = packing.sign_in(stations[station], badge).session
        session = sessions[badge]
        clock.set(moment)
        view = packing.open_order(session, order.slip)
        scans = [unit_codes[line.sku] for line in order.lines for _ in range(line.quantity)]
        if rng.random() < WRONG_SCAN_SHARE:
            others = [
                code
                for sku, code in unit_codes.items()
                if sku not in {line.sku for line in order.lines}
            ]
            scans.insert(rng.randrange(len(scans) + 1), rng.choice(others))
            wrong += 1
        hold_after = rng.randrange(len(scans)) if rng.random() < HOLD_SHARE else None
        for index, code in enumerate(scans):
            if index == hold_after:
                clock.set(clock.current + timedelta(seconds=rng.uniform(20, 90)))
                packing.hold_order(session, view.id, HOLD_REASON)
                held += 1
                break
            clock.set(clock.current + timedelta(seconds=rng.uniform(2.5, 9)))
            packing.record_scan(session, view.id, uuid.uuid4().hex, code)
        else:
            clock.set(clock.current + timedelta(seconds=rng.uniform(15, 60)))
            done = _weighed_completion(packing, session, view.id, station)
            labels[station].print_job(session, done.print_job_id)
            labelled += 1
    _sign_out(clock, packing, sessions, _at(day, EARLY_SHIFT[1]), EARLY_SHIFT)
    _sign_out(clock, packing, sessions, end, LATE_SHIFT)
    return Week(
        week.orders + len(orders),
        week.labelled + labelled,
        week.held + held,
        week.wrong_scans + wrong,
    )


def _weighed_completion(
    packing: PackingService, session: Session, order_id: int, station: str
) -> Completion:
    """Complete the order on the station's scale, as the demo's stations have one: its units'
    weight and a few grams of tape and filler (from the order's id: the random sequence of the
    week stays as it was). Without a known weight, or one the check refuses, as a station with
    no scale does."""
    _parcel, expected = packing.pack_out.expected_weight(order_id)
    if expected is not None:
        weight = expected + order_id % 7
        closing = packing.pack_out.close_parcel(
            session, order_id, station, last=True, weight_g=weight
        )
        if isinstance(closing, ParcelClosed) and closing.completion is not None:
            return closing.completion
    return packing.complete_order(session, order_id, station)


def _sign_out(
    clock: MovedClock,
    packing: PackingService,
    sessions: dict[str, Session],
    at: datetime,
    shift: Shift,
) -> None:
    """Sign the shift's packers out at its end (or at once, if that has passed)."""
    for badge, _station in shift[2]:
        session = sessions.pop(badge, None)
        if session is not None:
            clock.set(at)
            packing.sign_out(session)
