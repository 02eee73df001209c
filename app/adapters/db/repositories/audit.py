"""The audit log: who did what, where and when, failures included."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    func,
    insert,
    select,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo

_RECORD = insert(t.audit_log)  # built once: every use case writes one


class SqlAuditLog(Repo):
    def record(
        self,
        *,
        at: datetime,
        user_id: int | None,
        station_id: int | None,
        action: str,
        entity: str,
        entity_id: int | None,
        detail: str = "",
    ) -> None:
        self.conn.execute(
            _RECORD,
            {
                "at": at,
                "user_id": user_id,
                "station_id": station_id,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "detail": detail,
            },
        )

    def count(self, action: str | None = None) -> int:
        query = select(func.count()).select_from(t.audit_log)
        if action:
            query = query.where(t.audit_log.c.action == action)
        return int(self.conn.execute(query).scalar_one())
