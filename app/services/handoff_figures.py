"""The hand-off's figures for supervisors (issue 12, item 7): parcels per carrier per day,
loaded before the cut-off, time from label to hand-off, delivery time, and tracking
exceptions by cause. Role-checked here; read-only."""

from __future__ import annotations

from datetime import datetime, tzinfo

from app.domain import figures
from app.domain.errors import NotAllowed
from app.domain.figures import Grouping
from app.domain.handoff_figures import HandoffFigures
from app.domain.model import Role
from app.services.handoff_ports import HandoffUnitOfWorkFactory


def handoff_figures(
    uow: HandoffUnitOfWorkFactory,
    role: Role,
    since: datetime,
    until: datetime,
    zone: tzinfo | None = None,
) -> HandoffFigures:
    """The figures of parcels labelled in ``[since, until)``, by the site's local days
    (``zone``; the machine's when None); exceptions by the time of their event. Only a
    supervisor or an admin may read them."""
    if not role.can_supervise:
        raise NotAllowed("Only a supervisor can see the hand-off figures.")
    days = figures.periods(since, until, Grouping.DAY, zone=zone)
    with uow(read_only=True) as work:
        found = work.handoff_figures.carrier_days(since, until, days)
        causes = work.handoff_figures.exception_causes(since, until)
    return HandoffFigures(list(found), list(causes))
