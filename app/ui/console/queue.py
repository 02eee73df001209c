"""The queue: per carrier what is left before the next cut-off (red and in words when it
cannot make it at the last hour's rate), then the orders in the order stations take them,
with filters. F5 changes the selected order's priority; F6 releases a claimed order."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.floor import CutOffOutlook
from app.services.queue_ports import QueuedOrder, QueueFilter
from app.ui.console.story import RowsModel, _table, _when

COLUMNS: Final = (
    "Order",
    "Status",
    "Priority",
    "Cut-off",
    "Carrier",
    "Service",
    "Channel",
    "Units",
    "Waiting since",
    "Station",
)
STATUSES: Final = ("ready", "packing", "received", "on_hold", "")


def outlook_text(outlook: CutOffOutlook) -> str:
    if outlook.next_cut_off is None:
        return f"{outlook.carrier}: {outlook.open_orders} open, no cut-off"
    left = outlook.minutes_left or 0
    needed = (
        "no rate yet (nothing packed for it in the last hour)"
        if outlook.minutes_needed is None
        else f"needs about {outlook.minutes_needed} min"
    )
    verdict = "AT RISK" if outlook.at_risk else "on time"
    to_pack = f"{outlook.open_orders} to pack, {left} min to cut-off"
    return f"{outlook.carrier}: {to_pack}, {needed}: {verdict}"


class QueuePanel(QWidget):
    def __init__(
        self,
        load: Callable[[QueueFilter], None],
        set_priority: Callable[[int, int], None],
        release: Callable[[int, str], None],
    ) -> None:
        super().__init__()
        self._load = load
        self._set_priority = set_priority
        self._release = release
        self.orders: list[QueuedOrder] = []
        self.outlook = QLabel("")
        self.outlook.setObjectName("cutOffOutlook")
        self.outlook.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("order reference or tote")
        self.carrier = QLineEdit()
        self.carrier.setPlaceholderText("carrier")
        self.channel = QLineEdit()
        self.channel.setPlaceholderText("channel")
        self.status = QComboBox()
        self.status.addItems([status or "any status" for status in STATUSES])
        self.go = QPushButton("Filter  [Enter]")
        self.priority_button = QPushButton("Priority  [F5]")
        self.release_button = QPushButton("Release claim  [F6]")
        bar = QHBoxLayout()
        for field, stretch in ((self.search, 3), (self.carrier, 1), (self.channel, 1)):
            bar.addWidget(field, stretch)
        for widget in (self.status, self.go, self.priority_button, self.release_button):
            bar.addWidget(widget)
        self.model = RowsModel(COLUMNS, self)
        self.table = _table(self.model, "queue")
        layout = QVBoxLayout(self)
        layout.addWidget(self.outlook)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        for field in (self.search, self.carrier, self.channel):
            field.returnPressed.connect(self.reload)
        self.go.clicked.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.priority_button.clicked.connect(self.ask_priority)
        self.release_button.clicked.connect(self.ask_release)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.ask_priority)
        QShortcut(QKeySequence("F6"), self).activated.connect(self.ask_release)

    def wanted(self) -> QueueFilter:
        return QueueFilter(
            carrier=self.carrier.text(),
            channel=self.channel.text(),
            status=STATUSES[self.status.currentIndex()],
            search=self.search.text(),
        )

    def reload(self) -> None:
        self._load(self.wanted())

    def show_orders(self, orders: Sequence[QueuedOrder]) -> None:
        if list(orders) == self.orders:
            return
        self.orders = list(orders)
        self.model.set_rows(
            [
                (
                    order.reference,
                    order.status,
                    str(order.priority),
                    _when(order.cut_off),
                    order.carrier,
                    order.service,
                    order.channel,
                    str(order.units),
                    _when(order.created_at),
                    order.claimed_by or "",
                )
                for order in orders
            ]
        )

    def show_outlook(self, outlooks: Sequence[CutOffOutlook]) -> None:
        lines = []
        for outlook in outlooks:
            text = outlook_text(outlook)
            colour = "#c62828" if outlook.at_risk else "#2e7d32"
            lines.append(f'<span style="color:{colour}; font-weight:bold;">{text}</span>')
        self.outlook.setText("<br>".join(lines) or "No carrier has a cut-off ahead.")

    def selected(self) -> QueuedOrder | None:
        rows = self.table.selectionModel().selectedRows()
        if rows and rows[0].row() < len(self.orders):
            return self.orders[rows[0].row()]
        return None

    def ask_priority(self) -> None:
        order = self.selected()
        if order is None:
            return
        value, ok = QInputDialog.getInt(
            self,
            f"Priority of {order.reference}",
            "Priority (higher goes first):",
            order.priority,
            0,
            1000,
        )
        if ok:
            self._set_priority(order.order_id, value)

    def ask_release(self) -> None:
        order = self.selected()
        if order is None or order.status != "packing":
            return
        reason, ok = QInputDialog.getText(
            self, f"Release {order.reference}", f"Why release it from {order.claimed_by}?"
        )
        if ok:
            self._release(order.order_id, reason)
