"""The weight check's rules (``app.domain.weight_check``)."""

from __future__ import annotations

import pytest

from app.domain.weight_check import (
    LearnedRange,
    ParcelItem,
    Tolerance,
    WeightRefused,
    check_weight,
    content_key,
    expected_weight,
    kg,
)


def test_expected_weight_is_the_products_and_the_tare() -> None:
    items = [ParcelItem(1, 2, 400), ParcelItem(2, 1, 350)]
    assert expected_weight(items, tare_g=120) == 1270
    assert expected_weight([*items, ParcelItem(3, 1, None)]) is None  # a weight not known
    assert expected_weight([]) is None


def test_the_content_key_ignores_order_and_splits_but_not_the_box() -> None:
    a = content_key([ParcelItem(1, 2, 1), ParcelItem(2, 1, 1)], "BOX-S")
    b = content_key([ParcelItem(2, 1, 1), ParcelItem(1, 1, 1), ParcelItem(1, 1, 1)], "BOX-S")
    assert a == b
    assert a != content_key([ParcelItem(1, 2, 1), ParcelItem(2, 1, 1)], "BOX-M")
    assert a != content_key([ParcelItem(1, 3, 1), ParcelItem(2, 1, 1)], "BOX-S")
    assert content_key([]) is None


def test_the_fixed_tolerance_is_the_larger_of_grams_and_per_cent() -> None:
    assert Tolerance(50, 5).allowance(400) == 50
    assert Tolerance(50, 5).allowance(2000) == 100
    assert Tolerance.of("x", "200") == Tolerance(50, 100)  # unreadable -> default, capped
    refused = check_weight(1520, 1250, Tolerance(50, 4))
    assert not refused.accepted
    assert refused.message == "1.52 kg, expected 1.20-1.30 kg: check the parcel"
    assert check_weight(1300, 1250, Tolerance(50, 4)).accepted
    assert not check_weight(1301, 1250, Tolerance(50, 4)).accepted


def test_the_learned_range_needs_three_parcels_and_refuses_off_by_5_pct_and_2_sigma() -> None:
    assert LearnedRange.of([1000, 1010]) is None
    steady = LearnedRange.of([1000, 1002, 998])
    assert steady is not None
    assert steady.bounds() == (950, 1050)  # 5 % is more than 2 sigma (4 g)
    spread = LearnedRange.of([900, 1100, 1000, 950, 1050])
    assert spread is not None
    low, high = spread.bounds()  # 2 sigma (~158 g) is more than 5 %
    assert (low, high) == (841, 1159)
    # No catalogue weight: the learned range alone decides.
    assert not check_weight(1060, None, Tolerance(), steady).accepted
    assert check_weight(1040, None, Tolerance(), steady).accepted
    # Both: the range is where both accept.
    both = check_weight(1000, 1040, Tolerance(50, 0), steady)
    assert (both.low_g, both.high_g) == (990, 1050)
    # Nothing to check against: accepted, unchecked.
    assert not check_weight(5, None, Tolerance()).checked


def test_a_negative_weight_is_no_weight() -> None:
    with pytest.raises(WeightRefused):
        check_weight(-3, 100, Tolerance())


def test_kilograms_as_the_packer_reads_them() -> None:
    assert [kg(g) for g in (1520, 1195, 4, 0)] == ["1.52 kg", "1.20 kg", "0.00 kg", "0.00 kg"]
