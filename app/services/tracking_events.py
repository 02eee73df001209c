"""Tracking events in: a carrier's file of events, stored per parcel, each once.

The file is read whole first (any unreadable row refuses it, every problem with its line).
Events of tracking numbers Packbench never labelled are counted and left out. Each event is
stored once, whatever file it comes in again (its identity: parcel, time, status code).
A parcel's state is its latest event by time, so an event arriving late never overrides a
newer one. A status code maps to a Packbench state through the per-carrier table of
``[tracking] status_map``: "delivered" marks the parcel delivered, and an order whose every
parcel with a valid label is delivered becomes ``delivered``; "exception" lists the parcel in
the console's exceptions. Every import is audited, with its counts.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from app.domain.tracking_events import (
    StatusMap,
    TrackingEventRecord,
    TrackingState,
    read_tracking_file,
    state_of,
)
from app.services import outbox
from app.services.handoff_ports import (
    HandoffUnitOfWorkFactory,
    NewTrackingEvent,
    ParcelTrackingState,
    TrackingException,
)
from app.services.ports import Clock

#: Events per transaction: a large file commits in steps; importing it again completes it.
CHUNK = 20_000


@dataclass(frozen=True)
class TrackingImport:
    file: str
    events: int
    added: int
    duplicates: int
    unknown: int
    delivered_orders: int

    @property
    def summary(self) -> str:
        return (
            f"{self.file}: {self.events} event(s), {self.added} new, {self.duplicates} already "
            f"stored, {self.unknown} of unknown parcels, {self.delivered_orders} order(s) "
            "delivered"
        )


def _no_progress(step: str) -> None:
    return None


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a file's events are read and stored: a file of
    250,000 events makes a million tuples that live to the end, and the collector scanning
    them again and again was a third of the import's time (5 of 15 µs an event, measured).
    Nothing made here holds a cycle; reference counting frees it as ever."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class TrackingService:
    def __init__(
        self, uow: HandoffUnitOfWorkFactory, clock: Clock, status_map: StatusMap | None = None
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._map = status_map or {}

    def import_file(
        self, name: str, data: bytes, progress: Callable[[str], None] = _no_progress
    ) -> TrackingImport:
        with _no_cycle_collection():
            events = read_tracking_file(name, data, self._clock.now())
            progress(f"{name}: {len(events)} event(s) read")
            added = unknown = delivered = 0
            for start in range(0, len(events), CHUNK):
                a, u, d = self._store(events[start : start + CHUNK])
                added, unknown, delivered = added + a, unknown + u, delivered + d
                done = min(start + CHUNK, len(events))
                progress(  # in the summary's words: what was new, what was of no parcel
                    f"{name}: {done} of {len(events)} looked at: {added} new, "
                    f"{done - unknown - added} already stored, {unknown} of unknown parcels"
                )
        known = len(events) - unknown
        report = TrackingImport(name, len(events), added, known - added, unknown, delivered)
        with self._uow() as uow:
            uow.audit.record(
                at=self._clock.now(),
                user_id=None,
                station_id=None,
                action="tracking_import",
                entity="tracking",
                entity_id=None,
                detail=report.summary,
            )
            uow.commit()
        return report

    def _store(self, events: list[TrackingEventRecord]) -> tuple[int, int, int]:
        now = self._clock.now()
        with self._uow() as uow:
            parcels = uow.tracking_events.parcels([e.tracking_number for e in events])
            new: list[NewTrackingEvent] = []
            latest: dict[int, NewTrackingEvent] = {}
            states: dict[tuple[str, str], str] = {}
            unknown = 0
            for event in events:
                parcel = parcels.get(event.tracking_number)
                if parcel is None:
                    unknown += 1
                    continue
                state = states.get((parcel.carrier, event.status_code))
                if state is None:
                    state = state_of(self._map, parcel.carrier, event.status_code).value
                    states[(parcel.carrier, event.status_code)] = state
                stored = NewTrackingEvent(
                    parcel.parcel_id,
                    event.at,
                    event.status_code,
                    state,
                    event.description,
                    event.location,
                )
                new.append(stored)
                mine = latest.get(parcel.parcel_id)
                if mine is None or stored.at > mine.at:
                    latest[parcel.parcel_id] = stored
            added = uow.tracking_events.add(new, now)
            before = uow.tracking_events.latest(list(latest))
            changed = []
            for parcel_id, newest in latest.items():
                old = before.get(parcel_id)
                if old is not None and old.at >= newest.at:
                    continue  # a late event: the newer one stands
                delivered_at = newest.at if newest.state == TrackingState.DELIVERED else None
                if old is not None and delivered_at is None:
                    delivered_at = old.delivered_at
                changed.append(
                    ParcelTrackingState(
                        parcel_id,
                        newest.at,
                        newest.status_code,
                        newest.state,
                        newest.description,
                        delivered_at,
                    )
                )
            uow.tracking_events.save_latest(changed)
            orders = [
                parcels_order
                for parcels_order in {p.order_id for p in parcels.values() if p.parcel_id in latest}
            ]
            done = dict(uow.tracking_events.orders_all_delivered(orders))
            uow.tracking_events.set_delivered(list(done), now)
            order_of = {p.parcel_id: p.order_id for p in parcels.values()}
            outbox.record(uow, outbox.tracking_outbox(changed, order_of, done))
            for order_id, delivered_at in done.items():
                uow.audit.record(  # at the carrier's time: the order's story tells it then
                    at=delivered_at,
                    user_id=None,
                    station_id=None,
                    action="delivered",
                    entity="order",
                    entity_id=order_id,
                    detail=f"every parcel delivered (tracking, imported {now:%Y-%m-%d %H:%M})",
                )
            uow.commit()
        return added, unknown, len(done)

    def exceptions(self, limit: int = 200) -> list[TrackingException]:
        """Parcels whose latest event is an exception, newest first."""
        with self._uow(read_only=True) as uow:
            return list(uow.tracking_events.exceptions(limit))
