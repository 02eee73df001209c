"""What the pack-out use cases (``app.services.pack_out``) need from the database: the open
parcel's contents, the weights of parcels alike, and a closed parcel's weight, content and box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from app.domain.boxes import BoxType
from app.domain.labels import PackingSlipLine
from app.domain.weight_check import ParcelItem


class PackOut(Protocol):
    def box(self, order_id: int, parcel_no: int) -> BoxType | None:
        """The box scanned for parcel ``parcel_no`` of the order (None: none was)."""
        ...

    def contents(self, order_id: int, parcel_no: int) -> Sequence[ParcelItem]:
        """The units that went into parcel ``parcel_no`` of the order and stay there (accepted,
        not undone), per product, with the product's weight."""
        ...

    def weights_alike(self, content_key: str, box_code: str | None, limit: int) -> Sequence[int]:
        """The weights of the latest ``limit`` parcels (not voided) with this content and box."""
        ...

    def record(
        self, parcel_id: int, weight_g: int | None, content_key: str | None, box_code: str | None
    ) -> None:
        """Store a closed parcel's weight, content key and box."""
        ...

    def packed_lines(self, order_id: int, parcel_no: int) -> Sequence[PackingSlipLine]:
        """The order lines as packed into parcel ``parcel_no`` (for its packing slip): the units
        in it, with their lots and serials."""
        ...
