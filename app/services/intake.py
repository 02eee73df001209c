"""Order intake: orders from a file, in one transaction, all or nothing; releasing them.

``read_orders`` (the domain) finds every problem in the file itself; here the file is checked
against the database (unknown SKUs, a slip or tote on another order, a cancellation of an
order never imported), ``decide`` (the domain's change rules, ``app.domain.order_changes``)
says what each changed order becomes, and then new orders are added, changed ones updated,
cancelled or put on hold, unchanged ones left alone, each change in the audit log with the
file's name and line.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from app.domain.barcodes import InterpreterConfig
from app.domain.errors import DomainError
from app.domain.model import OrderStatus
from app.domain.order_changes import Decision, decide
from app.domain.order_records import OrderUpdate, StoredOrder
from app.domain.orders_file import OrderFileRefused, OrderRecord, read_order_file
from app.services.import_report import Count, ImportReport, record_file
from app.services.ports import Clock, UnitOfWork, UnitOfWorkFactory

#: Bytes of an upstream label file, or the reason it cannot be read.
LabelReader = Callable[[str], bytes | str]
#: Orders written per batch (a progress count after each).
_BATCH = 2000


class ReleaseRefused(DomainError):
    """``orders release``: some references are unknown or not received; nothing released."""


@dataclass(frozen=True)
class OrderImport(ImportReport):
    """``changed`` counts the ``cancelled`` and ``held`` orders too."""

    noun: ClassVar[str] = "order"

    cancelled: int = 0
    held: int = 0

    @property
    def summary(self) -> str:
        text = super().summary
        extra = [
            f"{n} {what}"
            for n, what in ((self.cancelled, "cancelled"), (self.held, "put on hold"))
            if n
        ]
        return text + (f" ({', '.join(extra)})" if extra else "")


class IntakeService:
    def __init__(
        self,
        uow: UnitOfWorkFactory,
        clock: Clock,
        interpreter: InterpreterConfig | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._interpreter = interpreter or InterpreterConfig()

    def import_orders(
        self,
        name: str,
        data: bytes,
        *,
        read_label: LabelReader | None = None,
        dry_run: bool = False,
        progress: Callable[[str], None] | None = None,
        file_digest: str | None = None,
    ) -> OrderImport:
        """Import the orders file ``name`` (its bytes ``data``), or ``OrderFileRefused``
        listing every problem with nothing written. ``read_label`` reads an upstream label
        file named in the file (a path relative to it).

        ``progress`` is told each step, and while writing how many orders are written
        (``Count``); an exception it raises (a cancel) ends the import with nothing written.
        ``file_digest`` (the SHA-256 of ``data``): record the file as imported in the same
        transaction (the watch folder's memory)."""
        tell = progress or _quiet
        tell(f"{name}: reading")
        # Problems in the file and problems against the database are named together.
        read = read_order_file(name, data, self._interpreter)
        orders, problems = read.orders, read.problems
        orders = [self._with_label(o, read_label, problems) for o in orders]
        if not problems:
            tell(f"{name}: {len(orders)} orders read; checking them against the database")
        with self._uow() as uow:
            skus = uow.orders.sku_ids(
                [line.sku for o in orders for line in o.lines]
                + [sku for _, sku in read.refused_skus]
            )
            # (the lines of orders refused for their own problems are checked too)
            problems.extend(
                f"{where}, sku: {sku!r} is not a known product (import it first)"
                for where, sku in read.refused_skus
                if sku not in skus
            )
            stored = uow.orders.intake([o.reference for o in orders])
            slips, totes = uow.orders.intake_owners(
                [o.slip for o in orders], [c for o in orders for c in o.totes]
            )
            added: list[OrderRecord] = []
            changed: list[tuple[StoredOrder, OrderRecord, Decision]] = []
            for order in orders:
                problems.extend(
                    f"{order.where}, sku: {line.sku!r} is not a known product (import it first)"
                    for line in order.lines
                    if line.sku not in skus
                )
                owner = slips.get(order.slip, order.reference)
                if owner != order.reference:
                    problems.append(f"{order.where}, slip: {order.slip} is on order {owner}")
                problems.extend(
                    f"{order.where}, totes: {code} is on order {totes[code]}"
                    for code in order.totes
                    if totes.get(code, order.reference) != order.reference
                )
                before = stored.get(order.reference)
                if before is None:
                    if order.cancelled:
                        problems.append(
                            f"{order.where}, status: order {order.reference} was never "
                            "imported: only an imported order can be cancelled"
                        )
                    else:
                        added.append(order)
                    continue
                decision = decide(before, order)
                if decision.refused is not None:
                    problems.append(f"{order.where}: {decision.refused}")
                elif not decision.nothing:
                    changed.append((before, order, decision))
            if problems:
                raise OrderFileRefused(name, problems)
            report = OrderImport(
                name,
                len(added),
                len(changed),
                len(orders) - len(added) - len(changed),
                dry_run,
                cancelled=sum(d.status is OrderStatus.CANCELLED for _, _, d in changed),
                held=sum(d.status is OrderStatus.ON_HOLD for _, _, d in changed),
            )
            if dry_run or not (added or changed or file_digest):
                return report
            at = self._clock.now()
            if added or changed:
                tell(f"{name}: writing {len(added)} new and {len(changed)} changed orders")
                self._write(uow, name, added, changed, skus, at, tell)
            if file_digest is not None:
                record_file(uow, at, file_digest, report)
            tell(f"{name}: committing")
            uow.commit()
        return report

    @staticmethod
    def _write(
        uow: UnitOfWork,
        name: str,
        added: Sequence[OrderRecord],
        changed: Sequence[tuple[StoredOrder, OrderRecord, Decision]],
        skus: dict[str, int],
        at: datetime,
        tell: Callable[[str], None],
    ) -> None:
        """Every order in batches, each batch's audit entries after it, a ``Count`` after
        each batch; changes applied by their rule (``decide``)."""
        total, done = len(added) + len(changed), 0
        for start in range(0, len(added), _BATCH):
            batch = added[start : start + _BATCH]
            ids = uow.orders.save_intake(batch, [], skus, at)
            for order in batch:
                uow.audit.record(
                    at=at,
                    user_id=None,
                    station_id=None,
                    action="order_imported",
                    entity="order",
                    entity_id=ids[order.reference],
                    detail=f"{order.reference} ({order.status}) from {order.where}",
                )
            done += len(batch)
            tell(Count(name, done, total, "orders written"))
        for start in range(0, len(changed), _BATCH):
            part = changed[start : start + _BATCH]
            updates = [OrderUpdate(s.id, o, d.lines) for s, o, d in part if d.write]
            uow.orders.save_intake([], updates, skus, at)
            for before, order, decision in part:
                if decision.status is not None:
                    uow.orders.set_status(before.id, decision.status, at, decision.hold_reason)
                uow.audit.record(
                    at=at,
                    user_id=None,
                    station_id=None,
                    action=_ACTIONS[decision.status],
                    entity="order",
                    entity_id=before.id,
                    detail=_detail(order, decision),
                )
            done += len(part)
            tell(Count(name, done, total, "orders written"))

    def release(self, references: Sequence[str]) -> list[str]:
        """Move received orders to ready, all or none; the references released."""
        with self._uow() as uow:
            stored = uow.orders.intake(references)
            problems = [
                f"{ref}: no such order"
                if ref not in stored
                else f"{ref}: is {stored[ref].status}, not received"
                for ref in references
                if ref not in stored or stored[ref].status != OrderStatus.RECEIVED.value
            ]
            if problems:
                raise ReleaseRefused("nothing was released:\n" + "\n".join(problems))
            at = self._clock.now()
            for ref in dict.fromkeys(references):
                uow.orders.set_status(stored[ref].id, OrderStatus.READY, at)
                uow.audit.record(
                    at=at,
                    user_id=None,
                    station_id=None,
                    action="order_released",
                    entity="order",
                    entity_id=stored[ref].id,
                    detail=f"{ref}: received -> ready",
                )
            uow.commit()
        return list(dict.fromkeys(references))

    @staticmethod
    def _with_label(
        order: OrderRecord, read_label: LabelReader | None, problems: list[str]
    ) -> OrderRecord:
        if order.label_file is None:
            return order
        got = read_label(order.label_file) if read_label else "labels cannot be read here"
        if isinstance(got, str):
            problems.append(f"{order.where}, label_file: {order.label_file}: {got}")
            return order
        return dataclasses.replace(order, label_data=got)


_ACTIONS = {
    None: "order_changed",
    OrderStatus.CANCELLED: "order_cancelled",
    OrderStatus.ON_HOLD: "order_held",
}


def _detail(order: OrderRecord, decision: Decision) -> str:
    """The audit's words: the file and line the change came from, what it did, the fields."""
    fields = ", ".join(decision.fields)
    if decision.status is None:
        return f"{order.reference} from {order.where}: {fields}"
    return f"{order.reference} from {order.where}: {decision.note} ({fields})"


def _quiet(step: str) -> None:
    pass
