"""The demo week's hand-off (issue 12): each day's parcels loaded at the dock before the
carriers' pick-up, a few after it, the day's manifests closed by the supervisor in the
evening (what was labelled after the pick-up moved to the next one with a reason), and the
carriers' tracking events: picked up, delivered a day or two later, a couple of exceptions.

Everything goes through ``HandoffService`` (a dock at ``DOCK_STATION``, the supervisor's
close) and ``TrackingService.import_file`` (a tracking file, as a carrier sends it), on a
``MovedClock`` of its own set to when it happened. So yesterday's late parcels wait on today's
open manifest: the dock and the reconcile view have something to show, the figures a week.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from app.domain.handoff import LoadOutcome
from app.domain.model import Role
from app.services.clock import MovedClock
from app.services.handoff import Actor, HandoffService
from app.services.handoff_ports import HandoffUnitOfWorkFactory
from app.services.tracking_events import TrackingService

LOAD_AT = time(17, 30)  # the dock loads the cage half an hour before the pick-up (18:00)
LATE_AT = time(18, 20)  # a few parcels found after the truck left: loaded late
CLOSE_AT = time(21, 45)  # the supervisor closes the day's manifests after the late shift
LEFT_SHARE = 0.06  # parcels not found at LOAD_AT
MOVE_REASON = "Labelled after the pick-up: on the next one"
#: Tracking exceptions of the week, for the console's exceptions and figures.
EXCEPTIONS = (
    ("ADDRESS", "Address unknown: recipient not found"),
    ("DAMAGED", "Parcel damaged in transit"),
)


@dataclass
class HandoffWeek:
    """What the week's hand-off left behind, for the report and the tests."""

    closed: int = 0
    loaded: int = 0
    moved: int = 0
    delivered: int = 0
    exceptions: int = 0
    #: (tracking number, when it was loaded) of every parcel loaded, for the tracking file.
    loads: list[tuple[str, datetime]] = field(default_factory=list)
    #: A carrier's tracking file for parcels of today that have no event yet (picked up, one
    #: delivered, one address problem): the demo writes it as its data folder's
    #: ``tracking-sample.csv``, to try ``packbench import tracking`` on ("" if none).
    tracking_sample: str = ""


class DemoHandoff:
    """``day_done`` after each history day is packed; ``finish`` once the week is."""

    def __init__(
        self,
        uow: HandoffUnitOfWorkFactory,
        start: datetime,
        dock: Actor,
        supervisor: Actor,
        seed: int = 12,
    ) -> None:
        self._clock = MovedClock(start)
        self._uow = uow
        self._handoff = HandoffService(uow, self._clock, zone=UTC)
        self._dock, self._supervisor = dock, supervisor
        self._rng = random.Random(seed)
        self.week = HandoffWeek()

    def day_done(self, day: date) -> None:
        load_at = _at(day, LOAD_AT)
        self._clock.set(load_at)
        left = self._load(lambda labelled: labelled <= load_at, share_left=LEFT_SHARE)
        self._clock.set(_at(day, LATE_AT))
        self._load(lambda _labelled: True, only=left)
        self._clock.set(_at(day, CLOSE_AT))
        for view in self._handoff.reconcile():
            if view.manifest_id is None:
                continue
            closed = self._handoff.close(
                self._supervisor, view.manifest_id, MOVE_REASON if view.missing else None
            )
            self.week.closed += 1
            self.week.moved += closed.moved

    def _load(
        self,
        ready: Callable[[datetime], bool],
        *,
        share_left: float = 0.0,
        only: set[str] | None = None,
    ) -> set[str]:
        """Scan out the parcels not loaded yet that are ``ready`` (by their label's time);
        ``share_left`` of them are not found now. The tracking numbers left."""
        left: set[str] = set()
        for view in self._handoff.reconcile():
            for line in view.missing:
                if not ready(line.labelled_at) or (
                    only is not None and line.tracking_number not in only
                ):
                    continue
                if self._rng.random() < share_left:
                    left.add(line.tracking_number)
                    continue
                self._scan(line.tracking_number)
        return left

    def _scan(self, tracking_number: str) -> None:
        result = self._handoff.dock_scan(self._dock, None, tracking_number)
        if result.outcome is LoadOutcome.LOADED:
            self.week.loaded += 1
            self.week.loads.append((tracking_number, self._clock.current))

    def finish(self, now: datetime) -> HandoffWeek:
        """Load half (rounded down) of the parcels waiting on today's open manifests (the dock
        has begun), then import the week's tracking events up to ``now``."""
        self._clock.set(now - timedelta(minutes=20))
        today = len(self.week.loads)
        waiting: list[str] = []
        for view in self._handoff.reconcile():
            half = len(view.missing) // 2
            for line in list(view.missing)[:half]:
                self._scan(line.tracking_number)
            waiting.extend(line.tracking_number for line in list(view.missing)[half:])
        fresh = [number for number, _ in self.week.loads[today:]] + waiting
        self.week.tracking_sample = _sample(fresh[:3], now)
        rows = ["tracking_number,time,status_code,description,location"]
        settled = [n for n, (_, at) in enumerate(self.week.loads) if at < now - timedelta(days=3)]
        troubled = dict(
            zip(sorted(self._rng.sample(settled, len(EXCEPTIONS))), EXCEPTIONS, strict=True)
        )
        for n, (number, loaded_at) in enumerate(self.week.loads):
            pickup = _at(loaded_at.date(), time(18, 5))
            if loaded_at.time() > time(18, 0):
                pickup += timedelta(days=1)
            if pickup >= now:
                continue
            rows.append(f"{number},{_iso(pickup)},PU,Picked up by the carrier,Hamburg")
            arrives = pickup + timedelta(hours=self._rng.uniform(15, 44))
            if arrives >= now:
                continue
            if n in troubled:
                code, words = troubled[n]
                rows.append(f"{number},{_iso(arrives)},{code},{words},Köln")
                self.week.exceptions += 1
            else:
                rows.append(f"{number},{_iso(arrives)},DL,Delivered to the recipient,Köln")
                self.week.delivered += 1
        self._clock.set(now - timedelta(minutes=5))
        tracking = TrackingService(self._uow, self._clock)
        tracking.import_file("demo-tracking.csv", ("\n".join(rows) + "\n").encode())
        return self.week


def _sample(numbers: list[str], now: datetime) -> str:
    """Tracking events of ``numbers`` (today's parcels, none tracked yet), a few minutes old:
    the first delivered, the second an address problem, the third picked up."""
    if not numbers:
        return ""
    rows = ["tracking_number,time,status_code,description,location"]
    follow = (
        ("DL", "Delivered to the recipient"),
        ("ADDRESS", "Address problem: recipient unknown"),
    )
    for n, number in enumerate(numbers):
        rows.append(f"{number},{_iso(now - timedelta(minutes=9))},PU,Picked up,Hamburg")
        if n < len(follow):
            code, words = follow[n]
            rows.append(f"{number},{_iso(now - timedelta(minutes=2))},{code},{words},Köln")
    return "\n".join(rows) + "\n"


def demo_actors(dock: tuple[int, str], supervisor: tuple[int, str]) -> tuple[Actor, Actor]:
    """A packer loading at the dock and the supervisor who closes (users' ids and names)."""
    return Actor(*dock, Role.PACKER), Actor(*supervisor, Role.SUPERVISOR)


def _at(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=UTC)


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
