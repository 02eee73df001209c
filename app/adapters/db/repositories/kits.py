"""Kit definitions: a product's kit mode and its components."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select, update

from app.adapters.db import tables as t
from app.adapters.db.repositories.order_intake import OrderIntake
from app.services.kit_ports import StoredKit


class SqlKits(OrderIntake):  # its ``sku_ids``
    def stored(self, product_ids: Sequence[int]) -> dict[int, StoredKit]:
        if not product_ids:
            return {}
        kc = t.kit_components.c
        modes = dict(
            self.conn.execute(
                select(t.products.c.id, t.products.c.kit).where(
                    t.products.c.id.in_(product_ids), t.products.c.kit.is_not(None)
                )
            ).all()
        )
        parts: dict[int, list[tuple[int, int]]] = {}
        for row in self.conn.execute(
            select(kc.kit_product_id, kc.component_product_id, kc.quantity)
            .where(kc.kit_product_id.in_(list(modes)))
            .order_by(kc.kit_product_id, kc.component_product_id)
        ):
            parts.setdefault(row.kit_product_id, []).append(
                (row.component_product_id, row.quantity)
            )
        return {pid: StoredKit(mode, tuple(parts.get(pid, ()))) for pid, mode in modes.items()}

    def replace(self, kit_id: int, mode: str, components: Sequence[tuple[int, int]]) -> None:
        self.conn.execute(update(t.products).where(t.products.c.id == kit_id).values(kit=mode))
        self.conn.execute(
            delete(t.kit_components).where(t.kit_components.c.kit_product_id == kit_id)
        )
        self.conn.execute(
            insert(t.kit_components),
            [
                {"kit_product_id": kit_id, "component_product_id": pid, "quantity": n}
                for pid, n in components
            ],
        )
