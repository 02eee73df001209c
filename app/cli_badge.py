"""Signing in from the command line with ``--badge BADGE``: the station's sign-in, its words
for a terminal (a code that is no badge is named with the option that gave it, not answered
"scan your badge" as at a station)."""

from __future__ import annotations

from typing import Any


def sign_in(packing: Any, record: Any, badge: str, pin: str | None = None) -> Any:
    """The session of ``badge`` (and ``pin``) at ``record``, as ``PackingService.sign_in``."""
    from app.domain.errors import InvalidBarcode

    try:
        return packing.sign_in(record, badge, pin).session
    except InvalidBarcode as exc:
        raise InvalidBarcode(
            f"--badge {badge!r} is not a badge code: give the code printed under your badge's "
            "barcode (such as BDG1001)."
        ) from exc
