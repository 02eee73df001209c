"""The port of the kits' use cases (``app.services.kits``): kit definitions in the database.
A ``UnitOfWork`` with a ``kits`` repository too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from app.services.ports import UnitOfWork


@dataclass(frozen=True)
class StoredKit:
    """A kit as stored: its mode and (component product id, units per kit), sorted by id."""

    mode: str
    components: tuple[tuple[int, int], ...]


class Kits(Protocol):
    def sku_ids(self, skus: Sequence[str]) -> dict[str, int]:
        """The product ids of the SKUs known (unknown ones are left out)."""
        ...

    def stored(self, product_ids: Sequence[int]) -> dict[int, StoredKit]:
        """The kits among ``product_ids``, as stored."""
        ...

    def replace(self, kit_id: int, mode: str, components: Sequence[tuple[int, int]]) -> None:
        """Make product ``kit_id`` a kit of ``components`` packed the ``mode`` way."""
        ...


class KitUnitOfWork(UnitOfWork, Protocol):
    @property
    def kits(self) -> Kits: ...


class KitUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> KitUnitOfWork: ...
