"""Customers kept informed: an email per outbox event (handed over, with the tracking numbers;
delivered; a problem), from the site's templates, sent off the GUI thread (``packbench mail
send``, a loop of its own), retried with backoff, never twice.

Never twice: an event's email is marked sent in the outbox right after the server accepted it,
and a sent event is never picked again. Its Message-ID is made from the event id, so in the one
window left (the process dies between the server's "250 OK" and the mark) the email that goes
again next round is the same message, which mail systems recognise as a duplicate.

An event with no (valid) customer email, or older than ``max_age`` when first seen (SMTP set up
after months of events), is marked skipped; one the server refuses for good is marked failed;
"try later" and a server away are retried after 1, 2, 4 ... minutes (at most an hour), up to
``max_attempts``, then failed. Every round's counts go to the caller; a failure is in the
outbox row (``mail_error``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import Final

from app.domain.errors import DomainError
from app.domain.mail import MailTemplate, fill
from app.domain.order_fields import email_problem
from app.domain.outbox import EventKind, OutboxEvent
from app.services.outbox_ports import (
    Email,
    MailMisconfigured,
    MailRefused,
    MailServer,
    MailUnavailable,
    OutboxUnitOfWorkFactory,
)
from app.services.ports import Clock

log = logging.getLogger(__name__)

MAX_ATTEMPTS: Final = 8
MAX_AGE: Final = timedelta(days=3)
FIRST_RETRY: Final = timedelta(minutes=1)
MAX_RETRY: Final = timedelta(hours=1)


class MailSetupError(DomainError):
    """Mail cannot be sent as set up (no server, no sender, a bad password file)."""


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4 ... minutes after the ``attempts``-th failed try, at most an hour."""
    delay: timedelta = FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 10)
    return min(delay, MAX_RETRY)


def message_id(event_id: int, sender: str) -> str:
    """``<packbench-event-42@shop.example>``: the same for every try of one event."""
    address = parseaddr(sender)[1]
    domain = address.rpartition("@")[2] if "@" in address else ""
    return f"<packbench-event-{event_id}@{domain or 'packbench.invalid'}>"


@dataclass(frozen=True)
class MailRun:
    sent: int = 0
    retried: int = 0
    skipped: int = 0
    failed: int = 0
    #: Why an email is to be retried or failed ("event 12: mail server ...: 451 ..."): said
    #: to the person running ``mail send`` (the server's words, never the password).
    problems: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return (
            f"{self.sent} email(s) sent, {self.retried} to retry, {self.skipped} skipped, "
            f"{self.failed} failed"
        )


class MailService:
    def __init__(
        self,
        uow: OutboxUnitOfWorkFactory,
        clock: Clock,
        server: MailServer,
        templates: Mapping[EventKind, MailTemplate],
        sender: str,
        max_attempts: int = MAX_ATTEMPTS,
        max_age: timedelta = MAX_AGE,
    ) -> None:
        address = parseaddr(sender)[1]
        if not address or email_problem(address):
            raise MailSetupError(
                f"[smtp] from {sender!r} is not an email address: write it as "
                "shop@example.com or Shop Name <shop@example.com>."
            )
        self._uow = uow
        self._clock = clock
        self._server = server
        self._templates = templates
        self._sender = sender
        self._max_attempts = max(1, max_attempts)
        self._max_age = max_age

    def email_for(self, event: OutboxEvent) -> Email:
        subject, body = fill(self._templates[event.kind], event)
        return Email(message_id(event.id, self._sender), event.customer_email, subject, body)

    def send_due(self, limit: int = 200) -> MailRun:
        """Send the emails that are due, one by one, each marked as it goes. A server away
        ends the round (the rest wait for the next one)."""
        now = self._clock.now()
        with self._uow(read_only=True) as uow:
            events = list(uow.outbox.events(list(uow.outbox.mail_due(now, limit))))
        sent = retried = skipped = failed = 0
        problems: list[str] = []

        def problem(event_id: int, why: str) -> None:
            log.warning("email of outbox event %s: %s", event_id, why)
            problems.append(f"event {event_id}: {why}")

        for event in events:
            if not event.tracking_numbers and event.kind is not EventKind.EXCEPTION:
                continue  # its label voided since: held until the order has one (never empty)
            why_not = self._why_not(event)
            if why_not is not None:
                self._stop(event.id, "skipped", why_not)
                skipped += 1
                continue
            try:
                self._server.send(self.email_for(event))
            except MailMisconfigured as exc:  # no email can go: stop, nothing counted
                log.warning("mail set-up: %s", exc)
                raise MailSetupError(f"{exc}. Nothing is retried until this is fixed.") from exc
            except MailRefused as exc:
                self._stop(event.id, "failed", str(exc))
                problem(event.id, f"failed: {exc}")
                failed += 1
                continue
            except MailUnavailable as exc:
                if self._retry(event.id, str(exc)):
                    problem(event.id, f"to retry: {exc}")
                    retried += 1
                else:
                    problem(event.id, f"failed after {self._max_attempts} tries: {exc}")
                    failed += 1
                break
            with self._uow() as uow:
                uow.outbox.mail_sent(event.id, self._clock.now())
                uow.commit()
            sent += 1
        return MailRun(sent, retried, skipped, failed, tuple(problems))

    def _why_not(self, event: OutboxEvent) -> str | None:
        address = event.customer_email.strip()
        if not address:
            return "the order has no customer email"
        if email_problem(address):
            return f"{address!r} is not an email address"
        if self._clock.now() - event.at > self._max_age:
            return f"older than {self._max_age.days} day(s) when first seen"
        return None

    def _stop(self, event_id: int, state: str, error: str) -> None:
        with self._uow() as uow:
            uow.outbox.mail_stopped(event_id, state, error)
            uow.commit()

    def _retry(self, event_id: int, error: str) -> bool:
        """Count a failed try; False when it was the last one (the email failed)."""
        with self._uow() as uow:
            attempts = uow.outbox.mail_attempts(event_id) + 1
            if attempts >= self._max_attempts:
                uow.outbox.mail_stopped(event_id, "failed", f"after {attempts} tries: {error}")
            else:
                next_at = self._clock.now() + retry_delay(attempts)
                uow.outbox.mail_retry(event_id, attempts, next_at, error)
            uow.commit()
        return attempts < self._max_attempts
