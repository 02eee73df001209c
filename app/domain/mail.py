"""Customer emails from templates: one per kind of outbox event.

A template is a text file: a first line ``Subject: ...``, an empty line, then the body. Both
may use ``$order_reference``, ``$tracking_numbers``, ``$carrier``, ``$service``,
``$customer_name``, ``$status_code``, ``$description`` and ``$at`` (``$$`` is a dollar sign),
and for one parcel or several ``$tracking_label`` ("Tracking number" or "Tracking numbers")
and ``$these_numbers`` ("this number" or "these numbers").
A template with any other placeholder, or without its subject line, is refused when read, with
its file named, so a typo never reaches a customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC
from string import Template

from app.domain.errors import DomainError
from app.domain.outbox import OutboxEvent

PLACEHOLDERS = (
    "order_reference",
    "tracking_numbers",
    "carrier",
    "service",
    "customer_name",
    "status_code",
    "description",
    "at",
    "tracking_label",
    "these_numbers",
)


class TemplateProblem(DomainError):
    """A mail template that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class MailTemplate:
    subject: Template
    body: Template


def parse_template(where: str, text: str) -> MailTemplate:
    head, blank, body = text.replace("\r\n", "\n").partition("\n\n")
    if not head.startswith("Subject:") or "\n" in head or not blank:
        raise TemplateProblem(
            f"mail template {where}: the first line must be 'Subject: ...', then an empty line, "
            "then the body."
        )
    template = MailTemplate(Template(head.removeprefix("Subject:").strip()), Template(body))
    sample = dict.fromkeys(PLACEHOLDERS, "x")
    for part in (template.subject, template.body):
        try:
            part.substitute(sample)
        except KeyError as exc:
            raise TemplateProblem(
                f"mail template {where}: unknown placeholder ${exc.args[0]}; use "
                + ", ".join(f"${p}" for p in PLACEHOLDERS)
            ) from None
        except ValueError as exc:
            raise TemplateProblem(f"mail template {where}: {exc} (write $$ for a $)") from None
    return template


def fill(template: MailTemplate, event: OutboxEvent) -> tuple[str, str]:
    """The subject (one line) and body of the email about ``event``."""
    several = len(event.tracking_numbers) > 1
    values = {
        "order_reference": event.order_reference,
        "tracking_numbers": ", ".join(event.tracking_numbers),
        "carrier": event.carrier,
        "service": event.service,
        "customer_name": event.customer_name,
        "status_code": event.status_code,
        "description": event.description,
        "at": event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "tracking_label": "Tracking numbers" if several else "Tracking number",
        "these_numbers": "these numbers" if several else "this number",
    }
    subject = " ".join(template.subject.substitute(values).split())
    return subject, template.body.substitute(values)
