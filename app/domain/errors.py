"""Errors a packer or supervisor is shown. Each carries a message written for them.

Anything that is not a ``DomainError`` is a bug and is reported as one.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the packing workflow refused an action; ``message`` says why, in floor words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidBarcode(DomainError):
    """A code that is malformed: bad check digit, wrong length, control characters, too long."""


class NotFound(DomainError):
    """A badge, order, tote or product that the database does not know."""


class NotAllowed(DomainError):
    """The signed-in user's role does not permit this action."""


class OrderUnavailable(DomainError):
    """The order cannot be worked on here: held by another station, on hold, cancelled, done."""


class OrderIncomplete(DomainError):
    """Completing was asked for while units are still unverified."""


class TrackingRangeExhausted(DomainError):
    """The carrier's allocated tracking-number range is used up; no number may be reused."""


class SchemaMismatch(DomainError):
    """The database schema is older or newer than this version of Packbench understands."""


class DatabaseUnavailable(DomainError):
    """The database cannot be reached; nothing was written."""


class PrinterProblem(DomainError):
    """The printer refused or failed a job. ``bytes_sent`` is False when nothing reached the
    printer (the job can safely be sent again) and True when the job was cut off after bytes
    left (the label may or may not have come out: a person must say)."""

    def __init__(self, message: str, *, bytes_sent: bool = False) -> None:
        super().__init__(message)
        self.bytes_sent = bytes_sent


class OutcomeUnknown(DatabaseUnavailable):
    """The connection was lost while a write was committing: it may or may not be stored.
    The caller retries the same operation with the same ids (a scan's ``scan_uid``) until the
    outcome is known; a stored one is then returned as it was, never applied twice."""
