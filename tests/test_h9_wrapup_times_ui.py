"""Issue 9, item 15 on screen: a wrap-up whose call times validate() refuses (a draft
restored after more than a week, a clock that jumped) is answered with a message, not a
KeyError from a field the form does not have."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from agent_desk.drafts import DraftStore
from agent_desk.ids import new_id
from agent_desk.paths import app_dirs
from agent_desk.ui.tasks import TaskRunner
from agent_desk.ui.wrapup_panel import WrapUpPanel
from agent_desk.wrapup import WrapUp


def test_an_old_call_is_refused_with_a_message(qtbot) -> None:
    runner = TaskRunner()
    panel = WrapUpPanel(runner, DraftStore(app_dirs()))
    qtbot.addWidget(panel)
    panel.set_desk(None, [("moving", "מעבר דירה", "Moving")],
                   [("saved", "נשאר", "Saved", True, False)])
    started = datetime.now(UTC) - timedelta(days=9)
    panel.begin(WrapUp(call_id=new_id(), agent_id=new_id(), started_at=started, ended_at=started + timedelta(minutes=5),
                       disposition="saved", primary_reason="moving"))
    panel.submit()
    assert "start or end time is not possible" in panel.result.text()
    assert not panel._sending  # nothing was sent
    runner.close()


def test_a_callback_years_ahead_is_told_as_such_not_as_in_the_past(qtbot) -> None:
    from PySide6.QtCore import QDateTime

    runner = TaskRunner()
    panel = WrapUpPanel(runner, DraftStore(app_dirs()))
    qtbot.addWidget(panel)
    panel.set_desk(None, [("moving", "מעבר דירה", "Moving")],
                   [("saved", "נשאר", "Saved", True, False), ("callback", "לחזור", "Call back", False, True)])
    started = datetime.now(UTC) - timedelta(minutes=10)
    panel.begin(WrapUp(call_id=new_id(), agent_id=new_id(), started_at=started, ended_at=started + timedelta(minutes=5),
                       disposition="callback", primary_reason="moving"))
    panel.callback.setChecked(True)
    panel.callback_due.setDateTime(QDateTime.currentDateTime().addYears(5))
    panel.submit()
    assert panel.errors["callback"].text() == "The callback must be within a year."
    panel.callback_due.setDateTime(QDateTime.currentDateTime().addDays(-1))
    panel.submit()
    assert panel.errors["callback"].text() == "Set a time in the future to call back."
    assert not panel._sending
    runner.close()
