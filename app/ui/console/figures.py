"""Figures: a range (today, yesterday, the last 7 days) and a grouping (packer, station, shift,
day) chosen by key; the table of every figure, a chart of orders and work units per hour and
one of error scans per 100 scans, and the box use, each on a page of its own (Alt+1..3);
Ctrl+E exports the table as CSV. Every read runs on the worker (never SQL on the GUI
thread)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Final

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.figures import FigureRow, Grouping, rounded
from app.services.figures import FiguresReport, FiguresService
from app.services.results import Session
from app.ui.console.box_use import BoxUseTable
from app.ui.console.story import RowsModel, _table
from app.ui.runner import Operation
from app.ui.style import px

RANGES: Final = ("Today", "Yesterday", "Last 7 days")
GROUPINGS: Final = (Grouping.PACKER, Grouping.STATION, Grouping.SHIFT, Grouping.DAY)
COLUMNS: Final = (
    "Group",
    "Orders",
    "Orders/h",
    "Units/h",
    "Lines/order",
    "Median s",
    "P90 s",
    "Work units/h",
    "Errors/100 scans",
    "Holds",
    "Worked h",
)
#: Bars for at most this many groups (the table always shows them all).
CHART_GROUPS: Final = 30
#: A chart's least height (at scale 1), so that its plot area stays readable.
CHART_MIN_HEIGHT: Final = 300


def range_of(choice: int, now: datetime) -> tuple[datetime, datetime]:
    """The range of a choice in RANGES, in local days ending with ``now``'s."""
    local = now.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if choice == 1:
        return midnight - timedelta(days=1), midnight
    if choice == 2:
        return midnight - timedelta(days=6), midnight + timedelta(days=1)
    return midnight, midnight + timedelta(days=1)


def _row_cells(row: FigureRow) -> tuple[str, ...]:
    return (
        row.label,
        str(row.orders),
        rounded(row.orders_per_hour),
        rounded(row.units_per_hour),
        rounded(row.lines_per_order, 2),
        rounded(row.median_s, 0),
        rounded(row.p90_s, 0),
        rounded(row.work_units_per_hour),
        rounded(row.error_rate, 2) if row.scans else "",
        ", ".join(f"{reason} {n}" for reason, n in sorted(row.holds.items())),
        rounded(row.hours, 2),
    )


class FiguresPanel(QWidget):
    """The figures tab. ``run`` puts an operation on the console's worker (the console's own
    drops the answer once the console is closed: a supervisor signing out at a station closes
    it while a read is on its way)."""

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
        self.report: FiguresReport | None = None
        self.range = QComboBox()
        self.range.addItems(RANGES)
        self.grouping = QComboBox()
        self.grouping.addItems([f"per {g.value}" for g in GROUPINGS])
        self.show_button = QPushButton("Show  [Ctrl+R]")
        self.export_button = QPushButton("Export CSV  [Ctrl+E]")
        bar = QHBoxLayout()
        for label, box, key in (
            ("Range [Alt+R]", self.range, "Alt+R"),
            ("Grouping [Alt+G]", self.grouping, "Alt+G"),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(box)
            QShortcut(QKeySequence(key), self).activated.connect(box.setFocus)
        bar.addStretch(1)
        bar.addWidget(self.show_button)
        bar.addWidget(self.export_button)
        self.model = RowsModel(COLUMNS)
        self.view = _table(self.model, "figures", wide=(0,))  # the names keep room
        self.rate_chart = QChartView()
        self.rate_chart.setObjectName("figuresRates")
        self.error_chart = QChartView()
        self.error_chart.setObjectName("figuresErrors")
        self.rates = BarChart(self.rate_chart, "Per worked hour")
        self.errors = BarChart(self.error_chart, "Error scans per 100 scans")
        for view in (self.rate_chart, self.error_chart):
            view.setRenderHint(QPainter.RenderHint.Antialiasing)
            view.setMinimumSize(px(300), px(CHART_MIN_HEIGHT))
        # The table, the charts and the box use each get a page of their own: side by side on
        # a 1366x768 screen, the charts' plot area was 10-20 px tall.
        charts = QWidget()
        beside = QHBoxLayout(charts)
        beside.setContentsMargins(0, 0, 0, 0)
        beside.addWidget(self.rate_chart)
        beside.addWidget(self.error_chart)
        self.box_use = BoxUseTable(service, session, run)  # app.ui.console.box_use
        self.box_use.view.setMaximumHeight(16_777_215)
        self.pages = QTabWidget()
        self.pages.setObjectName("figuresPages")
        self.pages.addTab(self.view, "Table  [Alt+1]")
        self.pages.addTab(charts, "Charts  [Alt+2]")
        self.pages.addTab(self.box_use, "Box use  [Alt+3]")
        for n in range(self.pages.count()):
            QShortcut(QKeySequence(f"Alt+{n + 1}"), self).activated.connect(
                lambda n=n: self.pages.setCurrentIndex(n)
            )
        self.message = QLabel("Choose a range and a grouping.")
        self.message.setObjectName("figuresMessage")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.message)
        self.show_button.clicked.connect(self.load)
        self.export_button.clicked.connect(self.ask_export)
        self.range.currentIndexChanged.connect(self.load)
        self.grouping.currentIndexChanged.connect(self.load)
        QShortcut(QKeySequence("Ctrl+R"), self).activated.connect(self.load)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.ask_export)

    # -- reading -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.report is None:
            self.load()  # the first time the tab opens

    def load(self) -> None:
        since, until = range_of(self.range.currentIndex(), datetime.now().astimezone())
        grouping = GROUPINGS[self.grouping.currentIndex()]
        self.message.setText("Reading the figures...")
        op = Operation.read(self._service.figures, self._session, since, until, grouping)
        self._run(op.then(self.show_report, self._failed))
        self.box_use.load(since, until)

    def _failed(self, message: str, _exc: BaseException) -> None:
        self.message.setText(message)

    def show_report(self, report: FiguresReport) -> None:
        self.report = report
        self.model.set_rows([_row_cells(row) for row in report.rows])
        work = report.work
        how = "fitted to this range" if work.fitted else "defaults: too few orders to fit"
        orders = sum(row.orders for row in report.rows)
        self.message.setText(
            f"{orders} order(s) packed, {len(report.rows)} group(s). Work content of an order: "
            f"{work.per_order_s:.0f} s + {work.per_line_s:.0f} s per line + "
            f"{work.per_unit_s:.0f} s per unit ({how})."
            if report.rows
            else "Nothing was packed or scanned in this range."
        )
        shown = report.rows[:CHART_GROUPS]
        labels = [row.label or "all" for row in shown]
        self.rates.show(
            labels,
            {
                "orders": [row.orders_per_hour or 0.0 for row in shown],
                "work units": [row.work_units_per_hour or 0.0 for row in shown],
            },
        )
        self.errors.show(
            labels, {c: [row.errors_per_100.get(c, 0.0) for row in shown] for c in report.causes}
        )

    # -- exporting ---------------------------------------------------------------------------

    def ask_export(self) -> None:
        if self.report is None or not self.report.rows:
            self.message.setText("Show figures first: there is nothing to export.")
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export the figures", "figures.csv", "CSV (*.csv)"
        )
        if name:
            self.export(Path(name))

    def export(self, path: Path) -> None:
        assert self.report is not None
        try:
            path.write_text(FiguresService.as_csv(self.report), encoding="utf-8")
        except OSError as exc:
            self.message.setText(f"{path}: cannot be written ({exc.strerror or exc})")
            return
        self.message.setText(f"{len(self.report.rows)} row(s) written to {path}")


class BarChart:
    """A bar chart made once and refilled: its series and axes live as long as the view, and
    only the bar sets are replaced (deleted by Qt, on the GUI thread: never left to Python's
    garbage collector, which may run on the worker thread)."""

    def __init__(self, view: QChartView, title: str) -> None:
        self.chart = QChart()
        self.chart.setTitle(title)
        self.series = QBarSeries()
        self.chart.addSeries(self.series)
        self.axis_x = QBarCategoryAxis()
        self.chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        self.series.attachAxis(self.axis_x)
        self.axis_y = QValueAxis()
        self.chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series.attachAxis(self.axis_y)
        view.setChart(self.chart)

    def show(self, categories: Sequence[str], sets: dict[str, list[float]]) -> None:
        self.series.clear()
        self.axis_x.clear()
        self.axis_x.append(list(categories))
        for name, values in sets.items():
            bar_set = QBarSet(name)
            bar_set.append(values)
            self.series.append(bar_set)
        top = max((v for values in sets.values() for v in values), default=0.0)
        self.axis_y.setRange(0, top * 1.1 if top > 0 else 1.0)
        self.chart.legend().setVisible(bool(sets))
