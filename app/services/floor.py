"""The floor: stations send heartbeats; supervisors see every station and every held order,
and resolve holds (back to ready with a note, cancel, or ship short). Every action is checked
by role here, not by hiding buttons, and audited, refusals included."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.domain import floor, text
from app.domain.errors import DomainError, NotAllowed, NotFound
from app.domain.floor import Devices, HoldResolution, Short, SyncReport
from app.domain.model import Order, OrderLine
from app.services.floor_ports import HeldOrder, StationRow
from app.services.ports import Clock, StationRecord, UnitOfWork, UnitOfWorkFactory
from app.services.queue_ports import QueuedOrder, QueueFilter
from app.services.results import Session


class NotAssignable(DomainError):
    """An order that cannot be assigned to a station now (it is not ready)."""


@dataclass(frozen=True)
class StationTile:
    """A station on the board, with what the supervisor reads off it."""

    row: StationRow
    online: bool
    #: Seconds on the current order (None without one) and since the last scan.
    order_seconds: int | None
    idle_seconds: int | None

    @property
    def held_by_offline_station(self) -> bool:
        return not self.online and self.row.order_id is not None


class FloorService:
    def __init__(self, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    # -- stations ----------------------------------------------------------------------------

    def register_console(self, name: str) -> StationRecord:
        """The console of an office PC signs in like a station, under ``name``, but is not
        a packing station: it never shows on the board."""
        name = text.station_name(name)
        with self._uow() as uow:
            record = uow.stations.get_or_create(name, self._clock.now())
            uow.floor.mark_console(record.id)
            uow.commit()
        return record

    def heartbeat(
        self,
        station_id: int,
        user_id: int | None,
        devices: Devices,
        open_order_id: int | None = None,
        sync: SyncReport | None = None,
    ) -> str | None:
        """A station is alive (every ``floor.HEARTBEAT_S`` seconds): who is signed in and what
        its devices say, and an offline station its journal (``sync``). With the order open on
        its screen: what the packer must be told if that order is no longer the station's
        (cancelled, held, released), else None."""
        checked = devices.checked()
        sync = None if sync is None else sync.checked()
        with self._uow() as uow:
            uow.floor.heartbeat(station_id, self._clock.now(), user_id, checked, sync)
            order = None if open_order_id is None else uow.orders.get(open_order_id)
            uow.commit()
        return None if order is None else floor.claim_lost(order, station_id)

    def board(self, session: Session) -> list[StationTile]:
        """Every station, by name, with its heartbeat judged now."""
        self._require_supervisor(session, "see the station board")
        with self._uow(read_only=True) as uow:
            rows = uow.floor.stations()
        now = self._clock.now()
        return [
            StationTile(
                row,
                floor.is_online(row.last_seen_at, now),
                _seconds(now, row.claimed_at),
                _seconds(now, _latest(row.last_scan_at, row.claimed_at)),
            )
            for row in rows
        ]

    # -- queues ------------------------------------------------------------------------------

    def queue(self, session: Session, wanted: QueueFilter) -> Sequence[QueuedOrder]:
        """Orders in the order stations take them (priority, cut-off, age), filtered."""
        self._require_supervisor(session, "see the queue")
        with self._uow(read_only=True) as uow:
            return uow.queues.queue(wanted)

    def cut_off_outlook(self, session: Session) -> list[floor.CutOffOutlook]:
        """Per carrier: orders still to pack, time to the next cut-off, and whether the
        last hour's rate gets them out in time."""
        self._require_supervisor(session, "see the queue")
        now = self._clock.now()
        with self._uow(read_only=True) as uow:
            loads = uow.queues.carrier_loads(now)
        return [
            floor.cut_off_outlook(
                load.carrier,
                load.open_orders,
                load.next_cut_off,
                load.packed_last_hour,
                now,
                late=load.late,
            )
            for load in loads
        ]

    def set_priority(self, session: Session, order_id: int, priority: int) -> None:
        """Move an order up or down the queue (0..1000, higher first); audited."""
        try:
            self._require_supervisor(session, "change an order's priority")
            floor.priority_checked(priority)
            with self._uow() as uow:
                reference = uow.queues.set_priority(order_id, priority, self._clock.now())
                if reference is None:
                    raise NotFound(f"There is no order {order_id}.")
                self._audit(uow, session, "set_priority", order_id, f"{reference}: {priority}")
                uow.commit()
        except DomainError as exc:
            with self._uow() as uow:
                self._audit(uow, session, "set_priority_refused", order_id, str(exc))
                uow.commit()
            raise

    def assign(self, session: Session, order_id: int, station_id: int | None) -> str:
        """Assign a ready order to a packing station: that station's next claim takes it
        (before the rest of the queue; no other station's claim takes it). ``station_id``
        None takes the assignment back. Returns the order's reference; audited, and so is a
        refusal."""
        try:
            self._require_supervisor(session, "assign an order to a station")
            with self._uow() as uow:
                station = None
                if station_id is not None:
                    station = uow.queues.packing_station(station_id)
                    if station is None:
                        raise NotFound(f"There is no packing station {station_id}.")
                reference = uow.queues.assign(order_id, station_id, self._clock.now())
                if reference is None:
                    header = uow.orders.header(order_id)
                    if header is None:
                        raise NotFound(f"There is no order {order_id}.")
                    raise NotAssignable(
                        f"Order {header.reference} is {header.status.value.replace('_', ' ')}:"
                        " only a ready order can be assigned to a station."
                    )
                detail = f"{reference} -> {station}" if station else f"{reference}: unassigned"
                self._audit(uow, session, "assign", order_id, detail)
                uow.commit()
                return reference
        except DomainError as exc:
            with self._uow() as uow:
                self._audit(uow, session, "assign_refused", order_id, str(exc))
                uow.commit()
            raise

    # -- holds -------------------------------------------------------------------------------

    def holds(self, session: Session) -> Sequence[HeldOrder]:
        self._require_supervisor(session, "see the orders on hold")
        with self._uow(read_only=True) as uow:
            return uow.floor.held()

    def held_lines(self, session: Session, order_id: int) -> list[OrderLine]:
        """The lines of a held order (what can be shipped short, and how much)."""
        self._require_supervisor(session, "see the orders on hold")
        with self._uow(read_only=True) as uow:
            return list(self._order(uow, order_id).lines)

    def resolve_hold(
        self,
        session: Session,
        order_id: int,
        resolution: HoldResolution,
        note: str,
        shorts: Sequence[Short] = (),
    ) -> None:
        """End a hold one of three ways; ``note`` is the reason (cancel, ship short) or what
        the next packer reads (back to ready). Audited, and so is a refusal."""
        try:
            self._require_supervisor(session, "resolve a hold")
            if resolution is HoldResolution.BACK_TO_READY:
                kept = floor.note_checked(note)
            else:
                kept = text.reason(note, f"reason to {resolution.value.replace('_', ' ')}")
            with self._uow() as uow:
                order = self._order(uow, order_id)
                self._apply(uow, order, resolution, kept, shorts)
                self._audit(uow, session, f"hold_{resolution.value}", order.id, kept)
                uow.commit()
        except DomainError as exc:
            with self._uow() as uow:
                detail = f"{resolution.value} refused: {exc}"
                self._audit(uow, session, "hold_resolve_refused", order_id, detail)
                uow.commit()
            raise

    def _apply(
        self,
        uow: UnitOfWork,
        order: Order,
        resolution: HoldResolution,
        note: str,
        shorts: Sequence[Short],
    ) -> None:
        now = self._clock.now()
        if resolution is HoldResolution.BACK_TO_READY:
            floor.back_to_ready(order, labelled=bool(uow.floor.parcel_ids(order.id)))
            uow.orders.save(order, now)
            uow.floor.set_packer_note(order.id, note or None)
        elif resolution is HoldResolution.CANCEL:
            floor.cancel_held(order)
            uow.orders.save(order, now)
            for parcel_id in uow.floor.parcel_ids(order.id):
                uow.print_jobs.cancel_waiting(
                    parcel_id, now, "order cancelled", ("queued", "failed")
                )
        else:
            before = {line.id: line.quantity for line in order.lines}
            changed = floor.ship_short(order, list(shorts))
            uow.orders.save(order, now)
            for line_id, quantity in changed.items():
                uow.floor.ship_short(line_id, quantity, before[line_id] - quantity, note)
            uow.floor.set_packer_note(order.id, f"Ship short: {note}")

    # -- plumbing ----------------------------------------------------------------------------

    @staticmethod
    def _require_supervisor(session: Session, what: str) -> None:
        if not session.role.can_supervise:
            raise NotAllowed(f"Only a supervisor can {what}.")

    @staticmethod
    def _order(uow: UnitOfWork, order_id: int) -> Order:
        order = uow.orders.get(order_id)
        if order is None:
            raise floor.HoldNotResolved(f"There is no order {order_id}.")
        return order

    def _audit(
        self, uow: UnitOfWork, session: Session, action: str, order_id: int, detail: str
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=session.user_id,
            station_id=session.station_id,
            action=action,
            entity="order",
            entity_id=order_id,
            detail=text.storable(detail, 500),
        )


def _latest(*moments: datetime | None) -> datetime | None:
    """Idle time counts from the last scan on the current order: a scan before the claim
    belongs to an earlier order."""
    known = [moment for moment in moments if moment is not None]
    return max(known) if known else None


def _seconds(now: datetime, since: datetime | None) -> int | None:
    return None if since is None else max(0, int((now - since).total_seconds()))
