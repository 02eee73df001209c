"""Tests for ``app.domain.sscc``: making and checking SSCC-18 codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.errors import InvalidBarcode
from app.domain.sscc import make_sscc, validate_sscc


def mod10(body: str) -> int:
    """The GS1 check digit, written out here independently of the code under test."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


# Published examples: GS1 General Specifications (0614141 company prefix) and a GS1 France one.
KNOWN_GOOD = ["106141411234567897", "376104250021234569", "340123450000000000"]


@pytest.mark.parametrize("sscc", KNOWN_GOOD)
def test_known_good_ssccs_are_valid(sscc: str) -> None:
    assert int(sscc[-1]) == mod10(sscc[:-1])
    assert validate_sscc(sscc) == sscc
    assert validate_sscc(f"  {sscc}\n") == sscc


def test_make_sscc_reproduces_the_known_examples() -> None:
    assert make_sscc(1, "0614141", 123456789) == "106141411234567897"
    assert make_sscc(3, "7610425", 2123456) == "376104250021234569"
    assert make_sscc(3, "4012345", 0) == "340123450000000000"
    # A 10-digit prefix leaves 6 digits for the serial reference.
    assert make_sscc(0, "4012345678", 999999) == "040123456789999992"


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("106141411234567890", "check digit is wrong"),
        ("106141411234567896", "check digit is wrong"),
        ("10614141123456789", "18 digits"),
        ("1061414112345678970", "18 digits"),
        ("10614141123456789X", "18 digits"),
        ("", "18 digits"),
        ("１０６１４１４１１２３４５６７８９７", "18 digits"),  # full-width digits
        ("(00)106141411234567897", "18 digits"),
    ],
)
def test_invalid_ssccs_are_refused(value: str, why: str) -> None:
    with pytest.raises(InvalidBarcode, match=why):
        validate_sscc(value)


@pytest.mark.parametrize(
    ("extension", "prefix", "serial", "why"),
    [
        (10, "0614141", 1, "extension digit"),
        (-1, "0614141", 1, "extension digit"),
        (1, "061414", 1, "company prefix"),
        (1, "06141411234", 1, "company prefix"),
        (1, "06141A1", 1, "company prefix"),
        (1, "0614141", 10**9, "serial reference"),
        (1, "0614141234", 10**6, "serial reference"),
        (1, "0614141", -1, "serial reference"),
    ],
)
def test_make_sscc_refuses_bad_parts(extension: int, prefix: str, serial: int, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        make_sscc(extension, prefix, serial)


@given(
    extension=st.integers(0, 9),
    prefix=st.text("0123456789", min_size=7, max_size=10),
    data=st.data(),
)
def test_made_ssccs_are_valid_with_the_right_check_digit(
    extension: int, prefix: str, data: st.DataObject
) -> None:
    serial = data.draw(st.integers(0, 10 ** (16 - len(prefix)) - 1))
    sscc = make_sscc(extension, prefix, serial)
    assert len(sscc) == 18
    assert sscc.startswith(f"{extension}{prefix}")
    assert validate_sscc(sscc) == sscc
    assert int(sscc[-1]) == mod10(sscc[:-1])
    wrong = sscc[:-1] + str((int(sscc[-1]) + 1) % 10)
    with pytest.raises(InvalidBarcode):
        validate_sscc(wrong)
