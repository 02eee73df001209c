"""A station's services over a real database, for tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine

from app.adapters.db.uow import SqlUnitOfWork
from app.adapters.security import Argon2CredentialHasher
from app.domain.labels import Address
from app.services.device_ports import LabelPrinter
from app.services.packing import PackingService
from app.services.ports import StationRecord
from app.services.printing import LabelService
from app.services.results import Session


class StepClock:
    """A clock that moves one second per reading: ordered, reproducible timestamps."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        self.current += timedelta(seconds=1)
        return self.current


SENDER = Address(
    "Packbench Test Warehouse", "Lagerstraße 1", postcode="20095", city="Hamburg", country="DE"
)


@dataclass
class StationUnderTest:
    packing: PackingService
    record: StationRecord
    engine: Engine

    def sign_in(self, badge: str = "BDG1001") -> Session:
        return self.packing.sign_in(self.record, badge).session

    def labels(self, printer: LabelPrinter) -> LabelService:
        return LabelService(
            SqlUnitOfWork.factory(self.engine), StepClock(datetime.now(UTC)), printer, SENDER
        )


def make_station(engine: Engine, now: datetime, name: str = "PACK-01") -> StationUnderTest:
    packing = PackingService(
        SqlUnitOfWork.factory(engine), StepClock(now), Argon2CredentialHasher()
    )
    return StationUnderTest(packing, packing.register_station(name), engine)
