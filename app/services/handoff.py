"""Hand-off to the carrier: the dock's scan-out, reconciling before the cut-off, closing a
manifest and writing its documents.

A labelled parcel joins the open manifest of its carrier (and service group) when the dock
starts loading that manifest (its first scan, then every ``ATTACH_EVERY``), when it is scanned
out, or when a supervisor closes the manifest; until then the open manifest counts it as
expected. The dock's "loaded X of Y" comes from counters kept on the manifest. Scanning out
marks it loaded; the order becomes
``handed_over`` when every parcel with a valid label is. Closing (supervisors and admins) is
refused while parcels are missing unless they are moved to the next pick-up with a reason; a
closed manifest takes no parcels. Closing records the manifest closed with its file names
first, then writes the PDF and the CSV/JSON file atomically (the shipments export's folder);
``write_files`` writes again whatever is missing, never a second, different manifest.
Every scan (refusals too), move, close and failure is audited.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from pathlib import Path

from app.domain.barcodes import CodeKind, InterpreterConfig, interpret
from app.domain.errors import InvalidBarcode, NotAllowed
from app.domain.exports import ExportRefused
from app.domain.handoff import (
    DEFAULT_PICKUP,
    NOT_A_LABEL,
    Cage,
    LoadOutcome,
    ManifestRefused,
    ServiceGroups,
    cage_in,
    cage_name,
    day_and_time,
    decide_load,
    group_of,
    group_services,
    is_product_barcode,
    manifest_file_stem,
    manifest_id_in,
    next_pickup,
    total_weight_g,
)
from app.domain.handoff_figures import HandoffFigures
from app.domain.message import Message
from app.domain.text import reason as checked_reason
from app.services import manifest_files, outbox
from app.services.handoff_figures import handoff_figures
from app.services.handoff_ports import (
    HandoffUnitOfWork,
    HandoffUnitOfWorkFactory,
    ManifestDocument,
    ManifestFolder,
    ManifestRecord,
    ServiceFilter,
    TrackingException,
)
from app.services.handoff_reconcile import reconcile_views
from app.services.handoff_views import Actor as Actor  # noqa: PLC0414 (for callers)
from app.services.handoff_views import Closed as Closed  # noqa: PLC0414
from app.services.handoff_views import DockResult as DockResult  # noqa: PLC0414
from app.services.handoff_views import Reconcile as Reconcile  # noqa: PLC0414
from app.services.handoff_views import close_problem, not_due
from app.services.ports import Clock

#: How often a scan at the dock puts the carrier's newly labelled parcels on the open manifest
#: (the first scan does it at once). In between, a scan reads the manifest's counters and
#: counts no rows: a parcel labelled meanwhile joins the expected count up to this much later.
ATTACH_EVERY = timedelta(minutes=1)


class HandoffService:
    def __init__(
        self,
        uow: HandoffUnitOfWorkFactory,
        clock: Clock,
        *,
        codes: InterpreterConfig | None = None,
        pickups: dict[str, time] | None = None,
        groups: ServiceGroups | None = None,
        zone: tzinfo | None = None,
        folder: Path | None = None,
        fmt: str = "csv",
        files: ManifestFolder | None = None,
        document: ManifestDocument | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._codes = codes or InterpreterConfig()
        self._pickups = pickups or {}
        self._groups = groups or {}
        self._zone = zone
        self._folder = folder
        self._fmt = fmt
        self._files = files
        self._document = document

    # -- the dock ------------------------------------------------------------------------------

    def dock_scan(self, actor: Actor, cage_id: int | None, raw: str) -> DockResult:
        """Load the parcel ``raw`` names onto the cage ``cage_id`` (None: the open manifest of
        the parcel's own carrier), or choose a cage by scanning a manifest's barcode."""
        chosen, carrier = manifest_id_in(raw), cage_in(raw)
        with self._uow() as uow:
            if carrier is not None and not self._cage_known(uow, *carrier):
                # A misprinted or made-up cage label opens no manifest for a carrier (or a
                # service group) the site does not have.
                current = self._get(uow, cage_id)
                words = Message(
                    "{cage} is no cage of this site: no such carrier or service group. Scan "
                    "the cage's own barcode, a manifest's barcode or a parcel.",
                    cage=cage_name(*carrier),
                )
                counts = (0, 0) if current is None else self._counts(uow, current)
                result = DockResult(LoadOutcome.UNKNOWN, words, current, *counts)
            elif carrier is not None:  # a carrier's cage barcode: its open manifest, or today's
                record = self._open_manifest(uow, *carrier)
                counts = self._counts(uow, record)
                result = DockResult(LoadOutcome.CAGE_CHOSEN, _cage_words(record), record, *counts)
            elif chosen is not None:
                result = self._choose(uow, chosen, cage_id)
            else:
                result = self._load(uow, actor, cage_id, raw)
            self._audit(
                uow,
                actor,
                f"dock_{result.outcome.value}",
                "manifest",
                None if result.cage is None else result.cage.id,
                f"{raw.strip()[:80]}: {result.message}",
            )
            uow.commit()
        return result

    def cage(self, cage_id: int) -> DockResult:
        """The cage's counts as they stand (a read: for the dock screen's start)."""
        with self._uow(read_only=True) as uow:
            record = uow.manifests.get(cage_id)
            if record is None:
                raise ManifestRefused(f"There is no manifest {cage_id}.")
            loaded, expected = self._counts(uow, record)
        return DockResult(LoadOutcome.CAGE_CHOSEN, _cage_words(record), record, loaded, expected)

    def _choose(self, uow: HandoffUnitOfWork, manifest_id: int, cage_id: int | None) -> DockResult:
        record = uow.manifests.get(manifest_id)
        if record is None:
            words = Message("There is no manifest {id}.", id=manifest_id)
            return DockResult(LoadOutcome.UNKNOWN, words, None)
        if not record.open:
            words = Message(
                "Manifest {id} closed at {closed}: its {name} pick-up has gone. Scan the open "
                "manifest or a parcel.",
                id=manifest_id,
                closed=day_and_time(record.closed_at, self._clock.now()),
                name=cage_name(record.carrier, record.group),
            )
            current = self._get(uow, cage_id)
            counts = (0, 0) if current is None else self._counts(uow, current)
            return DockResult(LoadOutcome.MANIFEST_CLOSED, words, current, *counts)
        loaded, expected = self._counts(uow, record)
        return DockResult(LoadOutcome.CAGE_CHOSEN, _cage_words(record), record, loaded, expected)

    def _load(
        self, uow: HandoffUnitOfWork, actor: Actor, cage_id: int | None, raw: str
    ) -> DockResult:
        try:
            code = interpret(raw, self._codes)
        except InvalidBarcode as exc:
            return self._refusal(uow, LoadOutcome.INVALID, exc.message, self._get(uow, cage_id))
        tracking, sscc = None, code.sscc
        if code.kind is CodeKind.PRODUCT:
            tracking = code.value.upper()
            if len(code.value) == 18 and code.value.isdigit():
                sscc = code.value
        elif code.kind is not CodeKind.SSCC:
            words = NOT_A_LABEL.get(code.kind, NOT_A_LABEL[CodeKind.PRODUCT])
            return self._refusal(uow, LoadOutcome.UNKNOWN, words, self._get(uow, cage_id))
        if cage_id is None:
            current, parcel = None, uow.manifests.find_parcel(tracking, sscc)
        else:  # the cage locked and the parcel found: one round trip on PostgreSQL
            current, parcel = uow.manifests.cage_and_parcel(cage_id, tracking, sscc)
        if parcel is None:
            words = Message(
                "{code}: no parcel has this label. Give it to a supervisor.", code=code.value
            )
            if is_product_barcode(code.value):
                words = NOT_A_LABEL[CodeKind.PRODUCT]
            return self._refusal(uow, LoadOutcome.UNKNOWN, words, current)
        group = group_of(self._groups, parcel.carrier, parcel.service)
        if current is None:
            current = self._open_manifest(uow, parcel.carrier, group)
        cage = Cage(current.id, current.carrier, current.group, current.pickup_at, current.open)
        outcome, words = decide_load(parcel, group, cage)
        # A voided label loaded on an open cage comes off it, whichever cage it is scanned at.
        on = current if parcel.manifest_id == current.id else None
        if outcome is LoadOutcome.VOIDED and on is None and parcel.manifest_id is not None:
            on = uow.manifests.get(parcel.manifest_id)
        if (
            outcome is LoadOutcome.VOIDED
            and on is not None
            and on.open
            and uow.manifests.take_off(parcel.parcel_id, on.id)
        ):
            words = Message(
                "{label}: label VOIDED, taken off the {cage} cage. Give it to a supervisor.",
                label=parcel.tracking_number,
                cage=cage_name(on.carrier, on.group),
            )
        handed_over = None
        now = self._clock.now()
        counts = None
        if outcome is LoadOutcome.LOADED:
            done = uow.manifests.load_out(
                parcel,
                current,
                now,
                actor.user_id,
                actor.station_id,
                hand_over=parcel.order_status in ("packed", "labelled"),
            )
            counts = done.loaded_count, done.expected
            if not done.loaded:
                outcome = LoadOutcome.ALREADY_LOADED
                words = Message("{label}: already loaded.", label=parcel.tracking_number)
            elif done.handed_over:
                handed_over = parcel.order_reference
                outbox.record(uow, [outbox.handed_over(parcel.order_id, now)])
                self._audit(
                    uow,
                    actor,
                    "handed_over",
                    "order",
                    parcel.order_id,
                    f"every parcel loaded on manifest {current.id} "
                    f"({cage_name(current.carrier, current.group)})",
                )
        if current.open and (
            current.attached_at is None or now - current.attached_at >= ATTACH_EVERY
        ):
            uow.manifests.attach_unassigned(
                current.id, current.carrier, self._services(current.carrier, current.group), now
            )
            counts = None  # the attached parcels count too
        loaded, expected = counts or uow.manifests.kept_counts(current.id, current.opened_at)
        return DockResult(
            outcome,
            words,
            current,
            loaded,
            expected,
            parcel.tracking_number,
            handed_over,
        )

    @staticmethod
    def _refusal(
        uow: HandoffUnitOfWork, outcome: LoadOutcome, words: str, cage: ManifestRecord | None
    ) -> DockResult:
        """A scan refused before any parcel was found: the cage's counts as they stand (the
        dock keeps showing them, never 0 / 0)."""
        counts = (0, 0) if cage is None else uow.manifests.kept_counts(cage.id, cage.opened_at)
        return DockResult(outcome, words, cage, *counts)

    @staticmethod
    def _get(uow: HandoffUnitOfWork, cage_id: int | None) -> ManifestRecord | None:
        return None if cage_id is None else uow.manifests.get(cage_id, lock=True)

    def _services(self, carrier: str, group: str) -> ServiceFilter:
        only, never = group_services(self._groups, carrier, group)
        return ServiceFilter(only if group else None, never)

    def _counts(self, uow: HandoffUnitOfWork, record: ManifestRecord) -> tuple[int, int]:
        services = self._services(record.carrier, record.group) if record.open else None
        return uow.manifests.counts(record.id, record.carrier, services)

    def _pickup_after(self, carrier: str, after: datetime) -> datetime:
        at = self._pickups.get(carrier.upper(), DEFAULT_PICKUP)
        return next_pickup(at, after, self._zone or after.tzinfo or UTC)

    def _cage_known(self, uow: HandoffUnitOfWork, carrier: str, group: str) -> bool:
        grouped = not group or bool(group_services(self._groups, carrier, group)[0])
        return grouped and uow.manifests.carrier_known(carrier)

    def _open_manifest(self, uow: HandoffUnitOfWork, carrier: str, group: str) -> ManifestRecord:
        found = uow.manifests.open_for(carrier, group)
        if found is None:
            now = self._clock.now()
            # A pick-up whose manifest is closed takes no other: the next one after it.
            closed = uow.manifests.last_closed_pickup(carrier, group)
            after = now if closed is None else max(now, closed)
            manifest_id = uow.manifests.create(
                carrier, group, self._pickup_after(carrier, after), now
            )
            found = uow.manifests.get(manifest_id)
            assert found is not None
        return found

    # -- the supervisor ------------------------------------------------------------------------

    def listing(
        self, status: str | None = None, limit: int = 50
    ) -> list[tuple[ManifestRecord, int, int]]:
        """Manifests with their (loaded, expected) counts: open ones first."""
        with self._uow(read_only=True) as uow:
            return [
                (record, *self._counts(uow, record))
                for record in uow.manifests.listing(status, limit)
            ]

    def reconcile(self) -> list[Reconcile]:
        """Per open manifest (and per carrier with labelled parcels but none open): what is
        labelled and not loaded, with its pick-up (the cut-off), and loaded parcels whose
        label was voided since (on the open cage, or gone with a closed manifest)."""
        with self._uow(read_only=True) as uow:
            return reconcile_views(
                uow,
                self._clock.now(),
                lambda carrier, service: group_of(self._groups, carrier, service),
                self._services,
                self._pickup_after,
            )

    def figures(self, actor: Actor, since: datetime, until: datetime) -> HandoffFigures:
        """Parcels per carrier per day, loaded before the cut-off, label to hand-off, delivery
        time, exceptions by cause (``app.services.handoff_figures``): supervisors only."""
        return handoff_figures(self._uow, actor.role, since, until, self._zone)

    def tracking_exceptions(self, limit: int = 200) -> list[TrackingException]:
        """Parcels whose latest tracking event is an exception, newest first."""
        with self._uow(read_only=True) as uow:
            return list(uow.tracking_events.exceptions(limit))

    def find_open(self, carrier: str, group: str = "", *, due_today: bool = False) -> int | None:
        """The carrier's open manifest; with ``due_today``, refused unless its pick-up is today
        (site time) or already gone: a later one is closed only by its id."""
        with self._uow(read_only=True) as uow:
            found = uow.manifests.open_for(carrier.upper(), group.upper())
        problem = None if found is None else not_due(found, self._clock.now(), self._zone)
        if problem is not None and due_today:
            raise ManifestRefused(problem)
        return None if found is None else found.id

    def close(
        self,
        actor: Actor,
        manifest_id: int,
        move_reason: str | None = None,
        carrier: tuple[str, str] | None = None,
    ) -> Closed:
        """Close the manifest and write its files. Refused while parcels are missing, unless
        ``move_reason`` is given: then they go to the carrier's next pick-up. ``carrier``
        (carrier, service group), where the person named one: refused if the manifest is
        another's."""
        if not actor.role.can_supervise:
            problem = (
                "Only a supervisor or an admin can close a manifest; "
                f"{actor.name} is a {actor.role}."
            )
            self._refused(actor, manifest_id, problem)
            raise NotAllowed(problem)
        reason = None
        if move_reason is not None:
            reason = checked_reason(move_reason, "reason for moving parcels to the next pick-up")
        if self._folder is not None and self._files is not None:
            try:
                self._files.check(self._folder)
            except ExportRefused as refused:
                self._refused(actor, manifest_id, refused.message)
                raise ManifestRefused(refused.message) from refused
        with self._uow() as uow:
            record = uow.manifests.get(manifest_id, lock=True)
            if record is None:
                raise ManifestRefused(f"There is no manifest {manifest_id}.")
            named = None if carrier is None else cage_name(carrier[0].upper(), carrier[1].upper())
            mine = cage_name(record.carrier, record.group)
            if named is not None and named != mine:
                problem = (
                    f"Manifest {record.id} is {mine}'s (pick-up {record.pickup_at:%a %H:%M}), "
                    f"not {named}'s: nothing closed. See packbench manifest list."
                )
                self._audit(uow, actor, "manifest_close_refused", "manifest", record.id, problem)
                uow.commit()
                raise ManifestRefused(problem)
            if not record.open:
                raise ManifestRefused(f"Manifest {manifest_id} is already closed.")
            now = self._clock.now()
            uow.manifests.attach_unassigned(
                record.id, record.carrier, self._services(record.carrier, record.group), now
            )
            # A cancelled order's parcel (label not voided yet) is neither expected nor shipped.
            lines = [x for x in uow.manifests.lines(record.id) if not x.cancelled or x.voided]
            missing = [x for x in lines if x.loaded_at is None and not x.voided]
            voided = [x for x in lines if x.loaded_at is not None and x.voided]
            refusal = None if reason else close_problem(record.id, missing, voided)
            if refusal is not None:
                self._audit(uow, actor, "manifest_close_refused", "manifest", record.id, refusal)
                uow.commit()
                raise ManifestRefused(refusal)
            loaded = [x for x in lines if x.loaded_at is not None and not x.voided]
            header = record.header
            stem = manifest_file_stem(header)
            folder = None if self._folder is None else str(self._folder.absolute())
            uow.manifests.close(
                record.id,
                now,
                actor.user_id,
                len(loaded),
                total_weight_g(loaded),
                folder,
                stem,
                self._fmt,
            )
            moved_to = None
            if missing:
                moved_to = uow.manifests.create(
                    record.carrier,
                    record.group,
                    self._pickup_after(record.carrier, record.pickup_at),
                    now,
                )
                uow.manifests.move([x.parcel_id for x in missing], moved_to, reason or "")
                for line in missing:
                    self._audit(
                        uow,
                        actor,
                        "parcel_moved",
                        "parcel",
                        line.parcel_id,
                        f"{line.tracking_number}: manifest {record.id} -> {moved_to}: {reason}",
                    )
            detail = (
                f"{len(loaded)} parcel(s), {total_weight_g(loaded)} g; files {stem} in {folder}"
            )
            self._audit(uow, actor, "manifest_closed", "manifest", record.id, detail)
            uow.commit()
        files = [p for p, _ in self.write_files(actor, manifest_id)] if folder is not None else []
        with self._uow(read_only=True) as uow:
            closed = uow.manifests.get(manifest_id)
        assert closed is not None
        return Closed(closed, len(missing), moved_to, files)

    def documents(self, manifest_id: int) -> tuple[ManifestRecord, bytes, str]:
        """The manifest's PDF and CSV/JSON file (``app.services.manifest_files``)."""
        return manifest_files.documents(self._uow, self._document, manifest_id, self._fmt)

    def write_files(
        self, actor: Actor, manifest_id: int, to: Path | None = None
    ) -> list[tuple[Path, bool]]:
        """Write the closed manifest's files that are not in its folder yet (atomically): to
        ``to``, else the folder it was closed with, else the configured one now. Each path
        with whether it was written now (False: there already)."""
        if self._files is None:
            raise ManifestRefused("No manifest folder writer is configured.")
        record, pdf, data = self.documents(manifest_id)
        try:
            folder = manifest_files.folder_for(record, to, self._folder)
        except ManifestRefused as refused:
            self._refused(actor, manifest_id, refused.message)
            raise
        written = manifest_files.write(
            self._files,
            record,
            folder,
            pdf,
            data,
            self._fmt,
            lambda problem: self._refused(actor, manifest_id, problem),
        )
        with self._uow() as uow:
            where = str(folder.absolute())
            uow.manifests.mark_written(manifest_id, self._clock.now(), where)
            self._audit(uow, actor, "manifest_written", "manifest", manifest_id, where)
            uow.commit()
        return written

    def _refused(self, actor: Actor, manifest_id: int | None, problem: str) -> None:
        with self._uow() as uow:
            self._audit(uow, actor, "manifest_refused", "manifest", manifest_id, problem)
            uow.commit()

    def _audit(
        self,
        uow: HandoffUnitOfWork,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str,
    ) -> None:
        uow.audit.record(
            at=self._clock.now(),
            user_id=actor.user_id or None,  # 0: the command line, no one signed in
            station_id=actor.station_id,
            action=action[:48],
            entity=entity,
            entity_id=entity_id,
            detail=detail[:2000],
        )


def _cage_words(record: ManifestRecord) -> Message:
    return Message(
        "Loading {cage}: pick-up {when}",
        cage=cage_name(record.carrier, record.group),
        when=day_and_time(record.pickup_at),
    )
