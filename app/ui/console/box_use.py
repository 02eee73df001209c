"""Box use beside the figures: parcels closed per box type per day over the figures' range.
Read on the worker like every figure (``FiguresService.box_use``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Final

import shiboken6
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.services.boxes import BoxUse
from app.services.figures import FiguresService
from app.services.results import Session
from app.ui.console.story import RowsModel, _table
from app.ui.runner import Operation

BOX_USE_COLUMNS: Final = ("Day", "Box", "Parcels")


class BoxUseTable(QWidget):
    def __init__(
        self,
        service: FiguresService,
        session: Session,
        run: Callable[[Operation[Any]], None],
    ) -> None:
        super().__init__()
        self._service = service
        self._session = session
        self._run = run
        self.title = QLabel(self.tr("Box use (parcels closed per box type)"))
        self.model = RowsModel(BOX_USE_COLUMNS, self)
        self.view = _table(self.model, "boxUse")
        self.view.setMaximumHeight(180)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.view)

    def load(self, since: datetime, until: datetime) -> None:
        op = Operation.read(self._service.box_use, self._session, since, until)
        self._run(op.then(self.show_use, self._failed))

    def show_use(self, use: list[BoxUse]) -> None:
        if not shiboken6.isValid(self.model):
            return  # the figures closed before the answer came
        self.model.set_rows([(u.day.isoformat(), u.code, str(u.parcels)) for u in use])
        total = sum(u.parcels for u in use)
        self.title.setText(self.tr("Box use: {0} parcel(s) closed in a scanned box").format(total))

    def _failed(self, message: str, _exc: BaseException) -> None:
        if shiboken6.isValid(self.title):
            self.title.setText(message)
