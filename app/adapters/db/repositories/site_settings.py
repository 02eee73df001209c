"""Settings of the whole site, one row per key (``packers_may_reprint`` ...)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo


class SqlSiteSettings(Repo):
    def get(self, key: str) -> str | None:
        value: str | None = self.conn.execute(
            select(t.site_settings.c.value).where(t.site_settings.c.key == key)
        ).scalar()
        return value

    def put(self, key: str, value: str, at: datetime) -> None:
        changed = self.conn.execute(
            update(t.site_settings)
            .where(t.site_settings.c.key == key)
            .values(value=value, updated_at=at)
        )
        if not changed.rowcount:
            self.conn.execute(insert(t.site_settings).values(key=key, value=value, updated_at=at))
