"""An error left unacknowledged is still waiting when the station comes back: decided from the
order's last error scan and its last acknowledgement."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.domain.model import ScanOutcome
from app.domain.station import PastError, Unacknowledged, error_still_waiting
from app.domain.station_rules import StationRules

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
WRONG = PastError(ScanOutcome.WRONG_ITEM, "Blue mug is not in order SHOP-1.", AT)


def test_an_error_nobody_acknowledged_waits() -> None:
    waiting = error_still_waiting(WRONG, None, StationRules())
    assert waiting is not None
    assert waiting.error == Unacknowledged(ScanOutcome.WRONG_ITEM, supervisor=False)
    assert waiting.scan == WRONG


def test_an_acknowledgement_before_the_error_does_not_count() -> None:
    assert error_still_waiting(WRONG, AT - timedelta(seconds=1), StationRules()) is not None


def test_an_acknowledgement_after_the_error_settles_it() -> None:
    assert error_still_waiting(WRONG, AT + timedelta(milliseconds=1), StationRules()) is None
    assert error_still_waiting(WRONG, AT, StationRules()) is None


def test_nothing_waits_without_an_error_or_where_the_site_does_not_ask() -> None:
    assert error_still_waiting(None, None, StationRules()) is None
    relaxed = StationRules(acknowledged=frozenset())
    assert error_still_waiting(WRONG, None, relaxed) is None


def test_a_supervisors_error_waits_for_a_supervisor() -> None:
    rules = StationRules(supervisor_acknowledges=frozenset({ScanOutcome.WRONG_ITEM}))
    assert ScanOutcome.WRONG_ITEM in rules.acknowledged_outcomes
    waiting = error_still_waiting(WRONG, None, rules)
    assert waiting is not None and waiting.error.supervisor
