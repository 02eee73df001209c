"""The unit of work and repositories over SQLAlchemy Core: one transaction per use case."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Row,
    Select,
    and_,
    case,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from app.adapters.db import tables as t
from app.domain.errors import DatabaseUnavailable
from app.domain.labels import PackingSlipLine
from app.domain.model import Order, OrderLine, OrderStatus, Role, ScanOutcome
from app.services.ports import (
    NewScanEvent,
    OrderHeader,
    ParcelRecord,
    PrintJobRecord,
    ProductCode,
    ScanEventRecord,
    StationRecord,
    UserRecord,
)


class _Repo:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn


class SqlUsers(_Repo):
    def by_badge_hash(self, badge_hash: str) -> UserRecord | None:
        row = self.conn.execute(select(t.users).where(t.users.c.badge_hash == badge_hash)).first()
        if row is None:
            return None
        return UserRecord(row.id, row.name, Role(row.role), bool(row.active), row.pin_hash)


class SqlStations(_Repo):
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


def _product(row: Row[Any], units: int) -> ProductCode:
    return ProductCode(
        row.id, row.sku, row.name, units, bool(row.requires_serial), bool(row.requires_lot)
    )


class SqlProducts(_Repo):
    def by_code(self, code: str) -> ProductCode | None:
        row = self.conn.execute(
            select(t.products, t.product_barcodes.c.units)
            .join(t.product_barcodes, t.product_barcodes.c.product_id == t.products.c.id)
            .where(t.product_barcodes.c.code == code)
        ).first()
        return None if row is None else _product(row, row.units)

    def by_id(self, product_id: int) -> ProductCode | None:
        row = self.conn.execute(select(t.products).where(t.products.c.id == product_id)).first()
        return None if row is None else _product(row, 1)


def _header(row: Row[Any]) -> OrderHeader:
    return OrderHeader(
        id=row.id,
        reference=row.reference,
        slip_code=row.slip_code,
        status=OrderStatus(row.status),
        priority=row.priority,
        carrier=row.carrier,
        service=row.service,
        ship_by=row.ship_by,
        claimed_by_station_id=row.claimed_by_station_id,
        hold_reason=row.hold_reason,
    )


def _standing_scans(*columns: Any) -> Select[Any]:
    """Accepted scan events that no undo took back: the units really in the parcel."""
    undo = t.scan_events.alias("undo")
    return (
        select(*columns)
        .outerjoin(undo, undo.c.undoes_scan_id == t.scan_events.c.id)
        .where(t.scan_events.c.outcome == ScanOutcome.ACCEPTED.value, undo.c.id.is_(None))
    )


class SqlOrders(_Repo):
    def __init__(self, conn: Connection) -> None:
        super().__init__(conn)
        self.is_postgres = conn.dialect.name == "postgresql"

    def header_by_slip(self, slip_code: str) -> OrderHeader | None:
        row = self.conn.execute(select(t.orders).where(t.orders.c.slip_code == slip_code)).first()
        return None if row is None else _header(row)

    def header_by_tote(self, tote_code: str) -> OrderHeader | None:
        row = self.conn.execute(
            select(t.orders)
            .join(t.totes, t.totes.c.order_id == t.orders.c.id)
            .where(t.totes.c.code == tote_code)
        ).first()
        return None if row is None else _header(row)

    def tote_exists(self, tote_code: str) -> bool:
        return (
            self.conn.execute(select(t.totes.c.id).where(t.totes.c.code == tote_code)).first()
            is not None
        )

    def header(self, order_id: int) -> OrderHeader | None:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).first()
        return None if row is None else _header(row)

    def get(self, order_id: int) -> Order | None:
        query = select(t.orders).where(t.orders.c.id == order_id)
        if self.is_postgres:
            # Scans of one order are serialised on its row; only its station writes to it.
            query = query.with_for_update()
        row = self.conn.execute(query).first()
        if row is None:
            return None
        lines = self.conn.execute(
            select(
                t.order_lines.c.id,
                t.order_lines.c.line_no,
                t.order_lines.c.product_id,
                t.order_lines.c.quantity,
                t.order_lines.c.verified_qty,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
            .order_by(t.order_lines.c.line_no)
        ).all()
        return Order(
            id=row.id,
            reference=row.reference,
            status=OrderStatus(row.status),
            lines=[
                OrderLine(
                    id=line.id,
                    line_no=line.line_no,
                    product_id=line.product_id,
                    sku=line.sku,
                    name=line.name,
                    quantity=line.quantity,
                    verified=line.verified_qty,
                )
                for line in lines
            ],
            claimed_by_station_id=row.claimed_by_station_id,
            hold_reason=row.hold_reason,
        )

    def claim(self, order_id: int, station_id: int, user_id: int, at: datetime) -> bool:
        # A guarded update: exactly one station can move an order from ready to packing.
        result = self.conn.execute(
            update(t.orders)
            .where(and_(t.orders.c.id == order_id, t.orders.c.status == OrderStatus.READY.value))
            .values(
                status=OrderStatus.PACKING.value,
                claimed_by_station_id=station_id,
                claimed_by_user_id=user_id,
                claimed_at=at,
                updated_at=at,
            )
        )
        return result.rowcount == 1

    def claim_next(self, station_id: int, user_id: int, at: datetime) -> int | None:
        query = (
            select(t.orders.c.id)
            .where(t.orders.c.status == OrderStatus.READY.value)
            .order_by(
                t.orders.c.priority.desc(),
                t.orders.c.ship_by.asc().nulls_last(),
                t.orders.c.created_at.asc(),
                t.orders.c.id.asc(),
            )
            .limit(1)
        )
        if self.is_postgres:
            # Other stations' candidate rows are skipped, not waited for.
            order_id: int | None = self.conn.execute(
                query.with_for_update(skip_locked=True)
            ).scalar()
            if order_id is None:
                return None
            return order_id if self.claim(order_id, station_id, user_id, at) else None
        # SQLite: SKIP LOCKED does not exist (SQLAlchemy drops it silently). The write
        # transaction is BEGIN IMMEDIATE, so no other station writes between select and update;
        # the guarded update double-checks.
        for _ in range(3):
            order_id = self.conn.execute(query).scalar()
            order_id = int(order_id) if order_id is not None else None
            if order_id is None:
                return None
            if self.claim(order_id, station_id, user_id, at):
                return order_id
        return None

    def held_by(self, station_id: int) -> int | None:
        held: int | None = self.conn.execute(
            select(t.orders.c.id)
            .where(
                and_(
                    t.orders.c.claimed_by_station_id == station_id,
                    t.orders.c.status == OrderStatus.PACKING.value,
                )
            )
            .order_by(t.orders.c.claimed_at.desc())
            .limit(1)
        ).scalar()
        return held

    def add_verified(self, line_id: int, units: int) -> None:
        self.conn.execute(
            update(t.order_lines)
            .where(t.order_lines.c.id == line_id)
            .values(verified_qty=t.order_lines.c.verified_qty + units)
        )

    def set_status(
        self, order_id: int, status: OrderStatus, at: datetime, hold_reason: str | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status.value, "updated_at": at}
        if status is OrderStatus.ON_HOLD:
            values["hold_reason"] = hold_reason
        if status is not OrderStatus.PACKING:
            values["claimed_by_station_id"] = None
        self.conn.execute(update(t.orders).where(t.orders.c.id == order_id).values(**values))

    def release(self, order_id: int, at: datetime) -> None:
        self.conn.execute(
            update(t.orders)
            .where(t.orders.c.id == order_id)
            .values(
                status=OrderStatus.READY.value,
                claimed_by_station_id=None,
                claimed_by_user_id=None,
                claimed_at=None,
                updated_at=at,
            )
        )

    def packed_lines(self, order_id: int) -> Sequence[PackingSlipLine]:
        lines = self.conn.execute(
            select(
                t.order_lines.c.id,
                t.order_lines.c.quantity,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
            .order_by(t.order_lines.c.line_no)
        ).all()
        captured = self.conn.execute(
            _standing_scans(t.scan_events.c.line_id, t.scan_events.c.lot, t.scan_events.c.serial)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id)
        ).all()
        lots: dict[int, list[str]] = {}
        serials: dict[int, list[str]] = {}
        for row in captured:
            if row.lot and row.lot not in lots.setdefault(row.line_id, []):
                lots[row.line_id].append(row.lot)
            if row.serial:
                serials.setdefault(row.line_id, []).append(row.serial)
        return [
            PackingSlipLine(
                line.sku,
                line.name,
                line.quantity,
                tuple(lots.get(line.id, ())),
                tuple(serials.get(line.id, ())),
            )
            for line in lines
        ]

    def upstream_tracking(self, order_id: int) -> str | None:
        value: str | None = self.conn.execute(
            select(t.orders.c.upstream_tracking).where(t.orders.c.id == order_id)
        ).scalar()
        return value

    def label_data(self, order_id: int) -> dict[str, Any]:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        return dict(row._mapping)


def _scan(row: Row[Any]) -> ScanEventRecord:
    return ScanEventRecord(
        id=row.id,
        scan_uid=row.scan_uid,
        order_id=row.order_id,
        line_id=row.line_id,
        outcome=ScanOutcome(row.outcome),
        units=row.units,
        message=row.message,
        undoes_scan_id=row.undoes_scan_id,
        product_id=row.product_id,
        lot=row.lot,
        expiry=row.expiry,
        serial=row.serial,
    )


class SqlScanEvents(_Repo):
    def by_uid(self, scan_uid: str) -> ScanEventRecord | None:
        row = self.conn.execute(
            select(t.scan_events).where(t.scan_events.c.scan_uid == scan_uid)
        ).first()
        return None if row is None else _scan(row)

    def add(self, event: NewScanEvent) -> ScanEventRecord:
        values = {
            "scan_uid": event.scan_uid,
            "station_id": event.station_id,
            "user_id": event.user_id,
            "order_id": event.order_id,
            "line_id": event.line_id,
            "raw_code": event.raw_code[:600],
            "outcome": event.outcome.value,
            "units": event.units,
            "message": event.message[:300],
            "undoes_scan_id": event.undoes_scan_id,
            "at": event.at,
            "product_id": event.product_id,
            "symbology": event.symbology,
            "lot": event.lot,
            "expiry": event.expiry,
            "serial": event.serial,
        }
        new_id = self.conn.execute(insert(t.scan_events).values(**values)).inserted_primary_key
        assert new_id is not None
        return ScanEventRecord(
            id=new_id[0],
            scan_uid=event.scan_uid,
            order_id=event.order_id,
            line_id=event.line_id,
            outcome=event.outcome,
            units=event.units,
            message=event.message,
            undoes_scan_id=event.undoes_scan_id,
            product_id=event.product_id,
            lot=event.lot,
            expiry=event.expiry,
            serial=event.serial,
        )

    def last_for_order(self, order_id: int) -> ScanEventRecord | None:
        row = self.conn.execute(
            select(t.scan_events)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _scan(row)

    def serial_packed(self, product_id: int, serial: str) -> bool:
        row = self.conn.execute(
            _standing_scans(t.scan_events.c.id)
            .where(t.scan_events.c.product_id == product_id, t.scan_events.c.serial == serial)
            .limit(1)
        ).first()
        return row is not None

    def last_undoable(self, order_id: int) -> ScanEventRecord | None:
        row = self.conn.execute(
            _standing_scans(t.scan_events)
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id.desc())
            .limit(1)
        ).first()
        return None if row is None else _scan(row)


def _parcel(r: Row[Any]) -> ParcelRecord:
    return ParcelRecord(r.id, r.order_id, r.seq, r.tracking_number, r.carrier, r.sscc)


class SqlParcels(_Repo):
    def by_tracking(self, tracking_number: str) -> ParcelRecord | None:
        r = self.conn.execute(
            select(t.parcels).where(t.parcels.c.tracking_number == tracking_number)
        ).first()
        return None if r is None else _parcel(r)

    def get(self, parcel_id: int) -> ParcelRecord | None:
        r = self.conn.execute(select(t.parcels).where(t.parcels.c.id == parcel_id)).first()
        return (
            None
            if r is None
            else ParcelRecord(r.id, r.order_id, r.seq, r.tracking_number, r.carrier)
        )

    def for_order(self, order_id: int) -> Sequence[ParcelRecord]:
        rows = self.conn.execute(
            select(t.parcels).where(t.parcels.c.order_id == order_id).order_by(t.parcels.c.seq)
        ).all()
        return [_parcel(r) for r in rows]

    def add(
        self,
        order_id: int,
        seq: int,
        tracking_number: str,
        carrier: str,
        at: datetime,
        sscc: str | None = None,
    ) -> ParcelRecord:
        new_id = self.conn.execute(
            insert(t.parcels).values(
                order_id=order_id,
                seq=seq,
                tracking_number=tracking_number,
                carrier=carrier,
                created_at=at,
                sscc=sscc,
            )
        ).inserted_primary_key
        assert new_id is not None
        return ParcelRecord(new_id[0], order_id, seq, tracking_number, carrier, sscc)


class SqlTrackingRanges(_Repo):
    def has_sscc_range(self) -> bool:
        return (
            self.conn.execute(
                select(t.tracking_ranges.c.id).where(t.tracking_ranges.c.scheme == "sscc")
            ).first()
            is not None
        )

    def _take_next(self, *where: ColumnElement[bool]) -> Row[Any] | None:
        """Take the next serial number of the range ``where`` picks, or None when it is used
        up. One atomic statement: the row lock (PostgreSQL) or the write lock (SQLite) makes
        the increment exclusive, so no two stations can ever get the same number. The row's
        ``next_serial`` is then one past the number taken."""
        return self.conn.execute(
            update(t.tracking_ranges)
            .where(and_(*where, t.tracking_ranges.c.next_serial <= t.tracking_ranges.c.last_serial))
            .values(next_serial=t.tracking_ranges.c.next_serial + 1)
            .returning(t.tracking_ranges)
        ).first()

    def allocate_sscc(self) -> tuple[int, str, int] | None:
        row = self._take_next(t.tracking_ranges.c.scheme == "sscc")
        if row is None:
            return None
        return row.extension_digit, row.company_prefix, row.next_serial - 1

    def allocate(self, carrier: str) -> tuple[str, int, str] | None:
        row = self._take_next(
            t.tracking_ranges.c.carrier == carrier, t.tracking_ranges.c.scheme == "s10"
        )
        if row is None:
            return None
        return row.service_indicator, row.next_serial - 1, row.country


def _job(row: Row[Any]) -> PrintJobRecord:
    return PrintJobRecord(
        row.id,
        row.job_uid,
        row.parcel_id,
        row.state,
        row.attempts,
        row.error,
        kind=row.kind,
        printer=row.printer,
        reason=row.reason,
        next_attempt_at=row.next_attempt_at,
    )


class SqlPrintJobs(_Repo):
    def add(
        self,
        job_uid: str,
        parcel_id: int,
        kind: str,
        printer: str,
        at: datetime,
        station_id: int | None = None,
        reason: str | None = None,
    ) -> PrintJobRecord:
        new_id = self.conn.execute(
            insert(t.print_jobs).values(
                job_uid=job_uid,
                parcel_id=parcel_id,
                kind=kind,
                printer=printer,
                state="queued",
                created_at=at,
                updated_at=at,
                station_id=station_id,
                reason=reason,
            )
        ).inserted_primary_key
        assert new_id is not None
        return PrintJobRecord(
            new_id[0], job_uid, parcel_id, "queued", 0, None, kind, printer, reason, None
        )

    def waiting(self, printer: str) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs)
            .where(
                and_(
                    t.print_jobs.c.printer == printer,
                    t.print_jobs.c.state.in_(("queued", "failed")),
                )
            )
            .order_by(t.print_jobs.c.id)
        ).all()
        return [_job(r) for r in rows]

    def stuck_sending(self, printer: str) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs).where(
                and_(t.print_jobs.c.printer == printer, t.print_jobs.c.state == "sending")
            )
        ).all()
        return [_job(r) for r in rows]

    def printers(self) -> Sequence[tuple[str, int]]:
        waiting = func.sum(case((t.print_jobs.c.state.in_(("queued", "failed")), 1), else_=0))
        rows = self.conn.execute(
            select(t.print_jobs.c.printer, waiting)
            .group_by(t.print_jobs.c.printer)
            .order_by(t.print_jobs.c.printer)
        ).all()
        return [(row[0], int(row[1] or 0)) for row in rows]

    def move(self, from_printer: str, to_printer: str, at: datetime) -> int:
        result = self.conn.execute(
            update(t.print_jobs)
            .where(
                and_(
                    t.print_jobs.c.printer == from_printer,
                    t.print_jobs.c.state.in_(("queued", "failed")),
                )
            )
            .values(printer=to_printer, updated_at=at, next_attempt_at=None)
        )
        return int(result.rowcount)

    def for_parcel(self, parcel_id: int) -> Sequence[PrintJobRecord]:
        rows = self.conn.execute(
            select(t.print_jobs)
            .where(t.print_jobs.c.parcel_id == parcel_id)
            .order_by(t.print_jobs.c.id)
        ).all()
        return [_job(r) for r in rows]

    def get(self, job_id: int) -> PrintJobRecord | None:
        row = self.conn.execute(select(t.print_jobs).where(t.print_jobs.c.id == job_id)).first()
        return None if row is None else _job(row)

    def mark(
        self,
        job_id: int,
        state: str,
        at: datetime,
        error: str | None = None,
        next_attempt_at: datetime | None = None,
        attempted: bool = False,
    ) -> None:
        values: dict[str, Any] = {
            "state": state,
            "updated_at": at,
            "error": error,
            "next_attempt_at": next_attempt_at,
        }
        if attempted:
            values["attempts"] = t.print_jobs.c.attempts + 1
        self.conn.execute(update(t.print_jobs).where(t.print_jobs.c.id == job_id).values(**values))


class SqlAuditLog(_Repo):
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
            insert(t.audit_log).values(
                at=at,
                user_id=user_id,
                station_id=station_id,
                action=action,
                entity=entity,
                entity_id=entity_id,
                detail=detail,
            )
        )

    def count(self, action: str | None = None) -> int:
        query = select(func.count()).select_from(t.audit_log)
        if action:
            query = query.where(t.audit_log.c.action == action)
        return int(self.conn.execute(query).scalar_one())


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
