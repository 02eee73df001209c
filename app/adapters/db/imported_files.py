"""Files imported before, by the SHA-256 of their bytes: the audit entries ``file_imported``
that each import writes in its own transaction (``app.services.import_report.record_file``)."""

from __future__ import annotations

from sqlalchemy import Engine, and_, select

from app.adapters.db import tables as t
from app.adapters.db.uow import SqlUnitOfWork
from app.services.import_report import FILE_ENTITY, FILE_IMPORTED, digest_key, file_detail


class SqlImportedFiles:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def imported(self, digest: str) -> str | None:
        audit = t.audit_log
        prefix = file_detail(digest, "", "").rstrip(": ")
        # A unit of work: a database that is away is DatabaseUnavailable, with its message.
        with SqlUnitOfWork(self._engine, read_only=True) as uow:
            found = uow.connection.execute(
                select(audit.c.at, audit.c.detail)
                .where(
                    and_(
                        audit.c.entity == FILE_ENTITY,
                        audit.c.entity_id == digest_key(digest),
                        audit.c.action == FILE_IMPORTED,
                    )
                )
                .order_by(audit.c.id)
            ).all()
        for at, detail in found:
            if detail.startswith(prefix + " "):
                return f"{detail.removeprefix(prefix + ' ')}, at {at:%Y-%m-%d %H:%M}"
        return None
