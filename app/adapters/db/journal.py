"""The station's local store (an SQLite file with the shared schema) and its journal.

``LocalJournalStore`` runs the unchanged use cases against the local file (its ``uow``) and
appends the armed journal entry in the same transaction as the operation's own writes; the
file is opened with ``synchronous=FULL`` so an entry is on disk before its result is shown.
``cache`` copies, by the shared ids, what a station needs to finish its open order.

``SharedAppliedOperations`` is the shared database's side: replaying an entry writes its
operation id into ``offline_applied`` in the operation's own transaction, so a replay re-sent
after a crash or a lost reply is recognised and never applied twice.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, Table, delete, event, func, insert, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.adapters.db import journal_numbers as numbers
from app.adapters.db import schema
from app.adapters.db import tables as t
from app.adapters.db.box_tables import box_types, parcel_boxes
from app.adapters.db.engine import make_engine
from app.adapters.db.journal_tables import offline_applied, offline_journal
from app.adapters.db.uow import SqlUnitOfWork
from app.domain.model import OrderStatus
from app.services.offline_ports import JournalEntry
from app.services.ports import StationRecord


@dataclass
class _Armed:
    row: dict[str, Any]
    written: bool = False


class _Arming(threading.local):
    armed: _Armed | None = None


class HookedUnitOfWork(SqlUnitOfWork):
    """A unit of work that lets ``before_commit`` write into its transaction."""

    def __init__(
        self, engine: Engine, read_only: bool, before_commit: Callable[[Connection], None]
    ) -> None:
        super().__init__(engine, read_only=read_only)
        self._before_commit = before_commit

    def commit(self) -> None:
        if not self.read_only:
            self._before_commit(self.connection)
        super().commit()


class _ArmedWriter:
    """Writes the armed row into the first write transaction committed on the arming thread."""

    def __init__(self, table: Table) -> None:
        self._table = table
        self._arming = _Arming()

    def arm(self, row: dict[str, Any]) -> None:
        self._arming.armed = _Armed(row)

    def disarm(self) -> bool:
        armed, self._arming.armed = self._arming.armed, None
        return armed is not None and armed.written

    def write(self, conn: Connection) -> None:
        armed = self._arming.armed
        if armed is not None and not armed.written:
            conn.execute(insert(self._table).values(**armed.row))
            armed.written = True

    def factory(self, engine: Engine) -> Callable[..., HookedUnitOfWork]:
        def open_unit_of_work(*, read_only: bool = False) -> HookedUnitOfWork:
            return HookedUnitOfWork(engine, read_only, self.write)

        return open_unit_of_work


def open_local_store(path: Path) -> Engine:
    """The station's local store at ``path``, created and migrated as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _durable(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA synchronous=FULL")  # the journal survives a power cut too
        cursor.close()

    schema.upgrade(engine)
    return engine


class LocalJournalStore:
    """The ``LocalStore`` port over an SQLite file (see the module docstring)."""

    def __init__(self, local: Engine, shared: Engine, block_size: int = 20) -> None:
        self.local = local
        self.shared = shared
        self.block_size = block_size
        self._writer = _ArmedWriter(offline_journal)
        self._uow = self._writer.factory(local)
        # The copy of the open order (and of the orders kept ahead) is re-read from the shared
        # database whenever needed: its writes need not wait for the disk (the journal's and
        # the reserved blocks', on ``local``, do).
        self._cache_engine = make_engine(local.url)

    @property
    def uow(self) -> Callable[..., HookedUnitOfWork]:
        return self._uow

    def arm(self, op_uid: str, kind: str, args: dict[str, Any], at: datetime) -> None:
        self._writer.arm({"op_uid": op_uid, "kind": kind, "args": json.dumps(args), "at": at})

    def disarm(self) -> bool:
        return self._writer.disarm()

    def waiting(self) -> int:
        with self.local.connect() as conn:
            query = select(func.count()).where(offline_journal.c.done_at.is_(None))
            return int(conn.execute(query).scalar_one())

    def next_batch(self, limit: int) -> list[JournalEntry]:
        j = offline_journal
        query = select(j).where(j.c.done_at.is_(None)).order_by(j.c.id).limit(limit)
        with self.local.connect() as conn:
            rows = conn.execute(query).all()
        return [JournalEntry(r.id, r.op_uid, r.kind, json.loads(r.args), r.at) for r in rows]

    def annotate(self, op_uid: str, extra: dict[str, Any]) -> None:
        j = offline_journal
        with self.local.begin() as conn:
            args = conn.execute(select(j.c.args).where(j.c.op_uid == op_uid)).scalar_one_or_none()
            if args is not None:
                merged = {**json.loads(args), **extra}
                conn.execute(update(j).where(j.c.op_uid == op_uid).values(args=json.dumps(merged)))

    def mark_done(self, entry_id: int, outcome: str, at: datetime) -> None:
        j = offline_journal
        with self.local.begin() as conn:
            conn.execute(
                update(j).where(j.c.id == entry_id).values(done_at=at, outcome=outcome[:300])
            )

    def cache(
        self, station_id: int, user_id: int, order_id: int | None, *, reserve: bool = False
    ) -> None:
        # Plain reads (a READ ONLY transaction costs two more round trips), written without
        # waiting for the disk like ``refresh`` (the reserved blocks below do wait). The
        # claim's own reads are not reused: they are the order and its lines, 2 of these
        # reads, as a domain ``Order`` (README, "Offline": the copy's cost).
        with SqlUnitOfWork(self.shared) as uow:
            rows = _read_shared(uow.connection, station_id, user_id, order_id)
        with self._cache_engine.begin() as conn:
            _write_local(conn, rows, order_id)
        order = rows["orders"][0] if rows["orders"] else None
        if reserve:
            numbers.renew(self.shared, self.local, station_id, self.block_size, _now())
        if reserve and order is not None and order["status"] == OrderStatus.PACKING.value:
            numbers.reserve(
                self.shared, self.local, station_id, order["carrier"], self.block_size, _now()
            )

    def refresh(self, order_id: int) -> None:
        """After a write online: the order's row, lines, new scans and parcels only (a few
        small queries), written without waiting for the disk (the journal's writes do)."""
        with self.local.connect() as conn:
            since = conn.execute(
                select(func.coalesce(func.max(t.scan_events.c.id), 0)).where(
                    t.scan_events.c.order_id == order_id
                )
            ).scalar_one()
        # Plain reads, not a READ ONLY transaction: that costs two more round trips per scan.
        with SqlUnitOfWork(self.shared) as uow:
            rows = _read_order(uow.connection, order_id, since)
        with self._cache_engine.begin() as conn:
            for name in ("products", "product_barcodes", "orders", "order_lines", "parcels"):
                _upsert(conn, t.metadata.tables[name], rows[name])
            _upsert(conn, parcel_boxes, rows["parcel_boxes"])  # a box chosen since the claim
            if rows["scan_events"]:
                conn.execute(insert(t.scan_events), rows["scan_events"])

    def keep_ahead(self, station_id: int, count: int, at: datetime) -> list[str]:
        with SqlUnitOfWork(self.shared) as uow:
            ids = _assign_ahead(uow.connection, station_id, count, at)
            uow.commit()
            rows = _read_ahead(uow.connection, ids)
        with self._cache_engine.begin() as conn:
            for name in _AHEAD:
                _upsert(conn, t.metadata.tables[name], rows[name])
        for carrier in sorted({order["carrier"] for order in rows["orders"]}):
            numbers.reserve(self.shared, self.local, station_id, carrier, self.block_size, at)
        return self.kept_ahead()

    def kept_ahead(self) -> list[str]:
        o = t.orders
        with self.local.connect() as conn:
            query = select(o.c.slip_code).where(o.c.status == "ready").order_by(*t.QUEUE_ORDER)
            return [str(code) for code in conn.execute(query).scalars()]

    def kept_station(self, name: str) -> StationRecord | None:
        with self.local.connect() as conn:
            row = conn.execute(
                select(t.stations.c.id, t.stations.c.name).where(t.stations.c.name == name)
            ).first()
        return None if row is None else StationRecord(row.id, row.name)

    def parcel_numbers(self, order_id: int, seq: int) -> tuple[str, str | None] | None:
        return numbers.local_parcel_numbers(self.local, order_id, seq)

    def retired_numbers(self, station_id: int, found: Sequence[str]) -> list[str]:
        return numbers.retired_numbers(self.shared, station_id, found)

    def renew(self, station_id: int) -> int:
        return numbers.renew(self.shared, self.local, station_id, self.block_size, _now())

    def settle_labels(self, order_id: int) -> None:
        numbers.settle_labels(self.shared, self.local, order_id, _now())


def _now() -> datetime:
    return datetime.now(UTC)


def _all(conn: Connection, table: Table, column: str, ids: Iterable[Any]) -> list[dict[str, Any]]:
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return []
    query = select(table).where(table.c[column].in_(wanted))
    return [dict(row._mapping) for row in conn.execute(query)]


def _read_shared(
    conn: Connection, station_id: int, user_id: int, order_id: int | None
) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {
        "site_settings": [dict(r._mapping) for r in conn.execute(select(t.site_settings))],
        "orders": _all(conn, t.orders, "id", [order_id]),
    }
    lines = _all(conn, t.order_lines, "order_id", [order_id])
    scans = _all(conn, t.scan_events, "order_id", [order_id])
    order = rows["orders"][0] if rows["orders"] else {}
    product_ids = [r["product_id"] for r in (*lines, *scans)] + [order.get("pending_product_id")]
    user_ids = [user_id, order.get("claimed_by_user_id"), *(s["user_id"] for s in scans)]
    station_ids = [station_id, *(s["station_id"] for s in scans)]
    station_ids += [order.get("claimed_by_station_id"), order.get("assigned_station_id")]
    # A kit line is packed from its components: their definitions and products go too.
    rows["kit_components"] = _all(conn, t.kit_components, "kit_product_id", product_ids)
    product_ids += [r["component_product_id"] for r in rows["kit_components"]]
    rows["box_types"] = [dict(r._mapping) for r in conn.execute(select(box_types))]
    rows["parcel_boxes"] = _all(conn, parcel_boxes, "order_id", [order_id])
    rows["stations"] = _all(conn, t.stations, "id", station_ids)
    for row in rows["stations"]:
        row["signed_in_user_id"] = None  # a user the local store may not hold
    rows["users"] = _all(conn, t.users, "id", user_ids)
    rows["products"] = _all(conn, t.products, "id", product_ids)
    rows["product_barcodes"] = _all(conn, t.product_barcodes, "product_id", product_ids)
    rows["order_lines"] = lines
    rows["totes"] = _all(conn, t.totes, "order_id", [order_id])
    rows["scan_events"] = sorted(scans, key=lambda s: s["id"])
    rows["parcels"] = _all(conn, t.parcels, "order_id", [order_id])
    return rows


# Parents before children; the order's own rows are replaced whole (its scans and parcels as
# the shared database has them: ``cache`` runs only while nothing waits in the journal).
_UPSERTED = (
    "site_settings",
    "stations",
    "users",
    "products",
    "product_barcodes",
    "kit_components",
    "box_types",
    "orders",
)
_REPLACED = ("order_lines", "totes", "scan_events", "parcels", "parcel_boxes")


def _read_order(conn: Connection, order_id: int, since: int) -> dict[str, list[dict[str, Any]]]:
    scans = [
        dict(r._mapping)
        for r in conn.execute(
            select(t.scan_events)
            .where(t.scan_events.c.order_id == order_id, t.scan_events.c.id > since)
            .order_by(t.scan_events.c.id)
        )
    ]
    lines = _all(conn, t.order_lines, "order_id", [order_id])
    # Products of the order's lines are kept since the claim; only a stranger needs copying.
    products = {s["product_id"] for s in scans} - {line["product_id"] for line in lines}
    return {
        "orders": _all(conn, t.orders, "id", [order_id]),
        "order_lines": lines,
        "scan_events": scans,
        "parcels": _all(conn, t.parcels, "order_id", [order_id]),
        "parcel_boxes": _all(conn, parcel_boxes, "order_id", [order_id]),
        "products": _all(conn, t.products, "id", products),
        "product_barcodes": _all(conn, t.product_barcodes, "product_id", products),
    }


def _assign_ahead(conn: Connection, station_id: int, count: int, at: datetime) -> list[int]:
    """Ready orders assigned to the station, up to ``count``: those assigned already, then the
    queue's next unassigned ones (rows another station is claiming are skipped)."""
    o = t.orders
    mine = select(o.c.id).where(t.READY, o.c.assigned_station_id == station_id)
    ids = list(conn.execute(mine.order_by(*t.QUEUE_ORDER).limit(count)).scalars())
    if len(ids) >= count:
        return ids
    free = (
        select(o.c.id)
        .where(t.READY, o.c.assigned_station_id.is_(None))
        .order_by(*t.QUEUE_ORDER)
        .limit(count - len(ids))
        .with_for_update(skip_locked=True)
    )
    new = list(conn.execute(free).scalars())
    if new:
        conn.execute(update(o).where(o.c.id.in_(new)).values(assigned_station_id=station_id))
        conn.execute(
            insert(t.audit_log),
            [
                {
                    "at": at,
                    "station_id": station_id,
                    "action": "assign",
                    "entity": "order",
                    "entity_id": order_id,
                    "detail": "kept by the station for an outage (look-ahead)",
                }
                for order_id in new
            ],
        )
    return ids + new


def _read_ahead(conn: Connection, ids: list[int]) -> dict[str, list[dict[str, Any]]]:
    lines = _all(conn, t.order_lines, "order_id", ids)
    products = [line["product_id"] for line in lines]
    # A kit line is packed from its components, as in the open order's copy.
    kits = _all(conn, t.kit_components, "kit_product_id", products)
    products += [r["component_product_id"] for r in kits]
    return {
        "orders": _all(conn, t.orders, "id", ids),
        "order_lines": lines,
        "totes": _all(conn, t.totes, "order_id", ids),
        "products": _all(conn, t.products, "id", products),
        "product_barcodes": _all(conn, t.product_barcodes, "product_id", products),
        "kit_components": kits,
    }


# Parents before children.
_AHEAD = ("products", "product_barcodes", "kit_components", "orders", "order_lines", "totes")
_UPSERTS: dict[str, Any] = {}


def _upsert(conn: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert or update ``rows`` by primary key; one statement per table, built once."""
    if not rows:
        return
    stmt = _UPSERTS.get(table.name)
    if stmt is None:
        key = [c.name for c in table.primary_key.columns]
        insert_ = sqlite_insert(table)
        changed = {c.name: insert_.excluded[c.name] for c in table.columns if c.name not in key}
        stmt = _UPSERTS[table.name] = insert_.on_conflict_do_update(
            index_elements=key, set_=changed
        )
    conn.execute(stmt, list(rows))


def _write_local(
    conn: Connection, rows: dict[str, list[dict[str, Any]]], order_id: int | None
) -> None:
    # The store keeps one order's work: every scan, parcel and label job goes (those made
    # offline carry local ids, and the journal is empty whenever this runs), children first.
    # Other orders go too: an order kept from before could otherwise look claimed here.
    for table in (parcel_boxes, t.print_jobs, t.parcels, t.scan_events, t.totes, t.order_lines):
        conn.execute(delete(table))
    conn.execute(delete(t.orders).where(t.orders.c.id != (order_id or 0)))
    for name in _UPSERTED:
        _upsert(conn, t.metadata.tables[name], rows[name])
    if order_id is not None:
        for name in _REPLACED:
            if rows[name]:
                conn.execute(insert(t.metadata.tables[name]), rows[name])


class SharedAppliedOperations:
    """The ``AppliedOperations`` port on the shared database (see the module docstring)."""

    def __init__(self, shared: Engine) -> None:
        self.shared = shared
        self._writer = _ArmedWriter(offline_applied)
        self._uow = self._writer.factory(shared)

    @property
    def uow(self) -> Callable[..., HookedUnitOfWork]:
        return self._uow

    def arm(self, op_uid: str, kind: str, station_id: int, at: datetime) -> None:
        self._writer.arm(
            {"op_uid": op_uid, "kind": kind, "station_id": station_id, "applied_at": at}
        )

    def disarm(self) -> bool:
        return self._writer.disarm()

    def applied(self, op_uid: str) -> bool:
        query = select(offline_applied.c.op_uid).where(offline_applied.c.op_uid == op_uid)
        with SqlUnitOfWork(self.shared, read_only=True) as uow:
            return uow.connection.execute(query).first() is not None
