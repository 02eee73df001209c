"""The unit of work: one transaction per use case, over the repositories of each area."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from app.adapters.db.repositories.audit import SqlAuditLog
from app.adapters.db.repositories.orders import SqlOrders
from app.adapters.db.repositories.parcels import SqlParcels, SqlTrackingRanges
from app.adapters.db.repositories.people import SqlStations, SqlUsers
from app.adapters.db.repositories.print_jobs import SqlPrintJobs
from app.adapters.db.repositories.products import SqlProducts
from app.adapters.db.repositories.scans import SqlScanEvents
from app.adapters.db.repositories.site_settings import SqlSiteSettings
from app.domain.errors import DatabaseUnavailable

# Errors that mean "the database went away or is locked", as opposed to bugs.
_LOST = (OperationalError, InterfaceError)


def _unavailable(exc: DBAPIError) -> DatabaseUnavailable:
    return DatabaseUnavailable(
        f"The database cannot be reached ({type(exc.orig).__name__}). Nothing was saved; "
        "scan again when it is back."
    )


class SqlUnitOfWork:
    """One transaction: ``BEGIN IMMEDIATE`` on SQLite, read committed with row locks on
    PostgreSQL. Leaving the block without ``commit()`` rolls everything back."""

    def __init__(self, engine: Engine, read_only: bool = False) -> None:
        self.engine = engine
        self.read_only = read_only
        self._conn: Connection | None = None
        self._committed = False

    def __enter__(self) -> Self:
        try:
            conn = self.engine.connect()
            if self.read_only:
                conn = conn.execution_options(read_only=True)
            conn.begin()
        except _LOST as exc:
            raise _unavailable(exc) from exc
        self._conn = conn
        self.users = SqlUsers(conn)
        self.stations = SqlStations(conn)
        self.products = SqlProducts(conn)
        self.orders = SqlOrders(conn)
        self.scans = SqlScanEvents(conn)
        self.parcels = SqlParcels(conn)
        self.tracking = SqlTrackingRanges(conn)
        self.print_jobs = SqlPrintJobs(conn)
        self.site_settings = SqlSiteSettings(conn)
        self.audit = SqlAuditLog(conn)
        return self

    @property
    def connection(self) -> Connection:
        assert self._conn is not None
        return self._conn

    def commit(self) -> None:
        assert self._conn is not None
        try:
            self._conn.commit()
        except _LOST as exc:
            raise _unavailable(exc) from exc
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
        except _LOST:
            pass  # the connection is gone; so is the transaction
        finally:
            self._conn.close()
            self._conn = None
        if isinstance(exc, _LOST):
            raise _unavailable(exc) from exc
