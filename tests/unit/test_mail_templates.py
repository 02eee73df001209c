"""Mail templates: the subject line, known placeholders only, and the backoff of retries."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.adapters.mail_smtp import load_templates
from app.domain.mail import TemplateProblem, fill, parse_template
from app.domain.outbox import EventKind, OutboxEvent
from app.services.mail import message_id, retry_delay

EVENT = OutboxEvent(
    7,
    EventKind.HANDED_OVER,
    datetime(2026, 11, 23, 16, 5, tzinfo=UTC),
    "SHOP-1",
    "DHL",
    "PAKET",
    ("JJ100000003DE", "JJ100000017DE"),
    "",
    "",
    "Ana Example",
    "ana@example.com",
)


def test_a_template_fills_its_subject_and_body() -> None:
    template = parse_template(
        "t.txt",
        "Subject: Order  $order_reference\n\nHi $customer_name, $tracking_numbers at $at; $$5\n",
    )
    assert fill(template, EVENT) == (
        "Order SHOP-1",
        "Hi Ana Example, JJ100000003DE, JJ100000017DE at 2026-11-23 16:05 UTC; $5\n",
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Hello $order_reference\n", "the first line must be 'Subject: ...'"),
        ("Subject: x\nno empty line\n", "the first line must be 'Subject: ...'"),
        ("Subject: x\n\n$tracking\n", "unknown placeholder $tracking"),
        ("Subject: $5 off\n\nbody\n", "write $$ for a $"),
    ],
)
def test_a_bad_template_is_refused_naming_its_file(text: str, problem: str) -> None:
    with pytest.raises(TemplateProblem) as refused:
        parse_template("site/delivered.txt", text)
    assert refused.value.message.startswith("mail template site/delivered.txt: ")
    assert problem in refused.value.message


def test_retries_back_off_to_an_hour_and_message_ids_follow_the_event() -> None:
    assert [retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 2, 4)]
    assert retry_delay(50) == timedelta(hours=1)
    assert message_id(42, "Shop <shop@example.com>") == "<packbench-event-42@example.com>"
    assert message_id(42, "nobody") == "<packbench-event-42@packbench.invalid>"


def test_the_default_emails_speak_of_one_number_or_several(tmp_path: Path) -> None:
    templates = load_templates(tmp_path)  # no site templates: the defaults
    _, two = fill(templates[EventKind.HANDED_OVER], EVENT)
    assert "Tracking numbers: JJ100000003DE, JJ100000017DE" in two
    assert "website with these numbers." in two
    _, one = fill(templates[EventKind.HANDED_OVER], replace(EVENT, tracking_numbers=("JJ1",)))
    assert "Tracking number: JJ1\n" in one and "website with this number." in one
    _, delivered = fill(templates[EventKind.DELIVERED], EVENT)
    assert "Tracking numbers: JJ100000003DE, JJ100000017DE" in delivered
