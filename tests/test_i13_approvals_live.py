"""The approvals queue, live (issue 13, item 4): on PostgreSQL a request reaches the lead's
open view within seconds by LISTEN/NOTIFY, not by a poll (the poll is set to ten minutes
here), with the customer's summary and how far above the agent's authority it asks; the
lead decides it by keyboard. The listener comes back after its connection is cut. On SQLite
the view polls.
"""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy.orm import Session

from agent_desk import domain as d
from agent_desk.data import models as m
from agent_desk.data.db import make_engine
from agent_desk.offers import approvals
from agent_desk.offers.service import rank_for_call, record_presentation
from agent_desk.ui import lead_view
from tests.test_i13_coaching_rls import build_floor

TEN_MINUTES_MS = 600_000
_MARKS = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f"))


def plain(text: str) -> str:
    """``text`` without the direction marks that keep names and numbers in place."""
    return text.translate(_MARKS)


def _with_a_subscription(url: str, ids: dict) -> None:
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        product = session.scalars(sa.select(m.Product).where(m.Product.code == "BUNDLE-TRIPLE")).one()
        session.add(m.Subscription(customer_id=ids["customer"], product_id=product.id, monthly_price=Decimal("229.90"),
                                   started_on=date(2016, 3, 1), status=d.SubscriptionStatus.ACTIVE))
    engine.dispose()


def ask_above_authority(agent_url: str, agent_id, customer_id) -> tuple:
    """The agent, on their own login, opens a call, ranks the offers and asks the team lead
    for the best one above their authority (committed: the notice goes out now)."""
    engine = make_engine(agent_url)
    try:
        with Session(engine) as session, session.begin():
            call = m.RetentionCall(customer_id=customer_id, agent_id=agent_id, started_at=datetime.now(UTC),
                                   primary_reason_code="competitor")
            session.add(call)
            session.flush()
            offers = rank_for_call(session, customer_id, "competitor", agent_id, date.today())
            above = next(r for r in offers.ranking.offers if not r.within_authority)
            shown = record_presentation(session, call.id, customer_id, above, d.OfferResponse.PENDING_APPROVAL)
            request = approvals.request_approval(session, call.id, above.offer.id, agent_id, presentation_id=shown.id)
            return request.id, above.cost
    finally:
        engine.dispose()


def _listener_pids(server_url: str, login: str) -> list[int]:
    engine = make_engine(server_url)
    try:
        with engine.connect() as connection:
            return list(connection.scalars(sa.text(
                "SELECT pid FROM pg_stat_activity WHERE usename = :login AND query = :listen"),
                {"login": login, "listen": f"LISTEN {approvals.DECISIONS_CHANNEL}"}))
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_request_arrives_live_in_the_leads_open_view_and_is_decided(
        qtbot, open_desk, pg_url: str, pg_person, monkeypatch) -> None:
    # No poll could bring it within the test's seconds: only the notice can.
    monkeypatch.setattr(lead_view, "APPROVALS_POLL_MS", TEN_MINUTES_MS)
    monkeypatch.setattr(lead_view, "LIVE_POLL_MS", TEN_MINUTES_MS)
    ids = build_floor(pg_url)
    _with_a_subscription(pg_url, ids)
    lea_url, dana_url = pg_person(pg_url, "lea"), pg_person(pg_url, "dana")
    window = open_desk(lea_url, "en", "lead")
    view = window.lead_view
    qtbot.waitUntil(lambda: view.feed is not None and view.feed.live, timeout=20_000)
    assert view.live_state.text() == "live"
    assert view.approval_model.rowCount() == 0

    asked = time.monotonic()
    request_id, cost = ask_above_authority(dana_url, ids["dana"], ids["customer"])
    qtbot.waitUntil(lambda: view.approval_model.rowCount() == 1, timeout=5000)
    assert time.monotonic() - asked < 5
    assert view.approval_model.row_at(0).id == request_id
    # Beside it: who the customer is, the agent's authority and how far above it this asks.
    qtbot.waitUntil(lambda: "Dana Cohen may give up to" in plain(view.request_context.text()), timeout=5000)
    context = plain(view.request_context.text())
    assert "pays ₪229.90 a month" in context, context
    over = cost - Decimal(100)
    assert f"₪{cost:,.2f}" in context and f"₪{over:,.2f} more" in context, context

    # The listener's connection is cut (a server restart, a network drop): the view says so,
    # connects again, and the next request still arrives live.
    [pid] = _listener_pids(pg_url, sa.engine.make_url(lea_url).username)
    engine = make_engine(pg_url)
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    engine.dispose()
    qtbot.waitUntil(lambda: not view.feed.live, timeout=10_000)
    qtbot.waitUntil(lambda: view.feed.live, timeout=20_000)
    second, _cost = ask_above_authority(dana_url, ids["dana"], ids["customer"])
    qtbot.waitUntil(lambda: view.approval_model.rowCount() == 2, timeout=5000)

    # Decided by keyboard: the reason, then Alt+P (approve) on the chosen request.
    view.approvals.selectRow(0)
    chosen = view._chosen_request()
    waiting = second if chosen == request_id else request_id
    view.decision_reason.setFocus()
    qtbot.keyClicks(view.decision_reason, "Platinum customer, worth it")
    QTest.keyClick(view.window().windowHandle(), Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.decision_message.text() == "Sent to the agent.", timeout=10_000)
    qtbot.waitUntil(lambda: view.approval_model.rowCount() == 1, timeout=10_000)
    engine = make_engine(dana_url)
    try:
        with Session(engine) as session:
            state = approvals.approval_state(session, chosen)
            assert (state.status, state.reason, state.decided_by) == (d.ApprovalStatus.APPROVED,
                                                                      "Platinum customer, worth it", "Lea Shapira")
            assert approvals.approval_state(session, waiting).status == d.ApprovalStatus.PENDING
    finally:
        engine.dispose()
    # Declining needs a reason too (Alt+D with none: nothing is sent, the lead is told).
    view.approvals.selectRow(0)
    view.decision_reason.setFocus()
    QTest.keyClick(view.window().windowHandle(), Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.decision_message.text() == "Write the reason the agent will see.", timeout=5000)
    assert view.approval_model.rowCount() == 1


def test_on_sqlite_the_lead_view_polls(qtbot, open_desk, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(lead_view, "APPROVALS_POLL_MS", 200)
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    ids = build_floor(url)
    _with_a_subscription(url, ids)
    window = open_desk(url, "en", "lead")
    view = window.lead_view
    assert view.feed is None and view.live_state.text().startswith("checking every")
    ask_above_authority(url, ids["dana"], ids["customer"])
    qtbot.waitUntil(lambda: view.approval_model.rowCount() == 1, timeout=10_000)
