"""The work queue in the real window: three tasks worked end to end from "Next task" to the
submitted wrap-up (outbound calls, the task's script, the outcomes of a call we make and no
reason for leaving; one ending in a survey answer with its comment and a referral that the
referrals view lists and exports), and the queue view's skip and snooze."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.proactive.calendar import CallingHours, israel_today
from agent_desk.proactive.rules import bundled_rules_file, read_file, store
from agent_desk.ui.referrals_view import ReferralsView
from agent_desk.ui.work_queue_view import SkipDialog, SnoozeDialog

WAIT_MS = 30_000
# (task kind, rule, script) worked in this order (by priority).
TASKS = (("complaint_check", "complaint_resolved", "satisfaction_survey", 90),
         ("follow_up", "purchase_follow_up", "purchase_follow_up", 70),
         ("birthday", "birthday", "greeting", 50))
# How each of those calls ends: the customer reached (the survey), a message left, nobody there.
OUTCOMES = {"satisfaction_survey": "reached", "purchase_follow_up": "left_message", "greeting": "no_answer"}


@pytest.fixture(autouse=True)
def open_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite runs at any hour and on any day; calling hours have their own tests
    # (test_i14_claims). Here the queue is open.
    monkeypatch.setattr(CallingHours, "allows", lambda self, now: True)


def _queue(url: str, count: int = 3) -> list[tuple[uuid.UUID, str, str]]:
    """Tasks for ``count`` active customers, due today: (task id, account, script)."""
    engine = make_engine(url)
    made = []
    with Session(engine) as session, session.begin():
        store(session, read_file(bundled_rules_file()))
        customers = session.execute(
            sa.select(m.Customer.id, m.Customer.account_number)
            .where(m.Customer.status == d.CustomerStatus.ACTIVE,
                   m.Customer.id.in_(sa.select(m.CustomerPhone.customer_id)),
                   ~m.Customer.id.in_(sa.select(m.Subscription.customer_id).where(
                       m.Subscription.status == d.SubscriptionStatus.PENDING_CANCELLATION)))
            .order_by(m.Customer.account_number).limit(count)).all()
        for (kind, rule, script, priority), (customer_id, account) in zip(TASKS, customers, strict=False):
            task = m.WorkTask(customer_id=customer_id, rule_code=rule, kind=kind, reason_key=f"{kind}:test",
                              details={}, priority=priority, channel="phone", script_key=script,
                              due_on=israel_today(datetime.now(UTC)))
            session.add(task)
            session.flush()
            made.append((task.id, account, script))
    engine.dispose()
    return made


def _pick(qtbot, combo, code: str) -> None:
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    while combo.currentData() != code:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"{code} is not in the list"


def test_three_tasks_worked_end_to_end_one_ending_in_a_referral(qtbot, open_desk, demo_db: str, tmp_path) -> None:
    tasks = _queue(demo_db)
    window = open_desk(demo_db, "en")
    queue, view = window.queue_view, window.agent_view
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    assert window.views.currentWidget() is queue
    qtbot.waitUntil(lambda: queue.model.rowCount() == 3, timeout=WAIT_MS)

    for task_id, account, script in tasks:
        with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS) as shown:
            qtbot.mouseClick(queue.next_button, Qt.MouseButton.LeftButton)
        assert shown.args == [account]
        assert window.views.currentWidget() is view and view.task is not None and view.task.id == task_id
        assert view.script.runner is not None and view.script.runner.script.key == script
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        call_id = view.call_id
        referral = script == "satisfaction_survey"
        if referral:  # the survey by keyboard: agrees, the score's reason typed where the step asks, 9-10
            qtbot.keyClick(view, Qt.Key.Key_F6)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
            assert QApplication.focusWidget() is view.script.capture_text
            qtbot.keyClicks(view.script.capture_text, "Fixed the same day")
            qtbot.keyClick(view.script.capture_text, Qt.Key.Key_Return)
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
            assert view.script.runner.current.id == "ask_referral"
        qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
        panel = view.wrapup
        # A call we made: its own outcomes come first, and no reason for leaving is asked.
        assert [panel.disposition.itemData(n) for n in (1, 2, 3)] == ["reached", "no_answer", "left_message"]
        assert panel.primary.currentData() == "" and panel.primary.currentText().startswith("None")
        _pick(qtbot, panel.disposition, OUTCOMES[script])
        assert panel.happy_box.isVisibleTo(panel) == referral  # nobody reached: no survey
        if referral:
            _pick(qtbot, panel.survey_kind, d.SurveyKind.NPS.value)
            panel.survey_score.setValue(10)
            assert panel.survey_comment.text() == "Fixed the same day"  # what the script took down
            qtbot.keyClicks(panel.referral_name, "Noa Levi")
            qtbot.keyClicks(panel.referral_phone, "052-7654321")
            panel.referral_consent.setChecked(True)
        with qtbot.waitSignal(view.task_done, timeout=WAIT_MS) as closed:
            qtbot.keyClick(panel.notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert closed.args == [task_id]
        qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
        engine = make_engine(demo_db)
        with Session(engine) as session:
            row = session.get(m.WorkTask, task_id)
            call = session.get(m.RetentionCall, call_id)
            assert row.status == "done" and row.call_id == call_id
            assert call.direction == d.CallDirection.OUTBOUND and call.submitted_at is not None
            assert call.disposition_code == OUTCOMES[script] and call.primary_reason_code is None
        engine.dispose()
        qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: queue.model.rowCount() == 0, timeout=WAIT_MS)
    engine = make_engine(demo_db)
    with Session(engine) as session:
        referral = session.scalars(sa.select(m.Referral).where(m.Referral.name == "Noa Levi")).one()
        assert referral.phone_e164 == "+972527654321" and referral.consent
        survey = session.scalars(sa.select(m.SurveyResponse).where(m.SurveyResponse.call_id == referral.call_id)).one()
        assert survey.kind == d.SurveyKind.NPS and survey.score == 10 and survey.referral_given
        assert survey.comment == "Fixed the same day"
    engine.dispose()

    # The referral reaches sales: the referrals view lists it and exports it.
    referrals: ReferralsView = window.referrals_view
    qtbot.keyClick(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: any(r.name == "Noa Levi" for r in referrals.model.rows), timeout=WAIT_MS)
    target = tmp_path / "for-sales.xlsx"
    referrals.ask_file = lambda: target
    with qtbot.waitSignal(referrals.exported, timeout=WAIT_MS):
        qtbot.mouseClick(referrals.export_button, Qt.MouseButton.LeftButton)
    assert target.stat().st_size > 0


def test_skip_and_snooze_ask_for_a_reason(qtbot, open_desk, demo_db: str, monkeypatch) -> None:
    tasks = _queue(demo_db, 2)
    window = open_desk(demo_db, "en")
    queue = window.queue_view
    qtbot.keyClick(window, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: queue.model.rowCount() == 2, timeout=WAIT_MS)
    with qtbot.waitSignal(window.agent_view.history_shown, timeout=WAIT_MS):
        qtbot.mouseClick(queue.next_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    # The agent decides not to call after all: back to the queue, skip with a reason.
    window.show_view("queue")
    qtbot.waitUntil(lambda: any(t.status == "claimed" for t in queue.model.rows), timeout=WAIT_MS)
    monkeypatch.setattr(SkipDialog, "ask", classmethod(lambda cls, parent, who: "Wrong number"))
    queue.table.selectRow(next(i for i, t in enumerate(queue.model.rows) if t.status == "claimed"))
    qtbot.keyClick(queue.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Skipped" in queue.note.text(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    engine = make_engine(demo_db)
    with Session(engine) as session:
        skipped = session.get(m.WorkTask, tasks[0][0])
        assert skipped.status == "skipped" and skipped.status_reason == "Wrong number"
    engine.dispose()
    # An unclaimed row cannot be snoozed: the agent is told to take it first.
    monkeypatch.setattr(SnoozeDialog, "ask", classmethod(lambda cls, parent, who: pytest.fail("not asked")))
    queue.table.selectRow(0)
    qtbot.mouseClick(queue.snooze_button, Qt.MouseButton.LeftButton)
    assert "Take the task first" in queue.note.text()
