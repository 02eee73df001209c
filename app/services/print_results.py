"""Plain results of the print queue's use cases, for the station's banner and the supervisor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app.domain.message import Message
from app.services.results import PrintReport


@dataclass(frozen=True)
class UncertainLabel:
    """A label cut off while printing. ``question`` is what to ask a person; answer it with
    ``LabelService.answer_uncertain(session, job_id, came_out)``."""

    job_id: int
    parcel_id: int
    parcel_no: int
    tracking_number: str
    order_reference: str
    printer: str
    station_id: int | None
    since: datetime
    question: str


@dataclass(frozen=True)
class QueueStatus:
    """What one ``LabelService.tick`` did and what the station's banner needs.

    ``problem``: the printer's trouble in floor words, or None when it prints. ``waiting``:
    labels not sent yet (they go out by themselves). ``reports``: jobs handled in this tick
    (sent, failed, uncertain, or cancelled with the reason in ``error``). ``uncertain``: the
    questions this printer's station must answer."""

    printer: str
    problem: str | None
    waiting: int
    reports: tuple[PrintReport, ...]
    uncertain: tuple[UncertainLabel, ...]

    @property
    def stopped(self) -> tuple[PrintReport, ...]:
        """Labels not printed because their order was cancelled, held or voided: the packer
        must take the parcel off the cage (the report's ``error`` says so)."""
        return tuple(r for r in self.reports if r.state == "cancelled")

    @property
    def uncertain_line(self) -> str | None:
        """The banner's words for the questions to answer, or None when there are none."""
        if not self.uncertain:
            return None
        return Message(
            "{count} interrupted label(s): answer the question.", count=len(self.uncertain)
        )

    @property
    def banner(self) -> str | None:
        """One line for the printer banner, or None when there is nothing to show."""
        parts: list[str] = []
        if self.problem:
            parts.append(self.problem)
        if self.waiting:
            parts.append(
                Message(
                    "{count} label(s) waiting: they print by themselves as soon as the printer "
                    "answers ready.",
                    count=self.waiting,
                )
            )
        if self.uncertain_line:
            parts.append(self.uncertain_line)
        if len(parts) == 1:
            return parts[0]  # a message of its own, shown in the station's language
        return "  ".join(parts) or None


@dataclass(frozen=True)
class Answer:
    """A person answered an interrupted label's question. ``new_job_id``: the label queued
    again (answer "no"); it prints with the next tick of its printer's station."""

    job_id: int
    came_out: bool
    new_job_id: int | None
    message: str


@dataclass(frozen=True)
class ParcelLabel:
    """A parcel that a scan or a typed reference found, for choosing what to reprint or void."""

    parcel_id: int
    order_id: int
    order_reference: str
    parcel_no: int
    tracking_number: str
    sscc: str | None
    voided_at: datetime | None
    void_reason: str | None


@dataclass(frozen=True)
class VoidReport:
    parcel_id: int
    tracking_number: str
    sscc: str | None
    cancelled_jobs: int
    message: str
    #: Set when the parcel had been loaded at the dock: take it off the cage / tell the carrier.
    warning: str | None = None
