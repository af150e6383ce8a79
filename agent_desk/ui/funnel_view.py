"""The script funnel: where customers are won or lost, step by step and answer by answer, for
one script version (A) and, side by side, another (B), with B's save rate against A's and the
95% interval of the difference (Newcombe's method; ``docs/dashboards.md``).

Holds no session: it calls the dashboards' source on the task runner; exports as the
dashboards do.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from agent_desk.data.dashboards import Comparison, DashboardError, DashboardFilter, Funnel, ScriptVersionChoice
from agent_desk.ui.dashboard_view import (
    Col,
    DashboardSource,
    ExportButtons,
    RowsModel,
    _chart,
    _draw_bars,
    _table_view,
    count,
    percent,
)
from agent_desk.ui.i18n import pick
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, describe


@dataclass(frozen=True)
class FunnelRow:
    """A line of the funnel table: a step, or an answer under it (``answer`` set)."""

    step: str
    step_text: str
    answer: str | None
    answer_text: str
    calls: int
    saves: int
    losses: int
    ended_here: int | None

    @property
    def save_rate(self) -> float | None:
        return self.saves / self.calls if self.calls else None


def funnel_rows(funnel: Funnel) -> list[FunnelRow]:
    rows = []
    for step in funnel.steps:
        text = pick(step.label_he, step.label_en)
        rows.append(FunnelRow(step.step, text, None, "", step.reached, step.saves, step.losses, step.ended_here))
        for answer in step.answers:
            rows.append(FunnelRow(step.step, text, answer.answer, pick(answer.label_he, answer.label_en),
                                  answer.calls, answer.saves, answer.losses, None))
    return rows


COLUMNS = (
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Step"), lambda r: r.step_text if r.answer is None else "",
        numeric=False),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Answer"), lambda r: r.answer_text, numeric=False),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Calls"), lambda r: r.calls, count),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Saves"), lambda r: r.saves, count),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Cancelled"), lambda r: r.losses, count),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Save rate"), lambda r: r.save_rate, percent),
    Col(QT_TRANSLATE_NOOP("DashboardColumns", "Ended here"), lambda r: r.ended_here, count),
)


class FunnelView(QWidget):
    """Version A's funnel, version B's beside it, and the difference between them.

    Signals:
        compared(object): the :class:`Comparison` now shown.
        message(str): a line for the dashboard's status.
    """

    compared = Signal(object)
    message = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.source: DashboardSource | None = None
        self._filter: Callable[[], DashboardFilter] | None = None
        self.comparison: Comparison | None = None
        self.version_a = QComboBox()
        self.version_a.setObjectName("funnelVersionA")
        self.version_b = QComboBox()
        self.version_b.setObjectName("funnelVersionB")
        for combo in (self.version_a, self.version_b):
            combo.setMinimumContentsLength(22)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.compare_button = QPushButton(self.tr("&Compare"))
        self.compare_button.setObjectName("funnelCompare")
        self.compare_button.clicked.connect(self.compare)
        self.result = QLabel()
        self.result.setObjectName("funnelResult")
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.models = {"a": RowsModel(self), "b": RowsModel(self)}
        self.tables = {k: _table_view(model, f"funnelTable{k.upper()}") for k, model in self.models.items()}
        self.titles = {"a": QLabel(), "b": QLabel()}
        plain(*self.titles.values())  # the scripts' titles as their authors wrote them
        self.buttons = {k: ExportButtons(runner, lambda k=k: self._export_table(k), f"funnel{k.upper()}")
                        for k in ("a", "b")}
        for b in self.buttons.values():
            b.message.connect(self.message)
        self.chart = _chart("funnelChart")
        self.chart.setMinimumHeight(80)  # room for the tables under the lead view's queue

        top = QGridLayout()
        top.addWidget(QLabel(self.tr("Version &A")), 0, 0)
        top.addWidget(self.version_a, 0, 1)
        top.addWidget(QLabel(self.tr("Version &B")), 0, 2)
        top.addWidget(self.version_b, 0, 3)
        top.addWidget(self.compare_button, 0, 4)
        top.setColumnStretch(5, 1)
        for column, combo in ((0, self.version_a), (2, self.version_b)):
            caption = top.itemAtPosition(0, column).widget()
            if isinstance(caption, QLabel):
                caption.setBuddy(combo)
        sides = QSplitter(Qt.Orientation.Horizontal)
        for key in ("a", "b"):
            side = QWidget()
            box = QVBoxLayout(side)
            box.setContentsMargins(0, 0, 0, 0)
            self.titles[key].setObjectName(f"funnelTitle{key.upper()}")
            box.addWidget(self.titles[key])
            box.addWidget(self.tables[key], 1)
            box.addWidget(self.buttons[key])
            sides.addWidget(side)
        main = QSplitter(Qt.Orientation.Vertical)
        main.addWidget(self.chart)
        main.addWidget(sides)
        main.setStretchFactor(0, 1)
        main.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.result)
        layout.addWidget(main, 1)

    def _export_table(self, key: str) -> Any:
        if self.comparison is None:
            return None
        side = self.comparison.a if key == "a" else self.comparison.b
        title = self.tr("Funnel %1 v%2").replace("%1", pick(side.title_he, side.title_en)) \
            .replace("%2", str(side.version))
        return self.models[key].table(title)

    def set_source(self, source: DashboardSource | None, current_filter: Callable[[], DashboardFilter]) -> None:
        self.source, self._filter = source, current_filter
        if source is None:
            return

        def failed(exc: Exception) -> None:
            self.message.emit(describe(exc))

        self.runner.submit(source.script_versions, self._show_versions, failed)

    def _show_versions(self, versions: list[ScriptVersionChoice]) -> None:
        for n, combo in enumerate((self.version_a, self.version_b)):
            keep = combo.currentData()
            combo.clear()
            for v in versions:
                text = self.tr("%1 v%2").replace("%1", pick(v.title_he, v.title_en)).replace("%2", str(v.version))
                combo.addItem(text, str(v.id))
            index = combo.findData(keep) if keep else -1
            # By default B is the newest version of a script and A the one before it.
            combo.setCurrentIndex(index if index >= 0 else min(1 - n, combo.count() - 1))

    def select(self, version_a: uuid.UUID, version_b: uuid.UUID) -> None:
        self.version_a.setCurrentIndex(self.version_a.findData(str(version_a)))
        self.version_b.setCurrentIndex(self.version_b.findData(str(version_b)))

    def compare(self) -> None:
        source = self.source
        a, b = self.version_a.currentData(), self.version_b.currentData()
        if source is None or self._filter is None or not a or not b:
            self.message.emit(self.tr("Pick two script versions to compare."))
            return
        try:
            flt = self._filter().check()
        except DashboardError as exc:
            self.message.emit(str(exc))
            return
        self.compare_button.setEnabled(False)

        def failed(exc: Exception) -> None:
            self.compare_button.setEnabled(True)
            self.message.emit(describe(exc))

        self.runner.submit(lambda: source.compare(uuid.UUID(a), uuid.UUID(b), flt), self.show_comparison, failed,
                           latest="funnel")

    def show_comparison(self, comparison: Comparison) -> None:
        self.compare_button.setEnabled(True)
        self.comparison = comparison
        for key, side in (("a", comparison.a), ("b", comparison.b)):
            self.models[key].set_rows(COLUMNS, funnel_rows(side))
            self.titles[key].setText(
                self.tr("%1 v%2: %n calls, save rate %3", "", side.calls)
                .replace("%1", pick(side.title_he, side.title_en)).replace("%2", str(side.version))
                .replace("%3", percent(side.save_rate) or "—"))
        self.result.setText(self.verdict(comparison))
        steps = [s.step for s in comparison.a.steps]
        steps += [s.step for s in comparison.b.steps if s.step not in steps]
        labels = {}
        for side in (comparison.a, comparison.b):
            for s in side.steps:
                labels.setdefault(s.step, pick(s.label_he, s.label_en))

        def share(side: Funnel) -> list[float]:
            reached = {s.step: s.reached for s in side.steps}
            return [100.0 * reached.get(s, 0) / side.calls if side.calls else 0.0 for s in steps]

        _draw_bars(self.chart, [labels[s] for s in steps],
                   [(self.tr("A: calls reaching the step (%)"), share(comparison.a), "#1f77b4"),
                    (self.tr("B: calls reaching the step (%)"), share(comparison.b), "#ff7f0e")])
        self.compared.emit(comparison)

    def verdict(self, c: Comparison) -> str:
        """One line: B against A in points, the interval, and the sample sizes."""
        if c.difference is None or c.low is None or c.high is None:
            return self.tr("Both versions need calls with an outcome in this range to compare them.")

        def points(value: float) -> str:
            return f"\u200e{value * 100:+.1f}\u200e"  # left-to-right marks: the sign stays in front

        sizes = self.tr("A: %1 of %2 calls saved; B: %3 of %4.").replace("%1", count(c.a.saves)) \
            .replace("%2", count(c.a.calls)).replace("%3", count(c.b.saves)).replace("%4", count(c.b.calls))
        line = self.tr("B's save rate minus A's: %1 points (95% confidence interval %2 to %3).") \
            .replace("%1", points(c.difference)).replace("%2", points(c.low)).replace("%3", points(c.high))
        if c.significant:
            judgement = self.tr("The difference is unlikely to be chance.")
        else:
            judgement = self.tr("Not enough evidence of a difference yet.")
        return " ".join((line, sizes, judgement))

