"""A boxes file (CSV or JSON) read and checked whole: every problem found, or the box types.

The same rules as the products file (``app.domain.import_files``): UTF-8, a size limit, and
``BoxFileRefused`` naming every bad line and field ("boxes.csv line 4, tare_g: ...") when
anything is wrong, so nothing is half-imported. Columns (CSV header, or JSON keys): ``code``,
``length_mm``, ``width_mm``, ``height_mm`` (inside), ``tare_g``, ``max_weight_g``; optional
``name`` and ``active`` (yes/no, default yes).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any, Final

from app.domain.boxes import BoxType
from app.domain.import_files import FileRefused, positive, read_records, shown

REQUIRED: Final = ("code", "length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g")
OPTIONAL: Final = ("name", "active")
COLUMNS: Final = REQUIRED + OPTIONAL
_NUMBERS: Final = ("length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g")
_TRUE: Final = frozenset({"yes", "y", "true", "1", "x", ""})
_FALSE: Final = frozenset({"no", "n", "false", "0"})


class BoxFileRefused(FileRefused):
    """The boxes file was refused whole; ``problems`` holds one line per problem."""


def read_boxes(name: str, data: bytes) -> list[BoxType]:
    """Every box type in the file, or ``BoxFileRefused`` with every problem in it."""
    boxes, problems = read_boxes_and_problems(name, data)
    if problems:
        raise BoxFileRefused(name, problems)
    return boxes


def read_boxes_and_problems(name: str, data: bytes) -> tuple[list[BoxType], list[str]]:
    """The box types read cleanly and every problem found in the file."""
    return read_records(name, data, _Reader(name), BoxFileRefused, "box types")


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[str] = []
        self.code_at: dict[str, str] = {}

    def csv(self, text: str) -> list[BoxType]:
        rows = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            header = next(rows, None)
        except csv.Error as exc:
            self.problems.append(f"{self.name} line 1: {exc}")
            return []
        if header is None:
            return []
        header = [h.strip().lower() for h in header]
        for column in (c for c in REQUIRED if c not in header):
            self.problems.append(f"{self.name} line 1: the required column {column!r} is missing")
        for column in (h for h in header if h not in COLUMNS):
            self.problems.append(
                f"{self.name} line 1: unknown column {column!r} "
                f"(the columns are: {', '.join(COLUMNS)})"
            )
        for column in sorted({h for h in header if header.count(h) > 1}):
            self.problems.append(f"{self.name} line 1: the column {column!r} is there twice")
        if self.problems:
            return []
        boxes: list[BoxType] = []
        try:
            for row in rows:
                if not any(cell.strip() for cell in row):
                    continue
                where = f"{self.name} line {rows.line_num}"
                if len(row) != len(header):
                    self.problems.append(
                        f"{where}: {len(row)} cells where the header has {len(header)}"
                    )
                    continue
                box = self._box(where, dict(zip(header, row, strict=True)))
                if box is not None:
                    boxes.append(box)
        except csv.Error as exc:
            self.problems.append(f"{self.name} line {rows.line_num}: {exc}")
        return boxes

    def json(self, text: str) -> list[BoxType]:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problems.append(f"{self.name} line {exc.lineno}: not valid JSON ({exc.msg})")
            return []
        if not isinstance(document, list):
            self.problems.append(f"{self.name}: must hold a JSON array of box types")
            return []
        boxes: list[BoxType] = []
        for number, item in enumerate(document, start=1):
            where = f"{self.name} box {number}"
            if not isinstance(item, dict):
                self.problems.append(f"{where}: is not an object")
                continue
            missing = [key for key in REQUIRED if key not in item]
            unknown = [key for key in item if key not in COLUMNS]
            for key in missing:
                self.problems.append(f"{where}: the required field {key!r} is missing")
            for key in unknown:
                self.problems.append(f"{where}: unknown field {key!r}")
            if missing or unknown:
                continue
            box = self._box(where, item)
            if box is not None:
                boxes.append(box)
        return boxes

    def _box(self, where: str, fields: Mapping[str, Any]) -> BoxType | None:
        before = len(self.problems)
        raw_code = fields.get("code")
        code = raw_code.strip().upper() if isinstance(raw_code, str) else ""
        if not code:
            self.problems.append(f"{where}, code: {shown(raw_code)} is not a box code")
        elif code in self.code_at:
            self.problems.append(f"{where}, code: {code} is already on {self.code_at[code]}")
        else:
            self.code_at[code] = where
        numbers: dict[str, int] = {}
        for key in _NUMBERS:
            value = fields.get(key)
            number = 0 if key == "tare_g" and str(value).strip() == "0" else positive(value)
            if number is None:
                self.problems.append(
                    f"{where}, {key}: {shown(value)} is not a positive whole number"
                )
            else:
                numbers[key] = number
        name = fields.get("name") or ""
        if not isinstance(name, str):
            self.problems.append(f"{where}, name: {shown(name)} is not text")
            name = ""
        active = self._flag(where, fields.get("active"))
        if len(self.problems) > before:
            return None
        box = BoxType(
            code=code,
            length_mm=numbers["length_mm"],
            width_mm=numbers["width_mm"],
            height_mm=numbers["height_mm"],
            tare_g=numbers["tare_g"],
            max_weight_g=numbers["max_weight_g"],
            name=name.strip(),
            active=active,
        )
        problems = box.problems()
        self.problems.extend(f"{where}, {problem}" for problem in problems)
        return None if problems else box

    def _flag(self, where: str, value: object) -> bool:
        if value is None or isinstance(value, bool):
            return value is None or value
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.problems.append(f"{where}, active: {shown(value)} is not yes or no")
        return True
