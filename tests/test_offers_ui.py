"""The offers panel and the lead's approvals, driven offscreen against a demo database."""

from __future__ import annotations

import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.settings import Settings
from agent_desk.ui.app import build_window
from tests.callers import single_owner_number

WAIT_MS = 30_000


def _window(qtbot, url: str, view: str = "agent", username: str = ""):
    window, translators = build_window(Settings(db_url=url, language="en", username=username), view)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.ready, timeout=WAIT_MS):
        window.start()
    qtbot.waitUntil(lambda: window.runner.pending == 0 and window.user is not None, timeout=WAIT_MS)
    return window, translators


def _close(qapp, *windows_and_translators) -> None:
    for window, translators in windows_and_translators:
        window.lead_view.approvals_timer.stop()
        window.agent_view.offers.poll.stop()
        window.shutdown()
        for translator in translators:
            qapp.removeTranslator(translator)


def _caller(url: str) -> str:
    """A long-standing gold or platinum customer who alone owns the number."""
    return single_owner_number(url)


def _set_authority(url: str, username: str, amount: int) -> None:
    engine = make_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.update(m.Agent).where(m.Agent.username == username).values(offer_authority=amount))
    engine.dispose()


def _pop_and_choose(qtbot, window, e164: str, reason: str) -> None:
    view = window.agent_view
    with qtbot.waitSignal(view.history_shown, timeout=WAIT_MS):
        view.pop(e164)
    panel = view.offers
    assert panel.isEnabled()
    view.reason.setCurrentIndex(view.reason.findData(reason))
    qtbot.waitUntil(lambda: window.runner.pending == 0 and bool(panel.cards), timeout=WAIT_MS)


def test_present_and_accept_an_offer_is_recorded_on_the_call(qtbot, qapp, demo_db: str) -> None:
    _set_authority(demo_db, "agent01", 10_000)
    window, translators = _window(qtbot, demo_db)
    panel = window.agent_view.offers
    _pop_and_choose(qtbot, window, _caller(demo_db), "competitor")
    values = [card.ranked.expected_value for card in panel.cards]
    assert values == sorted(values, reverse=True)
    assert all("competitor" in card.ranked.offer.eligibility.get("reasons", ["competitor"]) for card in panel.cards)
    top = panel.cards[0]
    assert "Saves " in top.why.text() and "worth" in top.why.text()
    points = [card.findChildren(QLabel)[1].text() for card in panel.cards]  # the talking points
    assert not any("{" in text for text in points)  # every variable filled in
    assert any("background-color" in text for text in points)  # and highlighted
    qtbot.mouseClick(top.present, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: top.state == "presented", timeout=WAIT_MS)
    qtbot.mouseClick(top.accept, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: top.state == "accepted", timeout=WAIT_MS)
    _close(qapp, (window, translators))
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(m.OfferPresentation.response, m.OfferPresentation.cost, m.RetentionCall.primary_reason_code,
                      m.Offer.code)
            .join(m.RetentionCall, m.RetentionCall.id == m.OfferPresentation.call_id)
            .join(m.Offer, m.Offer.id == m.OfferPresentation.offer_id)
            .where(m.RetentionCall.id == panel.call_id)).one()
    engine.dispose()
    assert row.response == d.OfferResponse.ACCEPTED.value or row.response == d.OfferResponse.ACCEPTED
    assert row.code == top.ranked.offer.code and row.cost == top.ranked.cost
    assert row.primary_reason_code == "competitor"


def test_an_offer_above_authority_goes_to_the_lead_and_back(qtbot, qapp, demo_db: str) -> None:
    _set_authority(demo_db, "agent01", 0)
    agent, agent_tr = _window(qtbot, demo_db, username="agent01")
    engine = make_engine(demo_db)
    with engine.connect() as connection:
        team = connection.scalar(sa.select(m.Agent.team_id).where(m.Agent.username == "agent01"))
        lead_name = connection.scalar(sa.select(m.Agent.username).where(m.Agent.team_id == team,
                                                                        m.Agent.role == "team_lead"))
    engine.dispose()
    lead, lead_tr = _window(qtbot, demo_db, view="lead", username=lead_name)
    panel = agent.agent_view.offers
    _pop_and_choose(qtbot, agent, _caller(demo_db), "competitor")
    card = next(c for c in panel.cards if not c.ranked.within_authority)
    assert card.ask.isVisibleTo(card) and not card.present.isVisibleTo(card)
    qtbot.mouseClick(card.ask, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.state == "pending", timeout=WAIT_MS)

    approvals = lead.lead_view.approvals
    qtbot.waitUntil(lambda: approvals.model().rowCount() == 1, timeout=10_000)  # polled within 5 s
    assert approvals.model().index(0, 4).data() == card.ranked.offer.title_en
    lead.lead_view.decide(True)  # no reason yet: refused, nothing sent
    assert "reason" in lead.lead_view.decision_message.text()
    qtbot.keyClicks(lead.lead_view.decision_reason, "Platinum for years")
    qtbot.mouseClick(lead.lead_view.approve_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: card.state == "approved", timeout=10_000)
    assert "Platinum for years" in card.status.text()
    assert card.present.isVisibleTo(card)
    qtbot.waitUntil(lambda: approvals.model().rowCount() == 0, timeout=10_000)
    _close(qapp, (agent, agent_tr), (lead, lead_tr))
