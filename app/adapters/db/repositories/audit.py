"""The audit log: who did what, where and when, failures included."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    func,
    insert,
    select,
)

from app.adapters.db import tables as t
from app.adapters.db.bulk import copies, copy_dicts
from app.adapters.db.repositories.base import Repo

_RECORD = insert(t.audit_log)  # built once: every use case writes one


def record_claim(
    conn: Connection, at: datetime, user_id: int, station_id: int, order_id: int, detail: str
) -> None:
    """The audit entry of a claim, written by the claim itself (``SqlOrders.claim_next``)."""
    conn.execute(
        _RECORD,
        {
            "at": at,
            "user_id": user_id,
            "station_id": station_id,
            "action": "claim",
            "entity": "order",
            "entity_id": order_id,
            "detail": detail,
        },
    )


class SqlAuditLog(Repo):
    """On PostgreSQL (``deferred``) an entry waits for the unit of work's next write of an
    order's row, which carries it in the same statement (``SqlOrders.save``), or for the
    commit, which writes whatever still waits just before ``COMMIT``: one round trip fewer
    for a use case that audits a change of an order. Nothing is lost either way: the entries
    go out inside the transaction, before it commits, or not at all."""

    def __init__(self, conn: Connection, deferred: bool = False) -> None:
        super().__init__(conn)
        self.deferred = deferred
        self._waiting: list[dict[str, Any]] = []

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
        entry = {
            "at": at,
            "user_id": user_id,
            "station_id": station_id,
            "action": action,
            "entity": entity,
            "entity_id": entity_id,
            "detail": detail,
        }
        if self.deferred:
            self._waiting.append(entry)
        else:
            self.conn.execute(_RECORD, entry)

    def take_one(self) -> dict[str, Any] | None:
        """The one entry waiting, handed over to be written with another statement; with
        more than one waiting, they are written now (in order) and None is returned."""
        if len(self._waiting) == 1:
            return self._waiting.pop()
        self.flush()
        return None

    def flush(self) -> None:
        """Write the entries still waiting (before a commit, or before the log is read)."""
        if self._waiting:
            waiting, self._waiting = self._waiting, []
            if copies(self.conn, len(waiting)):  # an import's thousands of entries
                copy_dicts(self.conn, t.audit_log, waiting)
            else:
                self.conn.execute(_RECORD, waiting)

    def count(self, action: str | None = None) -> int:
        self.flush()
        query = select(func.count()).select_from(t.audit_log)
        if action:
            query = query.where(t.audit_log.c.action == action)
        return int(self.conn.execute(query).scalar_one())
