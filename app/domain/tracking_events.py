"""Tracking events from carriers: the file (CSV or JSON) they come in, and how a carrier's
status code maps to what Packbench makes of it. Plain Python.

A file is all or nothing: any row that cannot be read refuses the whole file, every problem
listed with its line. An event is identified by its parcel's tracking number, its time (the
moment, whatever offset it is written with) and its status code: the same event twice is one
event.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from operator import itemgetter
from typing import Any, Final, NamedTuple

from app.domain.import_files import FileRefused, is_json, read_text, shown

COLUMNS: Final = ("tracking_number", "time", "status_code", "description", "location")
_REQUIRED: Final = ("tracking_number", "time", "status_code")
_LIMITS: Final = {
    "tracking_number": 64,
    "status_code": 32,
    "description": 300,
    "location": 120,
}


class TrackingState(StrEnum):
    """What a carrier's status code means to Packbench."""

    IN_TRANSIT = "in_transit"
    DELIVERED = "delivered"
    EXCEPTION = "exception"


#: Codes understood for every carrier unless ``[tracking] status_map`` says otherwise.
DEFAULT_STATUS_MAP: Final[Mapping[str, TrackingState]] = {
    "DELIVERED": TrackingState.DELIVERED,
    "DL": TrackingState.DELIVERED,
    "EXCEPTION": TrackingState.EXCEPTION,
    "ADDRESS": TrackingState.EXCEPTION,
    "DAMAGED": TrackingState.EXCEPTION,
    "RTS": TrackingState.EXCEPTION,
}

StatusMap = Mapping[str, Mapping[str, TrackingState]]


def parse_status_map(text: str) -> dict[str, dict[str, TrackingState]]:
    """``"DHL: DLV=delivered, ADR=exception; UPS: D=delivered"`` -> carrier -> code -> state
    (``*`` for every carrier). Codes not named are ``in_transit``."""
    found: dict[str, dict[str, TrackingState]] = {}
    for block in filter(str.strip, text.split(";")):
        carrier, sep, pairs = block.partition(":")
        if not sep or not carrier.strip():
            raise ValueError(f"{block.strip()!r}: write CARRIER: CODE=STATE, ...")
        table = found.setdefault(carrier.strip().upper(), {})
        for pair in filter(str.strip, pairs.split(",")):
            code, eq, state = pair.partition("=")
            states = ", ".join(s.value for s in TrackingState)
            if not eq or not code.strip() or state.strip().lower() not in states.split(", "):
                raise ValueError(f"{pair.strip()!r}: write CODE=STATE, STATE one of {states}")
            table[code.strip().upper()] = TrackingState(state.strip().lower())
    return found


def status_map_problem(text: object) -> str | None:
    try:
        parse_status_map(str(text))
    except ValueError as exc:
        return str(exc)
    return None


def state_of(status_map: StatusMap, carrier: str, code: str) -> TrackingState:
    code = code.upper()
    for table in (status_map.get(carrier.upper(), {}), status_map.get("*", {}), DEFAULT_STATUS_MAP):
        if code in table:
            return table[code]
    return TrackingState.IN_TRANSIT


class TrackingEventRecord(NamedTuple):
    """One event read from a file (a tuple: a million of them are made per import)."""

    tracking_number: str
    at: datetime
    status_code: str
    description: str
    location: str
    line: int


class TrackingFileRefused(FileRefused):
    """A tracking file refused whole; ``problems`` lists every problem with its line."""


#: A row's cells in the order of ``COLUMNS`` (text, or anything a JSON file holds).
_Row = Sequence[Any]


#: An event dated later than this after the import is refused: a carrier's clock may be a little
#: ahead, but a date in the future would lock the parcel's state (the latest event stands).
FUTURE_SLACK = timedelta(days=1)
#: Events before this are refused too (a zero or a made-up date, not a carrier's scan).
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


def read_tracking_file(
    name: str, data: bytes, now: datetime | None = None
) -> list[TrackingEventRecord]:
    """Every event of the file, or ``TrackingFileRefused`` listing every problem by line. With
    ``now``, an event dated more than ``FUTURE_SLACK`` after it (or before 2000) is one."""
    text, problems = read_text(name, data, TrackingFileRefused)
    rows: list[tuple[int, _Row]]
    if is_json(name, text):
        rows = _json_rows(name, text, problems)
    else:
        rows = _csv_rows(name, text, problems)
    events: list[TrackingEventRecord] = []
    latest = None if now is None else now + FUTURE_SLACK
    for line, row in rows:
        event = _good_event(line, row)
        if event is None:
            event = _event(name, line, row, problems)
        if event is None:
            continue
        if latest is not None and not EARLIEST <= event.at <= latest:
            when = "in the future" if event.at > latest else "before 2000"
            problems.append(
                f"{_where(name, line, row)}, time: {event.at.isoformat()} is {when}; refused "
                "(a date the carrier cannot have scanned would lock the parcel's state)"
            )
            continue
        events.append(event)
    if problems:
        raise TrackingFileRefused(name, problems)
    return events


def _csv_rows(name: str, text: str, problems: list[str]) -> list[tuple[int, _Row]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        missing = [c for c in _REQUIRED if c not in header]
        if missing:
            problems.append(f"{name} line 1: the header lacks {', '.join(missing)}")
            return []
        # Each row's cells in COLUMNS order; a column the file lacks reads as "".
        pick = itemgetter(*(header.index(c) if c in header else len(header) for c in COLUMNS))
        width = len(header)
        rows: list[tuple[int, _Row]] = []
        for cells in reader:
            if len(cells) != width:
                if not any(c.strip() for c in cells):
                    continue
                problems.append(
                    f"{name} line {reader.line_num}: {len(cells)} cells, the header has {width}"
                )
                continue
            cells.append("")
            row = pick(cells)
            if not row[0].strip() and not any(c.strip() for c in cells):
                continue  # a blank line
            rows.append((reader.line_num, row))
        return rows
    except csv.Error as exc:
        problems.append(f"{name} line {reader.line_num}: not valid CSV ({exc})")
        return []


def _json_rows(name: str, text: str, problems: list[str]) -> list[tuple[int, _Row]]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(f"{name} line {exc.lineno}: not valid JSON ({exc.msg})")
        return []
    if isinstance(document, dict):
        document = document.get("events")
    if not isinstance(document, list):
        problems.append(f'{name}: write a list of events (or an object with "events")')
        return []
    rows: list[tuple[int, _Row]] = []
    for number, item in enumerate(document, start=1):
        if isinstance(item, dict):
            rows.append((number, [item.get(c, "") for c in COLUMNS]))
        else:
            problems.append(f"{name} event {number}: not an object")
    return rows


def _good_event(line: int, row: _Row) -> TrackingEventRecord | None:
    """The event of a row that has no problem, quickly; None for any doubt (then ``_event``
    checks the row cell by cell and says what is wrong)."""
    try:
        number, moment, code, description, location = row
        number, moment, code = number.strip(), moment.strip(), code.strip()
        description, location = description.strip(), location.strip()
        if not (
            number
            and moment
            and code
            and len(number) <= 64
            and len(code) <= 32
            and len(description) <= 300
            and len(location) <= 120
            and (number + moment + code + description + location).isprintable()
        ):
            return None
        at = datetime.fromisoformat(moment)
    except (AttributeError, TypeError, ValueError):
        return None
    if at.tzinfo is None:
        return None
    return TrackingEventRecord(number.upper(), at, code.upper(), description, location, line)


def _where(name: str, line: int, row: _Row) -> str:
    number = row[0] if row and isinstance(row[0], str) else ""
    return f"{name} line {line}" + (f" ({number.strip()})" if number.strip() else "")


def _event(name: str, line: int, row: _Row, problems: list[str]) -> TrackingEventRecord | None:
    where = f"{name} line {line}"
    values: dict[str, str] = {}
    found: list[str] = []  # every cell's problem, not only the first
    for column, cell in zip(COLUMNS, row, strict=True):
        raw = "" if cell is None else cell
        if not isinstance(raw, str):
            found.append(f"{where}, {column}: {shown(raw)} is not text")
            continue
        value = raw.strip()
        if column in _REQUIRED and not value:
            found.append(f"{where}, {column}: missing")
        elif column in _LIMITS and len(value) > _LIMITS[column]:
            found.append(f"{where}, {column}: longer than {_LIMITS[column]} characters")
        elif not value.isprintable():
            found.append(f"{where}, {column}: holds control characters")
        else:
            values[column] = value
    if found:
        problems.extend(found)
        return None
    try:
        at = datetime.fromisoformat(values["time"])
    except ValueError:
        problems.append(f"{where}, time: {shown(values['time'])} is not an ISO 8601 time")
        return None
    if at.tzinfo is None:
        problems.append(
            f"{where}, time: {shown(values['time'])} has no time zone (add Z or +01:00)"
        )
        return None
    return TrackingEventRecord(
        tracking_number=values["tracking_number"].upper(),
        at=at,
        status_code=values["status_code"].upper(),
        description=values["description"],
        location=values["location"],
        line=line,
    )
