"""The reconcile view of the hand-off (``HandoffService.reconcile``): per open manifest, what
is labelled and not loaded, loaded with a voided label, or of a cancelled order (also after its
manifest closed, until its label is voided); kept apart so
``handoff.py`` stays under 500 lines."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from app.domain.handoff import ManifestLine
from app.services.handoff_ports import HandoffUnitOfWork, ServiceFilter
from app.services.handoff_views import Reconcile

#: The reconcile view lists parcels voided after they left with the carrier for this long.
VOIDED_GONE_SHOWN = timedelta(days=7)


def reconcile_views(
    uow: HandoffUnitOfWork,
    now: datetime,
    group_of: Callable[[str, str], str],
    services: Callable[[str, str], ServiceFilter],
    pickup_after: Callable[[str, datetime], datetime],
) -> list[Reconcile]:
    views: dict[tuple[str, str], Reconcile] = {}
    for record in uow.manifests.listing("open", 500):
        lines = uow.manifests.lines(record.id)
        unassigned = uow.manifests.unassigned(
            record.carrier, services(record.carrier, record.group)
        )
        shipping = [x for x in lines if not x.cancelled or x.voided]
        views[(record.carrier, record.group)] = Reconcile(
            record.carrier,
            record.group,
            record.id,
            record.pickup_at,
            sum(1 for x in shipping if x.loaded_at and not x.voided),
            [x for x in shipping if x.loaded_at is None and not x.voided] + list(unassigned),
            [x for x in shipping if x.loaded_at is not None and x.voided],
            cancelled=[x for x in lines if x.cancelled and not x.voided],
        )
    for carrier, service in uow.manifests.open_carriers():
        group = group_of(carrier, service)
        if (carrier, group) not in views:
            views[(carrier, group)] = Reconcile(
                carrier,
                group,
                None,
                pickup_after(carrier, now),
                0,
                uow.manifests.unassigned(carrier, services(carrier, group)),
                [],
            )
    gone: dict[tuple[str, str], list[ManifestLine]] = {}
    for carrier, group, line in uow.manifests.after_pickup(now - VOIDED_GONE_SHOWN):
        gone.setdefault((carrier, group), []).append(line)
    for key, lines in gone.items():
        view = views.get(key)
        if view is None:
            view = Reconcile(*key, None, pickup_after(key[0], now), 0, [], [])
        voided = [x for x in lines if x.voided]
        cancelled = [x for x in lines if not x.voided]
        views[key] = replace(view, voided_gone=voided, cancelled_gone=cancelled)
    return sorted(views.values(), key=lambda v: (v.pickup_at, v.carrier, v.group))
