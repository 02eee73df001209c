"""The queue: per carrier what is left before the next cut-off (red and in words when it
cannot make it at the last hour's rate), then the orders in the order stations take them,
with filters. F5 changes the selected order's priority; F6 releases a claimed order; F7 assigns
a ready order to a station (it claims that order next), once the console enables it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.floor import CutOffOutlook
from app.services.floor import FloorService, StationTile
from app.services.queue_ports import QueuedOrder, QueueFilter
from app.services.results import Session
from app.ui.console.story import RowsModel, _table, _when
from app.ui.runner import Operation

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
    "Assigned to",
)
#: The choice that takes an assignment back.
NO_STATION: Final = "(no station: back to the whole queue)"
STATUSES: Final = ("ready", "packing", "received", "on_hold", "")
#: The cut-off filter: orders whose carrier cut-off comes within so many hours (or any).
CUT_OFFS: Final = (
    ("any cut-off", None),
    ("cut-off within 1 h", 1),
    ("cut-off within 2 h", 2),
    ("cut-off within 4 h", 4),
    ("cut-off within 8 h", 8),
)


SELECT_FIRST: Final = "Select an order first (Down arrow from the search field, then the arrows)."


def outlook_text(outlook: CutOffOutlook) -> str:
    late = f", late: {outlook.late} (cut-off passed)" if outlook.late else ""
    if outlook.next_cut_off is None:
        return f"{outlook.carrier}: no cut-off ahead{late}"
    left = outlook.minutes_left or 0
    to_pack = f"{outlook.open_orders} to pack by the next cut-off, {left} min left"
    rate = (
        f"needs about {outlook.minutes_needed} min"
        if outlook.has_rate
        else "no rate yet (nothing packed for it in the last hour)"
    )
    verdict = "AT RISK" if outlook.at_risk else ("on time" if outlook.has_rate else "not judged")
    verdict = f"{rate}: {verdict}"
    return f"{outlook.carrier}: {to_pack}, {verdict}{late}"


def outlook_colour(outlook: CutOffOutlook) -> str:
    """Red: at risk or orders late; amber: no rate to judge by; green: on time."""
    if outlook.at_risk or outlook.late:
        return "#c62828"
    if outlook.next_cut_off is not None and not outlook.has_rate:
        return "#b26a00"
    return "#2e7d32"


class QueuePanel(QWidget):
    def __init__(
        self,
        load: Callable[[QueueFilter], None],
        set_priority: Callable[[int, int], None],
        release: Callable[[int, str, str], None],
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
        self.service = QLineEdit()
        self.service.setPlaceholderText("service")
        self.channel = QLineEdit()
        self.channel.setPlaceholderText("channel")
        self.status = QComboBox()
        self.status.addItems([status or "any status" for status in STATUSES])
        self.min_priority = QSpinBox()
        self.min_priority.setRange(0, 1000)
        self.min_priority.setPrefix("priority ≥ ")
        self.min_priority.setSpecialValueText("any priority")  # 0: every order
        self.cut_off = QComboBox()
        self.cut_off.addItems([text for text, _hours in CUT_OFFS])
        self.go = QPushButton("Filter  [Enter]")
        self.priority_button = QPushButton("Priority  [F5]")
        self.release_button = QPushButton("Release claim  [F6]")
        filters = QHBoxLayout()
        for field, stretch in (
            (self.search, 3),
            (self.carrier, 1),
            (self.service, 1),
            (self.channel, 1),
        ):
            filters.addWidget(field, stretch)
        for widget in (self.status, self.min_priority, self.cut_off, self.go):
            filters.addWidget(widget)
        bar = QHBoxLayout()  # the actions under the filters: both rows fit a 1366 px screen
        for widget in (self.priority_button, self.release_button):
            bar.addWidget(widget)
        self.model = RowsModel(COLUMNS, self)
        self.table = _table(self.model, "queue")
        #: What the keyboard's last action needs said ("select an order first", "no orders
        #: match"); empty otherwise.
        self.hint = QLabel("")
        self.hint.setObjectName("queueHint")
        self.hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.outlook)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        for field in (self.search, self.carrier, self.service, self.channel):
            field.installEventFilter(self)  # Down arrow: into the table
        for field in (self.search, self.carrier, self.service, self.channel):
            field.returnPressed.connect(self.reload)
        self.go.clicked.connect(self.reload)
        self.status.currentIndexChanged.connect(self.reload)
        self.cut_off.currentIndexChanged.connect(self.reload)
        self.min_priority.editingFinished.connect(self.reload)
        self.priority_button.clicked.connect(self.ask_priority)
        self.release_button.clicked.connect(self.ask_release)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.ask_priority)
        QShortcut(QKeySequence("F6"), self).activated.connect(self.ask_release)
        self.assign_button = QPushButton("Assign to station  [F7]")
        self.assign_button.hide()
        self.assign_button.clicked.connect(self.ask_assign)
        bar.addWidget(self.assign_button)
        bar.addStretch(1)
        self._assigning: _Assigning | None = None

    def wanted(self, now: datetime | None = None) -> QueueFilter:
        """The filters as chosen; a cut-off "within N h" counts from ``now`` (the clock's)."""
        hours = CUT_OFFS[self.cut_off.currentIndex()][1]
        priority = self.min_priority.value()
        return QueueFilter(
            carrier=self.carrier.text(),
            service=self.service.text(),
            channel=self.channel.text(),
            status=STATUSES[self.status.currentIndex()],
            min_priority=priority or None,
            cut_off_before=(
                None if hours is None else (now or datetime.now(UTC)) + timedelta(hours=hours)
            ),
            search=self.search.text(),
        )

    def reload(self) -> None:
        self._load(self.wanted())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.orders
        ):
            self.table.setFocus()
            if not self.table.selectionModel().selectedRows():
                self.table.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def show_orders(self, orders: Sequence[QueuedOrder]) -> None:
        self.hint.setText("" if orders else "No orders match these filters.")
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
                    order.assigned_to or "",
                )
                for order in orders
            ]
        )

    def show_outlook(self, outlooks: Sequence[CutOffOutlook]) -> None:
        lines = []
        for outlook in outlooks:
            text = outlook_text(outlook)
            colour = outlook_colour(outlook)
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
            self.hint.setText(SELECT_FIRST)
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
        if order is None:
            self.hint.setText(SELECT_FIRST)
            return
        if order.status != "packing":
            self.hint.setText(f"{order.reference} is {order.status}: no station holds it.")
            return
        # Asks why (the dialog stays open with a refusal), then releases.
        self._release(order.order_id, order.reference, order.claimed_by or "")

    # -- assigning to a station --------------------------------------------------------------

    def enable_assign(
        self,
        floor: FloorService,
        session: Session,
        run: Callable[[Operation[Any]], None],
        tell: Callable[[str], None],
        refresh: Callable[[], None],
    ) -> None:
        """Offer F7: the stations are read and the assignment written through ``run`` (the
        console's worker); ``tell`` shows the outcome, ``refresh`` redraws. Calling it again
        only replaces what it uses."""
        if self._assigning is None:
            QShortcut(QKeySequence("F7"), self).activated.connect(self.ask_assign)
        self._assigning = _Assigning(floor, session, run, tell, refresh)
        self.assign_button.show()

    def ask_assign(self) -> None:
        """Pick a station for the selected ready order (or none, to take it back)."""
        order, how = self.selected(), self._assigning
        if how is None:
            return
        if order is None or order.status != "ready":
            how.tell("Select a ready order to assign it to a station.")
            return

        def choose(tiles: list[StationTile]) -> None:
            # Each station marked online or offline: an offline one claims nothing until it
            # is back, so the order would wait there.
            shown = {
                f"{tile.row.name} (online)"
                if tile.online
                else f"{tile.row.name} (OFFLINE: packs it only when back)": tile
                for tile in tiles
            }
            names = list(shown)
            choices = [*names, NO_STATION] if order.assigned_to else names
            if not choices:
                how.tell("There is no packing station to assign it to.")
                return
            current = next(
                (n for n, tile in enumerate(shown.values()) if tile.row.name == order.assigned_to),
                0,
            )
            picked, ok = QInputDialog.getItem(
                self,
                f"Assign {order.reference}",
                "The station that packs it next:",
                choices,
                current,
                False,
            )
            if not ok:
                return
            tile = shown.get(picked)
            station = None if tile is None else tile.row.station_id
            name = "" if tile is None else tile.row.name
            offline = tile is not None and not tile.online

            def done(reference: str) -> None:
                warning = (
                    f" {name} is OFFLINE: it packs the order only when it is back online."
                    if offline
                    else ""
                )
                how.tell(
                    f"{reference} goes to {name} next.{warning}"
                    if station is not None
                    else f"{reference} is back in the whole queue."
                )
                how.refresh()

            how.run(
                Operation.write(how.floor.assign, how.session, order.order_id, station).then(done)
            )

        how.run(Operation.read(how.floor.board, how.session).then(choose))


class _Assigning:
    """What F7 works with (given by the console)."""

    def __init__(
        self,
        floor: FloorService,
        session: Session,
        run: Callable[[Operation[Any]], None],
        tell: Callable[[str], None],
        refresh: Callable[[], None],
    ) -> None:
        self.floor = floor
        self.session = session
        self.run = run
        self.tell = tell
        self.refresh = refresh
