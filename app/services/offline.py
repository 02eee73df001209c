"""A station that keeps packing while the shared database is away.

``OfflineStation`` is the station's ``PackingService``: online, every use case runs against the
shared database as before, and the station's local store is kept up to date with the open
order: at once after a claim, a hold or a parcel; after the reply for scans (``settle``, which
every later call runs first). When the shared database cannot be reached (including a commit
whose reply was lost), the call that found out is run again against the local store with the
same ids, and the station is offline: every write runs the same use case against the local
store, its journal entry written in the same local transaction, before the result is shown.

``sync_once`` (run by ``SyncLoop`` on a thread of its own) replays the journal in order, in
batches, while the packer goes on working, each entry at most once (its id is stored in the
shared transaction that applies it; marked done locally only after that commit). A replay the
shared database refuses (the order was cancelled, released or held meanwhile) is a conflict:
the work is kept, the order held with the reason, audited. Labels offline take their numbers
from blocks reserved while online (``labels_uow``: the local print queue while offline). The
README's "Offline" section says what works offline and what does not.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from app.domain.barcodes import InterpreterConfig
from app.domain.errors import DatabaseUnavailable, DomainError, NotFound
from app.domain.floor import SyncReport
from app.domain.station import Entry
from app.services.offline_parts import StationAcknowledgements, StationBoxes, StationPackOut
from app.services.offline_ports import AppliedOperations, LocalStore
from app.services.offline_replay import ReplayClock, Replayer
from app.services.offline_sign_in import sign_in_entry
from app.services.offline_state import (
    AFTER_REPLY,
    OFFLINE_NO_KEPT_ORDERS,
    OFFLINE_NO_NEW_ORDERS,
    OFFLINE_NO_NUMBERS,
    OFFLINE_NOT_KEPT,
    OFFLINE_UNKNOWN_BADGE,
    LinkState,
    Unsettled,
    resume_offline,
    session_args,
)
from app.services.packing import PackingService
from app.services.ports import (
    Clock,
    CredentialHasher,
    StationRecord,
    UnitOfWork,
    UnitOfWorkFactory,
)
from app.services.results import OrderView, ScanResult, Session
from app.services.sign_in import SignIn

__all__ = ["OFFLINE_NO_NUMBERS", "LinkState", "OfflineStation"]

log = logging.getLogger(__name__)
T = TypeVar("T")


class OfflineStation(PackingService):
    """The station's use cases, online or offline (see the module docstring)."""

    def __init__(
        self,
        store: LocalStore,
        applied: AppliedOperations,
        clock: Clock,
        hasher: CredentialHasher,
        codes: InterpreterConfig | None = None,
        packing_slips: bool = False,
        *,
        batch_size: int = 50,
        look_ahead: int = 0,
    ) -> None:
        super().__init__(applied.uow, clock, hasher, codes, packing_slips)
        self._online_uow = applied.uow
        self.pack_out = StationPackOut(self, applied.uow, clock, packing_slips)
        self.acknowledgements = StationAcknowledgements(self, applied.uow, clock, hasher, codes)
        self.boxes = StationBoxes(self, applied.uow, clock, codes)
        self._store = store
        # Offline, a use case's records carry its journal entry's time (``_journaled``).
        self._made_at = ReplayClock(clock)
        self.local = PackingService(store.uow, self._made_at, hasher, codes, packing_slips)
        self._lock = threading.RLock()
        self._waiting = store.waiting()
        # Entries left from an earlier run (a crash while offline): they go first.
        self._offline = self._waiting > 0
        first = store.next_batch(1) if self._offline else []
        self._since = first[0].at if first else None  # offline since (last in sync)
        self._replayer = Replayer(
            lambda at: PackingService(applied.uow, at, hasher, codes, packing_slips),
            applied,
            store,
            clock,
            packing_slips,
        )
        self._batch_size = batch_size
        self._open: tuple[int, int, int | None] | None = None  # station, user, order cached
        self._unsettled: list[Unsettled] = []  # online writes not yet in the local store
        self._look_ahead = look_ahead
        self._kept = len(store.kept_ahead()) if look_ahead else 0  # orders kept for an outage
        self._held: tuple[str, ...] = ()  # orders the sync put on hold, for the packer

    # -- state -------------------------------------------------------------------------------

    def link(self) -> LinkState:
        """Plain attributes only: safe to read from the GUI thread, no SQL."""
        return LinkState(self._offline, self._waiting, self._kept, self._held)

    def annotate(self, op_uid: str, **extra: Any) -> None:
        """What an operation journaled offline did there, for its replay."""
        self._store.annotate(op_uid, extra)

    def dismiss_held(self) -> None:
        """The packer has read what the strip said of orders the sync put on hold."""
        self._held = ()

    @property
    def offline(self) -> bool:
        return self._offline

    def sync_report(self) -> SyncReport:
        """For the heartbeat: journal entries waiting and when the station was last in sync
        (now, when online with nothing waiting). Plain attributes: safe on the GUI thread."""
        since = self._since
        return SyncReport(self._waiting, self._clock.now() if since is None else since)

    def contact(self, station_id: int) -> None:
        """The station reached the shared database (its heartbeat, on the database worker):
        blocks a supervisor retired are dropped and fresh ones reserved, so none is used
        offline later. Offline, nothing (the sync does it when the journal is applied)."""
        with self._lock:
            if self._offline:
                return
            try:
                dropped = self._store.renew(station_id)
            except DatabaseUnavailable:
                return  # the heartbeat is late the same way; the next one tries again
        if dropped:
            log.warning("station %s: %s retired number blocks dropped", station_id, dropped)

    # -- use cases ---------------------------------------------------------------------------

    def register_station(self, name: str) -> StationRecord:
        """Online as ever; with the shared database away at start, the station as kept in
        the local store (it starts offline), or the database's own error if never kept."""
        with self._lock:
            if not self._offline:
                try:
                    return super().register_station(name)
                except DatabaseUnavailable:
                    record = self._store.kept_station(name)
                    if record is None:
                        raise
                    self._go_offline(record.id, None)
                    return record
            return self._store.kept_station(name) or super().register_station(name)

    def sign_in(
        self,
        station: StationRecord,
        badge_code: str,
        pin: str | None = None,
        *,
        replacing: Session | None = None,
    ) -> SignIn:
        with self._lock:
            self._settle()
            if not self._offline:
                try:
                    result = super().sign_in(station, badge_code, pin, replacing=replacing)
                    order = result.open_order
                    order_id = None if order is None else order.id
                    self._cache(result.session, order_id, reserve=True)
                    return result
                except DatabaseUnavailable:
                    self._go_offline(station.id, None)
            # Checked against the cached hashes and lockout; journaled for the shared audit
            # and lockout (``offline_sign_in``).
            made = sign_in_entry(
                self._store.uow, self._clock, self._hasher, self._codes, badge_code, pin
            )

            def local() -> SignIn:
                return self.local.sign_in(station, badge_code, pin, replacing=replacing)

            try:
                if made is None:
                    return local()
                args = {**made[1], "station_id": station.id}
                return self._journaled(made[0], uuid.uuid4().hex, args, local, False)
            except NotFound as exc:
                raise DatabaseUnavailable(OFFLINE_UNKNOWN_BADGE) from exc

    def sign_out(self, session: Session, detail: str = "") -> None:
        self.write_through(
            session,
            "sign_out",
            uuid.uuid4().hex,
            {"detail": detail},
            lambda: super(OfflineStation, self).sign_out(session, detail),
            lambda: self.local.sign_out(session, detail),
            None,
        )

    def open_order(self, session: Session, scanned: str) -> OrderView:
        with self._lock:
            self._settle()
            if not self._offline:
                try:
                    view = super().open_order(session, scanned)
                except DatabaseUnavailable:
                    self._go_offline(session.station_id, session.user_id)
                else:
                    self._cache_or_go_offline(session, view.id, reserve=True)
                    return view
            return self._open_offline(session, scanned)

    def claim_next_order(self, session: Session) -> OrderView | None:
        with self._lock:
            self._settle()
            if not self._offline:
                try:
                    view = super().claim_next_order(session)
                except DatabaseUnavailable:
                    self._go_offline(session.station_id, session.user_id)
                else:
                    order_id = None if view is None else view.id
                    self._cache_or_go_offline(session, order_id, reserve=True)
                    return view
            return self._open_offline(session, None)

    def hold_order(self, session: Session, order_id: int, reason: str) -> None:
        self.write_through(
            session,
            "hold",
            uuid.uuid4().hex,
            {"order_id": order_id, "reason": reason},
            lambda: super(OfflineStation, self).hold_order(session, order_id, reason),
            lambda: self.local.hold_order(session, order_id, reason),
            order_id,
        )

    def record_scan(
        self,
        session: Session,
        order_id: int,
        scan_uid: str,
        raw: str,
        entry: Entry = Entry.SCANNED,
    ) -> ScanResult:
        return self.write_through(
            session,
            "scan",
            scan_uid,
            {"order_id": order_id, "raw": raw, "entry": entry.value},
            lambda: super(OfflineStation, self).record_scan(
                session, order_id, scan_uid, raw, entry
            ),
            lambda: self.local.record_scan(session, order_id, scan_uid, raw, entry),
            order_id,
        )

    def undo_last_scan(self, session: Session, order_id: int, scan_uid: str) -> ScanResult:
        return self.write_through(
            session,
            "undo",
            scan_uid,
            {"order_id": order_id},
            lambda: super(OfflineStation, self).undo_last_scan(session, order_id, scan_uid),
            lambda: self.local.undo_last_scan(session, order_id, scan_uid),
            order_id,
        )

    def labels_uow(self) -> UnitOfWorkFactory:
        """The unit of work for the station's print queue: the local store's while offline
        (labels made offline print from there), the shared database's otherwise."""

        def open_unit_of_work(*, read_only: bool = False) -> UnitOfWork:
            chosen = self._store.uow if self._offline else self._online_uow
            return chosen(read_only=read_only)

        return open_unit_of_work

    # -- sync --------------------------------------------------------------------------------

    def sync_once(self) -> bool:
        """Replay one batch of the journal; True when it is empty and the station is online
        again. Raises ``DatabaseUnavailable`` while the shared database is still away (the
        entry being replayed is re-sent, under the same id, next time)."""
        if not self._offline:
            return True
        batch = self._store.next_batch(self._batch_size)
        for entry in batch:
            outcome = self._replayer.replay(entry)
            self._store.mark_done(entry.id, outcome, self._clock.now())
            with self._lock:
                self._waiting -= 1
                self._tell_held()
        with self._lock:
            self._waiting = self._store.waiting()
            if self._waiting:
                return False
            for labelled in sorted(self._replayer.labelled):
                self._store.settle_labels(labelled)  # labels printed while the sync ran
            self._replayer.labelled.clear()
            if self._open is not None:
                station_id, user_id, order_id = self._open
                self._store.cache(station_id, user_id, order_id)
                self._keep_ahead(station_id)
            self._replayer.came_back(self._open)
            self._offline = False
            self._since = None
            log.info("the shared database is back: the journal is applied, station online")
            return True

    # -- helpers -----------------------------------------------------------------------------

    def write_through(
        self,
        session: Session,
        kind: str,
        op_uid: str,
        args: dict[str, Any] | Callable[[], dict[str, Any]],
        online: Callable[[], T],
        local: Callable[[], T],
        order_id: int | None,
        *,
        order_missing_means_not_kept: bool = True,
    ) -> T:
        """Run a write online (``online``), or offline against the local store (``local``)
        with its journal entry (``kind``, ``op_uid``, ``args``); the station's use cases and
        its pack-out and acknowledgements (``offline_parts``) all come here."""
        with self._lock:
            self._settle()
            if not self._offline:
                try:
                    result = online()
                except DatabaseUnavailable:
                    # Nothing stored, or a commit whose reply was lost: the same operation,
                    # under the same id, goes into the journal; its replay settles which.
                    self._go_offline(session.station_id, session.user_id)
                else:
                    kept = self._open == (session.station_id, session.user_id, order_id)
                    if kind in AFTER_REPLY and kept and not callable(args):
                        made = {"session": session_args(session), **args}
                        self._unsettled.append(Unsettled(kind, op_uid, made, local))
                        return result  # copied by ``settle``, after the reply
                    if self._refresh_or_go_offline(session, order_id):
                        return result
                    # The local store missed this operation: it is journaled too, and found
                    # applied (the same id) when replayed.
            made = {"session": session_args(session), **(args() if callable(args) else args)}
            return self._journaled(kind, op_uid, made, local, order_missing_means_not_kept)

    def settle(self) -> None:
        """Bring the local store up to date with the writes made online since the last call
        (scans, undos, refused scans: ``AFTER_REPLY``). The database worker runs this after it
        has sent a write's reply, off the scan's path; every use case runs it first too, under
        the same lock, so the local store never lags behind a reply when it is next used.

        Copied from the shared database when it answers; when it does not, the station goes
        offline and each write is run again against the local store under its own id and
        journaled (found already stored, by its scan id, when replayed)."""
        with self._lock:
            self._settle()

    def _settle(self) -> None:
        if not self._unsettled:
            return
        unsettled, self._unsettled = self._unsettled, []
        first = unsettled[0].args
        if not self._offline:
            try:
                self._store.refresh(int(first["order_id"]))  # they are all the kept order's
                return
            except DatabaseUnavailable:
                self._go_offline(first["session"]["station_id"], first["session"]["user_id"])
        for write in unsettled:
            try:
                self._journaled(write.kind, write.op_uid, write.args, write.local)
            except DomainError as exc:  # stored on the shared database all the same
                log.warning("an online %s not kept locally: %s", write.kind, exc.message)

    def _tell_held(self) -> None:
        """Orders the replay put on hold, for the strip (one notice per order)."""
        if self._replayer.held:
            told = {*self._held}
            self._held += tuple(n for n in self._replayer.held.values() if n not in told)
            self._replayer.held.clear()

    def _journaled(
        self,
        kind: str,
        op_uid: str,
        args: dict[str, Any],
        local: Callable[[], T],
        not_found_means_not_kept: bool = True,
    ) -> T:
        at = self._clock.now()
        self._store.arm(op_uid, kind, args, at)
        try:
            with self._made_at.at(at):
                result = local()
        except NotFound as exc:
            if not not_found_means_not_kept:
                raise
            raise DatabaseUnavailable(OFFLINE_NOT_KEPT) from exc
        finally:
            if self._store.disarm():
                self._waiting += 1
        return result

    def _cache(self, session: Session, order_id: int | None, *, reserve: bool = False) -> None:
        self._store.cache(session.station_id, session.user_id, order_id, reserve=reserve)
        self._open = (session.station_id, session.user_id, order_id)
        if reserve:
            self._keep_ahead(session.station_id)

    def _keep_ahead(self, station_id: int) -> None:
        """Look-ahead: orders assigned to this station and kept for an outage (after
        ``cache``, which keeps only the open order)."""
        if self._look_ahead:
            kept = self._store.keep_ahead(station_id, self._look_ahead, self._clock.now())
            self._kept = len(kept)

    def _open_offline(self, session: Session, scanned: str | None) -> OrderView:
        """Offline: the order this station holds opens again; with look-ahead, an order kept
        for the outage is claimed in the local store (by its slip or tote; ``None``: the
        next one kept), journaled, and claimed on the shared database by the replay."""
        message = OFFLINE_NO_KEPT_ORDERS if self._look_ahead else OFFLINE_NO_NEW_ORDERS
        if scanned is None:
            with self._store.uow(read_only=True) as uow:
                held = uow.orders.claimed_by(session.station_id)
            kept = [] if held is not None else self._store.kept_ahead()
            if held is None and not kept:
                raise DatabaseUnavailable(message)
            scanned = kept[0] if kept else None
        if scanned is None:
            return resume_offline(lambda: self.local.claim_next_order(session), message)
        slip = scanned
        made = {"session": session_args(session), "scanned": slip}

        def claim() -> OrderView:
            return self.local.open_order(session, slip)

        opening = uuid.uuid4().hex
        view = resume_offline(
            lambda: self._journaled("open_order", opening, made, claim, False), message
        )
        self._open = (session.station_id, session.user_id, view.id)
        self._kept = len(self._store.kept_ahead()) if self._look_ahead else 0
        return view

    def _cache_or_go_offline(
        self, session: Session, order_id: int | None, *, reserve: bool = False
    ) -> bool:
        try:
            self._cache(session, order_id, reserve=reserve)
        except DatabaseUnavailable:
            self._go_offline(session.station_id, session.user_id)
            return False
        return True

    def _refresh_or_go_offline(self, session: Session, order_id: int | None) -> bool:
        """Bring the kept order up to date after a write online: cheaply when it is the order
        kept already (the usual case: a scan), whole otherwise."""
        if order_id is None:
            return True
        if self._open != (session.station_id, session.user_id, order_id):
            return self._cache_or_go_offline(session, order_id)
        try:
            self._store.refresh(order_id)
        except DatabaseUnavailable:
            self._go_offline(session.station_id, session.user_id)
            return False
        return True

    def _go_offline(self, station_id: int, user_id: int | None) -> None:
        if self._offline:
            return
        log.warning("the shared database cannot be reached: station %s works offline", station_id)
        self._since = self._clock.now()
        self._journaled(
            "went_offline",
            uuid.uuid4().hex,
            {"station_id": station_id, "user_id": user_id},
            lambda: self._replayer.note_offline(station_id, user_id),
        )
        self._offline = True  # after the entry: the strip never shows "offline, 0 waiting"
