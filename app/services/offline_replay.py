"""Replaying an offline station's journal against the shared database (``OfflineStation``).

Each entry is applied at most once: ``AppliedOperations`` writes the entry's id in the same
shared transaction as the operation, and an entry already there is skipped. An entry the
shared database refuses is a conflict (see ``Replayer.replay``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime

from app.domain import text
from app.domain.errors import DatabaseUnavailable, DomainError
from app.domain.message import Message
from app.domain.model import OrderStatus, Role, ScanOutcome
from app.domain.station import Entry, Unacknowledged
from app.services.offline_ports import AppliedOperations, JournalEntry, LocalStore
from app.services.offline_sign_in import SIGN_IN_KINDS, replay_sign_in
from app.services.pack_out import PackOutService, WeightRefusal
from app.services.packing import PackingService
from app.services.ports import Clock, NewScanEvent, UnitOfWork
from app.services.results import Session

# Where a conflict leaves the order: on hold, so that the supervisor console lists it with the
# work kept, unless it is on hold already or gone on (packed, labelled). A cancelled one too:
# its reason says so, and the supervisor decides (cancel it again, or not).
_HOLDABLE = (OrderStatus.READY, OrderStatus.PACKING, OrderStatus.CANCELLED)


def entry_session(entry: JournalEntry) -> Session:
    s = entry.args["session"]
    return Session(
        s["station_id"], s["station_name"], s["user_id"], s["user_name"], Role(s["role"])
    )


class ReplayClock:
    """The clock of a replayed operation: the time it was made at the station (``at``) while
    it is applied, so every record it writes carries that time (figures per quarter and per
    shift depend on it); the real time otherwise (conflicts, the journal's own records)."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._at: datetime | None = None

    def now(self) -> datetime:
        return self._clock.now() if self._at is None else self._at

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self._at = moment
        try:
            yield
        finally:
            self._at = None


class Replayer:
    def __init__(
        self,
        online: Callable[[Clock], PackingService],
        applied: AppliedOperations,
        store: LocalStore,
        clock: Clock,
        packing_slips: bool = False,
    ) -> None:
        """``online``: the shared database's use cases, made with the clock given (the
        operation's own time while it is replayed)."""
        self._made_at = ReplayClock(clock)
        self._online = online(self._made_at)
        self._applied = applied
        self._store = store
        self._clock = clock
        # Parcels closed offline are closed again with the numbers they were labelled with.
        self._pack_out = PackOutService(
            applied.uow, self._made_at, self._offline_tracking, self._offline_sscc, packing_slips
        )
        self._replaying: tuple[int, int] | None = None
        self._station: tuple[int, int | None] | None = None  # of the last entry replayed
        self.labelled: set[int] = set()  # orders whose labels' states to carry over
        # What the packer at the station is told of orders the sync put on hold, by order id.
        self.held: dict[int, Message] = {}

    def replay(self, entry: JournalEntry) -> str:
        """Apply ``entry`` to the shared database once; what happened, for the journal.

        A refusal (the order was cancelled, released or held meanwhile) is a conflict: a scan
        is kept with the outcome it had offline, the order goes on hold with the reason where
        it can, and the conflict is audited. ``DatabaseUnavailable`` goes to the caller: the
        entry is re-sent under the same id."""
        if self._applied.applied(entry.op_uid):
            if entry.kind == "close_parcel":
                self._settle(int(entry.args["order_id"]))
            return "applied before"
        station_id = int(entry.args.get("station_id") or entry_session(entry).station_id)
        user_id = entry.args.get("user_id") or entry.args.get("session", {}).get("user_id")
        self._station = (station_id, None if user_id is None else int(user_id))
        self._applied.arm(entry.op_uid, entry.kind, station_id, self._clock.now())
        try:
            with self._made_at.at(entry.at):
                return self._apply(entry)
        except DatabaseUnavailable:
            raise
        except DomainError as exc:
            return self._conflict(entry, exc)
        finally:
            self._applied.disarm()

    def _apply(self, entry: JournalEntry) -> str:
        args = entry.args
        if entry.kind == "went_offline":
            self._audit_station(
                "station_offline",
                int(args["station_id"]),
                args.get("user_id"),
                f"offline from {entry.at.isoformat(timespec='seconds')}",
                entry.at,
            )
            return "audited"
        if entry.kind in SIGN_IN_KINDS:
            with self._online_uow() as uow:
                done = replay_sign_in(uow, entry.kind, args, int(args["station_id"]), entry.at)
                uow.commit()
            return done
        session = entry_session(entry)
        if entry.kind == "scan":
            result = self._online.record_scan(
                session, int(args["order_id"]), entry.op_uid, str(args["raw"]), Entry(args["entry"])
            )
            return result.verdict.outcome.value + (" (repeat)" if result.repeated else "")
        if entry.kind == "undo":
            result = self._online.undo_last_scan(session, int(args["order_id"]), entry.op_uid)
            return "undone" + (" (repeat)" if result.repeated else "")
        if entry.kind == "open_order":  # a look-ahead order claimed offline
            view = self._online.open_order(session, str(args["scanned"]))
            return f"claimed {view.reference}"
        if entry.kind == "box":
            advice = self._online.boxes.choose(session, int(args["order_id"]), str(args["scanned"]))
            code = advice.chosen.code if advice.chosen else "?"
            return f"box {code} on parcel {advice.parcel_no}"
        if entry.kind == "hold":
            self._online.hold_order(session, int(args["order_id"]), str(args["reason"]))
            return "held"
        if entry.kind == "close_parcel":
            return self._close_parcel(session, entry)
        if entry.kind == "refuse_scan":
            self._online.acknowledgements.refuse_scan(
                session,
                int(args["order_id"]),
                entry.op_uid,
                str(args["raw"]),
                ScanOutcome(args["outcome"]),
                str(args["message"]),
                Entry(args["entry"]),
            )
            return "refused scan stored"
        if entry.kind == "acknowledge":
            return self._acknowledge(session, entry)
        if entry.kind == "sign_out":
            self._online.sign_out(session, str(entry.args.get("detail", "")))
            return "signed out"
        raise ValueError(f"unknown journal entry kind {entry.kind!r}")

    def _close_parcel(self, session: Session, entry: JournalEntry) -> str:
        args = entry.args
        order_id, seq = int(args["order_id"]), int(args["seq"])
        refused = bool(args.get("refused"))
        if self._store.parcel_numbers(order_id, seq) is None and not refused:
            return "not closed offline"  # nothing to replay
        # A weight refused offline is refused here too (stored and audited as online); it
        # takes no numbers: should the shared database accept it, that is a conflict.
        self._replaying = None if refused else (order_id, seq)
        try:
            closing = self._pack_out.close_parcel(
                session,
                order_id,
                str(args["printer_name"]),
                last=bool(args["last"]),
                weight_g=args["weight_g"],
                override=args["override"],
                box_code=args["box_code"],
            )
        finally:
            self._replaying = None
        if isinstance(closing, WeightRefusal):
            if refused:
                return f"parcel {seq}: weight refused, as offline"
            raise DomainError(f"parcel {seq} closed offline: {closing.message}")
        self._settle(order_id)
        tracking, sscc = self._store.parcel_numbers(order_id, seq) or (
            closing.tracking_number,
            None,
        )
        made = [tracking] if sscc is None else [tracking, sscc]
        retired = self._store.retired_numbers(session.station_id, made)
        if retired:
            self._used_retired(session, entry, order_id, seq, retired)
            return f"parcel {seq} {closing.tracking_number}: conflict, retired numbers"
        return f"parcel {seq} {closing.tracking_number}"

    def _used_retired(
        self, session: Session, entry: JournalEntry, order_id: int, seq: int, numbers: list[str]
    ) -> None:
        """A parcel labelled offline from a block a supervisor retired before the station
        could know: the parcel is kept (it exists), the conflict audited, and the order held
        so that the supervisor console lists it. The numbers are never issued again (the
        shared ranges are past them; the station dropped the block)."""
        listed = ", ".join(numbers)
        reason = text.storable(
            f"labelled offline with retired numbers ({listed}): check the parcel's label", 200
        )
        with self._online_uow() as uow:
            now = self._clock.now()
            order = uow.orders.get(order_id)
            if order is not None and order.status is not OrderStatus.ON_HOLD:
                uow.orders.set_status(order_id, OrderStatus.ON_HOLD, now, reason)
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="offline_conflict",
                entity="order",
                entity_id=order_id,
                detail=text.storable(
                    f"close_parcel {entry.op_uid} made offline at {entry.at.isoformat()}: "
                    f"parcel {seq} labelled with {listed} from a block retired meanwhile; "
                    "kept, order put on hold",
                    500,
                ),
            )
            uow.commit()

    def _acknowledge(self, session: Session, entry: JournalEntry) -> str:
        """The acknowledgement as made offline (by whom it was checked there: the supervisor
        whose badge digest the journal keeps)."""
        args = entry.args
        outcome = None if args["outcome"] is None else ScanOutcome(args["outcome"])
        error = Unacknowledged(outcome, bool(args["supervisor"]))
        order_id = None if args["order_id"] is None else int(args["order_id"])
        if args["badge_digest"] is None:
            self._online.acknowledgements.acknowledge(session, order_id, error)
            return "acknowledged"
        with self._online_uow() as uow:
            user = uow.users.by_badge_hash(str(args["badge_digest"]))
            name = session.user_name if user is None else user.name
            uow.audit.record(
                at=entry.at,
                user_id=session.user_id,
                station_id=session.station_id,
                action="acknowledge",
                entity="order",
                entity_id=order_id,
                detail=f"{error.what} acknowledged by {name} (offline)",
            )
            uow.commit()
        return f"acknowledged by {name}"

    def _settle(self, order_id: int) -> None:
        self._store.settle_labels(order_id)
        self.labelled.add(order_id)

    def _offline_numbers(self, uow: UnitOfWork) -> tuple[str, str | None]:
        if self._replaying is None:
            raise DomainError("a weight refused offline is accepted by the shared database")
        order_id, seq = self._replaying
        next_seq = max((p.seq for p in uow.parcels.for_order(order_id)), default=0) + 1
        found = self._store.parcel_numbers(order_id, seq)
        if next_seq != seq or found is None:
            raise DomainError(
                f"parcel {seq} was closed offline, but the order's next parcel is {next_seq}"
            )
        return found

    def _offline_tracking(self, uow: UnitOfWork, _carrier: str) -> str:
        return self._offline_numbers(uow)[0]

    def _offline_sscc(self, uow: UnitOfWork) -> str | None:
        return self._offline_numbers(uow)[1]

    def _conflict(self, entry: JournalEntry, refusal: DomainError) -> str:
        session = entry_session(entry)
        order_id = entry.args.get("order_id")
        reason = text.storable(f"offline work conflicts: {refusal.message}", 200)
        with self._online_uow() as uow:
            now = self._clock.now()
            detail = f"{entry.kind} {entry.op_uid} made offline at {entry.at.isoformat()}"
            if entry.kind == "close_parcel" and order_id is not None:
                made = self._store.parcel_numbers(int(order_id), int(entry.args["seq"]))
                if made is not None:  # its label is out there: the supervisor must find it
                    detail += f"; labelled offline with {made[0]}"
                    if self._keep_parcel(uow, entry, int(order_id)):
                        detail += " (parcel and label kept)"
            if order_id is not None:
                if entry.kind in ("scan", "undo"):
                    self._keep_scan(uow, session, entry, int(order_id))
                order = uow.orders.get(int(order_id))
                if order is not None and order.status in _HOLDABLE:
                    notice = _held_notice(order.reference, refusal)
                    if order.status is OrderStatus.CANCELLED:
                        reason = text.storable(
                            "cancelled upstream while packed offline: do not ship it unless "
                            f"the shop says so ({refusal.message})",
                            200,
                        )
                        notice = Message(
                            "Order {reference} went on hold after the sync: it was cancelled "
                            "upstream. Give its parcel to the supervisor.",
                            reference=order.reference,
                        )
                    uow.orders.set_status(order.id, OrderStatus.ON_HOLD, now, reason)
                    detail += "; order put on hold"
                    self.held[order.id] = notice
            uow.audit.record(
                at=now,
                user_id=session.user_id,
                station_id=session.station_id,
                action="offline_conflict",
                entity="order" if order_id is not None else "station",
                entity_id=int(order_id) if order_id is not None else session.station_id,
                detail=f"{detail}: {refusal.message}",
            )
            uow.commit()
        return f"conflict: {refusal.message}"

    def _keep_scan(
        self, uow: UnitOfWork, session: Session, entry: JournalEntry, order_id: int
    ) -> None:
        """Store the scan as it was decided offline (the work is kept; the order's counts are
        left to the supervisor, who resolves the hold)."""
        with self._store.uow(read_only=True) as local:
            made = local.scans.by_uid(entry.op_uid)
        if made is None or uow.scans.by_uid(entry.op_uid) is not None:
            return
        uow.scans.add(
            NewScanEvent(
                scan_uid=entry.op_uid,
                station_id=session.station_id,
                user_id=session.user_id,
                order_id=order_id,
                raw_code=text.storable(str(entry.args.get("raw", "")), text.RAW_SCAN_MAX),
                verdict=made.verdict,
                at=entry.at,
                entry=Entry(entry.args.get("entry", Entry.SCANNED.value)),
            )
        )

    def _keep_parcel(self, uow: UnitOfWork, entry: JournalEntry, order_id: int) -> bool:
        """Store the parcel closed offline, and its label's print jobs in the state they have
        at the station, as made there: the label exists, so the supervisor can void it and the
        dock knows its number (and refuses it while the order is held). False: kept before."""
        seq = int(entry.args["seq"])
        with self._store.uow(read_only=True) as local:
            parcel = next((p for p in local.parcels.for_order(order_id) if p.seq == seq), None)
            jobs = [] if parcel is None else local.print_jobs.for_parcel(parcel.id)
        if parcel is None or uow.parcels.by_tracking(parcel.tracking_number) is not None:
            return False
        kept = uow.parcels.add(
            order_id, seq, parcel.tracking_number, parcel.carrier, entry.at, parcel.sscc
        )
        station_id = entry_session(entry).station_id
        for job in jobs:
            made = uow.print_jobs.add(
                job.job_uid, kept.id, job.kind, job.printer, entry.at, station_id, job.reason
            )
            if job.state != made.state:
                uow.print_jobs.mark(made.id, job.state, self._clock.now())
        self.labelled.add(order_id)  # label states printed while the sync runs: carried over
        return True

    def note_offline(self, station_id: int, user_id: int | None) -> None:
        """The local half of going offline: a local audit entry (and the journal entry that
        arms with it), so the shared audit log learns when the station went offline."""
        with self._store.uow() as uow:
            uow.audit.record(
                at=self._clock.now(),
                user_id=user_id,
                station_id=station_id,
                action="station_offline",
                entity="station",
                entity_id=station_id,
            )
            uow.commit()

    def came_back(self, open_: tuple[int, int, int | None] | None) -> None:
        """Audit that the station is online again: the station holding an order, or the one
        whose journal was replayed (a station started offline holds none)."""
        known = (open_[0], open_[1]) if open_ is not None else self._station
        if known is None:
            return
        station_id, user_id = known
        self._audit_station("station_online", station_id, user_id, "journal applied")
        with suppress(DatabaseUnavailable):  # if so, the next heartbeat or claim does it
            self._store.renew(station_id)  # blocks a supervisor retired while it was away

    def _audit_station(
        self,
        action: str,
        station_id: int,
        user_id: int | None,
        detail: str,
        at: datetime | None = None,
    ) -> None:
        with self._online_uow() as uow:
            uow.audit.record(
                at=self._clock.now() if at is None else at,
                user_id=user_id,
                station_id=station_id,
                action=action,
                entity="station",
                entity_id=station_id,
                detail=detail,
            )
            uow.commit()

    def _online_uow(self) -> UnitOfWork:
        return self._applied.uow()


def _held_notice(reference: str, refusal: DomainError) -> Message:
    """What the packer is told of an order the sync put on hold (released by a supervisor,
    taken by another station or changed upstream meanwhile): the shared database's refusal."""
    return Message(
        "Order {reference} went on hold after the sync: {reason} Give its parcel to the "
        "supervisor.",
        reference=reference,
        reason=refusal.message,
    )
