"""The unit of work: one transaction per use case, over the repositories of each area.

Database failures are classified here, at the adapter boundary (qutebrowser's misc/sql.py is
the model): a lost connection, a server shutting down, a lock not granted in time are the
environment and become ``DatabaseUnavailable`` (``OutcomeUnknown`` when the connection went
while committing: the write may be stored). Everything else (a missing table, a value a
column refuses) is a bug and is raised as it is, to be logged with its traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError

from app.adapters.db.repositories.audit import SqlAuditLog
from app.adapters.db.repositories.boxes import SqlBoxes
from app.adapters.db.repositories.exports import SqlShipmentExports
from app.adapters.db.repositories.figures import SqlFigures
from app.adapters.db.repositories.floor import SqlFloor
from app.adapters.db.repositories.handoff_figures import SqlHandoffFigures
from app.adapters.db.repositories.kits import SqlKits
from app.adapters.db.repositories.manifests import SqlManifests
from app.adapters.db.repositories.orders import SqlOrders
from app.adapters.db.repositories.outbox import SqlOutbox
from app.adapters.db.repositories.pack_out import SqlPackOut
from app.adapters.db.repositories.parcels import SqlParcels, SqlTrackingRanges
from app.adapters.db.repositories.people import SqlStations, SqlUsers
from app.adapters.db.repositories.print_jobs import SqlPrintJobs
from app.adapters.db.repositories.products import SqlProducts
from app.adapters.db.repositories.queues import SqlQueues
from app.adapters.db.repositories.returns import SqlReturnLabels
from app.adapters.db.repositories.scans import SqlScanEvents
from app.adapters.db.repositories.site_settings import SqlSiteSettings
from app.adapters.db.repositories.story import SqlStory
from app.adapters.db.repositories.tracking_events import SqlTrackingEvents
from app.domain.errors import DatabaseUnavailable, OutcomeUnknown
from app.domain.message import Message

# SQLSTATE classes and codes that mean "the database is away or busy", not "a bug".
_UNAVAILABLE_CLASSES = ("08",)  # connection exception
_UNAVAILABLE_CODES = frozenset(
    {
        "57P01",  # admin_shutdown
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now
        "57014",  # query_canceled (statement timeout)
        "55P03",  # lock_not_available
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "53300",  # too_many_connections
        "53100",  # disk_full
    }
)
# SQLite reports no SQLSTATE: its messages for a busy, locked or missing file.
_SQLITE_UNAVAILABLE = (
    "database is locked",
    "database table is locked",
    "unable to open database file",
    "disk i/o error",
    "database or disk is full",
    "attempt to write a readonly database",
)


def is_unavailable(exc: BaseException) -> bool:
    """True when ``exc`` says the database is away, shutting down or busy (the environment),
    False for everything else (a bug)."""
    if not isinstance(exc, DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(_UNAVAILABLE_CLASSES) or sqlstate in _UNAVAILABLE_CODES
    module = type(orig).__module__
    if module.startswith("psycopg"):
        # No SQLSTATE: the client lost the server (closed connection, failed socket).
        return type(orig).__name__ in ("OperationalError", "InterfaceError")
    message = str(orig).lower()
    return any(text in message for text in _SQLITE_UNAVAILABLE)


def _unavailable(exc: DBAPIError) -> DatabaseUnavailable:
    # The driver's words (``exc``, chained by the caller) are for the log, not for the packer.
    return DatabaseUnavailable(
        Message("The database cannot be reached. Nothing was saved; scan again when it is back.")
    )


class SqlUnitOfWork:
    """One transaction: ``BEGIN IMMEDIATE`` on SQLite, read committed with row locks on
    PostgreSQL; a ``read_only`` one takes no write lock (``BEGIN DEFERRED`` on SQLite,
    ``READ ONLY`` on PostgreSQL). Leaving the block without ``commit()`` rolls back."""

    def __init__(self, engine: Engine, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only
        self._conn: Connection | None = None
        self._committed = False

    @classmethod
    def factory(cls, engine: Engine) -> Callable[..., SqlUnitOfWork]:
        """What the services are given: ``factory(read_only=...)`` opens a unit of work."""

        def open_unit_of_work(*, read_only: bool = False) -> SqlUnitOfWork:
            return cls(engine, read_only=read_only)

        return open_unit_of_work

    def __enter__(self) -> Self:
        try:
            conn = self.engine.connect()
            if self.read_only:
                conn = conn.execution_options(read_only=True)
                if conn.dialect.name == "postgresql":
                    conn = conn.execution_options(postgresql_readonly=True)
            conn.begin()
        except DBAPIError as exc:
            if is_unavailable(exc):
                raise _unavailable(exc) from exc
            raise
        self._conn = conn
        self.users = SqlUsers(conn)
        self.stations = SqlStations(conn)
        self.products = SqlProducts(conn)
        self.audit = SqlAuditLog(conn, deferred=conn.dialect.name == "postgresql")
        self.orders = SqlOrders(conn, self.audit)
        self.scans = SqlScanEvents(conn)
        self.parcels = SqlParcels(conn)
        self.tracking = SqlTrackingRanges(conn)
        self.print_jobs = SqlPrintJobs(conn)
        self.site_settings = SqlSiteSettings(conn)
        self.floor = SqlFloor(conn)
        self.story = SqlStory(conn)
        self.queues = SqlQueues(conn)
        self.figures = SqlFigures(conn)
        self.exports = SqlShipmentExports(conn)
        self.manifests = SqlManifests(conn)
        self.tracking_events = SqlTrackingEvents(conn)
        self.handoff_figures = SqlHandoffFigures(conn)
        self.kits = SqlKits(conn)
        self.pack_out = SqlPackOut(conn)
        self.outbox = SqlOutbox(conn)
        self.returns = SqlReturnLabels(conn)
        self.boxes = SqlBoxes(conn)
        return self

    @property
    def connection(self) -> Connection:
        assert self._conn is not None
        return self._conn

    def commit(self) -> None:
        assert self._conn is not None
        self.audit.flush()  # audit entries still waiting go out inside the transaction
        try:
            self._conn.commit()
        except DBAPIError as exc:
            if is_unavailable(exc):
                # The commit may have reached the server before the connection went.
                raise OutcomeUnknown(
                    "The connection to the database was lost while saving; checking whether "
                    "it was saved."
                ) from exc
            raise
        self._committed = True

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._conn is None:
            return
        try:
            if not self._committed:
                self._conn.rollback()
        except DBAPIError:
            pass  # the connection is gone or broken; so is the transaction
        finally:
            self._conn.close()
            self._conn = None
        if exc is not None and is_unavailable(exc):
            assert isinstance(exc, DBAPIError)
            raise _unavailable(exc) from exc
