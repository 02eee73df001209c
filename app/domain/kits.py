"""Kits: a product made of other products (its components, each with a quantity per kit).

A kit is packed one of two ways, set per kit: ``components`` (each component scanned one by one
on the kit's order line, grouped under the kit on screen; the components' own lot and serial
rules apply) or ``prepacked`` (the kit comes boxed and is scanned by its own barcode, as any
product). The line rules are in ``app.domain.lines``.

The kits file is CSV, a kit a row, its components as ``SKU*units`` separated by ``;`` (as a
product's barcodes are in the products file; ``*1`` may be left out)::

    sku,components,prepacked
    GIFT-SET,MUG-BLUE*2; TEA-100,no

"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Final

from app.domain.import_files import FileRefused, positive, read_records, shown
from app.domain.products_file import SKU_MAX

KIT_COMPONENTS: Final = "components"
KIT_PREPACKED: Final = "prepacked"
KIT_MODES: Final = (KIT_COMPONENTS, KIT_PREPACKED)

#: The columns of a kits file (CSV): the kit's SKU, its components, pre-packed or not.
COLUMNS: Final = ("sku", "components", "prepacked")
PER_KIT_MAX: Final = 1_000
_TRUE: Final = frozenset({"yes", "y", "true", "1", "x"})
_FALSE: Final = frozenset({"no", "n", "false", "0", ""})


class KitFileRefused(FileRefused):
    """The kits file was refused whole; ``problems`` holds one line per problem."""


@dataclass(frozen=True)
class KitRecord:
    """A kit as a file gives it: its SKU, (component SKU, units per kit) in the file's order,
    and whether it comes pre-packed. ``where`` says where it was read."""

    sku: str
    components: tuple[tuple[str, int], ...]
    prepacked: bool = False
    where: str = field(default="", compare=False)

    @property
    def mode(self) -> str:
        return KIT_PREPACKED if self.prepacked else KIT_COMPONENTS


@dataclass(frozen=True)
class KitFile:
    """A kits file as read: the kits read cleanly, every problem in the file, and every SKU it
    names as (where, field, SKU), those of refused rows too, so that unknown SKUs are named
    in the same run as the file's own problems."""

    kits: list[KitRecord]
    problems: list[str]
    named: list[tuple[str, str, str]]


def read_kits_file(name: str, data: bytes) -> KitFile:
    """The kits file read whole (a file too large or not UTF-8 raises ``KitFileRefused``)."""
    reader = _Reader(name)
    kits, problems = read_records(name, data, reader, KitFileRefused, "kits")
    return KitFile(kits, problems, reader.named)


def read_kits(name: str, data: bytes) -> list[KitRecord]:
    """Every kit in the file, or ``KitFileRefused`` with every problem in it."""
    read = read_kits_file(name, data)
    if read.problems:
        raise KitFileRefused(name, read.problems)
    return read.kits


class _Reader:
    """A kits file is CSV, a kit a row: ``GIFT-SET,MUG-BLUE*2; TEA-100,no``."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []
        self.named: list[tuple[str, str, str]] = []
        self._seen: dict[str, str] = {}

    def json(self, text: str) -> list[KitRecord]:
        self.problems.append(f"{self.name}: a kits file is CSV (sku,components,prepacked)")
        return []

    def csv(self, text: str) -> list[KitRecord]:
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = [h.strip().lower() for h in next(rows, [])]
            if header[:2] != ["sku", "components"] or header[2:] not in ([], ["prepacked"]):
                self.problems.append(
                    f"{self.name} line 1: the columns must be sku,components,prepacked "
                    f"(found {','.join(header) or 'nothing'})"
                )
                return []
            kits = []
            for row in rows:
                if any(cell.strip() for cell in row):
                    kit = self._kit(f"{self.name} line {rows.line_num}", row)
                    if kit is not None:
                        kits.append(kit)
            return kits
        except csv.Error as exc:
            self.problems.append(f"{self.name} line {rows.line_num}: {exc}")
            return []

    def _kit(self, where: str, row: list[str]) -> KitRecord | None:
        before = len(self.problems)
        cells = [cell.strip() for cell in row] + ["", ""]
        sku, listed, prepacked = cells[0], cells[1], cells[2].lower()
        if len(row) > 3:
            self.problems.append(f"{where}: {len(row)} cells, the kits file has 3 columns")
        if not sku or len(sku) > SKU_MAX:
            self.problems.append(f"{where}, sku: must be 1 to {SKU_MAX} characters")
        elif sku in self._seen:
            self.problems.append(f"{where}, sku: {shown(sku)} is already on {self._seen[sku]}")
        else:
            self._seen[sku] = where
        if sku and len(sku) <= SKU_MAX:
            self.named.append((where, "sku", sku))
        if prepacked not in _TRUE | _FALSE:
            self.problems.append(f"{where}, prepacked: {shown(prepacked)} is not yes or no")
        components = self._components(where, sku, listed)
        if len(self.problems) > before:
            return None
        return KitRecord(sku, components, prepacked in _TRUE, where)

    def _components(self, where: str, sku: str, listed: str) -> tuple[tuple[str, int], ...]:
        found: list[tuple[str, int]] = []
        if not listed:
            self.problems.append(f"{where}, components: a kit needs at least one component")
        for part in (p.strip() for p in listed.split(";") if listed):
            component, _, count = part.partition("*")
            component = component.strip()
            per_kit = positive(count) if count.strip() else 1
            if not component or len(component) > SKU_MAX:
                self.problems.append(f"{where}, components: {shown(part)} names no SKU")
                continue
            self.named.append((where, "components", component))
            wrong = len(self.problems)  # every problem of the part, not only the first
            if per_kit is None or per_kit > PER_KIT_MAX:
                self.problems.append(
                    f"{where}, components: {shown(part)}: the units per kit must be a whole "
                    f"number from 1 to {PER_KIT_MAX}"
                )
            if component == sku:
                self.problems.append(f"{where}, components: a kit cannot contain itself")
            elif any(component == other for other, _ in found):
                self.problems.append(f"{where}, components: {shown(component)} is listed twice")
            if len(self.problems) == wrong and per_kit is not None:
                found.append((component, per_kit))
        return tuple(found)
