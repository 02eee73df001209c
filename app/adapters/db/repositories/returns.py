"""Return labels per parcel (``app.services.returns.ReturnLabelRecords``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select

from app.adapters.db.repositories.base import Repo
from app.adapters.db.tables_outbox import return_labels


class SqlReturnLabels(Repo):
    def number(self, parcel_id: int) -> str | None:
        found = self.conn.execute(
            select(return_labels.c.tracking_number).where(return_labels.c.parcel_id == parcel_id)
        ).scalar_one_or_none()
        return None if found is None else str(found)

    def add(self, parcel_id: int, tracking_number: str, carrier: str, at: datetime) -> None:
        self.conn.execute(
            insert(return_labels).values(
                parcel_id=parcel_id, tracking_number=tracking_number, carrier=carrier, created_at=at
            )
        )
