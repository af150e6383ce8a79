"""The agent's proactive work queue: take the next task, see my tasks, skip or snooze them.

Every database call runs on the task runner; the view keeps plain ``QueueTask`` rows.
"Next task" (Ctrl+N) claims the most urgent task on the server and emits
:attr:`WorkQueueView.workTask`; the main window pops that customer into the agent view with
the task's script. Skip (Ctrl+K) and snooze (Alt+O) a task I hold ask for a reason in a
dialog whose ``ask`` tests can replace; Enter on a row I hold works it again.

Signals:
    workTask(object): a claimed ``QueueTask`` to work now.
    failed(str): a message for the window's banner.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDateTime, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from agent_desk.proactive.calendar import ISRAEL
from agent_desk.proactive.work import OutsideCallingHours, QueueTask, TaskError, WorkQueue
from agent_desk.ui.i18n import current_language
from agent_desk.ui.plain_text import plain
from agent_desk.ui.tasks import Lane, TaskRunner, describe

_Index = QModelIndex | QPersistentModelIndex


def occasion(task: QueueTask, language: str) -> str:
    """The task's occasion in a few words (the holiday in the customer's language...)."""
    details = task.details
    if task.kind == "holiday":
        name = details.get("holiday_he") if task.language == "he" else details.get("holiday_en")
        return str(name or "")
    if task.kind == "added_value":
        return str(details.get("message_he" if language == "he" else "message_en") or "")
    if task.kind == "at_risk" and details.get("risk_log_odds") is not None:
        import math

        return f"{round(100 / (1 + math.exp(-float(details['risk_log_odds']))))}%"
    if task.kind == "low_survey" and details.get("score") is not None:
        return f"NPS {details['score']}"
    if task.kind == "commitment":
        return str(details.get("commitment_end") or "")
    return str(details.get("note") or "")


class TaskTableModel(QAbstractTableModel):
    """My tasks: priority, why, customer, due day, status."""

    PRIORITY, WHY, CUSTOMER, OCCASION, DUE, STATUS = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[QueueTask] = []

    def set_rows(self, rows: Sequence[QueueTask]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 6

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Priority"), self.tr("Why"), self.tr("Customer"), self.tr("Occasion"), self.tr("Due"),
                self.tr("Status"))[section]

    def status_text(self, status: str) -> str:
        return {"new": self.tr("New"), "claimed": self.tr("Mine now"), "snoozed": self.tr("Snoozed"),
                "done": self.tr("Done"), "skipped": self.tr("Skipped")}.get(status, status)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        task = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return task
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        language = current_language()
        column = index.column()
        if column == self.PRIORITY:
            return task.priority
        if column == self.WHY:
            return task.title(language)
        if column == self.CUSTOMER:
            return f"{task.customer_name} ({task.account_number})"
        if column == self.OCCASION:
            return occasion(task, language)
        if column == self.DUE:
            return task.due_on.strftime("%d/%m/%Y")
        return self.status_text(task.status)


class SkipDialog(QDialog):
    """Why the task is dropped."""

    def __init__(self, parent: QWidget | None, customer: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Skip the task"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("For example: wrong number, asked not to be called"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        question = QLabel(self.tr("Skip the call to %1 for good?").replace("%1", customer))
        plain(question)
        layout.addRow(question)
        layout.addRow(self.tr("&Reason:"), self.reason)
        layout.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, customer: str) -> str | None:
        dialog = cls(parent, customer)
        return dialog.reason.text().strip() or None if dialog.exec() == QDialog.DialogCode.Accepted else None


class SnoozeDialog(QDialog):
    """Until when, and why."""

    def __init__(self, parent: QWidget | None, customer: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Snooze the task"))
        self.until = QDateTimeEdit(QDateTime.currentDateTime().addSecs(2 * 3600))
        self.until.setCalendarPopup(True)
        # Left to right before the format: a right-to-left edit reverses its sections in Hebrew.
        self.until.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.until.setDisplayFormat("dd/MM/yyyy HH:mm")
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("For example: asked to call after four"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        question = QLabel(self.tr("Call %1 later:").replace("%1", customer))
        plain(question)
        layout.addRow(question)
        layout.addRow(self.tr("&Until:"), self.until)
        layout.addRow(self.tr("&Reason:"), self.reason)
        layout.addRow(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, customer: str) -> tuple[datetime, str] | None:
        dialog = cls(parent, customer)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.reason.text().strip():
            return None
        until = dialog.until.dateTime().toPython().replace(tzinfo=ISRAEL).astimezone(UTC)
        return until, dialog.reason.text().strip()


class WorkQueueView(QWidget):
    """The agent's queue (see the module docstring)."""

    workTask = Signal(object)  # noqa: N815 - a Qt signal name
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.queue: WorkQueue | None = None
        self.current: QueueTask | None = None
        self.next_button = QPushButton(self.tr("&Next task"))
        self.next_button.setToolTip(self.tr("Take the most urgent task and call the customer (Ctrl+N)"))
        self.next_button.clicked.connect(self.next_task)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.next_task)
        self.skip_button = QPushButton(self.tr("S&kip…"))
        self.skip_button.clicked.connect(self.skip_selected)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.skip_selected)
        self.snooze_button = QPushButton(self.tr("Sn&ooze…"))
        self.snooze_button.clicked.connect(self.snooze_selected)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        self.note = QLabel()
        self.note.setWordWrap(True)
        plain(self.note)  # customers' names and tasks' titles
        self.model = TaskTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _index: self.work_selected())
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, activated=self.work_selected)
        buttons = QHBoxLayout()
        for button in (self.next_button, self.skip_button, self.snooze_button, self.refresh_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.set_enabled(False)

    def set_enabled(self, enabled: bool) -> None:
        for button in (self.next_button, self.skip_button, self.snooze_button, self.refresh_button):
            button.setEnabled(enabled)

    def set_desk(self, desk: Any) -> None:
        self.queue = WorkQueue(desk) if desk is not None and desk.user is not None else None
        self.set_enabled(self.queue is not None)
        self.refresh()

    # -- reading ---------------------------------------------------------------------

    def refresh(self, note: str | None = None) -> None:
        """Read the queue again. ``note``: what the agent just did ("Skipped: ..."), which
        stays on screen instead of the count when the list comes back."""
        if self.queue is None:
            return
        if note is not None:
            self.note.setText(note)
        queue = self.queue
        self.runner.submit(queue.tasks, lambda tasks: self._show_tasks(tasks, note), self._failed, lane=Lane.POLL,
                           latest="work-queue")

    def _show_tasks(self, tasks: object, note: str | None = None) -> None:
        rows = list(tasks) if isinstance(tasks, list) else []
        self.model.set_rows(rows)
        if note is not None:
            self.note.setText(note)
        elif not rows:
            self.note.setText(self.tr("Your queue is empty."))
        else:
            self.note.setText(self.tr("%n tasks in your queue.", "", len(rows)))

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, OutsideCallingHours):
            self.note.setText(self.tr("No proactive calls now: outside calling hours, Shabbat or a holiday."))
            return
        if isinstance(exc, TaskError):
            self.note.setText(str(exc))
            return
        self.failed.emit(describe(exc))

    # -- acting ----------------------------------------------------------------------

    def next_task(self) -> None:
        """Claim the most urgent task (or the one I hold) and work it."""
        if self.queue is None:
            return
        self.next_button.setEnabled(False)
        queue = self.queue

        def done(task: object) -> None:
            self.next_button.setEnabled(True)
            if not isinstance(task, QueueTask):
                self.refresh(self.tr("Nothing to call now: your queue is empty."))
                return
            self.work(task)

        def failed(exc: Exception) -> None:
            self.next_button.setEnabled(True)
            self._failed(exc)

        self.runner.submit(queue.next_task, done, failed, key="next-task")

    def work(self, task: QueueTask) -> None:
        self.current = task
        calling = self.tr("Calling %1: %2").replace("%1", task.customer_name).replace(
            "%2", task.title(current_language()))
        self.workTask.emit(task)
        self.refresh(calling)

    def selected(self) -> QueueTask | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if rows:
            return self.model.data(rows[0], Qt.ItemDataRole.UserRole)
        return self.current if self.current and self.current.status == "claimed" else None

    def work_selected(self) -> None:
        """Enter on a row: a task I hold is worked again; otherwise the next one is claimed."""
        task = self.selected()
        if task is not None and task.status == "claimed":
            self.work(task)
        else:
            self.next_task()

    def _act(self, fn: Callable[[], object], done_text: str) -> None:
        def done(_result: object) -> None:
            self.current = None
            self.refresh(done_text)

        self.runner.submit(fn, done, self._failed)

    def _held(self) -> QueueTask | None:
        task = self.selected()
        if task is not None and task.status != "claimed":
            # A task from the list is mine only once claimed: Next task takes the most urgent.
            self.note.setText(self.tr("Take the task first (Next task), then skip or snooze it."))
            return None
        return task

    def skip_selected(self) -> None:
        task = self._held()
        if task is None or self.queue is None:
            return
        reason = SkipDialog.ask(self, task.customer_name)
        if not reason:
            return
        queue = self.queue
        self._act(lambda: queue.skip(task.id, reason), self.tr("Skipped: %1").replace("%1", task.customer_name))

    def snooze_selected(self) -> None:
        task = self._held()
        if task is None or self.queue is None:
            return
        answer = SnoozeDialog.ask(self, task.customer_name)
        if answer is None:
            return
        until, reason = answer
        queue = self.queue
        self._act(lambda: queue.snooze(task.id, until, reason),
                  self.tr("Snoozed: %1").replace("%1", task.customer_name))

    def task_done(self, _task_id: object = None) -> None:
        """The agent view submitted the task's call."""
        self.current = None
        self.refresh(self.tr("Done. Press Ctrl+N for the next task."))

