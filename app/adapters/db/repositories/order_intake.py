"""Order intake's reads and writes (``packbench import orders``), a part of ``SqlOrders``."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, and_, bindparam, delete, insert, select, text, update

from app.adapters.db import tables as t
from app.adapters.db.bulk import copies, copy_dicts, next_ids
from app.adapters.db.repositories.base import Repo
from app.domain.order_records import IntakeLine, OrderRecord, OrderUpdate, StoredOrder


class OrderIntake(Repo):
    # -- order intake (``packbench import orders``) ---------------------------------------------

    def sku_ids(self, skus: Sequence[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        wanted = sorted(set(skus))
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start : start + _CHUNK]
            for sku, pid in self.conn.execute(
                select(t.products.c.sku, t.products.c.id).where(t.products.c.sku.in_(part))
            ):
                found[sku] = pid
        return found

    def intake(self, references: Sequence[str]) -> dict[str, StoredOrder]:
        stored: dict[str, StoredOrder] = {}
        _custom_plans(self.conn)
        wanted = sorted(set(references))
        for start in range(0, len(wanted), _CHUNK):
            part = wanted[start : start + _CHUNK]
            rows = self.conn.execute(select(t.orders).where(t.orders.c.reference.in_(part))).all()
            if not rows:
                continue
            ids = [row.id for row in rows]
            lines: dict[int, list[IntakeLine]] = {}
            for order_id, sku, quantity, serials in self.conn.execute(
                select(
                    t.order_lines.c.order_id,
                    t.products.c.sku,
                    t.order_lines.c.quantity,
                    t.order_lines.c.expected_serials,
                )
                .join(t.products, t.products.c.id == t.order_lines.c.product_id)
                .where(t.order_lines.c.order_id.in_(ids))
                .order_by(t.order_lines.c.order_id, t.order_lines.c.line_no)
            ):
                line = IntakeLine(sku, quantity, tuple(serials.split("\n")) if serials else ())
                lines.setdefault(order_id, []).append(line)
            # Orders with scanned units: their lines are referenced by scans.
            started = set(
                self.conn.execute(
                    select(t.scan_events.c.order_id)
                    .where(
                        and_(
                            t.scan_events.c.order_id.in_(ids),
                            t.scan_events.c.line_id.is_not(None),
                        )
                    )
                    .distinct()
                ).scalars()
            )
            totes: dict[int, list[str]] = {}
            for order_id, code in self.conn.execute(
                select(t.totes.c.order_id, t.totes.c.code).where(t.totes.c.order_id.in_(ids))
            ):
                totes.setdefault(order_id, []).append(code)
            for row in rows:
                record = OrderRecord(
                    reference=row.reference,
                    slip=row.slip_code,
                    status=row.status,
                    priority=row.priority,
                    cut_off=row.cut_off,
                    carrier=row.carrier,
                    service=row.service,
                    ship_to_name=row.ship_to_name,
                    ship_to_line1=row.ship_to_line1,
                    ship_to_line2=row.ship_to_line2,
                    ship_to_postcode=row.ship_to_postcode,
                    ship_to_city=row.ship_to_city,
                    ship_to_country=row.ship_to_country,
                    lines=tuple(lines.get(row.id, [])),
                    totes=tuple(sorted(totes.get(row.id, []))),
                    label_tracking=row.upstream_tracking,
                    label_format=row.upstream_label_format,
                    label_data=row.upstream_label,
                    **{column: getattr(row, column) for column in _DETAILS},
                )
                claimed = row.claimed_by_station_id is not None
                stored[row.reference] = StoredOrder(
                    row.id, row.status, claimed, record, row.id in started, row.hold_reason
                )
        return stored

    def intake_owners(
        self, slips: Sequence[str], totes: Sequence[str]
    ) -> tuple[dict[str, str], dict[str, str]]:
        slip_owner: dict[str, str] = {}
        tote_owner: dict[str, str] = {}
        open_statuses = ("handed_over", "delivered", "cancelled")
        for start in range(0, len(slips), _CHUNK):
            part = list(slips[start : start + _CHUNK])
            for slip, reference in self.conn.execute(
                select(t.orders.c.slip_code, t.orders.c.reference).where(
                    t.orders.c.slip_code.in_(part)
                )
            ):
                slip_owner[slip] = reference
        for start in range(0, len(totes), _CHUNK):
            part = list(totes[start : start + _CHUNK])
            for code, reference in self.conn.execute(
                select(t.totes.c.code, t.orders.c.reference)
                .join(t.orders, t.orders.c.id == t.totes.c.order_id)
                .where(and_(t.totes.c.code.in_(part), t.orders.c.status.not_in(open_statuses)))
            ):
                tote_owner[code] = reference
        return slip_owner, tote_owner

    def save_intake(
        self,
        added: Sequence[OrderRecord],
        changed: Sequence[OrderUpdate],
        sku_ids: dict[str, int],
        at: datetime,
    ) -> dict[str, int]:
        ids: dict[str, int] = {}
        if copies(self.conn, len(added)):
            new_ids = next_ids(self.conn, t.orders, len(added))
            stamps = {"created_at": at, "updated_at": at}
            rows = [
                {**_intake_columns(r), "id": i, "status": r.status, **stamps}
                for r, i in zip(added, new_ids, strict=True)
            ]
            copy_dicts(self.conn, t.orders, rows)
            ids.update((r.reference, i) for r, i in zip(added, new_ids, strict=True))
        elif added:
            # One multi-row INSERT ... RETURNING per batch (SQLAlchemy's insertmanyvalues),
            # not one statement (and one compiled statement) per order.
            for reference, order_id in self.conn.execute(
                _INSERT_ORDER,
                [
                    {**_intake_columns(r), "status": r.status, "created_at": at, "updated_at": at}
                    for r in added
                ],
            ):
                ids[reference] = order_id
        if changed:
            # One executemany UPDATE (bind names differ from the columns', as SET needs).
            values = [{**_intake_columns(change.record), "updated_at": at} for change in changed]
            self.conn.execute(
                update(t.orders)
                .where(t.orders.c.id == bindparam("b_id"))
                .values({name: bindparam(f"b_{name}") for name in values[0]}),
                [
                    {"b_id": change.order_id, **{f"b_{k}": v for k, v in row.items()}}
                    for change, row in zip(changed, values, strict=True)
                ],
            )
            renewed = [change.order_id for change in changed if change.lines]
            for start in range(0, len(renewed), _CHUNK):
                self.conn.execute(
                    delete(t.order_lines).where(
                        t.order_lines.c.order_id.in_(renewed[start : start + _CHUNK])
                    )
                )
            every_id = [change.order_id for change in changed]
            for start in range(0, len(every_id), _CHUNK):
                order_ids = every_id[start : start + _CHUNK]
                self.conn.execute(
                    update(t.totes).where(t.totes.c.order_id.in_(order_ids)).values(order_id=None)
                )
            ids.update((change.record.reference, change.order_id) for change in changed)
        every = [*added, *(change.record for change in changed)]
        with_lines = [*added, *(change.record for change in changed if change.lines)]
        lines = [
            {
                "order_id": ids[r.reference],
                "line_no": number,
                "product_id": sku_ids[line.sku],
                "quantity": line.quantity,
                "expected_serials": "\n".join(line.serials) or None,
            }
            for r in with_lines
            for number, line in enumerate(r.lines, start=1)
        ]
        if copies(self.conn, len(lines)):
            copy_dicts(self.conn, t.order_lines, lines)
        elif lines:
            self.conn.execute(insert(t.order_lines), lines)
        totes = {code: ids[r.reference] for r in every for code in r.totes}
        known = set()
        codes = sorted(totes)
        for start in range(0, len(codes), _CHUNK):
            part = codes[start : start + _CHUNK]
            known |= set(
                self.conn.execute(select(t.totes.c.code).where(t.totes.c.code.in_(part))).scalars()
            )
        for code in known:
            self.conn.execute(
                update(t.totes).where(t.totes.c.code == code).values(order_id=totes[code])
            )
        new = [{"code": c, "order_id": o} for c, o in totes.items() if c not in known]
        if new:
            self.conn.execute(insert(t.totes), new)
        return ids


def _custom_plans(conn: Connection) -> None:
    """PostgreSQL: plan each look-up for its own values, for the rest of the transaction.
    psycopg prepares a statement run five times; its generic plan, made while the table was
    small (the same connection's last import), scans the whole table comparing every row
    with each of the 1,000 parameters: a re-import of 25,000 orders took 40 s instead of 1."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _intake_columns(record: OrderRecord) -> dict[str, Any]:
    return {
        "reference": record.reference,
        "slip_code": record.slip,
        "priority": record.priority,
        "cut_off": record.cut_off,
        "carrier": record.carrier,
        "service": record.service,
        "ship_to_name": record.ship_to_name,
        "ship_to_line1": record.ship_to_line1,
        "ship_to_line2": record.ship_to_line2,
        "ship_to_postcode": record.ship_to_postcode,
        "ship_to_city": record.ship_to_city,
        "ship_to_country": record.ship_to_country,
        "upstream_tracking": record.label_tracking,
        "upstream_label_format": record.label_format,
        "upstream_label": record.label_data,
        **{column: getattr(record, column) for column in _DETAILS},
    }


#: Columns of 0007 named as the record's fields.
_DETAILS = (
    "channel",
    "ship_to_company",
    "ship_to_line3",
    "ship_to_region",
    "ship_to_phone",
    "ship_to_email",
    "notes",
    "gift_message",
    "packing_instructions",
    "notes_important",
)


_CHUNK = 1000
_INSERT_ORDER = insert(t.orders).returning(t.orders.c.reference, t.orders.c.id)
