"""The audit screen: who did what, when and from where, for team leads (their team) and
admins (everyone).

It holds no session: it is given a loader (``AuditFilter -> list[AuditRow]``: the desk's
:meth:`~agent_desk.desk.Desk.audit`) and, for the person filter, a people loader (the desk's
:meth:`~agent_desk.desk.Desk.audit_people`); both run on the task runner. The database
decides whose rows a person may read (row-level security); the screen only filters by time,
person and text. Times are Israel time, whatever the computer's zone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from agent_desk.security.audit_read import MAX_TEXT, AuditFilter, AuditRow
from agent_desk.ui.i18n import ISRAEL, date_edit, isolate, ltr
from agent_desk.ui.labels import local_time
from agent_desk.ui.plain_text import plain, plain_tip
from agent_desk.ui.table_models import Column, RecordTableModel, make_table_view
from agent_desk.ui.tasks import Lane, TaskRunner, describe

_CONTEXT = "AuditView"
DEFAULT_DAYS = 7
# Typing in the search box waits this long for the next key before asking the database.
TYPING_PAUSE_MS = 300

_ACTIONS = {
    "insert": QT_TRANSLATE_NOOP("AuditView", "Added"),
    "update": QT_TRANSLATE_NOOP("AuditView", "Changed"),
    "delete": QT_TRANSLATE_NOOP("AuditView", "Removed"),
    "national_id.revealed": QT_TRANSLATE_NOOP("AuditView", "Revealed an ID number"),
    "national_id.searched": QT_TRANSLATE_NOOP("AuditView", "Searched by ID number"),
    "call.submitted": QT_TRANSLATE_NOOP("AuditView", "Submitted a call"),
    "call.amended": QT_TRANSLATE_NOOP("AuditView", "Amended a call"),
    "call.corrected": QT_TRANSLATE_NOOP("AuditView", "Corrected a call"),
}

_TABLES = {
    "retention_calls": QT_TRANSLATE_NOOP("AuditView", "Call"),
    "retention_call": QT_TRANSLATE_NOOP("AuditView", "Call"),
    "offer_presentations": QT_TRANSLATE_NOOP("AuditView", "Offer presented"),
    "approval_requests": QT_TRANSLATE_NOOP("AuditView", "Approval request"),
    "callbacks": QT_TRANSLATE_NOOP("AuditView", "Callback"),
    "referrals": QT_TRANSLATE_NOOP("AuditView", "Referral"),
    "qa_reviews": QT_TRANSLATE_NOOP("AuditView", "QA review"),
    "interactions": QT_TRANSLATE_NOOP("AuditView", "Contact"),
    "survey_responses": QT_TRANSLATE_NOOP("AuditView", "Survey answer"),
    "incidents": QT_TRANSLATE_NOOP("AuditView", "Incident"),
    "offers": QT_TRANSLATE_NOOP("AuditView", "Offer"),
    "call_script_versions": QT_TRANSLATE_NOOP("AuditView", "Call script"),
    "agents": QT_TRANSLATE_NOOP("AuditView", "Person"),
    "teams": QT_TRANSLATE_NOOP("AuditView", "Team"),
    "churn_weights": QT_TRANSLATE_NOOP("AuditView", "Risk weight"),
    "subscriptions": QT_TRANSLATE_NOOP("AuditView", "Subscription"),
    "customers": QT_TRANSLATE_NOOP("AuditView", "Customer"),
}


def action_text(row: AuditRow) -> str:
    known = _ACTIONS.get(row.action)
    return QCoreApplication.translate(_CONTEXT, known) if known else row.action


def what_text(row: AuditRow) -> str:
    """The row it touched, in words, and what changed or why."""
    table = _TABLES.get(row.entity_type)
    kind = QCoreApplication.translate(_CONTEXT, table) if table else row.entity_type
    # The end of the key: keys are UUIDv7, whose first digits are the time they were made, the
    # same for every row made within a minute or so.
    key = ("…" if len(row.entity_id) > 8 else "") + row.entity_id[-8:]
    text = f"{kind} {ltr(key)}" if key else kind
    # A reveal's reason, a correction's why: said in the person's own words.
    reason = (row.details.get("reason") or row.details.get("why")) if isinstance(row.details, dict) else None
    if reason:
        return f"{text}: {isolate(reason)}"  # typed in either language
    if row.changed:
        return f"{text}: {ltr(', '.join(row.changed))}"
    return text


class AuditModel(RecordTableModel):
    """Audit events, newest first: when (Israel time), who, action, what, where."""

    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "When"), lambda r: local_time(r.occurred_at),
               lambda r: r.occurred_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Who"), lambda r: r.who),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Action"), action_text),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "What"), what_text, stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Where"), lambda r: ltr(r.where) if r.where else ""),
    )

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            mutation = self.row_at(index.row()).mutation_id
            if not mutation:
                return None
            return plain_tip(QCoreApplication.translate("AuditView", "Mutation %1").replace("%1", ltr(mutation)))
        return super().data(index, role)


AuditLoad = Callable[[AuditFilter], list[AuditRow]]
PeopleLoad = Callable[[], list[tuple[uuid.UUID, str]]]


class AuditView(QWidget):
    """Filters (person, from, to, text) over a table of audit events.

    Signals:
        loaded(int): a load finished with that many rows on screen.
        failed(str): a load failed; the line says why in plain words.
    """

    loaded = Signal(int)
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, load: AuditLoad | None = None, people: PeopleLoad | None = None,
                 parent: QWidget | None = None, today: QDate | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.runner = runner
        self._load = load
        self._people = people
        today = today or QDate.fromString(datetime.now(ISRAEL).date().isoformat(), Qt.DateFormat.ISODate)

        self.person = QComboBox()
        self.person.setObjectName("auditPerson")
        self.person.addItem(self.tr("Everyone"), None)
        self.since = date_edit("auditSince")
        self.since.setDate(today.addDays(-(DEFAULT_DAYS - 1)))
        self.until = date_edit("auditUntil")
        self.until.setDate(today)
        self.text = QLineEdit()
        self.text.setObjectName("auditText")
        self.text.setMaxLength(MAX_TEXT)
        self.text.setClearButtonEnabled(True)
        self.text.setPlaceholderText(self.tr("Search: a name, an action, a value…"))
        self.refresh_button = QPushButton(self.tr("&Show"))
        self.refresh_button.setObjectName("auditRefresh")
        self.status = QLabel()
        plain(self.status)
        self.status.setObjectName("auditStatus")

        self.model = AuditModel(self)
        self.table = make_table_view(self.model)
        self.table.setObjectName("auditTable")
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)

        bar = QHBoxLayout()
        # Not F, V, H (the main window's menus), nor P, D, T, L, R, O, U (the lead view's
        # buttons and tabs around this one), nor, in Hebrew, their letters.
        for caption, widget in ((self.tr("P&erson:"), self.person), (self.tr("Fro&m:"), self.since),
                                (self.tr("U&ntil:"), self.until)):
            label = QLabel(caption)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addWidget(self.text, 1)
        bar.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.refresh)
        self.text.textChanged.connect(lambda _t: self._typing.start())
        self.text.returnPressed.connect(self.refresh)
        self.refresh_button.clicked.connect(self.refresh)
        self.person.currentIndexChanged.connect(lambda _i: self.refresh())
        self.since.dateChanged.connect(lambda _d: self.refresh())
        self.until.dateChanged.connect(lambda _d: self.refresh())

    # -- loading ---------------------------------------------------------------------

    def set_loaders(self, load: AuditLoad | None, people: PeopleLoad | None = None) -> None:
        """Read through ``load`` (and ``people``) from now on; None: nothing to read yet."""
        self._load, self._people = load, people

    def start(self) -> None:
        """Load the people for the filter (if a loader was given) and the first page."""
        if self._people is not None:
            people = self._people
            self.runner.submit(people, self._people_loaded, self._failed, latest="audit-people")
        self.refresh()

    def current_filter(self) -> AuditFilter:
        """The filters as a query: Israel calendar days [from 00:00, the day after to 00:00)."""
        first, last = self.since.date(), self.until.date()
        if last < first:
            first, last = last, first
        since = datetime.combine(first.toPython(), time.min, ISRAEL)
        until = datetime.combine(last.toPython() + timedelta(days=1), time.min, ISRAEL)
        text = " ".join(self.text.text().split()) or None
        return AuditFilter(since=since, until=until, agent_id=self.person.currentData(), text=text)

    def refresh(self) -> None:
        self._typing.stop()
        wanted = self.current_filter()
        load = self._load
        if load is None:
            return
        self.status.setText(self.tr("Loading…"))
        self.runner.submit(lambda: load(wanted), self._loaded, self._failed, lane=Lane.INTERACTIVE,
                           latest="audit")

    def _people_loaded(self, people: list[tuple[uuid.UUID, str]]) -> None:
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(self.tr("Everyone"), None)
        for person_id, name in people:
            self.person.addItem(name, person_id)
        index = self.person.findData(chosen) if chosen is not None else 0
        self.person.setCurrentIndex(max(index, 0))
        self.person.blockSignals(False)

    def _loaded(self, rows: list[AuditRow]) -> None:
        self.model.set_rows(rows)
        limit = self.current_filter().limit
        if not rows:
            self.status.setText(self.tr("Nothing recorded for these filters."))
        elif len(rows) >= limit:
            self.status.setText(self.tr("The newest %n events; narrow the filters to see older ones.", "", len(rows)))
        else:
            self.status.setText(self.tr("%n events", "", len(rows)))
        self.loaded.emit(len(rows))

    def _failed(self, exc: Exception) -> None:
        message = describe(exc)
        self.status.setText(self.tr("The audit could not be loaded: %1").replace("%1", message))
        self.failed.emit(message)
