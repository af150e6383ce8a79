"""The script panel, driven by the keyboard alone, on a popped caller."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from PySide6.QtCore import Qt

from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.scripts.facts import facts_from_profile
from agent_desk.scripts.runner import CANCEL_NOW, ScriptRunner
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window

WAIT_MS = 30_000


def _open(qtbot, url: str, language: str = "en"):
    window, translators = build_window(Settings(db_url=url, language=language))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    return window, translators


def _a_caller(url: str) -> str:
    engine = make_engine(url)
    owners = sa.select(m.CustomerPhone.e164).group_by(m.CustomerPhone.e164).having(sa.func.count() == 1)
    with engine.connect() as connection:
        e164 = connection.scalar(sa.select(m.CustomerPhone.e164)
                                 .join(m.Subscription, m.Subscription.customer_id == m.CustomerPhone.customer_id)
                                 .where(m.CustomerPhone.e164.in_(owners), m.Subscription.status == "active")
                                 .order_by(m.CustomerPhone.e164).limit(1))
    engine.dispose()
    return e164


def _pop_by_keyboard(qtbot, window, e164: str) -> None:
    view = window.agent_view
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(view.phone, "0" + e164[4:])
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        qtbot.keyClick(view.phone, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _choose_reason_by_keyboard(qtbot, window, code: str) -> None:
    combo = window.agent_view.reason
    combo.setFocus()
    while combo.currentData() != code:
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"reason {code} not in the list"
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def test_walk_a_whole_script_by_keyboard_and_the_path_matches(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, _a_caller(demo_db))
    _choose_reason_by_keyboard(qtbot, window, "too_expensive")
    panel = view.script
    assert panel.runner.script.key == "too_expensive"
    qtbot.keyClick(view, Qt.Key.Key_F6)
    assert panel.hasFocus() or panel.isAncestorOf(qapp.focusWidget())
    presses = 0
    while not panel.runner.finished:
        answers = len(panel.runner.current.answers)
        assert answers > 0
        qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_1 if presses % 2 == 0 or answers < 2 else Qt.Key.Key_2)
        presses += 1
        assert presses < 60, "the walk did not end"
    # The same walk, replayed on a fresh runner with the same script and facts.
    script = panel.runner.script
    facts = facts_from_profile(panel.profile, panel.history, datetime.now(UTC).date(), "too_expensive",
                               panel.user.display_name)
    replay = ScriptRunner(script, facts, "en")
    for entry in panel.runner.path:
        replay.answer(entry.answer)
    assert [(e.step, e.answer) for e in replay.path] == [(e.step, e.answer) for e in panel.runner.path]
    assert len(panel.runner.path) == presses
    assert replay.disposition == panel.runner.disposition
    labels = {"saved": "Saved", "saved_with_offer": "Saved with an offer", "downgraded": "Downgraded",
              "cancelled": "Cancelled", "callback_scheduled": "Callback scheduled", "undecided": "Undecided"}
    assert panel.outcome.text() == f"Script finished: {labels.get(panel.runner.disposition, '?')}"
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_back_and_cancel_now_from_the_keyboard(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db)
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, _a_caller(demo_db))
    _choose_reason_by_keyboard(qtbot, window, "competitor")
    panel = view.script
    view.focus_script()
    first = panel.runner.current.id
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_1)
    assert panel.runner.current.id != first and len(panel.runner.path) == 1
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert panel.runner.current.id == first and panel.runner.path == ()
    assert not panel.back_button.isEnabled()
    qtbot.keyClick(qapp.focusWidget(), Qt.Key.Key_F9)  # Cancel now
    assert [(e.step, e.answer) for e in panel.runner.path] == [(first, CANCEL_NOW)]
    while not panel.runner.finished:  # the cancel path may confirm first; it always ends cancelled
        qtbot.keyClick(qapp.focusWidget() or panel, Qt.Key.Key_1)
    assert panel.runner.disposition == "cancelled"
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def test_the_hebrew_panel_is_right_to_left_with_the_customer_filled_in(qtbot, qapp, demo_db: str) -> None:
    window, translators = _open(qtbot, demo_db, language="he")
    view = window.agent_view
    _pop_by_keyboard(qtbot, window, _a_caller(demo_db))
    _choose_reason_by_keyboard(qtbot, window, "moving")
    panel = view.script
    assert panel.isRightToLeft()
    assert panel.runner.language == "he"
    assert any(is_variable for _text, is_variable in panel.runner.current.segments) or panel.runner.current.hint
    assert "background-color" in panel.text.text() or not any(v for _t, v in panel.runner.current.segments)
    assert panel.cancel_button.text() == "ביטול מיידי"
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)
