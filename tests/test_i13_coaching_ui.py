"""A QA review from both sides, driven by keyboard and mouse (issue 13, item 2): the lead
picks an agent and a call in the coaching list, scores it in the review form and saves; the
agent finds it in My reviews and disputes it with a comment; the lead sees the dispute.

Once on the embedded file and once on PostgreSQL, each person on their own login there.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from agent_desk.coaching import Coaching
from agent_desk.ui.coaching_view import CoachingView, MyReviewsView
from agent_desk.ui.lead_view import LeadView
from agent_desk.ui.qa_review import QaReviewDialog
from agent_desk.ui.tasks import TaskRunner
from tests.test_i13_approvals_live import plain
from tests.test_i13_coaching_rls import _desk, build_floor


@pytest.fixture
def runner(qtbot):
    runner = TaskRunner()
    yield runner
    runner.close()


def _person(url: str, as_person, username: str):
    """(desk, engine) of ``username``: their own login on PostgreSQL, by name on SQLite."""
    person_url = as_person(url, username)
    return _desk(person_url, username) if person_url == url else _desk(person_url)


def _agent_row(view: CoachingView, name: str) -> int:
    model = view.agents_model
    return next(row for row in range(model.rowCount()) if model.row_at(row).agent_name == name)


def test_a_lead_reviews_a_call_the_agent_disputes_it_and_the_lead_sees_the_dispute(
        qtbot, runner, any_db_url: str, as_person) -> None:
    ids = build_floor(any_db_url)
    lea, lea_engine = _person(any_db_url, as_person, "lea")
    dana, dana_engine = _person(any_db_url, as_person, "dana")
    try:
        # The lead: her team's agents (not the leads), Dana chosen, Dana's newest calls.
        lead_view = CoachingView(runner)
        qtbot.addWidget(lead_view)
        lead_view.set_coaching(Coaching(lea))
        lead_view.show()
        with qtbot.waitSignal(lead_view.refreshed, timeout=20_000):
            lead_view.refresh()
        names = {lead_view.agents_model.row_at(r).agent_name for r in range(lead_view.agents_model.rowCount())}
        assert names == {"Dana Cohen", "Eli Mizrahi"}
        lead_view.agents.selectRow(lead_view.agents.model().mapFromSource(
            lead_view.agents_model.index(_agent_row(lead_view, "Dana Cohen"), 0)).row())
        qtbot.waitUntil(lambda: lead_view.calls_model.rowCount() == 2, timeout=20_000)

        # Enter on the chosen call opens the form; every criterion is reached by Tab and typed.
        lead_view.calls.setFocus()
        qtbot.keyClick(lead_view.calls, Qt.Key.Key_Return)
        dialog = lead_view.dialog
        assert isinstance(dialog, QaReviewDialog)
        form = dialog.form
        qtbot.waitUntil(lambda: form.isEnabled() and len(form.scores) == 6, timeout=20_000)
        assert "Dana Cohen" in form.heading.text() and "רחל כהן" in form.heading.text()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is form.scores["opening"].lineEdit()
                        or QApplication.focusWidget() is form.scores["opening"], timeout=5000)
        # Saving with a criterion unscored is refused, with the reason, and nothing is stored.
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert form.message.text() == "Score every criterion first."
        for code, value in (("opening", "5"), ("discovery", "4"), ("offer_fit", "4"), ("objections", "3"),
                            ("compliance", "1"), ("closing", "5")):
            box = form.scores[code]
            box.setFocus()
            box.selectAll()
            qtbot.keyClicks(box, value)
            assert box.value() == int(value)
        assert form.total.text() == "Total: 83 / 100"
        form.comments.setFocus()
        qtbot.keyClicks(form.comments, "Good discovery; offer the bundle earlier")
        with qtbot.waitSignal(form.saved, timeout=20_000):
            qtbot.keyClick(form.comments, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: lead_view.reviews_model.rowCount() == 1, timeout=20_000)
        assert lead_view.agents_model.row_at(_agent_row(lead_view, "Dana Cohen")).reviews == 1

        # The agent: the review waits for her answer; a dispute needs a comment.
        mine = MyReviewsView(runner)
        qtbot.addWidget(mine)
        mine.set_coaching(Coaching(dana))
        mine.show()
        with qtbot.waitSignal(mine.refreshed, timeout=20_000):
            mine.refresh()
        assert mine.title.text() == "My reviews: 1 waiting for your answer"
        # What the agent reads (the marks that keep a name in its place in Hebrew are invisible).
        shown = plain(mine.text.toPlainText())
        assert "Score 83 / 100 by Lea Shapira" in shown and "Handled objections" in shown and "3 / 5" in shown
        assert "offer the bundle earlier" in shown
        mine.dispute_button.click()
        assert mine.message.text() == "Write why you dispute the review."
        assert mine.model.row_at(0).status == "sent"
        qtbot.keyClicks(mine.comment, "The customer had signed with the competitor already")
        with qtbot.waitSignal(mine.answered, timeout=20_000):
            mine.dispute_button.click()
        qtbot.waitUntil(lambda: mine.model.rowCount() == 1 and mine.model.row_at(0).status == "disputed",
                        timeout=20_000)
        assert not mine.acknowledge_button.isEnabled()  # answered once

        # The lead sees the dispute: counted, in red, with the agent's words; she resolves it.
        with qtbot.waitSignal(lead_view.refreshed, timeout=20_000):
            lead_view.refresh()
        row = lead_view.agents_model.row_at(_agent_row(lead_view, "Dana Cohen"))
        assert (row.disputes_open, row.average) == (1, 83)
        assert lead_view.agents_model.attention(row) is not None
        qtbot.waitUntil(lambda: lead_view.reviews_model.rowCount() == 1
                        and lead_view.reviews_model.row_at(0).status == "disputed", timeout=20_000)
        lead_view.reviews.selectRow(0)
        qtbot.waitUntil(lambda: "signed with the competitor" in lead_view.review_text.toPlainText(), timeout=5000)
        assert lead_view.resolve_button.isEnabled()
        lead_view.resolve_button.click()
        qtbot.waitUntil(lambda: lead_view.agents_model.row_at(_agent_row(lead_view, "Dana Cohen")).disputes_open == 0,
                        timeout=20_000)
        runner.wait()
    finally:
        runner.wait()
        lea_engine.dispose()
        dana_engine.dispose()
    assert ids


def test_the_lead_view_has_a_coaching_tab_reached_by_keyboard(qtbot, runner, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    build_floor(url)
    lea, engine = _desk(url, "lea")
    try:
        view = LeadView(runner)
        qtbot.addWidget(view)
        view.show()
        view.activateWindow()
        qtbot.waitActive(view)
        view.set_desk(lea)
        assert view.feed is None  # SQLite: polling, no listener
        assert view.live_state.text() == "checking every 3 seconds"
        # Alt+O as the window system delivers it (through the window's shortcut map).
        QTest.keyClick(view.windowHandle(), Qt.Key.Key_O, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: view.coaching.agents_model.rowCount() == 2, timeout=20_000)
        assert view.tabs.currentWidget() is view.coaching_page
        assert view.coaching.agents_model.rowCount() == 2
        view.approvals_timer.stop()
        runner.wait()
    finally:
        engine.dispose()
