"""Tracking imports in tests: the carriers' events of the sample files happen in the days
after the tests' ``now``; the import runs later than them (an event more than a day after the
import's clock is refused as dated in the future)."""

from datetime import timedelta

#: How long after the tests' ``now`` their tracking files are imported.
IMPORTED_LATER = timedelta(days=5)
