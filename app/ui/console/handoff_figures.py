"""The hand-off's figures in the console's Hand-off tab: per carrier and day, the parcels
labelled and loaded, loaded before the cut-off (%), the time from label to hand-off, the
delivery time and the exceptions; below, the tracking exceptions by cause. A view of plain
rows: ``ManifestsPanel`` reads them through ``HandoffService.figures`` on the worker."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.domain.handoff_figures import HandoffFigures, duration, percent
from app.ui.console.story import RowsModel, _table

#: The figures cover the last week of labels, today included.
FIGURE_DAYS: Final = 7
DAY_COLUMNS: Final = (
    "Day",
    "Carrier",
    "Parcels",
    "Loaded",
    "Before cut-off",
    "Label to hand-off",
    "Delivered",
    "Delivery time",
    "Exceptions",
)
CAUSE_COLUMNS: Final = ("Carrier", "Code", "Cause", "Events", "Parcels")


def figure_range(now: datetime) -> tuple[datetime, datetime]:
    """The last ``FIGURE_DAYS`` days up to now (the service cuts them into local days)."""
    return now - timedelta(days=FIGURE_DAYS), now + timedelta(seconds=1)


class HandoffFiguresPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.day_model = RowsModel(DAY_COLUMNS, self)
        self.day_view = _table(self.day_model, "handoffFigures")
        self.cause_model = RowsModel(CAUSE_COLUMNS, self)
        self.cause_view = _table(self.cause_model, "handoffExceptionCauses")
        self.title = QLabel(
            f"The last {FIGURE_DAYS} days' labels per carrier and day, and the tracking "
            "exceptions by cause (F5 reads again)"
        )
        self.title.setWordWrap(True)
        tables = QHBoxLayout()
        tables.addWidget(self.day_view, 3)
        tables.addWidget(self.cause_view, 2)  # its five columns whole
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(tables)

    def show_figures(self, found: HandoffFigures) -> None:
        self.day_model.set_rows(
            [
                (
                    d.day,
                    d.carrier,
                    str(d.parcels),
                    str(d.loaded),
                    percent(d.on_time_percent),
                    duration(d.label_to_handoff_s),
                    str(d.delivered),
                    duration(d.delivery_s),
                    str(d.exceptions),
                )
                for d in sorted(found.days, key=lambda d: (d.day, d.carrier), reverse=True)
            ]
        )
        self.cause_model.set_rows(
            [
                (c.carrier, c.status_code, c.description, str(c.events), str(c.parcels))
                for c in found.causes
            ]
        )
