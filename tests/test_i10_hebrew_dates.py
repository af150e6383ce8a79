"""Dates read day/month/year in Hebrew too: a right-to-left date edit reverses its sections
once given a display format (29/07/2026 read 2026/07/29, a snooze time 05:14 2026/07/29),
so every date edit is laid out left to right before its format is set. Each screen with a
date edit is built in Hebrew and every date edit on it is checked."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QDateTimeEdit, QWidget

from agent_desk.ui import i18n
from agent_desk.ui.audit_view import AuditView
from agent_desk.ui.call_log_view import CallLogView
from agent_desk.ui.dashboard_view import DashboardView
from agent_desk.ui.incident_form import IncidentForm
from agent_desk.ui.script_panel import ScriptPanel
from agent_desk.ui.tasks import TaskRunner
from agent_desk.ui.work_queue_view import SnoozeDialog

SCREENS = {
    "dashboards": lambda runner: DashboardView(runner),
    "call log": lambda runner: CallLogView(runner),
    "audit": lambda runner: AuditView(runner, lambda _filter: []),
    "incident form": lambda _runner: IncidentForm(),
    "script capture": lambda runner: ScriptPanel(runner),
    "snooze": lambda _runner: SnoozeDialog(None, "x"),
}
DAY_FIRST = re.compile(r"^29/07/2026( 14:05)?$")


@pytest.fixture
def hebrew(qapp):
    translators = i18n.install(qapp, "he")
    runner = TaskRunner()
    yield runner
    runner.close()
    for translator in translators:
        qapp.removeTranslator(translator)
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
    qapp.setProperty("agent_desk_language", None)


@pytest.mark.parametrize("screen", SCREENS)
def test_every_date_edit_reads_day_month_year_in_hebrew(qtbot, hebrew, screen: str) -> None:
    widget: QWidget = SCREENS[screen](hebrew)
    qtbot.addWidget(widget)
    assert widget.isRightToLeft()
    edits = widget.findChildren(QDateTimeEdit)  # QDateEdit is one too
    assert edits, f"no date edit on the {screen} screen"
    for edit in edits:
        edit.setDateTime(QDateTime(QDate(2026, 7, 29), QTime(14, 5)))
        assert edit.layoutDirection() == Qt.LayoutDirection.LeftToRight, edit.objectName()
        assert DAY_FIRST.match(edit.text()), (screen, edit.objectName(), edit.text())
