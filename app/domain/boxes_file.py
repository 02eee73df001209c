"""A boxes file (CSV or JSON) read and checked whole: every problem found, or the box types.

The same rules as the products file (``app.domain.import_files``): UTF-8, a size limit, and
``BoxFileRefused`` naming every bad line and field ("boxes.csv line 4, tare_g: ...") when
anything is wrong, so nothing is half-imported. Columns (CSV header, or JSON keys): ``code``,
``length_mm``, ``width_mm``, ``height_mm`` (inside), ``tare_g``, ``max_weight_g``; optional
``name`` and ``active`` (yes/no, default yes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from app.domain.boxes import WEIGHT_MAX_G, BoxType, code_problem
from app.domain.import_files import FileRefused, read_records, shown
from app.domain.table_file import Layout, TableReader

REQUIRED: Final = ("code", "length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g")
OPTIONAL: Final = ("name", "active")
COLUMNS: Final = REQUIRED + OPTIONAL
_NUMBERS: Final = ("length_mm", "width_mm", "height_mm", "tare_g", "max_weight_g")
_LAYOUT: Final = Layout("box", "box types", REQUIRED, COLUMNS)


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


class _Reader(TableReader[BoxType]):
    def __init__(self, name: str) -> None:
        super().__init__(name, _LAYOUT)
        self.code_at: dict[str, str] = {}

    def record(self, where: str, fields: Mapping[str, Any]) -> BoxType | None:
        return self._box(where, fields)

    def _box(self, where: str, fields: Mapping[str, Any]) -> BoxType | None:
        before = len(self.problems)
        raw_code = fields.get("code")
        code = raw_code.strip().upper() if isinstance(raw_code, str) else ""
        problem = code_problem(code)
        if problem is not None:
            self.problems.append(f"{where}, code: {shown(raw_code)} {problem}")
        elif code in self.code_at:
            self.problems.append(f"{where}, code: {code} is already on {self.code_at[code]}")
        else:
            self.code_at[code] = where
        numbers: dict[str, int] = {}
        for key in _NUMBERS:
            # A tare of 0 g is allowed (a mailing bag weighed with its contents, a pallet's
            # wrap); every other size and weight is at least 1.
            number = self.whole_number(fields.get(key), low=0 if key == "tare_g" else 1)
            if isinstance(number, str):
                self.problems.append(f"{where}, {key}: {number}")
            else:
                numbers[key] = number
        name = fields.get("name") or ""
        if not isinstance(name, str):
            self.problems.append(f"{where}, name: {shown(name)} is not text")
            name = ""
        active = self._flag(where, fields.get("active"))
        # The box's own rules (ranges, name, maximum over tare) for every field read, with a
        # stand-in where a field was refused already, so that one run names every problem.
        reported = {p.split(":", 1)[0].rsplit(", ", 1)[-1] for p in self.problems[before:]}
        box = BoxType(
            code=code if problem is None else "X",
            length_mm=numbers.get("length_mm", 1),
            width_mm=numbers.get("width_mm", 1),
            height_mm=numbers.get("height_mm", 1),
            tare_g=numbers.get("tare_g", 0),
            max_weight_g=numbers.get("max_weight_g", WEIGHT_MAX_G),
            name=name.strip(),
            active=active,
        )
        self.problems.extend(
            f"{where}, {found}" for found in box.problems() if found.split(":")[0] not in reported
        )
        if len(self.problems) > before:
            return None
        return replace(box, code=code)

    def _flag(self, where: str, value: object) -> bool:
        flag = self.flag(value, default=True)
        if isinstance(flag, str):
            self.problems.append(f"{where}, active: {flag}")
            return True
        return flag
