"""Table models for the data lists (model/view, never QTableWidget).

:class:`RecordTableModel` shows a tuple of frozen dataclasses; each subclass names its
columns once. ``SORT_ROLE`` gives the raw value, so a ``QSortFilterProxyModel`` sorts dates
as dates and money as numbers, not as the displayed text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

from agent_desk.data.queries import SubscriptionLine, TimelineEntry
from agent_desk.domain import CaseStatus, SubscriptionStatus
from agent_desk.ui.i18n import money, pick, short_date
from agent_desk.ui.labels import label, local_time

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
_HEADERS = "TableHeaders"
_ATTENTION = QBrush(QColor("#b3261e"))


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

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = tuple(rows)
        self.endResetModel()

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
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        record = self._rows[index.row()]
        column = self.columns[index.column()]
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
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda e: local_time(e.occurred_at),
               lambda e: e.occurred_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Kind"), lambda e: label(e.kind)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Channel"), lambda e: label(e.channel)),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Subject"), lambda e: e.subject, stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Status"), lambda e: label(e.case_status)),
    )

    def attention(self, record: TimelineEntry) -> QBrush | None:
        return _ATTENTION if record.case_status in (CaseStatus.OPEN, CaseStatus.IN_PROGRESS) else None


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

    def attention(self, record: SubscriptionLine) -> QBrush | None:
        return _ATTENTION if record.status == SubscriptionStatus.PENDING_CANCELLATION else None


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
    )

class DispositionModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Outcome"), lambda r: pick(r.label_he, r.label_en),
               stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Calls"), lambda r: f"{r.calls:,}", lambda r: r.calls,
               numeric=True),
    )


def make_table_view(model: RecordTableModel, sortable: bool = True) -> QTableView:
    """A read-only, row-selecting table over ``model`` (sorted through a proxy)."""
    view = QTableView()
    if sortable:
        proxy = QSortFilterProxyModel(model)
        proxy.setSourceModel(model)
        proxy.setSortRole(SORT_ROLE)
        view.setModel(proxy)
        view.setSortingEnabled(True)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    header = view.horizontalHeader()
    for section, column in enumerate(model.columns):
        mode = QHeaderView.ResizeMode.Stretch if column.stretch else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(section, mode)
    return view
