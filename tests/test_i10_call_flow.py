"""One call, one flow (issue 10, items 1, 2 and 7): played by keyboard alone in Hebrew and in
English against a demo database, and read back from the database with plain SQL."""

from __future__ import annotations

from datetime import UTC

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.offers import approvals
from agent_desk.settings import Settings
from agent_desk.ui import agent_view as agent_view_module
from agent_desk.ui.app import build_window
from tests.callers import single_owner_number

WAIT_MS = 30_000
CTRL = Qt.KeyboardModifier.ControlModifier


def _window(qtbot, url: str, language: str, username: str = ""):
    window, translators = build_window(Settings(db_url=url, language=language, username=username), "agent")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0 and window.user is not None, timeout=WAIT_MS)
    return window, translators


def _close(qapp, window, translators) -> None:
    window.agent_view.offers.poll.stop()
    window.shutdown()
    for translator in translators:
        qapp.removeTranslator(translator)


def _caller(url: str) -> str:
    """A long-standing gold or platinum customer who alone owns the number."""
    return single_owner_number(url)


def _set_authority(url: str, amount: int) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.update(m.Agent).where(m.Agent.username == "agent01").values(offer_authority=amount))
    engine.dispose()


def _key(qtbot, qapp, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key press where the keyboard is now, as the agent's keyboard would send it."""
    target = qapp.focusWidget()
    assert target is not None, "nothing has the keyboard"
    qtbot.keyClick(target, key, modifier)


def _pop_by_keyboard(qtbot, qapp, window, e164: str) -> None:
    view = window.agent_view
    _key(qtbot, qapp, Qt.Key.Key_L, CTRL)
    assert qapp.focusWidget() is view.phone
    qtbot.keyClicks(view.phone, e164)
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        _key(qtbot, qapp, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _choose_reason_by_keyboard(qtbot, qapp, window, code: str) -> None:
    view = window.agent_view
    _key(qtbot, qapp, Qt.Key.Key_F7)
    combo = qapp.focusWidget()
    assert isinstance(combo, QComboBox) and combo is view.reason
    if combo.findData(code) < combo.currentIndex():
        _key(qtbot, qapp, Qt.Key.Key_Home)
    while combo.currentData() != code:
        before = combo.currentIndex()
        _key(qtbot, qapp, Qt.Key.Key_Down)
        assert combo.currentIndex() != before, f"no reason {code!r} in the list"
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)


def _walk_to_offers(qtbot, qapp, view, answers: dict[str, int], typed: dict[str, str]) -> None:
    """Number keys through the script until an offers step; type where a step captures."""
    script = view.script
    for _ in range(12):
        step = script.runner.current
        if step.offer_kinds:
            return
        capture = getattr(step, "capture", None)
        if capture is not None and capture.field in typed:
            for _tab in range(12):  # the first step's input is a Tab away
                if qapp.focusWidget() is script.capture_text:
                    break
                _key(qtbot, qapp, Qt.Key.Key_Tab)
            assert qapp.focusWidget() is script.capture_text
            qtbot.keyClicks(script.capture_text, typed[capture.field])
            _key(qtbot, qapp, Qt.Key.Key_Return)
            continue
        _key(qtbot, qapp, getattr(Qt.Key, f"Key_{answers.get(step.id, 1)}"))
    raise AssertionError(f"no offers step reached; at {script.runner.current.id}")


@pytest.mark.parametrize("language", ["he", "en"])
def test_a_whole_retention_call_by_keyboard_stores_each_fact_once(qtbot, qapp, demo_db: str, language: str) -> None:
    _set_authority(demo_db, 100_000)
    window, translators = _window(qtbot, demo_db, language)
    view = window.agent_view
    e164 = _caller(demo_db)
    _pop_by_keyboard(qtbot, qapp, window, e164)
    _choose_reason_by_keyboard(qtbot, qapp, window, "competitor")
    _key(qtbot, qapp, Qt.Key.Key_F6)
    assert view.tools.currentWidget() is view.script_page
    has_capture = hasattr(view.script, "capture_text")
    # "A lower price for good" leads to the price offers.
    _walk_to_offers(qtbot, qapp, view, {"offer_details": 3}, {"competitor": "Partner"})

    inline = view.inline_offers
    qtbot.waitUntil(lambda: inline.isVisible() and bool(inline.cards) and window.runner.pending == 0,
                    timeout=WAIT_MS)
    kinds = set(view.script.runner.current.offer_kinds)
    assert all(card.ranked.offer.kind.value in kinds for card in inline.cards)  # this step's offers, here
    assert inline.summary.text() and "%n" not in inline.summary.text()
    while not inline.cards[inline.chosen].can("present"):  # one the agent may give alone
        before = inline.chosen
        _key(qtbot, qapp, Qt.Key.Key_Down, CTRL)
        assert inline.chosen != before, "no offer within the agent's authority"
    top = inline.cards[inline.chosen]
    _key(qtbot, qapp, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: top.state == "presented", timeout=WAIT_MS)
    _key(qtbot, qapp, Qt.Key.Key_A)
    # The answer moves the script on, and the full list (same call) shows the same answer.
    qtbot.waitUntil(lambda: view.script.runner.current.id == "confirm_saved", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: top.state == "accepted", timeout=WAIT_MS)  # stored
    full = next((c for c in view.offers.cards if c.ranked.offer.id == top.ranked.offer.id), None)
    assert full is None or full.state == "accepted"
    assert not inline.isVisible()
    _key(qtbot, qapp, Qt.Key.Key_1)  # "to sum up" -> the end
    assert view.script.runner.finished

    presented_key, presented_at, responded_at = top.fact.key, top.fact.presented_at, top.fact.responded_at
    _key(qtbot, qapp, Qt.Key.Key_E, CTRL)
    panel = view.wrapup
    assert view.tools.currentWidget() is panel
    # Pre-filled from what the call recorded: the agent only confirms.
    assert panel.primary.currentData() == "competitor"
    assert panel.disposition.currentData() == "saved_with_offer"
    if has_capture:
        assert panel.competitor.text() == "Partner"
    else:  # the script cannot capture yet: the agent types the competitor
        panel.competitor.setFocus()
        qtbot.keyClicks(panel.competitor, "Partner")
    with qtbot.waitSignal(panel.submitted, timeout=WAIT_MS):
        _key(qtbot, qapp, Qt.Key.Key_Return, CTRL)
    call = view.calls  # the call is over on screen
    assert call.call is None
    _close(qapp, window, translators)

    engine = make_engine(demo_db)
    with engine.connect() as connection:
        calls = connection.execute(
            sa.select(m.RetentionCall.id, m.RetentionCall.primary_reason_code, m.RetentionCall.disposition_code,
                      m.RetentionCall.competitor, m.RetentionCall.started_at)
            .where(m.RetentionCall.customer_id == sa.select(m.CustomerPhone.customer_id)
                   .where(m.CustomerPhone.e164 == e164).scalar_subquery(),
                   m.RetentionCall.agent_id == sa.select(m.Agent.id).where(m.Agent.username == "agent01")
                   .scalar_subquery(),
                   m.RetentionCall.submitted_at.is_not(None))).all()
        rows = connection.execute(
            sa.select(m.OfferPresentation.id, m.OfferPresentation.response, m.OfferPresentation.presented_at,
                      m.OfferPresentation.responded_at)
            .where(m.OfferPresentation.call_id == calls[0].id)).all() if calls else []
    engine.dispose()
    assert len(calls) == 1, calls  # one call row
    stored = calls[0]
    assert stored.primary_reason_code == "competitor" and stored.disposition_code == "saved_with_offer"
    assert stored.competitor == "Partner"
    assert len(rows) == 1  # one presentation row, its answer on it
    row = rows[0]
    assert row.id == presented_key and row.response in (d.OfferResponse.ACCEPTED, "accepted")
    # The desk's moments: when the agent pressed P and A, not when the server got them.
    assert row.presented_at.replace(tzinfo=UTC) == presented_at
    assert row.responded_at.replace(tzinfo=UTC) == responded_at


def test_a_reason_change_updates_script_offers_and_wrapup(qtbot, qapp, demo_db: str, monkeypatch) -> None:
    _set_authority(demo_db, 100_000)
    window, translators = _window(qtbot, demo_db, "en")
    view = window.agent_view
    _pop_by_keyboard(qtbot, qapp, window, _caller(demo_db))
    _choose_reason_by_keyboard(qtbot, qapp, window, "too_expensive")
    first_script = view.script.runner.script.key
    _key(qtbot, qapp, Qt.Key.Key_F6)
    _key(qtbot, qapp, Qt.Key.Key_1)
    assert view.script.runner.can_go_back
    view.offers.set_kinds(["downgrade"])  # a filter from an earlier step
    qtbot.waitUntil(lambda: window.runner.pending == 0, timeout=WAIT_MS)
    assert view.wrapup.primary.currentData() == "too_expensive"

    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(agent_view_module.ReasonChangeDialog, "ask",
                        classmethod(lambda cls, parent, old, new: asked.append((old, new)) or False))
    _key(qtbot, qapp, Qt.Key.Key_F7)
    _key(qtbot, qapp, Qt.Key.Key_Down)
    assert asked and view.reason.currentData() == "too_expensive"  # refused: nothing changed
    assert view.script.runner.can_go_back and view.call.reason == "too_expensive"

    monkeypatch.setattr(agent_view_module.ReasonChangeDialog, "ask", classmethod(lambda cls, *a: True))
    _choose_reason_by_keyboard(qtbot, qapp, window, "competitor")
    qtbot.waitUntil(lambda: window.runner.pending == 0 and bool(view.offers.cards), timeout=WAIT_MS)
    assert view.call.reason == "competitor"
    assert view.script.runner.script.key != first_script and not view.script.runner.can_go_back
    assert view.offers.reason == "competitor" and view.offers.kinds is None  # all offers again
    assert not view.offers.all_button.isVisible()
    assert "No offer fits" not in view.offers.summary.text()
    assert view.wrapup.primary.currentData() == "competitor"
    # A correction by the agent stays until the call learns something new.
    view.wrapup._select(view.wrapup.primary, "too_expensive")
    view.call.capture("competitor", "Hot")
    assert view.wrapup.primary.currentData() == "too_expensive" and view.wrapup.competitor.text() == "Hot"
    _close(qapp, window, translators)


def test_the_agent_sees_who_was_asked_and_hears_the_answer_on_any_tab(qtbot, qapp, demo_db: str,
                                                                      monkeypatch) -> None:
    _set_authority(demo_db, 0)
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    window, translators = _window(qtbot, demo_db, "en")
    view = window.agent_view
    _pop_by_keyboard(qtbot, qapp, window, _caller(demo_db))
    _choose_reason_by_keyboard(qtbot, qapp, window, "competitor")
    qtbot.waitUntil(lambda: window.runner.pending == 0 and bool(view.offers.cards), timeout=WAIT_MS)
    card = next(c for c in view.offers.cards if not c.ranked.within_authority)
    over = card.over_authority()
    if over is not None:
        assert "above your authority" in card.status.text() and "₪" in card.status.text()
    qtbot.mouseClick(card.ask, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.state == "pending" and card.fact.lead_name is not None, timeout=WAIT_MS)
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        lead = connection.execute(sa.select(m.Agent.id, m.Agent.display_name).where(
            m.Agent.team_id == window.user.team_id, m.Agent.role == "team_lead")).first()
    assert lead.display_name in card.status.text() and "left" in card.status.text()
    first = card.status.text()
    qtbot.waitUntil(lambda: card.status.text() != first, timeout=5_000)  # the countdown runs

    view.tools.setCurrentWidget(view.wrapup)  # the agent is elsewhere when the answer comes
    with engine.begin() as connection, sa.orm.Session(bind=connection) as session:
        approvals.decide(session, card.fact.request_key, lead.id, approve=True, reason="Loyal customer")
        session.flush()
    engine.dispose()
    qtbot.waitUntil(lambda: card.state == "approved", timeout=15_000)
    assert beeps and view.flashing and "#b26a00" in view.tools.styleSheet()
    assert "Loyal customer" in card.status.text()
    qtbot.waitUntil(lambda: not view.flashing, timeout=10_000)
    _close(qapp, window, translators)
