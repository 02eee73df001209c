"""A station whose site never set ``[sender]`` says that its labels carry the demo's return
address, in the same yellow line as ranges running out; one with its own sender does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine

from app.bootstrap import build_station
from app.gui import _site_warnings
from app.settings import Settings
from tests.support.factories import seed


def test_the_demo_sender_is_a_warning_and_a_sites_own_is_not(
    engine: Engine, now: datetime, tmp_path: Path
) -> None:
    seed(engine, now)
    settings = Settings(station="PACK-01", data_dir=tmp_path, printer_kind="file")
    demo_sender = _site_warnings(build_station(settings, engine=engine))
    assert demo_sender is not None
    assert demo_sender()[0].startswith("labels carry the demo's return address")

    own = replace(settings, sender_name="Acme Fulfilment GmbH")
    warnings = _site_warnings(build_station(own, engine=engine))
    assert warnings is not None and warnings() == []  # no range is 90 % used either
