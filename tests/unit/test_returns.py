"""The [returns] settings: carriers and the return address, checked where they are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.labels import Address
from app.domain.returns import return_address, return_carriers, return_range
from app.settings import ConfigError, load_settings


def test_the_return_address_and_carriers_are_read() -> None:
    assert return_address("Returns desk, Lagerstrasse 9, Hof 2, 20095 Hamburg, de") == Address(
        "Returns desk", "Lagerstrasse 9", "Hof 2", "20095", "Hamburg", "DE"
    )
    assert return_address("Returns, 1 High St, London, GB") == Address(
        "Returns", "1 High St", "", "", "London", "GB"
    )
    assert return_address("  ") is None
    assert return_carriers(" UPS, DHL ,,") == frozenset({"UPS", "DHL"})
    assert return_range("UPS") == "UPS-RETURN"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('address = "Returns desk, Hamburg"', "name, street, postcode and city, country"),
        ('address = "Returns, Street 1, 20095 Hamburg, Germany"', "two-letter country code"),
        ('carriers = "UPS, D H L"', "'D H L' is not a carrier name"),
    ],
)
def test_a_bad_returns_setting_gets_one_line(tmp_path: Path, line: str, problem: str) -> None:
    config = tmp_path / "station.toml"
    config.write_text(f"[returns]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_settings(config, environ={})
    message = str(refused.value)
    assert "\n" not in message and "[returns]" in message and problem in message
