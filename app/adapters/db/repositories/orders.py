"""Orders and their lines: loading the write model, claiming, saving what a use case changed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    exists,
    func,
    insert,
    literal,
    literal_column,
    select,
    text,
    update,
)

from app.adapters.db import tables as t
from app.adapters.db.driver import DriverStatement, execute
from app.adapters.db.repositories.audit import SqlAuditLog, record_claim
from app.adapters.db.repositories.base import standing_scans
from app.adapters.db.repositories.kit_slip import kit_parts
from app.adapters.db.repositories.line_progress import with_progress
from app.adapters.db.repositories.order_intake import OrderIntake
from app.adapters.db.repositories.order_rows import (
    LINE_COLUMNS,
    ORDER_COLUMNS,
    header_of,
    kit_products,
    lines_of,
    order_of,
    order_with_lines,
)
from app.domain.labels import PackingSlipLine
from app.domain.model import Order, OrderChanges, OrderStatus
from app.services.ports import OrderHeader, OrderLookup

_IS_READY = t.orders.c.status == literal_column(f"'{OrderStatus.READY.value}'")
_PACKING: ColumnClause[str] = literal_column(f"'{OrderStatus.PACKING.value}'")

# The statements that run per scan and per claim are built once: building and keying a
# statement of this size costs more Python time than the database takes to run it.
_busy = t.orders.alias("busy")
_GET = order_with_lines(t.orders.c.id == bindparam("order_id"))
_GET_FOR_UPDATE = _GET.with_for_update(of=t.orders)
_STATION_CLAIM = (
    select(_busy.c.reference)
    .where(
        _busy.c.claimed_by_station_id == bindparam("station_id"),
        _busy.c.status == OrderStatus.PACKING.value,
        _busy.c.id != t.orders.c.id,
    )
    .limit(1)
    .scalar_subquery()
    .label("station_claim")
)
_BY_SLIP = order_with_lines(t.orders.c.slip_code == bindparam("code"), extra=[_STATION_CLAIM])
_BY_TOTE = order_with_lines(
    t.orders.c.id
    == select(t.totes.c.order_id).where(t.totes.c.code == bindparam("code")).scalar_subquery(),
    extra=[_STATION_CLAIM],
)


def _first_ready(*where: ColumnElement[bool]) -> Any:
    return (
        select(t.orders.c.id)
        .where(_IS_READY, *where)
        .order_by(*t.QUEUE_ORDER)
        .limit(literal_column("1"))  # a parameter here, too, would make every claim a new plan
        # Other stations' candidate rows are skipped, not waited for (PostgreSQL; SQLite has
        # no SKIP LOCKED, but its write transaction is BEGIN IMMEDIATE: one writer at a time).
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )


def _sqlite_first_ready(index: str, where: str) -> Any:
    """SQLite's planner, without statistics, would rather read ix_orders_status and sort every
    ready order (20 ms a claim with 20,000 ready): the index is named (SQLAlchemy renders no
    hint for SQLite). The order is tables.QUEUE_ORDER's."""
    return (
        text(
            f"SELECT id FROM orders INDEXED BY {index} WHERE status = 'ready' AND {where} "
            "ORDER BY priority DESC, cut_off IS NULL, cut_off, created_at, id LIMIT 1"
        )
        .columns(t.orders.c.id)
        .scalar_subquery()
    )


def _claim_next(first_ready: Any) -> Any:
    return (
        update(t.orders)
        .where(
            t.orders.c.id == first_ready,
            _IS_READY,
            ~exists().where(
                _busy.c.claimed_by_station_id == bindparam("station_id"),
                _busy.c.status == _PACKING,
            ),
        )
        .values(
            status=OrderStatus.PACKING.value,
            claimed_by_station_id=bindparam("station_id"),
            claimed_by_user_id=bindparam("user_id"),
            claimed_at=bindparam("at"),
            assigned_station_id=None,
            updated_at=bindparam("at"),
        )
        .returning(*ORDER_COLUMNS)
    )


# The order a supervisor assigned to this station first (ix_orders_assigned_ready, empty most
# of the day), else the queue's first order assigned to no station (ix_orders_ready_queue).
# COALESCE evaluates its second argument only when the first is NULL, so the queue's row is
# neither read nor locked when an assigned order is there. Claiming ends the assignment.
_FIRST_READY = func.coalesce(
    _first_ready(t.orders.c.assigned_station_id == bindparam("station_id")),
    _first_ready(t.orders.c.assigned_station_id.is_(None)),
)
_CLAIM_NEXT = _claim_next(_FIRST_READY)
_SQLITE_FIRST_READY = func.coalesce(
    _sqlite_first_ready("ix_orders_assigned_ready", "assigned_station_id = :station_id"),
    _sqlite_first_ready("ix_orders_ready_queue", "assigned_station_id IS NULL"),
)
_SQLITE_CLAIM_NEXT = _claim_next(_SQLITE_FIRST_READY)
# PostgreSQL: the whole claim in one statement. The UPDATE above picks and claims the order,
# the audit row is inserted from what it returned, and the claimed order comes back with its
# lines: one round trip between BEGIN and COMMIT instead of three.
_claimed = _CLAIM_NEXT.cte("claimed")
_claim_audit = (
    insert(t.audit_log)
    .from_select(
        ["at", "user_id", "station_id", "action", "entity", "entity_id", "detail"],
        select(
            bindparam("at", type_=t.audit_log.c.at.type),
            bindparam("user_id", type_=t.audit_log.c.user_id.type),
            bindparam("station_id", type_=t.audit_log.c.station_id.type),
            literal("claim", t.audit_log.c.action.type),
            literal("order", t.audit_log.c.entity.type),
            _claimed.c.id,
            bindparam("detail", type_=t.audit_log.c.detail.type),
        ).select_from(_claimed),
    )
    .cte("claim_audit")
)
_CLAIM_NEXT_IN_ONE: Select[Any] = (
    select(_claimed, *LINE_COLUMNS)
    .select_from(_claimed)
    .outerjoin(t.order_lines, t.order_lines.c.order_id == _claimed.c.id)
    .outerjoin(t.products, t.products.c.id == t.order_lines.c.product_id)
    .order_by(t.order_lines.c.line_no)
    .add_cte(_claim_audit)
)
_LINES = (
    select(*LINE_COLUMNS)
    .join(t.products, t.products.c.id == t.order_lines.c.product_id)
    .where(t.order_lines.c.order_id == bindparam("order_id"))
    .order_by(t.order_lines.c.line_no)
)

_ADD_UNITS = (
    update(t.order_lines)
    .where(t.order_lines.c.id == bindparam("line"))
    .values(verified_qty=t.order_lines.c.verified_qty + bindparam("units"))
)
_SAVE_ROW = (
    update(t.orders)
    .where(t.orders.c.id == bindparam("order"))
    .values(
        status=bindparam("new_status"),
        claimed_by_station_id=bindparam("station"),
        hold_reason=bindparam("reason"),
        pending_product_id=bindparam("product"),
        pending_lot=bindparam("lot"),
        pending_expiry=bindparam("expiry"),
        pending_serial=bindparam("serial"),
        updated_at=bindparam("at"),
    )
)

# PostgreSQL: the row update and the audit entry waiting for it (``SqlAuditLog``) in one
# statement; the audit's parameters are prefixed ``audit_``.
_SAVE_ROW_AND_AUDIT = (
    insert(t.audit_log)
    .values(
        at=bindparam("audit_at"),
        user_id=bindparam("audit_user_id"),
        station_id=bindparam("audit_station_id"),
        action=bindparam("audit_action"),
        entity=bindparam("audit_entity"),
        entity_id=bindparam("audit_entity_id"),
        detail=bindparam("audit_detail"),
    )
    .add_cte(_SAVE_ROW.cte("saved"))
)

# PostgreSQL runs these on the driver connection (driver.py): they run per claim and hold.
_PG_CLAIM_NEXT = DriverStatement.compile(_CLAIM_NEXT_IN_ONE)
_PG_GET_FOR_UPDATE = DriverStatement.compile(_GET_FOR_UPDATE)
_PG_SAVE_ROW = DriverStatement.compile(_SAVE_ROW)
_PG_SAVE_ROW_AND_AUDIT = DriverStatement.compile(_SAVE_ROW_AND_AUDIT)


class SqlOrders(OrderIntake):
    def __init__(self, conn: Connection, audit: SqlAuditLog | None = None) -> None:
        super().__init__(conn)
        self.is_postgres = conn.dialect.name == "postgresql"
        self._audit = audit  # its deferred entries may ride along with a row update

    def get(self, order_id: int) -> Order | None:
        # Scans of one order are serialised on its row (PostgreSQL); only its station writes.
        locking = self.is_postgres and not self.conn.get_execution_options().get("read_only")
        rows: Sequence[Any]
        if locking:
            rows = execute(self.conn, _PG_GET_FOR_UPDATE, {"order_id": order_id})
        else:
            rows = self.conn.execute(_GET, {"order_id": order_id}).all()
        if not rows:
            return None
        return with_progress(
            self.conn, order_of(rows[0], lines_of(rows), rows[0].claimer_name), kit_products(rows)
        )

    def by_slip(self, slip_code: str, station_id: int) -> OrderLookup:
        rows = self.conn.execute(_BY_SLIP, {"code": slip_code, "station_id": station_id}).all()
        if not rows:
            return OrderLookup(None)
        order = order_of(rows[0], lines_of(rows), rows[0].claimer_name)
        return OrderLookup(
            with_progress(self.conn, order, kit_products(rows)), rows[0].station_claim
        )

    def by_tote(self, tote_code: str, station_id: int) -> OrderLookup:
        rows = self.conn.execute(_BY_TOTE, {"code": tote_code, "station_id": station_id}).all()
        if not rows:
            known = self.conn.execute(
                select(t.totes.c.id).where(t.totes.c.code == tote_code)
            ).first()
            return OrderLookup(None, tote_known=known is not None)
        order = order_of(rows[0], lines_of(rows), rows[0].claimer_name)
        return OrderLookup(
            with_progress(self.conn, order, kit_products(rows)), rows[0].station_claim
        )

    def claim(self, order: Order, user_id: int, at: datetime) -> bool:
        # A guarded update: exactly one station can move an order from ready to packing.
        result = self.conn.execute(
            update(t.orders)
            .where(and_(t.orders.c.id == order.id, t.orders.c.status == OrderStatus.READY.value))
            .values(
                status=OrderStatus.PACKING.value,
                claimed_by_station_id=order.claimed_by,
                claimed_by_user_id=user_id,
                claimed_at=at,
                assigned_station_id=None,
                updated_at=at,
            )
        )
        order.changes = OrderChanges()
        return result.rowcount == 1

    def claim_next(self, station_id: int, user_id: int, at: datetime, detail: str) -> Order | None:
        params = {"station_id": station_id, "user_id": user_id, "at": at}
        if self.is_postgres:
            # One statement, the use case's only write: it needs no transaction around it.
            rows = execute(self.conn, _PG_CLAIM_NEXT, {**params, "detail": detail}, autocommit=True)
            if not rows:
                return None
            return with_progress(
                self.conn, order_of(rows[0], lines_of(rows), None), kit_products(rows)
            )
        row = self.conn.execute(_SQLITE_CLAIM_NEXT, params).first()
        if row is None:
            return None
        lines = self.conn.execute(_LINES, {"order_id": row.id}).all()
        record_claim(self.conn, at, user_id, station_id, row.id, detail)
        return with_progress(self.conn, order_of(row, lines_of(lines), None), kit_products(lines))

    def claimed_by(self, station_id: int) -> int | None:
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

    def save(self, order: Order, at: datetime) -> None:
        changes = order.changes
        for line_id, units in changes.line_units.items():
            if units:
                self.conn.execute(_ADD_UNITS, {"line": line_id, "units": units})
        if changes.row:
            pending = order.pending
            entry = self._audit.take_one() if self._audit and self._audit.deferred else None
            params = {
                "order": order.id,
                "new_status": order.status.value,
                "station": order.claimed_by,
                "reason": order.hold_reason,
                "product": pending.product_id if pending else None,
                "lot": pending.lot if pending else None,
                "expiry": pending.expiry if pending else None,
                "serial": pending.serial if pending else None,
                "at": at,
            }
            if entry is not None:
                params.update((f"audit_{key}", value) for key, value in entry.items())
            if self.is_postgres:
                statement = _PG_SAVE_ROW if entry is None else _PG_SAVE_ROW_AND_AUDIT
                execute(self.conn, statement, params)
            elif entry is None:
                self.conn.execute(_SAVE_ROW, params)
            else:
                self.conn.execute(_SAVE_ROW_AND_AUDIT, params)
        order.changes = OrderChanges()

    def header(self, order_id: int) -> OrderHeader | None:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).first()
        return None if row is None else header_of(row)

    def set_status(
        self, order_id: int, status: OrderStatus, at: datetime, hold_reason: str | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status.value, "updated_at": at}
        if status is OrderStatus.ON_HOLD:
            values["hold_reason"] = hold_reason
        if status is not OrderStatus.PACKING:
            values["claimed_by_station_id"] = None
        self.conn.execute(update(t.orders).where(t.orders.c.id == order_id).values(**values))

    def packed_lines(self, order_id: int) -> Sequence[PackingSlipLine]:
        lines = self.conn.execute(
            select(
                t.order_lines.c.id,
                t.order_lines.c.product_id,
                t.order_lines.c.quantity,
                t.order_lines.c.shorted,
                t.order_lines.c.short_reason,
                t.products.c.sku,
                t.products.c.name,
            )
            .join(t.products, t.products.c.id == t.order_lines.c.product_id)
            .where(t.order_lines.c.order_id == order_id)
            .order_by(t.order_lines.c.line_no)
        ).all()
        captured = self.conn.execute(
            standing_scans(
                t.scan_events.c.line_id,
                t.scan_events.c.lot,
                t.scan_events.c.serial,
                t.scan_events.c.product_id,
            )
            .where(t.scan_events.c.order_id == order_id)
            .order_by(t.scan_events.c.id)
        ).all()
        parts, _kits = kit_parts(self.conn, order_id)
        lots: dict[int, list[str]] = {}
        serials: dict[int, list[str]] = {}
        line_product = {line.id: line.product_id for line in lines}
        for row in captured:
            if row.product_id != line_product.get(row.line_id):  # a kit's component
                continue
            if row.lot and row.lot not in lots.setdefault(row.line_id, []):
                lots[row.line_id].append(row.lot)
            if row.serial:
                serials.setdefault(row.line_id, []).append(row.serial)
        return [
            slip_line
            for line in lines
            for slip_line in (
                PackingSlipLine(
                    line.sku,
                    line.name,
                    line.quantity,
                    tuple(lots.get(line.id, ())),
                    tuple(serials.get(line.id, ())),
                    shorted=line.shorted,
                    short_reason=line.short_reason or "",
                ),
                *parts.get(line.id, ()),
            )
        ]

    def upstream_tracking(self, order_id: int) -> str | None:
        value: str | None = self.conn.execute(
            select(t.orders.c.upstream_tracking).where(t.orders.c.id == order_id)
        ).scalar()
        return value

    def label_data(self, order_id: int) -> dict[str, Any]:
        row = self.conn.execute(select(t.orders).where(t.orders.c.id == order_id)).one()
        return dict(row._mapping)
