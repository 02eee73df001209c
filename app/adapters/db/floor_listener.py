"""Changes on the floor as PostgreSQL announces them: a trigger (migration 0011) sends a
``NOTIFY packbench_floor`` when a station scans, claims, holds, prints or beats; this listener
waits for them on its own connection and thread and calls back, so the console redraws within
a second of a change instead of at its next poll. A lost connection is reopened with backoff;
SQLite has no such thing (the console polls there)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import psycopg
from sqlalchemy.engine import URL

from app.adapters.db.engine import normalise_url, safe_url

log = logging.getLogger(__name__)
CHANNEL = "packbench_floor"
_WAIT_S = 0.5
_BACKOFF_S = (0.5, 1.0, 2.0, 5.0)


def conninfo(url: URL) -> str:
    """libpq's form of a SQLAlchemy URL (the password stays where libpq finds it)."""
    plain = url.set(drivername="postgresql")
    return plain.render_as_string(hide_password=False)


class PgFloorListener:
    """``start(on_change)`` calls ``on_change`` (on the listener's thread) after each burst of
    notifications; ``stop()`` ends the thread within half a second."""

    def __init__(self, url: str) -> None:
        self._url = normalise_url(url)
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        #: Whether the LISTEN is in place (for tests and the console's status line).
        self.listening = threading.Event()

    def start(self, on_change: Callable[[], None]) -> None:
        self._thread = threading.Thread(
            target=self._run, args=(on_change,), name="floor-listener", daemon=True
        )
        self._thread.start()

    def _run(self, on_change: Callable[[], None]) -> None:
        failures = 0
        while not self._stopping.is_set():
            try:
                with psycopg.connect(conninfo(self._url), autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.listening.set()
                    failures = 0
                    while not self._stopping.is_set():
                        changed = False
                        for _notify in conn.notifies(timeout=_WAIT_S):
                            changed = True
                            break
                        if changed:
                            on_change()
            except psycopg.Error as exc:
                self.listening.clear()
                delay = _BACKOFF_S[min(failures, len(_BACKOFF_S) - 1)]
                failures += 1
                log.warning(
                    "floor listener on %s: %s; again in %.1f s", safe_url(self._url), exc, delay
                )
                self._stopping.wait(delay)
        self.listening.clear()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
