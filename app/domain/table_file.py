"""The one reader of the CSV and JSON import files (products, box types, orders).

Each file is a table: a CSV header and a row per record, or a JSON array of objects with the
same fields. ``TableReader`` does what every such file shares and collects every problem, so
that a refused file names them all at once: the header (missing, unknown, repeated columns),
rows whose cell count differs from the header's, a JSON item that is no object, required fields
missing and unknown ones. A record with a missing or unknown field is still checked for the
fields it has (a missing field is named once, not again as "empty"), and rows are still checked
when a column is missing or unknown. A subclass says how one record is read (``record``) and,
where records span rows (an order's lines), how rows become records (``csv_records``).

Numbers: a CSV cell is text, so ``"10"`` there is 10; in JSON numbers are numbers, and the
string ``"10"`` is refused with its field and item (``whole_number``).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from app.domain.import_files import shown

#: A flag's words in a CSV cell (JSON takes only true and false).
FLAG_TRUE = frozenset({"yes", "y", "true", "1", "x"})
FLAG_FALSE = frozenset({"no", "n", "false", "0"})

R = TypeVar("R")


@dataclass(frozen=True)
class Layout:
    """The fields of one kind of file. ``item``: what a JSON item is called in a problem
    ("product" gives "products.json product 3"); ``noun``: the records, plural."""

    item: str
    noun: str
    required: tuple[str, ...]
    columns: tuple[str, ...]
    json_required: tuple[str, ...] | None = None
    json_fields: tuple[str, ...] | None = None


class TableReader(Generic[R]):
    """Reads one kind of record from a CSV or JSON text, collecting every problem."""

    def __init__(self, name: str, layout: Layout) -> None:
        self.name = name
        self.layout = layout
        self.problems: list[str] = []
        #: True while a CSV text is read: a number may then be written as text.
        self.csv_form = True
        self._missing_columns: tuple[str, ...] = ()

    # -- to override ------------------------------------------------------------------------

    def record(self, where: str, fields: Mapping[str, Any]) -> R | None:
        """One record from its fields, or None after adding its problems."""
        raise NotImplementedError

    #: True where one record spans rows: the rows are then read first, and ``csv_records``
    #: makes the records; else each row is a record, checked as it is read.
    rows_together = False

    def csv_records(self, rows: list[tuple[str, dict[str, str]]]) -> list[R]:
        """The records of the CSV rows (where, cells), where ``rows_together``."""
        raise NotImplementedError

    def json_fields(self, where: str, item: dict[str, Any]) -> dict[str, Any] | None:
        """A JSON item's fields as ``record`` takes them (None after adding a problem)."""
        return item

    # -- the two formats ----------------------------------------------------------------------

    def csv(self, text: str) -> list[R]:
        self.csv_form = True
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(rows, None)
        except csv.Error as exc:
            self.problems.append(f"{self.name} line 1: {exc}")
            return []
        if header is None:
            return []
        layout = self.layout
        header = [h.strip().lower() for h in header]
        missing = tuple(c for c in layout.required if c not in header)
        twice = sorted({h for h in header if header.count(h) > 1})
        for column in missing:
            self.problems.append(f"{self.name} line 1: the required column {column!r} is missing")
        for column in (h for h in header if h not in layout.columns):
            self.problems.append(
                f"{self.name} line 1: unknown column {column!r} "
                f"(the columns are: {', '.join(layout.columns)})"
            )
        for column in twice:
            self.problems.append(f"{self.name} line 1: the column {column!r} is there twice")
        if twice:
            return []  # which of the two cells counts cannot be told
        self._missing_columns = missing
        found: list[tuple[str, dict[str, str]]] = []
        records: list[R] = []
        try:
            ended = rows.line_num
            for row in rows:
                # A row's line is where it starts (a quoted cell may hold line breaks).
                started, ended = ended + 1, rows.line_num
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{self.name} line {started}"
                if len(row) != len(header):
                    self.problems.append(
                        f"{where}: {_cells(len(row))} where the header has {len(header)}"
                    )
                    continue
                cells = {
                    key: value
                    for key, value in zip(header, row, strict=True)
                    if key in layout.columns
                }
                if self.rows_together:
                    found.append((where, cells))
                elif (record := self.checked(where, cells, ())) is not None:
                    records.append(record)
        except csv.Error as exc:
            self.problems.append(f"{self.name} line {rows.line_num}: {exc}")
        return self.csv_records(found) if self.rows_together else records

    def json(self, text: str) -> list[R]:
        self.csv_form = False
        self._missing_columns = ()
        layout = self.layout
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problems.append(f"{self.name} line {exc.lineno}: not valid JSON ({exc.msg})")
            return []
        if not isinstance(document, list):
            self.problems.append(f"{self.name}: must hold a JSON array of {layout.noun}")
            return []
        required = layout.json_required or layout.required
        known = layout.json_fields or layout.columns
        records: list[R] = []
        for number, item in enumerate(document, start=1):
            where = f"{self.name} {layout.item} {number}"
            if not isinstance(item, dict):
                self.problems.append(
                    f"item {number} of {self.name} is not an object ({{...}}): {shown(item)}"
                )
                continue
            missing = tuple(key for key in required if key not in item)
            for key in missing:
                self.problems.append(f"{where}: the required field {key!r} is missing")
            for key in (k for k in item if k not in known):
                self.problems.append(f"{where}: unknown field {key!r}")
            fields = self.json_fields(where, {k: v for k, v in item.items() if k in known})
            if fields is None:
                continue
            record = self.checked(where, fields, missing)
            if record is not None:
                records.append(record)
        return records

    def checked(self, where: str, fields: Mapping[str, Any], missing: Sequence[str]) -> R | None:
        """``record`` of ``fields``, less the problems of the fields named missing already (in
        the item, or as a column); such a record is never taken."""
        missing = (*missing, *self._missing_columns)
        before = len(self.problems)
        record = self.record(where, fields)
        if not missing:
            return record
        # (an order's line problems name the line's own place: match the field, not the place)
        marks = tuple(f", {key}:" for key in missing)
        self.problems[before:] = [
            p for p in self.problems[before:] if not any(mark in p for mark in marks)
        ]
        return None

    # -- numbers ------------------------------------------------------------------------------

    def flag(self, value: object, default: bool) -> bool | str:
        """``value`` as yes or no (``default`` when absent or, in CSV, empty), or why it is
        neither. CSV takes yes/no, true/false, 1/0 (y, x); JSON takes only the booleans
        ``true`` and ``false``: a flag written as a string is refused, as a number is."""
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and self.csv_form:
            word = value.strip().lower()
            if not word:
                return default
            if word in FLAG_TRUE | FLAG_FALSE:
                return word in FLAG_TRUE
        if not self.csv_form:
            return f"{shown(value)} is not true or false: write true or false without quotes"
        return f"{shown(value)} is not yes or no"

    def whole_number(self, value: object, low: int = 1) -> int | str:
        """``value`` as a whole number of at least ``low``, or why it is none (``shown(value)``
        and the reason). In JSON a number written as a string is refused."""
        if isinstance(value, str) and not self.csv_form:
            return f"{shown(value)} is text, not a number: write it without quotes"
        number: int | None = None
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            number = int(value.strip())
        if number is None or number < low:
            if low == 1:
                return f"{shown(value)} is not a positive whole number"
            return f"{shown(value)} is not a whole number, {low} or more"
        return number


def _cells(n: int) -> str:
    return "1 cell" if n == 1 else f"{n} cells"
