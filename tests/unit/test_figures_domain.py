"""The figures' pure rules: shift tables and shifts across midnight, periods of a range in the
site's zone (a DST change included), the nearest-rank percentile, the work-content fit and the
rows' rates and error causes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.domain.figures import (
    DEFAULT_WORK,
    FiguresRefused,
    Grouping,
    GroupTotals,
    Moments,
    Shift,
    calibrate,
    cause,
    figure_rows,
    parse_shifts,
    percentile,
    periods,
    shift_of,
)
from app.domain.model import ScanOutcome

BERLIN = ZoneInfo("Europe/Berlin")


def test_a_shift_table_is_read_as_written_and_night_runs_past_midnight() -> None:
    shifts = parse_shifts("early 06:00-14:00; late 14:00-22:00; night 22:00-06:00")
    assert [s.name for s in shifts] == ["early", "late", "night"]
    assert shift_of(datetime(2026, 3, 2, 5, 59), shifts) == "night"
    assert shift_of(datetime(2026, 3, 2, 6, 0), shifts) == "early"
    assert shift_of(datetime(2026, 3, 2, 23, 30), shifts) == "night"
    assert shift_of(datetime(2026, 3, 2, 13, 0), parse_shifts("day 07:00-12:00")) is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("early 6-14", "write it as name HH:MM-HH:MM"),
        ("early 06:00-25:00", "not a time of day"),
        ("a 06:00-14:00; b 13:00-20:00", "overlap"),
        ("a 22:00-06:00; b 05:00-07:00", "overlap"),
        (" ; ", "empty"),
    ],
)
def test_a_bad_shift_table_is_refused_with_one_clear_message(text: str, says: str) -> None:
    with pytest.raises(FiguresRefused, match=says):
        parse_shifts(text)


def test_a_range_divides_into_local_days_and_shifts() -> None:
    since = datetime(2026, 3, 2, 0, 0, tzinfo=BERLIN)
    until = since + timedelta(days=2)
    days = periods(since, until, Grouping.DAY, zone=BERLIN)
    assert [p.label for p in days] == ["2026-03-02 Mon", "2026-03-03 Tue"]
    assert days[0].start == since and days[1].end == until
    shifts = periods(since, until, Grouping.SHIFT, zone=BERLIN)
    # The night shift of March 1st runs into the range; the one of March 3rd is cut off.
    assert [p.label for p in shifts] == [
        "night",
        "early",
        "late",
        "night",
        "early",
        "late",
        "night",
    ]
    assert shifts[0].start == since and shifts[0].end == since.replace(hour=6)
    assert shifts[-1].end == until
    (whole,) = periods(since, until, Grouping.PACKER, zone=BERLIN)
    assert (whole.start, whole.end, whole.label) == (since, until, "")


def test_a_day_with_a_clock_change_is_23_hours_long() -> None:
    since = datetime(2026, 3, 29, tzinfo=BERLIN).astimezone(UTC)
    (day,) = periods(since, since + timedelta(hours=23), Grouping.DAY, zone=BERLIN)
    assert day.end - day.start == timedelta(hours=23)
    assert day.end.astimezone(UTC) == datetime(2026, 3, 29, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("since", "until", "says"),
    [
        (datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC), "ends before"),
        (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 1, tzinfo=UTC), "at most 31 days"),
        (datetime(2026, 1, 1), datetime(2026, 1, 2), "time zone"),
    ],
)
def test_a_range_that_cannot_be_used_is_refused(
    since: datetime, until: datetime, says: str
) -> None:
    with pytest.raises(FiguresRefused, match=says):
        periods(since, until, Grouping.DAY)


def test_percentiles_are_nearest_rank() -> None:
    assert percentile([], 50) is None
    assert percentile([7.0], 90) == 7.0
    assert percentile([4.0, 1.0, 3.0, 2.0], 50) == 2.0
    assert percentile([float(n) for n in range(1, 11)], 90) == 9.0
    assert percentile([float(n) for n in range(1, 12)], 90) == 10.0


def _moments(samples: Sequence[tuple[int, int, float]]) -> Moments:
    m = Moments()
    for lines, units, secs in samples:
        m.add(
            Moments(
                1, lines, units, lines**2, units**2, lines * units, secs, lines * secs, units * secs
            )
        )
    return m


def test_the_work_content_fit_flattens_time_per_work_unit() -> None:
    samples = [
        (lines, units, 20 + 6 * lines + 3 * units)
        for lines in range(1, 6)
        for units in range(lines, lines + 8)
    ]
    work = calibrate(_moments(samples))
    assert work.fitted
    assert (work.per_order_s, work.per_line_s, work.per_unit_s) == pytest.approx((20, 6, 3))
    for lines, units, secs in samples:
        assert secs / work.seconds(1, lines, units) == pytest.approx(1.0)


def test_the_fit_drops_a_negative_term_and_falls_back_without_enough_orders() -> None:
    # Time falls with lines here (nonsense for packing): the line term is dropped.
    samples = [
        (lines, units, 60 - 5 * lines + 4 * units)
        for lines in (1, 2, 3)
        for units in range(lines, lines + 12)
    ]
    work = calibrate(_moments(samples))
    assert work.per_line_s == 0.0 and work.per_order_s > 0 and work.per_unit_s > 0
    assert calibrate(_moments(samples[:5])) == DEFAULT_WORK
    # Every order alike: only the per-order term can be fitted.
    same = calibrate(_moments([(1, 1, 40.0)] * 40))
    assert same.fitted and same.seconds(1, 1, 1) == pytest.approx(40.0)


def test_rows_rate_per_worked_hour_and_count_errors_by_cause() -> None:
    alex_scans = {
        "accepted": 45,
        "wrong_item": 3,
        "weight_mismatch": 1,
        "undo": 2,
        "refused_keyed": 1,
    }
    groups = [
        GroupTotals(
            "Alex",
            orders=40,
            lines=40,
            units=40,
            worked_quarters=4,
            scans=alex_scans,
            holds={"damaged unit": 2},
        ),
        GroupTotals("Sam", orders=20, lines=60, units=160, worked_quarters=4),
    ]
    alex, sam = figure_rows(groups, DEFAULT_WORK)
    assert alex.hours == 1.0 and alex.orders_per_hour == 40.0
    assert alex.scans == 50
    assert alex.errors_per_100 == {"wrong item": 6.0, "weight": 2.0, "keyed entry": 2.0}
    assert alex.error_rate == pytest.approx(10.0)
    assert sam.errors_per_100 == {} and sam.lines_per_order == 3.0
    # Single-unit orders are not rewarded: Sam packs half the orders but more work.
    assert sam.orders_per_hour is not None and alex.orders_per_hour > sam.orders_per_hour
    assert sam.work_units_per_hour is not None and alex.work_units_per_hour is not None
    assert sam.work_units_per_hour > alex.work_units_per_hour
    assert alex.work_units + sam.work_units == pytest.approx(60.0)
    # Scans asking for data, or refused while an error waits for its acknowledgement, are
    # scans but no error scans: they lower the rate, never raise it.
    busy = GroupTotals("Alex", scans={**alex_scans, "data_needed": 5, "refused_unacknowledged": 5})
    (more,) = figure_rows([busy], DEFAULT_WORK)
    assert more.scans == 60 and set(more.errors_per_100) == set(alex.errors_per_100)
    assert more.error_rate == pytest.approx(100 * 5 / 60)
    assert more.error_rate < alex.error_rate
    empty = figure_rows([GroupTotals("idle")], DEFAULT_WORK)[0]
    assert empty.orders_per_hour is None and empty.work_units == 0.0


def test_outcomes_read_as_causes() -> None:
    assert cause("over_scan") == "over-scan"
    assert cause("duplicate_serial") == "duplicate serial"
    assert cause("weight_out_of_range") == "weight"
    assert cause("weight_refused") == "weight"  # the pack-out's refusal (app.services.pack_out)
    assert cause("refused_keyed") == "keyed entry"
    # Issue 10's causes, exactly: a refusal that is no error of the packer's is no error scan.
    assert {cause(outcome.value) for outcome in ScanOutcome} == {
        None,
        "wrong item",
        "over-scan",
        "unknown",
        "invalid",
        "expired",
        "duplicate serial",
        "weight",
        "keyed entry",
    }
    for outcome in ("data_needed", "refused_unacknowledged", "not_an_item", "accepted", "undo"):
        assert cause(outcome) is None, outcome
    assert cause("unexpected_serial") is None and cause("something_new") is None
    assert Shift("x", time(6), time(14)).contains(time(13, 59))
