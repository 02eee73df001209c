"""Users and stations."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    Row,
    func,
    insert,
    select,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.repositories.base import Repo
from app.domain.model import Role
from app.services.ports import (
    StationEntry,
    StationRecord,
    UserRecord,
)


def _user(row: Row[Any]) -> UserRecord:
    return UserRecord(
        row.id,
        row.name,
        Role(row.role),
        bool(row.active),
        row.pin_hash,
        row.failed_pins,
        row.locked_until,
        row.language,
    )


class SqlUsers(Repo):
    def by_badge_hash(self, badge_hash: str) -> UserRecord | None:
        row = self.conn.execute(select(t.users).where(t.users.c.badge_hash == badge_hash)).first()
        return None if row is None else _user(row)

    def get(self, user_id: int) -> UserRecord | None:
        row = self.conn.execute(select(t.users).where(t.users.c.id == user_id)).first()
        return None if row is None else _user(row)

    def pin_failed(self, user_id: int) -> int:
        # One statement: two stations counting at once both count.
        count: int = self.conn.execute(
            update(t.users)
            .where(t.users.c.id == user_id)
            .values(failed_pins=t.users.c.failed_pins + 1)
            .returning(t.users.c.failed_pins)
        ).scalar_one()
        return count

    def set_lock(self, user_id: int, until: datetime | None) -> None:
        self.conn.execute(
            update(t.users).where(t.users.c.id == user_id).values(failed_pins=0, locked_until=until)
        )

    def add(self, name: str, role: Role, badge_hash: str, pin_hash: str | None) -> UserRecord:
        new_id = self.conn.execute(
            insert(t.users).values(
                name=name, role=role.value, badge_hash=badge_hash, pin_hash=pin_hash, active=True
            )
        ).inserted_primary_key
        assert new_id is not None
        return UserRecord(new_id[0], name, role, True, pin_hash)

    def all(self) -> Sequence[UserRecord]:
        rows = self.conn.execute(select(t.users).order_by(t.users.c.name, t.users.c.id)).all()
        return [_user(row) for row in rows]

    def count_admins(self, *, active_only: bool) -> int:
        query = select(func.count()).select_from(t.users).where(t.users.c.role == Role.ADMIN.value)
        if active_only:
            query = query.where(t.users.c.active.is_(True))
        return int(self.conn.execute(query).scalar_one())

    def set_pin(self, user_id: int, pin_hash: str | None) -> None:
        self.conn.execute(update(t.users).where(t.users.c.id == user_id).values(pin_hash=pin_hash))

    def set_role(self, user_id: int, role: Role) -> None:
        self.conn.execute(update(t.users).where(t.users.c.id == user_id).values(role=role.value))

    def set_active(self, user_id: int, active: bool) -> None:
        self.conn.execute(update(t.users).where(t.users.c.id == user_id).values(active=active))

    def set_language(self, user_id: int, language: str | None) -> None:
        stmt = update(t.users).where(t.users.c.id == user_id).values(language=language)
        self.conn.execute(stmt)


class SqlStations(Repo):
    def get_or_create(self, name: str, at: datetime) -> StationRecord:
        row = self.conn.execute(select(t.stations).where(t.stations.c.name == name)).first()
        if row is None:
            new_id = self.conn.execute(
                insert(t.stations).values(name=name, settings="{}", created_at=at)
            ).inserted_primary_key
            assert new_id is not None
            return StationRecord(new_id[0], name)
        return StationRecord(row.id, row.name)

    def by_id(self, station_id: int) -> StationRecord | None:
        row = self.conn.execute(select(t.stations).where(t.stations.c.id == station_id)).first()
        return None if row is None else StationRecord(row.id, row.name)

    def entries(self) -> Sequence[StationEntry]:
        s = t.stations
        rows = self.conn.execute(
            select(s.c.id, s.c.name, s.c.kind, s.c.last_seen_at, s.c.settings).order_by(s.c.name)
        ).all()
        return [StationEntry(r.id, r.name, r.kind, r.last_seen_at, r.settings) for r in rows]

    def touch(self, station_id: int, at: datetime) -> None:
        self.conn.execute(
            update(t.stations).where(t.stations.c.id == station_id).values(last_seen_at=at)
        )

    def settings(self, name: str) -> dict[str, Any]:
        value = self.conn.execute(
            select(t.stations.c.settings).where(t.stations.c.name == name)
        ).scalar()
        return dict(json.loads(value)) if value else {}

    def save_settings(self, name: str, settings: dict[str, Any]) -> None:
        self.conn.execute(
            update(t.stations)
            .where(t.stations.c.name == name)
            .values(settings=json.dumps(settings, sort_keys=True))
        )
