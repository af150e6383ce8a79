"""Referrals from satisfied customers, for sales: the list and its export (CSV or XLSX).

The list is what the person at the desk may see (their calls; a lead the team's; admins
all). Export writes CSV (UTF-8 with a byte-order mark) or XLSX (right to left in Hebrew)
on a worker; the file name comes from :meth:`ReferralsView.ask_file`, which tests replace.

Signals:
    failed(str): a message for the window's banner.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.proactive import referrals
from agent_desk.proactive.referrals import ReferralRow
from agent_desk.proactive.work import WorkQueue
from agent_desk.ui.i18n import current_language
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import TaskRunner, describe

_Index = QModelIndex | QPersistentModelIndex


class ReferralTableModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ReferralRow] = []

    def set_rows(self, rows: Sequence[ReferralRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(referrals.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return referrals.headers(current_language())[section]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return str(self.rows[index.row()].cells(current_language())[index.column()]).lstrip("'")


class ReferralsView(QWidget):
    """The referrals list with Export (see the module docstring)."""

    failed = Signal(str)
    exported = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.queue: WorkQueue | None = None
        self.consented_only = QCheckBox(self.tr("Only people who agreed to be &called"))
        self.consented_only.setChecked(True)
        self.consented_only.toggled.connect(lambda _on: self.refresh())
        self.export_button = QPushButton(self.tr("&Export for sales…"))
        self.export_button.clicked.connect(self.export)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.note = QLabel()
        plain(self.note)  # an export's path, an error's words
        self.model = ReferralTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        top = QHBoxLayout()
        top.addWidget(self.consented_only)
        top.addStretch(1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)

    def set_desk(self, desk: Any) -> None:
        self.queue = WorkQueue(desk) if desk is not None else None
        self.refresh()

    def refresh(self) -> None:
        if self.queue is None:
            return
        queue, consented = self.queue, self.consented_only.isChecked()
        self.runner.submit(lambda: queue.referrals(consented), self._show, self._failed, latest="referrals")

    def _show(self, rows: object) -> None:
        listed = list(rows) if isinstance(rows, list) else []
        self.model.set_rows(listed)
        self.note.setText(self.tr("%n referrals", "", len(listed)))

    def _failed(self, exc: Exception) -> None:
        self.failed.emit(describe(exc))

    def ask_file(self) -> Path | None:
        name, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Export referrals"), "referrals.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV, UTF-8 (*.csv)"))
        return Path(name) if name else None

    def export(self) -> None:
        path = self.ask_file()
        if path is None:
            return
        if path.suffix.lower() not in (".csv", ".xlsx"):
            path = path.with_suffix(".xlsx")
        rows, language = list(self.model.rows), current_language()

        def done(_result: object) -> None:
            self.note.setText(self.tr("Exported %n referrals to %1", "", len(rows)).replace("%1", str(path)))
            self.exported.emit(str(path))

        self.runner.submit(lambda: referrals.export(rows, path, language), done, self._failed)
