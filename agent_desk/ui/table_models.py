"""Table models for the data lists (model/view, never QTableWidget).

:class:`RecordTableModel` shows a tuple of frozen dataclasses; each subclass names its
columns once. ``SORT_ROLE`` gives the raw value, so a ``QSortFilterProxyModel`` sorts dates
as dates and money as numbers, not as the displayed text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from agent_desk.churn import Contribution
from agent_desk.desk import BillingLine, RetentionAttempt, SubscriptionLine, TimelineEntry
from agent_desk.domain import BillingKind, SubscriptionStatus
from agent_desk.ui.i18n import money, pick, short_date
from agent_desk.ui.labels import label, local_time
from agent_desk.ui.plain_text import plain_tip

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = "TableHeaders"
_ATTENTION = QBrush(QColor("#b3261e"))
_ANSWERED = frozenset({int(Qt.ItemDataRole.DisplayRole), int(SORT_ROLE), int(Qt.ItemDataRole.TextAlignmentRole),
                       int(Qt.ItemDataRole.ForegroundRole)})


@dataclass(frozen=True)
class Column:
    title: str  # marked with QT_TRANSLATE_NOOP("TableHeaders", ...)
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    numeric: bool = False
    stretch: bool = False  # takes the width left over (long free text)


class RecordTableModel(QAbstractTableModel):
    """A read-only table over a sequence of frozen dataclasses."""

    columns: tuple[Column, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: tuple[Any, ...] = ()
        # What data() answered, by (row, column, role): a view asks for the same cell on
        # every paint (and a sorting proxy for the sort key on every comparison), and the
        # answer is formatted text (times in Israel's zone, translated labels). Dropped
        # whenever the rows change; the language is fixed while the app runs.
        self._answers: dict[tuple[int, int, int], Any] = {}

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self._answers.clear()
        self.endResetModel()

    def update_rows(self, rows: Sequence[Any], key: Callable[[Any], Any]) -> None:
        """Bring the table to ``rows`` in place: rows whose ``key`` is gone are removed, known
        ones are updated (``dataChanged``), new ones are appended. A live table keeps the
        user's selection and scroll position across refreshes (no model reset)."""
        wanted = {key(r): r for r in rows}
        current = list(self._rows)
        for index in range(len(current) - 1, -1, -1):
            if key(current[index]) not in wanted:
                self.beginRemoveRows(QModelIndex(), index, index)
                del current[index]
                self._rows = tuple(current)
                self._answers.clear()
                self.endRemoveRows()
        last_column = max(len(self.columns) - 1, 0)
        for index, old in enumerate(current):
            new = wanted[key(old)]
            if new != old:
                current[index] = new
                self._rows = tuple(current)
                self._answers.clear()
                self.dataChanged.emit(self.index(index, 0), self.index(index, last_column))
        known = {key(r) for r in current}
        added = [r for r in rows if key(r) not in known]
        if added:
            self.beginInsertRows(QModelIndex(), len(current), len(current) + len(added) - 1)
            self._rows = tuple(current + added)
            self._answers.clear()
            self.endInsertRows()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return QCoreApplication.translate(_HEADERS, self.columns[section].title)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ANSWERED:
            return None  # Qt asks every cell for a dozen roles on each paint; most have no answer
        key = (index.row(), index.column(), role)
        try:
            return self._answers[key]
        except KeyError:
            pass
        if not index.isValid() or not (0 <= key[0] < len(self._rows)):
            return None
        answer = self._answers[key] = self._answer(self._rows[key[0]], self.columns[key[1]], role)
        return answer

    def _answer(self, record: Any, column: Column, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.text(record)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.attention(record)
        return None

    def attention(self, record: Any) -> QBrush | None:
        """A colour for rows that need the agent's eye (open complaints, cancellations)."""
        return None


class TimelineModel(RecordTableModel):
    KIND_COLUMN = 1
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda e: local_time(e.occurred_at),
               lambda e: e.occurred_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Kind"), lambda e: label(e.kind)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Channel"), lambda e: label(e.channel)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Subject"), lambda e: e.subject, stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Status"), lambda e: label(e.case_status)),
    )

    def attention(self, record: TimelineEntry) -> QBrush | None:
        return _ATTENTION if record.is_open_case else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            record = self.row_at(index.row())
            return plain_tip(record.body) or None  # a note as typed, never markup
        return super().data(index, role)


class TimelineFilter(QSortFilterProxyModel):
    """Filters the timeline by kind and by text in the subject or the note (any case)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self._kind: str | None = None
        self._text = ""

    def set_kind(self, kind: str | None) -> None:
        self._change_filter(lambda: setattr(self, "_kind", kind or None))

    def set_text(self, text: str) -> None:
        self._change_filter(lambda: setattr(self, "_text", text.strip().casefold()))

    def _change_filter(self, change: Callable[[], None]) -> None:
        # Qt 6.10+ wants the change bracketed (invalidateRowsFilter may be deferred there).
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:  # pragma: no cover - older Qt
            change()
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, TimelineModel) or source_row >= model.rowCount():
            return True
        entry: TimelineEntry = model.row_at(source_row)
        if self._kind and entry.kind != self._kind:
            return False
        if self._text:
            haystack = f"{entry.subject} {entry.body or ''}".casefold()
            return self._text in haystack
        return True


class SubscriptionModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Product"), lambda s: pick(s.product_he, s.product_en),
               stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Monthly price"), lambda s: money(s.monthly_price),
               lambda s: float(s.monthly_price), numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Since"), lambda s: short_date(s.started_on),
               lambda s: s.started_on.toordinal()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Commitment ends"), lambda s: short_date(s.commitment_end),
               lambda s: s.commitment_end.toordinal() if s.commitment_end else 0),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Status"), lambda s: label(s.status)),
    )
    # A commitment that ends this soon is the moment a customer can leave for free.
    COMMITMENT_WARNING_DAYS = 60

    def attention(self, record: SubscriptionLine) -> QBrush | None:
        if record.status == SubscriptionStatus.PENDING_CANCELLATION:
            return _ATTENTION
        if record.commitment_end and record.status != SubscriptionStatus.CANCELLED:
            days = (record.commitment_end - date.today()).days
            if -30 <= days <= self.COMMITMENT_WARNING_DAYS:
                return _ATTENTION
        return None


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:+.0f}%"


class BillingModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda b: local_time(b.occurred_at),
               lambda b: b.occurred_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Kind"), lambda b: label(b.kind)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Amount"), lambda b: money(b.amount), lambda b: float(b.amount),
               numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Change"), lambda b: _percent(b.change_percent),
               lambda b: b.change_percent or 0.0, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Days late"),
               lambda b: "" if b.days_late is None else str(b.days_late), lambda b: b.days_late or 0, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Description"), lambda b: b.description or "", stretch=True),
    )

    def attention(self, record: BillingLine) -> QBrush | None:
        late = record.kind == BillingKind.LATE_PAYMENT
        rise = record.kind == BillingKind.PRICE_CHANGE and (record.change_percent or 0) > 0
        return _ATTENTION if late or rise else None


class SurveyModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda p: local_time(p.responded_at),
               lambda p: p.responded_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Survey"), lambda p: label(p.kind)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Score"), lambda p: f"{p.score}/{10 if p.kind == 'nps' else 5}",
               lambda p: p.score, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Comment"), lambda p: p.comment or "", stretch=True),
    )


def _offers_text(attempt: RetentionAttempt) -> str:
    return "; ".join(f"{pick(o.title_he, o.title_en)} ({label(o.response)})" for o in attempt.offers)


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return QCoreApplication.translate("Labels", "Yes") if value else QCoreApplication.translate("Labels", "No")


class RetentionModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda a: local_time(a.started_at),
               lambda a: a.started_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reason"), lambda a: pick(a.reason_he, a.reason_en)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), lambda a: pick(a.disposition_he, a.disposition_en)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Offers"), _offers_text),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Still a customer 90 days later"),
               lambda a: _yes_no(a.still_active_90d)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Notes"), lambda a: a.notes or "", stretch=True),
    )


@dataclass(frozen=True)
class RiskLine:
    """One factor of the churn score as the agent reads it."""

    label_he: str
    label_en: str
    value: float
    weight: float
    # A learned model measures numbers from the average customer (churn.Contribution.baseline).
    baseline: float = 0.0

    @property
    def log_odds(self) -> float:
        return (self.value - self.baseline) * self.weight

    @classmethod
    def of(cls, contribution: Contribution, labels: dict[str, tuple[str, str]]) -> RiskLine:
        he, en = labels.get(contribution.factor, (contribution.factor, contribution.factor))
        return cls(he, en, contribution.value, contribution.weight, contribution.baseline)


class RiskModel(RecordTableModel):
    """Every factor of the churn score: its value, its weight and what it adds."""

    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Factor"), lambda r: pick(r.label_he, r.label_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Value"), lambda r: f"{r.value:g}", lambda r: r.value, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Weight"), lambda r: f"{r.weight:+.2f}", lambda r: r.weight,
               numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Adds to the risk"), lambda r: f"{r.log_odds:+.2f}",
               lambda r: r.log_odds, numeric=True),
    )

    def attention(self, record: RiskLine) -> QBrush | None:
        return _ATTENTION if record.log_odds >= 0.5 else None


def _attribute_value(value: str | bool) -> str:
    return _yes_no(value) if isinstance(value, bool) else value


class AttributeModel(RecordTableModel):
    """The customer's imported details that have no field of their own: (name, kind, value)."""

    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Detail"), lambda r: r[0]),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Value"), lambda r: _attribute_value(r[2]), stretch=True),
    )


def _duration(seconds: int | None) -> str:
    return "" if seconds is None else f"{seconds // 60}:{seconds % 60:02d}"


class CallLogModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Started"), lambda c: local_time(c.started_at),
               lambda c: c.started_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Agent"), lambda c: c.agent_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda c: c.customer_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reason"), lambda c: pick(c.reason_he, c.reason_en)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), lambda c: pick(c.disposition_he, c.disposition_en),
               stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Handle time"), lambda c: _duration(c.handle_seconds),
               lambda c: c.handle_seconds or 0, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Corrected to"),
               lambda c: f"{pick(c.corrected_he, c.corrected_en)} ({c.correction_reason})" if c.correction_reason
               else ""),
    )

class DispositionModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), lambda r: pick(r.label_he, r.label_en),
               stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Calls"), lambda r: f"{r.calls:,}", lambda r: r.calls,
               numeric=True),
    )


class ApprovalModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Asked"), lambda a: local_time(a.requested_at),
               lambda a: a.requested_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Agent"), lambda a: a.agent_name),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda a: f"{a.customer_name} ({label(a.value_tier)})"),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Reason"), lambda a: pick(a.reason_he, a.reason_en)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Offer"), lambda a: pick(a.offer_he, a.offer_en), stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Cost"), lambda a: money(a.cost) if a.cost is not None else "",
               lambda a: float(a.cost or 0), numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Answer by"), lambda a: local_time(a.expires_at)[-5:],
               lambda a: a.expires_at.timestamp()),
    )


def make_table_view(
    model: RecordTableModel, sortable: bool = True, proxy: QSortFilterProxyModel | None = None
) -> QTableView:
    """A read-only, row-selecting table over ``model`` (sorted through a proxy)."""
    view = QTableView()
    if sortable:
        if proxy is None:  # not "proxy or ...": an empty model is falsy
            proxy = QSortFilterProxyModel()
        # The view owns its proxy; the model belongs to whoever made it.
        proxy.setParent(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    # Tab moves on to the next control; the arrows walk the cells (a 59-row timeline is not
    # 59 × 5 Tab presses to get past).
    view.setTabKeyNavigation(False)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    for section, column in enumerate(model.columns):
        mode = QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(section, mode)
    return view
