"""What every import file shares: its size, its encoding, NUL bytes, how a problem shows a
value. Plain Python; the products and orders readers build on it."""

from __future__ import annotations

import codecs
import json
from typing import Final, Protocol, TypeVar

from app.domain.errors import DomainError

#: A file larger than this is refused before it is read whole.
MAX_FILE_BYTES: Final = 50 * 1024 * 1024
_MAX_PROBLEMS_SHOWN: Final = 200


R = TypeVar("R")


class FileRefused(DomainError):
    """An import file was refused whole; ``problems`` holds one line per problem."""

    def __init__(self, name: str, problems: list[str]) -> None:
        shown = problems[:_MAX_PROBLEMS_SHOWN]
        more = len(problems) - len(shown)
        lines = [f"{name}: refused, nothing was imported ({_count(len(problems))}):", *shown]
        if more:
            lines.append(f"... and {more} more")
        super().__init__("\n".join(lines))
        self.problems = problems


def _count(n: int) -> str:
    return "1 problem" if n == 1 else f"{n} problems"


def check_size(name: str, size: int, refused: type[FileRefused] | None = None) -> None:
    """Refuse a file larger than ``MAX_FILE_BYTES`` (called before it is read)."""
    if size > MAX_FILE_BYTES:
        raise (refused or FileRefused)(
            name,
            [
                f"{name}: {size:,} bytes is larger than the limit of {MAX_FILE_BYTES:,} bytes; "
                "split it into smaller files"
            ],
        )


def decode(name: str, data: bytes, refused: type[FileRefused] | None = None) -> str:
    """The file's text: UTF-8, with or without a byte order mark; anything else is refused
    with the encoding it looks like."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "UTF-32"),
        (codecs.BOM_UTF32_BE, "UTF-32"),
        (codecs.BOM_UTF16_LE, "UTF-16"),
        (codecs.BOM_UTF16_BE, "UTF-16"),
    ):
        if data.startswith(bom):
            raise _not_utf8(refused, name, f"it is {encoding}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = data[exc.start]
        looks = _looks_like(data)
        where = f"byte 0x{byte:02X} on line {line}"
        raise _not_utf8(refused, name, f"{looks}: {where}" if looks else where) from exc
    if _mostly_nul(data):
        raise _not_utf8(refused, name, "looks like UTF-16 without a byte order mark")
    return text


def _looks_like(data: bytes) -> str | None:
    if _mostly_nul(data):
        return "looks like UTF-16 without a byte order mark"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    return "looks like Windows-1252 or Latin-1"


def _mostly_nul(data: bytes) -> bool:
    """UTF-16 text (of Latin letters) read as bytes: every other byte is a NUL."""
    sample = data[:4096]
    return len(sample) >= 4 and sample.count(0) * 3 >= len(sample)


def _not_utf8(refused: type[FileRefused] | None, name: str, why: str) -> FileRefused:
    return (refused or FileRefused)(
        name, [f"{name}: not UTF-8 ({why}); save it as UTF-8 (CSV UTF-8) and import it again"]
    )


def read_text(
    name: str, data: bytes, refused: type[FileRefused] | None = None
) -> tuple[str, list[str]]:
    """The file's text without NUL bytes, and a problem per line that held one; a file too
    large or not UTF-8 is refused (as ``refused``) before anything else is read."""
    check_size(name, len(data), refused)
    text = decode(name, data, refused)
    problems: list[str] = []
    if "\x00" in text:
        for number, line in enumerate(text.split("\n"), start=1):
            if "\x00" in line:
                problems.append(f"{name} line {number}: holds a NUL byte")
        text = text.replace("\x00", "")
    return text, problems


class RecordReader(Protocol[R]):
    """Reads one kind of record from a file's text, collecting every problem."""

    problems: list[str]

    def csv(self, text: str) -> list[R]: ...
    def json(self, text: str) -> list[R]: ...


def read_records(
    name: str, data: bytes, reader: RecordReader[R], refused: type[FileRefused], noun: str
) -> tuple[list[R], list[str]]:
    """The records read cleanly and every problem found in the file, so that a caller can
    check those records against the database too and name every problem at once. A file that
    cannot be read at all (size, encoding) raises ``refused``. The format is told by the name
    (``.json``) or, failing that, by a first character "["."""
    text, nul_lines = read_text(name, data, refused)
    reader.problems.extend(nul_lines)
    records = reader.json(text) if is_json(name, text) else reader.csv(text)
    if not records and not reader.problems:
        reader.problems.append(f"{name}: holds no {noun}")
    return records, reader.problems


def is_json(name: str, text: str) -> bool:
    """JSON by its name (``.json``) or, with no telling name, by a first character "["."""
    lowered = name.lower()
    return lowered.endswith(".json") or (
        not lowered.endswith(".csv") and text.lstrip().startswith("[")
    )


def positive(value: object) -> int | None:
    """A positive whole number (an int, or digits in a string), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 1 else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        number = int(value.strip())
        return number if number >= 1 else None
    return None


def shown(value: object) -> str:
    """A value as a problem line quotes it: short, in quotes."""
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return '"' + text.replace('"', '\\"') + '"'
    return json.dumps(value)[:40] if _jsonable(value) else type(value).__name__


def _jsonable(value: object) -> bool:
    return isinstance(value, int | float | bool | list | dict | type(None))
