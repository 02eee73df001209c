"""The real clock: timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class MovedClock:
    """A clock set to a chosen moment (``set``) that moves on by ``step`` at every reading, so
    the records one use case writes are ordered. Builds history that looks as if it happened
    then (the demo's week of packing); never a station's clock."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        if start.tzinfo is None:
            raise ValueError("a MovedClock needs a timezone-aware start")
        self.current = start
        self._step = step

    def set(self, moment: datetime) -> None:
        """Move to ``moment``; a clock is never moved back (history stays in order)."""
        self.current = max(self.current, moment)

    def now(self) -> datetime:
        self.current += self._step
        return self.current
