"""What the box use cases (``app.services.boxes``) need from the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from app.domain.boxes import BoxType, UnitsToPack


class Boxes(Protocol):
    def all(self) -> list[BoxType]:
        """Every box type, active or not, by code."""
        ...

    def by_code(self, code: str) -> BoxType | None: ...

    def add(self, box: BoxType) -> None: ...

    def change(self, box: BoxType) -> None:
        """Overwrite the box type with ``box``'s code."""
        ...

    def choose(self, order_id: int, parcel_no: int, code: str, at: datetime) -> None:
        """Parcel ``parcel_no`` of the order goes in the box type ``code`` (replacing a box
        chosen before)."""
        ...

    def chosen(self, order_id: int, parcel_no: int) -> BoxType | None: ...

    def to_pack(self, order_id: int, closed_parcels: int) -> list[UnitsToPack]:
        """Per product, the order's units not in its closed parcels, with sizes and weights."""
        ...

    def use(self, since: datetime, until: datetime) -> Sequence[tuple[str, datetime]]:
        """(box code, closed at) of each parcel closed in a box in ``[since, until)``."""
        ...
