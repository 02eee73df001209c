"""Outbox events out, exactly once: batch files of hand-offs, deliveries and tracking
exceptions for the shop's order system.

Events are stored by the use case that made the change, in its own transaction (``record``:
the dock's hand-off, the tracking import's deliveries and exceptions), so an event exists if
and only if its change does. They leave by the shipments export's mechanism, not a second one:
a batch is recorded in ``export_batches`` with the file's whole content in one transaction with
its events (each event's ``batch_id``), then the file is written under a temporary name,
flushed, renamed into place and the batch marked written; every export first finishes what a
crash left (``ExportService.begin``). So each event is in exactly one file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Final, Protocol

from app.domain.exports import BatchHeader
from app.domain.outbox import (
    NewOutboxEvent,
    delivered,
    events_file_name,
    handed_over,
    render_events,
    tracking_exception,
)
from app.services.export_ports import ExportBatchRecord
from app.services.exports import BatchWritten, Exporter, ExportService, Step
from app.services.handoff_ports import ParcelTrackingState
from app.services.outbox_ports import Outbox, OutboxUnitOfWorkFactory
from app.services.ports import Clock

#: Events per file at most.
BATCH_SIZE: Final = 5000

__all__ = ["EventExportService", "EventRun", "handed_over", "record", "tracking_outbox"]


class _HasOutbox(Protocol):
    @property
    def outbox(self) -> Outbox: ...


def record(uow: _HasOutbox, events: Iterable[NewOutboxEvent]) -> None:
    """Store ``events`` in the caller's unit of work (committed with its change, or not at
    all); an event already stored (the same key) is left as it is."""
    chosen = list(events)
    if chosen:
        uow.outbox.add(chosen, max(e.at for e in chosen))


def tracking_outbox(
    changed: Iterable[ParcelTrackingState],
    order_of: Mapping[int, int],
    delivered_orders: Mapping[int, datetime],
) -> list[NewOutboxEvent]:
    """The events of one step of a tracking import: an exception for each parcel whose new
    latest state is an exception, a delivery for each order now delivered, at the carrier's
    time of its last parcel's delivery (not the import's)."""
    events = [
        tracking_exception(order_of[s.parcel_id], s.parcel_id, s.at, s.status_code, s.description)
        for s in changed
        if s.state == "exception" and s.parcel_id in order_of
    ]
    events.extend(delivered(order_id, at) for order_id, at in delivered_orders.items())
    return events


@dataclass
class EventRun:
    batches: list[BatchWritten] = field(default_factory=list)

    @property
    def events(self) -> int:
        return sum(b.shipments for b in self.batches if not b.recovered)

    @property
    def summary(self) -> str:
        recovered = [b for b in self.batches if b.recovered]
        new = [b for b in self.batches if not b.recovered]
        parts = []
        if recovered:
            parts.append(f"finished {len(recovered)} batch file(s) an earlier run left")
        if new:
            parts.append(f"{self.events} event(s) in {len(new)} file(s)")
        return "; ".join(parts) or "no new events to export"


class EventExportService:
    """Exports outbox events with the batches of ``ExportService`` (who may export, the
    folder's checks, recovery and audit are that service's)."""

    def __init__(
        self,
        batches: ExportService,
        uow: OutboxUnitOfWorkFactory,
        clock: Clock,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._batches = batches
        self._uow = uow
        self._clock = clock
        self._batch_size = max(1, batch_size)

    def export(self, exporter: Exporter, folder: Path, fmt: str, on_step: Step) -> EventRun:
        """Finish what an earlier run left, then write every event in no batch yet into batch
        files in ``folder``. No new event writes no file."""
        run = EventRun(self._batches.begin(exporter, folder, fmt, on_step).batches)
        while (batch := self._next_batch(exporter, folder, fmt, on_step)) is not None:
            run.batches.append(batch)
        return run

    def _next_batch(
        self, exporter: Exporter, folder: Path, fmt: str, on_step: Step
    ) -> BatchWritten | None:
        with self._uow() as uow:
            uow.exports.lock()
            ids = list(uow.outbox.exportable(self._batch_size))
            if not ids:
                return None
            events = list(uow.outbox.events(ids))
            now = self._clock.now()
            where = str(folder.absolute())
            batch_id = uow.exports.add_batch(
                folder=where, fmt=fmt, at=now, user_id=exporter.user_id, again=False, since=None
            )
            name = events_file_name(batch_id, now, fmt)
            content = render_events(BatchHeader(batch_id, name, now), events, fmt)
            uow.exports.fill_batch(batch_id, name, content, [], False)
            uow.outbox.assign_batch(batch_id, ids)
            uow.audit.record(
                at=now,
                user_id=exporter.user_id,
                station_id=None,
                action="export_events",
                entity="export_batch",
                entity_id=batch_id,
                detail=f"{name}: {len(ids)} event(s) to {where}",
            )
            uow.commit()
        record = ExportBatchRecord(batch_id, name, where, fmt, now, len(ids), False, content)
        on_step("recorded", record)
        self._batches.write_recorded(exporter, record, on_step, recovering=False)
        return BatchWritten(batch_id, name, where, len(ids), False, False)
