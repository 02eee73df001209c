"""A carrier's tracking web API as Packbench reads it: where the events are in its JSON
answer and which of each event's fields is which (``[tracking] fields``). Plain Python.

The mapping is ``NAME=PATH`` pairs separated by ``;``; a path is field names joined by dots
(``status.code``). ``events`` says where the list of events is in the answer (left out: the
answer is the list); ``tracking_number``, ``time`` and ``status_code`` are required,
``description`` and ``location`` optional. For example::

    events=data.events; tracking_number=trackingId; time=timestamp; status_code=status.code;
    description=status.text; location=address.city

Mapped events are written as the JSON of ``packbench import tracking`` (``{"events": [...]}``)
so that an answer is checked, stored and counted as a file is: all or nothing, each event once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

from app.domain.errors import DomainError
from app.domain.tracking_events import COLUMNS

_REQUIRED: Final = ("tracking_number", "time", "status_code")
_NAMES: Final = ("events", *COLUMNS)


class TrackingSourceFailed(DomainError):
    """A tracking source that could not be read, or whose answer is not what the mapping
    says; the message names the source and what to check."""


def parse_field_map(text: str) -> dict[str, tuple[str, ...]]:
    """``"events=data; tracking_number=id; ..."`` -> name -> path (field names). Raises
    ValueError with what to write."""
    found: dict[str, tuple[str, ...]] = {}
    for pair in filter(str.strip, text.split(";")):
        name, eq, path = pair.partition("=")
        name = name.strip().lower()
        if not eq or name not in _NAMES:
            raise ValueError(f"{pair.strip()!r}: write NAME=PATH, NAME one of {', '.join(_NAMES)}")
        steps = tuple(step.strip() for step in path.split(".")) if path.strip() else ()
        if any(not step for step in steps):
            raise ValueError(f"{pair.strip()!r}: a path is field names joined by dots")
        found[name] = steps
    missing = [name for name in _REQUIRED if not found.get(name)]
    if missing:
        raise ValueError(f"the field map lacks {', '.join(missing)}")
    return found


def field_map_problem(text: object) -> str | None:
    if not str(text).strip():
        return None  # no tracking web API
    try:
        parse_field_map(str(text))
    except ValueError as exc:
        return str(exc)
    return None


def _at(document: Any, path: tuple[str, ...]) -> Any:
    for step in path:
        if not isinstance(document, Mapping) or step not in document:
            return None
        document = document[step]
    return document


def mapped_events(source: str, answer: bytes, fields: Mapping[str, tuple[str, ...]]) -> bytes:
    """The answer's events as the JSON ``packbench import tracking`` reads. Raises
    ``TrackingSourceFailed`` when the answer is not JSON or has no list where ``events``
    says; a field an event lacks is left empty (the import then names that event), a number
    becomes its text."""
    try:
        document = json.loads(answer)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrackingSourceFailed(f"{source}: the answer is not JSON ({exc}).") from exc
    events = _at(document, fields.get("events", ()))
    if not isinstance(events, list):
        where = ".".join(fields.get("events", ())) or "the top"
        raise TrackingSourceFailed(
            f"{source}: no list of events at {where} of the answer; check [tracking] fields."
        )
    rows = []
    for event in events:
        row = {}
        for name in COLUMNS:
            value = _at(event, fields[name]) if fields.get(name) else ""
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = str(value)  # status codes often come as numbers
            row[name] = "" if value is None else value
        rows.append(row)
    return json.dumps({"events": rows}).encode("utf-8")
