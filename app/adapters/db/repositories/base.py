"""What every repository shares: the connection of its unit of work."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Select, select

from app.adapters.db import tables as t
from app.domain.model import ScanOutcome


class Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn


def standing_scans(*columns: Any) -> Select[Any]:
    """Accepted scan events that no undo took back: the units really in the parcel."""
    undo = t.scan_events.alias("undo")
    return (
        select(*columns)
        .outerjoin(undo, undo.c.undoes_scan_id == t.scan_events.c.id)
        .where(t.scan_events.c.outcome == ScanOutcome.ACCEPTED.value, undo.c.id.is_(None))
    )
