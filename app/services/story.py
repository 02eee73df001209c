"""An order's story for supervisors: find orders by what a complaint names, read one order's
timeline (import, scans with outcomes, claim, holds, completion, parcels, print jobs), and
export a search result as CSV. Role-checked here."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from app.domain.errors import NotAllowed
from app.domain.exports import csv_text, moment
from app.services.ports import UnitOfWorkFactory
from app.services.results import Session
from app.services.story_ports import FoundOrder, StoryEvent, StoryQuery

CSV_COLUMNS = ("reference", "status", "carrier", "packed_by", "station", "updated_at", "tracking")


class StoryService:
    def __init__(self, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    def find(self, session: Session, query: StoryQuery) -> Sequence[FoundOrder]:
        self._require(session)
        with self._uow(read_only=True) as uow:
            return uow.story.find(query)

    def timeline(self, session: Session, order_id: int) -> Sequence[StoryEvent]:
        self._require(session)
        with self._uow(read_only=True) as uow:
            return uow.story.events(order_id)

    @staticmethod
    def as_csv(found: Sequence[FoundOrder]) -> str:
        """The search result as CSV text (cells a spreadsheet would run are escaped)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for order in found:
            writer.writerow(
                [
                    csv_text(order.reference),
                    order.status,
                    csv_text(order.carrier),
                    csv_text(order.packed_by),
                    csv_text(order.station),
                    moment(order.updated_at),
                    csv_text(" ".join(order.tracking)),
                ]
            )
        return out.getvalue()

    @staticmethod
    def _require(session: Session) -> None:
        if not session.role.can_supervise:
            raise NotAllowed("Only a supervisor can look up an order's story.")
