"""The team lead's incident screen (outage mode): the incidents of the week, the form to
declare, update or resolve one, and the callers who reached the desk twice or more in 24
hours during the chosen incident, to call back first.

Every read and write goes through :class:`agent_desk.outage.Outage` on the task runner; the
lists refresh on the same notifications as the agents' banners (and a slow poll).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from agent_desk.desk import DeskUser
from agent_desk.domain import Role
from agent_desk.outage import IncidentDraft, IncidentInfo, IncidentListener, Outage, RepeatCaller
from agent_desk.phones import display as display_phone
from agent_desk.ui.i18n import ltr
from agent_desk.ui.incident_banner import (
    POLL_SECONDS_FILE,
    POLL_SECONDS_LIVE,
    region_label,
    scope_text,
    title_of,
)
from agent_desk.ui.incident_form import IncidentForm
from agent_desk.ui.labels import local_time
from agent_desk.ui.plain_text import plain
from agent_desk.ui.table_models import Column, RecordTableModel, make_table_view
from agent_desk.ui.tasks import Lane, TaskRunner, describe


def _state(incident: IncidentInfo) -> str:
    if incident.open:
        # Literal contexts: lupdate collects no other.
        return QCoreApplication.translate("IncidentLabels", "Open")
    return QCoreApplication.translate("IncidentLabels", "Resolved %1").replace("%1", local_time(incident.resolved_at))


class IncidentModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Incident"), title_of, stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Affects"), scope_text),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Since"), lambda i: local_time(i.started_at),
               lambda i: i.started_at.timestamp()),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Expected fix"), lambda i: local_time(i.expected_end_at),
               lambda i: i.expected_end_at.timestamp() if i.expected_end_at else 0.0),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "State"), _state),
    )


class RepeatCallerModel(RecordTableModel):
    columns = (
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Customer"), lambda r: r.name, stretch=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Phone"), lambda r: ltr(display_phone(r.phone)) if r.phone else ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Area"), lambda r: region_label(r.region) if r.region else ""),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Contacts in 24 h"), lambda r: str(r.contacts),
               lambda r: r.contacts, numeric=True),
        Column(QT_TRANSLATE_NOOP("TableHeaders", "Last contact"), lambda r: local_time(r.last_contact_at),
               lambda r: r.last_contact_at.timestamp()),
    )


class IncidentView(QWidget):
    """The lead's outage screen.

    Signals:
        failed(str): a read or write failed (the main window shows why).
        loaded(int): the incident list was painted with this many incidents.
        repeat_loaded(int): the repeat callers of the chosen incident were painted.
    """

    failed = Signal(str)
    loaded = Signal(int)
    repeat_loaded = Signal(int)
    notified = Signal(str)

    def __init__(self, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.outage: Outage | None = None
        self.listener: IncidentListener | None = None
        self.chosen: uuid.UUID | None = None
        self._wanted: uuid.UUID | None = None  # choose it when the list next shows it
        title = QLabel(self.tr("Outage mode"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        self.model = IncidentModel(self)
        self.table = make_table_view(self.model, sortable=False)
        self.table.setObjectName("incidentTable")
        self.table.selectionModel().currentRowChanged.connect(self._chosen_row)
        self.repeat_title = QLabel()
        self.repeat_title.setObjectName("repeatTitle")
        self.repeat_title.setWordWrap(True)
        plain(self.repeat_title)  # it quotes the incident's title
        self.repeat_model = RepeatCallerModel(self)
        self.repeat_table = make_table_view(self.repeat_model)
        self.repeat_table.setObjectName("repeatCallers")
        self.repeat_table.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # most contacts first
        self.form = IncidentForm()
        self.form.declared.connect(self.declare)
        self.form.updated.connect(self.update_incident)
        self.form.resolved.connect(self.resolve)
        lists = QWidget()
        lists_layout = QVBoxLayout(lists)
        lists_layout.setContentsMargins(0, 0, 0, 0)
        lists_layout.addWidget(QLabel(self.tr("Incidents of the last 7 days (open first):")))
        lists_layout.addWidget(self.table, 2)
        lists_layout.addWidget(self.repeat_title)
        lists_layout.addWidget(self.repeat_table, 3)
        self.splitter = QSplitter()
        self.splitter.addWidget(lists)
        self.splitter.addWidget(self.form)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.splitter, 1)
        self.poll = QTimer(self)
        self.poll.timeout.connect(self.refresh)
        self.notified.connect(self._changed_elsewhere, Qt.ConnectionType.QueuedConnection)
        self._show_repeat_title(None)

    def set_outage(self, outage: Outage, user: DeskUser | None, poll_seconds: int | None = None) -> None:
        self.stop()
        self.outage = outage
        self.form.set_allowed(user is not None and user.role in (Role.TEAM_LEAD, Role.ADMIN))
        self.poll.setInterval(max(1, poll_seconds or (POLL_SECONDS_LIVE if outage.live else POLL_SECONDS_FILE))
                              * 1000)
        self.poll.start()
        self.listener = outage.listener(self.notified.emit)
        if self.listener is not None:
            self.listener.start()
        self.refresh()

    def stop(self) -> None:
        self.poll.stop()
        if self.listener is not None:
            self.listener.stop()
            self.listener = None

    def _changed_elsewhere(self, _incident_id: str) -> None:
        self.refresh()

    # -- reading -----------------------------------------------------------------------

    def refresh(self) -> None:
        outage = self.outage
        if outage is None:
            return
        self.runner.submit(outage.recent, self._show_incidents, self._failed, lane=Lane.POLL, key="incident-list")

    def _show_incidents(self, incidents: Sequence[IncidentInfo]) -> None:
        self.model.update_rows(incidents, key=lambda i: i.id)
        rows = [self.model.row_at(r) for r in range(self.model.rowCount())]
        wanted, self._wanted = self._wanted, None
        if wanted is not None and any(i.id == wanted for i in rows):
            self._choose(next(i for i in rows if i.id == wanted))  # just declared: its update form
        elif self.chosen is None or all(i.id != self.chosen for i in rows):
            chosen = next((i for i in rows if i.open), None)
            self._choose(chosen)
        else:
            self._choose(next(i for i in rows if i.id == self.chosen), keep_form=True)
        self.loaded.emit(len(rows))

    def _chosen_row(self, current: object, _previous: object) -> None:
        row = current.row() if hasattr(current, "row") else -1  # type: ignore[attr-defined]
        if 0 <= row < self.model.rowCount():
            self._choose(self.model.row_at(row))

    def _choose(self, incident: IncidentInfo | None, keep_form: bool = False) -> None:
        changed = (incident.id if incident else None) != self.chosen
        self.chosen = incident.id if incident else None
        if incident is not None:
            row = next(r for r in range(self.model.rowCount()) if self.model.row_at(r).id == incident.id)
            if self.table.currentIndex().row() != row:
                self.table.selectionModel().blockSignals(True)
                self.table.selectRow(row)
                self.table.selectionModel().blockSignals(False)
        if changed or not keep_form or (incident is not None and self.form.editing is not None
                                        and self.form.editing.open != incident.open):
            self.form.edit(incident)
        self._show_repeat_title(incident)
        outage = self.outage
        if incident is None or outage is None:
            self.repeat_model.set_rows(())
            self.repeat_loaded.emit(0)
            return
        self.runner.submit(lambda: outage.repeat_callers(incident), self._show_repeat, self._failed,
                           lane=Lane.POLL, latest="repeat-callers")

    def _show_repeat(self, callers: Sequence[RepeatCaller]) -> None:
        self.repeat_model.update_rows(callers, key=lambda r: r.customer_id)
        self.repeat_loaded.emit(len(callers))

    def _show_repeat_title(self, incident: IncidentInfo | None) -> None:
        if incident is None:
            self.repeat_title.setText(self.tr("Callers to call back first appear here during an incident."))
        else:
            self.repeat_title.setText(self.tr("Called two or more times in 24 hours during \u201c%1\u201d: "
                                              "call them back first").replace("%1", title_of(incident)))

    # -- writing -----------------------------------------------------------------------

    def declare(self, draft: IncidentDraft) -> None:
        outage = self.outage
        if outage is None:
            return

        def done(incident_id: uuid.UUID) -> None:
            self._wanted = incident_id
            self.refresh()

        self.runner.submit(lambda: outage.declare(draft), done, self._write_failed)

    def update_incident(self, incident_id: uuid.UUID, draft: IncidentDraft) -> None:
        outage = self.outage
        if outage is not None:
            self.runner.submit(lambda: outage.update(incident_id, draft), lambda _r: self.refresh(),
                               self._write_failed)

    def resolve(self, incident_id: uuid.UUID) -> None:
        outage = self.outage
        if outage is not None:
            self.runner.submit(lambda: outage.resolve(incident_id), lambda _r: self.refresh(), self._write_failed)

    def _write_failed(self, exc: Exception) -> None:
        # The form keeps what the lead typed; the reason shows under it.
        self.form.show_error(self.tr("Not saved: %1").replace("%1", describe(exc)))

    def _failed(self, exc: Exception) -> None:
        self.failed.emit(describe(exc))
