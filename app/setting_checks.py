"""The checks behind ``app.settings``: each takes a value of the right type and returns what
is wrong with it, as a phrase that tells the user what to write instead, or None."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], str | None]
"""Returns what is wrong with a value (a phrase such as "use 1 to 7 letters"), or None."""


def text(longest: int, *, required: bool = False) -> Check:
    """Printable text (no control characters such as ESC) of at most ``longest`` characters."""

    def check(value: str) -> str | None:
        if required and not value.strip():
            return "must not be empty"
        if not value.isprintable():
            return "must be printable text (no control characters such as ESC or tab)"
        if len(value) > longest:
            return f"is {len(value)} characters long; use at most {longest}"
        return None

    return check


def station_name(value: str) -> str | None:
    # 64: the stations.name column is VARCHAR(64).
    problem = text(64, required=True)(value)
    if problem is None and value != value.strip():
        problem = "must not start or end with a space"
    return problem


_PREFIX = re.compile(r"[A-Za-z][A-Za-z0-9]{0,6}")


def prefix(value: str) -> str | None:
    # Only A-Z and digits are safe on scanner keyboards; 7 is the widest command prefix whose
    # barcodes still fit the command sheet; a leading letter keeps it apart from GTINs.
    if _PREFIX.fullmatch(value):
        return None
    return "use 1 to 7 letters A-Z and digits, starting with a letter"


# A GS1 field may contain these (GS1 character set 82), so none of them can stand in for GS;
# "]" starts a symbology identifier ("]C1").
_NOT_SUBSTITUTES = frozenset("!\"%&'()*+,-./:;<=>?_]")


def gs_substitute(value: str) -> str | None:
    if value == "":
        return None
    if (
        len(value) != 1
        or not value.isprintable()
        or value.isspace()
        or value.isalnum()
        or value in _NOT_SUBSTITUTES
        or not value.isascii()
    ):
        return (
            "use one visible character that never appears in barcodes, such as | ~ ^ or #, "
            'or "" for none'
        )
    return None


SERIAL_TERMINATORS: dict[str, bytes] = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}
SUFFIX = "suffix:"


def serial_terminator(value: str) -> str | None:
    if value.lower() in SERIAL_TERMINATORS:
        return None
    if value.lower().startswith(SUFFIX):
        suffix = value[len(SUFFIX) :]
        if 1 <= len(suffix) <= 8 and "\0" not in suffix and not any(c.isalnum() for c in suffix):
            return None
    return (
        'use "cr", "lf", "crlf" or "suffix:" and 1 to 8 characters that are not letters or '
        'digits (e.g. "suffix:\\u0004")'
    )


_URL_SCHEMES = ("sqlite", "postgresql", "postgres", "postgresql+psycopg")
_USE_URL = "use sqlite:///PATH or postgresql://USER@HOST/DATABASE"


def database_url(value: str) -> str | None:
    from urllib.parse import urlsplit

    if not value.strip():
        return "must not be empty; leave it out to use the station's own SQLite file"
    scheme, found, rest = value.partition("://")
    if not found or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", scheme):
        return f"is not a database URL; {_USE_URL}"
    if scheme.lower() not in _URL_SCHEMES:
        return f'the database "{scheme}" is not supported; {_USE_URL}'
    if scheme.lower() == "sqlite":
        return None if rest.startswith("/") and rest != "/" else f"{_USE_URL} (three slashes)"
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018  (raises for a port that is not a number from 0 to 65535)
    except ValueError as exc:
        return f"is not a usable URL ({exc}); {_USE_URL}"
    return None if parts.hostname or parts.path.strip("/") else _USE_URL


def escpos_profile(value: str) -> str | None:
    if value == "4inch-203":
        return None
    from importlib import resources

    try:
        capabilities = resources.files("escpos").joinpath("capabilities.json").read_text("utf-8")
        known = sorted(json.loads(capabilities)["profiles"])
    except (OSError, ValueError, KeyError, ModuleNotFoundError):
        return None  # cannot list them here: the printer reports an unknown one when used
    if value in known:
        return None
    return f"is not a python-escpos profile; use 4inch-203 or one of {', '.join(known)}"


_BAUDS = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600)


def baudrate(value: int) -> str | None:
    return None if value in _BAUDS else f"use one of {', '.join(map(str, _BAUDS))}"


def country(value: str) -> str | None:
    return None if re.fullmatch(r"[A-Z]{2}", value) else "use a two-letter code such as DE"


def return_carriers(value: str) -> str | None:
    """``[returns] carriers``: carrier names separated by commas."""
    from app.domain.returns import return_carriers_problem

    return return_carriers_problem(value)


def return_address(value: str) -> str | None:
    """``[returns] address``: name, street, postcode and city, country."""
    from app.domain.returns import return_address_problem

    return return_address_problem(value)
