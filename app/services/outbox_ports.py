"""The ports of the outbox (``app.services.outbox``, ``app.services.mail``): the events in the
database, and the mail server the customers' emails go through.

A unit of work that hands off or imports tracking writes its events through ``outbox``; one
that exports them is an ``ExportUnitOfWork`` (the shipments export's batches) with ``outbox``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from app.domain.outbox import NewOutboxEvent, OutboxEvent
from app.services.export_ports import ExportUnitOfWork


class Outbox(Protocol):
    def add(self, events: Sequence[NewOutboxEvent], at: datetime) -> int:
        """Store the events not stored yet (by key), in the caller's transaction; how many."""
        ...

    def exportable(self, limit: int) -> Sequence[int]:
        """Up to ``limit`` ids, lowest first, of events in no batch yet."""
        ...

    def events(self, ids: Sequence[int]) -> Sequence[OutboxEvent]:
        """The events, with their orders as they stand, in the order of ``ids``."""
        ...

    def assign_batch(self, batch_id: int, ids: Sequence[int]) -> None:
        """Put the events in the batch (each event is in one batch, ever)."""
        ...

    def mail_due(self, now: datetime, limit: int) -> Sequence[int]:
        """Ids of events whose email is waiting and due (never tried, or its retry time has
        come), lowest first."""
        ...

    def mail_sent(self, event_id: int, at: datetime) -> bool:
        """Mark the event's email sent; False when it was not waiting (another sender)."""
        ...

    def mail_retry(self, event_id: int, attempts: int, next_at: datetime, error: str) -> None: ...

    def mail_stopped(self, event_id: int, state: str, error: str) -> None:
        """Give up on the event's email: ``skipped`` (nothing to send) or ``failed``."""
        ...

    def mail_attempts(self, event_id: int) -> int: ...


class OutboxUnitOfWork(ExportUnitOfWork, Protocol):
    @property
    def outbox(self) -> Outbox: ...


class OutboxUnitOfWorkFactory(Protocol):
    def __call__(self, *, read_only: bool = False) -> OutboxUnitOfWork: ...


@dataclass(frozen=True)
class Email:
    """One email, ready to go: ``message_id`` is made from the event id, so the same event is
    always the same message (a receiving system that sees it twice can tell)."""

    message_id: str
    to: str
    subject: str
    body: str


class MailRefused(Exception):
    """The mail server refused the message for good (a bad address): never retried."""


class MailUnavailable(Exception):
    """The mail server could not be reached or said "try later": retried with backoff."""


class MailMisconfigured(Exception):
    """The site's mail set-up is wrong (login refused, sender refused, no TLS where asked):
    no email can go until someone fixes it, so nothing is retried and sending stops."""


class MailServer(Protocol):
    def send(self, email: Email) -> None:
        """Hand the email to the server; raises ``MailRefused``, ``MailUnavailable`` or
        ``MailMisconfigured``. No message holds the password."""
        ...
