"""The team lead's dashboards: charts (pyqtgraph) beside their tables, a period picker, the
script funnel, and CSV/XLSX export of every chart and table.

The view holds no session: it gets a :class:`DashboardSource` (``agent_desk.data.dashboards.
DashboardService``) and calls it on the task runner's workers; exports are written on the disk
lane. Charts keep time running left to right in both languages (as a spreadsheet's chart does);
the tables and the bar follow the UI's direction.
"""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import pyqtgraph as pg
from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from agent_desk import exports
from agent_desk.data.dashboards import (
    Comparison,
    Dashboard,
    DashboardError,
    DashboardFilter,
    Dimension,
    Figure,
    Funnel,
    Period,
    Point,
    ScriptVersionChoice,
)
from agent_desk.ui.i18n import ISRAEL, current_language, date_edit, money, pick, short_date
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import Lane, TaskRunner, describe

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# A chart draws at most this many lines (the busiest groups); the table has them all.
MAX_LINES = 8
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf")


class DashboardSource(Protocol):
    """What the dashboards need from the desk (``agent_desk.data.dashboards.DashboardService``)."""

    def dashboard(self, flt: DashboardFilter, dimension: Dimension = Dimension.ALL) -> Dashboard: ...

    def script_versions(self) -> list[ScriptVersionChoice]: ...

    def funnel(self, version_id: uuid.UUID, flt: DashboardFilter) -> Funnel: ...

    def compare(self, version_a: uuid.UUID, version_b: uuid.UUID, flt: DashboardFilter) -> Comparison: ...


# --- formatting --------------------------------------------------------------------------


def percent(value: float | None) -> str:
    return "" if value is None else QLocale().toString(value * 100, "f", 1) + "%"


def count(value: int | None) -> str:
    return "" if value is None else QLocale().toString(int(value))


def decimal(value: float | None) -> str:
    return "" if value is None else QLocale().toString(value, "f", 1)


def shekels(value: Any) -> str:
    return "" if value is None else money(value)


def bucket_text(day: date, period: Period) -> str:
    if period is Period.MONTH:
        return QDate(day.year, day.month, 1).toString("MM/yyyy")
    return short_date(day)


# --- a table whose columns are data -------------------------------------------------------


@dataclass(frozen=True)
class Col:
    """A column: its header (marked for "DashboardColumns"), its raw value (what exports and
    sorting use) and how the raw value shows."""

    title: str
    raw: Callable[[Any], Any]
    text: Callable[[Any], str] = str
    numeric: bool = True


def _title(column: Col) -> str:
    return QCoreApplication.translate("DashboardColumns", column.title)


class RowsModel(QAbstractTableModel):
    """Read-only rows with the columns given; ``SORT_ROLE`` is the raw value."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns: tuple[Col, ...] = ()
        self.rows: tuple[Any, ...] = ()

    def set_rows(self, columns: Sequence[Col], rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.columns, self.rows = tuple(columns), tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return _title(self.columns[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)) \
                or not (0 <= index.column() < len(self.columns)):
            return None
        column, row = self.columns[index.column()], self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(column.raw(row))
        if role == SORT_ROLE:
            return column.raw(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def table(self, title: str) -> exports.Table:
        """The rows as an export: translated headers, raw values (numbers stay numbers)."""
        raws = [[column.raw(row) for column in self.columns] for row in self.rows]
        return exports.Table(title, [_title(c) for c in self.columns], raws, right_to_left=current_language() == "he")


def _table_view(model: RowsModel, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setAlternatingRowColors(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setStretchLastSection(True)
    return view


# --- exporting ---------------------------------------------------------------------------


def ask_export_path(parent: QWidget, suggested: str, formats: tuple[str, ...]) -> Path | None:
    """The save dialog (tests replace :attr:`ExportButtons.ask_path`)."""
    filters = []
    if "xlsx" in formats:
        filters.append(QCoreApplication.translate("DashboardView", "Excel workbook (*.xlsx)"))
    filters.append(QCoreApplication.translate("DashboardView", "CSV, UTF-8 (*.csv)"))
    chosen, _ = QFileDialog.getSaveFileName(parent, QCoreApplication.translate("DashboardView", "Export"),
                                            suggested, ";;".join(filters))
    return Path(chosen) if chosen else None


class ExportButtons(QWidget):
    """CSV and XLSX buttons for one table; the file is written on the runner's disk lane.

    Signals:
        exported(object, int): the path written and its rows.
        message(str): what happened, for the view's status line.
    """

    exported = Signal(object, int)
    message = Signal(str)

    def __init__(self, runner: TaskRunner, table: Callable[[], exports.Table | None], name: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._table = table
        self.ask_path: Callable[[QWidget, str, tuple[str, ...]], Path | None] = ask_export_path
        self.csv_button = QPushButton(self.tr("Export CSV"))
        self.csv_button.setObjectName(f"{name}Csv")
        self.xlsx_button = QPushButton(self.tr("Export Excel"))
        self.xlsx_button.setObjectName(f"{name}Xlsx")
        self.csv_button.clicked.connect(lambda: self.export("csv"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(self.csv_button)
        row.addWidget(self.xlsx_button)

    def export(self, kind: str) -> None:
        table = self._table()
        if table is None or not table.rows:
            self.message.emit(self.tr("Nothing to export yet."))
            return
        formats = exports.formats_for(table)
        if kind == "xlsx" and "xlsx" not in formats:
            self.message.emit(self.tr("%n rows are more than an Excel sheet holds: export as CSV.", "",
                                      len(table.rows)))
            kind = "csv"
        path = self.ask_path(self, f"{exports.sheet_name(table.title)}.{kind}", formats)
        if path is None:
            return
        if not path.suffix:
            path = path.with_suffix(f".{kind}")
        if path.suffix.lower() == ".xlsx" and "xlsx" not in formats:
            path = path.with_suffix(".csv")

        def done(rows: int) -> None:
            self.message.emit(self.tr("Exported %n rows to %1.", "", rows).replace("%1", f"\u2066{path.name}\u2069"))
            self.exported.emit(path, rows)

        def failed(exc: Exception) -> None:
            text = str(exc) if isinstance(exc, exports.ExportError) else describe(exc)
            self.message.emit(self.tr("The export was not written: %1").replace("%1", text))

        self.runner.submit(lambda: exports.export(table, path), done, failed, lane=Lane.DISK)


# --- charts --------------------------------------------------------------------------------


def _chart(name: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setObjectName(name)
    # Axes stay where a chart reader expects them in both languages (values on the left).
    plot.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    plot.getPlotItem().setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    plot.showGrid(x=False, y=True, alpha=0.3)
    plot.setMinimumHeight(100)  # fits under the lead view's approval queue at 1366x768
    plot.getPlotItem().addLegend(offset=(-10, 5), labelTextColor="#333", brush=(255, 255, 255, 220),
                                 pen="#bbb")
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setTextPen("#333")
        plot.getAxis(axis).setPen("#888")
    return plot


def _draw_lines(plot: pg.PlotWidget, figure: Figure, value: Callable[[Point], float | None],
                scale: float = 1.0) -> int:
    """A line per group (the busiest :data:`MAX_LINES`) over the buckets; lines drawn."""
    plot.clear()
    item = plot.getPlotItem()
    if item.legend is not None:
        item.legend.clear()
    ticks = [(i, bucket_text(b, figure.flt.period)) for i, b in enumerate(figure.buckets)]
    step = max(1, -(-len(ticks) // 8))  # at most eight dates under the axis
    plot.getAxis("bottom").setTicks([ticks[::step]])
    plot.getAxis("left").setTicks(None)
    plot.getAxis("left").setStyle(tickFont=plot.font(), textFillLimits=[(0, 0.8), (2, 0.6), (4, 0.4), (6, 0.2)])
    plot.getAxis("left").setWidth(None)
    if item.legend is not None:
        item.legend.anchor((1, 0), (1, 0), offset=(-10, 5))
    busiest = sorted(figure.totals, key=lambda t: -t.calls - t.saves)[:MAX_LINES]
    names = {g.key: pick(g.label_he, g.label_en) for g in figure.groups}
    index = {b: i for i, b in enumerate(figure.buckets)}
    drawn = 0
    for n, total in enumerate(busiest):
        xs, ys = [], []
        for p in figure.points:
            if p.group == total.group and p.bucket in index:
                v = value(p)
                if v is not None:
                    xs.append(index[p.bucket])
                    ys.append(v * scale)
        if xs:
            colour = _PALETTE[n % len(_PALETTE)]
            plot.plot(xs, ys, pen=pg.mkPen(colour, width=2), symbol="o", symbolSize=6, symbolBrush=colour,
                      name=html.escape(names.get(total.group, total.group)))  # the legend is rich text
            drawn += 1
    return drawn


def _draw_bars(plot: pg.PlotWidget, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]]) -> None:
    """Grouped horizontal bars: a row per label (read top down, labels whole on the axis), one
    bar per series (name, values, colour)."""
    plot.clear()
    item = plot.getPlotItem()
    if item.legend is not None:
        item.legend.clear()
    height = 0.8 / max(1, len(series))
    rows = len(labels)
    for n, (name, values, colour) in enumerate(series):
        ys = [rows - 1 - i + 0.4 - height * (n + 0.5) for i in range(len(values))]
        plot.addItem(pg.BarGraphItem(x0=0, y=ys, height=height * 0.95, width=list(values), brush=colour, pen=colour,
                                     name=name))
    left = plot.getAxis("left")
    font = QFont(plot.font())
    font.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    # Every label drawn, even when they fill the axis (pyqtgraph drops them past 80%), and whole.
    left.setStyle(tickFont=font, textFillLimits=[(0, 1.0)])
    left.setTicks([[(rows - 1 - i, text) for i, text in enumerate(labels)]])
    widest = max((QFontMetrics(font).horizontalAdvance(text) for text in labels), default=0)
    left.setWidth(min(widest + 24, 320))
    plot.getAxis("bottom").setTicks(None)
    if item.legend is not None:
        item.legend.anchor((1, 1), (1, 1), offset=(-10, -10))  # bottom right, where bars are short


# --- the view ------------------------------------------------------------------------------


def _today() -> date:
    return datetime.now(ISRAEL).date()


@dataclass
class _Tab:
    """One figure's page: chart, table, export buttons."""

    name: str
    title: str  # marked with QT_TRANSLATE_NOOP("DashboardView", ...)
    chart: pg.PlotWidget
    model: RowsModel
    table: QTableView
    buttons: ExportButtons


_TAB_TITLES = {
    "save_rate": QT_TRANSLATE_NOOP("DashboardView", "Save rate"),
    "handle_time": QT_TRANSLATE_NOOP("DashboardView", "Handle time"),
    "saves_kept": QT_TRANSLATE_NOOP("DashboardView", "Saves kept at 90 days"),
    "offer_value": QT_TRANSLATE_NOOP("DashboardView", "Offer cost and revenue"),
    "repeat_contacts": QT_TRANSLATE_NOOP("DashboardView", "Repeat contacts"),
}


class DashboardView(QWidget):
    """The lead's dashboards: a bar (dates, period, grouping), a tab per figure, the funnel.

    Signals:
        loaded(object): the :class:`Dashboard` now shown.
    """

    loaded = Signal(object)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from agent_desk.ui.funnel_view import FunnelView  # its own module; it uses ours

        self.runner = runner
        self.source: DashboardSource | None = None
        self.board: Dashboard | None = None
        self.date_from = date_edit("dashboardFrom")
        self.date_to = date_edit("dashboardTo")
        self.period = QComboBox()
        self.period.setObjectName("dashboardPeriod")
        for text, value in ((self.tr("Days"), Period.DAY), (self.tr("Weeks"), Period.WEEK),
                            (self.tr("Months"), Period.MONTH)):
            self.period.addItem(text, value.value)
        self.period.setCurrentIndex(1)
        self.dimension = QComboBox()
        self.dimension.setObjectName("dashboardDimension")
        for text, value in ((self.tr("Whole team"), Dimension.ALL), (self.tr("By agent"), Dimension.AGENT),
                            (self.tr("By team"), Dimension.TEAM), (self.tr("By reason"), Dimension.REASON),
                            (self.tr("By offer"), Dimension.OFFER)):
            self.dimension.addItem(text, value.value)
        self.refresh_button = QPushButton(self.tr("&Show"))
        self.refresh_button.setObjectName("dashboardShow")
        self.refresh_button.clicked.connect(self.refresh)
        self.status = QLabel()
        plain(self.status)
        self.status.setObjectName("dashboardStatus")
        self.status.setWordWrap(True)
        today = _today()
        self.set_range(today - timedelta(days=90), today)

        bar = QHBoxLayout()
        # Alt+letters clear of the window's menus and the lead view's buttons and tabs.
        for text, widget in ((self.tr("Fro&m"), self.date_from), (self.tr("U&ntil"), self.date_to),
                             (self.tr("P&eriod"), self.period), (self.tr("&Group by"), self.dimension)):
            caption = QLabel(text)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.refresh_button)
        bar.addStretch(1)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("dashboardTabs")
        self.pages: dict[str, _Tab] = {}
        for name, title in _TAB_TITLES.items():
            self.pages[name] = self._page(name, title)
        self.funnel = FunnelView(runner)
        self.tabs.addTab(self.funnel, self.tr("Script funnel"))
        self.funnel.message.connect(self.status.setText)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)

    def _page(self, name: str, title: str) -> _Tab:
        chart = _chart(f"{name}Chart")
        model = RowsModel(self)
        table = _table_view(model, f"{name}Table")
        page = QWidget()
        page.setObjectName(f"{name}Page")
        tab = _Tab(name, title, chart, model, table, None)  # type: ignore[arg-type]
        buttons = ExportButtons(self.runner, lambda: model.table(QCoreApplication.translate("DashboardView", title)),
                                name, page)
        buttons.message.connect(self.status.setText)
        tab.buttons = buttons
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(chart)
        split.addWidget(table)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([680, 640])
        box = QVBoxLayout(page)
        box.addWidget(split, 1)
        box.addWidget(buttons)
        self.tabs.addTab(page, QCoreApplication.translate("DashboardView", title))
        return tab

    # -- the bar --

    def set_range(self, start: date, end: date) -> None:
        self.date_from.setDate(QDate(start.year, start.month, start.day))
        self.date_to.setDate(QDate(end.year, end.month, end.day))

    def current_filter(self) -> DashboardFilter:
        start, end = self.date_from.date(), self.date_to.date()
        return DashboardFilter(date(start.year(), start.month(), start.day()),
                               date(end.year(), end.month(), end.day()), Period(self.period.currentData()))

    def current_dimension(self) -> Dimension:
        return Dimension(self.dimension.currentData())

    # -- loading --

    def set_source(self, source: DashboardSource | None) -> None:
        self.source = source
        self.funnel.set_source(source, self.current_filter)
        if source is not None:
            self.refresh()

    def refresh(self) -> None:
        source = self.source
        if source is None:
            return
        try:
            flt = self.current_filter().check()
        except DashboardError as exc:
            self.status.setText(self._explain(exc))
            return
        dimension = self.current_dimension()
        self.status.setText(self.tr("Loading…"))
        self.refresh_button.setEnabled(False)

        def failed(exc: Exception) -> None:
            self.refresh_button.setEnabled(True)
            self.status.setText(self._explain(exc) if isinstance(exc, DashboardError) else describe(exc))

        self.runner.submit(lambda: source.dashboard(flt, dimension), self.show_dashboard, failed,
                           latest="dashboard")

    def _explain(self, exc: DashboardError) -> str:
        text = str(exc)
        if "after the end" in text:
            return self.tr("The start date is after the end date.")
        if "daily" in text:
            return self.tr("Days cover at most a year: pick weeks or months.")
        return self.tr("That range is too long for a dashboard: at most three years.")

    def show_dashboard(self, board: Dashboard) -> None:
        self.refresh_button.setEnabled(True)
        self.board = board
        period = board.flt.period
        names = {g.key: pick(g.label_he, g.label_en) for g in board.calls.groups}
        offer_names = {g.key: pick(g.label_he, g.label_en) for g in board.offers.groups}
        kept_names = {g.key: pick(g.label_he, g.label_en) for g in board.kept.groups}
        when = Col(QT_TRANSLATE_NOOP("DashboardColumns", "From"), lambda p: p.bucket,
                   lambda v: bucket_text(v, period), numeric=False)

        def group(names: dict[str, str]) -> Col:
            return Col(QT_TRANSLATE_NOOP("DashboardColumns", "Group"), lambda p: names.get(p.group, p.group), str,
                       numeric=False)

        calls = Col(QT_TRANSLATE_NOOP("DashboardColumns", "Calls"), lambda p: p.calls, count)
        self._fill("save_rate", [when, group(names), calls,
                                 Col(QT_TRANSLATE_NOOP("DashboardColumns", "Saves"), lambda p: p.saves, count),
                                 Col(QT_TRANSLATE_NOOP("DashboardColumns", "Save rate"), lambda p: p.save_rate,
                                     percent)],
                   board.calls.points)
        _draw_lines(self.pages["save_rate"].chart, board.calls, lambda p: p.save_rate, 100)
        self._fill("handle_time", [when, group(names), calls,
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Average handle time (min)"),
                                       lambda p: _minutes(p.avg_handle), decimal),
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Average wrap-up time (min)"),
                                       lambda p: _minutes(p.avg_wrapup), decimal)],
                   [p for p in board.calls.points if p.handled])
        _draw_lines(self.pages["handle_time"].chart, board.calls, lambda p: p.avg_handle, 1 / 60)
        self._fill("saves_kept", [when, group(kept_names),
                                  Col(QT_TRANSLATE_NOOP("DashboardColumns", "Saves"), lambda p: p.calls, count),
                                  Col(QT_TRANSLATE_NOOP("DashboardColumns", "Checked at 90 days"),
                                      lambda p: p.checked, count),
                                  Col(QT_TRANSLATE_NOOP("DashboardColumns", "Still active"), lambda p: p.kept, count),
                                  Col(QT_TRANSLATE_NOOP("DashboardColumns", "Kept"), lambda p: p.kept_rate, percent)],
                   board.kept.points)
        _draw_lines(self.pages["saves_kept"].chart, board.kept, lambda p: p.kept_rate, 100)
        self._fill("offer_value", [when, group(offer_names),
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Saves with the offer"),
                                       lambda p: p.saves, count),
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Offer cost"), lambda p: p.cost, shekels),
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Retained revenue (12 months)"),
                                       lambda p: p.revenue, shekels),
                                   Col(QT_TRANSLATE_NOOP("DashboardColumns", "Net"), lambda p: p.net, shekels)],
                   board.offers.points)
        totals = sorted(board.offers.totals, key=lambda t: -t.revenue)[:MAX_LINES]
        _draw_bars(self.pages["offer_value"].chart, [offer_names.get(t.group, t.group) for t in totals],
                   [(self.tr("Offer cost"), [float(t.cost) for t in totals], "#d62728"),
                    (self.tr("Retained revenue"), [float(t.revenue) for t in totals], "#2ca02c")])
        self._fill("repeat_contacts", [when,
                                       Col(QT_TRANSLATE_NOOP("DashboardColumns", "Calls"), lambda p: p.calls, count),
                                       Col(QT_TRANSLATE_NOOP("DashboardColumns", "Repeat contacts"),
                                           lambda p: p.repeats, count),
                                       Col(QT_TRANSLATE_NOOP("DashboardColumns", "Repeat rate"),
                                           lambda p: p.repeat_rate, percent)],
                   board.repeats.points)
        _draw_lines(self.pages["repeat_contacts"].chart, board.repeats, lambda p: p.repeat_rate, 100)
        total = board.calls.totals
        calls_n = sum(t.calls for t in total)
        saves_n = sum(t.saves for t in total)
        self.status.setText(self.tr("%n calls; save rate %1.", "", calls_n)
                            .replace("%1", percent(saves_n / calls_n if calls_n else None) or "—"))
        self.loaded.emit(board)

    def _fill(self, name: str, columns: list[Col], rows: Sequence[Any]) -> None:
        self.pages[name].model.set_rows(columns, rows)


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)
