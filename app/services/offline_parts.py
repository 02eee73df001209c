"""The parts of the offline station the screens reach besides its own use cases: the
pack-out panel's, the box scan's and the acknowledgements' use cases, routed through
``OfflineStation`` (online or offline), and the loop that replays its journal."""

from __future__ import annotations

import logging
import threading
import uuid
from typing import TYPE_CHECKING, Any

from app.domain.barcodes import InterpreterConfig
from app.domain.errors import DatabaseUnavailable, TrackingRangeExhausted
from app.domain.model import ScanOutcome, ScanVerdict
from app.domain.station import Entry, Unacknowledged
from app.services.acknowledgements import Acknowledgements
from app.services.boxes import BoxAdvice, BoxService
from app.services.offline_state import OFFLINE_NO_NUMBERS, OFFLINE_NO_REPRINTS
from app.services.pack_out import PackOutService, ParcelClosing, WeightRefusal
from app.services.packing import PackingService
from app.services.ports import Clock, CredentialHasher, UnitOfWorkFactory
from app.services.print_results import VoidReport
from app.services.reprints import ReprintDesk
from app.services.results import Session

if TYPE_CHECKING:
    from app.services.offline import OfflineStation

log = logging.getLogger(__name__)


class StationPackOut(PackOutService):
    """The pack-out panel's use cases, through the station (online or offline)."""

    def __init__(
        self,
        station: OfflineStation,
        uow: UnitOfWorkFactory,
        clock: Clock,
        packing_slips: bool,
    ) -> None:
        super().__init__(
            uow, clock, PackingService._new_tracking, PackingService._new_sscc, packing_slips
        )
        self._station = station
        # The same use cases on the shared database, as the station runs them online.
        self._online = PackOutService(
            uow, clock, PackingService._new_tracking, PackingService._new_sscc, packing_slips
        )

    def expected_weight(self, order_id: int) -> tuple[int, int | None]:
        if not self._station.offline:
            try:
                return super().expected_weight(order_id)
            except DatabaseUnavailable:
                pass
        self._station.settle()  # the local store holds every scan answered before reading it
        return self._station.local.pack_out.expected_weight(order_id)

    def close_parcel(
        self,
        session: Session,
        order_id: int,
        printer_name: str,
        *,
        last: bool,
        weight_g: int | None = None,
        override: str | None = None,
        box_code: str | None = None,
    ) -> ParcelClosing:
        """Close the open parcel through the station (``complete_order`` and the pack-out
        panel come here). Offline its tracking number and SSCC come from the block reserved
        while online, and its label is queued in the local store."""
        station = self._station
        chosen = {"last": last, "weight_g": weight_g, "override": override, "box_code": box_code}

        def close(pack_out: PackOutService) -> ParcelClosing:
            return pack_out.close_parcel(
                session,
                order_id,
                printer_name,
                last=last,
                weight_g=weight_g,
                override=override,
                box_code=box_code,
            )

        def args() -> dict[str, Any]:
            seq, _expected = station.local.pack_out.expected_weight(order_id)
            return {"order_id": order_id, "printer_name": printer_name, "seq": seq, **chosen}

        op_uid = uuid.uuid4().hex

        def local() -> ParcelClosing:
            try:
                closing = close(station.local.pack_out)
            except TrackingRangeExhausted as exc:
                raise DatabaseUnavailable(OFFLINE_NO_NUMBERS) from exc
            if isinstance(closing, WeightRefusal):  # journaled by the refusal's own record
                station.annotate(op_uid, refused=True)
            return closing

        return station.write_through(
            session,
            "close_parcel",
            op_uid,
            args,
            lambda: close(self._online),
            local,
            order_id,
        )


class StationBoxes(BoxService):
    """A box scanned for the open parcel, through the station: offline against the box types
    kept in the local store, journaled, and chosen again on the shared database by the sync."""

    def __init__(
        self,
        station: OfflineStation,
        uow: UnitOfWorkFactory,
        clock: Clock,
        codes: InterpreterConfig | None,
    ) -> None:
        super().__init__(uow, clock, codes)
        self._station = station

    def choose(self, session: Session, order_id: int, scanned: str) -> BoxAdvice:
        station = self._station
        return station.write_through(
            session,
            "box",
            uuid.uuid4().hex,
            {"order_id": order_id, "scanned": scanned},
            lambda: super(StationBoxes, self).choose(session, order_id, scanned),
            lambda: station.local.boxes.choose(session, order_id, scanned),
            order_id,
        )

    def advice(self, order_id: int) -> BoxAdvice:
        if not self._station.offline:
            try:
                return super().advice(order_id)
            except DatabaseUnavailable:
                pass
        self._station.settle()  # the local store holds every scan answered before reading it
        return self._station.local.boxes.advice(order_id)


class StationAcknowledgements(Acknowledgements):
    """Acknowledging errors and storing refused scans, through the station."""

    def __init__(
        self,
        station: OfflineStation,
        uow: UnitOfWorkFactory,
        clock: Clock,
        hasher: CredentialHasher,
        codes: InterpreterConfig | None,
    ) -> None:
        super().__init__(uow, clock, hasher, codes)
        self._station = station

    def refuse_scan(
        self,
        session: Session,
        order_id: int,
        scan_uid: str,
        raw: str,
        outcome: ScanOutcome,
        message: str,
        entry: Entry = Entry.SCANNED,
    ) -> ScanVerdict:
        """Stored through the station (journaled offline)."""
        station = self._station
        args = {"order_id": order_id, "raw": raw, "outcome": outcome.value, "message": message}
        return station.write_through(
            session,
            "refuse_scan",
            scan_uid,
            {**args, "entry": entry.value},
            lambda: super(StationAcknowledgements, self).refuse_scan(
                session, order_id, scan_uid, raw, outcome, message, entry
            ),
            lambda: station.local.acknowledgements.refuse_scan(
                session, order_id, scan_uid, raw, outcome, message, entry
            ),
            order_id,
        )

    def acknowledge_with_pin(
        self,
        session: Session,
        order_id: int | None,
        error: Unacknowledged,
        badge_code: str | None,
        pin: str | None,
    ) -> str:
        """Through the station (``acknowledge`` comes here too). Offline, a supervisor's badge
        and PIN are checked against the users kept there, with their lockout; the journal keeps
        the badge's digest, never the code, and never the PIN."""
        station = self._station
        digest = None if badge_code is None else self._hasher.badge_digest(badge_code)
        args = {
            "order_id": order_id,
            "outcome": None if error.outcome is None else error.outcome.value,
            "supervisor": error.supervisor,
            "badge_digest": digest,
        }
        return station.write_through(
            session,
            "acknowledge",
            uuid.uuid4().hex,
            args,
            lambda: super(StationAcknowledgements, self).acknowledge_with_pin(
                session, order_id, error, badge_code, pin
            ),
            lambda: station.local.acknowledgements.acknowledge_with_pin(
                session, order_id, error, badge_code, pin
            ),
            order_id,
            order_missing_means_not_kept=False,
        )


class StationReprintDesk(ReprintDesk):
    """Reprints and voids at an offline-capable station: refused while it works offline (a
    copy or a void made there would be missing from the shared record of labels: a label
    printed twice unaccounted, or a void the dock never hears of); online as ever."""

    def __init__(self, station: OfflineStation, uow: UnitOfWorkFactory, clock: Clock) -> None:
        super().__init__(uow, clock)
        self._station = station

    def reprint(
        self, session: Session, scanned: str, reason: str, printer: str | None = None
    ) -> tuple[int, str]:
        if self._station.offline:
            raise DatabaseUnavailable(OFFLINE_NO_REPRINTS)
        return super().reprint(session, scanned, reason, printer)

    def void(
        self, session: Session, scanned: str, reason: str, *, loaded_confirmed: bool = False
    ) -> VoidReport:
        if self._station.offline:
            raise DatabaseUnavailable(OFFLINE_NO_REPRINTS)
        return super().void(session, scanned, reason, loaded_confirmed=loaded_confirmed)


class SyncLoop:
    """Replays the journal whenever the station is offline, probing the shared database every
    ``interval_s`` until it answers; a thread of its own, so the packer goes on working."""

    def __init__(self, station: OfflineStation, interval_s: float = 1.0) -> None:
        self._station = station
        self._interval = interval_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="offline-sync", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.is_set():
            busy = False
            if self._station.offline:
                try:
                    busy = not self._station.sync_once()
                except DatabaseUnavailable:
                    busy = False
                except Exception:
                    log.exception("replaying the offline journal failed; trying again")
            if not busy:
                self._stop.wait(self._interval)
