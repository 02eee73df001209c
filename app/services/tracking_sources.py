"""Tracking events from a carrier's web API: a ``TrackingSource`` is asked for its answer,
the answer's events are picked out by the site's field map and imported exactly as a file of
``packbench import tracking`` is (checked whole, each event once, decided by time).

A site adds a carrier by writing a ``TrackingSource`` (an adapter); the generic one
(``app.adapters.tracking_http.HttpJsonSource``) polls a URL that answers JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from app.domain.tracking_sources import mapped_events
from app.services.tracking_events import TrackingImport, TrackingService


class TrackingSource(Protocol):
    @property
    def name(self) -> str:
        """How the source is named in reports and the audit (``DHL API``)."""
        ...

    def fetch(self) -> bytes:
        """The source's current answer. Raises ``TrackingSourceFailed`` saying why not (the
        source away, refused, too slow, too large)."""
        ...


def poll(
    tracking: TrackingService, source: TrackingSource, fields: Mapping[str, tuple[str, ...]]
) -> TrackingImport:
    """One look at ``source``: its events stored (those stored before count as already
    stored). Raises ``TrackingSourceFailed`` or ``TrackingFileRefused`` (every problem)."""
    document = mapped_events(source.name, source.fetch(), fields)
    return tracking.import_file(f"{source.name}.json", document)
